"""Worked examples of docs/reference/compounding.md §2–§6 and §11, to 1e-6 relative."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from ldn_desktop.core.compounding.aliquots import plan_aliquot
from ldn_desktop.core.compounding.balances import minimum_weight_mg
from ldn_desktop.core.compounding.capsule_fill import (
    fill_weight_from_weighings,
    filler_per_capsule,
    smallest_fitting_size,
)
from ldn_desktop.core.compounding.capsules import calculate_capsule_batch
from ldn_desktop.core.compounding.inputs import (
    ApiSource,
    Balance,
    CapsuleBatchInput,
    DisplacementFill,
    MeasuredFill,
    VolumetricFill,
)
from ldn_desktop.core.compounding.naltrexone import (
    as_is_potency,
    batch_capsule_count,
    convert_basis,
)
from ldn_desktop.core.compounding.reference import compounding_reference
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import Q_

REF = compounding_reference()
D = Decimal


def close(actual: Decimal | float, expected: float, rel: float = 1e-6) -> bool:
    return math.isclose(float(actual), expected, rel_tol=rel)


def test_tv0_fill_weight_from_weighings() -> None:
    assert fill_weight_from_weighings(D("3162.0"), D("760.0"), 10) == D("240.2")
    with pytest.raises(InputError):
        fill_weight_from_weighings(D(700), D(760), 10)


def tv1(**changes: object) -> CapsuleBatchInput:
    values: dict[str, object] = {
        "strength": Q_("4.5", "mg"),
        "quantity": 30,
        "source": ApiSource(D("0.995")),
        "extra": 2,
        "method": MeasuredFill(Q_(240, "mg")),
        "capsule_size": "1",
        "compounded_on": date(2026, 3, 1),
    }
    values.update(changes)
    return CapsuleBatchInput(**values)  # type: ignore[arg-type]


def test_tv1_basic_batch_measured_mcc_fill() -> None:
    batch = calculate_capsule_batch(tv1())
    assert batch.capsules_total == 32
    assert close(batch.drug_per_capsule_mg, 4.522613)
    assert close(batch.drug_total_mg, 144.723618)
    assert close(batch.filler_per_capsule_mg, 235.477387)
    assert close(batch.filler_total_mg, 7535.276382)
    assert close(batch.blend_total_mg, 7680.0)
    assert batch.min_weighable_mg == 82  # USP <41>, d = 0.1 mg
    assert batch.aliquot is None
    assert batch.fits and batch.suggested_size is None
    assert batch.warnings == ()


def test_tv1_on_a_class_iii_balance_needs_no_aliquot_either() -> None:
    batch = calculate_capsule_batch(tv1(balance=Balance("class-iii")))
    assert batch.min_weighable_mg == 120
    assert batch.aliquot is None


def test_tv5_displacement() -> None:
    fill = filler_per_capsule(
        DisplacementFill(Q_(320, "mg"), Q_(230, "mg")),
        D("4.5"),
        REF.capsule("1"),
        REF.fillers["mcc"],
    )
    assert close(fill.filler_mg, 226.765625)
    assert close(fill.filler_mg + D("4.5"), 231.265625)
    batch = calculate_capsule_batch(
        tv1(source=ApiSource(D(1)), method=DisplacementFill(Q_(320, "mg"), Q_(230, "mg")))
    )
    assert close(batch.filler_per_capsule_mg, 226.765625)
    assert close(batch.fill_per_capsule_mg, 231.265625)


def test_displacement_reproduces_the_progesterone_example() -> None:
    """§2.2: size 1 holds 400 mg lactose or 200 mg progesterone; 100 mg → 200 mg lactose."""
    fill = filler_per_capsule(
        DisplacementFill(Q_(200, "mg"), Q_(400, "mg")),
        D(100),
        REF.capsule("1"),
        REF.fillers["lactose"],
    )
    assert fill.filler_mg == 200


def test_tv6_volumetric() -> None:
    method = VolumetricFill(Q_("0.6", "g/mL"), Q_("0.43", "g/mL"))
    batch = calculate_capsule_batch(
        tv1(strength=Q_(3, "mg"), source=ApiSource(D("0.985")), method=method, capsule_size="3")
    )
    assert close(batch.drug_per_capsule_mg, 3.045685, rel=1e-6)
    assert close(batch.filler_per_capsule_mg, 126.8173, rel=1e-6)


def test_size_selection_example() -> None:
    """§2.4: 300 mg per capsule at 0.43 g/mL needs 0.698 mL → size 00, not 0."""
    method = VolumetricFill(Q_("0.43", "g/mL"), Q_("0.43", "g/mL"))
    assert smallest_fitting_size(method, D(300), REF.capsule("1"), REF.fillers["mcc"], REF) == "00"


def test_a_measured_fill_smaller_than_the_drug_is_refused_naming_the_size_that_fits() -> None:
    with pytest.raises(InputError, match="size 4 is the smallest that fits") as caught:
        calculate_capsule_batch(
            tv1(strength=Q_(50, "mg"), method=MeasuredFill(Q_(40, "mg")), capsule_size="5")
        )
    assert caught.value.field == "fill_weight"  # E scaled by volume: 40 × 0.21 / 0.13 ≥ 50.25


def test_a_chart_fill_that_does_not_fit_warns_and_has_no_weighing_plan() -> None:
    batch = calculate_capsule_batch(
        tv1(
            strength=Q_(50, "mg"),
            source=ApiSource(D("0.5")),
            method=MeasuredFill(),
            capsule_size="5",
        )
    )
    assert not batch.fits and not batch.plan_possible
    assert batch.suggested_size is not None
    assert batch.filler_per_capsule_mg == 0
    assert any("does not fit" in w for w in batch.warnings)
    assert any("not a low dose" in w for w in batch.warnings)


@pytest.mark.parametrize(
    ("mg", "source", "target", "expected"),
    [("4.5", "hcl", "base", 4.065821), ("4.5", "base", "hcl", 4.980544)],
)
def test_tv9_salt_conversion(mg: str, source: str, target: str, expected: float) -> None:
    assert close(convert_basis(D(mg), source, target, REF), expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("hcl", "base"), [("0.5", 0.4518), ("1.5", 1.3553), ("3", 2.7105), ("4.5", 4.0658)]
)
def test_section_3_2_strength_table(hcl: str, base: float) -> None:
    assert round(float(convert_basis(D(hcl), "hcl", "base", REF)), 4) == base


def test_base_labelled_capsules_from_hcl_api_weigh_more() -> None:
    batch = calculate_capsule_batch(tv1(basis="base"))
    assert close(batch.drug_per_capsule_mg, 4.5 * 377.865 / 341.407 / 0.995)
    assert close(batch.strength_hcl_mg, 4.980544)


def test_potency_from_an_anhydrous_basis_assay() -> None:
    """§3.4: 99.2 % anhydrous, water 0.5 % → 98.704 % as is."""
    assert as_is_potency(ApiSource(D("0.992"), "anhydrous", D("0.005"))) == D("0.98704")
    assert as_is_potency(ApiSource(D("0.992"), "dried", D("0.005"), D("0.001"))) == D("0.986048")


def test_as_is_assay_is_never_corrected_twice() -> None:
    api = ApiSource(D("0.995"), "as-is", water=D("0.04"))
    assert as_is_potency(api) == D("0.995")
    batch = calculate_capsule_batch(tv1(source=api))
    assert close(batch.drug_per_capsule_mg, 4.522613)
    assert any("not applied" in w for w in batch.warnings)


def test_assay_outside_the_monograph_range_is_flagged() -> None:
    batch = calculate_capsule_batch(tv1(source=ApiSource(D("0.95"))))
    assert any("monograph" in w for w in batch.warnings)


@pytest.mark.parametrize(
    ("prescribed", "extra", "overage", "made"),
    [
        (90, None, "0.10", 99),
        (30, None, "0.10", 33),
        (30, None, "0.05", 32),
        (30, 2, None, 32),
        (30, None, None, 30),
        (7, None, "0.01", 8),
    ],
)
def test_overage_is_rounded_up_exactly(
    prescribed: int, extra: int | None, overage: str | None, made: int
) -> None:
    """§5 / TV12: in binary floating point 90 × 1.1 = 99.00000000000001 would give 100."""
    assert batch_capsule_count(prescribed, extra, D(overage) if overage else None) == made


@pytest.mark.parametrize(
    ("d", "s", "minimum"),
    [("0.1", "0.03", 82), ("0.01", "0.001", D("8.2")), ("1", "0.1", 820), ("0.1", "0.15", 300)],
)
def test_usp41_minimum_weight(d: str, s: str, minimum: Decimal) -> None:
    """§6.1: 2000 × max(s, 0.41 d); USP's own example s = 0.15 mg → 300 mg."""
    assert minimum_weight_mg(Balance("usp41", Q_(d, "mg"), Q_(s, "mg")), REF) == minimum


