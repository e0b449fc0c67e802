"""Nights and dose steps of the side-effect log, read against the titration plan when there is one.

A *night* is every entry of one evening dose and the sleep after it (``night_of``). A *dose step*
starts on the first night a new dose was taken and runs until the next change; missed doses and
nights without a recorded dose stay in the current step.

One night at another dose is not a step (issue 11): a patient who took 3 mg once in the middle of a
1.5 mg fortnight is still in the 1.5 mg step, with one night at another dose. A night counts as
such a one-off when it differs from the titration plan for that night and the next dose logged is
not the same off-plan dose again, or (no plan for that night) when the dose logged before and after it is the
same. A change the patient keeps to is a step, on plan or not.

The plan also says when a step began: "first 14 days" of a step count from the day the plan
started that dose, not from the first night the patient happened to log (``day_one``) - unless the
log shows another dose taken on a night from that day on (a late step-up): then the plan's date is
not when the patient began, and day one is the first night logged at the new dose.

Example: plan 1.5 mg from 1 Jan, 3 mg from 15 Jan; log 5-20 Jan at 1.5 mg except 3 mg on 8 Jan,
then 3 mg from 21 Jan -> step 1.5 mg (day one 1 Jan, one night at 3 mg on 8 Jan), step 3 mg (day
one 15 Jan, the plan's start of 3 mg; the patient started late).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from ldn_desktop.core.dates import format_day
from ldn_desktop.core.side_effects.entries import LogEntry
from ldn_desktop.core.side_effects.symptoms import NO_SIDE_EFFECTS
from ldn_desktop.core.titration import Plan
from ldn_desktop.core.units.quantities import Quantity, format_number


@dataclass(frozen=True, slots=True)
class Night:
    """All entries of one night, reduced. ``other_dose``: a one-off night at another dose than
    its step's (set by ``split_steps``)."""

    night: date
    severity: int
    symptoms: dict[str, int]  # symptom -> worst severity that night
    sleep_hours: float | None
    dose: Quantity | None
    missed: bool
    other_dose: bool = False


@dataclass(frozen=True, slots=True)
class PlannedStep:
    """A run of days at one dose in the titration plan (``last`` None: it goes on)."""

    dose: Quantity
    first: date
    last: date | None


@dataclass(frozen=True, slots=True)
class Step:
    """Nights at one dose; ``day_one`` is when the step began (the plan's start of this dose when
    the plan has it at the step's first night, else the first night logged)."""

    dose: Quantity | None
    nights: tuple[Night, ...]
    day_one: date
    day_one_from_plan: bool


def mg_key(dose: Quantity) -> str:
    """A dose compared as its mg text to 1 mcg (1.5 mg and 1500 mcg are the same dose)."""
    return format_number(float(dose.to("milligram").magnitude), 3)


def _same(a: Quantity | None, b: Quantity | None) -> bool:
    return a is not None and b is not None and mg_key(a) == mg_key(b)


def planned_steps(plan: Plan) -> tuple[PlannedStep, ...]:
    """The plan's doses as runs of days; consecutive steps at the same dose (a hold) are one run.

    Example: Standard from 1 Jan 2026 -> 1.5 mg 1-14 Jan, 3 mg 15-28 Jan, 4.5 mg from 29 Jan.
    """
    runs: list[PlannedStep] = []
    first: date | None = plan.start
    for step in plan.steps:
        if first is None:
            break
        last = None if step.days is None else _add_days(first, step.days - 1)
        if runs and _same(runs[-1].dose, step.dose):
            runs[-1] = replace(runs[-1], last=last)
        else:
            runs.append(PlannedStep(step.dose, first, last))
        first = None if last is None else _add_days(last, 1)
    return tuple(runs)


