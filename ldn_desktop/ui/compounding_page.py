"""The Compounding page: capsule batch calculator, compounding records, worksheet and label.

The form (left) is recalculated as it is edited; a field that is not accepted shows its message
underneath and no result is shown. Saving releases a compounding record (lot ``YYYYMMDD-NN``); the
records list (right, second tab) reopens one read-only, from which a correction can be started.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QFileDialog,
    QInputDialog,
    QLineEdit,
    QWidget,
)

from ldn_desktop.core.compounding import (
    CapsuleBatch,
    CompoundingRecord,
    LiquidBatch,
    RecordDraft,
    calculate_capsule_batch,
    calculate_liquid,
    capsule_batch_json,
    capsule_input_from_json,
    capsule_record_draft,
    capsule_report,
    compounding_reference,
    decimal_of,
    liquid_batch_json,
    liquid_input_from_json,
    liquid_record_draft,
    liquid_report,
)
from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.units import Quantity
from ldn_desktop.storage.pharmacy import CompoundingRecords
from ldn_desktop.storage.settings import pharmacy_balance
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.compounding.capsule_form import CapsuleForm
from ldn_desktop.ui.compounding.fields import READ_ONLY_STYLE
from ldn_desktop.ui.compounding.liquid_form import LiquidForm
from ldn_desktop.ui.compounding.page_layout import build_page_layout
from ldn_desktop.ui.compounding.print_actions import CompoundingPrinter
from ldn_desktop.ui.compounding.record_box import RecordBox
from ldn_desktop.ui.compounding.records_loader import RecordsLoader
from ldn_desktop.ui.compounding.records_panel import RecordsPanel
from ldn_desktop.ui.compounding.release_dialog import confirm_release
from ldn_desktop.ui.compounding.results_panel import INTRO, ResultsPanel
from ldn_desktop.ui.page import Page


class CompoundingPage(Page):
    """Turns a prescription into exact weighings, a compounding record, a worksheet and a label."""

    title = "Compounding"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        mark = context.decimal_mark
        self.batch: CapsuleBatch | LiquidBatch | None = None
        self.record: CompoundingRecord | None = None
        self.replaces: str | None = None
        self.printer = CompoundingPrinter(self)
        self.form = CapsuleForm(mark, compounding_reference())
        self.liquid_form = LiquidForm(mark)
        self.record_box = RecordBox()
        self.results = ResultsPanel(mark)
        self.records = RecordsPanel(context.decimal_mark)
        self.records_loader = RecordsLoader(context.store, self)
        self._releasing = False  # this page's own release is being announced (data_changed)
        self._records_read = False  # the list holds every record of the folder
        self._timer = QTimer(self, singleShot=True, interval=250)
        build_page_layout(self)
        defaults = context.settings().get("defaults", {})
        self.form.apply_defaults(defaults)
        self.liquid_form.balance = pharmacy_balance(defaults)
        self._timer.timeout.connect(self._calculate_as_typed)
        self.form.edited.connect(self._timer.start)
        self.liquid_form.edited.connect(self._timer.start)
        self.form_tabs.currentChanged.connect(lambda _index: self.calculate())
        self.records.opened.connect(self.open_record)
        self.records_loader.loaded.connect(self._records_loaded)
        context.data_changed.connect(self._data_changed)
        context.settings_changed.connect(self._settings_changed)
        self.set_patient(context.current_patient_id)
        self.refresh_records()
        self._update_state()

    # -- calculating --------------------------------------------------------------------------

    def calculate(self) -> None:
        """Recalculate from the form; invalid input shows its message and no result."""
        self._timer.stop()
        if self.record is not None:
            return
        form = self.liquid_form if self.is_liquid() else self.form
        try:
            if self.is_liquid():
                self.batch = calculate_liquid(self.liquid_form.inputs())
            else:
                self.batch = calculate_capsule_batch(self.form.inputs())
        except InputError as exc:
            self.batch = None
            shown = form.show_error(exc)
            self.results.clear(
                "Fix the field marked in the form to see the weighings." if shown else f"⚠ {exc}"
            )
        else:
            if isinstance(self.batch, LiquidBatch):
                self.results.show_report(liquid_report(self.batch), liquid_batch_json(self.batch))
            else:
                self.results.show_report(capsule_report(self.batch), capsule_batch_json(self.batch))
        self._update_state()

    def _calculate_as_typed(self) -> None:
        """Typing recalculates; an untouched prescription shows the prompt, not "required"."""
        blank = not self.is_liquid() and not any(
            self.form.fields[key].text().strip() for key in ("strength", "quantity")
        )
        if not blank or self.record is not None:
            self.calculate()
            return
        for field in self.form.fields.values():
            field.clear_error()
        self.batch = None
        self.results.clear(INTRO)
        self._update_state()

    def apply_preset(self, mg: Decimal) -> None:
        if self.record is not None:
            self.new_batch()
        self.form_tabs.setCurrentIndex(0)
        self.form.set_strength(mg)
        self.calculate()

    def prefill(self, strength: Quantity, quantity: int) -> None:
        """From the titration page: a strength (pint Quantity in mg) and a capsule count."""
        if self.record is not None:
            self.new_batch()
        self.form_tabs.setCurrentIndex(0)
        self.form.set_strength(decimal_of(strength, "mg"))
        self.form.fields["quantity"].set_text(str(int(quantity)))
        self.calculate()

    # -- records ------------------------------------------------------------------------------

    def _repository(self) -> CompoundingRecords:
        return CompoundingRecords(self.context.store)

    def _replaced_by(self, lot: str) -> str | None:
        """The correction of ``lot``: from the list when this window writes the folder (as
        ``open_record``), else (or while the list is being read) read again."""
        if self.context.read_only or not self._records_read:
            return self._repository().replaced_by(lot)
        return self.records.replaced_by(lot)

    def refresh_records(self) -> None:
        """Read every record for the list: now, or on a thread when there are many
        (``records_loader``); the list says it is reading until they are read."""
        self._records_read = False
        self.records.set_reading(True)
        with messages.busy():
            self.records_loader.start()

    def _records_loaded(self, number: int, result: list[CompoundingRecord] | Exception) -> None:
        if number != self.records_loader.latest:  # a later reading was started: its turn
            return
        self.records.set_reading(False)
        if isinstance(result, Exception):
            self.records.set_records([])
            self.banner.setText(f"⚠ Records could not be read: {escape(str(result))}")
            if not isinstance(result, (LdnError, OSError)):
                raise result  # a defect found on the thread: reported as any other
            return
        self.records.set_records(result)
        self._records_read = True

    def _settings_changed(self) -> None:
        """A new balance in the settings applies to the next calculation (not to saved records)."""
        defaults = self.context.settings().get("defaults", {})
        self.liquid_form.balance = pharmacy_balance(defaults)
        if self.record is None:
            self.form.apply_balance(defaults)
            self.calculate()

    def _data_changed(self, what: str) -> None:
        if what == "compounding" and not self._releasing:  # a restore, an import: read again
            self.refresh_records()

    def save_record(self) -> None:
        """Release the current calculation as a compounding record."""
        self.calculate()
        if self.batch is None or self.record is not None or self.label_refused():
            return
        try:
            draft = self._draft()
        except InputError as exc:
            self.tabs.setCurrentIndex(0)
            self._show_draft_error(exc)
            return
        reason = ""
        if self.replaces is not None:
            reason = self.ask_reason()
            if not reason:
                return
        if not self.ask_release(draft):
            return
        try:
            with messages.busy():
                record = self._repository().release(draft, replaces=self.replaces, reason=reason)
        except LdnError as exc:
            messages.show_error(self, exc)
            return
        # the list takes the record as saved: this window holds the folder's lock, so no one
        # else added one since the list was read (reading 2,000 records again took ~0.6 s)
        if self._records_read:
            self.records.set_records([*self.records.records, record])
        else:  # the last reading failed: the list is not the folder's
            self.refresh_records()
        self._releasing = True
        try:
            self.context.data_changed.emit("compounding")
        finally:
            self._releasing = False
        self.context.post_status(f"Saved compounding record {record.lot}.")
        self.open_record(record.lot)

    # -- unsaved work (Page protocol: asked before quitting or choosing another patient) ------

    def has_unsaved_changes(self) -> bool:
        """A batch record being prepared (details typed, or a correction started), not released."""
        if self.record is not None or self.context.read_only:
            return False
        box = self.record_box
        editors = (box.prescription, box.drug_lot, box.filler_lot, box.notes)
        typed = any(e.text().strip() for e in editors) or any(
            f.text().strip() for f in (box.preparer, box.checker)
        )
        return typed or self.replaces is not None

    def unsaved_summary(self) -> str:
        return "Compounding: the batch record being prepared is not saved"

    def save_changes(self) -> bool:
        self.save_record()
        return self.record is not None

    def discard_changes(self) -> None:
        self.new_batch()

    def is_liquid(self) -> bool:
        return self.form_tabs.currentIndex() == 1

    def _draft(self) -> RecordDraft:
        """The record draft of the current calculation (validates the record fields)."""
        batch = self.batch
        assert batch is not None
        expiries = {e.component: e.expires_on for e in batch.inputs.expiries}
        drug_expiry = next((d for c, d in expiries.items() if c != "filler"), None)
        if isinstance(batch, LiquidBatch):
            drug = "Naltrexone HCl API" if batch.inputs.source else "Naltrexone HCl tablets"
            details = self.record_box.details(drug, "Vehicle", drug_expiry, None)
            return liquid_record_draft(batch, details)
        details = self.record_box.details(
            batch.drug_name, batch.filler_name, drug_expiry, expiries.get("filler")
        )
        return capsule_record_draft(batch, details)

    def _show_draft_error(self, error: InputError) -> None:
        """A record that cannot be drafted: the message under its field (the initials mark
        themselves when read), or in a message box when no field shows it."""
        if error.field in ("preparer", "checker"):
            return
        form = self.liquid_form if self.is_liquid() else self.form
        if not form.show_error(error):
            messages.show_error(self, error)

    def ask_release(self, draft: RecordDraft) -> bool:
        """Confirm the release, showing what will be signed (tests replace this)."""
        return confirm_release(self, draft, self.context.decimal_mark)

    def ask_reason(self) -> str:
        """Why this correction is made (tests replace this)."""
        text, ok = QInputDialog.getText(
            self, "Correction", f"Why does this record replace lot {self.replaces}?"
        )
        return text.strip() if ok else ""

    def open_record(self, lot: str) -> None:
        """Show a released record read-only, exactly as it was saved.

        From the list when this window writes the folder: it was read after the last change
        (``refresh_records``) and the folder's lock keeps every other writer out, whereas
        reading ``pharmacy.json`` again took ~0.8 s with 2,000 records. Read-only, another
        program may have added records since, and while the list is being read (a restore, an
        import) it may be out of date: read them again."""
        listed = self._records_read and not self.context.read_only
        record = self.records.record(lot) if listed else None
        if record is None:
            try:
                record = self._repository().get(lot)
            except LdnError as exc:
                messages.show_error(self, exc)
                return
        self.record, self.batch, self.replaces = record, None, None
        liquid = record.draft.kind == "liquid"
        self.form_tabs.blockSignals(True)
        self.form_tabs.setCurrentIndex(1 if liquid else 0)
        self.form_tabs.blockSignals(False)
        try:
            if liquid:
                self.liquid_form.load(liquid_input_from_json(record.draft.inputs))
            else:
                self.form.load(capsule_input_from_json(record.draft.inputs))
        except (InputError, KeyError, ValueError, TypeError):
            self.banner.setText("The saved inputs cannot be shown in this version.")
        self.record_box.load(record)
        self._set_read_only(True)
        self.results.show_report(record.draft.report, record.draft.result, f"Lot {record.lot}")
        self.tabs.setCurrentIndex(0)
        self._update_state()

    def new_batch(self) -> None:
        """A new batch: the recipe stays, the prescription, people and lots are cleared."""
        self._leave_record()
        self.record_box.clear_batch_fields()
        self.calculate()

    def _leave_record(self) -> None:
        self.record, self.replaces = None, None
        self._set_read_only(False)
        self.record_box.set_patient(*self._patient())

    def start_correction(self) -> None:
        """A correction keeps every field of the record it corrects (to be edited)."""
        if self.record is None:
            return
        lot = self.record.lot
        self._leave_record()
        self.replaces = lot
        self.calculate()

    def _set_read_only(self, read_only: bool) -> None:
        if read_only and not self.styleSheet():
            # released fields look read-only, not just refuse keys; set with the first record
            # shown: on the page from the start, it made Qt polish and draw every widget of it
            # through its style-sheet style (~12 ms of the page's first opening, issue 14)
            self.setStyleSheet(READ_ONLY_STYLE)
        self.form.set_read_only(read_only)
        self.liquid_form.set_read_only(read_only)
        self.form_tabs.tabBar().setEnabled(not read_only)
        self.record_box.set_read_only(read_only)
        for button in self.presets:
            button.setEnabled(not read_only)
        for editor in [*self.findChildren(QLineEdit), *self.findChildren(QAbstractSpinBox)]:
            editor.style().unpolish(editor)  # restyle: [readOnly="true"] is dynamic
            editor.style().polish(editor)

    # -- patient, state, printing -------------------------------------------------------------

    def _patient(self) -> tuple[str | None, str]:
        patient_id = self.context.current_patient_id
        if patient_id is None:
            return None, ""
        try:
            return patient_id, self.context.patients.get(patient_id).name
        except LdnError:
            return None, ""

    def set_patient(self, patient_id: str | None) -> None:
        """Another patient: their record starts without the previous patient's Rx or lots."""
        if self.record is None:
            previous = self.record_box.patient_id
            self.record_box.set_patient(*self._patient())
            if previous != self.record_box.patient_id:
                self.record_box.clear_batch_fields()

    def label_refused(self) -> str | None:
        """Why this calculation may not give a label or a record (the core's word on the
        liquid's dose: ``LiquidBatch.label_refused``); None when it may."""
        if self.record is None and isinstance(self.batch, LiquidBatch):
            return self.batch.label_refused
        return None

    def _update_state(self) -> None:
        has_result = self.results.result is not None
        editable = self.record is None
        plan = not isinstance(self.batch, CapsuleBatch) or self.batch.plan_possible
        refused = self.label_refused()
        why = f"No label or record for this dose: {refused}" if refused else ""
        self.save_button.setEnabled(
            editable
            and self.batch is not None
            and plan
            and not refused
            and not self.context.read_only
        )
        for button in (self.print_button, self.export_button):
            button.setEnabled(has_result)
        for button in (self.label_button, self.export_label_button):
            button.setEnabled(has_result and not refused)
        for button in (self.save_button, self.label_button, self.export_label_button):
            button.setToolTip(why)
        self.calculate_button.setEnabled(editable)
        self.new_button.setVisible(not editable)
        self.correct_button.setVisible(not editable)
        if self.record is not None:
            replaced = self._replaced_by(self.record.lot)
            note = f" — replaced by {replaced}" if replaced else ""
            self.correct_button.setEnabled(not replaced and not self.context.read_only)
            self.banner.setText(
                f"Record <b>{escape(self.record.lot)}</b>: released, read-only{escape(note)}."
            )
        elif self.replaces is not None:
            self.banner.setText(
                f"Correcting lot <b>{escape(self.replaces)}</b>: save to release the correction."
            )
        else:
            self.banner.setText("")
        self.printer.report = self.results.report
        self.printer.record = self.record
        self.printer.pharmacy = self.context.settings().get("pharmacy", {})
        self.printer.directions = self.record_box.directions.text().strip()

    def can_print(self) -> bool:
        return self.results.result is not None

    def print_preview(self) -> None:
        if self.can_print():
            self._update_state()
            self.printer.preview_worksheet()

    def print_label(self) -> None:
        if self.can_print() and not self.label_refused():
            self._update_state()
            self.printer.preview_label()

    def ask_save_path(self, caption: str, suggested: str) -> Path | None:
        """Where to write a PDF (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(self, caption, suggested, "PDF (*.pdf)")
        return Path(path) if path else None

    def export_pdf(self) -> Path | None:
        return self._export("Export worksheet as PDF", "worksheet", self.printer.write_worksheet)

    def export_label_pdf(self) -> Path | None:
        if self.label_refused():
            return None
        return self._export("Export label as PDF", "label", self.printer.write_label)

    def _export(self, caption: str, what: str, write: Any) -> Path | None:
        if not self.can_print():
            return None
        self._update_state()
        path = self.ask_save_path(caption, self.printer.suggested_name(what))
        if path is None:
            return None
        try:
            written: Path = write(path)
        except OSError as exc:
            messages.show_error(self, f"Could not write {path.name}: {exc.strerror or exc}")
            return None
        self.context.post_status(f"Wrote {written}")
        return written
