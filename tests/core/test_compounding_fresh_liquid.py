"""Fresh review cases for the oral liquid: a batch too small for the supply asked for."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ldn_desktop.core.compounding import LiquidInput, calculate_liquid, liquid_report
from ldn_desktop.core.units import Q_

D = Decimal


def liquid(volume: str, dose: str, days: int | None, concentration: str = "1") -> LiquidInput:
    return LiquidInput(
        Q_(D(concentration), "mg/mL"),
        Q_(D(volume), "mL"),
        compounded_on=date(2026, 12, 1),
        dose=Q_(D(dose), "mg"),
        days=days,
    )


@pytest.mark.parametrize(
    ("volume", "dose", "days", "lasts", "fill"),
    [
        ("30", "4.5", 10, "6 days", "45 mL"),  # 30 mL at 4.5 mL a day: 6 whole doses, not 10
        ("50", "4.5", 30, "11 days", "63 mL"),  # a 14-day fill is 63 mL, the batch only 50 mL
        ("10", "1.5", 7, "6 days", "10.5 mL"),
    ],
)
def test_a_batch_smaller_than_one_fill_says_how_long_it_lasts(
    volume: str, dose: str, days: int, lasts: str, fill: str
) -> None:
    batch = calculate_liquid(liquid(volume, dose, days))
    short = [w for w in batch.warnings if "-day fill needs" in w]
    assert len(short) == 1, batch.warnings
    assert lasts in short[0] and fill in short[0]
    assert short[0] in liquid_report(batch).warnings


@pytest.mark.parametrize(("volume", "days"), [("45", 10), ("63", 30), ("100", 10)])
def test_a_batch_that_covers_a_fill_has_no_shortfall_warning(volume: str, days: int) -> None:
    batch = calculate_liquid(liquid(volume, "4.5", days))
    assert not [w for w in batch.warnings if "-day fill needs" in w], batch.warnings


@pytest.mark.parametrize(
    ("concentration", "dose", "label_ml"),
    [
        ("1", "0.25", "0.3 mL"),  # not a table dose: 0.25 mL reads 0.3 mL, 0.3 mg (20% over)
        ("2", "0.25", "0.1 mL"),  # 0.125 mL reads 0.1 mL, 0.2 mg (20% under)
        ("3", "0.5", "0.2 mL"),  # a table dose: 0.1667 mL reads 0.2 mL
        ("50", "0.5", "0 mL"),  # 0.01 mL: the label would say 'Take 0 mL'
    ],
)
def test_a_patient_dose_the_syringe_cannot_measure_is_flagged(
    concentration: str, dose: str, label_ml: str
) -> None:
    batch = calculate_liquid(liquid("30", dose, None, concentration))
    flagged = [w for w in batch.warnings if "patient's dose" in w]
    assert len(flagged) == 1, batch.warnings
    assert f"gives {label_ml}" in flagged[0] and "mg/mL" in flagged[0]
    assert flagged[0] in liquid_report(batch).warnings


@pytest.mark.parametrize(("concentration", "dose"), [("1", "4.5"), ("1", "0.75"), ("3", "1")])
def test_a_measurable_patient_dose_is_not_flagged(concentration: str, dose: str) -> None:
    batch = calculate_liquid(liquid("30", dose, None, concentration))
    assert not [w for w in batch.warnings if "patient's dose" in w], batch.warnings


@pytest.mark.parametrize(
    ("concentration", "dose", "days", "label_ml", "fill_ml"),
    [
        ("1", "0.75", 14, "0.8", "11.2"),  # 0.75 mL is drawn as 0.8 mL: 14 days need 11.2 mL
        ("3", "2", 14, "0.7", "9.8"),  # 0.667 mL is drawn as 0.7 mL: 9.8 mL, not 9.33 mL
    ],
)
def test_the_supply_is_counted_in_the_volume_the_label_tells_the_patient_to_draw(
    concentration: str, dose: str, days: int, label_ml: str, fill_ml: str
) -> None:
    batch = calculate_liquid(liquid("100", dose, days, concentration))
    assert batch.patient_dose is not None and batch.patient_dose.measured_ml == D(label_ml)
    assert batch.fills is not None and batch.fills.fill_ml == D(fill_ml)
    short = calculate_liquid(liquid(str(D(fill_ml) - D("0.5")), dose, days, concentration))
    assert any(f"{days}-day fill needs {fill_ml} mL" in w for w in short.warnings), short.warnings
