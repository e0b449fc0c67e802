"""The one pint registry, parsing of typed quantities, and the one formatter for doses and weighings.

Parsing never hands user text to pint's expression parser: a strict pattern accepts exactly
``<number> [<unit>]`` (at most 64 characters), so input such as ``2**9999999 mg`` fails at once.
Units come from a closed alias table; household measures are refused (ISMP, Joint Commission).

Formatting follows ISMP / The Joint Commission "Do Not Use" list (reference/compounding.md §8):
no trailing zero (``3 mg`` not ``3.0 mg``), always a leading zero (``0.5 mg`` not ``.5 mg``),
``mcg`` never ``µg``, a space between number and unit.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

import pint

from ldn_desktop.core.errors import InputError

if TYPE_CHECKING:
    Quantity = pint.Quantity
else:
    Quantity = Any

Dimension = Literal["mass", "volume", "concentration", "density"]

MAX_TEXT_LENGTH = 64

# canonical unit per dimension: what a bare number means and what results are expressed in
CANONICAL_UNIT: dict[str, str] = {
    "mass": "mg",
    "volume": "mL",
    "concentration": "mg/mL",
    "density": "g/mL",
}

# closed alias table: text typed by a user -> pint unit expression
_UNIT_ALIASES: dict[str, tuple[str, str]] = {
    # alias: (pint unit, dimension)
    "mg": ("milligram", "mass"),
    "milligram": ("milligram", "mass"),
    "milligrams": ("milligram", "mass"),
    "mcg": ("microgram", "mass"),
    "µg": ("microgram", "mass"),
    "μg": ("microgram", "mass"),
    "ug": ("microgram", "mass"),
    "microgram": ("microgram", "mass"),
    "micrograms": ("microgram", "mass"),
    "g": ("gram", "mass"),
    "gram": ("gram", "mass"),
    "grams": ("gram", "mass"),
    "kg": ("kilogram", "mass"),
    "ml": ("milliliter", "volume"),
    "milliliter": ("milliliter", "volume"),
    "milliliters": ("milliliter", "volume"),
    "millilitre": ("milliliter", "volume"),
    "millilitres": ("milliliter", "volume"),
    "l": ("liter", "volume"),
    "liter": ("liter", "volume"),
    "litre": ("liter", "volume"),
    "mg/ml": ("milligram / milliliter", "concentration"),
    "mcg/ml": ("microgram / milliliter", "concentration"),
    "µg/ml": ("microgram / milliliter", "concentration"),
    "μg/ml": ("microgram / milliliter", "concentration"),
    "g/ml": ("gram / milliliter", "concentration"),
    "g/cm3": ("gram / centimeter ** 3", "concentration"),
    "g/cc": ("gram / centimeter ** 3", "concentration"),
    "mg/l": ("milligram / liter", "concentration"),
    "g/l": ("gram / liter", "concentration"),
}

_HOUSEHOLD = {
    "tsp",
    "teaspoon",
    "teaspoons",
    "tbsp",
    "tablespoon",
    "tablespoons",
    "drop",
    "drops",
    "gtt",
    "gtts",
    "cup",
    "cups",
    "oz",
    "ounce",
    "ounces",
    "floz",
    "dram",
    "drams",
    "pinch",
    "spoon",
    "spoonful",
    "dropperful",
    "dropper",
    "cc",
    "grain",
    "grains",
    "gr",
}

_DIMENSION_WORDS = {
    "mass": "a mass (mg, mcg or g)",
    "volume": "a volume (mL)",
    "concentration": "a concentration (mg/mL)",
    "density": "a density (g/mL)",
}

_QUANTITY_RE = re.compile(
    r"^\s*(?P<num>\d{1,12}(?:[.,]\d{1,12})?|[.,]\d{1,12})\s*(?P<unit>[^\d\s][^\s]{0,15})?\s*$"
)


@cache
def registry() -> pint.UnitRegistry:
    """The application-wide unit registry (created on first use, never at import time)."""
    return pint.UnitRegistry()


def Q_(value: float | int | Decimal | str, unit: str) -> Quantity:
    """A quantity from the one registry."""
    return registry().Quantity(float(value), unit)


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """How the user's locale writes decimals (the GUI passes its locale's mark; the CLI uses '.')."""

    decimal_mark: str = "."


def _parse_number(text: str, field: str, style: NumberStyle) -> float:
    """Read a plain decimal; the locale's mark always works, the other one unless it is ambiguous."""
    other = "," if style.decimal_mark == "." else "."
    if other in text:
        whole, _, frac = text.partition(other)
        if len(frac) == 3 and whole:
            raise InputError(
                f"{field}: '{text}' is ambiguous (a thousands separator or a decimal?). "
                f"Write it without separators, with '{style.decimal_mark}' for decimals.",
                field,
            )
    try:
        return float(Decimal(text.replace(",", ".")))
    except InvalidOperation:
        raise InputError(f"{field}: '{text}' is not a number.", field) from None


