"""The one pint registry, parsing of typed quantities, and the one formatter for doses and weighings.

Parsing never hands user text to pint's expression parser: a strict pattern accepts exactly
``<number> [<unit>]`` (at most 64 characters), so input such as ``2**9999999 mg`` fails at once.
Units come from a closed alias table; household measures are refused (ISMP, Joint Commission).

Formatting follows ISMP / The Joint Commission "Do Not Use" list (docs/reference/compounding.md §8):
no trailing zero (``3 mg`` not ``3.0 mg``), always a leading zero (``0.5 mg`` not ``.5 mg``),
``mcg`` never ``µg``, a space between number and unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.format import (
    format_dose,
    format_fixed,
    format_number,
    format_quantity,
    format_weighing,
    readability_decimals,
    with_decimal_mark,
)
from ldn_desktop.core.units.unit_registry import registry

__all__ = [
    "CANONICAL_UNIT",
    "MAX_TEXT_LENGTH",
    "Q_",
    "Dimension",
    "NumberStyle",
    "Quantity",
    "format_dose",
    "format_fixed",
    "format_number",
    "format_quantity",
    "format_weighing",
    "magnitude",
    "parse_count",
    "parse_decimal",
    "parse_fraction_or_percent",
    "parse_percent",
    "parse_quantity",
    "readability_decimals",
    "registry",
    "with_decimal_mark",
]

if TYPE_CHECKING:
    import pint

    Quantity = pint.Quantity[Any]
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

# closed alias table: text typed by a user -> (pint unit, dimension, exact factor to the canonical
# unit). The exact factor lets "4500 mcg", "4.5 mg" and "0.0045 g" give the very same float.
_UNIT_ALIASES: dict[str, tuple[str, str, Decimal]] = {
    "mg": ("milligram", "mass", Decimal(1)),
    "milligram": ("milligram", "mass", Decimal(1)),
    "milligrams": ("milligram", "mass", Decimal(1)),
    "mcg": ("microgram", "mass", Decimal("0.001")),
    "µg": ("microgram", "mass", Decimal("0.001")),
    "μg": ("microgram", "mass", Decimal("0.001")),
    "ug": ("microgram", "mass", Decimal("0.001")),
    "microgram": ("microgram", "mass", Decimal("0.001")),
    "micrograms": ("microgram", "mass", Decimal("0.001")),
    "g": ("gram", "mass", Decimal(1000)),
    "gram": ("gram", "mass", Decimal(1000)),
    "grams": ("gram", "mass", Decimal(1000)),
    "kg": ("kilogram", "mass", Decimal(1000000)),
    "ml": ("milliliter", "volume", Decimal(1)),
    "milliliter": ("milliliter", "volume", Decimal(1)),
    "milliliters": ("milliliter", "volume", Decimal(1)),
    "millilitre": ("milliliter", "volume", Decimal(1)),
    "millilitres": ("milliliter", "volume", Decimal(1)),
    "l": ("liter", "volume", Decimal(1000)),
    "liter": ("liter", "volume", Decimal(1000)),
    "litre": ("liter", "volume", Decimal(1000)),
    "mg/ml": ("milligram / milliliter", "concentration", Decimal(1)),
    "mcg/ml": ("microgram / milliliter", "concentration", Decimal("0.001")),
    "µg/ml": ("microgram / milliliter", "concentration", Decimal("0.001")),
    "μg/ml": ("microgram / milliliter", "concentration", Decimal("0.001")),
    "g/ml": ("gram / milliliter", "concentration", Decimal(1000)),
    "g/cm3": ("gram / centimeter ** 3", "concentration", Decimal(1000)),
    "g/cc": ("gram / centimeter ** 3", "concentration", Decimal(1000)),
    "mg/l": ("milligram / liter", "concentration", Decimal("0.001")),
    "g/l": ("gram / liter", "concentration", Decimal(1)),
}

# the smallest and largest magnitudes (in the canonical unit) that can be a real entry
ABSURDLY_SMALL = Decimal("1e-6")
ABSURDLY_LARGE = Decimal("1e7")

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
    r"^\s*(?P<num>\d{1,12}(?:[.,]\d{1,12})?|[.,]\d{1,12})\s*(?P<unit>[^\W\d_][\w/.µμ]{0,15})?\s*$"
)


@cache
def _unit(name: str) -> pint.Unit:
    """A unit parsed once: pint re-parses a unit string on every Quantity and ``.to()`` call,
    which was most of the time of ``parse_quantity`` (benchmarks/README.md, row 5)."""
    return registry().Unit(name)


def Q_(value: float | int | Decimal | str, unit: str) -> Quantity:
    """A quantity from the one registry."""
    return registry().Quantity(float(value), _unit(unit))


@dataclass(frozen=True, slots=True)
class NumberStyle:
    """How the user's locale writes decimals (the GUI passes its locale's mark; the CLI uses '.')."""

    decimal_mark: str = "."


def _parse_decimal(text: str, field: str, style: NumberStyle) -> Decimal:
    """Read a plain decimal exactly; the locale's mark always works, the other one unless ambiguous."""
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
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise InputError(f"{field}: '{_shorten(text)}' is not a number.", field) from None
    if not value.is_finite():
        raise InputError(f"{field}: not a finite number.", field)
    return value


