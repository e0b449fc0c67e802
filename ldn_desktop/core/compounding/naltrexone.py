"""Naltrexone salt/base conversion, API potency and batch size (docs/reference/compounding.md §3, §5).

- Salt factor (§3.2, §10): ``SF = MW(weighed form) / MW(labelled moiety)``; with the reference's
  molecular weights (HCl 377.865, base 341.407, §3.1) base → HCl is × 1.10679 and HCl → base
  × 0.903516. TV9: 4.5 mg HCl = 4.065821 mg base; 4.5 mg base = 4.980544 mg HCl.
- As-is potency (§3.4): ``P_asis = P × (1 − W − S)`` for an anhydrous (W = KF water) or dried
  (W = loss on drying) basis; ``P_asis = P`` for an as-is assay (then water is *not* applied again).
  Only the anhydrous molecular weight is ever used, so a hydrate is never corrected twice (§3.3).
  Example: 99.2 % anhydrous, water 0.5 % → 98.704 %.
- Batch size (§5): ``N = N_rx + k`` or ``N = ceil(N_rx × (1 + x))`` in exact decimal arithmetic
  (90 capsules at 10 % → 99, never 100).
"""

from __future__ import annotations

from decimal import ROUND_CEILING, Decimal

from ldn_desktop.core.compounding.inputs import ApiSource, Basis
from ldn_desktop.core.compounding.reference import CompoundingReference
from ldn_desktop.core.units.quantities import format_number


def molecular_weight(form: Basis, reference: CompoundingReference) -> Decimal:
    return reference.mw_hcl if form == "hcl" else reference.mw_base


def salt_factor(label: Basis, weighed: Basis, reference: CompoundingReference) -> Decimal:
    """mg of the weighed form per mg of the labelled moiety."""
    return molecular_weight(weighed, reference) / molecular_weight(label, reference)


def convert_basis(mg: Decimal, source: Basis, target: Basis, ref: CompoundingReference) -> Decimal:
    """The same amount of naltrexone expressed on another basis (HCl ↔ base)."""
    return mg * salt_factor(source, target, ref)


def as_is_potency(api: ApiSource) -> Decimal:
    """The fraction of the weighed powder that is the API's form, as it sits on the balance."""
    if api.assay_basis == "as-is":
        return api.assay
    return api.assay * (1 - (api.water or 0) - api.solvents)


def api_notes(api: ApiSource, reference: CompoundingReference) -> list[str]:
    """Warnings about the certificate of analysis values (§3.3, §3.4)."""
    notes = []
    if api.assay_basis == "as-is" and (api.water or api.solvents):
        notes.append(
            "The assay is already as-is: the water and solvent percentages were not applied "
            "(applying them would correct twice)."
        )
    if not reference.assay_low <= api.assay <= reference.assay_high:
        notes.append(
            f"Assay {format_number(api.assay * 100, 6)}% is outside the USP monograph range "
            f"{format_number(reference.assay_low * 100, 3)}–"
            f"{format_number(reference.assay_high * 100, 3)}%: check the "
            "certificate of analysis."
        )
    return notes


def batch_capsule_count(prescribed: int, extra: int | None, overage: Decimal | None) -> int:
    """N, the capsules made: prescribed + extra, or prescribed × (1 + overage) rounded up exactly."""
    if extra is not None:
        return prescribed + extra
    if overage is not None:
        exact = Decimal(prescribed) * (1 + overage)
        return int(exact.to_integral_value(rounding=ROUND_CEILING))
    return prescribed
