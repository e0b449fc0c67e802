"""Turn a calculated batch and the pharmacist's details into a compounding-record draft (§7.4).

A record is released for a batch already made: its compounding date may not be after today (the
beyond-use date counts from it, §7.1, so a year typed ahead would label a BUD a year late). A
calculation may be dated ahead (planning); only the draft, which both front ends release through,
refuses it. Example: today 3 Dec 2026, dated 3 Dec 2027 → "Compounding date: 3 Dec 2027 is after
today (3 Dec 2026). …". A batch already past its beyond-use date can be recorded, with a warning
on the record not to dispense it (its label says so too: ``reports.render_compounding``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ldn_desktop import __version__
from ldn_desktop.core.compounding.beyond_use import past_bud
from ldn_desktop.core.compounding.capsules import CapsuleBatch
from ldn_desktop.core.compounding.input_json import capsule_input_json, liquid_input_json
from ldn_desktop.core.compounding.liquid import LiquidBatch, liquid_title
from ldn_desktop.core.compounding.record import (
    Ingredient,
    RecordDraft,
    RecordKind,
    validate_initials,
    validate_text,
)
from ldn_desktop.core.compounding.report import CompoundingReport
from ldn_desktop.core.compounding.report_build import (
    DEFAULT_CAPSULE_DIRECTIONS as DEFAULT_CAPSULE_DIRECTIONS,
    DEFAULT_LIQUID_DIRECTIONS as DEFAULT_LIQUID_DIRECTIONS,
    capsule_report,
    capsule_title,
    capsules_text,
    liquid_report,
)
from ldn_desktop.core.compounding.report_json import capsule_batch_json, liquid_batch_json
from ldn_desktop.core.dates import format_day
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import format_quantity


@dataclass(frozen=True, slots=True)
class RecordDetails:
    """What the pharmacist adds to a calculation to release it."""

    preparer: str
    checker: str
    patient_id: str | None = None
    patient_name: str = ""
    prescription: str = ""
    prescriber: str = ""
    directions: str = ""
    ingredients: tuple[Ingredient, ...] = ()
    notes: str = ""


def record_warnings(details: RecordDetails, has_expiry: bool) -> tuple[str, ...]:
    """What the record must say when the components cannot be traced (§7.1, §7.4 item 6).

    Without any component expiry the BUD is the rule's full length, unchecked against the
    components; without any lot the batch cannot be traced to what was used.
    """
    found = []
    expiry = has_expiry or any(item.expires_on for item in details.ingredients)
    if not expiry:
        found.append(
            "No component expiry was entered: the beyond-use date is the rule's full length and "
            "was not checked against the expiry of the drug or the filler (§7.1)."
        )
    if not any(item.lot.strip() for item in details.ingredients):
        found.append("No component lot was entered: the record cannot trace what was used (§7.4).")
    return tuple(found)


def _checked(details: RecordDetails) -> RecordDetails:
    return RecordDetails(
        preparer=validate_initials(details.preparer, "preparer", "Prepared by"),
        checker=validate_initials(details.checker, "checker", "Checked by"),
        patient_id=details.patient_id,
        patient_name=validate_text(details.patient_name, "patient", "Patient", 200),
        prescription=validate_text(details.prescription, "prescription", "Prescription", 100),
        prescriber=validate_text(details.prescriber, "prescriber", "Prescriber", 200),
        directions=validate_text(details.directions, "directions", "Directions", 500),
        ingredients=details.ingredients,
        notes=validate_text(details.notes, "notes", "Notes", 4000),
    )


def _past_bud_warning(bud: date, today: date) -> tuple[str, ...]:
    if not past_bud(bud, today):
        return ()
    return (
        f"The beyond-use date ({format_day(bud)}) had passed when this record was released "
        f"({format_day(today)}): do not dispense this batch; check the compounding date (§7.1).",
    )


def check_release_date(compounded_on: date, today: date | None = None) -> None:
    """Refuse a compounding date after ``today`` (default: the computer's date) for a release
    (InputError on the ``date`` field; see the module docstring)."""
    today = date.today() if today is None else today
    if compounded_on > today:
        raise InputError(
            f"Compounding date: {format_day(compounded_on)} is after today ({format_day(today)}). "
            "A record is released for a batch already made, and its beyond-use date counts from "
            "this date: check the date.",
            "date",
        )


def _draft(
    kind: RecordKind,
    title: str,
    details: RecordDetails,
    default_directions: str,
    report: CompoundingReport,
    has_expiry: bool,
    today: date | None,
    **batch: Any,
) -> RecordDraft:
    """The record draft shared by both kinds: the batch's fields plus the checked details."""
    today = date.today() if today is None else today
    check_release_date(batch["compounded_on"], today)
    checked = _checked(details)
    return RecordDraft(
        report=report.with_warnings(
            *record_warnings(checked, has_expiry), *_past_bud_warning(batch["bud"], today)
        ),
        kind=kind,
        title=title,
        preparer=checked.preparer,
        checker=checked.checker,
        app_version=__version__,
        patient_id=checked.patient_id,
        patient_name=checked.patient_name,
        prescription=checked.prescription,
        prescriber=checked.prescriber,
        directions=checked.directions or default_directions,
        ingredients=checked.ingredients,
        notes=checked.notes,
        **batch,
    )


def capsule_record_draft(
    batch: CapsuleBatch, details: RecordDetails, *, today: date | None = None
) -> RecordDraft:
    """A draft of the record for a capsule batch; label and dispense the prescribed count (§5).
    ``today``: see ``check_release_date``."""
    inputs = batch.inputs
    if not batch.plan_possible:
        raise InputError(f"No weighing plan is possible: {batch.plan_problem}.")
    return _draft(
        "capsules",
        capsule_title(inputs),
        details,
        DEFAULT_CAPSULE_DIRECTIONS,
        capsule_report(batch),
        bool(inputs.expiries),
        today,
        compounded_on=inputs.compounded_on,
        quantity_label=capsules_text(inputs.quantity),
        inputs=capsule_input_json(inputs),
        result=capsule_batch_json(batch),
        bud=batch.beyond_use.bud,
        storage=batch.beyond_use.storage,
        rules_version=batch.rules_version,
    )


def liquid_record_draft(
    batch: LiquidBatch, details: RecordDetails, *, today: date | None = None
) -> RecordDraft:
    """A draft of the record for an oral liquid. ``today``: see ``check_release_date``."""
    inputs = batch.inputs
    report = liquid_report(batch)
    return _draft(
        "liquid",
        liquid_title(batch),
        details,
        report.directions,
        report,
        bool(inputs.expiries),
        today,
        compounded_on=inputs.compounded_on,
        quantity_label=format_quantity(inputs.volume, 2),
        inputs=liquid_input_json(inputs),
        result=liquid_batch_json(batch),
        bud=batch.beyond_use.bud,
        storage=batch.storage,
        rules_version=batch.rules_version,
    )
