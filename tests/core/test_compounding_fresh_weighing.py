"""Fresh review cases: a weighing is shown as a reading the balance can actually display."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ldn_desktop.core.compounding import (
    ApiSource,
    Balance,
    CapsuleBatchInput,
    LiquidInput,
    MeasuredFill,
    calculate_capsule_batch,
    calculate_liquid,
    capsule_report,
    liquid_report,
)
from ldn_desktop.core.compounding.report import weighing
from ldn_desktop.core.units import Q_

D = Decimal


def tv1(readability_mg: str) -> CapsuleBatchInput:
    return CapsuleBatchInput(
        strength=Q_(D("4.5"), "mg"),
        quantity=30,
        source=ApiSource(D("0.995")),
        extra=2,
        method=MeasuredFill(Q_(240, "mg")),
        capsule_size="1",
        balance=Balance("usp41", Q_(D(readability_mg), "mg"), Q_(D("0.03"), "mg")),
        compounded_on=date(2026, 12, 1),
    )


@pytest.mark.parametrize(
    ("mg", "d", "shown"),
    [
        ("434.170854", "0.5", "434.0 mg"),  # a 0.5 mg balance reads 434.0 or 434.5, never 434.2
        ("434.3", "0.5", "434.5 mg"),
        ("7245.829146", "0.5", "7.2460 g"),
        ("1736.683417", "2", "1.736 g"),  # a 2 mg balance reads even mg only
        ("5943.316583", "2", "5.944 g"),
        ("144.723618", "0.02", "144.72 mg"),
        ("144.723618", "0.1", "144.7 mg"),  # TV1 unchanged
        ("7535.276382", "0.1", "7.5353 g"),
    ],
)
def test_a_weighing_is_a_whole_number_of_scale_intervals(mg: str, d: str, shown: str) -> None:
    assert weighing("x", D(mg), D(d)).shown == shown


@pytest.mark.parametrize("d", ["0.5", "2", "0.2", "0.05"])
def test_every_weighing_and_step_of_a_batch_is_readable_on_the_balance(d: str) -> None:
    report = capsule_report(calculate_capsule_batch(tv1(d)))
    rows = [*report.weighings, *([report.total] if report.total else [])]
    assert rows
    for row in rows:
        value, unit = row.shown.split()
        mg = D(value) * (1000 if unit == "g" else 1)
        assert mg % D(d) == 0, (row.label, row.shown)
        if "portion" in row.label:  # the steps say the same reading
            assert any(f"Weigh {row.shown} of the trituration" in s for s in report.steps)


def test_a_liquid_api_weighing_is_readable_on_the_balance() -> None:
    inputs = LiquidInput(
        Q_(1, "mg/mL"),
        Q_(80, "mL"),
        source=ApiSource(D("0.99")),
        balance=Balance("usp41", Q_(D("0.5"), "mg"), Q_(D("0.03"), "mg")),
        compounded_on=date(2026, 12, 1),
    )
    report = liquid_report(calculate_liquid(inputs))
    assert [w.shown for w in report.weighings] == ["81.0 mg"]  # 80.8081 mg
    assert any("Weigh 81.0 mg" in s for s in report.steps)