def _parse_number(text: str, field: str, style: NumberStyle) -> float:
    return float(_parse_decimal(text, field, style))


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
    ``default_unit`` (or the canonical unit). Raises InputError naming ``field``. The conversion
    to the canonical unit is exact (decimal), so ``4500 mcg`` and ``0.0045 g`` give the very
    same value as ``4.5 mg``. Household measures (tsp, drops, cups, cc, grains) are refused
    (docs/reference/compounding.md §8).

    Example: ``parse_quantity("4500 mcg", field="Strength")`` -> ``4.5 mg``.
    """
    value = quantity_value(
        text,
        field=field,
        dimension=dimension,
        default_unit=default_unit,
        style=style,
        minimum=minimum,
        maximum=maximum,
        allow_zero=allow_zero,
    )
    return Q_(float(value), CANONICAL_UNIT[dimension])


def quantity_value(
    text: str,
    *,
    field: str,
    dimension: Dimension = "mass",
    default_unit: str | None = None,
    style: NumberStyle = NumberStyle(),
    minimum: float | None = None,
    maximum: float | None = None,
    allow_zero: bool = False,
) -> Decimal:
    """``parse_quantity``'s decision and exact value in the canonical unit, without building a
    pint Quantity (pint is not even imported unless the text is refused): for checks run at
    start-up, before the window paints, such as validating the stored settings."""
    if not isinstance(text, str):
        raise InputError(
            f"{field}: enter a number and a unit, e.g. {_example(dimension, style)}.", field
        )
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
            f"e.g. {_example(dimension, style)}.",
            field,
        )
    value = _parse_decimal(match["num"], field, style)
    unit_text = (match["unit"] or default_unit or CANONICAL_UNIT[dimension]).strip()
    factor = _resolve_unit(unit_text, field, dimension, style)
    return _checked(value * factor, field, dimension, (minimum, maximum), allow_zero, style)


def _resolve_unit(
    unit_text: str, field: str, dimension: Dimension, style: NumberStyle = NumberStyle()
) -> Decimal:
    """The exact factor from the typed unit to the dimension's canonical unit."""
    key = unit_text.lower()
    if key.rstrip(".") in _HOUSEHOLD or key.split("/")[0] in _HOUSEHOLD:
        raise InputError(
            f"{field}: '{_shorten(unit_text)}' is a household measure and is not accepted; use metric units "
            f"({_example(dimension, style)}).",
            field,
        )
    found = _UNIT_ALIASES.get(key) or _UNIT_ALIASES.get(key.replace("\u03bc", "\u00b5"))
    if found is None:
        raise InputError(
            f"{field}: unknown unit '{_shorten(unit_text)}'; expected {_DIMENSION_WORDS[dimension]}.",
            field,
        )
    _pint_unit, unit_dimension, factor = found
    wanted = "concentration" if dimension == "density" else dimension
    if unit_dimension != wanted:
        raise InputError(
            f"{field}: '{unit_text}' is not {_DIMENSION_WORDS[dimension]}.",
            field,
        )
    return factor / 1000 if dimension == "density" else factor


def _checked(
    value: Decimal,
    field: str,
    dimension: Dimension,
    limits: tuple[float | None, float | None],
    allow_zero: bool,
    style: NumberStyle,
) -> Decimal:
    canonical, mark = CANONICAL_UNIT[dimension], style.decimal_mark
    minimum, maximum = limits
    if value == 0:
        if not allow_zero:
            raise InputError(f"{field}: must be more than zero.", field)
        return value
    if minimum is not None and value < Decimal(repr(float(minimum))):
        raise InputError(
            f"{field}: must be at least {format_quantity(Q_(minimum, canonical), 4, mark)}.",
            field,
        )
    if value < ABSURDLY_SMALL:
        raise InputError(f"{field}: too small to be a real amount.", field)
    ceiling = Decimal(repr(float(maximum))) if maximum is not None else ABSURDLY_LARGE
    if value > ceiling:
        raise InputError(
            f"{field}: must be at most {format_quantity(Q_(ceiling, canonical), 4, mark)}.",
            field,
        )
    return value


