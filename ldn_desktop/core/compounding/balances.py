"""Minimum weighable quantity of a balance (docs/reference/compounding.md §6.1, §6.2).

- USP <41> (§6.1): repeatability is satisfactory when 2 × s / m ≤ 0.10 %, so the minimum weight is
  ``m_min = 2000 × s``; a measured s below 0.41 d (d = readability) is replaced by 0.41 d.
  Example: d = 0.1 mg, s = 0.03 mg → 2000 × 0.041 mg = **82 mg**. An optional safety factor
  (USP <1251>, §6.1) multiplies the result.
  The factors (2000, 0.41) are read from compounding_rules.json ``usp41``.
- Class III prescription balance (§6.2): MWQ = sensitivity requirement / acceptable error
  = 6 mg / 5 % = **120 mg**; weighings on it are shown to 1 mg.
"""

from __future__ import annotations

from decimal import Decimal

from ldn_desktop.core.compounding.inputs import Balance, decimal_of
from ldn_desktop.core.compounding.reference import CompoundingReference
from ldn_desktop.core.units.quantities import Q_, Quantity

CLASS_III_READABILITY_MG = Decimal(1)


def minimum_weight_mg(balance: Balance, reference: CompoundingReference) -> Decimal:
    """The smallest net weight this balance may weigh (mg), per §6.1 / §6.2."""
    if balance.kind == "class-iii":
        base = reference.class_iii_sensitivity_mg / reference.class_iii_error
    else:
        d = decimal_of(balance.readability, "mg")
        s = decimal_of(balance.repeatability_sd, "mg")
        base = reference.usp41_factor * max(s, reference.usp41_sd_floor * d)
    return base * balance.safety_factor


def display_readability(balance: Balance) -> Quantity:
    """The readability weighings are written at (a Class III balance: 1 mg)."""
    if balance.kind == "class-iii":
        return Q_(CLASS_III_READABILITY_MG, "mg")
    return balance.readability


def describe_balance(balance: Balance, minimum_mg: Decimal) -> str:
    """One line for the worksheet, e.g. 'USP <41>: d = 0.1 mg, s = 0.03 mg → minimum 82 mg'."""
    from ldn_desktop.core.units.quantities import format_quantity

    minimum = format_quantity(Q_(minimum_mg, "mg"), 3)
    if balance.kind == "class-iii":
        return (
            f"Class III prescription balance (sensitivity 6 mg, 5% error): minimum weight {minimum}"
        )
    d = format_quantity(balance.readability.to("mg"), 6)
    s = format_quantity(balance.repeatability_sd.to("mg"), 6)
    factor = "" if balance.safety_factor == 1 else f" × safety factor {balance.safety_factor}"
    return f"USP <41>: readability {d}, repeatability SD {s}{factor}: minimum weight {minimum}"
