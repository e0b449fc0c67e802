"""Checks for what a user types on the Settings page: strength lists, printout details, balances.

The balance limits follow the Balance value (``compounding_inputs.Balance``: readability between
0.001 mcg and 1 g); the capsule-strength limits follow ``compounding_rules.json`` ``strength_mg``
(0.1–50 mg) and the settings document (at most 12 default strengths).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import (
    Q_,
    NumberStyle,
    Quantity,
    format_number,
    parse_quantity,
    quantity_value,
)

MAX_STRENGTHS = 12
MAX_DETAIL_LENGTH = 200
MAX_PHONE_LENGTH = 40
_PHONE_RE = re.compile(r"^[0-9+()\-./ ]*(?:(?:ext\.?|x) ?[0-9]{1,6})?$", re.IGNORECASE)


def parse_strength_list(
    text: str,
    *,
    decimal_mark: str = ".",
    minimum_mg: float = 0.1,
    maximum_mg: float = 50.0,
    field: str = "Capsule strengths",
) -> list[Quantity]:
    """``"1.5; 3; 4.5 mg"`` -> the strengths in mg, smallest first (1 to 12, no repeats).

    Strengths are separated by ``;`` (and by ``,`` where the decimal mark is ``.``). A bare number
    is in mg; ``500 mcg`` is accepted.
    """
    separators = ";" if decimal_mark == "," else ";,"
    pieces = [p.strip() for p in re.split(f"[{separators}]", text or "")]
    pieces = [p for p in pieces if p]
    if not pieces:
        raise InputError(f"{field}: enter at least one strength, e.g. 1.5; 3; 4.5.", field)
    if len(pieces) > MAX_STRENGTHS:
        raise InputError(f"{field}: at most {MAX_STRENGTHS} strengths.", field)
    style = NumberStyle(decimal_mark)
    strengths: list[Quantity] = []
    for piece in pieces:
        strength = parse_quantity(
            piece,
            field=field,
            dimension="mass",
            style=style,
            minimum=minimum_mg,
            maximum=maximum_mg,
        )
        if any(abs(float((strength - s).to("mg").magnitude)) < 1e-9 for s in strengths):
            shown = format_number(float(strength.to("mg").magnitude), 3, decimal_mark)
            raise InputError(f"{field}: {shown} mg is listed twice.", field)
        strengths.append(strength)
    return sorted(strengths, key=lambda q: float(q.to("mg").magnitude))


def strengths_to_text(values_mg: list[str], decimal_mark: str = ".") -> str:
    """Stored strengths (``["1.5", "3"]``) as the user sees them: ``1.5; 3``."""
    return "; ".join(format_number(Decimal(v), 3, decimal_mark) for v in values_mg)


def strengths_to_json(strengths: list[Quantity]) -> list[str]:
    """Strengths as stored in settings: mg, as exact text without trailing zeros."""
    return [format_number(float(s.to("mg").magnitude), 6) for s in strengths]


def parse_print_detail(text: str, field: str, *, multiline: bool = False) -> str:
    """A name or address for printouts: optional, at most 200 characters, printable."""
    value = (text or "").strip()
    if len(value) > MAX_DETAIL_LENGTH:
        raise InputError(f"{field}: at most {MAX_DETAIL_LENGTH} characters.", field)
    allowed_breaks = "\n" if multiline else ""
    if any(not (ch.isprintable() or ch in allowed_breaks) for ch in value):
        raise InputError(f"{field}: contains control characters.", field)
    return value


def parse_phone(text: str, field: str = "Phone") -> str:
    """A phone number for printouts: optional; digits, spaces, + ( ) - . / and an extension."""
    value = " ".join((text or "").split())
    if len(value) > MAX_PHONE_LENGTH:
        raise InputError(f"{field}: at most {MAX_PHONE_LENGTH} characters.", field)
    if not _PHONE_RE.match(value) or (value and not any(ch.isdigit() for ch in value)):
        raise InputError(
            f"{field}: '{value[:24]}' is not a phone number (digits, spaces, + ( ) - . /).", field
        )
    return value


def parse_readability(text: str, decimal_mark: str = ".") -> Quantity:
    """A balance's readability d (scale interval): 0.000001 mg (0.001 mcg) to 1000 mg (1 g)."""
    return Q_(readability_mg(text, decimal_mark), "mg")


def readability_mg(text: str, decimal_mark: str = ".") -> Decimal:
    """``parse_readability``'s check and exact value in mg, without pint (the stored settings are
    validated at start-up, before the window paints)."""
    return quantity_value(
        text,
        field="Readability",
        dimension="mass",
        style=NumberStyle(decimal_mark),
        minimum=0.000001,
        maximum=1000,
    )


