"""Plan changes from a date (hold, step back, dose time) and the list of saved versions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from html import escape

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.dates import format_moment
from ldn_desktop.core.titration import MAX_STEP_DAYS, DoseTime, describe_steps, format_day
from ldn_desktop.storage.titration import PlanVersion
from ldn_desktop.ui.date_field import DateField
from ldn_desktop.ui.plain_text import rich, tooltip


class ChangesBox(QGroupBox):
    """Signals: hold_requested(date, int), step_back_requested(date, int | None),
    dose_time_requested(date, str)."""

    hold_requested = Signal(object, int)
    step_back_requested = Signal(object, object)
    dose_time_requested = Signal(object, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Change from a date", parent)
        self.from_date = DateField(calendarPopup=True)
        self.from_date.setDisplayFormat("d MMM yyyy")
        self.from_date.setAccessibleName("Change from")
        self.from_date.setDate(QDate.currentDate())
        self.hold_days = QSpinBox()
        self.hold_days.setRange(1, MAX_STEP_DAYS)
        self.hold_days.setValue(7)
        self.hold_days.setSuffix(" days")
        self.hold_days.setAccessibleName("Hold days")
        self.back_days = QSpinBox()
        self.back_days.setRange(0, MAX_STEP_DAYS)
        self.back_days.setSpecialValueText("previous step's length")
        self.back_days.setSuffix(" days")
        self.back_days.setAccessibleName("Step back days")
        self.hold_button = QPushButton("Hold the dose")
        self.back_button = QPushButton("Step back")
        self.morning_button = QPushButton("Dose in the morning")
        self.bedtime_button = QPushButton("Dose at bedtime")
        self.hold_button.clicked.connect(
            lambda: self.hold_requested.emit(self.day(), self.hold_days.value())
        )
        self.back_button.clicked.connect(
            lambda: self.step_back_requested.emit(self.day(), self.back_days.value() or None)
        )
        self.morning_button.clicked.connect(
            lambda: self.dose_time_requested.emit(self.day(), DoseTime.MORNING.value)
        )
        self.bedtime_button.clicked.connect(
            lambda: self.dose_time_requested.emit(self.day(), DoseTime.BEDTIME.value)
        )
        rows = QVBoxLayout(self)
        first = QHBoxLayout()
        first.addWidget(QLabel("From"))
        first.addWidget(self.from_date)
        first.addStretch(1)
        rows.addLayout(first)
        for widgets in (
            (self.hold_button, QLabel("for"), self.hold_days, QLabel("more")),
            (self.back_button, QLabel("for"), self.back_days),
            (self.morning_button, self.bedtime_button),
        ):
            row = QHBoxLayout()
            for widget in widgets:
                row.addWidget(widget)
            row.addStretch(1)
            rows.addLayout(row)

    def day(self) -> date:
        return self.from_date.date().toPython()

    def set_day(self, day: date) -> None:
        self.from_date.setDate(QDate(day.year, day.month, day.day))


class HistoryBox(QGroupBox):
    """Saved versions, newest first; choosing one shows that version's plan underneath."""

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__("Version history", parent)
        self.decimal_mark = decimal_mark  # the chosen version's steps in the user's notation
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["#", "When", "Who", "Change", "Why"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.setAccessibleName("Version history")
        self.table.setMinimumHeight(60)
        self.detail = rich(QLabel("No saved plan yet."))  # escapes the reason
        self.detail.setWordWrap(True)
        self.versions: tuple[PlanVersion, ...] = ()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.detail)
        self.table.itemSelectionChanged.connect(self._show_selected)

    def set_versions(self, versions: Sequence[PlanVersion]) -> None:
        self.versions = tuple(versions)
        self.table.setRowCount(len(self.versions))
        for row, version in enumerate(reversed(self.versions)):
            when = format_moment(version.created_at.astimezone())
            for column, text in enumerate(
                (str(version.number), when, version.by, version.change.summary, version.reason)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(tooltip(text))  # who and why as typed
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(1)
        if self.versions:
            self.table.selectRow(0)
            self._show_selected()
        else:
            self.detail.setText("No saved plan yet.")

    def _show_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        version = self.versions[len(self.versions) - 1 - rows[0].row()]
        plan = version.plan
        lines = [
            f"<b>Version {version.number}</b> — start {format_day(plan.start)}, "
            f"dose {plan.dose_time.label}"
        ]
        lines += [f"• {line}" for line in describe_steps(plan, self.decimal_mark)]
        lines += [
            f"• from {format_day(c.start)}: {c.dose_time.label}" for c in plan.dose_time_changes
        ]
        if plan.start_override_reason:
            lines.append("Start reason: " + escape(plan.start_override_reason))
        self.detail.setText("<br/>".join(lines))
