"""Dates and times of the washout checker (reference washout.md §5 steps 4–5).

A date without a time is read conservatively: a last dose as 23:59 that day, a planned start as
00:00. Without a time zone, times are naive local wall-clock times and days are added on the wall
clock. With a time zone (IANA name, e.g. America/New_York), days are counted as elapsed time
(24 h each, in UTC) and shown in that zone: 2026-03-01 20:00 EST + 7 days = 2026-03-08 21:00 EDT.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.washout.model import TimePoint

LAST_DOSE_TIME = time(23, 59)
START_TIME = time(0, 0)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def quoted(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, shortened to ``limit`` characters (hostile input)."""
    text = text.replace("\n", " ").replace("\r", " ")
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def parse_time_point(text: str, field: str) -> TimePoint:
    """``YYYY-MM-DD`` (date only) or ``YYYY-MM-DDTHH:MM[:SS][±HH:MM]`` (a space may replace T)."""
    value = text.strip()
    if len(value) > 40:
        raise InputError(f"{quoted(value)} is too long for a date and time.", field)
    if _DATE_ONLY.match(value):
        try:
            day = date.fromisoformat(value)
        except ValueError:
            raise InputError(f"{quoted(value)} is not a real date.", field) from None
        return TimePoint(datetime.combine(day, START_TIME), date_only=True)
    try:
        moment = datetime.fromisoformat(value.replace(" ", "T", 1))
    except ValueError:
        raise InputError(
            f"{quoted(value)} is not a date (YYYY-MM-DD) or date and time (YYYY-MM-DDTHH:MM).",
            field,
        ) from None
    if moment.year < 1900:
        raise InputError(f"{quoted(value)} is not a plausible date.", field)
    return TimePoint(moment)


def zone(name: str | None) -> ZoneInfo | None:
    """The IANA time zone ``name`` (None: naive wall-clock arithmetic)."""
    if not name:
        return None
    message = f"{quoted(name)} is not a time zone name (e.g. America/New_York)."
    if len(name) > 80 or "\x00" in name:
        raise InputError(message, "tz")
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(message, "tz") from None


def _localise(moment: datetime, tz: ZoneInfo | None, field: str, *, later: bool) -> datetime:
    """Wall-clock time → aware. A time the clock shows twice (DST ends) or skips (DST starts)
    is read conservatively: the later instant for a last dose, the earlier for a start."""
    if tz is None:
        if moment.tzinfo is not None:
            raise InputError("A time with a UTC offset needs a time zone (--tz).", field)
        return moment
    if moment.tzinfo is not None:
        return moment.astimezone(tz)
    readings = [moment.replace(tzinfo=tz, fold=fold) for fold in (0, 1)]
    pick = max if later else min
    return pick(readings, key=lambda m: m.astimezone(UTC)).astimezone(tz)


def anchor_moment(point: TimePoint, tz: ZoneInfo | None, field: str = "med") -> datetime:
    """A last dose or patch removal; a date alone counts as 23:59 that day (conservative)."""
    moment = point.value
    if point.date_only:
        moment = datetime.combine(moment.date(), LAST_DOSE_TIME)
    return _localise(moment, tz, field, later=True)


def start_moment(point: TimePoint, tz: ZoneInfo | None, field: str = "start") -> datetime:
    """A planned start; a date alone counts as 00:00 that day (conservative)."""
    moment = point.value
    if point.date_only:
        moment = datetime.combine(moment.date(), START_TIME)
    return _localise(moment, tz, field, later=False)


def add_hours(moment: datetime, hours: float) -> datetime:
    """``moment`` + hours: wall clock when naive, elapsed time (UTC) when aware (DST-safe)."""
    if moment.tzinfo is None:
        return moment + timedelta(hours=hours)
    zone_info = moment.tzinfo
    return (moment.astimezone(UTC) + timedelta(hours=hours)).astimezone(zone_info)


def add_days(moment: datetime, days: int) -> datetime:
    """``moment`` + ``days`` × 24 h (reference §5 step 5)."""
    return add_hours(moment, 24 * days)


def is_at_or_after(moment: datetime, boundary: datetime) -> bool:
    """The inclusive comparison of §5 step 6 (aware times compare as instants)."""
    return moment >= boundary


def show(moment: datetime | None) -> str:
    """``2026-03-08 20:00`` (with the zone abbreviation when aware, e.g. ``21:00 EDT``)."""
    if moment is None:
        return "—"
    text = moment.strftime("%Y-%m-%d %H:%M")
    if moment.tzinfo is not None:
        text += f" {moment.tzname()}"
    return text


def show_gap(earlier: datetime, later: datetime) -> str:
    """The time from ``earlier`` to ``later`` in days and hours ("2 days 20 h")."""
    seconds = int(
        (later.astimezone(UTC) - earlier.astimezone(UTC)).total_seconds()
        if later.tzinfo
        else (later - earlier).total_seconds()
    )
    days, rest = divmod(max(seconds, 0), 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(f"{days} day{'s' if days != 1 else ''}")
    if hours:
        parts.append(f"{hours} h")
    if minutes and not days:
        parts.append(f"{minutes} min")
    return " ".join(parts) or "less than a minute"
