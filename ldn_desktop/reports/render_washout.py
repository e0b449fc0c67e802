"""The printed washout summary (issue 4): pure HTML for QTextDocument, no Qt here.

One page for the patient's record: who, when, the overall status in words and with a symbol (never
colour alone), the earliest and recommended start, each medication with how it was recognised,
its anchor, status, reason and source, the interactions of washout.md §3 with their severity, the
notes, and the reminder that these are minimum intervals (washout.md §1.2, §5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any

from ldn_desktop.core.settings_values import default_prescriber
from ldn_desktop.core.washout import (
    FORM_NAMES,
    MedicationInput,
    Status,
    TimePoint,
    UrineScreen,
    WashoutRequest,
    WashoutResult,
    drug_earliest,
    headline,
    people,
    point_people,
)

# A symbol per status, in DejaVu Sans, so the status never depends on colour alone.
STATUS_SYMBOLS = {
    Status.REFER_SPECIALIST: "⚕",
    Status.NOT_CLEAR: "✖",
    Status.UNKNOWN_VERIFY: "?",
    Status.CLEAR_VERIFY: "☑",
    Status.CLEAR_WITH_FLAG: "⚑",
    Status.CLEAR: "✔",
}
# Light fills that stay readable in greyscale; the words and symbol carry the meaning.
STATUS_FILLS = {
    Status.REFER_SPECIALIST: "#fde2e2",
    Status.NOT_CLEAR: "#fde2e2",
    Status.UNKNOWN_VERIFY: "#fef3c7",
    Status.CLEAR_VERIFY: "#e0f2fe",
    Status.CLEAR_WITH_FLAG: "#e0f2fe",
    Status.CLEAR: "#dcfce7",
}
DISCLAIMER = (
    "Decision support for licensed professionals. The intervals are minimums from product labels "
    "and guidelines, not a guarantee that no withdrawal will happen; there is no completely "
    "reliable way to know that the opioid-free period is long enough (Vivitrol label). The "
    "program never declares a patient safe: confirm with the clinician."
)


@dataclass(frozen=True)
class SummaryHeader:
    patient_name: str = ""
    patient_id: str = ""
    assessed_at: datetime | None = None
    prescriber: str = ""
    pharmacy: str = ""
    reference_reviewed_on: str = ""

    @classmethod
    def from_settings(
        cls,
        settings: dict[str, Any],
        patient_name: str,
        patient_id: str,
        assessed_at: datetime,
        reference_reviewed_on: str,
    ) -> SummaryHeader:
        """The header the page and ``washout --pdf`` print (prescriber and pharmacy names)."""
        return cls(
            patient_name,
            patient_id,
            assessed_at,
            default_prescriber(settings).signature,  # with credentials when given
            str(settings.get("pharmacy", {}).get("name", "")),
            reference_reviewed_on,
        )


_EVIDENCE_TAGS = {"📘": "[label]", "✅": "[checked]", "⚠️": "[opinion]", "⚠": "[opinion]"}


def status_label(status: Status, *, short: bool = False) -> str:
    """``✖ Not clear: …`` — symbol and words together."""
    return f"{STATUS_SYMBOLS[status]} {status.short if short else status.words}"


def plain_tags(text: str) -> str:
    """The reference's evidence marks (📘 ✅ ⚠️) as words, which every font can print."""
    for mark, words in _EVIDENCE_TAGS.items():
        text = text.replace(mark, words)
    return text


def _when(point: TimePoint) -> str:
    text = point_people(point)
    return f"{text} (counted as 23:59)" if point.date_only else text


def _anchor_text(med: MedicationInput, patch: bool = False) -> str:
    """What was entered, in words; a patch's "last" is its last application."""
    parts = []
    if med.current:
        parts.append("patch still on" if med.form == "patch" else "still taking")
    if med.last is not None:
        parts.append(f"{'last application' if patch else 'last dose'} {_when(med.last)}")
    if med.removed is not None:
        parts.append(f"patch removed {_when(med.removed)}")
    if med.form:
        parts.append(FORM_NAMES.get(med.form, med.form))
    if med.misuse:
        parts.append("misuse / high doses reported")
    return "; ".join(parts) or "no date given"


def _screening(request: WashoutRequest) -> str:
    screen = request.screening
    uds = {
        UrineScreen.NOT_DONE: "not done",
        UrineScreen.NEGATIVE: "negative",
        UrineScreen.POSITIVE: "POSITIVE",
    }[screen.urine_screen]
    rows = [
        ("Urine opioid screen", uds),
        ("Withdrawal symptoms now", "YES" if screen.withdrawal_now else "no"),
        ("Naloxone challenge failed", "YES" if screen.naloxone_failed else "no"),
        ("Time zone", request.time_zone or "local wall-clock time"),
    ]
    return "".join(f"<tr><td>{escape(a)}</td><td>{escape(b)}</td></tr>" for a, b in rows)


