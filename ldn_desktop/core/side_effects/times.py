"""When an entry was logged: typed date-times and the limits every front end applies to them.

Not more than a day in the future (a clock in another time zone, never a typo a year ahead), not
before 1980, a time-zone offset in whole minutes (issue 12 item 15: ``+05:30:15`` and year-9999
dates are one clear message, never a traceback from calendar arithmetic).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from ldn_desktop.core.dates import format_day, format_moment, read_moment
from ldn_desktop.core.errors import InputError

EARLIEST_ENTRY = date(1980, 1, 1)
MAX_FUTURE = timedelta(days=1)


def parse_entry_time(text: str, now: datetime) -> datetime:
    """``2026-01-05T22:30``, ``2026-01-05 22:30``, ``5 Jan 2026 22:30``, or a date alone
    (``2026-01-05``, ``5 Jan 2026``: that evening, 21:00).

    A time without offset is local time; the result is checked by ``check_entry_time``.
    """
    raw = text.strip()
    try:
        if len(raw) == 10:
            parsed = datetime.combine(date.fromisoformat(raw), time(21, 0))
        else:
            parsed = datetime.fromisoformat(raw)
    except ValueError:
        parsed = _people_style(raw)
    return checked_time(parsed, now)


def _people_style(raw: str) -> datetime:
    """``5 Jan 2026 22:30`` or ``5 Jan 2026`` (21:00): the style the program shows dates in
    (``core.dates``), so a shown date-time can be edited as shown."""
    found = read_moment(raw)
    if found is not None:
        day, clock, offset = found
        moment = datetime.combine(day, clock or time(21, 0))
        return datetime.fromisoformat(moment.isoformat() + offset) if offset else moment
    raise InputError(
        f"Date and time: '{raw[:30]}' is not a date and time like 2026-01-05 22:30 or "
        "5 Jan 2026 22:30.",
        "at",
    )


def checked_time(parsed: datetime, now: datetime) -> datetime:
    """A parsed date-time checked (``check_entry_time``); without an offset it is local time.
    The calendar range is checked first: local-time conversion of year 1 or 9999 overflows."""
    _check_calendar(parsed, now)
    if parsed.tzinfo is None:
        parsed = parsed.astimezone()
    return check_entry_time(parsed, now)


def _check_calendar(at: datetime, now: datetime) -> None:
    """Refuse dates far outside the log's range before any arithmetic on them (a year-9999 date
    plus a time-zone offset or a day overflows the calendar)."""
    if at.date() < EARLIEST_ENTRY:
        raise InputError(
            f"Date and time: {format_day(at.date())} is before {EARLIEST_ENTRY:%Y}.", "at"
        )
    if at.date() > now.date() + timedelta(days=3):
        raise InputError(
            f"Date and time: {format_moment(at)} is more than a day in the future.",
            "at",
        )


def check_entry_time(at: datetime, now: datetime) -> datetime:
    """Not more than one day in the future, not before 1980, an offset in whole minutes."""
    if at.tzinfo is None:
        raise InputError("Date and time: a time zone is needed.", "at")
    _check_calendar(at, now)
    offset = at.utcoffset() or timedelta(0)
    if offset % timedelta(minutes=1):
        raise InputError(
            "Date and time: the time-zone offset has seconds; write it in hours and minutes, "
            "e.g. +05:30.",
            "at",
        )
    if at > now + MAX_FUTURE:
        raise InputError(
            f"Date and time: {format_moment(at)} is more than a day in the future.", "at"
        )
    return at