def _add_days(day: date, days: int) -> date | None:
    """None past the end of the calendar (a plan starting in year 9999 goes on)."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def planned_on(plan: Sequence[PlannedStep], night: date) -> PlannedStep | None:
    for run in plan:
        if run.first <= night and (run.last is None or night <= run.last):
            return run
    return None


def nights_of(entries: Iterable[LogEntry]) -> list[Night]:
    """Group entries by night (entries in any order), oldest night first."""
    grouped: dict[date, list[LogEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.night, []).append(entry)
    return [_reduce(day, grouped[day]) for day in sorted(grouped)]


def _reduce(day: date, entries: list[LogEntry]) -> Night:
    entries.sort(key=lambda e: e.at)
    symptoms: dict[str, int] = {}
    sleep: float | None = None
    dose: Quantity | None = None
    missed = False
    for entry in entries:
        if entry.symptom != NO_SIDE_EFFECTS:
            key = entry.symptom_text if entry.symptom == "other" else entry.symptom
            symptoms[key] = max(symptoms.get(key, 0), entry.severity)
        if entry.sleep_hours is not None:
            sleep = entry.sleep_hours
        if entry.dose is not None:
            dose = entry.dose
        missed = missed or entry.dose_missed
    severity = max(symptoms.values(), default=0)
    return Night(day, severity, symptoms, sleep, dose, missed and dose is None)


def _one_off(
    nights: Sequence[Night], index: int, current: Quantity, plan: Sequence[PlannedStep]
) -> bool:
    """Is night ``index`` (at another dose than ``current``) a single night off, not a change?"""
    dose = nights[index].dose
    later = next((n for n in nights[index + 1 :] if n.dose is not None), None)
    planned = planned_on(plan, nights[index].night)
    if planned is not None:
        return not _same(planned.dose, dose) and not _kept_off_plan(later, dose, plan)
    return later is not None and _same(later.dose, current)


def _kept_off_plan(later: Night | None, dose: Quantity | None, plan: Sequence[PlannedStep]) -> bool:
    """The next night logged has the same off-plan dose again (reaching the plan's next step at
    that dose is not keeping to an off-plan dose: the odd night was one early)."""
    if later is None or not _same(later.dose, dose):
        return False
    planned = planned_on(plan, later.night)
    return planned is None or not _same(planned.dose, later.dose)


def split_steps(nights: Sequence[Night], plan: Sequence[PlannedStep] = ()) -> list[Step]:
    """Consecutive nights grouped by the dose taken (see the module docstring)."""
    groups: list[tuple[Quantity | None, list[Night]]] = []
    current: Quantity | None = None
    for index, night in enumerate(nights):
        differs = night.dose is not None and not _same(night.dose, current)
        if differs and current is not None and _one_off(nights, index, current, plan):
            groups[-1][1].append(replace(night, other_dose=True))
            continue
        if not groups or differs:
            groups.append((night.dose, []))
            current = night.dose if night.dose is not None else current
        groups[-1][1].append(night)
    steps: list[Step] = []
    before: list[Night] = []
    for dose, group in groups:
        steps.append(_step(dose, group, plan, before))
        before.extend(group)
    return steps


def _step(
    dose: Quantity | None,
    nights: list[Night],
    plan: Sequence[PlannedStep],
    before: Sequence[Night],
) -> Step:
    """``before``: the nights logged before this step's first night, oldest first."""
    first = nights[0].night
    planned = planned_on(plan, first)
    if (
        planned is not None
        and _same(planned.dose, dose)
        and not _other_dose_since(before, planned.first, dose)
    ):
        return Step(dose, tuple(nights), planned.first, True)
    return Step(dose, tuple(nights), first, False)


def _other_dose_since(nights: Sequence[Night], day: date, dose: Quantity | None) -> bool:
    """Was another dose than ``dose`` logged as taken on a night from ``day`` on? (A missed or
    unrecorded night says nothing about the dose.)"""
    for night in reversed(nights):
        if night.night < day:
            return False
        if night.dose is not None and not _same(night.dose, dose):
            return True
    return False


def night_warning(saved: Iterable[LogEntry], new: LogEntry) -> str | None:
    """What to tell the patient when ``new`` contradicts what is saved for the same night: "no side
    effects" on a night with symptoms, or a symptom on a night logged as "no side effects".

    Example: headache 4/10 saved for 5 Jan, then "no side effects" -> "The night of 5 Jan 2026
    already has side effects logged (headache 4/10) ...".
    """
    same_night = [e for e in saved if e.night == new.night and e.id != new.id]
    day = format_day(new.night)
    if not new.is_symptom:
        felt = [e for e in same_night if e.is_symptom]
        if felt:
            shown = ", ".join(f"{e.symptom_text} {e.severity}/10" for e in felt[:3])
            more = f" and {len(felt) - 3} more" if len(felt) > 3 else ""
            return (
                f"The night of {day} already has side effects logged ({shown}{more}); "
                "'no side effects' contradicts them."
            )
        return None
    if any(not e.is_symptom for e in same_night):
        return (
            f"The night of {day} is already logged as 'no side effects'; "
            f"{new.symptom_text} contradicts it."
        )
    return None
