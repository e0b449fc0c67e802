"""Summaries of the side-effect log per dose step, for a prescriber reading it against the dose.

Dose steps are made by ``steps.split_steps`` (one night at another dose is not a step; day one of a
step is the plan's start of that dose when there is a plan). Within each step the first 14 days
from day one are compared with the rest: the early effects of LDN (vivid dreams, disturbed sleep)
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

from ldn_desktop.core import dates
from ldn_desktop.core.side_effects.entries import LogEntry
from ldn_desktop.core.side_effects.steps import Night, PlannedStep, nights_of, split_steps
from ldn_desktop.core.units.quantities import Quantity, format_dose, format_number
from ldn_desktop.core.words import counted, grouped

EARLY_DAYS = 14
MIN_NIGHTS_TO_COMPARE = 3
CLEAR_DIFFERENCE = 0.15  # a difference in the share of nights with symptoms worth a word


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
    other_dose_nights: int = 0
    sleep_nights: int = 0  # nights with sleep hours written: what mean_sleep_hours is over


@dataclass(frozen=True, slots=True)
class StepSummary:
    """One dose step. ``day_one``: where "first 14 days" count from (``day_one_from_plan``: the
    plan's start of this dose, else the first night logged); ``other_doses``: one-off nights at
    another dose, kept in this step."""

    dose: Quantity | None
    first_night: date
    last_night: date
    overall: PeriodStats
    early: PeriodStats
    later: PeriodStats
    line: str
    day_one: date
    day_one_from_plan: bool = False
    other_doses: tuple[tuple[date, Quantity], ...] = ()

    @property
    def dose_text(self) -> str:
        return self.dose_label()

    def dose_label(self, decimal_mark: str = ".") -> str:
        """``dose_text`` in the user's notation (``1,5 mg`` in a decimal-comma locale)."""
        if self.dose is None:
            return "dose not recorded"
        return format_dose(self.dose, decimal_mark=decimal_mark)


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
        other_dose_nights=sum(1 for n in nights if n.other_dose),
        sleep_nights=len(sleep),
    )


def summarise(
    entries: Iterable[LogEntry], plan: Sequence[PlannedStep] = (), decimal_mark: str = "."
) -> list[StepSummary]:
    """One summary per dose step, oldest first; ``plan``: the patient's titration plan
    (``planned_steps``), when there is one; ``decimal_mark``: the lines' (the window's locale;
    the CLI and printed report keep the point)."""
    summaries = []
    for step in split_steps(nights_of(entries), plan):
        nights = step.nights
        cut = step.day_one + timedelta(days=EARLY_DAYS)
        early = [n for n in nights if n.night < cut]
        later = [n for n in nights if n.night >= cut]
        others = tuple((n.night, n.dose) for n in nights if n.other_dose and n.dose is not None)
        partial = StepSummary(
            step.dose,
            nights[0].night,
            nights[-1].night,
            period_stats(nights),
            period_stats(early),
            period_stats(later),
            "",
            step.day_one,
            step.day_one_from_plan,
            others,
        )
        summaries.append(replace(partial, line=prescriber_line(partial, decimal_mark)))
    return summaries


def format_day(day: date) -> str:
    """``5 Jan 2026``: unambiguous, and the same in every locale (``core.dates.format_day``: the
    window runs with the user's locale, where ``%b`` would say ``déc.``)."""
    return dates.format_day(day)


def _one(value: float, decimal_mark: str) -> str:
    return format_number(value, 1, decimal_mark)


