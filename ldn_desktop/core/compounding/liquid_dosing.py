"""Measuring a liquid dose and splitting a supply within the BUD (docs/reference/compounding.md §4.3, §7.1).

- A dose is measured with an oral syringe read to a step (0.1 mL up to 10 mL — compounding_rules.json
  ``liquid.syringe_steps``), so the volume on the label and in the dose table is ``mL = dose / C``
  rounded to that step. A dose whose rounded volume is more than ``max_dose_rounding_error``
  (10 %) off cannot be measured reliably: 0.5 mg at 10 mg/mL is 0.05 mL.
  Example: 1 mg at 3 mg/mL = 0.333 mL → 0.3 mL (0.9 mg, 10 % low).
- A supply for more days than the liquid's BUD is split into fills that each last at most the BUD
  (e.g. 90 days at 4.5 mL a day of a 14-day liquid: 7 fills of at most 63 mL).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from ldn_desktop.core.compounding.reference import LiquidRules
from ldn_desktop.core.units.quantities import Q_, format_dose, format_number


@dataclass(frozen=True, slots=True)
class DoseVolume:
    """One dose of the liquid: exact volume and the volume measured with the syringe."""

    dose_mg: Decimal
    exact_ml: Decimal
    measured_ml: Decimal  # rounded to the syringe step
    step_ml: Decimal

    @property
    def error(self) -> Decimal:
        """Relative dose error of the measured volume (0.1 = 10 %)."""
        exact = self.exact_ml
        return abs(self.measured_ml - exact) / exact if exact else Decimal(0)

    @property
    def text(self) -> str:
        """'4.5 mg = 4.5 mL'."""
        return f"{format_dose(Q_(self.dose_mg, 'mg'))} = {format_number(self.measured_ml, 3)} mL"


def dose_volume(dose_mg: Decimal, concentration: Decimal, rules: LiquidRules) -> DoseVolume:
    exact = dose_mg / concentration
    step = rules.syringe_step(exact)
    measured = (exact / step).to_integral_value(rounding=ROUND_HALF_UP) * step
    return DoseVolume(dose_mg, exact, measured, step)


def unmeasurable_warning(
    volumes: tuple[DoseVolume, ...], concentration: Decimal, rules: LiquidRules
) -> str | None:
    """The doses a syringe cannot measure within the allowed error, and the concentration that would."""
    bad = [v for v in volumes if v.error > rules.max_dose_error]
    if not bad:
        return None
    smallest = min(v.dose_mg for v in volumes)
    step = rules.syringe_steps[0].step_ml
    # the largest C at which the smallest dose still rounds within the error: mL ≥ step / 2 / error
    workable = smallest * 2 * rules.max_dose_error / step
    doses = ", ".join(format_dose(Q_(v.dose_mg, "mg")) for v in bad)
    first = bad[0]
    return (
        f"At {format_number(concentration, 3)} mg/mL the dose volumes are too small to measure: "
        f"{format_dose(Q_(first.dose_mg, 'mg'))} is {format_number(first.exact_ml, 4)} mL, and an "
        f"oral syringe read to {format_number(first.step_ml, 2)} mL gives "
        f"{format_number(first.measured_ml, 3)} mL ({format_number(first.error * 100, 0)}% off). "
        f"Affected doses: {doses}. Use at most {format_number(workable, 3)} mg/mL "
        "(LDN liquids are usually 1 mg/mL)."
    )


def patient_dose_warning(
    dose: DoseVolume, concentration: Decimal, rules: LiquidRules
) -> str | None:
    """The patient's own dose (on the label) when the syringe cannot measure it within the error,
    whether or not it is a dose of the table: 0.25 mg at 1 mg/mL is 0.25 mL, read as 0.3 mL
    (0.3 mg, 20 % over). The concentration that would measure it: ``dose × 2 × error / step``."""
    if dose.error <= rules.max_dose_error:
        return None
    delivered = dose.measured_ml * concentration
    workable = dose.dose_mg * 2 * rules.max_dose_error / rules.syringe_steps[0].step_ml
    return (
        f"The patient's dose {format_dose(Q_(dose.dose_mg, 'mg'))} is "
        f"{format_number(dose.exact_ml, 4)} mL at {format_number(concentration, 3)} mg/mL; an oral "
        f"syringe read to {format_number(dose.step_ml, 2)} mL gives "
        f"{format_number(dose.measured_ml, 3)} mL ({format_dose(Q_(delivered, 'mg'))}, "
        f"{format_number(dose.error * 100, 0)}% off), so the label's volume would not give the "
        f"prescribed dose. Use at most {format_number(workable, 3)} mg/mL for this dose."
    )


@dataclass(frozen=True, slots=True)
class LiquidFills:
    """A supply of ``days`` split into fills that each last at most ``days_per_fill``."""

    days: int
    daily_ml: Decimal
    days_per_fill: int
    fills: int

    @property
    def total_ml(self) -> Decimal:
        return self.daily_ml * self.days

    @property
    def fill_ml(self) -> Decimal:
        """The largest fill (the last one may be smaller)."""
        return self.daily_ml * min(self.days, self.days_per_fill)


def split_supply(daily_ml: Decimal, days: int, bud_days: int) -> LiquidFills:
    """Fills of at most ``bud_days`` days each, covering ``days`` (§7.1: never past the BUD)."""
    per_fill = max(1, min(days, bud_days))
    fills = int((Decimal(days) / per_fill).to_integral_value(rounding=ROUND_CEILING))
    return LiquidFills(days, daily_ml, per_fill, fills)
