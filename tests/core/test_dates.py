"""One date style for people and one reader of typed dates (issue 13)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ldn_desktop.core.dates import could_become_a_date, format_day, format_moment, parse_day
from ldn_desktop.core.errors import InputError

NOV_18 = date(2026, 11, 18)


@pytest.mark.parametrize(
    "typed",
    [
        "18 Nov 2026",
        "18 nov 2026",
        "18 November 2026",
        "18-Nov-2026",
        "  18  Nov  2026 ",
        "Nov 18 2026",
        "November 18, 2026",
        "2026-11-18",
        "18/11/2026",
        "18.11.2026",
    ],
)
def test_what_people_type_is_read_as_the_same_day(typed: str) -> None:
    assert parse_day(typed) == NOV_18


def test_numeric_dates_follow_the_locale_order() -> None:
    assert parse_day("11/18/2026", day_first=False) == NOV_18
    assert parse_day("03/04/2026", day_first=True) == date(2026, 4, 3)
    assert parse_day("03/04/2026", day_first=False) == date(2026, 3, 4)


@pytest.mark.parametrize(
    "typed", ["", "18 Nov", "18/11/26", "31 Feb 2026", "2026-13-01", "18 Ma 2026", "soon", "1" * 50]
)
def test_not_a_date_says_how_to_type_one(typed: str) -> None:
    with pytest.raises(InputError, match="18 Nov 2026 or 2026-11-18") as caught:
        parse_day(typed, field="start", label="Start date")
    assert caught.value.field == "start"
    assert str(caught.value).startswith("Start date:")


def test_years_far_away_are_refused() -> None:
    with pytest.raises(InputError, match="year 1850"):
        parse_day("1850-01-01")


def test_the_one_style_for_people() -> None:
    assert format_day(NOV_18) == "18 Nov 2026"
    assert format_day(date(2026, 12, 1)) == "1 Dec 2026"
    assert format_moment(datetime(2026, 11, 29, 22, 0)) == "29 Nov 2026 22:00"
    for day in (date(2026, m, 9) for m in range(1, 13)):
        assert parse_day(format_day(day)) == day  # what is shown reads back


@pytest.mark.parametrize("partial", ["1", "18 ", "18 N", "18 Nov 20", "2026-1", "18/11/"])
def test_half_typed_dates_may_go_on(partial: str) -> None:
    assert could_become_a_date(partial)


@pytest.mark.parametrize("typed", ["18 Nx", "18 Nov Dec", "18 Nov 2026!", "18;11"])
def test_impossible_keys_are_refused(typed: str) -> None:
    assert not could_become_a_date(typed)


def test_birth_dates_take_the_same_forms_but_never_a_numeric_guess() -> None:
    from ldn_desktop.core.patients import parse_birth_date

    today = date(2026, 11, 22)
    assert parse_birth_date("2 Jan 1970", today) == parse_birth_date("1970-01-02", today)
    with pytest.raises(InputError, match="Birth date"):
        parse_birth_date("02/01/1970", today)  # 2 January or 1 February?


@pytest.mark.parametrize(
    "typed",
    ["29 Nov 2026 22:00", "November 29, 2026 22:00", "Nov 29 2026, 22:00", "29-Nov-2026 22:00",
     "2026-11-29 22:00", "29 Nov 2026 22:00:00"],
)  # fmt: skip
def test_every_typed_date_time_is_read_by_one_reader(typed: str) -> None:
    """The washout checker and the side-effect log read a typed date-time the same way: the date
    as every date field reads it (no numeric order on its own), then the time."""
    from datetime import datetime

    from ldn_desktop.core.dates import read_moment
    from ldn_desktop.core.side_effects.times import parse_entry_time
    from ldn_desktop.core.washout.times import parse_time_point

    expected = datetime(2026, 11, 29, 22, 0)
    assert read_moment(typed) == (expected.date(), expected.time(), None)
    assert parse_time_point(typed, "start").value == expected
    now = datetime(2026, 11, 30, 8, 0).astimezone()
    assert parse_entry_time(typed, now) == expected.astimezone()


@pytest.mark.parametrize("typed", ["29/11/2026 22:00", "29 Nov 2026 24:00", "29 Nov 2026 22:60"])
def test_a_date_time_it_cannot_read_without_guessing_is_refused(typed: str) -> None:
    from datetime import datetime

    from ldn_desktop.core.dates import read_moment
    from ldn_desktop.core.errors import InputError
    from ldn_desktop.core.side_effects.times import parse_entry_time
    from ldn_desktop.core.washout.times import parse_time_point

    assert read_moment(typed) is None
    with pytest.raises(InputError):
        parse_time_point(typed, "start")
    with pytest.raises(InputError):
        parse_entry_time(typed, datetime(2026, 11, 30, 8, 0).astimezone())
