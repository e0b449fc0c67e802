"""Exports of a schedule: iCalendar (RFC 5545, via ``icalendar``), CSV of days, the CLI's JSON.

iCalendar: one all-day event on each day the dose (or the dose time) changes, and, when asked, a
daily reminder per run of equal doses at the dose time (bedtime 22:00, morning 08:00, floating local
time) with a display alarm. The reminder of the ongoing last dose repeats without end.
Every dose is written in ISMP notation (docs/reference/compounding.md §8).
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.dispensing import strength_key
from ldn_desktop.core.titration.reference import missed_dose_advice
from ldn_desktop.core.titration.schedule import (
    DoseTime,
    Plan,
    ScheduledDay,
    dose_mg,
    format_day,
    segments,
)
from ldn_desktop.core.titration.summary import plan_summary
from ldn_desktop.core.titration.supply import (
    CapsuleForm,
    Dispensing,
    DoseForm,
    DoseSupply,
    LiquidForm,
    dose_supply,
    fill_limits,
)
from ldn_desktop.core.titration.supply_text import dispensing_lines, not_made_text, take_text
from ldn_desktop.core.units.quantities import Quantity, format_dose

if TYPE_CHECKING:
    import icalendar

REMINDER_TIMES = {DoseTime.BEDTIME: time(22, 0), DoseTime.MORNING: time(8, 0)}


@dataclass(frozen=True)
class Run:
    """Consecutive days with the same dose and dose time."""

    first: date
    last: date
    dose: Quantity
    dose_time: DoseTime


def runs(days: Sequence[ScheduledDay]) -> tuple[Run, ...]:
    """Group the schedule into runs of the same dose and dose time."""
    found: list[Run] = []
    for day in days:
        key = (dose_mg(day.dose), day.dose_time)
        if (
            found
            and (dose_mg(found[-1].dose), found[-1].dose_time) == key
            and found[-1].last + timedelta(days=1) == day.day
        ):
            found[-1] = Run(found[-1].first, day.day, found[-1].dose, day.dose_time)
            continue
        found.append(Run(day.day, day.day, day.dose, day.dose_time))
    return tuple(found)


def _uid(plan: Plan, label: str, patient_id: str) -> str:
    digest = hashlib.sha256(f"{patient_id}|{plan!r}".encode()).hexdigest()[:16]
    return f"{patient_id or 'ldn'}-{digest}-{label}@ldn-desktop"


def schedule_ics(
    plan: Plan,
    days: Sequence[ScheduledDay],
    *,
    patient_id: str = "",
    patient_name: str = "",
    reminders: bool = False,
    now: datetime | None = None,
) -> bytes:
    """The schedule as an iCalendar file (``days`` from ``build_schedule``)."""
    if not days:
        raise InputError("days: no planned doses to export.", "days")
    import icalendar  # here: ~50 ms to import, and the Washout page needs this package, not .ics

    stamp = (now or datetime.now(UTC)).astimezone(UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//LDN Desktop//Titration calendar//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"LDN titration {patient_name}".strip())
    grouped = runs(days)
    for index, run in enumerate(grouped):
        calendar.add_component(_change_event(plan, run, index, grouped, stamp, patient_id))
    if reminders:
        ongoing = plan.end is None
        for index, run in enumerate(grouped):
            last_run = index == len(grouped) - 1
            calendar.add_component(
                _reminder(plan, run, index, ongoing and last_run, stamp, patient_id)
            )
    return bytes(calendar.to_ical())


def _change_event(
    plan: Plan, run: Run, index: int, grouped: Sequence[Run], stamp: datetime, patient_id: str
) -> icalendar.Event:
    previous = grouped[index - 1] if index else None
    dose = format_dose(run.dose)
    if previous is None:
        summary = f"LDN: start {dose} {run.dose_time.label}"
    elif dose_mg(previous.dose) != dose_mg(run.dose):
        summary = f"LDN: new dose {dose} {run.dose_time.label}"
    else:
        summary = f"LDN: take {dose} {run.dose_time.label} from today"
    is_last = index == len(grouped) - 1
    until = "on" if is_last and plan.end is None else f"to {format_day(run.last)}"
    import icalendar  # imported by schedule_ics already

    event = icalendar.Event()
    event.add("uid", _uid(plan, f"change-{index}", patient_id))
    event.add("dtstamp", stamp)
    event.add("dtstart", run.first)
    event.add("dtend", run.first + timedelta(days=1))
    event.add("summary", summary)
    event.add(
        "description",
        f"Naltrexone (LDN) {dose} once a day {run.dose_time.label}, from "
        f"{format_day(run.first)} {until}. {missed_dose_advice().short}",
    )
    event.add("transp", "TRANSPARENT")
    return event


def _reminder(
    plan: Plan, run: Run, index: int, ongoing: bool, stamp: datetime, patient_id: str
) -> icalendar.Event:
    import icalendar  # imported by schedule_ics already

    dose = format_dose(run.dose)
    event = icalendar.Event()
    event.add("uid", _uid(plan, f"reminder-{index}", patient_id))
    event.add("dtstamp", stamp)
    event.add("dtstart", datetime.combine(run.first, REMINDER_TIMES[run.dose_time]))
    event.add("duration", timedelta(minutes=15))
    rule: dict[str, Any] = {"freq": "daily"}
    if not ongoing:
        rule["count"] = (run.last - run.first).days + 1
    event.add("rrule", rule)
    event.add("summary", f"Take LDN {dose}")
    event.add("transp", "TRANSPARENT")
    alarm = icalendar.Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Take LDN {dose} {run.dose_time.label}")
    alarm.add("trigger", timedelta(0))
    event.add_component(alarm)
    return event


def _supplies(days: Sequence[ScheduledDay], form: DoseForm) -> dict[Decimal, DoseSupply]:
    return {dose_mg(d.dose): dose_supply(d.dose, form) for d in days}


def schedule_csv(days: Sequence[ScheduledDay], form: DoseForm | None = None) -> str:
    """One row per day: date, day, dose_mg, dose, dose time, new dose, and with a form what to take:
    ``take`` ("2 × 1.5 mg capsules", "4.5 mL"), capsules per strength or ``ml`` for a liquid.

    Capsule cells are empty and ``take`` says so on days whose dose the strengths cannot make.
    """
    strengths = form.strengths if isinstance(form, CapsuleForm) else ()
    keys = [strength_key(s) for s in strengths]
    liquid = isinstance(form, LiquidForm)
    supplies = _supplies(days, form) if form is not None else {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    extra = ["take"] if form is not None else []
    extra += ["ml"] if liquid else [f"capsules_{k}_mg" for k in keys]
    writer.writerow(["date", "day", "dose_mg", "dose", "dose_time", "new_dose", *extra])
    for day in days:
        row: list[object] = [
            day.day.isoformat(),
            day.day_number,
            str(dose_mg(day.dose)),
            format_dose(day.dose),
            day.dose_time.value,
            "yes" if day.step_starts else "",
        ]
        supply = supplies.get(dose_mg(day.dose))
        if supply is not None:
            row.append(take_text(supply) or not_made_text(form))
        if liquid:
            volume = supply.volume if supply is not None else None
            row.append("" if volume is None else str(json_number(Decimal(str(volume.magnitude)))))
        counts = dict(supply.capsules or ()) if supply is not None else {}
        made = supply is not None and supply.made
        row += [(counts.get(k, 0) if made else "") for k in keys]
        writer.writerow(row)
    return out.getvalue()


def json_number(value: Decimal) -> int | float:
    """1.5 -> 1.5, 3 -> 3 (never 3.0 in JSON either)."""
    return int(value) if value == value.to_integral_value() else float(value)


def _day_row(day: ScheduledDay, supply: DoseSupply, keys: Sequence[str]) -> dict[str, Any]:
    row: dict[str, Any] = {"date": day.day.isoformat(), "dose_mg": json_number(dose_mg(day.dose))}
    if supply.volume is not None:
        row.update(capsules={}, ml=json_number(Decimal(str(supply.volume.magnitude))))
        return row
    counts = dict(supply.capsules or ())
    row["capsules"] = {k: counts.get(k, 0) for k in keys} if supply.made else {}
    if not supply.made:
        row["cannot_make"] = True
    return row


def dispensing_json(dispensing: Dispensing) -> dict[str, Any]:
    """The whole dispensing decision for ``--json`` (key ``dispensing``)."""
    proposal = dispensing.proposal
    result: dict[str, Any] = {
        "first": dispensing.first.isoformat(),
        "last": dispensing.last.isoformat(),
        "days": dispensing.days,
        "form": "liquid" if isinstance(dispensing.form, LiquidForm) else "capsules",
        "doses": [
            {
                "dose_mg": json_number(dose_mg(d.supply.dose)),
                "days": d.days,
                "first": d.first.isoformat(),
                "take": take_text(d.supply),
                "can_be_made": d.supply.made,
            }
            for d in dispensing.doses
        ],
        "cannot_make_mg": [json_number(dose_mg(d.supply.dose)) for d in dispensing.cannot_make],
        "text": list(dispensing_lines(dispensing)),
        "fills": [
            {"category": limit.category, "bud_days": limit.bud_days, "fills_at_least": limit.fills}
            for limit in fill_limits(dispensing)
        ],
    }
    if proposal is not None:
        result["proposal"] = {
            "strength_mg": (
                json_number(dose_mg(proposal.strength)) if proposal.strength is not None else None
            ),
            "capsules_with_strength": proposal.strength_capsules,
            "liquid_concentration_mg_per_ml": json_number(
                Decimal(str(proposal.liquid.concentration.to("mg/mL").magnitude))
            ),
            "liquid_ml": json_number(Decimal(str(proposal.liquid_volume.magnitude))),
        }
    return result


def schedule_json(
    plan: Plan, days: Sequence[ScheduledDay], dispensing: Dispensing
) -> dict[str, Any]:
    """The CLI's ``--json``: ``days`` (date, dose_mg, capsules), ``steps``, ``dispense``, the
    whole ``dispensing`` decision (``dispense`` counts only the doses that can be made), the plan
    ``summary`` and the ``missed_dose`` advice with its source.

    For a liquid, each day gets ``ml`` and empty ``capsules``, ``dispense`` is empty and ``liquid``
    gives the total. A day whose dose the capsules cannot make has empty ``capsules`` and
    ``cannot_make``.
    """
    form = dispensing.form
    advice = missed_dose_advice()
    keys = [strength_key(s) for s in form.strengths] if isinstance(form, CapsuleForm) else []
    supplies = _supplies(days, form)
    rows = [_day_row(day, supplies[dose_mg(day.dose)], keys) for day in days]
    steps = []
    for segment in segments(plan):
        step = plan.steps[segment.index]
        steps.append(
            {
                "dose_mg": json_number(dose_mg(segment.dose)),
                "dose": format_dose(segment.dose),
                "days": step.days,
                "first": segment.first.isoformat(),
                "last": segment.last.isoformat() if segment.last else None,
                "dose_time": plan.dose_time_on(segment.first).value,
            }
        )
    result: dict[str, Any] = {
        "days": rows,
        "steps": steps,
        "dispense": dict(dispensing.capsules),
        "dispensing": dispensing_json(dispensing),
        "summary": plan_summary(plan),
        "missed_dose": {"text": advice.text, "source": advice.source},
    }
    if isinstance(form, LiquidForm) and dispensing.total_volume is not None:
        result["liquid"] = {
            "concentration_mg_per_ml": json_number(
                Decimal(str(form.concentration.to("mg/mL").magnitude))
            ),
            "ml": json_number(Decimal(str(dispensing.total_volume.magnitude))),
        }
    return result
