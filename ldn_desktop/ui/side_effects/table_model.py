"""The log as a table: a thin QAbstractTableModel over the entries, and a filtering proxy.

Built for ten years of nightly entries (20,000+): the rows are a ``StoredEntries`` (entries built
from their stored form only when first used) and a list of indices in display order, so opening a
patient builds only the entries on screen; ``data`` formats only the cells on screen; sorting is
one Python ``list.sort`` of the indices in the source model (the proxy forwards to it instead of
comparing row pairs through Qt), by date-time without building any entry; the filter reads the
symptom and night without building entries, and does nothing per row when no filter is set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any, overload

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
    night_of,
    parse_dose_taken,
    parse_dose_time,
    parse_entry_time,
    parse_severity,
    parse_sleep_hours,
    parse_sleep_quality,
    resolve_symptom,
    with_changes,
)
from ldn_desktop.storage.stored_entries import StoredEntries

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
        self._stored = StoredEntries.from_entries(())
        self._order: list[int] = []  # display row -> index in self._stored (a permutation)
        self.symptoms: tuple[Symptom, ...] = ()
        self._sort: tuple[int, Qt.SortOrder] = (LOGGED, Qt.SortOrder.DescendingOrder)

    @property
    def entries(self) -> EntryRows:
        """The entries in display order (built one by one as they are read)."""
        return EntryRows(self._stored, self._order)

    def set_entries(self, entries: Sequence[LogEntry]) -> None:
        """A loaded log (``SideEffectLog.load_lazy``) or any entries."""
        self.beginResetModel()
        self._set_stored(
            entries if isinstance(entries, StoredEntries) else StoredEntries.from_entries(entries)
        )
        self.endResetModel()

    def _set_stored(self, stored: StoredEntries) -> None:
        self._stored = stored
        self._order = list(range(len(stored)))
        self._apply_sort()

    def symptom_at(self, row: int) -> str:
        return self._stored.symptom(self._order[row])

    def night_at(self, row: int) -> date:
        return self._stored.night(self._order[row])

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._order)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        entry = self._stored.entry(self._order[index.row()])
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
        entry = self._stored.entry(self._order[index.row()])
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
        self.beginResetModel()
        for entry in entries:
            self._order.append(self._stored.append(entry))
        self._apply_sort()
        self.endResetModel()

    def remove(self, entries: Sequence[LogEntry]) -> None:
        gone = {e.id for e in entries}
        ids = self._stored.entry_id
        self.beginResetModel()
        self._set_stored(self._stored.keeping([i for i in self._order if ids(i) not in gone]))
        self.endResetModel()

    def replace(self, old: LogEntry, new: LogEntry) -> None:
        row = self.row_of(old.id)
        if row >= 0:
            self._stored.put(self._order[row], new)
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def row_of(self, entry_id: str) -> int:
        ids = self._stored.entry_id
        return next((r for r, i in enumerate(self._order) if ids(i) == entry_id), -1)

    # -- sorting -----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self.layoutChanged.emit()

    def _apply_sort(self) -> None:
        column, order = self._sort
        stored = self._stored
        key: Callable[[int], Any]
        if column == LOGGED:  # the default order: no entry needs building
            key = stored.instants().__getitem__
        elif column == NIGHT:
            key = lambda i: (stored.night(i), stored.instant(i))  # noqa: E731
        else:
            by = SORT_KEYS[column]
            key = lambda i: by(stored.entry(i))  # noqa: E731
        self._order.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)


class EntryRows(Sequence[LogEntry]):
    """The table's entries in display order; an entry is built when it is read."""

    def __init__(self, stored: StoredEntries, order: list[int]) -> None:
        self._stored = stored
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> LogEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[LogEntry]: ...

    def __getitem__(self, index: int | slice) -> LogEntry | list[LogEntry]:
        if isinstance(index, slice):
            return [self._stored.entry(i) for i in self._order[index]]
        return self._stored.entry(self._order[index])

    def __iter__(self) -> Iterator[LogEntry]:
        return map(self._stored.entry, self._order)

    def night_span(self) -> tuple[date, date] | None:
        """The first and last night, without building entries (None when empty)."""
        if not self._order:
            return None
        return night_span(self._stored.instants())  # the rows are all the stored entries


# Two instants this far apart are in the same order on any wall clock (UTC offsets are < 24 h).
_OFFSETS_APART = timedelta(hours=48)


def night_span(instants: Sequence[datetime]) -> tuple[date, date]:
    """First and last night of these (non-empty) date-times: only the few within two days of the
    earliest and the latest instant can hold them, so only those are converted to nights."""
    low, high = min(instants), max(instants)
    firsts = filter((low + _OFFSETS_APART).__ge__, instants)
    lasts = filter((high - _OFFSETS_APART).__le__, instants)
    return min(map(night_of, firsts)), max(map(night_of, lasts))


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
        if self.symptom is None and self.first is None and self.last is None:
            return True
        model: LogTableModel = self.sourceModel()  # type: ignore[assignment]
        if self.symptom is not None and model.symptom_at(source_row) != self.symptom:
            return False
        if self.first is None and self.last is None:
            return True
        night = model.night_at(source_row)
        return (self.first is None or night >= self.first) and (
            self.last is None or night <= self.last
        )

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def entry_at(self, proxy_row: int) -> LogEntry:
        source = self.mapToSource(self.index(proxy_row, 0))
        return self.sourceModel().entries[source.row()]  # type: ignore[attr-defined,no-any-return]
