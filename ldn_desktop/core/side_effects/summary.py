"""Summaries of the side-effect log per dose step, for a prescriber reading it against the dose.

A *dose step* starts on the first night a new dose was taken and runs until the next change
(missed doses and nights without a recorded dose stay in the current step). Within each step the
first 14 nights are compared with the rest: the early effects of LDN (vivid dreams, disturbed sleep)
"typically resolve within 1-2 weeks" and titration goes up every 2 weeks if tolerated
(shared/seeds: LDN initiation 1.5 mg for 2 weeks, then titrate), so a prescriber asks whether
effects eased after the first two weeks of a step before raising, holding or stepping back.

Per night: its severity is the worst severity logged that night (0 for "no side effects"); its
sleep hours are the last sleep hours recorded for it. Means are over nights, not entries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from statistics import fmean

from ldn_desktop.core.side_effects.entries import LogEntry
from ldn_desktop.core.side_effects.symptoms import NO_SIDE_EFFECTS
from ldn_desktop.core.units.quantities import Quantity, format_dose, format_number

EARLY_DAYS = 14
MIN_NIGHTS_TO_COMPARE = 3
CLEAR_DIFFERENCE = 0.15  # a difference in the share of nights with symptoms worth a word


@dataclass(frozen=True, slots=True)
class Night:
    """All entries of one night, reduced."""

    night: date
    severity: int
    symptoms: dict[str, int]  # symptom -> worst severity that night
    sleep_hours: float | None
    dose: Quantity | None
    missed: bool


@dataclass(frozen=True, slots=True)
class SymptomStats:
    symptom: str
    nights: int
    mean_severity: float
    worst_severity: int


@dataclass(frozen=True, slots=True)
class PeriodStats:
    """Figures over some nights (a whole step, its first 14 days or the rest)."""

    nights_logged: int
    nights_with_symptoms: int
    mean_severity: float | None
    worst_severity: int | None
    mean_sleep_hours: float | None
    missed_doses: int
    symptoms: tuple[SymptomStats, ...]


@dataclass(frozen=True, slots=True)
class StepSummary:
    dose: Quantity | None
    first_night: date
    last_night: date
    overall: PeriodStats
    early: PeriodStats
    later: PeriodStats
    line: str

    @property
    def dose_text(self) -> str:
        return format_dose(self.dose) if self.dose is not None else "dose not recorded"


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


def split_steps(nights: Sequence[Night]) -> list[list[Night]]:
    """Consecutive nights grouped by the dose taken; a new step starts when the dose changes."""
    steps: list[list[Night]] = []
    current: Quantity | None = None
    for night in nights:
        changed = night.dose is not None and (current is None or night.dose != current)
        if not steps or changed:
            steps.append([])
            if night.dose is not None:
                current = night.dose
        steps[-1].append(night)
    return steps


def period_stats(nights: Sequence[Night]) -> PeriodStats:
    """Nights logged, nights with each symptom, mean and worst severity, mean sleep hours."""
    per_symptom: dict[str, list[int]] = {}
    for night in nights:
        for symptom, severity in night.symptoms.items():
            per_symptom.setdefault(symptom, []).append(severity)
    stats = tuple(
        SymptomStats(name, len(values), fmean(values), max(values))
        for name, values in sorted(per_symptom.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    )
    sleep = [n.sleep_hours for n in nights if n.sleep_hours is not None]
    return PeriodStats(
        nights_logged=len(nights),
        nights_with_symptoms=sum(1 for n in nights if n.symptoms),
        mean_severity=fmean(n.severity for n in nights) if nights else None,
        worst_severity=max((n.severity for n in nights), default=None),
        mean_sleep_hours=fmean(sleep) if sleep else None,
        missed_doses=sum(1 for n in nights if n.missed),
        symptoms=stats,
    )


def summarise(entries: Iterable[LogEntry]) -> list[StepSummary]:
    """One summary per dose step, oldest first."""
    summaries = []
    for step in split_steps(nights_of(entries)):
        start = step[0].night
        cut = start + timedelta(days=EARLY_DAYS)
        early = [n for n in step if n.night < cut]
        later = [n for n in step if n.night >= cut]
        dose = next((n.dose for n in step if n.dose is not None), None)
        overall = period_stats(step)
        partial = StepSummary(
            dose, start, step[-1].night, overall, period_stats(early), period_stats(later), ""
        )
        summaries.append(replace(partial, line=prescriber_line(partial)))
    return summaries


def format_day(day: date) -> str:
    """``5 Jan 2026``: unambiguous in every locale."""
    return f"{day.day} {day:%b %Y}"


def _one(value: float) -> str:
    return format_number(value, 1)


def prescriber_line(step: StepSummary) -> str:
    """One plain sentence a prescriber can read at a glance (figures only, no advice).

    Example: ``1.5 mg, 5 Jan 2026 – 22 Jan 2026: 18 nights logged. Side effects on 9 nights (mean
    severity 2.1/10, worst 7/10), most often vivid dreams (8 nights). First 14 days: 8 of 14
    nights; after: 1 of 4 nights (fewer). Sleep 6.4 h on average.``
    """
    o = step.overall
    parts = [
        f"{step.dose_text}, {format_day(step.first_night)} – {format_day(step.last_night)}: "
        f"{o.nights_logged} night{'s' if o.nights_logged != 1 else ''} logged"
        + (
            f", {o.missed_doses} dose{'s' if o.missed_doses != 1 else ''} missed."
            if o.missed_doses
            else "."
        )
    ]
    if o.nights_with_symptoms == 0:
        parts.append("No side effects logged.")
    else:
        top = o.symptoms[0]
        parts.append(
            f"Side effects on {o.nights_with_symptoms} night"
            f"{'s' if o.nights_with_symptoms != 1 else ''} (mean severity "
            f"{_one(o.mean_severity or 0)}/10, worst {o.worst_severity}/10), most often "
            f"{top.symptom} ({top.nights} night{'s' if top.nights != 1 else ''})."
        )
        parts.append(_trend(step.early, step.later))
    if o.mean_sleep_hours is not None:
        parts.append(f"Sleep {_one(o.mean_sleep_hours)} h on average.")
    return " ".join(parts)


def _trend(early: PeriodStats, later: PeriodStats) -> str:
    head = f"First {EARLY_DAYS} days: {early.nights_with_symptoms} of {early.nights_logged} nights"
    if later.nights_logged < MIN_NIGHTS_TO_COMPARE:
        return head + f"; too few nights after day {EARLY_DAYS} to compare."
    rate_early = early.nights_with_symptoms / early.nights_logged
    rate_later = later.nights_with_symptoms / later.nights_logged
    if rate_later < rate_early - CLEAR_DIFFERENCE:
        word = "fewer"
    elif rate_later > rate_early + CLEAR_DIFFERENCE:
        word = "more"
    else:
        word = "about the same"
    return head + f"; after: {later.nights_with_symptoms} of {later.nights_logged} nights ({word})."


def symptom_counts(entries: Iterable[LogEntry]) -> Counter[str]:
    """How many entries name each symptom (for the filter list)."""
    return Counter(e.symptom for e in entries)


@dataclass(frozen=True, slots=True)
class ChartData:
    """What the chart draws: severity points per symptom, and the dose as a staircase (mg)."""

    first_night: date
    last_night: date
    severity: dict[str, list[tuple[datetime, int]]]
    dose_steps: list[tuple[date, float]]


def chart_data(entries: Sequence[LogEntry], first: date, last: date) -> ChartData:
    """Points between two nights (inclusive). The staircase steps at each dose change and runs
    to the last night logged in the range (not beyond: the log says nothing about later nights),
    so a flat line means the dose did not change."""
    chosen = [e for e in entries if first <= e.night <= last]
    severity: dict[str, list[tuple[datetime, int]]] = {}
    for entry in sorted(chosen, key=lambda e: e.at):
        if entry.is_symptom:
            severity.setdefault(entry.symptom, []).append((entry.at, entry.severity))
    stairs: list[tuple[date, float]] = []
    for step in split_steps(nights_of(chosen)):
        dose = next((n.dose for n in step if n.dose is not None), None)
        if dose is not None:
            stairs.append((step[0].night, float(dose.to("milligram").magnitude)))
    if stairs:
        last_logged = max(e.night for e in chosen)
        stairs.append((last_logged + timedelta(days=1), stairs[-1][1]))
    return ChartData(first, last, severity, stairs)
