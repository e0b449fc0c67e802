"""The log as a table: a thin QAbstractTableModel over the entries, and a filtering proxy.

Built for ten years of nightly entries (20,000+): ``data`` formats only the cells on screen,
sorting is one Python ``list.sort`` with a key in the source model (the proxy forwards to it
instead of comparing row pairs through Qt), and the filter looks at plain attributes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects import (
    SLEEP_QUALITY_WORDS,
    LogEntry,
    Symptom,
    format_day,
    format_hours,
    parse_dose_taken,
    parse_dose_time,
    parse_entry_time,
    parse_severity,
    parse_sleep_hours,
    parse_sleep_quality,
    resolve_symptom,
    with_changes,
)

Index = QModelIndex | QPersistentModelIndex
NIGHT, LOGGED, SYMPTOM, SEVERITY, SLEEP, QUALITY, DOSE, DOSE_TIME, NOTE = range(9)
HEADERS = ("Night", "Logged", "Symptom", "Severity", "Sleep h", "Sleep", "Dose", "Taken at", "Note")
EDITABLE = {LOGGED, SYMPTOM, SEVERITY, SLEEP, QUALITY, DOSE, DOSE_TIME, NOTE}
_LAST = (1, 0.0)  # blanks sort after values


def _maybe(value: float | None) -> tuple[int, float]:
    return _LAST if value is None else (0, value)


SORT_KEYS: dict[int, Callable[[LogEntry], Any]] = {
    NIGHT: lambda e: (e.night, e.at),
    LOGGED: lambda e: e.at,
    SYMPTOM: lambda e: (e.symptom_text, e.at),
    SEVERITY: lambda e: (e.severity, e.at),
    SLEEP: lambda e: (_maybe(e.sleep_hours), e.at),
    QUALITY: lambda e: (_maybe(e.sleep_quality), e.at),
    DOSE: lambda e: (_maybe(e.dose_mg), e.at),
    DOSE_TIME: lambda e: (
        _maybe(None if e.dose_time is None else e.dose_time.hour * 60 + e.dose_time.minute),
        e.at,
    ),
    NOTE: lambda e: (e.note.casefold(), e.at),
}


def cell_text(entry: LogEntry, column: int) -> str:
    if column == NIGHT:
        return format_day(entry.night)
    if column == LOGGED:
        return f"{entry.at:%Y-%m-%d %H:%M}"
    if column == SYMPTOM:
        return entry.symptom_text
    if column == SEVERITY:
        return str(entry.severity)
    if column == SLEEP:
        return format_hours(entry.sleep_hours)
    if column == QUALITY:
        q = entry.sleep_quality
        return "" if q is None else f"{q} {SLEEP_QUALITY_WORDS[q]}"
    if column == DOSE:
        return entry.dose_text
    if column == DOSE_TIME:
        return "" if entry.dose_time is None else entry.dose_time.strftime("%H:%M")
    return entry.note


def edited_entry(
    entry: LogEntry, column: int, text: str, now: datetime, symptoms: tuple[Symptom, ...]
) -> LogEntry:
    """The entry with one cell changed, validated by the core (raises InputError)."""
    text = text.strip()
    if column == LOGGED:
        at = parse_entry_time(text, now)
        return with_changes(entry, now, at=at.replace(second=0, microsecond=0))
    if column == SYMPTOM:
        symptom, detail = resolve_symptom(text, symptoms)
        severity = 0 if symptom == "no side effects" else entry.severity
        return with_changes(entry, now, symptom=symptom, detail=detail, severity=severity)
    if column == SEVERITY:
        return with_changes(entry, now, severity=parse_severity(text))
    if column == SLEEP:
        return with_changes(entry, now, sleep_hours=parse_sleep_hours(text))
    if column == QUALITY:
        return with_changes(entry, now, sleep_quality=parse_sleep_quality(text.split(" ")[0]))
    if column == DOSE:
        dose, missed = parse_dose_taken(text)
        return with_changes(entry, now, dose=dose, dose_missed=missed)
    if column == DOSE_TIME:
        return with_changes(entry, now, dose_time=parse_dose_time(text))
    if column == NOTE:
        return with_changes(entry, now, note=text)
    raise InputError("This column cannot be changed.")


class LogTableModel(QAbstractTableModel):
    """Rows are entries. Edits are not applied here: ``edit_requested(old, new)`` asks the page,
    which saves and pushes an undo command; ``edit_refused(message)`` reports bad input."""

    edit_requested = Signal(object, object)
    edit_refused = Signal(str)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.entries: list[LogEntry] = []
        self.symptoms: tuple[Symptom, ...] = ()
        self._sort: tuple[int, Qt.SortOrder] = (LOGGED, Qt.SortOrder.DescendingOrder)

    def set_entries(self, entries: Sequence[LogEntry]) -> None:
        self.beginResetModel()
        self.entries = list(entries)
        self._apply_sort()
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        entry = self.entries[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return cell_text(entry, index.column())
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() in (SEVERITY, SLEEP):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == NOTE and entry.note:
            return entry.note
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = 2) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        entry = self.entries[index.row()]
        if str(value).strip() == cell_text(entry, index.column()):
            return False
        try:
            changed = edited_entry(
                entry, index.column(), str(value), datetime.now().astimezone(), self.symptoms
            )
        except InputError as exc:
            self.edit_refused.emit(str(exc))
            return False
        self.edit_requested.emit(entry, changed)
        return True

    # -- changes made by the page (after saving) ------------------------------------------------

    def add(self, entries: Sequence[LogEntry]) -> None:
        self.set_entries([*self.entries, *entries])

    def remove(self, entries: Sequence[LogEntry]) -> None:
        gone = {e.id for e in entries}
        self.set_entries([e for e in self.entries if e.id not in gone])

    def replace(self, old: LogEntry, new: LogEntry) -> None:
        for row, entry in enumerate(self.entries):
            if entry.id == old.id:
                self.entries[row] = new
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))
                return

    def row_of(self, entry_id: str) -> int:
        return next((r for r, e in enumerate(self.entries) if e.id == entry_id), -1)

    # -- sorting -----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        self.entries.sort(key=SORT_KEYS[column], reverse=order == Qt.SortOrder.DescendingOrder)


class LogFilterProxy(QSortFilterProxyModel):
    """Filters by symptom and by night range; sorting is delegated to the source model."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.symptom: str | None = None
        self.first: date | None = None
        self.last: date | None = None

    def set_filter(self, symptom: str | None, first: date | None, last: date | None) -> None:
        self.beginFilterChange()
        self.symptom, self.first, self.last = symptom, first, last
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        entry: LogEntry = self.sourceModel().entries[source_row]  # type: ignore[attr-defined]
        if self.symptom is not None and entry.symptom != self.symptom:
            return False
        if self.first is None and self.last is None:
            return True
        night = entry.night
        return (self.first is None or night >= self.first) and (
            self.last is None or night <= self.last
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def entry_at(self, proxy_row: int) -> LogEntry:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().entries[source.row()]  # type: ignore[attr-defined,no-any-return]
