"""Small strict checks for document validators; each raises InvalidDocumentError naming the field.

Stored dates and date-times must fall in the years 1900 to 2200 (``STORED_YEARS``): a birth date
is never earlier (core refuses it) and every other date is near the day it was saved (typed dates
are 1900-2199; a washout's earliest start may fall a few weeks later). A year-9999
or year-0001 value is refused when the document is read, so no reader meets a date whose next day,
offset conversion or month grid does not exist.
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from ldn_desktop.storage.errors import InvalidDocumentError

STORED_YEARS = range(1900, 2201)
MAX_NUMBER_TEXT = 40  # a stored number as text ("4.5", "0.03"): a few digits, never 400

_TYPE_WORDS = {
    str: "a text",
    int: "a whole number",
    bool: "true or false",
    list: "a list",
    dict: "an object",
    float: "a number",
}


def need(
    data: Any, key: str, kind: type | tuple[type, ...], where: str, *, optional: bool = False
) -> Any:
    """``data[key]`` if it has the expected type (``None`` allowed when ``optional``)."""
    if not isinstance(data, dict):
        raise InvalidDocumentError(f"{where} must be an object")
    if key not in data:
        if optional:
            return None
        raise InvalidDocumentError(f"{where}: '{key}' is missing")
    value = data[key]
    if value is None and optional:
        return None
    kinds = kind if isinstance(kind, tuple) else (kind,)
    if float in kinds and isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, bool) and bool not in kinds:
        raise InvalidDocumentError(f"{where}: '{key}' must be {_words(kinds)}")
    if not isinstance(value, kinds):
        raise InvalidDocumentError(f"{where}: '{key}' must be {_words(kinds)}")
    if isinstance(value, float) and not math.isfinite(value):
        raise InvalidDocumentError(f"{where}: '{key}' must be a finite number")
    return value


def need_text(
    data: Any,
    key: str,
    where: str,
    *,
    optional: bool = False,
    max_length: int = 10_000,
    non_empty: bool = False,
) -> str | None:
    value: str | None = need(data, key, str, where, optional=optional)
    if value is None:
        return None
    if len(value) > max_length:
        raise InvalidDocumentError(f"{where}: '{key}' is longer than {max_length} characters")
    if non_empty and not value.strip():
        raise InvalidDocumentError(f"{where}: '{key}' must not be empty")
    return value


def need_date(data: Any, key: str, where: str, *, optional: bool = False) -> date | None:
    value = need(data, key, str, where, optional=optional)
    if value is None:
        return None
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidDocumentError(
            f"{where}: '{key}' is not an ISO date ({value[:40]!r})"
        ) from None
    check_year(day, where, key)
    return day


def check_year(moment: date, where: str, key: str) -> None:
    """Refuse a stored date outside ``STORED_YEARS`` (1900-2200)."""
    if moment.year not in STORED_YEARS:
        raise InvalidDocumentError(
            f"{where}: '{key}' is in the year {moment.year}; stored dates must fall between "
            f"{STORED_YEARS.start} and {STORED_YEARS.stop - 1}"
        )


def need_datetime(data: Any, key: str, where: str, *, optional: bool = False) -> datetime | None:
    value = need(data, key, str, where, optional=optional)
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidDocumentError(
            f"{where}: '{key}' is not an ISO date-time ({value[:40]!r})"
        ) from None
    check_year(moment, where, key)
    return moment


def need_number(
    data: Any,
    key: str,
    where: str,
    *,
    optional: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
    whole: bool = False,
) -> float | None:
    """A JSON number (not true/false) in ``minimum..maximum``; ``whole``: no fraction either."""
    value = need(data, key, float, where, optional=optional)
    if value is None:
        return None
    if whole and value != int(value):
        raise InvalidDocumentError(f"{where}: '{key}' must be a whole number")
    if minimum is not None and value < minimum:
        raise InvalidDocumentError(f"{where}: '{key}' must be at least {minimum:g}")
    if maximum is not None and value > maximum:
        raise InvalidDocumentError(f"{where}: '{key}' must be at most {maximum:g}")
    return float(value)


def need_quantity(
    data: Any,
    key: str,
    where: str,
    units: set[str],
    *,
    optional: bool = False,
    maximum: float | None = None,
) -> tuple[float, str] | None:
    """A stored quantity ``{"value": "4.5", "unit": "mg"}`` (value as text keeps decimals exact).

    ``maximum`` bounds the value in its own unit (e.g. 1000 for mg).
    """
    value = need(data, key, dict, where, optional=optional)
    if value is None:
        return None
    inner = f"{where}.{key}"
    text = need(value, "value", (str, int, float), inner)
    unit = need(value, "unit", str, inner)
    if unit not in units:
        raise InvalidDocumentError(f"{inner}: unit {unit[:20]!r} is not one of {sorted(units)}")
    number = stored_number(text, inner)
    if number < 0 or (maximum is not None and number > maximum):
        top = "" if maximum is None else f" and at most {maximum:g}"
        raise InvalidDocumentError(f"{inner}: value must be zero or more{top}")
    return number, unit


def stored_number(value: Any, where: str) -> float:
    """A finite number stored as JSON number or short text ("4.5"); never true/false or "NaN"."""
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InvalidDocumentError(f"{where}: value must be a number")
    text = str(value)
    if len(text) > MAX_NUMBER_TEXT:
        raise InvalidDocumentError(f"{where}: value {text[:20]!r}... is too long for a number")
    try:
        number = float(text)
    except ValueError:
        raise InvalidDocumentError(f"{where}: value {text!r} is not a number") from None
    if not math.isfinite(number):
        raise InvalidDocumentError(f"{where}: value must be a finite number")
    return number


def _words(kinds: tuple[type, ...]) -> str:
    return " or ".join(_TYPE_WORDS.get(k, k.__name__) for k in kinds)
