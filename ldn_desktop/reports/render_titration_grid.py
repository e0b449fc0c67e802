"""The month grid of the printed titration calendar: one cell per day with its dose and tick box.

Each cell says what to take when the dispensing form is known ("2 × 1.5 mg capsules", "4.5 mL";
``core.titration.dose_supply``/``take_text``), and doses never break across lines (no-break
spaces: "2.25 mg" stays on one line). Days of the last month after the calendar's last day say
"continue" with the plan's dose (or "plan ended"), never blank.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from html import escape

from ldn_desktop.core.titration import (
    DoseSupply,
    Plan,
    ScheduledDay,
    dose_mg,
    dose_on,
    take_text,
)
from ldn_desktop.core.units import Quantity, format_dose

WEEKDAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
TICK_BOX = "☐"


def nobreak(text: str) -> str:
    """Escaped text whose spaces never break a line ("2.25 mg", "2 × 1.5 mg capsules")."""
    return escape(text, quote=True).replace(" ", "&nbsp;")


@dataclass(frozen=True)
class GridContext:
    """What every cell of a printed month needs to know."""

    plan: Plan
    by_day: dict[date, ScheduledDay]
    colours: dict[Decimal, str]
    last: date  # the last printed day: later days of its month say "continue"
    supplies: dict[Decimal, DoseSupply] = field(default_factory=dict)
    today: date | None = None
    decimal_mark: str = "."

    def dose(self, dose: Quantity, bold: bool = True, largest: float = 12) -> str:
        """The dose on one line: long texts ("2.25 mg", "0.125 mg") get a smaller font so they
        fit a seventh of a portrait page instead of breaking."""
        text = format_dose(dose, decimal_mark=self.decimal_mark)
        size = largest if len(text) <= 6 else largest - 1.5 if len(text) == 7 else largest - 3
        weight = "; font-weight:bold" if bold else ""
        return f"<span style='font-size:{size:g}pt{weight}'>{nobreak(text)}</span>"

    def take(self, dose: Quantity) -> str:
        """``<br/>2 × 1.5 mg capsules`` under the dose, when the form is known and makes it."""
        supply = self.supplies.get(dose_mg(dose))
        text = take_text(supply, self.decimal_mark) if supply is not None else ""
        if not text:
            return ""
        # "2 × 1.5 mg" stays whole; a line may break before "capsules" and after "+"
        shown = nobreak(text).replace("&nbsp;capsule", " capsule").replace("+&nbsp;", "+ ")
        return f"<br/><span style='font-size:7.5pt'>{shown}</span>"


def _cell(day: date, context: GridContext, spacer: str) -> str:
    number = f"<b>{day.day}</b>"
    if context.today == day:
        number += " <span style='font-size:7pt'>TODAY</span>"
    scheduled = context.by_day.get(day)
    if scheduled is None:
        return _empty_cell(day, number, spacer, context)
    fill = context.colours[dose_mg(scheduled.dose)]
    mark = ""
    if scheduled.step_starts:
        word = "NEW" if scheduled.day_number > 1 else "START"
        mark = f" <span style='font-size:6.5pt'>▶&nbsp;{word}</span>"
    time_note = ""
    previous = context.by_day.get(day - timedelta(days=1))
    if previous is not None and previous.dose_time is not scheduled.dose_time:
        time_note = f" <span style='font-size:7pt'>{scheduled.dose_time.value.upper()}</span>"
    return (
        f"<td width='14%' valign='top' bgcolor='{fill}'>{_box()}{number}{mark}{time_note}<br/>"
        f"{context.dose(scheduled.dose)}{context.take(scheduled.dose)}{spacer}</td>"
    )


def _box(empty: bool = False) -> str:
    """The tick box, first on the day's line (blank space of the same width when there is none)."""
    return f"<span style='font-size:12pt'>{'&nbsp;&nbsp;' if empty else TICK_BOX}</span>&nbsp;"


def _empty_cell(day: date, number: str, spacer: str, context: GridContext) -> str:
    """Before the start: blank. After the last printed day: "continue" + the plan's dose."""
    after = day > context.last
    dose = dose_on(context.plan, day) if after else None
    if dose is None:
        note = "<span style='font-size:8pt'>plan ended</span>" if after else "&nbsp;"
        return (
            f"<td width='14%' valign='top' style='color:#777'>{_box(True)}{number}"
            f"<br/><span style='font-size:12pt'>&nbsp;</span>{note}{spacer}</td>"
        )
    refill = ""
    if day == context.last + timedelta(days=1):
        refill = " <span style='font-size:6.5pt'>REFILL</span>"
    before = dose_on(context.plan, day - timedelta(days=1))
    changes = before is None or dose_mg(before) != dose_mg(dose)
    word = "new dose" if changes else "continue"
    return (
        f"<td width='14%' valign='top' style='color:#444'>{_box()}{number}{refill}<br/>"
        f"{context.dose(dose, bold=changes, largest=11)}"
        f"<br/><span style='font-size:8pt'>{word}</span>{spacer}</td>"
    )


def month_grid(year: int, month: int, first_weekday: int, context: GridContext) -> str:
    """The month as a 7-column table (weeks start on ``first_weekday``, 0 = Monday)."""
    names = WEEKDAY_NAMES[first_weekday:] + WEEKDAY_NAMES[:first_weekday]
    rows = [
        "<thead><tr>"
        + "".join(f"<th width='14%' bgcolor='#f3f4f6'>{n}</th>" for n in names)
        + "</tr></thead>"
    ]
    weeks = calendar.Calendar(first_weekday).monthdatescalendar(year, month)
    spacer = "" if len(weeks) > 5 or context.supplies else "<br/>&nbsp;"
    for week in weeks:
        cells = [
            _cell(day, context, spacer) if day.month == month else "<td width='14%'>&nbsp;</td>"
            for day in week
        ]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        "<table width='100%' border='1' cellspacing='0' cellpadding='3' "
        "style='border-collapse:collapse; border-color:#444'>" + "".join(rows) + "</table>"
    )
