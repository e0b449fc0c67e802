"""Warnings a pharmacist must see for a capsule batch (docs/reference/compounding.md §2, §4, §6, §7, §9).

Warnings never block a calculation; invalid input raises ``InputError`` instead.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from ldn_desktop.core.compounding.inputs import ApiSource, MeasuredFill, TabletSource
from ldn_desktop.core.compounding.naltrexone import api_notes
from ldn_desktop.core.compounding.reference import CompoundingReference
from ldn_desktop.core.dates import format_day
from ldn_desktop.core.units.quantities import Q_, format_dose, format_number, format_quantity

if TYPE_CHECKING:
    from ldn_desktop.core.compounding.capsules import CapsuleBatch

# Method A assumes the drug packs like the filler: fine at a few % of the fill (§2.1)
METHOD_A_DRUG_FRACTION = Decimal("0.1")


def _mg(mg: Decimal) -> str:
    return format_quantity(Q_(mg, "mg"), 1)


def batch_warnings(batch: CapsuleBatch, ref: CompoundingReference, from_chart: bool) -> list[str]:
    """All warnings for a calculated batch, most important first."""
    inputs = batch.inputs
    filler = ref.fillers[inputs.filler]
    found: list[str] = []
    if not batch.fits:
        where = (
            f"size {batch.suggested_size} is the smallest that fits"
            if batch.suggested_size
            else "no capsule size fits"
        )
        found.append(
            f"The drug ({_mg(batch.drug_per_capsule_mg)} per capsule) does not fit a size "
            f"{inputs.capsule_size} capsule: {where}."
        )
    if filler.warning:
        found.append(filler.warning)
    if isinstance(inputs.source, ApiSource):
        found.extend(api_notes(inputs.source, ref))
    found.extend(_weighing_warnings(batch))
    found.extend(_fill_warnings(batch, from_chart))
    found.extend(_tablet_warnings(batch))
    limited = batch.beyond_use.limited_by
    if limited is not None:
        found.append(
            f"Beyond-use date limited to the {limited.component} expiry "
            f"{format_day(limited.expires_on)} (the rule alone gives "
            f"{format_day(batch.beyond_use.rule_date)})."
        )
    return found


def _weighing_warnings(batch: CapsuleBatch) -> list[str]:
    found = []
    minimum = batch.min_weighable_mg
    if batch.aliquot is not None and batch.aliquot.feasible:
        found.append(
            f"The {batch.drug_name} to weigh ({_mg(batch.drug_total_mg)}) is below the balance's "
            f"minimum weight ({_mg(minimum)}): use the aliquot plan."
        )
    elif batch.aliquot is not None and batch.plan_problem:
        found.append(f"No weighing plan is possible: {batch.plan_problem}.")
    if batch.fits and batch.aliquot is None and batch.filler_total_mg < minimum:
        found.append(
            f"The filler to weigh ({_mg(batch.filler_total_mg)}) is below the balance's minimum "
            f"weight ({_mg(minimum)})."
        )
    return found


def _fill_warnings(batch: CapsuleBatch, from_chart: bool) -> list[str]:
    inputs = batch.inputs
    found = []
    if from_chart and batch.fill_weight_mg is not None:
        found.append(
            f"Fill weight taken from the filler chart ({_mg(batch.fill_weight_mg)} for size "
            f"{inputs.capsule_size}); measure your own with your filling technique and filler lot."
        )
    elif from_chart and batch.filler_density_g_ml is not None:
        found.append(
            f"Filler density taken from the filler chart ({format_number(batch.filler_density_g_ml, 3)} g/mL); "
            "measure the packed density of your filler lot."
        )
    capacity = batch.capacity_mg
    if (
        isinstance(inputs.method, MeasuredFill)
        and batch.fits
        and batch.drug_per_capsule_mg > capacity * METHOD_A_DRUG_FRACTION
    ):
        found.append(
            "The drug is more than 10% of the fill: method A assumes it packs like the filler; "
            "use method B (displacement) with a measured packing statistic."
        )
    return found


def _tablet_warnings(batch: CapsuleBatch) -> list[str]:
    use = batch.tablets
    source = batch.inputs.source
    if use is None or not isinstance(source, TabletSource):
        return []
    found = []
    if use.used < use.recommended:
        found.append(
            f"Only {format_dose(Q_(use.margin_mg, 'mg'), max_decimals=2)} of drug to spare: crush "
            f"{use.recommended} tablets to allow for crushing loss."
        )
    weighed = Decimal(repr(float(source.tablets_weight.to("mg").magnitude)))
    if weighed < batch.min_weighable_mg:
        found.append(
            f"The intact tablets ({_mg(weighed)}) weigh less than the balance's minimum weight "
            f"({_mg(batch.min_weighable_mg)}): weigh more tablets together."
        )
    return found