def parse_repeatability_sd(text: str, decimal_mark: str = ".") -> Quantity:
    """The standard deviation of ≥ 10 weighings of a test weight (USP <41>, compounding.md §6.1).

    Zero is allowed (a balance can repeat exactly); USP <41> then uses 0.41 d instead.
    """
    return Q_(repeatability_sd_mg(text, decimal_mark), "mg")


def repeatability_sd_mg(text: str, decimal_mark: str = ".") -> Decimal:
    """``parse_repeatability_sd``'s check and exact value in mg, without pint."""
    return quantity_value(
        text,
        field="Repeatability SD",
        dimension="mass",
        style=NumberStyle(decimal_mark),
        maximum=1000,
        allow_zero=True,
    )


def quantity_to_json(quantity: Quantity) -> dict[str, str]:
    """A mass as stored in settings: ``{"value": "0.1", "unit": "mg"}``."""
    return {"value": format_number(float(quantity.to("mg").magnitude), 6), "unit": "mg"}


# -- prescribers ------------------------------------------------------------------------------

MAX_PRESCRIBERS = 20


@dataclass(frozen=True)
class Prescriber:
    """A prescriber as kept in Settings and printed on calendars and washout summaries."""

    name: str
    credentials: str = ""
    phone: str = ""

    @property
    def signature(self) -> str:
        """How printouts name the prescriber (calendar, washout summary): ``Dr Ann Lee, MD``
        (the name alone without credentials). A plan change's author is the name alone."""
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


NO_PRESCRIBER = Prescriber("")


def check_prescriber(name: str, credentials: str = "", phone: str = "") -> Prescriber:
    """One prescriber row as typed in Settings: a name is required, the rest is optional."""
    checked_name = parse_print_detail(name, "Prescriber name")
    if not checked_name:
        raise InputError("Prescriber name: enter the prescriber's name.", "prescriber_name")
    return Prescriber(
        checked_name,
        parse_print_detail(credentials, "Credentials"),
        parse_phone(phone, "Prescriber phone"),
    )


def check_prescriber_list(
    prescribers: Sequence[Prescriber], default: int | None
) -> tuple[tuple[Prescriber, ...], int | None]:
    """The list is at most MAX_PRESCRIBERS long, names are unique, and ``default`` points into it
    (the first prescriber when none is marked; None only for an empty list)."""
    if len(prescribers) > MAX_PRESCRIBERS:
        raise InputError(f"Prescribers: at most {MAX_PRESCRIBERS}.", "prescribers")
    seen: set[str] = set()
    for prescriber in prescribers:
        key = prescriber.name.casefold()
        if key in seen:
            raise InputError(f"Prescribers: {prescriber.name} is listed twice.", "prescribers")
        seen.add(key)
    if not prescribers:
        return (), None
    if default is None or not 0 <= default < len(prescribers):
        default = 0
    return tuple(prescribers), default


def _prescriber(row: object) -> Prescriber | None:
    if not isinstance(row, Mapping):
        return None
    found = Prescriber(
        str(row.get("name", "")).strip(),
        str(row.get("credentials", "")).strip(),
        str(row.get("phone", "")).strip(),
    )
    return found if found.name or found.phone else None


def default_prescriber(settings: Mapping[str, Any]) -> Prescriber:
    """The default prescriber in Settings (``settings["prescriber"]``; NO_PRESCRIBER if unset).

    Who signs a plan change unless the user names someone else, and whose name and phone are
    printed on calendars and washout summaries.
    """
    return _prescriber(settings.get("prescriber")) or NO_PRESCRIBER


def prescribers_from_settings(
    settings: Mapping[str, Any],
) -> tuple[tuple[Prescriber, ...], int | None]:
    """Every prescriber in Settings, the default first, and the default's index (0; None when
    there is none). The settings document keeps the default in ``prescriber`` (what printouts
    read) and the others in ``other_prescribers``."""
    first = _prescriber(settings.get("prescriber"))
    others = [_prescriber(row) for row in settings.get("other_prescribers") or []]
    found = ([first] if first else []) + [p for p in others if p is not None]
    return (tuple(found), 0) if found else ((), None)


def prescribers_to_settings(
    prescribers: Sequence[Prescriber], default: int | None
) -> dict[str, Any]:
    """The ``prescriber`` (the default) and ``other_prescribers`` entries of the settings."""

    def row(p: Prescriber) -> dict[str, str]:
        return {"name": p.name, "credentials": p.credentials, "phone": p.phone}

    if not prescribers or default is None:
        return {"prescriber": row(NO_PRESCRIBER), "other_prescribers": []}
    return {
        "prescriber": row(prescribers[default]),
        "other_prescribers": [row(p) for i, p in enumerate(prescribers) if i != default],
    }
