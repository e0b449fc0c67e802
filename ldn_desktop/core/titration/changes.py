"""Changes to a running plan from a date: hold, step back, change the dose time (issue #5).

Each function returns the new plan and a ``Change`` that says what happened; the storage layer
records it as a new plan version (when, who, why). Nothing here edits a plan in place.

- **Hold** the current dose N more days from a date: the step that covers the date gets N more
  days and every later step moves N days later.
  Example: Standard from 1 Dec 2026, hold 7 days from 15 Dec → 3 mg 15 Dec–4 Jan, 4.5 mg from 5 Jan.
- **Step back** from a date to the previous (lower) dose: the current step ends the day before,
  the previous dose is taken for ``days`` days (default: the previous step's length), then the dose
  that was not tolerated is tried again for its full step length and later steps move later.
  Example: Standard from 1 Dec 2026, step back on 20 Dec → 3 mg 15–19 Dec, 1.5 mg 20 Dec–2 Jan,
  3 mg 3–16 Jan, 4.5 mg from 17 Jan.
- **Dose time** from a date: bedtime or morning (morning is the usual answer to insomnia).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.schedule import (
    MAX_STEP_DAYS,
    DoseTime,
    DoseTimeChange,
    Plan,
    Step,
    dose_mg,
    format_day,
    make_plan,
    segment_on,
    segments,
    with_steps,
)
from ldn_desktop.core.units.quantities import format_dose

ChangeKind = Literal["new", "edit", "hold", "step_back", "dose_time", "start"]
CHANGE_KINDS: tuple[str, ...] = ("new", "edit", "hold", "step_back", "dose_time", "start")


@dataclass(frozen=True)
class Change:
    """What a plan version changed: ``kind``, from which day, and a sentence for people."""

    kind: ChangeKind
    summary: str
    start: date | None = None
    days: int | None = None
    dose_time: DoseTime | None = None


def _checked_day(plan: Plan, day: date) -> None:
    end = plan.end
    if day < plan.start:
        raise InputError(
            f"from: {format_day(day)} is before the plan starts ({format_day(plan.start)}).", "from"
        )
    if end is not None and day > end:
        raise InputError(
            f"from: {format_day(day)} is after the plan ends ({format_day(end)}).", "from"
        )


def _checked_days(days: int, field: str = "days") -> int:
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_STEP_DAYS:
        raise InputError(f"{field}: must be a whole number from 1 to {MAX_STEP_DAYS}.", field)
    return days


def hold(plan: Plan, start: date, days: int) -> tuple[Plan, Change]:
    """Keep the dose taken on ``start`` for ``days`` more days; later steps move later."""
    _checked_day(plan, start)
    _checked_days(days, "hold_days")
    segment = segment_on(plan, start)
    assert segment is not None  # _checked_day guarantees it
    step = plan.steps[segment.index]
    if step.days is None:
        raise InputError(
            f"hold_days: {format_dose(step.dose)} already goes on with no end; there is nothing "
            "to hold back.",
            "hold_days",
        )
    steps = list(plan.steps)
    steps[segment.index] = Step(step.dose, step.days + days)
    new_plan = with_steps(plan, tuple(steps))
    unit = "day" if days == 1 else "days"
    summary = f"Hold {format_dose(step.dose)} {days} more {unit} from {format_day(start)}"
    return new_plan, Change("hold", summary, start=start, days=days)


def step_back(plan: Plan, start: date, days: int | None = None) -> tuple[Plan, Change]:
    """From ``start``, go back to the previous lower dose for ``days`` days, then try again."""
    _checked_day(plan, start)
    placed = list(segments(plan))
    current = next(s for s in placed if s.first <= start and (s.last is None or start <= s.last))
    value = dose_mg(current.dose)
    lower = [s for s in placed[: current.index] if dose_mg(s.dose) < value]
    if not lower:
        raise InputError(
            f"from: on {format_day(start)} the dose is {format_dose(current.dose)}; there is no "
            "lower earlier dose to step back to.",
            "from",
        )
    previous = lower[-1]
    back_days = days if days is not None else plan.steps[previous.index].days or 7
    _checked_days(back_days, "days")
    step = plan.steps[current.index]
    steps = list(plan.steps[: current.index])
    taken = (start - current.first).days
    if taken > 0:
        steps.append(Step(step.dose, taken))
    steps.append(Step(previous.dose, back_days))
    steps.append(step)  # the step is tried again in full
    steps.extend(plan.steps[current.index + 1 :])
    unit = "day" if back_days == 1 else "days"
    summary = (
        f"Step back from {format_dose(current.dose)} to {format_dose(previous.dose)} for "
        f"{back_days} {unit} from {format_day(start)}, then {format_dose(current.dose)} again"
    )
    return with_steps(plan, tuple(steps)), Change("step_back", summary, start=start, days=back_days)


def change_dose_time(plan: Plan, start: date, dose_time: DoseTime) -> tuple[Plan, Change]:
    """From ``start`` on, take the dose at ``dose_time`` (later dose-time changes are replaced)."""
    _checked_day(plan, start)
    dose_time = DoseTime(dose_time)
    if plan.dose_time_on(start) is dose_time:
        raise InputError(
            f"dose_time: the dose is already taken {dose_time.label} on {format_day(start)}.",
            "dose_time",
        )
    earlier = tuple(c for c in plan.dose_time_changes if c.start < start)
    if start == plan.start:
        base, changes = dose_time, earlier
    else:
        base, changes = plan.dose_time, (*earlier, DoseTimeChange(start, dose_time))
    new_plan = make_plan(
        plan.start,
        plan.steps,
        dose_time=base,
        protocol=plan.protocol,
        dose_time_changes=changes,
        start_override_reason=plan.start_override_reason,
    )
    summary = f"Take the dose {dose_time.label} from {format_day(start)}"
    return new_plan, Change("dose_time", summary, start=start, dose_time=dose_time)
