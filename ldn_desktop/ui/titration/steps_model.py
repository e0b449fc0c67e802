"""The steps of a plan as an editable table: dose and days, with the dates each step covers.

Edits are parsed by the core (``parse_dose``); a rejected edit leaves the step unchanged and
reports the message through ``edit_rejected`` so the page shows it next to the table.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from ldn_desktop.core.dates import parse_day
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration import MAX_STEP_DAYS, MAX_STEPS, Step, format_day, parse_dose
from ldn_desktop.core.units import format_dose, format_number
from ldn_desktop.ui.date_field import locale_is_day_first

Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Dose", "Days", "From", "To")


class StepsTableModel(QAbstractTableModel):
    """Rows are steps. Signals: steps_edited() after any accepted change, edit_rejected(str)."""

    steps_edited = Signal()
    edit_rejected = Signal(str)

    def __init__(self, decimal_mark: str = ".", parent: Any = None) -> None:
        super().__init__(parent)
        self.decimal_mark = decimal_mark
        self._steps: list[Step] = []
        self._start = date.today()

    # -- content -------------------------------------------------------------------------------

    def steps(self) -> tuple[Step, ...]:
        return tuple(self._steps)

    def set_steps(self, steps: tuple[Step, ...], start: date) -> None:
        self.beginResetModel()
        self._steps = list(steps)
        self._start = start
        self.endResetModel()

    def set_start(self, start: date) -> None:
        self._start = start
        if self._steps:
            self.dataChanged.emit(self.index(0, 2), self.index(len(self._steps) - 1, 3))

    def _span(self, row: int) -> tuple[date, date | None]:
        first = self._start + timedelta(days=sum(s.days or 0 for s in self._steps[:row]))
        days = self._steps[row].days
        return first, None if days is None else first + timedelta(days=days - 1)

    # -- Qt model --------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._steps)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return COLUMNS[section]
        return str(section + 1)

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() in (0, 1, 3):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        step = self._steps[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.EditRole:
            if column == 0:
                return format_number(float(step.dose.to("mg").magnitude), 3, self.decimal_mark)
            if column == 1:
                return "" if step.days is None else str(step.days)
            if column == 3:
                last = self._span(index.row())[1]
                return "" if last is None else format_day(last)  # typed back as shown
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        first, last = self._span(index.row())
        if column == 0:
            return format_dose(step.dose, decimal_mark=self.decimal_mark)
        if column == 1:
            return "ongoing" if step.days is None else str(step.days)
        if column == 2:
            return format_day(first)
        return "—" if last is None else format_day(last)

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        row, column = index.row(), index.column()
        step = self._steps[row]
        try:
            if column == 0:
                new = Step(parse_dose(str(value), "Dose", self.decimal_mark), step.days)
            elif column == 1:
                new = Step(step.dose, self._parse_days(str(value), row))
            elif column == 3:
                new = Step(step.dose, self._parse_end(str(value), row))
            else:
                return False
        except InputError as exc:
            self.edit_rejected.emit(f"Step {row + 1}: {exc}")
            return False
        self._steps[row] = new
        self.dataChanged.emit(self.index(row, 0), self.index(len(self._steps) - 1, 3))
        self.steps_edited.emit()
        return True

    def _parse_days(self, text: str, row: int) -> int | None:
        text = text.strip().lower()
        last = row == len(self._steps) - 1
        if text in {"", "ongoing"}:
            if last:
                return None
            raise InputError("only the last step can go on without a number of days.", "Days")
        if not text.isdigit() or not 1 <= int(text) <= MAX_STEP_DAYS:
            raise InputError(f"days must be a whole number from 1 to {MAX_STEP_DAYS}.", "Days")
        return int(text)

    def _parse_end(self, text: str, row: int) -> int | None:
        """A last day (empty: ongoing) becomes the step's number of days; typed as every date is
        (``core.dates.parse_day``: ``20 Dec 2026``, ``2026-12-20``, numbers in the locale's order)."""
        if not text.strip():
            return self._parse_days("", row)
        last = parse_day(text, field="To", label="To", day_first=locale_is_day_first())
        first = self._span(row)[0]
        if last < first:
            raise InputError(f"the step cannot end before it starts ({format_day(first)}).", "To")
        return self._parse_days(str((last - first).days + 1), row)

    # -- rows ----------------------------------------------------------------------------------

    def append_step(self) -> None:
        """Add a step after the last one (the last step gets a length of 7 days)."""
        if len(self._steps) >= MAX_STEPS:
            self.edit_rejected.emit(f"At most {MAX_STEPS} steps.")
            return
        if self._steps and self._steps[-1].days is None:
            self._steps[-1] = Step(self._steps[-1].dose, 7)
        dose = self._steps[-1].dose if self._steps else parse_dose("1.5")
        self.beginInsertRows(QModelIndex(), len(self._steps), len(self._steps))
        self._steps.append(Step(dose, None))
        self.endInsertRows()
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._steps) - 1, 3))
        self.steps_edited.emit()

    def remove_step(self, row: int) -> None:
        """Remove a step (never the only one); the new last step goes on."""
        if not 0 <= row < len(self._steps) or len(self._steps) == 1:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._steps[row]
        self.endRemoveRows()
        if row == len(self._steps) and self._steps:
            self._steps[-1] = Step(self._steps[-1].dose, None)
        self.dataChanged.emit(self.index(0, 0), self.index(len(self._steps) - 1, 3))
        self.steps_edited.emit()
