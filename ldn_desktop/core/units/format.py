"""The one formatter for doses, quantities and weighings (re-exported by ``core.units``).

ISMP / The Joint Commission "Do Not Use" list (docs/reference/compounding.md §8): no trailing zero
(``3 mg`` not ``3.0 mg``), always a leading zero (``0.5 mg`` not ``.5 mg``), ``mcg`` never ``µg``,
a space between number and unit. Weighings keep the balance's readable decimals (TV1, TV9).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pint

    Quantity = pint.Quantity[Any]


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
    from ldn_desktop.core.units.quantities import (
        _unit,  # the cached unit (import cycle: call time only)
    )

    pint_unit = "milligram" if unit == "mg" else "microgram"
    magnitude = float(dose.to(_unit(pint_unit)).magnitude)
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


# a number with one decimal point, not run into a word or another number: not "§2.2" (a section),
# "1.2.3" or "2026.01.05" (more than one point), "A1.2" (a code) or "1,500.5" (grouped thousands)
_POINT_DECIMAL = re.compile(r"(?<![\w§.,])(\d+)\.(\d+)(?![.,]?\d)")


def with_decimal_mark(text: str, decimal_mark: str = ".") -> str:
    """``text`` (written with a decimal point) with its decimal numbers in ``decimal_mark``.

    For sentences that were written before they are shown, with the point that the CLI, the
    printouts and stored data keep: reference data (a protocol's description) and a calculated
    report's lines. Numbers formatted for the screen take the mark directly (``format_number``).

    Example: ``with_decimal_mark("1.5 mg days 1–14", ",")`` -> ``1,5 mg days 1–14``.
    """
    if decimal_mark == ".":
        return text
    return _POINT_DECIMAL.sub(lambda found: f"{found[1]}{decimal_mark}{found[2]}", text)


def readability_decimals(readability: Quantity) -> int:
    """Decimal places in mg that a balance of this readability shows (0.1 mg -> 1, 1 mg -> 0)."""
    mg = Decimal(repr(float(readability.to("milligram").magnitude))).normalize()
    exponent = mg.as_tuple().exponent
    return max(0, -int(exponent)) if isinstance(exponent, int) else 0


def format_weighing(mass: Quantity, readability: Quantity, decimal_mark: str = ".") -> str:
    """A mass to put on the balance, at the balance's readability (``144.7 mg``, ``7.5353 g``).

    Masses of 1 g or more are shown in grams with the decimals that the readability allows
    (docs/reference/compounding.md §8, TV1/TV9). A weighing is not a dose: it keeps the balance's digits.
    """
    decimals_mg = readability_decimals(readability)
    mg = float(mass.to("milligram").magnitude)
    if mg >= 1000:
        return f"{format_fixed(mg / 1000, decimals_mg + 3, decimal_mark)} g"
    return f"{format_fixed(mg, decimals_mg, decimal_mark)} mg"
