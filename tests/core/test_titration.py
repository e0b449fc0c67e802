"""Titration plans and protocols against the issue's worked examples (issue #5, seed 004 §5)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.protocols import (
    apply_target,
    format_steps,
    parse_steps,
    protocol_steps,
)
from ldn_desktop.core.titration.schedule import (
    DoseTime,
    Step,
    build_schedule,
    check_dose,
    describe_steps,
    dose_mg,
    dose_on,
    make_plan,
    mg,
    parse_dose,
    plan_warnings,
    window_end,
)
from ldn_desktop.core.units.quantities import format_dose


def _ladder(steps):
    return [(str(dose_mg(s.dose)), s.days) for s in steps]


def _doses(plan, first: date, last: date):
    return [str(dose_mg(d.dose)) for d in build_schedule(plan, last, first)]


PROTOCOL_CASES = [
    ("standard", None, [("1.5", 14), ("3", 14), ("4.5", None)]),
    (
        "gentle",
        None,
        [(str(n / 2).removesuffix(".0"), 7) for n in range(1, 9)] + [("4.5", None)],
    ),
    ("weekly", None, [("1", 7), ("2", 7), ("3", 7), ("4", 7), ("4.5", None)]),
    ("standard", "3", [("1.5", 14), ("3", None)]),
    ("standard", "2", [("1.5", 14), ("2", None)]),
    ("standard", "1.5", [("1.5", None)]),
    ("standard", "1", [("1", None)]),
    ("gentle", "2", [("0.5", 7), ("1", 7), ("1.5", 7), ("2", None)]),
    ("weekly", "2.5", [("1", 7), ("2", 7), ("2.5", None)]),
    ("standard", "5", [("1.5", 14), ("3", 14), ("4.5", 14), ("5", None)]),
]


@pytest.mark.parametrize(("key", "target", "expected"), PROTOCOL_CASES)
def test_protocol_ladders(key, target, expected) -> None:
    steps = protocol_steps(key, None if target is None else mg(target))
    assert _ladder(steps) == expected


def test_standard_schedule_is_the_seed_schedule() -> None:
    plan = make_plan(date(2026, 12, 1), protocol_steps("standard"))
    days = build_schedule(plan, date(2027, 1, 31))
    assert len(days) == 62
    assert {d.day for d in days if str(dose_mg(d.dose)) == "1.5"} == {
        date(2026, 12, n) for n in range(1, 15)
    }
    assert {d.day for d in days if str(dose_mg(d.dose)) == "3"} == {
        date(2026, 12, n) for n in range(15, 29)
    }
    assert days[28].day == date(2026, 12, 29) and days[28].day_number == 29
    assert format_dose(days[28].dose) == "4.5 mg"
    assert [d.day for d in days if d.step_starts] == [
        date(2026, 12, 1),
        date(2026, 12, 15),
        date(2026, 12, 29),
    ]
    assert all(d.dose_time is DoseTime.BEDTIME for d in days)


def test_gentle_reaches_4_5_mg_on_day_57() -> None:
    plan = make_plan(date(2027, 1, 1), protocol_steps("gentle"))
    assert format_dose(dose_on(plan, date(2027, 1, 7))) == "0.5 mg"
    assert format_dose(dose_on(plan, date(2027, 1, 8))) == "1 mg"
    assert format_dose(dose_on(plan, date(2027, 2, 25))) == "4 mg"
    assert format_dose(dose_on(plan, date(2027, 2, 26))) == "4.5 mg"  # day 57
    assert dose_on(plan, date(2026, 12, 31)) is None


def test_weekly_reaches_4_5_mg_on_day_29() -> None:
    plan = make_plan(date(2027, 3, 1), protocol_steps("weekly"))
    assert _doses(plan, date(2027, 3, 1), date(2027, 3, 29))[::7] == ["1", "2", "3", "4", "4.5"]


@pytest.mark.parametrize(
    ("start", "day", "expected"),
    [
        # month boundary: 31-day month
        (date(2027, 1, 18), date(2027, 1, 31), "1.5"),
        (date(2027, 1, 18), date(2027, 2, 1), "3"),
        # year boundary
        (date(2026, 12, 18), date(2026, 12, 31), "1.5"),
        (date(2026, 12, 18), date(2027, 1, 1), "3"),
        (date(2026, 12, 4), date(2027, 1, 1), "4.5"),
        # leap day 2028: 15 Feb + 14 days = 29 Feb is the first 3 mg day
        (date(2028, 2, 15), date(2028, 2, 28), "1.5"),
        (date(2028, 2, 15), date(2028, 2, 29), "3"),
        (date(2028, 2, 15), date(2028, 3, 13), "3"),
        (date(2028, 2, 15), date(2028, 3, 14), "4.5"),
        # the same start in a common year: 1 Mar is the first 3 mg day
        (date(2027, 2, 15), date(2027, 3, 1), "3"),
        (date(2027, 2, 15), date(2027, 2, 28), "1.5"),
    ],
)
def test_calendar_boundaries(start, day, expected) -> None:
    plan = make_plan(start, protocol_steps("standard"))
    assert str(dose_mg(dose_on(plan, day))) == expected


def test_leap_year_schedule_has_29_february_once() -> None:
    plan = make_plan(date(2028, 2, 1), protocol_steps("standard"))
    days = build_schedule(plan, date(2028, 3, 31))
    assert len(days) == 29 + 31
    assert sum(1 for d in days if d.day == date(2028, 2, 29)) == 1


def test_finite_plan_ends() -> None:
    plan = make_plan(date(2026, 12, 1), parse_steps("1.5mg:14,3mg:14"))
    assert plan.end == date(2026, 12, 28)
    assert dose_on(plan, date(2026, 12, 29)) is None
    assert len(build_schedule(plan, date(2027, 12, 31))) == 28


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.5mg:14,3mg:14,4.5mg", [("1.5", 14), ("3", 14), ("4.5", None)]),
        ("1.5 mg:14, 3:14, 4500 mcg", [("1.5", 14), ("3", 14), ("4.5", None)]),
        ("500mcg:7,1mg", [("0.5", 7), ("1", None)]),
        (".5mg:7,1mg:7", [("0.5", 7), ("1", 7)]),
    ],
)
def test_parse_steps(text, expected) -> None:
    assert _ladder(parse_steps(text)) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "write steps"),
        ("1.5mg,3mg", "step 1 (1.5 mg) needs a number of days"),
        ("1.5mg:0,3mg", "days must be"),
        ("1.5mg:x,3mg", "days must be"),
        ("6mg", "above 5 mg"),
        ("0.05mg", "below the lowest"),
        ("2 tsp:7", "not accepted"),
        ("abc:7", "not a quantity"),
    ],
)
def test_bad_steps_are_refused_with_a_message(text, words) -> None:
    with pytest.raises(InputError) as refused:
        parse_steps(text)
    assert words in str(refused.value)
    assert refused.value.field == "steps"


def test_format_steps_round_trips() -> None:
    steps = protocol_steps("gentle")
    assert parse_steps(format_steps(steps)) == steps
    assert format_steps(protocol_steps("standard")) == "1.5mg:14,3mg:14,4.5mg"


@pytest.mark.parametrize(
    ("dose", "warned"),
    [("0.1", True), ("0.25", True), ("0.5", False), ("4.5", False), ("4.6", True), ("5", True)],
)
def test_dose_range_warns_outside_the_usual_0_5_to_4_5_mg(dose, warned) -> None:
    assert (check_dose(mg(dose)) is not None) is warned


def test_the_dose_range_comes_from_the_data_file_with_its_source() -> None:
    """Issue 11: the range is read once from resources/data/titration.json (with a source)."""
    import json

    from ldn_desktop.core.titration import dose_range
    from ldn_desktop.paths import resource_path

    data = json.loads(resource_path("data", "titration.json").read_text())["dose_mg"]
    limits = dose_range()
    assert (
        [str(v) for v in (limits.usual_minimum, limits.usual_maximum, limits.ceiling)]
        == [
            data["usual_minimum"],
            data["usual_maximum"],
            data["ceiling"],
        ]
        == ["0.5", "4.5", "50"]
    )
    assert "seed 004" in limits.source


def test_a_broken_titration_data_file_is_refused(tmp_path) -> None:
    from ldn_desktop.core.errors import ReferenceDataError
    from ldn_desktop.core.titration.reference import load_titration_reference
    from ldn_desktop.paths import resource_path

    text = resource_path("data", "titration.json").read_text()
    bad = tmp_path / "titration.json"
    bad.write_text(text.replace('"usual_maximum": "4.5"', '"usual_maximum": "60"'))
    with pytest.raises(ReferenceDataError, match="must increase"):
        load_titration_reference(bad)


@pytest.mark.parametrize("dose", ["0.09", "5.01", "50"])
def test_dose_range_refuses_outside_0_1_to_5_mg(dose) -> None:
    with pytest.raises(InputError):
        check_dose(mg(dose))


def test_plan_warnings_name_the_high_dose() -> None:
    plan = make_plan(date(2026, 12, 1), protocol_steps("standard", mg(5)))
    assert plan_warnings(plan) == (
        "5 mg is above the usual LDN maximum of 4.5 mg; check the prescription.",
    )
    assert plan_warnings(make_plan(date(2026, 12, 1), protocol_steps("standard"))) == ()


def test_parse_dose_accepts_decimal_comma() -> None:
    assert format_dose(parse_dose("1,5", decimal_mark=",")) == "1.5 mg"


def test_apply_target_caps_custom_steps() -> None:
    steps = parse_steps("1mg:7,2mg:7,3mg:7,4.5mg")
    assert _ladder(apply_target(steps, mg(2.5))) == [("1", 7), ("2", 7), ("2.5", None)]


@pytest.mark.parametrize(
    "steps",
    [[], [Step(mg(1), None), Step(mg(2), None)], [Step(mg(1), 0)], [Step(mg(9), None)]],
)
def test_make_plan_refuses_bad_steps(steps) -> None:
    with pytest.raises(InputError):
        make_plan(date(2026, 12, 1), steps)


def test_describe_steps_uses_ismp_notation() -> None:
    plan = make_plan(date(2026, 12, 1), protocol_steps("standard"))
    assert describe_steps(plan) == (
        "1.5 mg at bedtime: 1 Dec 2026 – 14 Dec 2026 (14 days)",
        "3 mg at bedtime: 15 Dec 2026 – 28 Dec 2026 (14 days)",
        "4.5 mg at bedtime: from 29 Dec 2026 on",
    )


def test_window_end() -> None:
    assert window_end(date(2026, 12, 1), 90) == date(2027, 2, 28)
    with pytest.raises(InputError):
        window_end(date(2026, 12, 1), 0)


@given(
    start=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    lengths=st.lists(st.integers(1, 60), min_size=1, max_size=6),
    window=st.integers(1, 400),
)
def test_schedule_is_one_entry_per_day_in_order(start, lengths, window) -> None:
    steps = [Step(mg("0.5") * 0 + mg(str(0.5 * (i + 1))), n) for i, n in enumerate(lengths)]
    plan = make_plan(start, [*steps, Step(mg("4.5"), None)])
    last = start + timedelta(days=window - 1)
    days = build_schedule(plan, last)
    assert len(days) == window
    assert [d.day for d in days] == [start + timedelta(days=i) for i in range(window)]
    assert all(dose_on(plan, d.day) == d.dose for d in days[:: max(1, window // 7)])


@pytest.mark.parametrize(
    ("steps", "words"),
    [
        ("1.5mg:14,3mg:14,4.5mg", "1.5 mg for 14 days, 3 mg for 14 days, then 4.5 mg"),
        ("0.5mg:1,1mg:7", "0.5 mg for 1 day, 1 mg for 7 days"),
        ("4.5mg", "4.5 mg ongoing"),
    ],
)
def test_plan_summary_words_use_dose_notation_not_the_typing_shorthand(
    steps: str, words: str
) -> None:
    """The kept summary (history, pharmacist copy, CLI) says doses as ISMP text, never "1.5mg:14"."""
    from ldn_desktop.core.titration.summary import describe_steps

    assert describe_steps(parse_steps(steps)) == words
