"""Holds, step-backs and dose-time changes (issue #5; worked examples in titration_changes)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.changes import change_dose_time, hold, step_back
from ldn_desktop.core.titration.protocols import parse_steps, protocol_steps
from ldn_desktop.core.titration.schedule import (
    DoseTime,
    build_schedule,
    dose_mg,
    dose_on,
    make_plan,
)

START = date(2026, 12, 1)


def _standard():
    return make_plan(START, protocol_steps("standard"), protocol="standard")


def _dose(plan, day: date) -> str:
    return str(dose_mg(dose_on(plan, day)))


def test_hold_shifts_later_steps() -> None:
    plan, change = hold(_standard(), date(2026, 12, 15), 7)
    assert change.kind == "hold" and change.days == 7
    assert change.summary == "Hold 3 mg 7 more days from 15 Dec 2026"
    assert _dose(plan, date(2026, 12, 14)) == "1.5"
    assert _dose(plan, date(2027, 1, 4)) == "3"
    assert _dose(plan, date(2027, 1, 5)) == "4.5"


def test_hold_in_the_first_step_moves_everything() -> None:
    plan, _ = hold(_standard(), date(2026, 12, 3), 3)
    assert _dose(plan, date(2026, 12, 17)) == "1.5"
    assert _dose(plan, date(2026, 12, 18)) == "3"
    assert _dose(plan, date(2027, 1, 1)) == "4.5"


def test_hold_across_the_year_end() -> None:
    plan, _ = hold(make_plan(date(2026, 12, 20), protocol_steps("standard")), date(2026, 12, 31), 2)
    assert _dose(plan, date(2027, 1, 4)) == "1.5"  # 1.5 mg 20 Dec - 4 Jan (16 days)
    assert _dose(plan, date(2027, 1, 5)) == "3"
    assert _dose(plan, date(2027, 1, 18)) == "3"
    assert _dose(plan, date(2027, 1, 19)) == "4.5"


def test_hold_on_the_ongoing_dose_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        hold(_standard(), date(2027, 1, 10), 7)
    assert refused.value.field == "hold_days"


@pytest.mark.parametrize("bad", [0, -1, 4000])
def test_hold_days_must_be_sensible(bad) -> None:
    with pytest.raises(InputError):
        hold(_standard(), date(2026, 12, 15), bad)


def test_hold_before_the_start_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        hold(_standard(), date(2026, 11, 30), 7)
    assert refused.value.field == "from"


def test_step_back_then_try_again() -> None:
    plan, change = step_back(_standard(), date(2026, 12, 20))
    assert change.kind == "step_back" and change.days == 14
    assert _dose(plan, date(2026, 12, 19)) == "3"
    assert _dose(plan, date(2026, 12, 20)) == "1.5"
    assert _dose(plan, date(2027, 1, 2)) == "1.5"
    assert _dose(plan, date(2027, 1, 3)) == "3"
    assert _dose(plan, date(2027, 1, 16)) == "3"
    assert _dose(plan, date(2027, 1, 17)) == "4.5"
    starts = [d.day for d in build_schedule(plan, date(2027, 2, 1)) if d.step_starts]
    assert starts == [
        START,
        date(2026, 12, 15),
        date(2026, 12, 20),
        date(2027, 1, 3),
        date(2027, 1, 17),
    ]


def test_step_back_from_the_ongoing_dose_with_days() -> None:
    plan, _ = step_back(_standard(), date(2027, 1, 10), days=7)
    assert _dose(plan, date(2027, 1, 9)) == "4.5"
    assert _dose(plan, date(2027, 1, 10)) == "3"
    assert _dose(plan, date(2027, 1, 16)) == "3"
    assert _dose(plan, date(2027, 1, 17)) == "4.5"
    assert plan.end is None


def test_step_back_on_the_first_day_of_a_step() -> None:
    plan, _ = step_back(_standard(), date(2026, 12, 15), days=3)
    assert _dose(plan, date(2026, 12, 15)) == "1.5"
    assert _dose(plan, date(2026, 12, 18)) == "3"


def test_step_back_twice_goes_down_the_ladder() -> None:
    once, _ = step_back(_standard(), date(2027, 1, 2), days=7)  # 4.5 -> 3
    twice, _ = step_back(once, date(2027, 1, 4), days=7)  # 3 -> 1.5
    assert _dose(twice, date(2027, 1, 4)) == "1.5"


def test_step_back_in_the_first_step_is_refused() -> None:
    with pytest.raises(InputError) as refused:
        step_back(_standard(), date(2026, 12, 5))
    assert "no lower earlier dose" in str(refused.value)


def test_step_back_in_a_custom_finite_plan() -> None:
    plan = make_plan(START, parse_steps("1mg:7,2mg:7"))
    changed, _ = step_back(plan, date(2026, 12, 10))
    assert changed.end == date(2026, 12, 23)  # 2 days at 2 mg, 7 at 1 mg, 7 at 2 mg... from 8 Dec
    assert _dose(changed, date(2026, 12, 16)) == "1"
    assert _dose(changed, date(2026, 12, 17)) == "2"


def test_dose_time_change_from_a_date() -> None:
    plan, change = change_dose_time(_standard(), date(2026, 12, 10), DoseTime.MORNING)
    assert change.summary == "Take the dose in the morning from 10 Dec 2026"
    days = build_schedule(plan, date(2026, 12, 31))
    assert days[8].dose_time is DoseTime.BEDTIME
    assert days[9].dose_time is DoseTime.MORNING
    assert days[-1].dose_time is DoseTime.MORNING
    back, _ = change_dose_time(plan, date(2026, 12, 20), DoseTime.BEDTIME)
    assert back.dose_time_on(date(2026, 12, 19)) is DoseTime.MORNING
    assert back.dose_time_on(date(2026, 12, 20)) is DoseTime.BEDTIME


def test_dose_time_change_on_the_start_changes_the_plan_default() -> None:
    plan, _ = change_dose_time(_standard(), START, DoseTime.MORNING)
    assert plan.dose_time is DoseTime.MORNING and plan.dose_time_changes == ()


def test_dose_time_change_to_the_same_time_is_refused() -> None:
    with pytest.raises(InputError):
        change_dose_time(_standard(), date(2026, 12, 10), DoseTime.BEDTIME)


@given(
    start_offset=st.integers(0, 27),
    days=st.integers(1, 60),
    probe=st.integers(0, 200),
)
def test_hold_moves_every_later_day_by_the_held_days(start_offset, days, probe) -> None:
    """Property: after a hold of N days from D, the dose on day X >= D + N is the old dose on X - N,
    and nothing before D changes."""
    plan = _standard()
    day = START + timedelta(days=start_offset)
    held, _ = hold(plan, day, days)
    x = START + timedelta(days=probe)
    if x < day:
        assert dose_on(held, x) == dose_on(plan, x)
    elif x >= day + timedelta(days=days):
        assert dose_on(held, x) == dose_on(plan, x - timedelta(days=days))
    else:
        assert dose_on(held, x) == dose_on(plan, day)


@given(back_from=st.integers(14, 60), days=st.integers(1, 30))
def test_step_back_never_raises_the_dose(back_from, days) -> None:
    plan = _standard()
    day = START + timedelta(days=back_from)
    changed, change = step_back(plan, day, days)
    assert dose_mg(dose_on(changed, day)) < dose_mg(dose_on(plan, day))
    assert change.days == days
    before = START + timedelta(days=back_from - 1)
    assert dose_on(changed, before) == dose_on(plan, before)
