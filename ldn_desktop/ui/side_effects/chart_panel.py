"""The chart tab: severity per symptom and the dose, over a chosen range of nights; PNG export.

Dose steps follow the patient's titration plan as the summary does (one night at another dose is no
step). The exported PNG is titled and named after the patient and the nights it shows, so an
image passed on to a prescriber never loses whose it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.side_effects import ChartData, LogEntry, PlannedStep, chart_data
from ldn_desktop.reports.side_effects_chart import (
    build_chart,
    legend_html,
    render_chart_png,
)
from ldn_desktop.storage.atomic import write_export
from ldn_desktop.ui.date_field import DateField
from ldn_desktop.ui.plain_text import rich
from ldn_desktop.ui.side_effects.file_names import export_file_name
from ldn_desktop.ui.side_effects.table_model import EntryRows

DEFAULT_DAYS = 90


def _date_edit(name: str) -> DateField:
    edit = DateField()
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAccessibleName(name)
    return edit


class ChartPanel(QWidget):
    """Signals: range_changed(first: date, last: date)."""

    range_changed = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.entries: Sequence[LogEntry] = ()
        self.data: ChartData | None = None
        self.plan: Sequence[PlannedStep] = ()
        self.patient_label = ""
        self._dirty = True
        self.first_edit = _date_edit("Chart from night")
        self.last_edit = _date_edit("Chart to night")
        self.last_90 = QPushButton("Last &90 days")
        self.all_button = QPushButton("All nigh&ts")
        self.export_button = QPushButton("E&xport PNG…")
        self.view = QChartView()
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setMinimumHeight(260)
        self.empty = QLabel("No entries in this range.")
        self.legend = rich(QLabel())  # legend_html escapes the symptoms
        self.legend.setWordWrap(True)
        self.legend.setAccessibleName("Chart legend")
        self.legend.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        bar = QHBoxLayout()
        for widget in (QLabel("From night"), self.first_edit, QLabel("to"), self.last_edit):
            bar.addWidget(widget)
        for button in (self.last_90, self.all_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.empty)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        self._range_chosen = False  # True once the user picks a range: new entries keep it
        self.first_edit.dateChanged.connect(self._on_range_typed)
        self.last_edit.dateChanged.connect(self._on_range_typed)
        self.last_90.clicked.connect(lambda: self._choose(self.show_last_days))
        self.all_button.clicked.connect(lambda: self._choose(self.show_all))
        self.export_button.clicked.connect(self._ask_export)

    def set_entries(self, entries: Sequence[LogEntry], *, keep_range: bool = True) -> None:
        self.entries = entries
        if not keep_range or not self._range_chosen:
            self._range_chosen = False
            self.show_recent()
        self._dirty = True
        if self.isVisible():
            self.refresh()

    def set_plan(self, plan: Sequence[PlannedStep]) -> None:
        if tuple(plan) != tuple(self.plan):
            self.plan = tuple(plan)
            self._dirty = True

    def date_range(self) -> tuple[date, date]:
        first: date = self.first_edit.date().toPython()  # type: ignore[assignment]
        last: date = self.last_edit.date().toPython()  # type: ignore[assignment]
        return first, last

    def set_range(self, first: date, last: date) -> None:
        for edit, day in ((self.first_edit, first), (self.last_edit, last)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self._range_edited()

    def show_last_days(self, days: int = DEFAULT_DAYS) -> None:
        last = self._night_span()[1]
        self.set_range(last - timedelta(days=days - 1), last)

    def _on_range_typed(self) -> None:
        self._range_chosen = True
        self._range_edited()

    def _choose(self, show: object) -> None:
        self._range_chosen = True
        show()  # type: ignore[operator]

    def show_recent(self, days: int = DEFAULT_DAYS) -> None:
        """The last ``days`` nights, or fewer when the log is shorter (the data fills the chart)."""
        first, last = self._night_span()
        self.set_range(max(first, last - timedelta(days=days - 1)), last)

    def show_all(self) -> None:
        self.set_range(*self._night_span())

    def _night_span(self) -> tuple[date, date]:
        """First and last night logged (today for an empty log); the table's rows give it without
        building every entry."""
        if isinstance(self.entries, EntryRows):
            span = self.entries.night_span()
        else:
            nights = [e.night for e in self.entries]
            span = (min(nights), max(nights)) if nights else None
        return span or (date.today(), date.today())

    def _range_edited(self) -> None:
        first, last = self.date_range()
        if first > last:
            first, last = last, first
        self._dirty = True
        if self.isVisible():
            self.refresh()
        self.range_changed.emit(first, last)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self._dirty:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the chart for the current range (a new QChart; the old one is dropped)."""
        first, last = sorted(self.date_range())
        self.data = chart_data(self.entries, first, last, self.plan)
        chart = build_chart(self.data)
        self.legend.setText(legend_html(self.data))
        old = self.view.chart()
        self.view.setChart(chart)
        if old is not None:
            old.deleteLater()
        has_points = bool(self.data.severity or self.data.dose_steps)
        self.empty.setVisible(not has_points)
        self._dirty = False

    def export_png(self, path: Path) -> Path:
        if self.data is None or self._dirty:
            self.refresh()
        assert self.data is not None
        write_export(path, render_chart_png(self.data, patient_label=self.patient_label))
        return path

    def default_file_name(self) -> str:
        """``side-effects-chart Ann Lee (P1) 2026-01-01 to 2026-01-31.png``."""
        first, last = sorted(self.date_range())
        return export_file_name("side-effects-chart", self.patient_label, "png", first, last)

    def _ask_export(self) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, "Export chart as PNG", self.default_file_name(), "PNG image (*.png)"
        )
        if name:
            path = Path(name if name.lower().endswith(".png") else f"{name}.png")
            self.export_png(path)
