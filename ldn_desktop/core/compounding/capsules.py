"""The capsule batch calculation (docs/reference/compounding.md §10 "Calculation model").

``calculate_capsule_batch(inputs)`` → ``CapsuleBatch``: everything unrounded (exact Decimals in mg;
Quantity accessors for the UI). Formulas:

- drug material per capsule ``a`` (§2.0, §4.2, §6.3): API ``D × SF / P_asis``; tablet powder
  ``D × SF / c`` with ``c = n × L / W_tabs``; trituration ``D × SF / c_t``;
- filler per capsule ``f`` by method (``core.capsule_fill``); totals ``a × N``, ``f × N``,
  ``(a + f) × N``;
- checks (§10): each weighing against the balance's minimum weight (``core.balances``; below it an
  aliquot plan, ``core.aliquots``), the fill against the capsule, enough tablet drug, and the BUD
  (``core.beyond_use``).

TV1: 30 × 4.5 mg HCl, API 99.5 % as-is, +2, size 1, E = 240 mg → N = 32, a = 4.522613 mg,
API 144.723618 mg, filler 7535.276382 mg, blend 7680 mg, no aliquot on a 0.1 mg balance.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal

from ldn_desktop.core.compounding.aliquots import (
    AliquotPlan,
    plan_aliquot,
    smallest_feasible_count,
)
from ldn_desktop.core.compounding.balances import display_readability, minimum_weight_mg
from ldn_desktop.core.compounding.beyond_use import BeyondUse, beyond_use_date
from ldn_desktop.core.compounding.capsule_fill import (
    FillResult,
    check_fill_plausibility,
    filler_per_capsule,
    method_key,
    smallest_fitting_size,
)
from ldn_desktop.core.compounding.capsule_warnings import batch_warnings
from ldn_desktop.core.compounding.inputs import (
    ApiSource,
    CapsuleBatchInput,
    MeasuredFill,
    TabletSource,
    decimal_of,
)
from ldn_desktop.core.compounding.naltrexone import (
    as_is_potency,
    batch_capsule_count,
    convert_basis,
    salt_factor,
)
from ldn_desktop.core.compounding.reference import CompoundingReference, compounding_reference
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import Q_, Quantity, format_dose, format_number


@dataclass(frozen=True, slots=True)
class TabletUse:
    """Tablets as the drug source (§4.2 step 5): how many are needed and the margin."""

    needed: int  # the fewest tablets whose drug covers the batch
    recommended: int  # needed + 1 for crushing loss
    used: int
    drug_needed_mg: Decimal
    drug_available_mg: Decimal
    powder_concentration: Decimal  # c, mg drug per mg powder

    @property
    def margin_mg(self) -> Decimal:
        return self.drug_available_mg - self.drug_needed_mg


@dataclass(frozen=True, slots=True)
class CapsuleBatch:
    """The result of a capsule batch calculation (all masses in mg, unrounded)."""

    inputs: CapsuleBatchInput
    capsules_total: int
    strength_hcl_mg: Decimal
    strength_base_mg: Decimal
    salt_factor: Decimal
    potency: Decimal  # mg of drug (weighed form) per mg of weighed material
    drug_name: str
    filler_name: str
    drug_per_capsule_mg: Decimal
    filler_per_capsule_mg: Decimal
    capacity_mg: Decimal
    fill_weight_mg: Decimal | None
    filler_density_g_ml: Decimal | None
    fits: bool
    suggested_size: str | None
    min_weighable_mg: Decimal
    readability: Quantity
    aliquot: AliquotPlan | None
    tablets: TabletUse | None
    beyond_use: BeyondUse
    warnings: tuple[str, ...]
    rules_version: str
    plan_problem: str | None = None  # why no weighing plan is possible (None: it is)

    @property
    def plan_possible(self) -> bool:
        return self.plan_problem is None

    @property
    def fill_per_capsule_mg(self) -> Decimal:
        return self.drug_per_capsule_mg + self.filler_per_capsule_mg

    @property
    def drug_total_mg(self) -> Decimal:
        return self.drug_per_capsule_mg * self.capsules_total

    @property
    def filler_total_mg(self) -> Decimal:
        return self.filler_per_capsule_mg * self.capsules_total

    @property
    def blend_total_mg(self) -> Decimal:
        return self.fill_per_capsule_mg * self.capsules_total

    @property
    def method(self) -> str:
        return method_key(self.inputs.method)

    def quantity(self, name: str) -> Quantity:
        """Any ``*_mg`` value as a pint Quantity, e.g. ``batch.quantity("drug_total")``."""
        return Q_(getattr(self, f"{name}_mg"), "mg")


def _drug_material(inputs: CapsuleBatchInput, ref: CompoundingReference) -> tuple[Decimal, Decimal]:
    """(salt factor, potency = mg of drug per mg weighed) for the source."""
    source = inputs.source
    if isinstance(source, ApiSource):
        return salt_factor(inputs.basis, source.form, ref), as_is_potency(source)
    if isinstance(source, TabletSource):
        concentration = (
            decimal_of(source.tablet_strength, "mg")
            * source.tablets
            / decimal_of(source.tablets_weight, "mg")
        )
        return salt_factor(inputs.basis, "hcl", ref), concentration
    return salt_factor(inputs.basis, "hcl", ref), source.concentration


def _drug_name(inputs: CapsuleBatchInput) -> str:
    source = inputs.source
    if isinstance(source, ApiSource):
        form = "naltrexone HCl" if source.form == "hcl" else "naltrexone base"
        return f"{form} powder (API)"
    if isinstance(source, TabletSource):
        return f"tablet powder (naltrexone HCl {format_dose(source.tablet_strength)} tablets)"
    return f"naltrexone HCl trituration ({format_number(source.concentration * 100, 6)}% w/w)"


def _tablet_use(
    inputs: CapsuleBatchInput, strength_hcl: Decimal, count: int, potency: Decimal
) -> TabletUse | None:
    source = inputs.source
    if not isinstance(source, TabletSource):
        return None
    label = decimal_of(source.tablet_strength, "mg")
    needed_mg = strength_hcl * count
    needed = int((needed_mg / label).to_integral_value(rounding=ROUND_CEILING))
    use = TabletUse(needed, needed + 1, source.tablets, needed_mg, label * source.tablets, potency)
    if use.drug_available_mg < needed_mg:
        raise InputError(
            f"Tablets: {source.tablets} × {format_dose(source.tablet_strength)} = "
            f"{format_dose(Q_(use.drug_available_mg, 'mg'))} of drug, but the batch needs "
            f"{format_dose(Q_(needed_mg, 'mg'), max_decimals=2)}; crush at least {needed + 1} tablets.",
            "tablets",
        )
    return use


def _strength_checks(inputs: CapsuleBatchInput, ref: CompoundingReference) -> list[str]:
    strength = decimal_of(inputs.strength, "mg")
    if strength < ref.strength_min_mg or strength > ref.strength_max_mg:
        raise InputError(
            f"Strength: must be between {format_dose(Q_(ref.strength_min_mg, 'mg'))} and "
            f"{format_dose(Q_(ref.strength_max_mg, 'mg'))}.",
            "strength",
        )
    if strength > ref.low_dose_max_mg:
        return [
            f"{format_dose(inputs.strength)} is not a low dose (LDN is "
            f"{format_dose(Q_(ref.strength_min_mg, 'mg'))}–"
            f"{format_dose(Q_(ref.low_dose_max_mg, 'mg'))}): check the prescription."
        ]
    return []


def _refuse_measured_fill_below_drug(
    inputs: CapsuleBatchInput, drug: Decimal, fill: FillResult, suggested: str | None
) -> None:
    """A measured fill that cannot hold the drug is a wrong measurement or the wrong size (§2.1)."""
    method = inputs.method
    if not isinstance(method, MeasuredFill) or method.fill_weight is None or fill.filler_mg >= 0:
        return
    where = f"size {suggested} is the smallest that fits" if suggested else "no size fits"
    raise InputError(
        f"Fill weight: the measured fill ({format_number(decimal_of(method.fill_weight, 'mg'), 6)} mg)"
        f" is less than the drug per capsule ({format_number(drug, 4)} mg), so a size "
        f"{inputs.capsule_size} capsule cannot hold the dose; {where}.",
        "fill_weight",
    )


def _plan_problem(
    fits: bool,
    aliquot: AliquotPlan | None,
    drug: Decimal,
    filler: Decimal,
    count: int,
    minimum: Decimal,
) -> str | None:
    """Why the batch has no weighing plan (§6.3, §10 checks), with what would make one possible."""
    if not fits:
        return "the drug does not fit the capsule (see the warnings)"
    if aliquot is None or aliquot.feasible:
        return None
    bigger = smallest_feasible_count(drug, filler, count, minimum)
    remedy = f"make at least {bigger} capsules" if bigger else "make a larger batch"
    remaining = aliquot.filler_remaining_mg
    if remaining < 0:  # the portion alone outweighs the blend: never print a negative weighing
        blend = aliquot.portion_mg + remaining
        why = (
            f"an aliquot (trituration) cannot help: its portion ({format_number(aliquot.portion_mg, 4)}"
            f" mg) would weigh more than the whole blend of the batch ({format_number(blend, 4)} mg)"
        )
    else:
        why = (
            f"an aliquot (trituration) would leave {format_number(remaining, 4)} mg of filler "
            "to add, below that minimum"
        )
    return (
        f"the drug to weigh ({format_number(drug * count, 4)} mg) is below the balance's minimum "
        f"weight ({format_number(minimum, 4)} mg), and {why}. "
        f"To make it possible: {remedy}, or use a balance whose minimum weight is at most "
        f"{format_number(drug * count, 4)} mg (no aliquot needed)"
    )


def calculate_capsule_batch(
    inputs: CapsuleBatchInput, reference: CompoundingReference | None = None
) -> CapsuleBatch:
    """Calculate a capsule batch (see the module docstring). Raises InputError naming the field."""
    ref = reference or compounding_reference()
    warnings = _strength_checks(inputs, ref)
    if inputs.filler not in ref.fillers:
        known = ", ".join(ref.fillers)
        raise InputError(
            f"Filler: unknown filler '{inputs.filler[:24]}' (known: {known}).", "filler"
        )
    if inputs.capsule_size not in ref.capsule_sizes:
        raise InputError(f"Capsule size: unknown size '{inputs.capsule_size[:8]}'.", "capsule_size")
    filler, size = ref.fillers[inputs.filler], ref.capsule(inputs.capsule_size)
    warnings += check_fill_plausibility(inputs.method, size, ref, confirmed=inputs.fill_confirmed)
    count = batch_capsule_count(inputs.quantity, inputs.extra, inputs.overage)
    strength = decimal_of(inputs.strength, "mg")
    strength_hcl = convert_basis(strength, inputs.basis, "hcl", ref)
    factor, potency = _drug_material(inputs, ref)
    drug = strength * factor / potency
    fill = filler_per_capsule(inputs.method, drug, size, filler)
    fits = fill.filler_mg >= 0
    suggested = None if fits else smallest_fitting_size(inputs.method, drug, size, filler, ref)
    _refuse_measured_fill_below_drug(inputs, drug, fill, suggested)
    minimum = minimum_weight_mg(inputs.balance, ref)
    filler_mg = max(fill.filler_mg, Decimal(0))
    aliquot = plan_aliquot(drug * count, filler_mg * count, minimum) if fits else None
    batch = CapsuleBatch(
        inputs=inputs,
        capsules_total=count,
        strength_hcl_mg=strength_hcl,
        strength_base_mg=convert_basis(strength, inputs.basis, "base", ref),
        salt_factor=factor,
        potency=potency,
        drug_name=_drug_name(inputs),
        filler_name=filler.name,
        drug_per_capsule_mg=drug,
        filler_per_capsule_mg=filler_mg,
        capacity_mg=fill.capacity_mg,
        fill_weight_mg=fill.fill_weight_mg,
        filler_density_g_ml=fill.filler_density_g_ml,
        fits=fits,
        suggested_size=suggested,
        min_weighable_mg=minimum,
        readability=display_readability(inputs.balance),
        aliquot=aliquot,
        tablets=_tablet_use(inputs, strength_hcl, count, potency),
        beyond_use=beyond_use_date(
            inputs.compounded_on, ref.bud_categories["nonaqueous-solid"], inputs.expiries
        ),
        warnings=(),
        rules_version=ref.rules_version,
        plan_problem=_plan_problem(fits, aliquot, drug, filler_mg, count, minimum),
    )
    return replace(batch, warnings=(*warnings, *batch_warnings(batch, ref, fill.from_chart)))
