"""Titration plans: a start date, a dose time and ordered steps, turned into a list of dated doses.

One list serves every reader: the patient's printed calendar, the pharmacy's dispensing counts and
the side-effect log's "planned dose" all come from ``build_schedule`` / ``dose_on`` (issue #5).

Every dose is checked against the LDN range from data by ``doses.check_dose`` (the one place).
Dose time: bedtime by default (seed 004 §5 "LDN: typically administered at bedtime"); morning is the
usual answer to insomnia or vivid dreams (issue #5).

Worked example (Standard, seed 004 §5): start 2026-12-01 → 1.5 mg 1–14 Dec, 3 mg 15–28 Dec,
4.5 mg from 29 Dec.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal
from enum import StrEnum

from ldn_desktop.core import dates
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.doses import (
    check_dose as check_dose,
    dose_mg as dose_mg,
    mg as mg,
    parse_dose as parse_dose,
)
from ldn_desktop.core.units.quantities import (
    Quantity,
    format_dose,
)

MAX_STEP_DAYS = 3650
MAX_STEPS = 60


class DoseTime(StrEnum):
    """When the daily dose is taken."""

    BEDTIME = "bedtime"
    MORNING = "morning"

    @property
    def label(self) -> str:
        return "at bedtime" if self is DoseTime.BEDTIME else "in the morning"


@dataclass(frozen=True)
class Step:
    """One dose for ``days`` days; ``days=None`` means "from then on" (only the last step)."""

    dose: Quantity
    days: int | None


@dataclass(frozen=True)
class DoseTimeChange:
    """From ``start`` on, the dose is taken at ``dose_time``."""

    start: date
    dose_time: DoseTime


@dataclass(frozen=True)
class Plan:
    """A titration plan. Build it with ``make_plan`` so that it is validated."""

    start: date
    steps: tuple[Step, ...]
    dose_time: DoseTime = DoseTime.BEDTIME
    protocol: str = "custom"
    dose_time_changes: tuple[DoseTimeChange, ...] = ()
    start_override_reason: str = ""

    @property
    def end(self) -> date | None:
        """The last day of the plan, or None when the last step goes on."""
        if self.steps[-1].days is None:
            return None
        total = sum(step.days or 0 for step in self.steps)
        return self.start + timedelta(days=total - 1)

    def dose_time_on(self, day: date) -> DoseTime:
        current = self.dose_time
        for change in self.dose_time_changes:
            if change.start <= day:
                current = change.dose_time
        return current


@dataclass(frozen=True)
class Segment:
    """A step placed on the calendar: ``first`` to ``last`` (None: ongoing)."""

    index: int
    dose: Quantity
    first: date
    last: date | None


@dataclass(frozen=True)
class ScheduledDay:
    """One day of the schedule."""

    day: date
    day_number: int  # 1 on the start date
    dose: Quantity
    step_index: int
    step_starts: bool  # the dose changes on this day (or it is day 1)
    dose_time: DoseTime


def make_plan(
    start: date,
    steps: tuple[Step, ...] | list[Step],
    *,
    dose_time: DoseTime = DoseTime.BEDTIME,
    protocol: str = "custom",
    dose_time_changes: tuple[DoseTimeChange, ...] = (),
    start_override_reason: str = "",
) -> Plan:
    """A validated plan: 1–60 steps, every step but the last has 1–3650 days, doses in range."""
    steps = tuple(steps)
    if not steps:
        raise InputError("steps: a plan needs at least one step.", "steps")
    if len(steps) > MAX_STEPS:
        raise InputError(f"steps: at most {MAX_STEPS} steps.", "steps")
    for number, step in enumerate(steps, start=1):
        check_dose(step.dose, "steps")
        last = number == len(steps)
        if step.days is None and not last:
            raise InputError(
                f"steps: step {number} needs a number of days (only the last step may go on).",
                "steps",
            )
        if step.days is not None and not 1 <= step.days <= MAX_STEP_DAYS:
            raise InputError(
                f"steps: step {number} must last 1 to {MAX_STEP_DAYS} days, not {step.days}.",
                "steps",
            )
    ordered = tuple(sorted(dose_time_changes, key=lambda c: c.start))
    return Plan(start, steps, dose_time, protocol, ordered, start_override_reason.strip())


def plan_warnings(plan: Plan) -> tuple[str, ...]:
    """Warnings the user must see (doses outside the usual LDN range)."""
    found = (check_dose(step.dose) for step in plan.steps)
    return tuple(dict.fromkeys(w for w in found if w))


def segments(plan: Plan) -> Iterator[Segment]:
    """The steps placed on the calendar, in order."""
    first = plan.start
    for index, step in enumerate(plan.steps):
        if step.days is None:
            yield Segment(index, step.dose, first, None)
            return
        last = first + timedelta(days=step.days - 1)
        yield Segment(index, step.dose, first, last)
        first = last + timedelta(days=1)


def segment_on(plan: Plan, day: date) -> Segment | None:
    for segment in segments(plan):
        if segment.first <= day and (segment.last is None or day <= segment.last):
            return segment
    return None


def dose_on(plan: Plan, day: date) -> Quantity | None:
    """The planned dose on ``day`` (None before the start or after the end)."""
    segment = segment_on(plan, day)
    return None if segment is None else segment.dose


def build_schedule(plan: Plan, until: date, since: date | None = None) -> tuple[ScheduledDay, ...]:
    """Every planned day from ``since`` (default: the start) to ``until``, both included.

    Days outside the plan are left out; the open last step runs to ``until``.
    """
    first = max(since or plan.start, plan.start)
    days: list[ScheduledDay] = []
    previous_dose: Decimal | None = None
    for segment in segments(plan):
        last = until if segment.last is None else min(segment.last, until)
        day = max(segment.first, first)
        if day > last:
            previous_dose = dose_mg(segment.dose)
            continue
        value = dose_mg(segment.dose)
        while day <= last:
            starts = day == segment.first and (day == plan.start or previous_dose != value)
            days.append(
                ScheduledDay(
                    day,
                    (day - plan.start).days + 1,
                    segment.dose,
                    segment.index,
                    starts,
                    plan.dose_time_on(day),
                )
            )
            day += timedelta(days=1)
        previous_dose = value
    return tuple(days)


def window_end(start: date, days: int) -> date:
    """The last day of a window of ``days`` days from ``start`` (1–3650)."""
    if not 1 <= days <= MAX_STEP_DAYS:
        raise InputError(f"days: must be 1 to {MAX_STEP_DAYS}, not {days}.", "days")
    return start + timedelta(days=days - 1)


def describe_steps(plan: Plan, decimal_mark: str = ".") -> tuple[str, ...]:
    """One line per step: "1.5 mg at bedtime: 1 Dec 2026 – 14 Dec 2026 (14 days)"."""
    lines = []
    for segment in segments(plan):
        when = plan.dose_time_on(segment.first).label
        if segment.last is None:
            span = f"from {format_day(segment.first)} on"
        else:
            span = format_days(segment.first, segment.last)
        lines.append(f"{format_dose(segment.dose, decimal_mark=decimal_mark)} {when}: {span}")
    return tuple(lines)


def format_day(day: date) -> str:
    """Unambiguous date text for people: ``1 Dec 2026`` (never 01/12 vs 12/01); the one style
    of ``core.dates`` (English month names whatever the C locale's ``%b`` would say)."""
    return dates.format_day(day)


def format_days(first: date, last: date) -> str:
    """Days from ``first`` to ``last``, both counted: ``1 Dec 2026 – 14 Dec 2026 (14 days)``;
    one day: ``1 Dec 2026 (1 day)``."""
    count = (last - first).days + 1
    span = format_day(first) if last == first else f"{format_day(first)} – {format_day(last)}"
    return f"{span} ({count} {'day' if count == 1 else 'days'})"


def with_steps(plan: Plan, steps: tuple[Step, ...]) -> Plan:
    """The same plan with other steps (validated)."""
    return make_plan(
        plan.start,
        steps,
        dose_time=plan.dose_time,
        protocol=plan.protocol,
        dose_time_changes=plan.dose_time_changes,
        start_override_reason=plan.start_override_reason,
    )


def with_start(plan: Plan, start: date, override_reason: str = "") -> Plan:
    """The same steps from another start date (dose-time changes move with the start)."""
    shift = start - plan.start
    changes = tuple(replace(c, start=c.start + shift) for c in plan.dose_time_changes)
    return replace(
        plan, start=start, dose_time_changes=changes, start_override_reason=override_reason.strip()
    )
