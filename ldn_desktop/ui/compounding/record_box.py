"""Who made and checked the batch, for whom, and the component lots (compounding record, §7.4)."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from ldn_desktop.core.compounding import (
    DEFAULT_CAPSULE_DIRECTIONS,
    CompoundingRecord,
    Ingredient,
    RecordDetails,
    validate_initials,
    validate_text,
)
from ldn_desktop.core.errors import InputError
from ldn_desktop.ui.compounding.fields import text_field
from ldn_desktop.ui.plain_text import plain
from ldn_desktop.ui.widgets import ValidatedField


class RecordBox(QGroupBox):
    """The record's people, prescription, directions and component lots."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Compounding record", parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.patient_id: str | None = None
        self.patient = plain(QLabel("— (choose a patient in the patient bar, or leave blank)"))
        self.patient.setWordWrap(True)
        form.addRow("Patient", self.patient)
        self.preparer = ValidatedField(
            text_field("Prepared by", "initials", 8),
            lambda t: validate_initials(t, "preparer", "Prepared by"),
        )
        self.checker = ValidatedField(
            text_field("Checked by", "initials", 8),
            lambda t: validate_initials(t, "checker", "Checked by"),
        )
        form.addRow("Prepared by", self.preparer)
        form.addRow("Checked by", self.checker)
        self.prescription = text_field("Prescription number", "Rx number", 100)
        self.prescriber = text_field("Prescriber", "", 200)
        self.directions = text_field("Directions", DEFAULT_CAPSULE_DIRECTIONS, 500)
        self.drug_vendor = text_field("Drug vendor", "manufacturer or supplier", 200)
        self.drug_lot = text_field("Drug lot", "lot number", 100)
        self.filler_vendor = text_field("Filler vendor", "", 200)
        self.filler_lot = text_field("Filler lot", "lot number", 100)
        self.notes = text_field("Notes", "deviations, QC results", 2000)
        for label, editor in (
            ("Prescription", self.prescription),
            ("Prescriber", self.prescriber),
            ("Directions", self.directions),
            ("Drug vendor", self.drug_vendor),
            ("Drug lot", self.drug_lot),
            ("Filler vendor", self.filler_vendor),
            ("Filler lot", self.filler_lot),
            ("Notes", self.notes),
        ):
            form.addRow(label, editor)
        self._patient_name = ""

    def set_patient(self, patient_id: str | None, name: str) -> None:
        self.patient_id = patient_id
        self._patient_name = name
        self.patient.setText(name or "— (choose a patient in the patient bar, or leave blank)")

    def details(
        self, drug_name: str, filler_name: str, drug_expiry: date | None, filler_expiry: date | None
    ) -> RecordDetails:
        """The details, validated (marks the preparer/checker fields; raises InputError)."""
        problems = []
        for field in (self.preparer, self.checker):
            try:
                field.value()
            except InputError as exc:
                problems.append(exc)
        if problems:
            raise problems[0]
        ingredients = (
            Ingredient(
                drug_name,
                self.drug_vendor.text().strip(),
                self.drug_lot.text().strip(),
                drug_expiry,
            ),
            Ingredient(
                filler_name,
                self.filler_vendor.text().strip(),
                self.filler_lot.text().strip(),
                filler_expiry,
            ),
        )
        return RecordDetails(
            preparer=self.preparer.text(),
            checker=self.checker.text(),
            patient_id=self.patient_id,
            patient_name=self._patient_name,
            prescription=validate_text(self.prescription.text(), "prescription", "Prescription"),
            prescriber=self.prescriber.text(),
            directions=self.directions.text(),
            ingredients=ingredients,
            notes=self.notes.text(),
        )

    def load(self, record: CompoundingRecord) -> None:
        draft = record.draft
        self.set_patient(draft.patient_id, draft.patient_name)
        self.preparer.set_text(draft.preparer)
        self.checker.set_text(draft.checker)
        self.prescription.setText(draft.prescription)
        self.prescriber.setText(draft.prescriber)
        self.directions.setText(draft.directions)
        items = [*list(draft.ingredients), Ingredient(""), Ingredient("")]
        self.drug_vendor.setText(items[0].vendor)
        self.drug_lot.setText(items[0].lot)
        self.filler_vendor.setText(items[1].vendor)
        self.filler_lot.setText(items[1].lot)
        self.notes.setText(draft.notes)

    def clear_batch_fields(self) -> None:
        """A new batch (or another patient): nothing of the previous prescription or lots stays."""
        for editor in (
            self.prescription,
            self.prescriber,
            self.directions,
            self.drug_lot,
            self.filler_lot,
            self.notes,
        ):
            editor.clear()
        self.preparer.set_text("")
        self.checker.set_text("")
        self.preparer.clear_error()
        self.checker.clear_error()

    def set_read_only(self, read_only: bool) -> None:
        for editor in self.findChildren(QLineEdit):
            editor.setReadOnly(read_only)
