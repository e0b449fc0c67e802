"""Liquid LDN from tablets or API powder (docs/reference/compounding.md §4.3, §7.1).

- Drug needed: ``C × V`` (mg of the labelled basis, default naltrexone HCl). From API powder the
  powder to weigh is ``C × V × SF / P_asis`` (§3.4), shown at the balance's readability. From 50 mg
  tablets: ``C × V / L`` tablets; whole tablets only, so the volume they make is in the instruction
  (§4.3: one 50 mg tablet in 50 mL water → 1 mg/mL; a 4.5 mg dose is 4.5 mL).
- Dose table (the LDN range from compounding_rules.json): ``mL = dose / C`` rounded to the oral
  syringe's step (``core.compounding.liquid_dosing``); doses a syringe cannot measure are flagged.
- BUD (USP <795> 2023, §7.1): non-preserved aqueous 14 days refrigerated; preserved aqueous 35
  days; nonaqueous oral liquid 90 days; never later than the earliest component expiry. A supply
  longer than the BUD is split into fills.
- Supply: counted in the volume the label tells the patient to draw (the syringe-rounded dose):
  0.75 mg a day at 1 mg/mL is 0.8 mL, so 14 days need 11.2 mL, not 10.5 mL.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal

from ldn_desktop.core.compounding.balances import display_readability, minimum_weight_mg
from ldn_desktop.core.compounding.beyond_use import BeyondUse, beyond_use_date
from ldn_desktop.core.compounding.inputs import LiquidInput, decimal_of
from ldn_desktop.core.compounding.liquid_dosing import (
    DoseVolume,
    LiquidFills,
    dose_volume,
    patient_dose_warning,
    split_supply,
    unmeasurable_warning,
)
from ldn_desktop.core.compounding.naltrexone import (
    api_notes,
    as_is_potency,
    convert_basis,
    salt_factor,
)
from ldn_desktop.core.compounding.reference import CompoundingReference, compounding_reference
from ldn_desktop.core.units.quantities import Q_, Quantity, format_dose, format_quantity


@dataclass(frozen=True, slots=True)
class LiquidBatch:
    """The result of a liquid calculation (mg, mL; unrounded except the measured volumes)."""

    inputs: LiquidInput
    concentration_mg_per_ml: Decimal
    volume_ml: Decimal
    drug_mg: Decimal  # labelled basis
    drug_hcl_mg: Decimal
    powder_mg: Decimal | None  # API powder to weigh
    tablets_exact: Decimal | None
    tablets_needed: int | None
    whole_tablet_volume_ml: Decimal | None
    dose_volumes: tuple[DoseVolume, ...]
    patient_dose: DoseVolume | None
    fills: LiquidFills | None
    beyond_use: BeyondUse
    min_weighable_mg: Decimal
    readability: Quantity
    warnings: tuple[str, ...]
    rules_version: str
    # why no label (nor a record for the patient) may be made: the patient's dose, measured as
    # the label would tell them, is not the prescribed dose (``patient_dose_warning``'s words)
    label_refused: str | None = None

    @property
    def storage(self) -> str:
        return self.beyond_use.storage

    @property
    def dose_table(self) -> tuple[tuple[Decimal, Decimal], ...]:
        """(dose mg, exact mL) — the unrounded table."""
        return tuple((v.dose_mg, v.exact_ml) for v in self.dose_volumes)


def _category(inputs: LiquidInput) -> str:
    if inputs.nonaqueous:
        return "nonaqueous-oral-liquid"
    return "preserved-aqueous" if inputs.preserved else "nonpreserved-aqueous"


def _api_powder(
    inputs: LiquidInput,
    drug: Decimal,
    volume: Decimal,
    minimum: Decimal,
    ref: CompoundingReference,
    warnings: list[str],
) -> Decimal | None:
    if inputs.source is None:
        return None
    powder = (
        drug * salt_factor(inputs.basis, inputs.source.form, ref) / as_is_potency(inputs.source)
    )
    warnings.extend(api_notes(inputs.source, ref))
    if powder < minimum:
        warnings.append(_below_minimum(powder, volume, minimum))
    return powder


def larger_batch_ml(powder_mg: Decimal, volume_ml: Decimal, minimum_mg: Decimal) -> Decimal:
    """The smallest whole-mL volume of the same liquid whose API weighing reaches the balance's
    minimum weight (§6.2): ``ceil(V × MWQ / powder)``. Example: 30 mL needing 30.15 mg on an 82 mg
    balance → 82 mL (82.41 mg)."""
    return (volume_ml * minimum_mg / powder_mg).to_integral_value(rounding=ROUND_CEILING)


def _below_minimum(powder: Decimal, volume: Decimal, minimum: Decimal) -> str:
    larger = larger_batch_ml(powder, volume, minimum)
    return (
        f"The API to weigh ({format_quantity(Q_(powder, 'mg'), 2)}) is below the balance's "
        f"minimum weight ({format_quantity(Q_(minimum, 'mg'), 1)}): make at least "
        f"{format_quantity(Q_(larger, 'mL'), 0)} (weigh "
        f"{format_quantity(Q_(powder * larger / volume, 'mg'), 2)}) and dispense "
        f"{format_quantity(Q_(volume, 'mL'), 2)}, or use a liquid aliquot."
    )


def _supply(
    inputs: LiquidInput,
    concentration: Decimal,
    volume: Decimal,
    beyond_use: BeyondUse,
    warnings: list[str],
) -> tuple[DoseVolume | None, LiquidFills | None, str | None]:
    """The patient's dose in mL, with a number of days the fills within the BUD, and why no label
    may be made for that dose (``LiquidBatch.label_refused``: it cannot be measured)."""
    if inputs.dose is None:
        return None, None, None
    rules = compounding_reference().liquid
    dose = dose_volume(decimal_of(inputs.dose, "mg"), concentration, rules)
    unmeasurable = patient_dose_warning(dose, concentration, rules)
    if unmeasurable:
        warnings.insert(0, unmeasurable)
    bud_days = (beyond_use.bud - inputs.compounded_on).days
    # the volume the label tells the patient to draw each day (a dose the syringe cannot measure
    # at all, read as 0 mL, is flagged above; its exact volume keeps the arithmetic defined)
    daily = dose.measured_ml or dose.exact_ml
    lasts = int((volume / daily).to_integral_value(rounding=ROUND_CEILING))
    if lasts > bud_days:
        warnings.append(
            f"{format_quantity(Q_(volume, 'mL'), 2)} at {format_quantity(Q_(daily, 'mL'), 3)} a day "
            f"lasts {lasts} days, past the beyond-use date ({bud_days} days): dispense at most "
            f"{format_quantity(Q_(daily * bud_days, 'mL'), 1)} per fill."
        )
    fills = None
    if inputs.days is not None:
        fills = split_supply(daily, inputs.days, bud_days)
        if fills.fills > 1:
            warnings.append(
                f"A {inputs.days}-day supply ({format_quantity(Q_(fills.total_ml, 'mL'), 1)}) outlasts "
                f"the {bud_days}-day beyond-use date: dispense it as {fills.fills} fills of at most "
                f"{format_quantity(Q_(fills.fill_ml, 'mL'), 1)}, one every {fills.days_per_fill} days."
            )
        if volume < fills.fill_ml:
            warnings.append(_short_of_fill(volume, fills))
    return dose, fills, unmeasurable


def _short_of_fill(volume: Decimal, fills: LiquidFills) -> str:
    """The batch is smaller than one fill of the supply asked for: the patient would run out early.

    Example: 30 mL at 4.5 mL a day for 10 days lasts 6 whole days; a 10-day fill is 45 mL."""
    days = int((volume / fills.daily_ml).to_integral_value(rounding=ROUND_FLOOR))
    lasts = (
        "is less than one dose"
        if days == 0
        else f"lasts only {days} {'day' if days == 1 else 'days'}"
    )
    fill = format_quantity(Q_(fills.fill_ml, "mL"), 1)
    return (
        f"{format_quantity(Q_(volume, 'mL'), 2)} at "
        f"{format_quantity(Q_(fills.daily_ml, 'mL'), 3)} a day {lasts}; a "
        f"{fills.days_per_fill}-day fill needs {fill}: make at least {fill}."
    )


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
    powder = _api_powder(inputs, drug, volume, minimum, ref, warnings)
    tablets_exact = whole_volume = None
    tablets = None
    if inputs.source is None:
        label = decimal_of(inputs.tablet_strength, "mg")
        tablets_exact = drug_hcl / label
        tablets = int(tablets_exact.to_integral_value(rounding=ROUND_CEILING))
        whole_volume = tablets * label / convert_basis(concentration, inputs.basis, "hcl", ref)
        warnings.append("Made from tablets, the liquid is a suspension: label 'Shake well'.")
    volumes = tuple(dose_volume(mg, concentration, ref.liquid) for mg in ref.liquid.dose_table_mg)
    unmeasurable = unmeasurable_warning(volumes, concentration, ref.liquid)
    if unmeasurable:
        warnings.insert(0, unmeasurable)
    beyond_use = beyond_use_date(
        inputs.compounded_on, ref.bud_categories[_category(inputs)], inputs.expiries
    )
    patient_dose, fills, refused = _supply(inputs, concentration, volume, beyond_use, warnings)
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
        dose_volumes=volumes,
        patient_dose=patient_dose,
        fills=fills,
        beyond_use=beyond_use,
        min_weighable_mg=minimum,
        readability=display_readability(inputs.balance),
        warnings=tuple(warnings),
        rules_version=ref.rules_version,
        label_refused=refused,
    )


def liquid_title(batch: LiquidBatch) -> str:
    """'Naltrexone HCl 1 mg/mL oral liquid'."""
    basis = "HCl" if batch.inputs.basis == "hcl" else "base"
    strength = format_dose(Q_(batch.concentration_mg_per_ml, "mg"))
    return f"Naltrexone {basis} {strength}/mL oral liquid"
