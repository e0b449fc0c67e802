"""Turn a calculated batch and the pharmacist's details into a compounding-record draft (§7.4)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ldn_desktop import __version__
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
from ldn_desktop.core.compounding.report_json import (
    capsule_batch_json,
    capsule_title,
    liquid_batch_json,
)
from ldn_desktop.core.units.quantities import format_quantity

DEFAULT_CAPSULE_DIRECTIONS = "Take 1 capsule by mouth at bedtime, or as directed by the prescriber."
DEFAULT_LIQUID_DIRECTIONS = "Shake well. Measure the dose with an oral syringe, or as directed."


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


def _draft(
    kind: RecordKind, title: str, details: RecordDetails, default_directions: str, **batch: Any
) -> RecordDraft:
    """The record draft shared by both kinds: the batch's fields plus the checked details."""
    checked = _checked(details)
    return RecordDraft(
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


def capsule_record_draft(batch: CapsuleBatch, details: RecordDetails) -> RecordDraft:
    """A draft of the record for a capsule batch; label and dispense the prescribed count (§5)."""
    inputs = batch.inputs
    return _draft(
        "capsules",
        capsule_title(inputs),
        details,
        DEFAULT_CAPSULE_DIRECTIONS,
        compounded_on=inputs.compounded_on,
        quantity_label=f"{inputs.quantity} capsules",
        inputs=capsule_input_json(inputs),
        result=capsule_batch_json(batch),
        bud=batch.beyond_use.bud,
        storage=batch.beyond_use.storage,
        rules_version=batch.rules_version,
    )


def liquid_record_draft(batch: LiquidBatch, details: RecordDetails) -> RecordDraft:
    """A draft of the record for an oral liquid."""
    inputs = batch.inputs
    return _draft(
        "liquid",
        liquid_title(batch),
        details,
        DEFAULT_LIQUID_DIRECTIONS,
        compounded_on=inputs.compounded_on,
        quantity_label=format_quantity(inputs.volume, 2),
        inputs=liquid_input_json(inputs),
        result=liquid_batch_json(batch),
        bud=batch.beyond_use.bud,
        storage=batch.storage,
        rules_version=batch.rules_version,
    )
