"""The filter above the log table: by symptom and by a range of nights."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from ldn_desktop.core.side_effects import NO_SIDE_EFFECTS, Symptom, plural
from ldn_desktop.core.words import grouped
from ldn_desktop.ui.date_field import DateField

RANGES = (("All nights", None), ("Last 7 nights", 7), ("Last 30 nights", 30),
          ("Last 90 nights", 90), ("Last year", 365), ("Between…", -1))  # fmt: skip


class FilterBar(QWidget):
    """Signals: filter_changed(symptom: str | None, first: date | None, last: date | None)."""

    filter_changed = Signal(object, object, object)

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decimal_mark = decimal_mark  # counts grouped so as not to read as decimals
        self.symptom = QComboBox()
        self.symptom.setAccessibleName("Show symptom")
        self.range = QComboBox()
        self.range.setAccessibleName("Show nights")
        for text, days in RANGES:
            self.range.addItem(text, days)
        self.first = DateField()
        self.last = DateField()
        for edit, name in ((self.first, "From night"), (self.last, "To night")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setDate(QDate.currentDate())
            edit.setEnabled(False)
        self.count = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            QLabel("Show"),
            self.symptom,
            self.range,
            self.first,
            QLabel("to"),
            self.last,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        layout.addWidget(self.count)
        self.symptom.currentIndexChanged.connect(self._changed)
        self.range.currentIndexChanged.connect(self._changed)
        self.first.dateChanged.connect(self._changed)
        self.last.dateChanged.connect(self._changed)

    def set_symptoms(self, symptoms: tuple[Symptom, ...]) -> None:
        current = self.symptom.currentData()
        self.symptom.blockSignals(True)
        self.symptom.clear()
        self.symptom.addItem("all symptoms", None)
        for label in [s.label for s in symptoms] + [NO_SIDE_EFFECTS]:
            self.symptom.addItem(label, label)
        self.symptom.setCurrentIndex(max(0, self.symptom.findData(current)))
        self.symptom.blockSignals(False)
        if self.symptom.currentData() != current:
            self._changed()

    def choose(
        self, symptom: str | None = None, first: date | None = None, last: date | None = None
    ) -> None:
        """Set the filter from code (tests, other views): a date range selects "Between…"."""
        self.symptom.setCurrentIndex(max(0, self.symptom.findData(symptom)))
        if first is None and last is None:
            self.range.setCurrentIndex(0)
            return
        for edit, day in ((self.first, first), (self.last, last)):
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
        self.range.setCurrentIndex(len(RANGES) - 1)

    def current(self) -> tuple[str | None, date | None, date | None]:
        days = self.range.currentData()
        custom = days == -1
        self.first.setEnabled(custom)
        self.last.setEnabled(custom)
        if days is None:
            return self.symptom.currentData(), None, None
        if custom:
            first: date = self.first.date().toPython()  # type: ignore[assignment]
            last: date = self.last.date().toPython()  # type: ignore[assignment]
            return self.symptom.currentData(), min(first, last), max(first, last)
        today = date.today()
        return self.symptom.currentData(), today - timedelta(days=days - 1), today

    def _changed(self, *_: object) -> None:
        self.filter_changed.emit(*self.current())

    def set_count(self, shown: int, total: int) -> None:
        mark = self.decimal_mark
        entries = plural(total, "entry", "entries", decimal_mark=mark)
        self.count.setText(f"{grouped(shown, mark)} of {entries}" if shown != total else entries)
