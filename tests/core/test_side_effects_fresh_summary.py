"""Fresh cases of the prescriber's summary line (checked by hand against the figures)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ldn_desktop.core.side_effects import LogEntry, summarise


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 22, 0, tzinfo=UTC)


def _log(per_night: list[tuple[str, int]]) -> list[LogEntry]:
    first = date(2026, 10, 1)
    return [
        LogEntry(f"e{i}", _at(first + timedelta(days=i)), symptom, severity)
        for i, (symptom, severity) in enumerate(per_night)
    ]


def test_the_mean_severity_says_it_is_over_every_night_logged() -> None:
    """Headache 6/10 on 2 of 4 nights: the mean 3/10 is over all 4 nights (0 for the quiet ones);
    written inside 'Side effects on 2 nights (...)' it read as the mean of those 2 nights (6/10),
    beside a symptom table that says headache: mean severity 6."""
    quiet = ("no side effects", 0)
    (step,) = summarise(_log([("headache", 6), quiet, ("headache", 6), quiet]))
    assert step.overall.mean_severity == 3
    assert step.overall.symptoms[0].mean_severity == 6
    assert (
        "Side effects on 2 nights (mean severity 3/10 over all 4 nights logged, worst 6/10)"
        in step.line
    )
