"""Dates and times of the washout checker (reference washout.md §5 steps 4–5).

A date without a time is read conservatively: a last dose as 23:59 that day, a planned start as
00:00. Without a time zone, times are naive local wall-clock times and days are added on the wall
clock. With a time zone (IANA name, e.g. America/New_York), days are counted as elapsed time
(24 h each, in UTC) and shown in that zone: 2026-03-01 20:00 EST + 7 days = 2026-03-08 21:00 EDT.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING

from ldn_desktop.core.dates import format_day, format_moment, read_moment
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.washout.request import TimePoint

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

LAST_DOSE_TIME = time(23, 59)
START_TIME = time(0, 0)
FIRST_YEAR = 1900
LAST_YEAR = 2199  # far enough; any later year is a typing slip (and would overflow the arithmetic)
_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def quoted(text: str, limit: int = 40) -> str:
    """``text`` quoted for a message, shortened to ``limit`` characters (hostile input)."""
    text = text.replace("\n", " ").replace("\r", " ")
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


def _iso_from_people(value: str) -> str:
    """``29 Nov 2026 22:00`` → ``2026-11-29T22:00`` (``core.dates.read_moment``, the reader of
    every typed date-time); unchanged when not in a style it reads."""
    found = read_moment(value) if not _DATE_ONLY.match(value) else None
    if found is None:
        return value
    day, clock, offset = found
    if clock is None:
        return day.isoformat()
    return datetime.combine(day, clock).isoformat() + (offset or "")


def parse_time_point(text: str, field: str) -> TimePoint:
    """``YYYY-MM-DD`` (date only) or ``YYYY-MM-DDTHH:MM[:SS][±HH:MM]`` (a space may replace T),
    or a date as people write it (``core.dates``), with or without a time: ``29 Nov 2026``,
    ``29 Nov 2026 22:00``, ``November 29, 2026 22:00``.
    Years outside 1900–2199 are refused."""
    value = text.strip()
    if len(value) > 40:
        raise InputError(f"{quoted(value)} is too long for a date and time.", field)
    iso = _iso_from_people(value)
    if _DATE_ONLY.match(iso):
        try:
            day = date.fromisoformat(iso)
        except ValueError:
            raise InputError(f"{quoted(value)} is not a real date.", field) from None
        _check_year(day.year, value, field)
        return TimePoint(datetime.combine(day, START_TIME), date_only=True)
    try:
        moment = datetime.fromisoformat(iso.replace(" ", "T", 1))
    except ValueError:
        raise InputError(
            f"{quoted(value)} is not a date (YYYY-MM-DD or 29 Nov 2026) or date and time "
            "(YYYY-MM-DD HH:MM).",
            field,
        ) from None
    _check_year(moment.year, value, field)
    return TimePoint(moment)


def _check_year(year: int, value: str, field: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise InputError(
            f"{quoted(value)} is not a plausible date (years {FIRST_YEAR}–{LAST_YEAR}).", field
        )


def people(moment: datetime | None) -> str:
    """The people style: ``29 Nov 2026 22:00`` (zone abbreviation when aware, e.g. ``EDT``)."""
    if moment is None:
        return "—"
    text = format_moment(moment)
    if moment.tzinfo is not None:
        text += f" {moment.tzname()}"
    return text


def point_people(point: TimePoint | None) -> str:
    """A time point as typed back into a field: ``29 Nov 2026`` or ``29 Nov 2026 22:00``
    (with its UTC offset when one was typed); ``parse_time_point`` reads it back."""
    if point is None:
        return ""
    moment = point.value
    text = format_day(moment.date())
    if point.date_only:
        return text
    text += f" {moment:%H:%M}"
    if moment.second:
        text += f":{moment.second:02d}"
    offset = moment.strftime("%z")
    if offset:
        text += f" {offset[:3]}:{offset[3:]}"
    return text


def zone(name: str | None) -> ZoneInfo | None:
    """The IANA time zone ``name`` (None: naive wall-clock arithmetic)."""
    if not name:
        return None
    message = f"{quoted(name)} is not a time zone name (e.g. America/New_York)."
    if len(name) > 80 or "\x00" in name:
        raise InputError(message, "tz")
    # loaded with the first zone: a page that only shows times never needs the zone database
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise InputError(message, "tz") from None


def _readings(moment: datetime, tz: ZoneInfo) -> list[datetime]:
    """The instants a wall-clock time may mean in ``tz``, earliest first, each as the reading a
    clock there showed at that instant: one, or two on a day the clocks change (a time they skip
    reads 03:30 EDT or 01:30 EST for New York's 02:30 on 8 Mar 2026; one they show twice keeps
    its time with each offset)."""
    instants = {moment.replace(tzinfo=tz, fold=fold).astimezone(UTC) for fold in (0, 1)}
    return [instant.astimezone(tz) for instant in sorted(instants)]


def _localise(
    moment: datetime, tz: ZoneInfo | None, field: str, *, later: bool, day: date | None = None
) -> datetime:
    """Wall-clock time → aware. A time the clock shows twice (DST ends) or skips (DST starts)
    is read conservatively: the later instant for a last dose, the earlier for a start. With
    ``day`` (a date typed alone), only readings on that day count: a day whose midnight is
    skipped starts at 01:00, not at 23:00 the day before."""
    if tz is None:
        if moment.tzinfo is not None:
            raise InputError("A time with a UTC offset needs a time zone (--tz).", field)
        return moment
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).astimezone(tz)
    readings = _readings(moment, tz)
    if day is not None:
        readings = [r for r in readings if r.date() == day] or readings
    return readings[-1] if later else readings[0]


def anchor_moment(point: TimePoint, tz: ZoneInfo | None, field: str = "med") -> datetime:
    """A last dose or patch removal; a date alone counts as 23:59 that day (conservative)."""
    moment, day = _typed(point, LAST_DOSE_TIME)
    return _localise(moment, tz, field, later=True, day=day)


def start_moment(point: TimePoint, tz: ZoneInfo | None, field: str = "start") -> datetime:
    """A planned start; a date alone counts as 00:00 that day (conservative)."""
    moment, day = _typed(point, START_TIME)
    return _localise(moment, tz, field, later=False, day=day)


def _typed(point: TimePoint, time_for_a_date: time) -> tuple[datetime, date | None]:
    """The wall-clock time a point stands for, and its day when it was typed as a date alone."""
    if point.date_only:
        return datetime.combine(point.value.date(), time_for_a_date), point.value.date()
    return point.value, None


def clock_change_note(point: TimePoint, tz: ZoneInfo | None, what: str, *, later: bool) -> str:
    """How a time typed on a day the clocks change was read ("" for any other time): ``what`` is
    its role ("the last dose", "the planned start"). Example: 02:30 on 8 Mar 2026 in New York as
    a last dose → "… does not exist in America/New_York (the clocks go forward): the last dose
    is read as 8 Mar 2026 03:30 EDT, the later possible reading (conservative)." """
    if tz is None or point.value.tzinfo is not None:
        return ""
    moment, day = _typed(point, LAST_DOSE_TIME if later else START_TIME)
    readings = _readings(moment, tz)
    if len(readings) == 1:
        return ""
    chosen = _localise(moment, tz, "", later=later, day=day)
    typed_day = format_day(moment.date())
    if day is not None and chosen.time() != moment.time():
        return (
            f"{typed_day} begins at {chosen:%H:%M} in {tz.key} (the clocks go forward at "
            f"midnight): {what} is read as {show(chosen)}."
        )
    which = "later" if later else "earlier"
    skipped = all(r.replace(tzinfo=None) != moment for r in readings)
    if skipped:
        return (
            f"{moment:%H:%M} on {typed_day} does not exist in {tz.key} (the clocks go forward): "
            f"{what} is read as {show(chosen)}, the {which} possible reading (conservative)."
        )
    return (
        f"{moment:%H:%M} on {typed_day} happens twice in {tz.key} (the clocks go back): {what} "
        f"is read as {show(chosen)}, the {which} of the two (conservative)."
    )


def first_whole_day(moment: datetime) -> date:
    """The first calendar day whose 00:00 is at or after ``moment`` (reference §5 step 4): a
    date-only start counts as 00:00, so this is the first start date the checker accepts.
    2026-03-08 20:00 → 2026-03-09; 2026-03-09 00:00 → 2026-03-09."""
    day = moment.date()
    if moment.time().replace(tzinfo=None) != START_TIME and day < date.max:
        day += timedelta(days=1)
    return day


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
    """A moment in a reason sentence, in the one people style (``8 Mar 2026 20:00``, with the zone
    abbreviation when aware, e.g. ``8 Mar 2026 21:00 EDT``): see ``people``."""
    return people(moment)


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
