"""Small strict checks for document validators; each raises InvalidDocumentError naming the field."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

from ldn_desktop.storage.errors import InvalidDocumentError

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
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidDocumentError(f"{where}: '{key}' is not an ISO date ({value!r})") from None


def need_datetime(data: Any, key: str, where: str, *, optional: bool = False) -> datetime | None:
    value = need(data, key, str, where, optional=optional)
    if value is None:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise InvalidDocumentError(
            f"{where}: '{key}' is not an ISO date-time ({value!r})"
        ) from None


def need_number(
    data: Any,
    key: str,
    where: str,
    *,
    optional: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> float | None:
    value = need(data, key, float, where, optional=optional)
    if value is None:
        return None
    if minimum is not None and value < minimum:
        raise InvalidDocumentError(f"{where}: '{key}' must be at least {minimum:g}")
    if maximum is not None and value > maximum:
        raise InvalidDocumentError(f"{where}: '{key}' must be at most {maximum:g}")
    return float(value)


def need_quantity(
    data: Any, key: str, where: str, units: set[str], *, optional: bool = False
) -> tuple[float, str] | None:
    """A stored quantity ``{"value": "4.5", "unit": "mg"}`` (value as text keeps decimals exact)."""
    value = need(data, key, dict, where, optional=optional)
    if value is None:
        return None
    inner = f"{where}.{key}"
    text = need(value, "value", (str, int, float), inner)
    unit = need(value, "unit", str, inner)
    if unit not in units:
        raise InvalidDocumentError(f"{inner}: unit {unit!r} is not one of {sorted(units)}")
    try:
        number = float(text)
    except ValueError:
        raise InvalidDocumentError(f"{inner}: value {text!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise InvalidDocumentError(f"{inner}: value must be a finite number of zero or more")
    return number, unit


def _words(kinds: tuple[type, ...]) -> str:
    return " or ".join(_TYPE_WORDS.get(k, k.__name__) for k in kinds)
