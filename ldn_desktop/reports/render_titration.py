"""The printed titration calendar: one month per page, each day's dose and a tick box (issue #5).

Pure HTML for QTextDocument (no Qt here). Each page repeats who the calendar is for, the start
date, the dose time, whom to call and the instructions, so any page on the fridge stands alone.
Doses are in ISMP notation ("3 mg", never "3.0 mg"; docs/reference/compounding.md §8). The pharmacist
copy adds a page with the dispensing summary.

Instructions (issue #5; seed 004 §5 "typically administered at bedtime", "vivid dreams or sleep
disturbances that typically resolve within 1-2 weeks"; seed 004 §6 opioid analgesics are blocked):
take it at bedtime unless told otherwise; a missed dose is skipped, never doubled; vivid dreams and
trouble sleeping are common early — talk to the prescriber, who may move the dose to the morning.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from html import escape
from typing import Any

from ldn_desktop.core.titration import (
    CapsuleSupply,
    DoseTime,
    LiquidSupply,
    Plan,
    ScheduledDay,
    dose_mg,
    format_day,
)
from ldn_desktop.core.units import format_dose
from ldn_desktop.reports.render_titration_supply import contact, dispensing_html

# light fills that stay readable in greyscale; the dose is always written out as well
# light fills, distinct enough for the 9 doses of the Gentle protocol (0.5 to 4.5 mg); every cell
# also prints its dose, so a colour is never the only cue
PALETTE = (
    "#dbeafe", "#fde68a", "#bbf7d0", "#fbcfe8", "#e9d5ff", "#fed7aa",
    "#ccfbf1", "#e5e7eb", "#d9f99d", "#fecaca", "#c7d2fe", "#fef9c3",
)  # fmt: skip
WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TICK_BOX = "☐"


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

    @classmethod
    def from_settings(
        cls, settings: dict[str, Any], patient_name: str, patient_id: str = ""
    ) -> CalendarHeader:
        pharmacy = settings.get("pharmacy", {})
        prescriber = settings.get("prescriber", {})
        return cls(
            patient_name=patient_name,
            patient_id=patient_id,
            prescriber_name=prescriber.get("name", ""),
            prescriber_phone=prescriber.get("phone", ""),
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
        f"{calendar.month_name[month]} {year}</span><br/>{_e(copy)}</td></tr></table>"
        "<p style='margin-top:4px; font-size:9pt'>"
        f"Start date: <b>{format_day(plan.start)}</b> &nbsp;·&nbsp; Dose time: <b>{when}</b>"
        f" &nbsp;·&nbsp; Prescriber: {_contact(header.prescriber_name, header.prescriber_phone, 'your prescriber')}"
        f" &nbsp;·&nbsp; Pharmacy: {_contact(header.pharmacy_name, header.pharmacy_phone, 'your pharmacy')}"
        "</p>"
    )


def _cell(
    day: date,
    scheduled: ScheduledDay | None,
    context: _GridContext,
) -> str:
    number = f"<b>{day.day}</b>"
    if context.today == day:
        number += " <span style='font-size:7pt'>TODAY</span>"
    spacer = "" if context.six_weeks else "<br/>&nbsp;"
    if scheduled is None:
        return (
            f"<td width='14%' valign='top' style='color:#999'>{number}"
            "<br/><span style='font-size:12pt'>&nbsp;</span>"
            f"<br/><span style='font-size:16pt'>&nbsp;</span>{spacer}</td>"
        )
    fill = context.colours[dose_mg(scheduled.dose)]
    mark = ""
    if scheduled.step_starts:
        mark = (
            " <span style='font-size:7pt'>▶ NEW</span>"
            if scheduled.day_number > 1
            else (" <span style='font-size:7pt'>▶ START</span>")
        )
    time_note = ""
    previous = context.by_day.get(day - timedelta(days=1))
    if previous is not None and previous.dose_time is not scheduled.dose_time:
        time_note = f" <span style='font-size:7pt'>{scheduled.dose_time.value.upper()}</span>"
    return (
        f"<td width='14%' valign='top' bgcolor='{fill}'>{number}{mark}<br/>"
        f"<span style='font-size:12pt; font-weight:bold; white-space:nowrap'>"
        f"{format_dose(scheduled.dose, decimal_mark=context.decimal_mark)}</span>"
        f"<br/><span style='font-size:16pt'>{TICK_BOX}</span>{time_note}{spacer}</td>"
    )


@dataclass(frozen=True)
class _GridContext:
    by_day: dict[date, ScheduledDay]
    colours: dict[Decimal, str]
    today: date | None
    six_weeks: bool
    decimal_mark: str = "."


def _grid(
    year: int,
    month: int,
    by_day: dict[date, ScheduledDay],
    colours: dict[Decimal, str],
    first_weekday: int,
    today: date | None,
    decimal_mark: str = ".",
) -> str:
    names = WEEKDAY_NAMES[first_weekday:] + WEEKDAY_NAMES[:first_weekday]
    rows = ["<tr>" + "".join(f"<th bgcolor='#f3f4f6'>{n}</th>" for n in names) + "</tr>"]
    weeks = calendar.Calendar(first_weekday).monthdatescalendar(year, month)
    context = _GridContext(by_day, colours, today, len(weeks) > 5, decimal_mark)
    for week in weeks:
        cells = []
        for day in week:
            if day.month != month:
                cells.append("<td width='14%'>&nbsp;</td>")
            else:
                cells.append(_cell(day, by_day.get(day), context))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<table width='100%' border='1' cellspacing='0' cellpadding='5' "
        "style='border-collapse:collapse; border-color:#444'>" + "".join(rows) + "</table>"
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
            f"<td bgcolor='{colours[dose]}' style='white-space:nowrap'>&nbsp;{shown}&nbsp;</td>"
        )
    return (
        "<table cellspacing='4' cellpadding='2' style='margin-top:4px; font-size:9pt'><tr>"
        "<td style='white-space:nowrap'>Doses this month:</td>"
        + "".join(parts)
        + "<td>▶ NEW = the dose changes that day."
        f" Tick {TICK_BOX} when you have taken the dose.</td></tr></table>"
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
        "If you miss a dose, skip it and take the next dose at the usual time. "
        "Never take two doses to make up for a missed one.",
        "Vivid dreams and trouble sleeping are common in the first weeks and usually settle within "
        "1–2 weeks. If they bother you, talk to your prescriber: taking the dose in the morning "
        "often helps. Do not change the dose or the time on your own.",
        "Naltrexone blocks opioid pain medicines (for example codeine, tramadol, morphine): tell "
        "every doctor, dentist and pharmacist that you take it.",
        f"Questions or side effects: call {prescriber}, or {pharmacy}. "
        "In an emergency, call your local emergency number.",
    ]


def _instructions_html(header: CalendarHeader, plan: Plan) -> str:
    items = "".join(f"<li>{item}</li>" for item in instructions(header, plan))
    return (
        "<p style='margin-top:6px; margin-bottom:0; font-weight:bold'>How to take it</p>"
        f"<ul style='font-size:9pt; margin-top:2px'>{items}</ul>"
    )


def render_calendar(
    plan: Plan,
    days: Sequence[ScheduledDay],
    header: CalendarHeader,
    *,
    first_weekday: int = 0,
    supply: CapsuleSupply | LiquidSupply | None = None,
    today: date | None = None,
    decimal_mark: str = ".",
) -> str:
    """The calendar HTML: a page per month; with ``supply``, the pharmacist copy."""
    colours = dose_colours(days)
    by_day = {d.day: d for d in days}
    copy = "Pharmacist copy" if supply is not None else "Patient copy"
    pages = []
    for year, month in months_of(days):
        month_days = [d for d in days if (d.day.year, d.day.month) == (year, month)]
        pages.append(
            _header(header, plan, year, month, copy)
            + _grid(year, month, by_day, colours, first_weekday, today, decimal_mark)
            + _legend(month_days, colours, decimal_mark)
            + _instructions_html(header, plan)
        )
    if supply is not None:
        pages.append(dispensing_html(header, plan, supply))
    breaker = "<div style='page-break-before: always'></div>"
    return "<html><body>" + breaker.join(pages) + "</body></html>"
