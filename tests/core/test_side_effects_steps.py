"""Dose steps read against the titration plan, and the entry rules of issue 11 (part D) and 12."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects import (
    NO_SIDE_EFFECTS,
    LogEntry,
    chart_data,
    make_entry,
    night_warning,
    parse_dose_taken,
    parse_entry_time,
    planned_steps,
    severity_for,
    summarise,
)
from ldn_desktop.core.titration import make_plan, protocol_steps
from ldn_desktop.core.units.quantities import Q_
from ldn_desktop.paths import resource_path

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
STANDARD = planned_steps(make_plan(date(2026, 1, 1), protocol_steps("standard")))


def _night(day: date, symptom: str, severity: int, dose: float | None, i: str) -> LogEntry:
    at = datetime(day.year, day.month, day.day, 22, 0, tzinfo=UTC)
    return LogEntry(i, at, symptom, severity, dose=None if dose is None else Q_(dose, "mg"))


def _run(first: date, nights: int, dose: float | None, symptom: str = "vivid dreams") -> list:
    severity = 0 if symptom == NO_SIDE_EFFECTS else 3
    return [
        _night(first + timedelta(days=i), symptom, severity, dose, f"{first}-{i}")
        for i in range(nights)
    ]


def test_planned_steps_are_runs_of_one_dose() -> None:
    assert [(str(s.dose), s.first, s.last) for s in STANDARD] == [
        ("1.5 milligram", date(2026, 1, 1), date(2026, 1, 14)),
        ("3.0 milligram", date(2026, 1, 15), date(2026, 1, 28)),
        ("4.5 milligram", date(2026, 1, 29), None),
    ]


def test_first_14_days_count_from_the_steps_start_in_the_plan() -> None:
    """Logging began on day 10 of the 1.5 mg step: nights 10-14 are in its first 14 days and
    the nights from 15 Jan belong to the 3 mg step, whose day one is 15 Jan in the plan."""
    entries = _run(date(2026, 1, 10), 5, 1.5) + _run(date(2026, 1, 18), 20, 3)
    first, second = summarise(entries, STANDARD)
    assert (first.day_one, first.day_one_from_plan) == (date(2026, 1, 1), True)
    assert (second.day_one, second.first_night) == (date(2026, 1, 15), date(2026, 1, 18))
    # 3 mg: 18-28 Jan are in the first 14 days (15-28 Jan), 29 Jan - 6 Feb after
    assert (second.early.nights_logged, second.later.nights_logged) == (11, 9)
    assert "First 14 days (from 15 Jan 2026, the step's start in the plan): 11 of 11" in (
        second.line
    )
    without_plan = summarise(entries)[1]
    assert (without_plan.day_one, without_plan.day_one_from_plan) == (date(2026, 1, 18), False)
    assert (without_plan.early.nights_logged, without_plan.later.nights_logged) == (14, 6)
    assert "(from 18 Jan 2026, the first night logged)" in without_plan.line


def test_a_step_long_after_its_start_says_no_nights_in_its_first_14_days() -> None:
    (step,) = summarise(_run(date(2026, 3, 1), 10, 4.5), STANDARD)
    assert step.day_one == date(2026, 1, 29) and step.early.nights_logged == 0
    assert "First 14 days (from 29 Jan 2026, the step's start in the plan): no nights" in step.line


@pytest.mark.parametrize("plan", [(), STANDARD], ids=["no plan", "plan"])
def test_a_single_off_plan_night_is_not_a_step(plan: tuple) -> None:
    entries = _run(date(2026, 1, 1), 14, 1.5)
    entries[6] = _night(date(2026, 1, 7), "headache", 4, 3, "odd")  # 3 mg once
    (step,) = summarise(entries, plan)
    assert step.dose_text == "1.5 mg" and step.overall.nights_logged == 14
    assert step.other_doses == ((date(2026, 1, 7), Q_(3, "mg")),)
    assert step.overall.other_dose_nights == 1
    assert "1 night at another dose (3 mg on 7 Jan 2026)." in step.line
    data = chart_data(entries, date(2026, 1, 1), date(2026, 1, 14), plan)
    assert [mg for _, mg in data.dose_steps] == [1.5, 1.5]  # no spike to 3 mg and back


def test_an_off_plan_last_night_is_a_one_off_when_the_plan_says_so() -> None:
    entries = [*_run(date(2026, 1, 1), 10, 1.5), _night(date(2026, 1, 11), "nausea", 2, 4.5, "x")]
    (step,) = summarise(entries, STANDARD)
    assert step.other_doses == ((date(2026, 1, 11), Q_(4.5, "mg")),)
    assert len(summarise(entries)) == 2  # without a plan nothing says it was a mistake


def test_a_change_the_patient_keeps_to_is_a_step_even_off_plan() -> None:
    entries = _run(date(2026, 1, 1), 5, 1.5) + _run(date(2026, 1, 6), 3, 3)
    assert [s.dose_text for s in summarise(entries, STANDARD)] == ["1.5 mg", "3 mg"]
    back = _run(date(2026, 1, 1), 5, 1.5) + _run(date(2026, 1, 6), 2, 3)
    back += _run(date(2026, 1, 8), 3, 1.5)
    assert [s.dose_text for s in summarise(back)] == ["1.5 mg", "3 mg", "1.5 mg"]


def test_the_step_up_night_itself_is_a_step_in_the_plan() -> None:
    entries = _run(date(2026, 1, 1), 14, 1.5) + _run(date(2026, 1, 15), 1, 3)
    assert [s.dose_text for s in summarise(entries, STANDARD)] == ["1.5 mg", "3 mg"]


def test_plan_starting_at_the_end_of_the_calendar_does_not_overflow() -> None:
    runs = planned_steps(make_plan(date(9999, 12, 31), protocol_steps("standard")))
    assert runs[0].first == date(9999, 12, 31) and runs[0].last is None


# -- entry rules ------------------------------------------------------------------------------


@pytest.mark.parametrize("severity", ["0", "00", 0])
def test_a_named_symptom_at_severity_0_is_refused(severity: str | int) -> None:
    with pytest.raises(InputError, match="0 means none") as caught:
        severity_for("headache", severity)
    assert caught.value.field == "severity"
    with pytest.raises(InputError, match="0 means none"):
        make_entry(at=NOW, symptom="headache", severity=0, now=NOW)


def test_no_side_effects_needs_no_severity_but_a_symptom_does() -> None:
    assert severity_for(NO_SIDE_EFFECTS, None) == 0
    assert severity_for(NO_SIDE_EFFECTS, "0") == 0
    with pytest.raises(InputError, match="severity 0"):
        severity_for(NO_SIDE_EFFECTS, "3")
    with pytest.raises(InputError, match="required for nausea"):
        severity_for("nausea", None)
    assert severity_for("nausea", " 1 ") == 1


def _dose_limits() -> tuple[Decimal, Decimal]:
    data = json.loads(resource_path("data", "titration.json").read_text(encoding="utf-8"))
    return Decimal(data["dose_mg"]["minimum"]), Decimal(data["dose_mg"]["maximum"])


def test_logged_dose_range_comes_from_the_reference_data() -> None:
    low, high = _dose_limits()
    for text in (f"{low} mg", f"{high} mg", "1.5 mg", f"{high * 1000} mcg"):
        assert parse_dose_taken(text)[0] is not None
    for text in ("7 mg", f"{high + Decimal('0.1')} mg", f"{low / 2} mg", "50 mg"):
        with pytest.raises(InputError, match="outside the LDN dose range") as caught:
            parse_dose_taken(text)
        assert caught.value.field == "dose"
    with pytest.raises(InputError, match="outside the LDN dose range"):
        make_entry(at=NOW, symptom="headache", severity=2, now=NOW, dose=Q_(7, "mg"))


@pytest.mark.parametrize(
    "text",
    [
        "9999-12-31T22:00",
        "9999-12-31",
        "9999-12-31T23:59+00:00",
        "9999-12-31T23:59-23:59",
        "2026-01-05T22:30+05:30:15",
        "2026-01-05T22:30:00+01:00:00.5",
        "0001-01-01T00:00+14:00",
    ],
)
def test_extreme_times_are_one_clear_input_error(text: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_entry_time(text, NOW)
    assert caught.value.field == "at" and str(caught.value).startswith("Date and time:")


def test_an_offset_with_seconds_is_refused_by_the_shared_time_check() -> None:
    odd = timezone(timedelta(hours=5, minutes=30, seconds=15))
    with pytest.raises(InputError, match="offset has seconds"):
        make_entry(
            at=datetime(2026, 1, 5, 22, 0, tzinfo=odd), symptom="nausea", severity=1, now=NOW
        )


def test_no_side_effects_on_a_night_with_symptoms_gets_a_warning() -> None:
    headache = _night(date(2026, 1, 5), "headache", 4, None, "h")
    quiet = make_entry(
        at=datetime(2026, 1, 6, 7, 0, tzinfo=UTC), symptom=NO_SIDE_EFFECTS, severity=0, now=NOW
    )  # a morning entry: the night of 5 Jan
    warning = night_warning([headache], quiet)
    assert warning is not None and "5 Jan 2026" in warning and "headache 4/10" in warning
    assert (
        night_warning([headache], _night(date(2026, 1, 6), NO_SIDE_EFFECTS, 0, None, "q")) is None
    )
    nausea = _night(date(2026, 1, 5), "nausea", 2, None, "n")
    assert "already logged as 'no side effects'" in (night_warning([quiet], nausea) or "")
    assert night_warning([headache], nausea) is None  # two symptoms do not contradict


def test_one_odd_night_at_the_next_steps_dose_stays_a_one_off() -> None:
    """3 mg on 10 Jan (plan: 1.5 mg), back to 1.5 mg, then the plan's 3 mg from 15 Jan: the
    odd night is not the start of the 3 mg step, even though the next dose logged is 3 mg."""
    entries = [
        *_run(date(2026, 1, 8), 2, 1.5),
        _night(date(2026, 1, 10), "nausea", 2, 3, "odd"),
        *_run(date(2026, 1, 16), 4, 3),
    ]
    first, second = summarise(entries, STANDARD)
    assert first.other_doses == ((date(2026, 1, 10), Q_(3, "mg")),)
    assert (second.dose_text, second.first_night) == ("3 mg", date(2026, 1, 16))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("5 Jan 2026 22:30", (2026, 1, 5, 22, 30)),
        ("5 Jan 2026", (2026, 1, 5, 21, 0)),
        ("2026-01-05 22:30", (2026, 1, 5, 22, 30)),
        ("Jan 5, 2026 07:05", (2026, 1, 5, 7, 5)),
    ],
)
def test_an_entry_time_is_read_in_the_style_it_is_shown(typed: str, expected: tuple) -> None:
    """The log shows '5 Jan 2026 22:30' (core.dates, one style for people, issue 13): editing that
    cell as shown must read back the same moment."""
    from datetime import datetime

    from ldn_desktop.core.dates import format_moment
    from ldn_desktop.core.side_effects.times import parse_entry_time

    now = datetime(2026, 2, 1, 12, 0).astimezone()
    at = parse_entry_time(typed, now)
    assert (at.year, at.month, at.day, at.hour, at.minute) == expected
    assert parse_entry_time(format_moment(at), now) == at


@pytest.mark.parametrize(
    "typed", ["5 Jan 2026 25:00", "5 Jan 2026 22:61", "03/04/2026 22:00", "soon"]
)
def test_an_impossible_entry_time_is_one_message(typed: str) -> None:
    from datetime import datetime

    from ldn_desktop.core.errors import InputError
    from ldn_desktop.core.side_effects.times import parse_entry_time

    with pytest.raises(InputError, match="Date and time"):
        parse_entry_time(typed, datetime(2026, 2, 1, 12, 0).astimezone())
