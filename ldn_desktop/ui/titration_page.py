"""The Titration page: plan, month calendar, dispensing, version history, printing and exports.

Everything shown comes from one ``build_schedule`` list, so the screen, the printed calendar, the
dispensing counts and the side-effect log's planned dose agree (issue #5).
Signals: ``compounding_requested(Quantity, int)`` ("Send to compounding"), ``plan_saved(str)``.
Slot: ``set_start_date(date)`` (the Washout page's chosen start).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.titration import (
    Change,
    DoseTime,
    Plan,
    ScheduledDay,
    build_schedule,
    change_dose_time,
    default_start,
    hold,
    missed_dose_advice,
    plan_author,
    plan_summary,
    plan_warnings,
    step_back,
)
from ldn_desktop.storage.titration import load_versions, washout_earliest_start
from ldn_desktop.storage.washout import latest_assessment
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page
from ldn_desktop.ui.plain_text import plain
from ldn_desktop.ui.titration.calendar_view import CalendarPanel
from ldn_desktop.ui.titration.dispensing_panel import DispensingPanel
from ldn_desktop.ui.titration.history_panel import ChangesBox, HistoryBox
from ldn_desktop.ui.titration.plan_form import PlanForm
from ldn_desktop.ui.titration.printing import TitrationPrinting
from ldn_desktop.ui.titration.saving import PlanVersions
from ldn_desktop.ui.titration.undo import FormHistory

CALENDAR_DAYS = 366


class TitrationPage(Page):
    """Builds the titration calendar, prints it and tells the pharmacy how many capsules."""

    title = "Titration"
    compounding_requested = Signal(object, int)
    plan_saved = Signal(str)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.patient_id: str | None = None
        self.patient_name = ""
        self.unreadable = ""  # why the patient's saved plan could not be read (nothing is saved)
        self.plan: Plan | None = None
        self._shown_plan: Plan | None = None  # as opened: the unsaved-changes check
        self.days: tuple[ScheduledDay, ...] = ()
        mark = context.decimal_mark
        strengths = context.settings()["defaults"]["capsule_strengths_mg"]
        self.form = PlanForm(mark)
        self.changes = ChangesBox()
        self.dispensing = DispensingPanel(strengths, mark)
        self.calendar = CalendarPanel(mark)
        self.history = HistoryBox(mark)
        # errors quote what was typed; the summary has the reason for the start as typed
        self.status = plain(QLabel())
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Plan status")
        self.summary = plain(QLabel())
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Plan summary")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.missed_dose = QLabel(missed_dose_advice().text)
        self.missed_dose.setWordWrap(True)
        self.missed_dose.setAccessibleName("Missed dose advice")
        self.missed_dose.setToolTip(missed_dose_advice().source)
        self.save_button = QPushButton("Save plan…")
        self.months = QSpinBox()
        self.months.setRange(1, 12)
        self.months.setValue(3)
        self.months.setSuffix(" months")
        self.months.setAccessibleName("Months to print")
        self.pharmacist_copy = QCheckBox("Pharmacist copy")
        self.pharmacist_copy.setToolTip("Adds a page with the dispensing summary")
        self.reminders = QCheckBox("Daily reminders")
        self.reminders.setToolTip(
            "The .ics file also reminds the patient every day at the dose time"
        )
        self.preview_button = QPushButton("Print preview…")
        self.pdf_button = QPushButton("Export PDF…")
        self.ics_button = QPushButton("Export .ics…")
        self.csv_button = QPushButton("Export CSV…")
        self.printing = TitrationPrinting(self)
        self.versions = PlanVersions(self)
        self.undo_stack = QUndoStack(self)
        self.form_history = FormHistory(self.form, self.undo_stack)
        self._layout_widgets()
        self._connect()
        self.recalculate()

    def _layout_widgets(self) -> None:
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.addWidget(self.form)
        left_layout.addWidget(self.status)
        left_layout.addWidget(self.summary)
        left_layout.addWidget(self.save_button)
        left_layout.addWidget(self.changes)
        left_layout.addWidget(self.dispensing)
        left_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        left.setMinimumWidth(360)
        scroll.setWidget(left)
        output = QHBoxLayout()
        for widget in (self.months, self.preview_button, self.pdf_button, self.pharmacist_copy):
            output.addWidget(widget)
        output.addStretch(1)
        exports = QHBoxLayout()
        for widget in (self.ics_button, self.reminders, self.csv_button):
            exports.addWidget(widget)
        exports.addStretch(1)
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.calendar, 1)
        top_layout.addWidget(self.missed_dose)
        top_layout.addLayout(output)
        top_layout.addLayout(exports)
        right = QTabWidget()
        right.addTab(top, "Calendar")
        right.addTab(self.history, "Version history")
        self.tabs = right
        splitter = QSplitter()
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([470, 800])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    def _connect(self) -> None:
        self.form.edited.connect(self.recalculate)
        self.dispensing.compounding_requested.connect(self.compounding_requested)
        self.dispensing.changed.connect(self._on_dispensing_changed)
        self.save_button.clicked.connect(self.save_plan)
        self.changes.hold_requested.connect(lambda day, n: self.apply_change(hold, day, n))
        self.changes.step_back_requested.connect(
            lambda day, n: self.apply_change(step_back, day, n)
        )
        self.changes.dose_time_requested.connect(
            lambda day, when: self.apply_change(change_dose_time, day, DoseTime(when))
        )
        self.preview_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(self.export_pdf)
        self.ics_button.clicked.connect(self.printing.export_ics)
        self.csv_button.clicked.connect(self.printing.export_csv)
        self.context.settings_changed.connect(self._on_settings_changed)
        self.context.data_changed.connect(self._on_data_changed)

    # -- recalculation -------------------------------------------------------------------------

    @Slot()
    def recalculate(self) -> None:
        """Rebuild the plan from the inputs; invalid input withholds every result."""
        self.form.start_error.clear_message()
        try:
            plan = self.form.plan()
        except InputError as exc:
            self._withhold(str(exc))
            return
        try:
            end = plan.end or date.fromordinal(plan.start.toordinal() + CALENDAR_DAYS - 1)
            days = build_schedule(plan, end)
        except (OverflowError, ValueError):  # a saved plan from before starts were checked
            self._withhold("The start date is too far ahead to show: choose a real start date.")
            return
        self.plan = plan
        self.days = days
        self.calendar.set_schedule(self.days)
        self._follow_start(plan)
        warnings = plan_warnings(plan)
        self.status.setText("⚠ " + " ".join(warnings) if warnings else "")
        self.summary.setText(plan_summary(plan, decimal_mark=self.context.decimal_mark))
        self.dispensing.set_plan(plan, keep_dates=True)
        self._enable(True)

    def _on_dispensing_changed(self) -> None:
        """The calendar's legend says what to take in the form the printout uses."""
        dispensing = self.dispensing.dispensing
        self.calendar.set_form(dispensing.form if dispensing is not None else None)

    def _follow_start(self, plan: Plan) -> None:
        """Show the start month when the month on screen has no planned day; keep "from" in range."""
        shown = self.calendar.calendar
        month = (shown.yearShown(), shown.monthShown())
        if not any((d.day.year, d.day.month) == month for d in self.days):
            shown.show_day(plan.start)
        if self.changes.day() < plan.start:
            self.changes.set_day(plan.start)

    def _withhold(self, message: str) -> None:
        self.plan = None
        self.days = ()
        self.calendar.set_schedule(())
        self.dispensing.set_plan(None)
        self.status.setText(f"⚠ {message}")
        self.summary.clear()
        self._enable(False)

    def _enable(self, valid: bool) -> None:
        can_save = (
            valid
            and self.patient_id is not None
            and not self.context.read_only
            and not self.unreadable
        )
        self.save_button.setEnabled(can_save)
        for widget in (self.preview_button, self.pdf_button, self.ics_button, self.csv_button):
            widget.setEnabled(valid)
        self.changes.setEnabled(valid)

    def _on_settings_changed(self) -> None:
        self.dispensing.set_strengths(self.context.settings()["defaults"]["capsule_strengths_mg"])

    # -- patient and start ---------------------------------------------------------------------

    def set_patient(self, patient_id: str | None) -> None:
        self.patient_id = patient_id
        self.patient_name = ""
        self.unreadable = ""
        versions = ()
        earliest = assessment = None
        if patient_id is not None:
            try:
                self.patient_name = self.context.patients.get(patient_id).name
                versions = load_versions(self.context.store, patient_id)
                earliest = washout_earliest_start(self.context.store, patient_id)
                assessment = latest_assessment(self.context.store, patient_id)
            except LdnError as exc:
                self.unreadable = str(exc)
                messages.show_error(self, exc)
        self.form.set_earliest(earliest)
        self.form.set_assessment(assessment, patient_id is not None)
        self.history.set_versions(versions)
        if versions:
            self.form.load(versions[-1].plan)
        else:
            self.form.dose_time_changes = ()
            self.form.override.setText("")
            self.form.set_start_date(default_start(assessment, date.today()))
            self.form.protocol.setCurrentIndex(0)
            self.form.apply_protocol()
        if self.plan is not None:
            self.dispensing.set_plan(self.plan)
            self.changes.set_day(max(self.plan.start, date.today()))
        self.form_history.reset()
        self._enable(self.plan is not None)
        self._shown_plan = self.plan

    @Slot(object)
    def set_start_date(self, day: date) -> None:
        """Use ``day`` as the start date (from the Washout page)."""
        self.form.set_start_date(day)
        if self.plan is not None:
            self.dispensing.set_plan(self.plan)

    # -- saving and changes --------------------------------------------------------------------

    def save_plan(self, change: Change | None = None) -> bool:
        """Save the plan on screen as a new version (asks who and why)."""
        return self.versions.save(change if isinstance(change, Change) else None)

    def apply_change(self, function: object, day: date, value: object) -> None:
        """Hold / step back / dose time from ``day``; saved as a version when a patient is open."""
        self.versions.apply_change(function, day, value)

    # -- unsaved work (Page protocol: asked before quitting or choosing another patient) ------

    def has_unsaved_changes(self) -> bool:
        """The plan on screen was changed since it was opened and is not a saved version."""
        if self.patient_id is None or self.plan is None or self.unreadable:
            return False
        if self.context.read_only or self.plan == self._shown_plan:
            return False
        try:
            versions = load_versions(self.context.store, self.patient_id)
        except LdnError:
            return False
        return not versions or versions[-1].plan != self.plan

    def unsaved_summary(self) -> str:
        return f"Titration: the plan for {self.patient_name} is not saved"

    def save_changes(self) -> bool:
        return self.save_plan()

    def discard_changes(self) -> None:
        self.set_patient(self.patient_id)

    def _on_data_changed(self, what: str) -> None:
        """A washout saved on the Washout page moves the earliest start shown here."""
        if self.patient_id is not None and what.startswith("washout"):
            try:
                self.form.set_earliest(washout_earliest_start(self.context.store, self.patient_id))
                self.form.set_assessment(
                    latest_assessment(self.context.store, self.patient_id), True
                )
            except LdnError as exc:
                messages.show_error(self, exc)

    # -- printing (File > Print / Export PDF use these) -----------------------------------------

    def can_print(self) -> bool:
        return self.plan is not None

    def plan_author(self) -> str:
        """Who made the plan on screen (printed on the pharmacist copy): the saved version's
        author when it is saved unchanged, else the prescriber in Settings (core ``plan_author``,
        as in the CLI); "" when nobody is known."""
        if self.patient_id is not None and self.plan is not None and not self.unreadable:
            try:
                versions = load_versions(self.context.store, self.patient_id)
            except LdnError:
                versions = ()
            for version in reversed(versions):
                if version.plan == self.plan:
                    return version.by
        prescriber = str(self.context.settings().get("prescriber", {}).get("name", ""))
        return plan_author(None, prescriber, required=False)

    def print_preview(self) -> None:
        self.printing.preview()

    def export_pdf(self) -> None:
        self.printing.export_pdf()

    def ask_save_path(self, caption: str, suggested: str, filters: str) -> Path | None:
        """Where to write a file (tests replace this)."""
        path, _ = QFileDialog.getSaveFileName(self, caption, suggested, filters)
        return Path(path) if path else None
