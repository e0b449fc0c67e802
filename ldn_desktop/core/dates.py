"""Dates as people read and type them: one style everywhere (``18 Nov 2026``) and one reader.

The style spells the month, so 03/04 (3 April or 4 March?) never appears on screen, paper or in
the CLI's text. Month names are English whatever the system language, like the rest of the
program's text. The reader accepts what people type into a date field:

- ISO ``2026-11-18`` (what the CLI and the files use);
- ``18 Nov 2026``, ``18 November 2026``, ``18-Nov-2026``, ``Nov 18 2026``, ``November 18, 2026``;
- numbers with ``/`` or ``.``: ``18/11/2026`` (day first) or ``11/18/2026`` (month first), in the
  order of the user's locale (``day_first``); a four-digit year is required, so ``18/11/26`` is
  refused rather than guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time

from ldn_desktop.core.errors import InputError

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_FULL_MONTHS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[\s\-.]*([A-Za-z]+)\.?[\s\-.,]*(\d{4})")
_MONTH_DAY_YEAR = re.compile(r"([A-Za-z]+)\.?[\s\-.]*(\d{1,2})(?:st|nd|rd|th)?[\s,]+(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_NUMERIC = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{2,4})")
EXAMPLE = "18 Nov 2026 or 2026-11-18"
# a date as people write it, then optionally a time (HH:MM or HH:MM:SS) and a UTC offset
_DAY_THEN_TIME = re.compile(
    r"(?P<day>.+?)(?:,?\s+(?P<time>\d{1,2}:\d{2}(?::\d{2})?)(?:\s*(?P<offset>[+-]\d{2}:\d{2}|Z))?)?"
)


def format_day(day: date) -> str:
    """The one way a date is shown to people: ``18 Nov 2026`` (``1 Dec 2026``: no leading zero)."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_moment(moment: datetime) -> str:
    """A date and time for people: ``18 Nov 2026 22:00`` (24-hour clock, in the moment's zone)."""
    return f"{format_day(moment.date())} {moment:%H:%M}"


def format_month(year: int, month: int) -> str:
    """A calendar page's month: ``December 2026`` (English whatever the locale, like ``format_day``)."""
    return f"{_FULL_MONTHS[month - 1].capitalize()} {year}"


def month_number(word: str) -> int | None:
    """``Nov``, ``nov``, ``November`` -> 11; None for anything else (at least 3 letters)."""
    word = word.strip().lower()
    if len(word) < 3:
        return None
    found = [n for n, name in enumerate(_FULL_MONTHS, start=1) if name.startswith(word)]
    return found[0] if len(found) == 1 else None


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _read(text: str, day_first: bool | None) -> date | None:
    if match := _ISO.fullmatch(text):
        return _make(int(match[1]), int(match[2]), int(match[3]))
    if match := _DAY_MONTH_YEAR.fullmatch(text):
        month = month_number(match[2])
        return _make(int(match[3]), month, int(match[1])) if month else None
    if match := _MONTH_DAY_YEAR.fullmatch(text):
        month = month_number(match[1])
        return _make(int(match[3]), month, int(match[2])) if month else None
    if day_first is not None and (match := _NUMERIC.fullmatch(text)) and len(match[3]) == 4:
        first, second = int(match[1]), int(match[2])
        day, month = (first, second) if day_first else (second, first)
        return _make(int(match[3]), month, day)
    return None


def parse_day(
    text: str,
    *,
    field: str = "date",
    label: str = "Date",
    day_first: bool | None = True,
    years: tuple[int, int] = (1900, 2200),
) -> date:
    """A date typed by a person (see the module docstring); InputError saying how to write it.

    ``day_first=None`` refuses numeric dates like 03/04/1970 (where nothing says which order
    they are in, e.g. on the command line).

    >>> parse_day("18 Nov 2026") == parse_day("2026-11-18") == parse_day("18/11/2026")
    True
    """
    stripped = " ".join((text or "").split())
    found = _read(stripped, day_first) if len(stripped) <= 40 else None
    if found is None:
        shown = stripped[:24] or "(empty)"
        raise InputError(f"{label}: '{shown}' is not a date; type it as {EXAMPLE}.", field)
    if not years[0] <= found.year <= years[1]:
        raise InputError(f"{label}: the year {found.year} is out of range; please check.", field)
    return found


def could_become_a_date(text: str) -> bool:
    """Whether ``text`` may be the start of a date being typed (digits, month letters, separators).

    Used by date fields to refuse impossible keys while accepting half-typed dates.
    """
    stripped = text.strip()
    if len(stripped) > 40:
        return False
    if not re.fullmatch(r"[0-9A-Za-z\s\-./,]*", stripped):
        return False
    words = re.findall(r"[A-Za-z]+", stripped)
    if len(words) > 1:
        return False
    return all(
        any(name.startswith(w.lower()) for name in _FULL_MONTHS)
        or w.lower() in ("st", "nd", "rd", "th")
        for w in words
    )


def read_moment(text: str) -> tuple[date, time | None, str | None] | None:
    """A date and time as people write them: the date as ``parse_day`` reads it with no numeric
    order (``29 Nov 2026``, ``November 29, 2026``, ``2026-11-29``), then optionally a time and
    a UTC offset: ``29 Nov 2026 22:00``, ``29 Nov 2026, 22:00:30 +01:00``.

    Returns (day, time or None, offset text such as ``+01:00`` or ``Z``, or None), or None when
    the text is not that (an impossible date or time included).
    The one reader of typed date-times shared by the washout checker and the side-effect log.
    """
    stripped = " ".join((text or "").split())
    found = _DAY_THEN_TIME.fullmatch(stripped) if len(stripped) <= 40 else None
    if found is None:
        return None
    day = _read(found["day"], None)
    if day is None:
        return None
    if found["time"] is None:
        return day, None, None
    hour, minute, second = (int(part) for part in f"{found['time']}:0".split(":")[:3])
    if hour > 23 or minute > 59 or second > 59:
        return None
    return day, time(hour, minute, second), found["offset"]
