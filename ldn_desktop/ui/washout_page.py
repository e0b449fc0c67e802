"""The Washout page: the patient's opioid history → earliest safe naltrexone/LDN start (issue 4).

Medication rows (completion over every table name, brands too), formulation, last dose / patch
removal / still taking, the planned start, an optional time zone and the screening answers. The
result (``core.washout.check_washout``) updates as you type; "Use as titration start" hands a date
to the Titration page (``start_date_chosen``); assessments are saved with the patient.

The date handed over is the first whole day at or after the earliest start (a date-only start
counts as 00:00, washout.md §5 step 4), or the planned start's day when that is later.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.washout import (
    Status,
    UrineScreen,
    WashoutRequest,
    WashoutResult,
    check_washout,
    request_from_json,
    request_to_json,
    result_to_json,
    shipped_reference,
)
from ldn_desktop.storage.washout import (
    SavedAssessment,
    first_clear_day,
    list_assessments,
    save_assessment,
)
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page
from ldn_desktop.ui.washout.history import HistoryPanel
from ldn_desktop.ui.washout.med_rows import MedicationList
from ldn_desktop.ui.washout.result_view import ResultView
from ldn_desktop.ui.washout.screening import ScreeningForm
from ldn_desktop.ui.washout.summary import summary_html

NO_START = {Status.REFER_SPECIALIST, Status.UNKNOWN_VERIFY}


class WashoutPage(Page):
    """Signal: start_date_chosen(datetime.date) — "Use as titration start"."""

    title = "Washout"
    start_date_chosen = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.tables = shipped_reference()
        self.request: WashoutRequest | None = None
        self.result: WashoutResult | None = None
        self.meds = MedicationList(self.tables.display_names)
        self.result_view = ResultView()
        self.history = HistoryPanel()
        self._build()
        self.meds.add_row()
        self.meds.changed.connect(self.recalculate)
        self.result_view.suggestion_chosen.connect(self.choose_suggestion)
        self.history.assessment_chosen.connect(self.show_saved)
        self.set_patient(context.current_patient_id)

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.screening = ScreeningForm()
        self.start, self.tz = self.screening.start, self.screening.tz
        meds_box = QGroupBox("Opioid history and other medications")
        QVBoxLayout(meds_box).addWidget(self.meds)
        self.use_button = QPushButton("Use as titration start")
        self.save_button = QPushButton("Save assessment")
        self.print_button = QPushButton("Print summary…")
        self.pdf_button = QPushButton("Export PDF…")
        buttons = QHBoxLayout()
        for button in (self.use_button, self.save_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.patient_note = QLabel()
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(QLabel("<h2>Washout</h2>"))
        column.addWidget(self.patient_note)
        for part in (meds_box, self.screening):
            column.addWidget(part)
        column.addLayout(buttons)
        column.addWidget(self.result_view)
        column.addWidget(self.history)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(content)
        QVBoxLayout(self).addWidget(scroll)
        self.screening.changed.connect(self.recalculate)
        self.use_button.clicked.connect(self.use_as_titration_start)
        self.save_button.clicked.connect(self.save_current)
        self.print_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self.export_pdf)

    # -- the check --------------------------------------------------------------------------------

    def _read_request(self) -> WashoutRequest:
        try:
            meds = self.meds.medications()
        finally:
            start, tz, screening = self.screening.read()
        return WashoutRequest(meds, start, tz, screening)

    def recalculate(self) -> None:
        """Re-run the check from the form; invalid fields withhold the result."""
        try:
            self.request = self._read_request()
            self.result = check_washout(self.request, self.tables)
        except InputError as exc:
            self.request = self.result = None
            self.result_view.show_message(f"No result until the marked field is fixed: {exc}")
        else:
            self.result_view.show_result(self.result)
        self._update_buttons()

    def start_date(self) -> date | None:
        """The date "Use as titration start" hands over (see the module docstring).

        None while anything blocks a date: an unknown name, depot buprenorphine, a drug still
        being taken or without a last dose, or a screening answer that overrides the dates.
        """
        result, request = self.result, self.request
        if result is None or request is None or result.status in NO_START:
            return None
        screening = request.screening
        if (
            screening.urine_screen == UrineScreen.POSITIVE
            or screening.withdrawal_now
            or (screening.naloxone_failed)
        ):
            return None
        if any(
            d.status in NO_START or (d.status is Status.NOT_CLEAR and d.earliest_start is None)
            for d in result.drugs
        ):
            return None
        planned_day = result.planned_start.date()
        if result.earliest_start is None:
            return planned_day
        return max(planned_day, first_clear_day(result.earliest_start))

    def _update_buttons(self) -> None:
        day = self.start_date()
        self.use_button.setEnabled(day is not None)
        self.use_button.setText(
            f"Use {day.isoformat()} as titration start" if day else "Use as titration start"
        )
        has_patient = self.context.current_patient_id is not None
        self.save_button.setEnabled(
            self.result is not None and has_patient and not self.context.read_only
        )
        self.print_button.setEnabled(self.result is not None)
        self.pdf_button.setEnabled(self.result is not None)

    def choose_suggestion(self, typed: str, name: str) -> None:
        """A suggestion was clicked: it replaces the typed name in its row."""
        for row in self.meds.rows:
            if row.name_edit.text().strip() == typed:
                row.name_edit.setText(name)
                return

    # -- actions --------------------------------------------------------------------------------

    def use_as_titration_start(self) -> None:
        day = self.start_date()
        if day is None:
            return
        if self.context.current_patient_id and not self.context.read_only:
            self.save_current()
        self.start_date_chosen.emit(day)
        self.context.post_status(
            f"Titration start set to {day.isoformat()} from the washout check."
        )

    def save_current(self) -> SavedAssessment | None:
        patient = self.context.current_patient_id
        if self.request is None or self.result is None or patient is None:
            return None
        try:
            saved = save_assessment(
                self.context.store,
                patient,
                request_to_json(self.request),
                result_to_json(self.result),
                datetime.now(UTC),
            )
        except LdnError as exc:
            messages.show_error(self, exc)
            return None
        self._load_history(patient)
        self.context.data_changed.emit(f"washout:{patient}")
        self.context.post_status("Washout assessment saved.")
        return saved

    def show_saved(self, saved: SavedAssessment) -> None:
        """Put an earlier assessment's inputs back in the form (its result is recomputed)."""
        try:
            request = request_from_json(saved.inputs)
        except (InputError, KeyError, TypeError) as exc:
            messages.show_error(self, f"That assessment cannot be shown: {exc}")
            return
        self._fill(request)
        when = saved.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        self.patient_note.setText(
            f"Showing the assessment saved {when} (saved status: {saved.status})."
        )

    def _fill(self, request: WashoutRequest) -> None:
        self.meds.blockSignals(True)
        self.meds.set_medications(request.medications)
        self.meds.blockSignals(False)
        self.screening.fill(request)
        self.recalculate()

    # -- patient ----------------------------------------------------------------------------------

    def _load_history(self, patient_id: str) -> list[SavedAssessment]:
        try:
            saved = list_assessments(self.context.store, patient_id)
        except LdnError as exc:
            self.history.set_assessments([], str(exc))
            return []
        self.history.set_assessments(saved)
        return saved

    def set_patient(self, patient_id: str | None) -> None:
        self.history.setVisible(patient_id is not None)
        saved = self._load_history(patient_id) if patient_id else []
        if saved:
            self.show_saved(saved[-1])
        else:
            self.patient_note.setText(
                "Choose a patient to save assessments." if patient_id is None else ""
            )
            self.meds.set_medications([])
        self.recalculate()

    # -- printing ---------------------------------------------------------------------------------

    def can_print(self) -> bool:
        return self.result is not None

    def summary_html(self) -> str:
        if self.request is None or self.result is None:
            raise InputError("Nothing to print: complete the washout check first.")
        return summary_html(self.context, self.tables, self.request, self.result)

    def print_preview(self) -> None:
        from ldn_desktop.reports.printing import preview

        if self.can_print():
            preview(self, self.summary_html(), title="Washout summary")

    def write_pdf(self, path: Path) -> Path:
        from ldn_desktop.reports.printing import write_pdf

        return write_pdf(self.summary_html(), path, title="Washout summary")

    def export_pdf(self) -> None:
        if not self.can_print():
            return
        name, _ = QFileDialog.getSaveFileName(
            self, "Export washout summary", str(Path.home() / "washout-summary.pdf"), "PDF (*.pdf)"
        )
        if name:
            try:
                self.write_pdf(Path(name))
            except OSError as exc:
                messages.show_error(self, f"Could not write the PDF: {exc}")
            else:
                self.context.post_status(f"Saved {name}")


__all__ = ["WashoutPage"]