def parse_quantity(
    text: str,
    *,
    field: str,
    dimension: Dimension = "mass",
    default_unit: str | None = None,
    style: NumberStyle = NumberStyle(),
    minimum: float | None = None,
    maximum: float | None = None,
    allow_zero: bool = False,
) -> Quantity:
    """Parse what a user typed into a quantity expressed in the dimension's canonical unit.

    ``minimum``/``maximum`` are in the canonical unit (mg, mL, mg/mL, g/mL). A bare number takes
    ``default_unit`` (or the canonical unit). Raises InputError naming ``field``.

    Example: ``parse_quantity("4500 mcg", field="Strength")`` -> ``4.5 mg``.
    """
    if not isinstance(text, str):
        raise InputError(f"{field}: enter a number and a unit, e.g. 4.5 mg.", field)
    if len(text) > MAX_TEXT_LENGTH:
        raise InputError(f"{field}: too long (at most {MAX_TEXT_LENGTH} characters).", field)
    stripped = text.strip()
    if not stripped:
        raise InputError(f"{field}: required.", field)
    if stripped.startswith("-"):
        raise InputError(f"{field}: must be more than zero.", field)
    match = _QUANTITY_RE.match(stripped)
    if match is None:
        raise InputError(
            f"{field}: '{_shorten(stripped)}' is not a quantity; write a number and a unit, "
            f"e.g. {_example(dimension)}.",
            field,
        )
    value = _parse_number(match["num"], field, style)
    unit_text = (match["unit"] or default_unit or CANONICAL_UNIT[dimension]).strip()
    pint_unit = _resolve_unit(unit_text, field, dimension)
    return _checked(value, pint_unit, field, dimension, minimum, maximum, allow_zero)


def _resolve_unit(unit_text: str, field: str, dimension: Dimension) -> str:
    key = unit_text.lower()
    if key.rstrip(".") in _HOUSEHOLD or key.split("/")[0] in _HOUSEHOLD:
        raise InputError(
            f"{field}: '{unit_text}' is not accepted; use metric units ({_example(dimension)}).",
            field,
        )
    found = _UNIT_ALIASES.get(key)
    if found is None:
        raise InputError(
            f"{field}: unknown unit '{_shorten(unit_text)}'; expected {_DIMENSION_WORDS[dimension]}.",
            field,
        )
    pint_unit, unit_dimension = found
    wanted = "concentration" if dimension == "density" else dimension
    if unit_dimension != wanted:
        raise InputError(
            f"{field}: '{unit_text}' is not {_DIMENSION_WORDS[dimension]}.",
            field,
        )
    return pint_unit


def _checked(
    value: float,
    pint_unit: str,
    field: str,
    dimension: Dimension,
    minimum: float | None,
    maximum: float | None,
    allow_zero: bool,
) -> Quantity:
    if not math.isfinite(value):
        raise InputError(f"{field}: not a finite number.", field)
    canonical = CANONICAL_UNIT[dimension]
    quantity = Q_(value, pint_unit).to(canonical)
    magnitude = float(quantity.magnitude)
    if magnitude == 0 and not allow_zero:
        raise InputError(f"{field}: must be more than zero.", field)
    if minimum is not None and magnitude < minimum:
        raise InputError(
            f"{field}: must be at least {format_quantity(Q_(minimum, canonical))}.", field
        )
    ceiling = maximum if maximum is not None else 1e7
    if magnitude > ceiling:
        raise InputError(
            f"{field}: must be at most {format_quantity(Q_(ceiling, canonical))}.", field
        )
    return quantity


