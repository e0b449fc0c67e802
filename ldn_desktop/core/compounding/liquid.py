"""Liquid LDN from tablets or API powder (docs/reference/compounding.md §4.3, §7.1).

- Drug needed: ``C × V`` (mg of the labelled basis, default naltrexone HCl). From API powder the
  powder to weigh is ``C × V × SF / P_asis`` (§3.4). From 50 mg tablets: ``C × V / L`` tablets
  (§4.3: one 50 mg tablet in 50 mL water → 1 mg/mL; a 4.5 mg dose is 4.5 mL).
- Dose table 0.5–4.5 mg in 0.5 mg steps: ``mL = dose / C``.
- BUD (USP <795> 2023, §7.1): non-preserved aqueous 14 days refrigerated; preserved aqueous 35
  days; nonaqueous oral liquid 90 days; never later than the earliest component expiry.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from ldn_desktop.core.compounding.balances import minimum_weight_mg
from ldn_desktop.core.compounding.beyond_use import BeyondUse, beyond_use_date
from ldn_desktop.core.compounding.inputs import LiquidInput, decimal_of
from ldn_desktop.core.compounding.naltrexone import (
    api_notes,
    as_is_potency,
    convert_basis,
    salt_factor,
)
from ldn_desktop.core.compounding.reference import CompoundingReference, compounding_reference
from ldn_desktop.core.units.quantities import Q_, format_dose, format_quantity

DOSE_TABLE_MG = tuple(Decimal(n) / 2 for n in range(1, 10))  # 0.5 … 4.5 mg


@dataclass(frozen=True, slots=True)
class LiquidBatch:
    """The result of a liquid calculation (mg, mL; unrounded)."""

    inputs: LiquidInput
    concentration_mg_per_ml: Decimal
    volume_ml: Decimal
    drug_mg: Decimal  # labelled basis
    drug_hcl_mg: Decimal
    powder_mg: Decimal | None  # API powder to weigh
    tablets_exact: Decimal | None
    tablets_needed: int | None
    whole_tablet_volume_ml: Decimal | None
    dose_table: tuple[tuple[Decimal, Decimal], ...]  # (dose mg, volume mL)
    beyond_use: BeyondUse
    min_weighable_mg: Decimal
    warnings: tuple[str, ...]
    rules_version: str

    @property
    def storage(self) -> str:
        return self.beyond_use.storage


def _category(inputs: LiquidInput) -> str:
    if inputs.nonaqueous:
        return "nonaqueous-oral-liquid"
    return "preserved-aqueous" if inputs.preserved else "nonpreserved-aqueous"


def calculate_liquid(
    inputs: LiquidInput, reference: CompoundingReference | None = None
) -> LiquidBatch:
    """Calculate a liquid batch (see the module docstring)."""
    ref = reference or compounding_reference()
    concentration = decimal_of(inputs.concentration, "mg/mL")
    volume = decimal_of(inputs.volume, "mL")
    drug = concentration * volume
    drug_hcl = convert_basis(drug, inputs.basis, "hcl", ref)
    minimum = minimum_weight_mg(inputs.balance, ref)
    warnings: list[str] = []
    powder = tablets_exact = whole_volume = None
    tablets = None
    if inputs.source is not None:
        powder = drug * salt_factor(inputs.basis, inputs.source.form, ref)
        powder /= as_is_potency(inputs.source)
        warnings.extend(api_notes(inputs.source, ref))
        if powder < minimum:
            warnings.append(
                f"The API to weigh ({format_quantity(Q_(powder, 'mg'), 2)}) is below the balance's "
                f"minimum weight ({format_quantity(Q_(minimum, 'mg'), 1)}): make a larger volume "
                "or use a liquid aliquot."
            )
    else:
        label = decimal_of(inputs.tablet_strength, "mg")
        tablets_exact = drug_hcl / label
        tablets = int(tablets_exact.to_integral_value(rounding=ROUND_CEILING))
        whole_volume = tablets * label / convert_basis(concentration, inputs.basis, "hcl", ref)
        if tablets_exact != tablets:
            warnings.append(
                f"{format_quantity(inputs.volume, 2)} at {format_quantity(inputs.concentration, 3)} "
                f"needs {format_quantity(Q_(tablets_exact, 'mg'), 3).removesuffix(' mg')} tablets: "
                f"use {tablets} whole tablet{'s' if tablets > 1 else ''} in {format_quantity(Q_(whole_volume, 'mL'), 2)}."
            )
        warnings.append("Made from tablets, the liquid is a suspension: label 'Shake well'.")
    table = tuple((dose, dose / concentration) for dose in DOSE_TABLE_MG)
    return LiquidBatch(
        inputs=inputs,
        concentration_mg_per_ml=concentration,
        volume_ml=volume,
        drug_mg=drug,
        drug_hcl_mg=drug_hcl,
        powder_mg=powder,
        tablets_exact=tablets_exact,
        tablets_needed=tablets,
        whole_tablet_volume_ml=whole_volume,
        dose_table=table,
        beyond_use=beyond_use_date(
            inputs.compounded_on, ref.bud_categories[_category(inputs)], inputs.expiries
        ),
        min_weighable_mg=minimum,
        warnings=tuple(warnings),
        rules_version=ref.rules_version,
    )


def liquid_title(batch: LiquidBatch) -> str:
    """'Naltrexone HCl 1 mg/mL oral liquid'."""
    basis = "HCl" if batch.inputs.basis == "hcl" else "base"
    strength = format_dose(Q_(batch.concentration_mg_per_ml, "mg"))
    return f"Naltrexone {basis} {strength}/mL oral liquid"
