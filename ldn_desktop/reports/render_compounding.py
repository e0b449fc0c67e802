"""Compounding worksheet and container label as HTML (pure: no Qt; printed by reports.printing).

Both render the typed ``CompoundingReport`` (core.compounding) and, once saved, the compounding
record, so a reopened record prints exactly what was released and the screen, CLI and paper agree.
Doses use the one ISMP formatter; weighings the balance's readability (docs/reference/compounding.md
§8). Label content: USP <795> §7.5 and ISMP (patient, drug and strength with its salt, quantity,
directions, prescriber, lot, fill date, BUD, storage, cautions, pharmacy name and address).

Layout: each section's heading is the first (header) row of its table, so a heading never stands
alone at the foot of a page and repeats when a table continues; columns have fixed shares.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from html import escape

from ldn_desktop.core.compounding import CompoundingRecord, CompoundingReport, past_bud
from ldn_desktop.core.dates import format_day
from ldn_desktop.core.units import Q_, format_quantity

LABEL_SIZE_MM = (89.0, 51.0)  # a common 3.5 × 2 inch prescription label

_STYLE = """
<style>
 body { font-family: 'DejaVu Sans'; font-size: 9.5pt; }
 h1 { font-size: 15pt; margin: 0 0 4pt 0; }
 table.grid { border-collapse: collapse; margin-top: 9pt; }
 table.grid td, table.grid th { border: 1px solid #555; padding: 3pt 5pt; }
 th { background: #e8e8e8; text-align: left; }
 th.section { background: #ffffff; border: none; font-size: 11.5pt; padding: 0 0 3pt 0; }
 td.num { text-align: right; }
 .warn { color: #8a3b00; }
 .stop { color: #a00000; font-weight: bold; }
 .small { font-size: 8pt; color: #444; }
</style>
"""


def _row(*cells: str, header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def _with_widths(rows: str, widths: Sequence[int]) -> str:
    """Give the cells of the first row their column shares (Qt's rich text ignores ``<col>``)."""
    first, sep, rest = rows.partition("</tr>")
    cells = re.split(r"<(td|th)>", first)
    out = [cells[0]]
    for width, tag, text in zip(widths, cells[1::2], cells[2::2], strict=True):
        out.append(f"<{tag} width='{width}%'>{text}")
    return "".join(out) + sep + rest


def _section(title: str, widths: Sequence[int], head: str, body: str) -> str:
    """A table whose first header row is the section title (kept with its rows on every page)."""
    heading = f"<tr><th class='section' colspan='{len(widths)}'>{escape(title)}</th></tr>"
    if head:
        head = _with_widths(head, widths)
    else:
        body = _with_widths(body, widths)
    return (
        f"<table class='grid' width='100%' cellspacing='0'><thead>{heading}{head}</thead>"
        f"<tbody>{body}</tbody></table>"
    )


def _list_section(title: str, items: Sequence[str], css: str = "", ordered: bool = True) -> str:
    if not items:
        return ""
    rows = "".join(
        _row(f"{n}." if ordered else "•", f"<span class='{css}'>{escape(item)}</span>")
        for n, item in enumerate(items, start=1)
    )
    return _section(title, (5, 95), "", rows)


def _meta(report: CompoundingReport, record: CompoundingRecord | None) -> str:
    if record is None:
        lot, who, patient, rx, prescriber = "not saved (draft)", "—", "—", "—", "—"
    else:
        draft = record.draft
        lot = escape(record.lot)
        who = f"{escape(draft.preparer)} / {escape(draft.checker)}"
        patient = escape(draft.patient_name or "—")
        rx = escape(draft.prescription or "—")
        prescriber = escape(draft.prescriber or "—")
    rows = [
        _row("Lot", f"<b>{lot}</b>", "Compounded", format_day(report.compounded_on)),
        _row("Beyond-use date", f"<b>{format_day(report.bud)}</b>", "Prepared / checked", who),
        _row("Patient", patient, "Prescription", rx),
        _row("Quantity", escape(report.quantity_label), "Prescriber", prescriber),
    ]
    if record is not None and record.replaces:
        rows.append(
            _row("Replaces", escape(record.replaces), "Reason", escape(record.correction_reason))
        )
    return _section("Record", (21, 29, 22, 28), "", "".join(rows))


def _weighings(report: CompoundingReport) -> str:
    if report.plan_problem:
        return f"<p class='stop'>No weighing plan is possible: {escape(report.plan_problem)}.</p>"
    if not report.weighings:
        return ""
    head = _row("#", "Weigh", "Calculated", "On the balance", "Weighed", "Initials", header=True)
    rows = [
        _row(str(n), escape(w.label), _mg(w.calculated_mg), f"<b>{escape(w.shown)}</b>", "", "")
        for n, w in enumerate(report.weighings, start=1)
    ]
    if report.total is not None:
        total = report.total
        rows.append(
            _row(
                "",
                f"<b>{escape(total.label)}</b>",
                _mg(total.calculated_mg),
                escape(total.shown),
                "",
                "",
            )
        )
    minimum = format_quantity(Q_(report.min_weighable_mg, "mg"), 2)
    note = (
        f"<p class='small'>Minimum weighable quantity: {minimum}. Calculated values are "
        "unrounded; weigh the amount shown at the balance's readability.</p>"
    )
    return _section("Weighings", (4, 36, 17, 17, 13, 13), "".join([head]), "".join(rows)) + note


def _mg(mg: object) -> str:
    return format_quantity(Q_(mg, "mg"), 4)  # type: ignore[arg-type]


def _doses(report: CompoundingReport) -> str:
    if not report.doses:
        return ""
    head = _row("Dose", "Measure (oral syringe)", "Exact volume", header=True)
    rows = "".join(
        _row(
            escape(d.dose),
            f"<b>{escape(d.volume)}</b>"
            + ("" if d.measurable else " <span class='warn'>(not measurable)</span>"),
            format_quantity(Q_(d.exact_ml, "mL"), 4),
        )
        for d in report.doses
    )
    return _section("Dose table", (25, 45, 30), head, rows)


def _ingredients(record: CompoundingRecord | None) -> str:
    head = _row("Component", "Vendor", "Lot", "Expiry", header=True)
    items = record.draft.ingredients if record else ()
    rows = [
        _row(
            escape(i.name),
            escape(i.vendor),
            escape(i.lot),
            format_day(i.expires_on) if i.expires_on else "—",
        )
        for i in items
    ]
    if not items:
        rows = [_row("&nbsp;", "", "", "") for _ in range(3)]
    return _section("Components", (40, 22, 22, 16), head, "".join(rows))


def render_worksheet(
    report: CompoundingReport,
    record: CompoundingRecord | None = None,
    pharmacy: Mapping[str, str] | None = None,
) -> str:
    """The compounding worksheet (A4) for a capsule batch or an oral liquid."""
    shop = pharmacy or {}
    head = " · ".join(escape(shop.get(k, "")) for k in ("name", "address", "phone") if shop.get(k))
    details = "".join(
        _row(f"<b>{escape(line.label)}</b>", escape(line.text)) for line in report.details
    )
    formula = _section("Formula", (30, 70), "", details) if details else ""
    bud = (
        f"<p><b>Beyond-use date {format_day(report.bud)}</b> — {escape(report.bud_rule)}. "
        f"Storage: {escape(report.storage)}</p>"
    )
    sign = (
        "<p>Prepared by: ____________ &nbsp; Checked by: ____________ &nbsp; Date: ____________</p>"
    )
    footer = (
        f"<p class='small'>Rules {escape(report.rules_version)} (compounding.md §2–§8). "
        "Decision support for a licensed pharmacist: check every number.</p>"
    )
    return (
        f"<html><head>{_STYLE}</head><body><p class='small'>{head}</p>"
        f"<h1>Compounding worksheet: {escape(report.title)}</h1>"
        f"<p>{escape(report.summary)}</p>"
        f"{_meta(report, record)}{formula}{_weighings(report)}{_doses(report)}"
        f"{_list_section('Procedure', report.steps)}"
        f"{_list_section('Warnings', report.warnings, 'warn', ordered=False)}"
        f"{bud}{_ingredients(record)}{sign}{footer}</body></html>"
    )


def default_directions(report: CompoundingReport) -> str:
    return report.directions


def render_label(
    report: CompoundingReport,
    record: CompoundingRecord | None = None,
    pharmacy: Mapping[str, str] | None = None,
    directions: str = "",
    *,
    today: date | None = None,
) -> str:
    """The container label (§7.5, §8): pharmacy and address, patient, prescriber, the drug with
    its salt stated, quantity, directions (a liquid's dose in mL), lot, fill date, BUD, storage,
    cautions.

    Printed on a day after the BUD (``today``, default the computer's date: a reprint months
    later too), it leads with "⚠ BUD PASSED (…): DO NOT DISPENSE", on one line so that the label
    still fits its page."""
    draft = record.draft if record else None
    patient = escape(draft.patient_name if draft and draft.patient_name else "—")
    rx = escape(draft.prescription) if draft and draft.prescription else "—"
    prescriber = escape(draft.prescriber) if draft and draft.prescriber else "—"
    lot = escape(record.lot) if record else "DRAFT — not saved"
    filled = format_day(record.created_at.date() if record else report.compounded_on)
    text = escape(draft.directions if draft else directions or default_directions(report))
    shop = pharmacy or {}
    head = " · ".join(escape(shop.get(k, "")) for k in ("name", "address", "phone") if shop.get(k))
    dose = (
        f"<div style='font-size:8pt'><b>{escape(report.patient_dose)}</b></div>"
        if report.patient_dose
        else ""
    )
    cautions = " ".join(escape(c) for c in report.cautions)
    expired = (
        f"<div style='font-size:7.5pt'><b>⚠ BUD PASSED ({format_day(report.bud)}): "
        "DO NOT DISPENSE</b></div>"
        if past_bud(report.bud, date.today() if today is None else today)
        else ""
    )
    return (
        "<html><body style=\"font-family: 'DejaVu Sans'\">"
        f"{expired}"
        f"<div style='font-size:6.5pt'>{head or 'Compounding pharmacy'}</div>"
        f"<div style='font-size:8pt'>Patient: <b>{patient}</b> &nbsp; Rx: {rx}</div>"
        f"<div style='font-size:10pt'><b>{escape(report.product_line)}</b></div>"
        f"<div style='font-size:7.5pt'>Qty: {escape(report.quantity_label)} &nbsp; "
        f"Prescriber: {prescriber}</div>"
        f"<div style='font-size:8pt'>{text}</div>{dose}"
        f"<div style='font-size:7.5pt'>Lot <b>{lot}</b> &nbsp; Filled {filled} &nbsp; Use by (BUD) "
        f"<b>{format_day(report.bud)}</b></div>"
        f"<div style='font-size:6.5pt'>{escape(report.storage)}</div>"
        f"<div style='font-size:6pt'>{cautions}</div>"
        "</body></html>"
    )
