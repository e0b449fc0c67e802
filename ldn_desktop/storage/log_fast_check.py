"""A column-wise proof that a month's log entries are valid, without a Python loop per entry.

``storage.side_effect_log._validate_entry`` is the rule (and writes the messages); checking it
entry by entry costs as much as ``json.loads`` itself for a 20,000-entry log. ``entries_are_valid``
checks the same rules one field at a time over all entries with C-level ``map``/``set``/``min``/
``max`` (a few times cheaper). It only ever *accepts*: when it cannot prove every entry valid it
returns False and the caller runs the per-entry rule, which gives the exact message or, for an
unusual but valid entry this check does not cover, accepts it. So what is accepted and refused is
decided by ``_validate_entry`` alone; this check must never be looser than it
(``tests/storage/test_log_fast_check.py`` compares the two on mutated entries).

The columns it checked (``Columns``, date-times parsed) are what loading builds the log from, so a
month's entries are taken apart and parsed once (``valid_columns``; ``columns_of`` for a month
that needed the per-entry rule).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from functools import partial
from itertools import compress, repeat
from math import isnan
from operator import is_not, itemgetter
from typing import Any, NamedTuple

KEYS = (
    "id",
    "at",
    "symptom",
    "detail",
    "severity",
    "sleep_hours",
    "sleep_quality",
    "dose",
    "dose_missed",
    "dose_time",
    "note",
)
_GETTERS = tuple(map(itemgetter, KEYS))
_ROW = itemgetter(*KEYS)  # an entry's eleven values, in KEYS order
_NONE = type(None)
_IDS_RE = re.compile(r"[A-Za-z0-9_-]{1,64}(?:\n[A-Za-z0-9_-]{1,64})*")
_HH_MM = r"(?:[01][0-9]|2[0-3]):[0-5][0-9]"
_DOSE_TIMES_RE = re.compile(rf"{_HH_MM}(?:\n{_HH_MM})*")
_MONTH_PART = itemgetter(slice(0, 7))
_OFFSET_SIGN = itemgetter(-6)
_VALUE = itemgetter("value")
_NOT_NONE = partial(is_not, None)
TEXT_MAX = 2000


def _types(column: Iterable[Any]) -> set[type]:
    return set(map(type, column))


class Columns(NamedTuple):
    """A month's valid entries field by field, in their order; ``dose`` holds the dose object's
    ``value`` (or None), ``at`` the parsed date-times."""

    ids: tuple[str, ...]
    at: list[datetime]
    symptom: tuple[str, ...]
    detail: tuple[str, ...]
    severity: tuple[int, ...]
    sleep_hours: tuple[float | None, ...]
    sleep_quality: tuple[int | None, ...]
    dose: tuple[Any, ...]
    dose_missed: tuple[bool, ...]
    dose_time: tuple[str | None, ...]
    note: tuple[str, ...]


def entries_are_valid(items: list[Any], month: str) -> bool:
    """True only if every item passes ``_validate_entry`` for ``month`` and no id repeats."""
    return valid_columns(items, month) is not None


def valid_columns(items: list[Any], month: str) -> Columns | None:
    """The entries' columns if every item passes ``_validate_entry`` for ``month`` and no id
    repeats; None when that could not be shown (the per-entry rule decides)."""
    try:
        return _check(items, month)
    except (KeyError, TypeError, ValueError, OverflowError):
        return None


def columns_of(items: list[Any]) -> Columns:
    """The columns of entries already found valid (by the per-entry rule)."""
    ids, at, *rest = (tuple(map(getter, items)) for getter in _GETTERS)
    return _columns(ids, list(map(datetime.fromisoformat, at)), *rest)


def _columns(ids: tuple[Any, ...], at: list[datetime], *rest: tuple[Any, ...]) -> Columns:
    symptom, detail, severity, hours, quality, dose, missed, dose_time, note = rest
    values = tuple(None if d is None else d["value"] for d in dose)
    return Columns(
        ids, at, symptom, detail, severity, hours, quality, values, missed, dose_time, note
    )


def _check(items: list[Any], month: str) -> Columns | None:
    if not items:
        return _columns((), [], *[()] * 9)
    # exactly the eleven keys: each one present (KeyError otherwise) and no others
    if _types(items) != {dict} or set(map(len, items)) != {len(KEYS)}:
        return None
    # the eleven columns: rows of values (KeyError for a missing key), transposed in C
    ids, at, symptom, detail, severity, hours, quality, dose, missed, dose_time, note = zip(
        *map(_ROW, items), strict=True
    )
    instants = _at_ok(at, month)
    valid = (
        instants is not None
        and _ids_ok(ids)
        and _texts_ok(symptom, detail, note)
        and _numbers_ok(severity, hours, quality)
        and _types(missed) == {bool}
        and _dose_ok(dose, missed)
        and _dose_times_ok(dose_time)
    )
    if not valid or instants is None:
        return None
    rest = (symptom, detail, severity, hours, quality, dose, missed, dose_time, note)
    return _columns(ids, instants, *rest)


def _ids_ok(ids: tuple[Any, ...]) -> bool:
    if _types(ids) != {str} or len(set(ids)) != len(ids):
        return False
    return _IDS_RE.fullmatch("\n".join(ids)) is not None


def _at_ok(at: tuple[Any, ...], month: str) -> list[datetime] | None:
    """The parsed date-times (None: not shown valid)."""
    if _types(at) != {str} or set(map(_MONTH_PART, at)) != {month} or min(map(len, at)) < 19:
        return None
    if not set(map(_OFFSET_SIGN, at)) <= {"+", "-"}:
        return None
    return list(map(datetime.fromisoformat, at))  # ValueError on the first bad one


def _dose_times_ok(dose_time: tuple[Any, ...]) -> bool:
    if not _types(dose_time) <= {_NONE, str}:
        return False
    given = list(filter(_NOT_NONE, dose_time))  # an empty "" is given, and no HH:MM
    return not given or _DOSE_TIMES_RE.fullmatch("\n".join(given)) is not None


def _texts_ok(*columns: tuple[Any, ...]) -> bool:
    for column in columns:
        if _types(column) != {str} or max(map(len, column)) > TEXT_MAX:
            return False
    return all(columns[0])  # the symptom is never empty


def _within(values: list[Any], low: float, high: float, *, floats: bool = False) -> bool:
    """All of ``values`` within low..high; with ``floats``, none of them NaN (whole numbers
    never are, so their columns skip that pass)."""
    if not values:
        return True
    if min(values) < low or max(values) > high:
        return False
    return not floats or not any(map(isnan, values))


def _numbers_ok(
    severity: tuple[Any, ...], hours: tuple[Any, ...], quality: tuple[Any, ...]
) -> bool:
    if _types(severity) != {int} or not _within(list(severity), 0, 10):
        return False
    hour_types = _types(hours)
    if not hour_types <= {_NONE, int, float}:
        return False
    if not _within(list(filter(_NOT_NONE, hours)), 0, 24, floats=float in hour_types):
        return False
    if not _types(quality) <= {_NONE, int}:
        return False
    return _within(list(filter(_NOT_NONE, quality)), 1, 5)


def _dose_ok(dose: tuple[Any, ...], missed: tuple[Any, ...]) -> bool:
    if not _types(dose) <= {_NONE, dict} or any(compress(missed, dose)):
        return False
    doses = list(filter(_NOT_NONE, dose))
    if not doses:
        return True
    if set(map(dict.get, doses, repeat("unit"))) != {"mg"}:
        return False
    # every value's type: a set of the values would take true for 1 (equal, same hash)
    if not _types(map(_VALUE, doses)) <= {str, int, float}:  # true/false is no dose
        return False
    values = list(map(float, set(map(_VALUE, doses))))  # a log has a handful of doses
    return min(values) > 0 and max(values) <= 50 and not any(map(isnan, values))