def test_class_iii_minimum_weight_and_safety_factor() -> None:
    assert minimum_weight_mg(Balance("class-iii"), REF) == 120
    balance = Balance("usp41", Q_("0.1", "mg"), Q_("0.03", "mg"), D(2))
    assert minimum_weight_mg(balance, REF) == 164


def test_classic_aliquot_example() -> None:
    """§6.3: 12 mg needed, MWQ 120 mg → weigh 120 mg, add 1080 mg, weigh 120 mg of the mix."""
    plan = plan_aliquot(D(12), D(5000), D(120))
    assert plan is not None
    assert (plan.drug_weighed_mg, plan.factor, plan.diluent_mg) == (120, 10, 1080)
    assert (plan.mix_total_mg, plan.portion_mg) == (1200, 120)
    assert plan.feasible
    assert plan_aliquot(D(144), D(5000), D(120)) is None


def test_low_strength_batch_gets_an_aliquot_plan_with_every_weighing_above_minimum() -> None:
    """§6.3 LDN relevance: 30 × 0.5 mg needs ~15 mg of API, below 82 mg."""
    batch = calculate_capsule_batch(tv1(strength=Q_("0.5", "mg"), extra=None))
    plan = batch.aliquot
    assert plan is not None and plan.feasible
    assert close(plan.required_mg, 15.075377)
    for weighing in (plan.drug_weighed_mg, plan.diluent_mg, plan.portion_mg):
        assert weighing >= batch.min_weighable_mg
    assert plan.filler_remaining_mg >= batch.min_weighable_mg
    # the portion contains exactly the drug the batch needs
    assert close(
        plan.portion_mg * plan.drug_weighed_mg / plan.mix_total_mg, float(plan.required_mg)
    )
    # drug + portion diluent + remaining filler = blend
    assert close(plan.portion_mg + plan.filler_remaining_mg, float(batch.blend_total_mg))
    assert any("aliquot" in w for w in batch.warnings)


def test_strength_limits() -> None:
    with pytest.raises(InputError) as caught:
        calculate_capsule_batch(tv1(strength=Q_("0.05", "mg")))
    assert caught.value.field == "strength"
    with pytest.raises(InputError):
        calculate_capsule_batch(tv1(strength=Q_(51, "mg")))
    batch = calculate_capsule_batch(tv1(strength=Q_(5, "mg")))
    assert not any("low dose" in w for w in batch.warnings)
