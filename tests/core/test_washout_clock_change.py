"""Washout times typed on a day the clocks change (DST), with a time zone.

A wall-clock time the clocks skip (they go forward) or show twice (they go back) is read
conservatively (times.py): the later instant for a last dose or removal, the earlier for a start.
What is shown must be a reading a clock really showed at that instant, and the result says how the
time was read; a date alone stays on its own day even when that day starts at 01:00.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ldn_desktop.core.washout.check import check_washout, stop_before
from ldn_desktop.core.washout.model import MedicationInput, Screening, WashoutRequest
from ldn_desktop.core.washout.times import parse_time_point

NEW_YORK = "America/New_York"
SANTIAGO = "America/Santiago"  # 2026-09-06 00:00 is skipped: the day starts at 01:00 -03
CHECKED = datetime(2026, 12, 1, tzinfo=UTC)


def _check(last: str, start: str, tz: str, **med: object):  # type: ignore[no-untyped-def]
    point = parse_time_point(last, "med")
    medication = MedicationInput("Roxicodone", last=point, **med)  # type: ignore[arg-type]
    request = WashoutRequest(
        (medication,), parse_time_point(start, "start"), tz, Screening(), checked_at=CHECKED
    )
    return check_washout(request)


def _all_notes(result) -> str:  # type: ignore[no-untyped-def]
    return " ".join([*result.notes, *(n for d in result.drugs for n in d.notes)])


def _is_a_real_reading(moment: datetime) -> bool:
    """The wall-clock reading and offset a clock in that zone showed at that instant."""
    again = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return (again.replace(tzinfo=None), again.utcoffset()) == (
        moment.replace(tzinfo=None),
        moment.utcoffset(),
    )


def test_a_skipped_last_dose_time_is_shown_as_the_clocks_reading() -> None:
    # 02:30 on 8 Mar 2026 does not exist in New York: the later instant is 07:30 UTC = 03:30 EDT
    result = _check("2026-03-08T02:30", "2026-03-20", NEW_YORK)
    drug = result.drugs[0]
    assert drug.earliest_start is not None
    assert drug.earliest_start.isoformat() == "2026-03-15T03:30:00-04:00"  # the same instant
    assert "(8 Mar 2026 03:30 EDT)" in drug.reason
    assert "02:30 EDT" not in drug.reason and "02:30 EST" not in drug.reason
    notes = " ".join(drug.notes)
    assert "02:30 on 8 Mar 2026 does not exist in America/New_York" in notes
    assert "8 Mar 2026 03:30 EDT" in notes


def test_a_skipped_start_time_is_the_earlier_reading_and_shown_as_one() -> None:
    result = _check("2026-03-01T02:30", "2026-03-08T02:30", NEW_YORK)
    planned = result.planned_start
    assert planned.astimezone(UTC) == datetime(2026, 3, 8, 6, 30, tzinfo=UTC)  # 01:30 EST
    assert _is_a_real_reading(planned)
    assert planned.isoformat() == "2026-03-08T01:30:00-05:00"
    assert "8 Mar 2026 02:30 EDT" not in result.reason
    notes = _all_notes(result)
    assert "02:30 on 8 Mar 2026 does not exist in America/New_York" in notes
    assert "planned start" in notes and "8 Mar 2026 01:30 EST" in notes


def test_a_time_shown_twice_says_which_one_was_used() -> None:
    result = _check("2026-11-01T01:30", "2026-11-20", NEW_YORK)
    drug = result.drugs[0]
    assert "(1 Nov 2026 01:30 EST)" in drug.reason
    notes = " ".join(drug.notes)
    assert "01:30 on 1 Nov 2026 happens twice in America/New_York" in notes
    assert "1 Nov 2026 01:30 EST" in notes and "later" in notes


def test_a_start_shown_twice_takes_the_earlier_and_says_so() -> None:
    result = _check("2026-10-20T08:00", "2026-11-01T01:30", NEW_YORK)
    assert result.planned_start.isoformat() == "2026-11-01T01:30:00-04:00"  # EDT, the first
    notes = _all_notes(result)
    assert "01:30 on 1 Nov 2026 happens twice" in notes and "1 Nov 2026 01:30 EDT" in notes


def test_a_date_alone_stays_on_its_day_when_midnight_is_skipped() -> None:
    result = _check("2026-08-20", "2026-09-06", SANTIAGO)
    planned = result.planned_start
    assert _is_a_real_reading(planned)
    assert planned.date().isoformat() == "2026-09-06"  # not 23:00 on the 5th
    assert planned.isoformat() == "2026-09-06T01:00:00-03:00"
    assert "6 Sep 2026 begins at 01:00" in _all_notes(result)


def test_every_time_shown_is_a_real_reading_around_the_changes() -> None:
    """Every minute-ish around both New York changes, as last dose and as start."""
    base = datetime(2026, 3, 8, 0, 0)
    autumn = datetime(2026, 11, 1, 0, 0)
    for day_start in (base, autumn):
        for minutes in range(0, 4 * 60, 15):
            typed = (day_start + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
            as_last = _check(typed, "2026-12-01", NEW_YORK)
            as_start = _check("2026-01-01T08:00", typed, NEW_YORK)
            for moment in (
                as_last.drugs[0].earliest_start,
                as_last.drugs[0].recommended_start,
                as_start.planned_start,
            ):
                assert moment is not None and _is_a_real_reading(moment), typed


def test_ordinary_times_have_no_clock_note() -> None:
    result = _check("2026-03-07T02:30", "2026-03-20T09:00", NEW_YORK)
    assert "does not exist" not in _all_notes(result)
    assert "happens twice" not in _all_notes(result)
    # without a zone there is no clock change to read around
    naive = _check("2026-03-08T02:30", "2026-03-20", "")
    assert "does not exist" not in _all_notes(naive)


def test_stop_before_a_skipped_time_is_shown_as_a_real_reading() -> None:
    result = stop_before(
        parse_time_point("2026-03-08T02:30", "stop_before"),
        NEW_YORK,
        now=datetime(2026, 3, 1, tzinfo=UTC),
    )
    assert _is_a_real_reading(result.planned_opioid_use)
    assert result.planned_opioid_use.isoformat() == "2026-03-08T01:30:00-05:00"
    assert "02:30 on 8 Mar 2026 does not exist in America/New_York" in " ".join(result.notes)
