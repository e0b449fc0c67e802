"""The compounding report: one frozen, typed value per calculation, rendered by every front end.

The results panel, the worksheet, the label, the CLI text and the compounding record all show this
value, so the weighings, warnings and BUD text are written once (docs/reference/compounding.md §6–§8,
§10). Weighings are shown at the balance's readability (§8); doses in ISMP notation; a batch with no
weighing plan (drug does not fit, infeasible aliquot) carries ``plan_problem`` and no weighings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Literal

from ldn_desktop.core.units.quantities import Q_, format_weighing

ReportKind = Literal["capsules", "liquid"]


@dataclass(frozen=True, slots=True)
class Weighing:
    """One thing to put on the balance: what, the exact mass and the mass at the readability."""

    label: str
    calculated_mg: Decimal
    shown: str


@dataclass(frozen=True, slots=True)
class ReportLine:
    """A labelled line of the formula (worksheet 'Formula' table, results details)."""

    label: str
    text: str


@dataclass(frozen=True, slots=True)
class DoseLine:
    """A dose of a liquid and the volume measured for it with an oral syringe."""

    dose: str  # "4.5 mg"
    volume: str  # "4.5 mL"
    exact_ml: Decimal
    measurable: bool


@dataclass(frozen=True, slots=True)
class CompoundingReport:
    """Everything a pharmacist, a patient's label and a record need from one calculation."""

    kind: ReportKind
    title: str
    summary: str
    quantity_label: str
    product_line: str  # label line: strength with its salt stated (§3.3, §7.5)
    plan_problem: str | None
    weighings: tuple[Weighing, ...]
    total: Weighing | None
    steps: tuple[str, ...]
    details: tuple[ReportLine, ...]
    doses: tuple[DoseLine, ...]
    patient_dose: str  # "Dose 4.5 mg = 4.5 mL" (liquid with a dose), else ""
    directions: str  # default directions for the label (a liquid's dose in mL)
    warnings: tuple[str, ...]
    compounded_on: date
    bud: date
    bud_rule: str
    storage: str
    balance: str
    readability_mg: Decimal
    min_weighable_mg: Decimal
    cautions: tuple[str, ...]
    rules_version: str

    @property
    def plan_possible(self) -> bool:
        return self.plan_problem is None

    def with_warnings(self, *extra: str) -> CompoundingReport:
        """The same report with more warnings (e.g. a record's missing lots), without repeats."""
        added = tuple(w for w in extra if w not in self.warnings)
        return replace(self, warnings=(*self.warnings, *added)) if added else self


def balance_reading_mg(mg: Decimal, readability_mg: Decimal) -> Decimal:
    """The reading nearest to ``mg`` that a balance of scale interval d can display: a whole number
    of intervals (§6.1). Example: 434.17 mg on a d = 0.5 mg balance reads 434.0 mg, never 434.2."""
    steps = (mg / readability_mg).to_integral_value(rounding=ROUND_HALF_EVEN)
    return steps * readability_mg


def weighing_text(mg: Decimal, readability_mg: Decimal, decimal_mark: str = ".") -> str:
    """A mass to put on the balance, as the balance shows it (``144.7 mg``, ``7.5353 g``)."""
    reading = balance_reading_mg(mg, readability_mg)
    return format_weighing(Q_(reading, "mg"), Q_(readability_mg, "mg"), decimal_mark)


def weighing(label: str, mg: Decimal, readability_mg: Decimal) -> Weighing:
    return Weighing(label, mg, weighing_text(mg, readability_mg))
