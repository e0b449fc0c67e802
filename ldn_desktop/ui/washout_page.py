"""The Washout page: the patient's opioid history → earliest safe naltrexone/LDN start (issue 4).

Medication rows (completion over every table name, brands too), formulation, last dose / patch
removal / still taking, the planned start, an optional time zone and the screening answers. The
result (``core.washout.check_washout``) updates as you type; "Use as titration start" hands a date
to the Titration page (``start_date_chosen``); assessments are saved with the patient.

The date handed over is the start decision's default (``core.titration.titration_start``): the
latest of the planned start day, the first whole day at or after the earliest start (a date-only
start counts as 00:00, washout.md §5 step 4) and today; nothing is handed over while the check
blocks a start. Typing only schedules the check (a 150 ms debounce), so no keystroke waits for it.
While a result is shown the page looks at the clock each minute (``_clock_moved``): a last dose
entered after the check that has since passed is re-checked, and the start on the button follows
the date.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core import washout
from ldn_desktop.core.dates import format_day
from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.washout import WashoutRequest, people
from ldn_desktop.storage.washout import (
    SavedAssessment,
    list_assessments,
    save_assessment,
)
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page
from ldn_desktop.ui.washout.history import HistoryPanel
from ldn_desktop.ui.washout.med_rows import MedicationList
from ldn_desktop.ui.washout.result_view import EMPTY_MESSAGE, ResultView
from ldn_desktop.ui.washout.screening import ScreeningForm

if TYPE_CHECKING:
    from ldn_desktop.core.washout import ReferenceTables, WashoutResult

RECALCULATE_DELAY_MS = 150
CLOCK_TICK_MS = 60_000  # how often a result that depends on the time of day looks at the clock


class WashoutPage(Page):
    """Signal: start_date_chosen(datetime.date) — "Use as titration start"."""

    title = "Washout"
    start_date_chosen = Signal(object)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.request: WashoutRequest | None = None
        self.result: WashoutResult | None = None
        self.meds = MedicationList(lambda: self.tables.display_names)
        self.result_view = ResultView()
        self.history = HistoryPanel()
        self.pending = QTimer(self)  # typing schedules the check instead of running it per key
        self.pending.setSingleShot(True)
        self.pending.setInterval(RECALCULATE_DELAY_MS)
        self.pending.timeout.connect(self.recalculate)
        self.clock = QTimer(self)  # runs while a result is shown: see ``_clock_moved``
        self.clock.setInterval(CLOCK_TICK_MS)
        self.clock.timeout.connect(self._clock_moved)
        self._build()
        self.meds.changed.connect(self.schedule_recalculation)
        self.result_view.suggestion_chosen.connect(self.choose_suggestion)
        self.history.assessment_chosen.connect(self.show_saved)
        self.set_patient(context.current_patient_id)

    @cached_property
    def tables(self) -> ReferenceTables:
        """The opioid table, loaded for the first check or the first medication name typed (the
        page is the first one shown: an empty form needs no table)."""
        return washout.shipped_reference()

    # -- layout ---------------------------------------------------------------------------------

    def _build(self) -> None:
        self.screening = ScreeningForm()
        self.start, self.tz = self.screening.start, self.screening.tz
        meds_box = QGroupBox("Opioid history and other medications")
        self.no_meds = QCheckBox("No medications (confirmed with the patient)")
        self.no_meds.setToolTip("Check with no medication entered: nothing to wait for")
        meds_layout = QVBoxLayout(meds_box)
        meds_layout.addWidget(self.meds)
        meds_layout.addWidget(self.no_meds)
        self.use_button = QPushButton("Use as titration start")
        self.save_button = QPushButton("Save assessment")
        self.print_button = QPushButton("Print summary…")
        self.pdf_button = QPushButton("Export PDF…")
        buttons = QHBoxLayout()
        for button in (self.use_button, self.save_button, self.print_button, self.pdf_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.patient_note = QLabel()
        column = QVBoxLayout(self)  # the main window's page stack scrolls the page
        column.addWidget(QLabel("<h2>Washout</h2>"))
        column.addWidget(self.patient_note)
        for part in (meds_box, self.screening):
            column.addWidget(part)
        column.addLayout(buttons)
        column.addWidget(self.result_view)
        column.addWidget(self.history)
        column.addStretch(1)
        self.screening.changed.connect(self.schedule_recalculation)
        self.no_meds.toggled.connect(self.schedule_recalculation)
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

    def schedule_recalculation(self) -> None:
        """Typing restarts a short timer; the check runs once the typing pauses."""
        self.pending.start()

    def flush(self) -> None:
        """Run a scheduled check now (before acting on the result)."""
        if self.pending.isActive():
            self.pending.stop()
            self.recalculate()

    def recalculate(self) -> None:
        """Re-run the check from the form; invalid fields withhold the result."""
        self.pending.stop()
        try:
            self.request = self._read_request()
            empty = not self.request.medications and not self.no_meds.isChecked()
            self.result = None if empty else washout.check_washout(self.request, self.tables)
        except InputError as exc:
            self.request = self.result = None
            self.result_view.show_message(f"No result until the marked field is fixed: {exc}")
        else:
            if self.result is None:
                self.request = None
                self.result_view.show_hint(EMPTY_MESSAGE)  # never "Minimum interval met"
            else:
                self.result_view.show_result(self.result)
        if self.result is None:
            self.clock.stop()
        elif not self.clock.isActive():
            self.clock.start()
        self._update_buttons()

    def _clock_moved(self) -> None:
        """A result shown for a while can go stale two ways: a last dose or removal entered
        after the check has since passed (its flag and "(only once … has been taken)" must go:
        the core re-checks, statuses and dates stay), and the titration start on the button is
        never before today. Both are looked at each minute; the result view is redrawn only
        when a flag changed."""
        result, request = self.result, self.request
        if result is None or request is None or self.pending.isActive():
            return
        if any(drug.after_check for drug in result.drugs):
            fresh = washout.check_washout(request, self.tables)
            if [d.after_check for d in fresh.drugs] != [d.after_check for d in result.drugs]:
                self.result = fresh
                self.result_view.show_result(fresh)
        self._update_buttons()

    def start_date(self) -> date | None:
        """The date "Use as titration start" hands over (see the module docstring): None while
        the check blocks a start (core ``titration_start``)."""
        result, request = self.result, self.request
        if result is None or request is None:
            return None
        # imported here: the page is the first one shown, and the start decision (with the
        # titration schedule behind it) is needed only once a check has a result
        from ldn_desktop.core.titration import titration_start

        decision = titration_start(washout.assessment_of(request, result), today=date.today())
        return None if decision.blocked_because else decision.default_start

    def _update_buttons(self) -> None:
        day = self.start_date()
        self.use_button.setEnabled(day is not None)
        self.use_button.setText(
            f"Use {format_day(day)} as titration start" if day else "Use as titration start"
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
                self.recalculate()
                return

    # -- actions --------------------------------------------------------------------------------

    def use_as_titration_start(self) -> None:
        self.flush()
        day = self.start_date()
        if day is None:
            return
        if self.context.current_patient_id and not self.context.read_only:
            self.save_current()
        self.start_date_chosen.emit(day)
        self.context.post_status(
            f"Titration start set to {format_day(day)} from the washout check."
        )

    def save_current(self) -> SavedAssessment | None:
        self.flush()
        patient = self.context.current_patient_id
        if self.request is None or self.result is None or patient is None:
            return None
        try:
            saved = save_assessment(
                self.context.store,
                patient,
                washout.request_to_json(self.request),
                washout.result_to_json(self.result),
                datetime.now(UTC),
            )
        except LdnError as exc:
            messages.show_error(self, exc)
            return None
        self._load_history(patient)
        self._shown_request = self.request
        self.context.data_changed.emit(f"washout:{patient}")
        self.context.post_status("Washout assessment saved.")
        return saved

    def show_saved(self, saved: SavedAssessment) -> None:
        """Put an earlier assessment's inputs back in the form (its result is recomputed)."""
        try:
            request = washout.request_from_json(saved.inputs)
        except (InputError, KeyError, TypeError) as exc:
            messages.show_error(self, f"That assessment cannot be shown: {exc}")
            return
        self._fill(request)
        when = people(saved.saved_at.astimezone().replace(tzinfo=None))
        self.patient_note.setText(
            f"Showing the assessment saved {when} (saved status: {saved.status})."
        )
        self._shown_request = self.request

    def _fill(self, request: WashoutRequest) -> None:
        self.meds.blockSignals(True)
        self.meds.set_medications(request.medications)
        self.meds.blockSignals(False)
        self.no_meds.blockSignals(True)
        self.no_meds.setChecked(not request.medications)
        self.no_meds.blockSignals(False)
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
            self.no_meds.setChecked(False)
        self.recalculate()
        self._shown_request = self.request  # as opened: the unsaved-changes check

    # -- unsaved work (Page protocol: asked before quitting or choosing another patient) ------

    _shown_request: WashoutRequest | None = None

    def has_unsaved_changes(self) -> bool:
        """A complete check typed or changed for the patient and not saved as an assessment."""
        self.flush()
        if self.context.current_patient_id is None or self.context.read_only:
            return False
        return self.result is not None and self.request != self._shown_request

    def unsaved_summary(self) -> str:
        return "Washout: the check on screen is not saved as an assessment"

    def save_changes(self) -> bool:
        return self.save_current() is not None

    def discard_changes(self) -> None:
        self.set_patient(self.context.current_patient_id)

    # -- printing ---------------------------------------------------------------------------------

    def can_print(self) -> bool:
        self.flush()
        return self.result is not None

    def summary_html(self) -> str:
        if self.request is None or self.result is None:
            raise InputError("Nothing to print: complete the washout check first.")
        from ldn_desktop.ui.washout.summary import summary_html

        return summary_html(self.context, self.tables, self.request, self.result)

    def print_preview(self) -> None:
        from ldn_desktop.reports.printing import preview

        if self.can_print():
            preview(self, self.summary_html(), title="Washout summary")

    def write_pdf(self, path: Path) -> Path:
        from ldn_desktop.reports.printing import write_pdf

        return write_pdf(self.summary_html(), path, title="Washout summary")

    def export_pdf(self) -> None:
        from ldn_desktop.ui.washout.summary import export_summary_pdf

        if self.can_print():
            export_summary_pdf(self, self.write_pdf)


__all__ = ["WashoutPage"]