def parse_percent(
    text: str,
    *,
    field: str,
    style: NumberStyle = NumberStyle(),
    minimum: float = 0.0,
    maximum: float = 100.0,
    allow_zero: bool = True,
) -> Decimal:
    """Parse ``"99.5%"`` or ``"99.5"`` into the exact fraction ``Decimal("0.995")``."""
    if not isinstance(text, str) or len(text) > MAX_TEXT_LENGTH:
        raise InputError(f"{field}: enter a percentage, e.g. 99.5%.", field)
    stripped = text.strip().removesuffix("%").strip()
    if not re.fullmatch(r"\d{1,12}(?:[.,]\d{1,12})?|[.,]\d{1,12}", stripped):
        raise InputError(f"{field}: '{_shorten(text.strip())}' is not a percentage.", field)
    value = Decimal(str(_parse_number(stripped, field, style)))
    if value == 0 and not allow_zero:
        raise InputError(f"{field}: must be more than 0%.", field)
    if not (Decimal(str(minimum)) <= value <= Decimal(str(maximum))):
        raise InputError(f"{field}: must be between {minimum:g}% and {maximum:g}%.", field)
    return value / 100


def format_number(value: float | Decimal, max_decimals: int = 3, decimal_mark: str = ".") -> str:
    """A plain number without trailing zeros and with a leading zero (``0.5``, ``3``, ``4.07``)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(-max_decimals), rounding=ROUND_HALF_EVEN)
    text = format(rounded, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in {"-0", ""}:
        text = "0"
    return text.replace(".", decimal_mark)


def format_fixed(value: float | Decimal, decimals: int, decimal_mark: str = ".") -> str:
    """A number at a fixed count of decimals (weighings at the balance's readability)."""
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_EVEN)
    return format(rounded, "f").replace(".", decimal_mark)


def format_dose(
    dose: Quantity, unit: str = "mg", max_decimals: int = 3, decimal_mark: str = "."
) -> str:
    """Every dose on screen, paper, CSV and label: ``3 mg``, ``0.5 mg``, ``1.25 mg``, ``500 mcg``.

    ``unit`` is ``mg`` or ``mcg`` (never ``µg``).
    """
    if unit not in {"mg", "mcg"}:
        raise ValueError(f"doses are written in mg or mcg, not {unit}")
    pint_unit = "milligram" if unit == "mg" else "microgram"
    magnitude = float(dose.to(pint_unit).magnitude)
    return f"{format_number(magnitude, max_decimals, decimal_mark)} {unit}"


def format_quantity(quantity: Quantity, max_decimals: int = 4, decimal_mark: str = ".") -> str:
    """Any non-dose quantity in its display unit: ``2.5 mL``, ``1 mg/mL``, ``0.43 g/mL``, ``240 mg``."""
    units = str(quantity.units)
    symbol = (
        units.replace("milligram", "mg")
        .replace("microgram", "mcg")
        .replace("kilogram", "kg")
        .replace("gram", "g")
        .replace("milliliter", "mL")
        .replace("liter", "L")
        .replace(" / ", "/")
    )
    return f"{format_number(float(quantity.magnitude), max_decimals, decimal_mark)} {symbol}"


def readability_decimals(readability: Quantity) -> int:
    """Decimal places in mg that a balance of this readability shows (0.1 mg -> 1, 1 mg -> 0)."""
    mg = Decimal(repr(float(readability.to("milligram").magnitude))).normalize()
    exponent = mg.as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def format_weighing(mass: Quantity, readability: Quantity, decimal_mark: str = ".") -> str:
    """A mass to put on the balance, at the balance's readability (``144.7 mg``, ``7.5353 g``).

    Masses of 1 g or more are shown in grams with the decimals that the readability allows
    (reference/compounding.md §8, TV1/TV9). A weighing is not a dose: it keeps the balance's digits.
    """
    decimals_mg = readability_decimals(readability)
    mg = float(mass.to("milligram").magnitude)
    if mg >= 1000:
        return f"{format_fixed(mg / 1000, decimals_mg + 3, decimal_mark)} g"
    return f"{format_fixed(mg, decimals_mg, decimal_mark)} mg"


def _example(dimension: Dimension) -> str:
    return {"mass": "4.5 mg", "volume": "50 mL", "concentration": "1 mg/mL", "density": "0.6 g/mL"}[
        dimension
    ]


def _shorten(text: str) -> str:
    return text if len(text) <= 24 else text[:21] + "..."
