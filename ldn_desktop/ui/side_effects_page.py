"""The Side effects page: tonight's entry, the log table, the summary per dose step and the chart.

The report for the prescriber (summary, chart and every entry) is printed or saved as PDF from the
page's own buttons as well as from File > Print / Export PDF. Steps and "first 14 days" are read
against the patient's titration plan (``plan_steps``), as ``log summary`` does.

Every change is saved at once (one month document) and can be undone (Edit > Undo, Ctrl+Z):
``undo_stack`` is this page's QUndoStack; the main window's QUndoGroup makes it the Edit menu's
stack while the page is current. Pages never import each other; the dose comes from the titration plan through
``storage.side_effect_log.planned_dose``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.dates import format_moment
from ldn_desktop.core.errors import LdnError
from ldn_desktop.core.side_effects import (
    LogEntry,
    PlannedStep,
    night_warning,
    plural,
    summarise,
)
from ldn_desktop.reports.render_side_effects import summary_html
from ldn_desktop.storage.side_effect_log import SideEffectLog, plan_steps, planned_dose
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page
from ldn_desktop.ui.plain_text import rich
from ldn_desktop.ui.side_effects.chart_panel import ChartPanel
from ldn_desktop.ui.side_effects.entry_form import EntryForm
from ldn_desktop.ui.side_effects.file_actions import LogFileActions
from ldn_desktop.ui.side_effects.filter_bar import FilterBar
from ldn_desktop.ui.side_effects.table_model import LOGGED, LogFilterProxy, LogTableModel
from ldn_desktop.ui.side_effects.undo_commands import AddEntries, DeleteEntries, EditEntry
from ldn_desktop.ui.widgets import FieldError

EDIT_TRIGGERS = (
    QAbstractItemView.EditTrigger.DoubleClicked
    | QAbstractItemView.EditTrigger.EditKeyPressed
    | QAbstractItemView.EditTrigger.AnyKeyPressed
)


class SideEffectsPage(LogFileActions, Page):
    """The nightly side-effect log (sleep first), its summary per dose step and a chart against the dose."""

    title = "Side effects"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.log: SideEffectLog | None = None
        self.plan: tuple[PlannedStep, ...] = ()
        self.undo_stack = QUndoStack(self)
        self.form = EntryForm(context.decimal_mark)
        self.form.planned_dose = self._planned_dose
        self.model = LogTableModel(context.decimal_mark, self)
        self.proxy = LogFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self.chart = ChartPanel()
        self.filters = FilterBar(context.decimal_mark)
        self._build()
        self._connect()
        self.set_patient(context.current_patient_id)

    # -- layout ------------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = rich(QLabel())
        self.heading.setObjectName("pageHeading")
        self.print_button = QPushButton("P&rint report…")
        self.print_button.setToolTip("Preview and print the report for the prescriber (Ctrl+P)")
        self.pdf_button = QPushButton("Export report as PDF…")
        self.pdf_button.setToolTip("Save the report for the prescriber as PDF (Ctrl+Shift+E)")
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.print_button)
        top.addWidget(self.pdf_button)
        form_box = QGroupBox("Tonight's entry")
        QVBoxLayout(form_box).addWidget(self.form)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Side-effect log entries")
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(LOGGED, Qt.SortOrder.DescendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column, width in enumerate((100, 125, 190, 70, 65, 110, 80, 70)):
            header.resizeSection(column, width)
        header.setStretchLastSection(True)
        self.table_error = FieldError(self)
        self.delete_button = QPushButton("Dele&te selected")
        self.import_button = QPushButton("&Import CSV…")
        self.export_button = QPushButton("E&xport CSV…")
        tools = QHBoxLayout()
        tools.addWidget(self.delete_button)
        tools.addStretch(1)
        tools.addWidget(self.import_button)
        tools.addWidget(self.export_button)
        entries_tab = QWidget()
        entries_layout = QVBoxLayout(entries_tab)
        entries_layout.addWidget(self.filters)
        entries_layout.addWidget(self.table, 1)
        entries_layout.addWidget(self.table_error)
        entries_layout.addLayout(tools)
        self.summary = QTextBrowser()
        self.summary.setAccessibleName("Summary per dose step")
        self.tabs = QTabWidget()
        self.tabs.addTab(entries_tab, "&Log")
        self.tabs.addTab(self.summary, "S&ummary")
        self.tabs.addTab(self.chart, "&Chart")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(form_box)
        layout.addWidget(self.tabs, 1)

    def _connect(self) -> None:
        self.form.entry_ready.connect(self._on_entry_ready)
        self.form.add_symptom_requested.connect(self._ask_custom_symptom)
        self.model.edit_requested.connect(self._on_edit_requested)
        self.model.edit_refused.connect(self.table_error.show_message)
        self.filters.filter_changed.connect(self._apply_filter)
        self.delete_button.clicked.connect(self.delete_selected)
        self.import_button.clicked.connect(self._ask_import)
        self.export_button.clicked.connect(self._ask_export_csv)
        self.print_button.clicked.connect(self.print_preview)
        self.pdf_button.clicked.connect(lambda: self.export_pdf())
        self.tabs.currentChanged.connect(self._refresh_summary)
        self.context.data_changed.connect(self._on_data_changed)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.setWhatsThis("Delete the selected log entries")  # Help > Keyboard shortcuts
        delete.activated.connect(self.delete_selected)

    # -- patient -----------------------------------------------------------------------------

    def set_patient(self, patient_id: str | None) -> None:
        self.undo_stack.clear()
        self.table_error.clear_message()
        self.log = None
        self.plan = ()
        entries: Sequence[LogEntry] = []
        if patient_id is not None:
            try:
                self.log = SideEffectLog(self.context.store, patient_id)
                entries = self.log.load_lazy()  # entries built as the table shows them
                self.form.set_symptoms(self.log.symptoms())
                self.plan = plan_steps(self.context.store, patient_id)
            except LdnError as exc:
                self.log = None
                messages.show_error(self, exc)
        name = self._patient_label()
        self.chart.patient_label = name
        self.heading.setText(
            f"<h2>Side effects — {escape(name)}</h2>"
            if name
            else "<h2>Side effects</h2><p>Choose a patient.</p>"
        )
        writable = self.log is not None and not self.context.read_only
        for widget in (self.form, self.delete_button, self.import_button):
            widget.setEnabled(writable)
        self.table.setEditTriggers(
            EDIT_TRIGGERS if writable else QAbstractItemView.EditTrigger.NoEditTriggers
        )
        self.model.symptoms = self.log.symptoms() if self.log else ()
        self.model.set_entries(entries)
        self.filters.set_symptoms(self.model.symptoms)
        self.form.reset()
        self.chart.set_entries(self.model.entries, keep_range=False)
        self._after_change()

    def _on_data_changed(self, what: str) -> None:
        """A changed titration plan changes the dose the form suggests; restored or imported data
        ("patients") is read again."""
        if what == "patients":
            self.set_patient(self.context.current_patient_id)
        elif self.log is not None and what.startswith("titration"):
            self.form.refill_dose()
            self.plan = plan_steps(self.context.store, self.log.patient_id)
            self.chart.set_plan(self.plan)
            self._refresh_summary()

    def _patient_label(self) -> str:
        if self.log is None:
            return ""
        try:
            return self.context.patients.get(self.log.patient_id).label
        except LdnError:
            return self.log.patient_id

    def _planned_dose(self, night: date) -> object:
        if self.log is None:
            return None
        return planned_dose(self.context.store, self.log.patient_id, night)

    # -- saving (LogEditor for the undo commands) ----------------------------------------------

    def save_added(self, entries: Sequence[LogEntry]) -> None:
        assert self.log is not None
        self.log.add(entries)
        self.model.add(entries)
        self._after_change()

    def save_deleted(self, entries: Sequence[LogEntry]) -> None:
        assert self.log is not None
        self.log.delete(entries)
        self.model.remove(entries)
        self._after_change()

    def save_replaced(self, old: LogEntry, new: LogEntry) -> None:
        assert self.log is not None
        self.log.replace(old, new)
        self.model.replace(old, new)
        self._after_change()

    def report_failure(self, error: LdnError) -> None:
        messages.show_error(self, error)

    def _do(self, command: AddEntries | DeleteEntries | EditEntry, first_step: object) -> bool:
        """Make the change (saved), then push its command; on failure nothing is pushed."""
        try:
            first_step()  # type: ignore[operator]
        except LdnError as exc:
            messages.show_error(self, exc)
            return False
        self.undo_stack.push(command)
        return True

    def _after_change(self) -> None:
        self.chart.set_plan(self.plan)
        self.chart.set_entries(self.model.entries)
        self._refresh_summary()
        self._update_count()
        can_print = self.can_print()
        self.print_button.setEnabled(can_print)
        self.pdf_button.setEnabled(can_print)
        if self.log is not None:
            self.context.data_changed.emit(f"side_effects:{self.log.patient_id}")

    # -- actions -----------------------------------------------------------------------------

    # -- unsaved work (Page protocol: asked before quitting or choosing another patient) ------

    def has_unsaved_changes(self) -> bool:
        """Tonight's entry is typed in but not added to the log yet."""
        if self.log is None or self.context.read_only:
            return False
        form = self.form
        texts = (
            form.detail.text(),
            form.sleep_hours.text(),
            form.dose_time.text(),
            form.note.text(),
        )
        return (
            form.severity.value() > 0
            or form.sleep_quality.currentIndex() > 0
            or any(text.strip() for text in texts)
        )

    def unsaved_summary(self) -> str:
        return f"Side effects: tonight's entry for {self._patient_label()} is not added to the log"

    def save_changes(self) -> bool:
        """Add the entry as if Enter was pressed (a bad field shows its message: not saved)."""
        return self.form.submit() is not None and not self.has_unsaved_changes()

    def discard_changes(self) -> None:
        self.form.reset()

    def _on_entry_ready(self, entry: LogEntry) -> None:
        if not self._contradiction_accepted(entry):
            return
        if self._do(AddEntries(self, [entry], entry.symptom), lambda: self.save_added([entry])):
            self.context.post_status(f"Saved: {entry.symptom_text}, {format_moment(entry.at)}.")
            self.form.reset()

    def _contradiction_accepted(self, entry: LogEntry) -> bool:
        """Ask before saving "no side effects" on a night with symptoms (or the reverse):
        the warning of ``log add`` (``night_warning``); here the patient chooses."""
        if self.log is None:
            return True
        warning = night_warning(self.log.load(first=entry.night, last=entry.night), entry)
        return warning is None or messages.confirm(
            self, "Save this entry?", f"{warning}\n\nSave it anyway?", destructive=True
        )

    def _on_edit_requested(self, old: LogEntry, new: LogEntry) -> None:
        self.table_error.clear_message()
        self._do(EditEntry(self, old, new), lambda: self.save_replaced(old, new))

    def selected_entries(self) -> list[LogEntry]:
        rows = {index.row() for index in self.table.selectionModel().selectedRows()}
        return [self.proxy.entry_at(row) for row in sorted(rows)]

    def delete_selected(self) -> None:
        chosen = self.selected_entries()
        if not chosen or self.log is None or self.context.read_only:
            return
        if self._do(DeleteEntries(self, chosen), lambda: self.save_deleted(chosen)):
            self.context.post_status(
                f"Deleted {plural(len(chosen), 'entry', 'entries', decimal_mark=self.context.decimal_mark)}. "
                f"Edit > Undo (Ctrl+Z) brings {'it' if len(chosen) == 1 else 'them'} back."
            )

    # -- views -------------------------------------------------------------------------------

    def _apply_filter(self, symptom: str | None, first: date | None, last: date | None) -> None:
        self.proxy.set_filter(symptom, first, last)
        self._update_count()

    def _update_count(self) -> None:
        shown, total = self.proxy.rowCount(), len(self.model.entries)
        self.filters.set_count(shown, total)

    def _refresh_summary(self, *_: object) -> None:
        if self.tabs.currentWidget() is self.summary:
            mark = self.context.decimal_mark
            steps = summarise(self.model.entries, self.plan, mark)
            self.summary.setHtml(summary_html(steps, decimal_mark=mark))
