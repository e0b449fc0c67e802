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


def test_most_often_names_every_symptom_tied_for_the_most_nights() -> None:
    """Headache and vivid dreams on 2 nights each: 'most often headache (2 nights)' (the first
    in the alphabet) said headache was the more frequent."""
    nights = [("headache", 4), ("vivid dreams", 2), ("headache", 3), ("vivid dreams", 5)]
    (step,) = summarise(_log([*nights, ("insomnia", 1)]))
    assert "most often headache and vivid dreams (2 nights each)." in step.line
    (single,) = summarise(_log([("headache", 4), ("headache", 3), ("insomnia", 1)]))
    assert "most often headache (2 nights)." in single.line
    four = [("headache", 1), ("insomnia", 1), ("nausea", 1), ("vivid dreams", 1)]
    (many,) = summarise(_log(four))
    assert "most often headache, insomnia, nausea and 1 more (1 night each)." in many.line
