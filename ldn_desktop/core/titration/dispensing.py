"""How much to dispense for a supply window: capsules per strength, or mL of a liquid (issue #5).

Capsules: one capsule per dose when a strength the pharmacy makes equals the dose; otherwise the
fewest capsules that add up to the dose exactly (ties: fewer different strengths, then the larger
strengths). A dose that no combination makes is reported, never rounded (docs/reference/compounding.md
§9: doses are exact; a pharmacist decides on a new strength or a liquid).
Example: strengths 1.5 and 3 mg, dose 4.5 mg -> one 3 mg + one 1.5 mg capsule; only 1.5 mg made,
dose 4.5 mg -> three 1.5 mg capsules.

Liquid: volume per dose = dose / concentration (docs/reference/compounding.md §4.3), e.g. 4.5 mg at
1 mg/mL -> 4.5 mL; the window's total is the sum of the daily volumes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from math import gcd

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.reference import dose_range
from ldn_desktop.core.titration.schedule import MAX_STEP_DAYS, dose_mg, format_day, mg
from ldn_desktop.core.units.quantities import (
    Q_,
    NumberStyle,
    Quantity,
    format_dose,
    format_number,
    parse_quantity,
)

SUPPLY_DAYS = (30, 60, 90)
MAX_STRENGTHS = 12


def strength_key(strength: Quantity) -> str:
    """A strength as the ISMP-style number text used as a key: ``"1.5"``, ``"3"``, ``"4.5"``."""
    return format_number(float(strength.to("milligram").magnitude), 3)


def parse_strengths(text: str | Sequence[str], decimal_mark: str = ".") -> tuple[Quantity, ...]:
    """``"1.5,3,4.5"`` (or a list of texts) -> distinct strengths in mg, smallest first."""
    parts = text.split(";" if decimal_mark == "," else ",") if isinstance(text, str) else text
    found: dict[Decimal, Quantity] = {}
    for part in parts:
        if not str(part).strip():
            continue
        value = parse_quantity(
            str(part),
            field="strengths",
            dimension="mass",
            default_unit="mg",
            style=NumberStyle(decimal_mark),
            maximum=float(dose_range().ceiling),
        )
        found[dose_mg(value)] = mg(dose_mg(value))
    if not found:
        raise InputError(
            "strengths: name at least one capsule strength, e.g. 1.5,3,4.5.", "strengths"
        )
    if len(found) > MAX_STRENGTHS:
        raise InputError(f"strengths: at most {MAX_STRENGTHS} strengths.", "strengths")
    return tuple(found[key] for key in sorted(found))


def _mcg(quantity: Quantity) -> int:
    return int(dose_mg(quantity) * 1000)


TABLE_MCG = 5000  # the combination table covers every LDN dose (at most 5 mg) in one pass

Best = tuple[int, int, tuple[int, ...]]  # (capsules, strengths used, counts per strength)


@cache
def _table(strengths: tuple[int, ...], size: int) -> tuple[Best | None, ...]:
    """The best exact combination for every amount 0..size, built once per strength set.

    Best: fewest capsules, then fewest different strengths, then the larger strengths.
    """
    order = sorted(range(len(strengths)), key=lambda i: -strengths[i])
    best: list[Best | None] = [None] * (size + 1)
    best[0] = (0, 0, tuple(0 for _ in strengths))
    for amount in range(1, size + 1):
        for index, step in enumerate(strengths):
            previous = best[amount - step] if step <= amount else None
            if previous is None:
                continue
            counts = tuple(c + (i == index) for i, c in enumerate(previous[2]))
            candidate = (previous[0] + 1, sum(1 for c in counts if c), counts)
            current = best[amount]
            if current is None or _better(candidate, current, order):
                best[amount] = candidate
    return tuple(best)


def _fewest(target: int, strengths: tuple[int, ...]) -> tuple[int, ...] | None:
    """Counts per strength (same order) of the best exact combination of ``target`` mcg, or None.

    Amounts are counted in units of the strengths' greatest common divisor, so 1.5, 3 and 4.5 mg
    capsules make a table of 4 rows (0, 1.5, 3, 4.5 mg), not 4,500.
    """
    unit = gcd(*strengths)
    if target % unit:
        return None
    scaled = tuple(size // unit for size in strengths)
    amount = target // unit
    found = _table(scaled, max(amount, TABLE_MCG // unit))[amount]
    return None if found is None else found[2]


def _better(a: Best, b: Best, order: list[int]) -> bool:
    if a[:2] != b[:2]:
        return a[:2] < b[:2]
    # prefer larger strengths: compare counts from the largest strength down
    return [a[2][i] for i in order] > [b[2][i] for i in order]


def capsule_counts(dose: Quantity, strengths: Sequence[Quantity]) -> dict[str, int] | None:
    """Capsules of each strength for one dose (every strength listed), or None if none makes it."""
    ordered = tuple(sorted({_mcg(s) for s in strengths}))
    target = _mcg(dose)
    if target <= 0:
        return None
    counts = _fewest(target, ordered)
    if counts is None:
        return None
    return {_strength_key_mcg(size): n for size, n in zip(ordered, counts, strict=True)}


@cache
def _strength_key_mcg(size: int) -> str:
    """``strength_key`` of a strength of ``size`` mcg, made once: a Titration key asks for the
    counts of every dose with every candidate strength set (~15 times), each through pint."""
    return strength_key(Q_(size / 1000, "mg"))


def capsules_for_dose(dose: Quantity, strengths: Sequence[Quantity]) -> dict[str, int]:
    """Capsules of each strength for one dose, keyed by ``strength_key`` (every strength listed).

    Raises InputError when no combination of the strengths makes the dose exactly.
    """
    counts = capsule_counts(dose, strengths)
    if counts is None:
        made = ", ".join(format_dose(s) for s in sorted(strengths, key=_mcg))
        raise InputError(
            f"strengths: {format_dose(dose)} cannot be made from {made} capsules; add a "
            f"{format_dose(dose)} strength or dispense a liquid.",
            "strengths",
        )
    return counts


def supply_window(
    start: date, days: int | None = None, until: date | None = None
) -> tuple[date, date]:
    """First and last day of a supply: ``days`` days from ``start``, or through ``until``."""
    if until is not None:
        if until < start:
            raise InputError(
                f"refill: {format_day(until)} is before the supply starts ({format_day(start)}).",
                "refill",
            )
        return start, until
    count = days if days is not None else SUPPLY_DAYS[0]
    if not 1 <= count <= MAX_STEP_DAYS:
        raise InputError(f"days: must be 1 to {MAX_STEP_DAYS}, not {count}.", "days")
    return start, start + timedelta(days=count - 1)
