"""The compounding report: one frozen, typed value per calculation, rendered by every front end.

The results panel, the worksheet, the label, the CLI text and the compounding record all show this
value, so the weighings, warnings and BUD text are written once (docs/reference/compounding.md §6–§8,
§10). Weighings are shown at the balance's readability (§8); doses in ISMP notation; a batch with no
weighing plan (drug does not fit, infeasible aliquot) carries ``plan_problem`` and no weighings.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal
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


def weighing(label: str, mg: Decimal, readability_mg: Decimal) -> Weighing:
    return Weighing(label, mg, format_weighing(Q_(mg, "mg"), Q_(readability_mg, "mg")))
