"""The printed titration calendar: one month per page, each day's dose and a tick box (issue #5).

Pure HTML for QTextDocument (no Qt here). Each page repeats who the calendar is for, the start
date, the dose time, whom to call and the instructions, so any page on the fridge stands alone.
Doses are in ISMP notation ("3 mg", never "3.0 mg"; docs/reference/compounding.md §8). With the
dispensing (``core.titration.dispense``), each day says what to take ("2 × 1.5 mg capsules",
"4.5 mL"); the last month ends with ``continue_note`` (continue and refill, or ask the prescriber).
The pharmacist copy adds a page with the dispensing summary (render_titration_supply).

Instructions (issue #5; seed 004 §5 "typically administered at bedtime", "vivid dreams or sleep
disturbances that typically resolve within 1-2 weeks"; seed 004 §6 opioid analgesics are blocked):
take it at bedtime unless told otherwise; the missed-dose advice is ``missed_dose_advice()`` (seed
004 §5 via resources/data/titration.json); vivid dreams and trouble sleeping are common early —
talk to the prescriber, who may move the dose to the morning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from html import escape
from typing import Any

from ldn_desktop.core.dates import format_month
from ldn_desktop.core.settings_values import default_prescriber
from ldn_desktop.core.titration import (
    Dispensing,
    DoseTime,
    Plan,
    ScheduledDay,
    continue_note,
    dose_mg,
    dose_supply,
    format_day,
    missed_dose_advice,
)
from ldn_desktop.core.units import format_dose
from ldn_desktop.reports.render_titration_grid import TICK_BOX, GridContext, month_grid, nobreak
from ldn_desktop.reports.render_titration_supply import contact, dispensing_html

# light fills that stay readable in greyscale; the dose is always written out as well
# light fills, distinct enough for the 9 doses of the Gentle protocol (0.5 to 4.5 mg); every cell
# also prints its dose, so a colour is never the only cue
PALETTE = (
    "#dbeafe", "#fde68a", "#bbf7d0", "#fbcfe8", "#e9d5ff", "#fed7aa",
    "#ccfbf1", "#e5e7eb", "#d9f99d", "#fecaca", "#c7d2fe", "#fef9c3",
)  # fmt: skip


@dataclass(frozen=True)
class CalendarHeader:
    """Who and what the calendar is for (from the patient profile and ``settings()``)."""

    patient_name: str
    patient_id: str = ""
    prescriber_name: str = ""
    prescriber_phone: str = ""
    pharmacy_name: str = ""
    pharmacy_address: str = ""
    pharmacy_phone: str = ""
    extra: dict[str, str] = field(default_factory=dict)
    plan_author: str = ""  # who made the plan version printed (named on the pharmacist copy)

    @classmethod
    def from_settings(
        cls, settings: dict[str, Any], patient_name: str, patient_id: str = ""
    ) -> CalendarHeader:
        pharmacy = settings.get("pharmacy", {})
        prescriber = default_prescriber(settings)  # the one reading of "who is the prescriber"
        return cls(
            patient_name=patient_name,
            patient_id=patient_id,
            prescriber_name=prescriber.signature,  # "Sam Roe, NP": with credentials when given
            prescriber_phone=prescriber.phone,
            pharmacy_name=pharmacy.get("name", ""),
            pharmacy_address=pharmacy.get("address", ""),
            pharmacy_phone=pharmacy.get("phone", ""),
        )


def dose_colours(days: Sequence[ScheduledDay]) -> dict[Decimal, str]:
    """A fill colour per distinct dose, in increasing dose order (the legend's order)."""
    doses = sorted({dose_mg(d.dose) for d in days})
    return {dose: PALETTE[i % len(PALETTE)] for i, dose in enumerate(doses)}


def months_of(days: Sequence[ScheduledDay]) -> list[tuple[int, int]]:
    """(year, month) of every month from the first to the last scheduled day."""
    if not days:
        return []
    year, month = days[0].day.year, days[0].day.month
    found = []
    while (year, month) <= (days[-1].day.year, days[-1].day.month):
        found.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _e(text: str) -> str:
    return escape(text, quote=True)


def _contact(name: str, phone: str, fallback: str) -> str:
    return contact(name, phone, fallback)


def _header(header: CalendarHeader, plan: Plan, year: int, month: int, copy: str) -> str:
    patient = _e(header.patient_name) or "______________"
    if header.patient_id:
        patient += f" <span style='color:#555'>({_e(header.patient_id)})</span>"
    when = plan.dose_time.label
    for change in plan.dose_time_changes:
        when += f"; {change.dose_time.label} from {format_day(change.start)}"
    return (
        "<table width='100%' cellspacing='0' cellpadding='0'><tr>"
        f"<td><span style='font-size:15pt; font-weight:bold'>Naltrexone (LDN) calendar</span>"
        f"<br/>Patient: <b>{patient}</b></td>"
        f"<td align='right'><span style='font-size:17pt; font-weight:bold'>"
        f"{format_month(year, month)}</span><br/>{_e(copy)}</td></tr></table>"
        "<p style='margin-top:4px; font-size:9pt'>"
        f"Start date: <b>{format_day(plan.start)}</b> &nbsp;·&nbsp; Dose time: <b>{when}</b>"
        f" &nbsp;·&nbsp; Prescriber: {_contact(header.prescriber_name, header.prescriber_phone, 'your prescriber')}"
        f" &nbsp;·&nbsp; Pharmacy: {_contact(header.pharmacy_name, header.pharmacy_phone, 'your pharmacy')}"
        "</p>"
    )


def _legend(
    month_days: Sequence[ScheduledDay], colours: dict[Decimal, str], decimal_mark: str = "."
) -> str:
    parts = []
    for dose in sorted({dose_mg(d.dose) for d in month_days}):
        shown = format_dose(
            next(d.dose for d in month_days if dose_mg(d.dose) == dose), decimal_mark=decimal_mark
        )
        parts.append(
            f"<span style='background-color:{colours[dose]}'>&nbsp;{nobreak(shown)}&nbsp;</span>"
        )
    # one paragraph: the chips flow like words and the line breaks between them
    return (
        "<p style='margin-top:4px; margin-bottom:0; font-size:9pt'>Doses this month: "
        + " ".join(parts)
        + " &nbsp;▶&nbsp;NEW = the dose changes that day."
        f" Tick {TICK_BOX} when you have taken the dose.</p>"
    )


def instructions(header: CalendarHeader, plan: Plan) -> list[str]:
    """The patient instructions, one sentence per item."""
    when = (
        "at bedtime, unless your prescriber tells you otherwise"
        if plan.dose_time is DoseTime.BEDTIME
        else "in the morning, as your prescriber told you"
    )
    for change in plan.dose_time_changes:
        when += f"; from {format_day(change.start)} {change.dose_time.label}"
    prescriber = _contact(header.prescriber_name, header.prescriber_phone, "your prescriber")
    pharmacy = _contact(header.pharmacy_name, header.pharmacy_phone, "your pharmacy")
    return [
        f"Take the dose shown for each day once a day, {when}.",
        missed_dose_advice().text,
        "Vivid dreams and trouble sleeping are common in the first weeks and usually settle within "
        "1–2 weeks. If they bother you, talk to your prescriber: taking the dose in the morning "
        "often helps. Do not change the dose or the time on your own.",
        "Naltrexone blocks opioid pain medicines (for example codeine, tramadol, morphine): tell "
        "every doctor, dentist and pharmacist that you take it.",
        f"Questions or side effects: call {prescriber}, or {pharmacy}. "
        "In an emergency, call your local emergency number.",
    ]


def _instructions_html(header: CalendarHeader, plan: Plan) -> str:
    """The instructions as a table whose heading row repeats if it ever runs onto another page
    (a heading is never left alone at the foot of a page)."""
    rows = "".join(f"<tr><td>• {item}</td></tr>" for item in instructions(header, plan))
    return (
        "<table width='100%' cellspacing='0' cellpadding='1' style='margin-top:6px; "
        "font-size:8.5pt'><thead><tr><th align='left' style='font-size:10pt'>How to take it"
        f"</th></tr></thead>{rows}</table>"
    )


def _continue_html(plan: Plan, last: date, decimal_mark: str) -> str:
    """The last month's "continue … ask for a refill" (or "plan ends") line."""
    return (
        "<p style='margin-top:4px; margin-bottom:0; font-size:10pt; font-weight:bold'>"
        f"{_e(continue_note(plan, last, decimal_mark))}</p>"
    )


def render_calendar(
    plan: Plan,
    days: Sequence[ScheduledDay],
    header: CalendarHeader,
    *,
    first_weekday: int = 0,
    dispensing: Dispensing | None = None,
    pharmacist_copy: bool = False,
    today: date | None = None,
    decimal_mark: str = ".",
) -> str:
    """The calendar HTML: a page per month; ``pharmacist_copy`` adds the dispensing page.

    With ``dispensing`` (its form: capsule strengths or a liquid), each day also says what to take.
    """
    if not days:
        return "<html><body><p>No planned doses.</p></body></html>"
    colours = dose_colours(days)
    supplies = (
        {dose_mg(d.dose): dose_supply(d.dose, dispensing.form) for d in days}
        if dispensing is not None
        else {}
    )
    context = GridContext(
        plan, {d.day: d for d in days}, colours, days[-1].day, supplies, today, decimal_mark
    )
    copy = "Pharmacist copy" if pharmacist_copy else "Patient copy"
    pages = []
    months = months_of(days)
    for year, month in months:
        month_days = [d for d in days if (d.day.year, d.day.month) == (year, month)]
        last_month = (year, month) == months[-1]
        pages.append(
            _header(header, plan, year, month, copy)
            + month_grid(year, month, first_weekday, context)
            + (_continue_html(plan, days[-1].day, decimal_mark) if last_month else "")
            + _legend(month_days, colours, decimal_mark)
            + _instructions_html(header, plan)
        )
    if pharmacist_copy and dispensing is not None:
        pages.append(dispensing_html(header, plan, dispensing, decimal_mark))
    breaker = "<div style='page-break-before: always'></div>"
    return "<html><body>" + breaker.join(pages) + "</body></html>"