def parse_percent(
    text: str,
    *,
    field: str,
    style: NumberStyle = NumberStyle(),
    minimum: float = 0.0,
    maximum: float = 100.0,
    allow_zero: bool = True,
) -> Decimal:
    """Parse ``"99.5%"`` or ``"99.5"`` into the exact fraction ``Decimal("0.995")``.

    A number under 1 written without ``%`` is refused: ``0.1`` may be 0.1 % or the fraction 0.1
    (10 %), and a trituration strength in this program is written as a fraction; guessing either
    way multiplies an amount by 100. ``0.1%`` and ``10`` are read as written."""
    if not isinstance(text, str) or len(text) > MAX_TEXT_LENGTH:
        raise InputError(f"{field}: enter a percentage, e.g. 99{style.decimal_mark}5%.", field)
    stripped = text.strip().removesuffix("%").strip()
    if not stripped:
        raise InputError(f"{field}: required (a percentage, e.g. 99{style.decimal_mark}5%).", field)
    if not re.fullmatch(r"\d{1,12}(?:[.,]\d{1,12})?|[.,]\d{1,12}", stripped):
        raise InputError(f"{field}: '{_shorten(text.strip())}' is not a percentage.", field)
    value = _parse_decimal(stripped, field, style)
    if 0 < value < 1 and not text.strip().endswith("%"):
        mark = style.decimal_mark
        as_percent, as_fraction = (
            format_number(value, 12, mark),
            format_number(value * 100, 10, mark),
        )
        raise InputError(
            f"{field}: '{text.strip()}' could be {as_percent}% or {as_fraction}%; write it with %, "
            f"e.g. {as_fraction}%.",
            field,
        )
    if value == 0 and not allow_zero:
        raise InputError(f"{field}: must be more than 0%.", field)
    if not (Decimal(str(minimum)) <= value <= Decimal(str(maximum))):
        raise InputError(
            f"{field}: must be between {format_number(minimum, 6, style.decimal_mark)}% and "
            f"{format_number(maximum, 6, style.decimal_mark)}%.",
            field,
        )
    return value / 100


def parse_fraction_or_percent(
    text: str, *, field: str, style: NumberStyle = NumberStyle()
) -> Decimal:
    """A part of a whole (mg of drug per mg of mix): the fraction ``0.0995`` or the percentage
    ``9.95%``; more than 0, at most 1 (100 %). The one reading of a trituration strength, for the
    form and the command line alike."""
    if isinstance(text, str) and text.strip().endswith("%"):
        return parse_percent(text, field=field, style=style, allow_zero=False)
    return parse_decimal(text, field=field, style=style, maximum=Decimal(1))


def parse_decimal(
    text: str,
    *,
    field: str,
    style: NumberStyle = NumberStyle(),
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    allow_zero: bool = False,
) -> Decimal:
    """A plain positive number without unit (e.g. a w/w concentration ``0.0995``), exactly."""
    if not isinstance(text, str) or len(text) > MAX_TEXT_LENGTH:
        raise InputError(f"{field}: enter a number.", field)
    stripped = text.strip()
    if not stripped:
        raise InputError(f"{field}: required.", field)
    if not re.fullmatch(r"\d{1,12}(?:[.,]\d{1,12})?|[.,]\d{1,12}", stripped):
        raise InputError(f"{field}: '{_shorten(stripped)}' is not a number.", field)
    value = _parse_decimal(stripped, field, style)
    if value == 0 and not allow_zero:
        raise InputError(f"{field}: must be more than zero.", field)
    if minimum is not None and value < minimum:
        shown = format_number(minimum, 12, style.decimal_mark)
        raise InputError(f"{field}: must be at least {shown}.", field)
    if maximum is not None and value > maximum:
        shown = format_number(maximum, 12, style.decimal_mark)
        raise InputError(f"{field}: must be at most {shown}.", field)
    return value


def parse_count(text: str, *, field: str, minimum: int = 1, maximum: int = 100_000) -> int:
    """A whole number of things (capsules, tablets): ``30``. Decimals and signs are refused."""
    if not isinstance(text, str) or len(text) > MAX_TEXT_LENGTH:
        raise InputError(f"{field}: enter a whole number.", field)
    stripped = text.strip()
    if not stripped:
        raise InputError(f"{field}: required.", field)
    if not re.fullmatch(r"[0-9]{1,9}", stripped):
        raise InputError(f"{field}: '{_shorten(stripped)}' is not a whole number.", field)
    value = int(stripped)
    if value < minimum:
        raise InputError(f"{field}: must be at least {minimum}.", field)
    if value > maximum:
        raise InputError(f"{field}: must be at most {maximum:,}.", field)
    return value


def magnitude(quantity: Quantity, unit: str) -> float:
    """The bare number of ``quantity`` in ``unit`` (for the edges: JSON, widgets, CLI)."""
    return float(quantity.to(_unit(unit)).magnitude)


def _example(dimension: Dimension, style: NumberStyle) -> str:
    """An amount to show in a message, in the user's notation (``4,5 mg``)."""
    examples = {
        "mass": "4.5 mg",
        "volume": "50 mL",
        "concentration": "1 mg/mL",
        "density": "0.6 g/mL",
    }
    return with_decimal_mark(examples[dimension], style.decimal_mark)


def _shorten(text: str) -> str:
    return text if len(text) <= 24 else text[:21] + "..."
