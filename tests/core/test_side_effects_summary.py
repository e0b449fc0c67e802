"""Summaries per dose step (issue 6), checked against a worked example computed by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ldn_desktop.core.side_effects.entries import LogEntry
from ldn_desktop.core.side_effects.summary import chart_data, nights_of, summarise
from ldn_desktop.core.units.quantities import Q_

DREAMS = [6, 5, 5, 4, 4, 3, 2, 1]  # 1-8 Jan at 1.5 mg: mean 3.75, worst 6


def _at(day: date, hour: int = 22) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def worked_example() -> list[LogEntry]:
    """1.5 mg for 20 nights (1-20 Jan 2026, one missed on 10 Jan), then 3 mg for 5 nights."""
    entries: list[LogEntry] = []
    for offset in range(25):
        day = date(2026, 1, 1) + timedelta(days=offset)
        dose = Q_(1.5, "mg") if offset < 20 else Q_(3, "mg")
        missed = day == date(2026, 1, 10)
        common = {
            "sleep_hours": 5.0 if offset < 4 else 7.0,
            "dose": None if missed else dose,
            "dose_missed": missed,
        }
        if offset < 8:
            entries.append(
                LogEntry(f"d{offset}", _at(day), "vivid dreams", DREAMS[offset], **common)
            )
        elif offset != 20:
            entries.append(LogEntry(f"n{offset}", _at(day), "no side effects", 0, **common))
    entries.append(LogEntry("h", _at(date(2026, 1, 3), 23), "headache", 2))
    # a morning entry about the night of 21 Jan (the first night at 3 mg)
    entries.append(
        LogEntry("m", _at(date(2026, 1, 22), 7), "trouble falling asleep", 3, dose=Q_(3, "mg"))
    )
    return entries


def test_nights_reduce_to_worst_severity_and_last_sleep() -> None:
    nights = nights_of(worked_example())
    assert len(nights) == 25
    third = nights[2]
    assert third.severity == 5 and third.symptoms == {"vivid dreams": 5, "headache": 2}
    assert nights[9].missed and nights[9].dose is None
    assert nights[20].night == date(2026, 1, 21) and nights[20].symptoms == {
        "trouble falling asleep": 3
    }


def test_steps_follow_the_dose_and_keep_missed_nights() -> None:
    first, second = summarise(worked_example())
    assert (first.dose_text, first.first_night, first.last_night) == (
        "1.5 mg",
        date(2026, 1, 1),
        date(2026, 1, 20),
    )
    o = first.overall
    assert (o.nights_logged, o.nights_with_symptoms, o.missed_doses) == (20, 8, 1)
    assert o.mean_severity == pytest.approx(30 / 20)
    assert o.worst_severity == 6
    assert o.mean_sleep_hours == pytest.approx((4 * 5 + 16 * 7) / 20)
    dreams = o.symptoms[0]
    assert (dreams.symptom, dreams.nights, dreams.worst_severity) == ("vivid dreams", 8, 6)
    assert dreams.mean_severity == pytest.approx(3.75)
    assert (first.early.nights_logged, first.early.nights_with_symptoms) == (14, 8)
    assert (first.later.nights_logged, first.later.nights_with_symptoms) == (6, 0)
    assert (second.dose_text, second.first_night, second.overall.nights_logged) == (
        "3 mg",
        date(2026, 1, 21),
        5,
    )


def test_plain_language_line() -> None:
    first, second = summarise(worked_example())
    assert first.line == (
        "1.5 mg, 1 Jan 2026 – 20 Jan 2026: 20 nights logged, 1 dose missed. "
        "Side effects on 8 nights (mean severity 1.5/10 over all 20 nights logged, worst 6/10), "
        "most often vivid dreams "
        "(8 nights). First 14 days (from 1 Jan 2026, the first night logged): 8 of 14 nights; "
        "after: 0 of 6 nights (fewer). "
        "Sleep 6.6 h on average."
    )
    assert "too few nights after day 14 to compare" in second.line


def test_quiet_step_and_unknown_dose() -> None:
    quiet = [
        LogEntry(str(i), _at(date(2026, 2, 1) + timedelta(days=i)), "no side effects", 0)
        for i in range(3)
    ]
    (step,) = summarise(quiet)
    assert step.dose is None and step.dose_text == "dose not recorded"
    assert "No side effects logged." in step.line
    assert summarise([]) == []


def test_symptoms_worse_later_are_called_more() -> None:
    entries = [
        LogEntry(
            str(i),
            _at(date(2026, 2, 1) + timedelta(days=i)),
            "nausea" if i >= 14 else "no side effects",
            3 if i >= 14 else 0,
            dose=Q_(4.5, "mg"),
        )
        for i in range(20)
    ]
    assert "after: 6 of 6 nights (more)" in summarise(entries)[0].line


def test_chart_data_staircase_and_points() -> None:
    data = chart_data(worked_example(), date(2026, 1, 1), date(2026, 1, 25))
    assert data.dose_steps == [
        (date(2026, 1, 1), 1.5),
        (date(2026, 1, 21), 3.0),
        (date(2026, 1, 26), 3.0),
    ]
    assert [s for _, s in data.severity["vivid dreams"]] == DREAMS
    assert "no side effects" not in data.severity
    narrow = chart_data(worked_example(), date(2026, 1, 5), date(2026, 1, 6))
    assert [s for _, s in narrow.severity["vivid dreams"]] == [4, 3]


def test_dose_line_stops_at_the_last_logged_night() -> None:
    """A range wider than the log never draws the dose past the last night logged."""
    data = chart_data(worked_example(), date(2026, 1, 1), date(2026, 3, 31))
    assert data.dose_steps[-1] == (date(2026, 1, 26), 3.0)


from hypothesis import (  # noqa: E402
    given,
    settings,
    strategies as st,
)

_entries = st.lists(
    st.builds(
        lambda i, day, hour, severity, dose: LogEntry(
            f"p{i}",
            datetime(2026, 1, 1, hour, 0, tzinfo=UTC) + timedelta(days=day),
            "no side effects" if severity == 0 else "nausea",
            severity,
            dose=None if dose is None else Q_(dose, "mg"),
        ),
        st.integers(0, 10**6),
        st.integers(0, 90),
        st.integers(0, 23),
        st.integers(0, 10),
        st.sampled_from([None, 1.5, 3, 4.5]),
    ),
    max_size=40,
    unique_by=lambda e: e.id,
)


@settings(max_examples=80, deadline=None)
@given(_entries)
def test_every_night_counts_once_in_exactly_one_step(entries: list[LogEntry]) -> None:
    steps = summarise(entries)
    assert sum(s.overall.nights_logged for s in steps) == len({e.night for e in entries})
    for step in steps:
        o = step.overall
        assert step.early.nights_logged + step.later.nights_logged == o.nights_logged
        assert o.worst_severity is not None and o.mean_severity is not None
        assert 0 <= o.mean_severity <= o.worst_severity <= 10
        assert step.line.startswith(step.dose_text)
    assert [s.first_night for s in steps] == sorted(s.first_night for s in steps)


def test_the_sleep_average_says_how_many_nights_it_covers() -> None:
    """'Sleep 6.5 h on average' over a step of 20 nights where sleep was written on 3 read as
    the step's average: the line says which nights it covers (and the JSON counts them)."""
    from ldn_desktop.core.side_effects import make_entry, summarise
    from ldn_desktop.core.units import Q_

    start = datetime(2026, 1, 1, 22, 0).astimezone()
    now = start + timedelta(days=30)

    def night(n: int, hours: float | None) -> object:
        return make_entry(at=start + timedelta(days=n), symptom="headache", severity=2,
                          sleep_hours=hours, dose=Q_(1.5, "mg"), now=now)  # fmt: skip

    some = [night(n, 6.5 if n < 3 else None) for n in range(20)]
    (step,) = summarise(some)
    assert step.overall.sleep_nights == 3
    assert "Sleep 6.5 h on average over the 3 of 20 nights with sleep recorded." in step.line
    every = [night(n, 6.5) for n in range(20)]
    (step,) = summarise(every)
    assert step.overall.sleep_nights == 20
    assert step.line.endswith("Sleep 6.5 h on average.")