def _drug_rows(request: WashoutRequest, result: WashoutResult) -> str:
    rows = []
    for med, drug in zip(request.medications, result.drugs, strict=True):
        fill = STATUS_FILLS[drug.status]
        suggestions = (
            f"<br/><i>Did you mean: {escape(', '.join(drug.suggestions))}?</i>"
            if drug.suggestions
            else ""
        )
        notes = "".join(f"<br/>• {escape(n)}" for n in drug.notes)
        rows.append(
            "<tr>"
            f"<td width='22%'><b>{escape(drug.input)}</b>"
            f"<br/>{escape(drug.matched or 'not recognised')}"
            f"<br/>class {escape(drug.washout_class)}</td>"
            f"<td width='16%'>{escape(_anchor_text(med, any(c.form == 'patch' for c in drug.components)))}</td>"
            f"<td width='17%' style='background:{fill}'>"
            f"<b>{escape(status_label(drug.status, short=True))}</b>"
            f"<br/>{escape(drug_earliest(drug))}</td>"
            f"<td width='45%'>{escape(drug.reason)}{suggestions}{notes}"
            f"<br/><small>Source: {escape(plain_tags(drug.source))}</small></td>"
            "</tr>"
        )
    return "".join(rows) or "<tr><td colspan='4'>No medication entered.</td></tr>"


def _interactions(result: WashoutResult) -> str:
    if not result.interactions:
        return "<p>No interaction of washout.md §3 applies.</p>"
    rows = "".join(
        f"<tr><td><b>{escape(i.title)}</b><br/>({escape(', '.join(i.because_of))})</td>"
        f"<td><b>{escape(i.severity)}</b></td><td>{escape(i.effect)} {escape(i.advice)}"
        f"<br/><small>Source: {escape(plain_tags(i.source))}</small></td></tr>"
        for i in result.interactions
    )
    return (
        "<table border='1' cellspacing='0' cellpadding='3' width='100%'>"
        "<tr><th>Drug</th><th>Severity</th><th>What happens / what to do</th></tr>"
        f"{rows}</table>"
    )


def render_washout_summary(
    request: WashoutRequest, result: WashoutResult, header: SummaryHeader
) -> str:
    """The whole summary as HTML (one A4 page for a few medications)."""
    who = escape(header.patient_name or "—")
    if header.patient_id:
        who += f" <small>({escape(header.patient_id)})</small>"
    when = people(header.assessed_at) if header.assessed_at else "—"
    extra = " · ".join(escape(x) for x in (header.prescriber, header.pharmacy) if x)
    fill = STATUS_FILLS[result.status]
    notes = "".join(f"<li>{escape(plain_tags(n))}</li>" for n in result.notes)
    return f"""<html><body style="font-family: 'DejaVu Sans'">
<h2>Opioid washout check before naltrexone / LDN</h2>
<p>Patient: <b>{who}</b> &nbsp; Assessed: {escape(when)}{"<br/>" + extra if extra else ""}</p>
<p style="font-size:14pt"><b>{escape(headline(result))}</b></p>
<table border="1" cellspacing="0" cellpadding="6" width="100%"><tr>
<td width="50%" style="background:{fill}"><span style="font-size:15pt"><b>{
        escape(status_label(result.status, short=True))
    }</b></span>
<br/>{escape(result.status.words)}<br/>Status code: {escape(result.status.value)}</td>
<td>Earliest start: <b>{escape(people(result.earliest_start))}</b><br/>
Recommended start: <b>{escape(people(result.recommended_start))}</b><br/>
Planned start: {escape(people(result.planned_start))}</td></tr>
<tr><td colspan="2">{escape(result.reason)}</td></tr></table>
<h3>Medications</h3>
<table border="1" cellspacing="0" cellpadding="3" width="100%">
<tr><th>Medication / recognised as</th><th>Last dose</th><th>Status</th><th>Reason and source</th></tr>
{_drug_rows(request, result)}</table>
<h3>Screening</h3>
<table border="1" cellspacing="0" cellpadding="3">{_screening(request)}</table>
<h3>Interactions</h3>
{_interactions(result)}
<h3>Notes</h3><ul>{notes}</ul>
<p><small>{escape(DISCLAIMER)} Reference data reviewed {escape(header.reference_reviewed_on or "—")}
(washout.md §2). Symbols: ✔ met · ⚑ met with a flag · ☑ met, confirm · ? unknown · ✖ not met
· ⚕ refer.</small></p>
</body></html>"""
