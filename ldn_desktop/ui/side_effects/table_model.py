"""The log as a table: a thin QAbstractTableModel over the entries, and a filtering proxy.

Built for ten years of nightly entries (20,000+): the rows are a ``StoredEntries`` (entries built
from their stored form only when first used) and a list of indices in display order, so opening a
patient builds only the entries on screen; ``data`` formats only the cells on screen; sorting is
one Python ``list.sort`` of the indices in the source model (the proxy forwards to it instead of
comparing row pairs through Qt), by date-time without building any entry; the filter keeps a list
of the indices it passes, reading symptom and night without building entries, and does nothing
when no filter is set; the proxy the table shows maps rows one for one (no work per row).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QIdentityProxyModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ldn_desktop.core.dates import format_moment
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
from ldn_desktop.storage.stored_entries import EntryRows, StoredEntries
from ldn_desktop.ui.plain_text import tooltip

Index = QModelIndex | QPersistentModelIndex
NIGHT, LOGGED, SYMPTOM, SEVERITY, SLEEP, QUALITY, DOSE, DOSE_TIME, NOTE = range(9)
HEADERS = ("Night", "Logged", "Symptom", "Severity", "Sleep h", "Sleep", "Dose", "Taken at", "Note")
EDITABLE = {LOGGED, SYMPTOM, SEVERITY, SLEEP, QUALITY, DOSE, DOSE_TIME, NOTE}
_LAST = (1, 0.0)  # blanks sort after values
# the roles ``data`` answers, as plain ints: a view asks each cell on screen for about seven
# roles per paint, and comparing an int with PySide's enum members is a Python call each time
_TEXT_ROLES = frozenset({Qt.ItemDataRole.DisplayRole.value, Qt.ItemDataRole.EditRole.value})
_ALIGNMENT_ROLE = Qt.ItemDataRole.TextAlignmentRole.value
_TOOLTIP_ROLE = Qt.ItemDataRole.ToolTipRole.value
_RIGHT_ALIGNED = (Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter).value


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


def cell_text(entry: LogEntry, column: int, decimal_mark: str = ".") -> str:
    """A cell as shown, numbers in the user's notation (``1,5 mg`` and ``6,5`` h in a
    decimal-comma locale): what an edit starts from, read back by ``edited_entry``."""
    if column == NIGHT:
        return format_day(entry.night)
    if column == LOGGED:
        return format_moment(entry.at)
    if column == SYMPTOM:
        return entry.symptom_text
    if column == SEVERITY:
        return str(entry.severity)
    if column == SLEEP:
        return format_hours(entry.sleep_hours, decimal_mark)
    if column == QUALITY:
        q = entry.sleep_quality
        return "" if q is None else f"{q} {SLEEP_QUALITY_WORDS[q]}"
    if column == DOSE:
        return entry.dose_label(decimal_mark)
    if column == DOSE_TIME:
        return "" if entry.dose_time is None else entry.dose_time.strftime("%H:%M")
    return entry.note


def edited_entry(
    entry: LogEntry,
    column: int,
    text: str,
    now: datetime,
    symptoms: tuple[Symptom, ...],
    decimal_mark: str = ".",
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
        dose, missed = parse_dose_taken(text, decimal_mark)
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

    def __init__(self, decimal_mark: str = ".", parent: Any = None) -> None:
        super().__init__(parent)
        self.decimal_mark = decimal_mark  # the user's locale's, for the cells shown and edited
        self._stored = StoredEntries.from_entries(())
        self._order: list[int] = []  # every entry, in display order (indices into _stored)
        self._shown: list[int] = []  # the rows: _order, or the part of it the filter keeps
        self._filter: tuple[str | None, date | None, date | None] = (None, None, None)
        self.symptoms: tuple[Symptom, ...] = ()
        self._sort: tuple[int, Qt.SortOrder] = (LOGGED, Qt.SortOrder.DescendingOrder)

    @property
    def entries(self) -> EntryRows:
        """All entries (filtered or not) in display order, built one by one as they are read."""
        return EntryRows(self._stored, self._order)

    def entry_at(self, row: int) -> LogEntry:
        return self._stored.entry(self._shown[row])

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
        self._apply_filter()

    # -- filtering (rows are the entries of one symptom and/or a range of nights) -------------

    def set_filter(self, symptom: str | None, first: date | None, last: date | None) -> None:
        self.beginResetModel()
        self._filter = (symptom, first, last)
        self._apply_filter()
        self.endResetModel()

    def _apply_filter(self) -> None:
        """Reads symptoms and nights without building entries; no work at all when unfiltered."""
        symptom, first, last = self._filter
        rows, stored = self._order, self._stored
        if symptom is not None:
            rows = [i for i in rows if stored.symptom(i) == symptom]
        if first is not None or last is not None:
            low, high = first or date.min, last or date.max
            rows = [i for i in rows if low <= stored.night(i) <= high]
        self._shown = rows

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._shown)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        return None

    def data(self, index: Index, role: int = 0) -> Any:
        if not index.isValid():
            return None
        if role in _TEXT_ROLES:
            return cell_text(self.entry_at(index.row()), index.column(), self.decimal_mark)
        if role == _ALIGNMENT_ROLE and index.column() in (SEVERITY, SLEEP):
            return _RIGHT_ALIGNED
        if role == _TOOLTIP_ROLE and index.column() == NOTE:
            note = self.entry_at(index.row()).note
            return tooltip(note) if note else None
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in EDITABLE:
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: Index, value: Any, role: int = 2) -> bool:
        if not index.isValid() or role != Qt.ItemDataRole.EditRole:
            return False
        entry = self.entry_at(index.row())
        column, mark = index.column(), self.decimal_mark
        if str(value).strip() == cell_text(entry, column, mark):
            return False
        try:
            now = datetime.now().astimezone()
            changed = edited_entry(entry, column, str(value), now, self.symptoms, mark)
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
        self._apply_filter()
        self.endResetModel()

    def remove(self, entries: Sequence[LogEntry]) -> None:
        gone = {e.id for e in entries}
        ids = self._stored.entry_id
        self.beginResetModel()
        self._set_stored(self._stored.keeping([i for i in self._order if ids(i) not in gone]))
        self.endResetModel()

    def replace(self, old: LogEntry, new: LogEntry) -> None:
        ids = self._stored.entry_id
        stored_index = next((i for i in self._order if ids(i) == old.id), -1)
        if stored_index < 0:
            return
        self._stored.put(stored_index, new)
        row = self.row_of(new.id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(HEADERS) - 1))

    def row_of(self, entry_id: str) -> int:
        """The row showing that entry (-1: none, or filtered out)."""
        ids = self._stored.entry_id
        return next((r for r, i in enumerate(self._shown) if ids(i) == entry_id), -1)

    # -- sorting -----------------------------------------------------------------------------

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort = (column, order)
        self._apply_sort()
        self._apply_filter()
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


class LogFilterProxy(QIdentityProxyModel):
    """What the table shows: the source model's rows, one for one. Filtering and sorting happen in
    the source model over lists of indices; a QSortFilterProxyModel mapped all 20,000 rows on
    every reset (a third of the time to open a large log)."""

    def set_filter(self, symptom: str | None, first: date | None, last: date | None) -> None:
        self.sourceModel().set_filter(symptom, first, last)  # type: ignore[attr-defined]

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.sourceModel().sort(column, order)

    def entry_at(self, proxy_row: int) -> LogEntry:
        return self.sourceModel().entry_at(proxy_row)  # type: ignore[attr-defined,no-any-return]