def prescriber_line(step: StepSummary, decimal_mark: str = ".") -> str:
    """One plain sentence a prescriber can read at a glance (figures only, no advice).

    Example: ``1.5 mg, 5 Jan 2026 – 22 Jan 2026: 18 nights logged. Side effects on 9 nights (mean
    severity 2.1/10 over all 18 nights logged, worst 7/10), most often vivid dreams (8 nights).
    First 14 days: 8 of 14 nights; after: 1 of 4 nights (fewer). Sleep 6.4 h on average.``
    """
    o = step.overall
    parts = [
        f"{step.dose_label(decimal_mark)}, "
        f"{format_day(step.first_night)} – {format_day(step.last_night)}: "
        f"{plural(o.nights_logged, 'night', decimal_mark=decimal_mark)} logged"
        + (
            f", {plural(o.missed_doses, 'dose', decimal_mark=decimal_mark)} missed."
            if o.missed_doses
            else "."
        )
    ]
    if o.nights_with_symptoms == 0:
        parts.append("No side effects logged.")
    else:
        # the mean is over every night logged (0 for a night without side effects): said so
        # when that is not only the nights with side effects the sentence names
        over = (
            ""
            if o.nights_with_symptoms == o.nights_logged
            else (f" over all {grouped(o.nights_logged, decimal_mark)} nights logged")
        )
        parts.append(
            f"Side effects on {plural(o.nights_with_symptoms, 'night', decimal_mark=decimal_mark)}"
            " (mean severity "
            f"{_one(o.mean_severity or 0, decimal_mark)}/10{over}, worst {o.worst_severity}/10), most often "
            f"{_most_often(o.symptoms, decimal_mark)}."
        )
        parts.append(_trend(step, decimal_mark))
    if step.other_doses:
        parts.append(_other_doses(step.other_doses, decimal_mark))
    if o.mean_sleep_hours is not None:
        covers = (
            ""
            if o.sleep_nights == o.nights_logged
            else f" over the {grouped(o.sleep_nights, decimal_mark)} of "
            f"{plural(o.nights_logged, 'night', decimal_mark=decimal_mark)} with sleep recorded"
        )
        parts.append(f"Sleep {_one(o.mean_sleep_hours, decimal_mark)} h on average{covers}.")
    return " ".join(parts)


def _most_often(symptoms: tuple[SymptomStats, ...], decimal_mark: str) -> str:
    """``vivid dreams (8 nights)``; every symptom tied for the most nights is named (the list is
    ordered by nights, then name): ``headache and vivid dreams (3 nights each)``."""
    most = symptoms[0].nights
    tied = [s.symptom for s in symptoms if s.nights == most]
    nights = plural(most, "night", decimal_mark=decimal_mark)
    if len(tied) == 1:
        return f"{tied[0]} ({nights})"
    shown = tied if len(tied) <= 3 else [*tied[:3], f"{grouped(len(tied) - 3, decimal_mark)} more"]
    return f"{', '.join(shown[:-1])} and {shown[-1]} ({nights} each)"


def plural(count: int, word: str, many: str | None = None, *, decimal_mark: str = ".") -> str:
    """``1 night``, ``2 nights``, ``1 entry``, ``3 entries``: the program's one counting rule
    (``core.words.counted``; ``1 200 nights`` with a decimal comma)."""
    return counted(count, word, many, decimal_mark)


def _other_doses(nights: tuple[tuple[date, Quantity], ...], decimal_mark: str) -> str:
    shown = ", ".join(
        f"{format_dose(dose, decimal_mark=decimal_mark)} on {format_day(day)}"
        for day, dose in nights[:3]
    )
    more = f" and {grouped(len(nights) - 3, decimal_mark)} more" if len(nights) > 3 else ""
    return f"{plural(len(nights), 'night', decimal_mark=decimal_mark)} at another dose ({shown}{more})."


def _trend(step: StepSummary, decimal_mark: str) -> str:
    early, later = step.early, step.later
    source = "the step's start in the plan" if step.day_one_from_plan else "the first night logged"
    head = f"First {EARLY_DAYS} days (from {format_day(step.day_one)}, {source}): "
    if early.nights_logged == 0:
        return head + "no nights logged."
    head += _of(early, decimal_mark)
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
    return head + f"; after: {_of(later, decimal_mark)} ({word})."


def _of(period: PeriodStats, decimal_mark: str) -> str:
    """``8 of 14 nights``."""
    felt = grouped(period.nights_with_symptoms, decimal_mark)
    return f"{felt} of {plural(period.nights_logged, 'night', decimal_mark=decimal_mark)}"


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


def chart_data(
    entries: Sequence[LogEntry], first: date, last: date, plan: Sequence[PlannedStep] = ()
) -> ChartData:
    """Points between two nights (inclusive). The staircase steps at each dose change (the same
    steps as the summary: one night at another dose is no step) and runs to the last night
    logged in the range (not beyond: the log says nothing about later nights), so a flat line
    means the dose did not change."""
    chosen = [e for e in entries if first <= e.night <= last]
    severity: dict[str, list[tuple[datetime, int]]] = {}
    for entry in sorted(chosen, key=lambda e: e.at):
        if entry.is_symptom:
            severity.setdefault(entry.symptom, []).append((entry.at, entry.severity))
    stairs: list[tuple[date, float]] = []
    for step in split_steps(nights_of(chosen), plan):
        if step.dose is not None:
            stairs.append((step.nights[0].night, float(step.dose.to("milligram").magnitude)))
    if stairs:
        last_logged = max(e.night for e in chosen)
        stairs.append((last_logged + timedelta(days=1), stairs[-1][1]))
    return ChartData(first, last, severity, stairs)
