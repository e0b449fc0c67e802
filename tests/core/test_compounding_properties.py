"""Property tests of the capsule calculation (issue 3 acceptance)."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

from hypothesis import given, settings, strategies as st

from ldn_desktop.core.compounding.capsules import calculate_capsule_batch
from ldn_desktop.core.compounding.input_json import capsule_input_from_json, capsule_input_json
from ldn_desktop.core.compounding.inputs import (
    ApiSource,
    CapsuleBatchInput,
    DisplacementFill,
    MeasuredFill,
    TabletSource,
    TriturationSource,
    VolumetricFill,
)
from ldn_desktop.core.compounding.report_json import capsule_batch_json
from ldn_desktop.core.units.quantities import Q_, parse_quantity

strengths = st.decimals(min_value=Decimal("0.1"), max_value=Decimal(5), places=2)
sources = st.sampled_from(
    [
        ApiSource(Decimal("0.995")),
        ApiSource(Decimal("0.992"), "anhydrous", Decimal("0.005")),
        TabletSource(Q_(50, "mg"), 40, Q_(8024, "mg")),
        TriturationSource(Decimal("0.1")),
    ]
)
methods = st.sampled_from(
    [
        MeasuredFill(Q_(240, "mg")),
        MeasuredFill(),
        DisplacementFill(Q_(320, "mg"), Q_(230, "mg")),
        VolumetricFill(Q_("0.6", "g/mL")),
    ]
)


def make(strength: Decimal, quantity: int, source: object, method: object) -> CapsuleBatchInput:
    return CapsuleBatchInput(
        strength=Q_(strength, "mg"),
        quantity=quantity,
        source=source,  # type: ignore[arg-type]
        method=method,  # type: ignore[arg-type]
        compounded_on=date(2026, 3, 1),
    )


@settings(max_examples=150, deadline=None)
@given(strengths, st.integers(1, 200), sources, methods)
def test_drug_plus_filler_is_the_blend(strength, quantity, source, method) -> None:  # type: ignore[no-untyped-def]
    batch = calculate_capsule_batch(make(strength, quantity, source, method))
    total = batch.drug_total_mg + batch.filler_total_mg
    assert math.isclose(total, batch.blend_total_mg, rel_tol=1e-12)
    per_capsule = batch.drug_per_capsule_mg + batch.filler_per_capsule_mg
    assert math.isclose(per_capsule, batch.fill_per_capsule_mg, rel_tol=1e-12)
    if batch.aliquot is not None:
        assert batch.aliquot.drug_weighed_mg >= batch.min_weighable_mg
        assert batch.aliquot.portion_mg >= batch.min_weighable_mg
        assert batch.aliquot.diluent_mg >= batch.min_weighable_mg


@settings(max_examples=100, deadline=None)
@given(strengths, st.integers(1, 60), st.integers(2, 5), sources, methods)
def test_scaling_the_quantity_scales_every_total(strength, quantity, k, source, method) -> None:  # type: ignore[no-untyped-def]
    one = calculate_capsule_batch(make(strength, quantity, source, method))
    many = calculate_capsule_batch(make(strength, quantity * k, source, method))
    assert many.capsules_total == one.capsules_total * k
    for name in ("drug_total_mg", "filler_total_mg", "blend_total_mg"):
        assert math.isclose(getattr(many, name), getattr(one, name) * k, rel_tol=1e-12)


@settings(max_examples=100, deadline=None)
@given(strengths, st.integers(1, 120), sources, methods)
def test_mg_mcg_and_g_give_identical_results(strength, quantity, source, method) -> None:  # type: ignore[no-untyped-def]
    texts = [f"{strength} mg", f"{strength * 1000} mcg", f"{strength / 1000} g"]
    results = []
    for text in texts:
        parsed = parse_quantity(text, field="strength")
        batch = CapsuleBatchInput(
            strength=parsed,
            quantity=quantity,
            source=source,
            method=method,
            compounded_on=date(2026, 3, 1),
        )
        results.append(capsule_batch_json(calculate_capsule_batch(batch)))
    assert results[0] == results[1] == results[2]


@settings(max_examples=60, deadline=None)
@given(strengths, st.integers(1, 120), sources, methods, st.sampled_from(["hcl", "base"]))
def test_inputs_survive_a_round_trip_through_json(
    strength, quantity, source, method, basis
) -> None:  # type: ignore[no-untyped-def]
    inputs = CapsuleBatchInput(
        strength=Q_(strength, "mg"),
        quantity=quantity,
        source=source,
        method=method,
        basis=basis,
        overage=Decimal("0.1"),
        compounded_on=date(2026, 3, 1),
    )
    again = capsule_input_from_json(capsule_input_json(inputs))
    assert capsule_batch_json(calculate_capsule_batch(again)) == capsule_batch_json(
        calculate_capsule_batch(inputs)
    )
