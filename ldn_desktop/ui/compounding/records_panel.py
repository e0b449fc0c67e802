"""The list of compounding records, searchable by lot, patient and date; opens one read-only.

A pharmacy's records grow by hundreds a year, and the list is searched as the user types. It is
a view over a model that gives Qt the text of the rows it draws, and the column widths follow
the rows in view: a table widget with an item per cell, whose columns fitted every row, spent
6.4 s on one key with 200 records and over 5 minutes with 2,000 (issue 14).

The columns are fitted by the panel, not by the header's ResizeToContents mode: Qt fits such a
column to *every* row while the table is not visible (``QTableView::sizeHintForColumn``), and the
list spends most of its life hidden behind the Calculation tab. Opening the page and showing a
released record (whose style sheet re-lays out the page) each asked for all 2,000 rows.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.compounding import CompoundingRecord, RecordSearch
from ldn_desktop.core.units import with_decimal_mark

COLUMNS = ["Lot", "Compounded", "Preparation", "Patient", "Quantity", "BUD", "Status"]

Index = QModelIndex | QPersistentModelIndex


class RecordsModel(QAbstractTableModel):
    """The records found, newest first; a row's text is made when the view asks for it."""

    def __init__(self, decimal_mark: str = ".") -> None:
        super().__init__()
        self.decimal_mark = decimal_mark  # the title and quantity, as the rest of the window
        self.found: list[CompoundingRecord] = []
        self.replaced_by: dict[str, str] = {}  # lot -> the lot of its correction
        self._shown: dict[int, tuple[str, ...]] = {}  # row -> its cells, once drawn

    def show(self, found: list[CompoundingRecord], replaced_by: dict[str, str]) -> None:
        self.beginResetModel()
        self.found = found
        self.replaced_by = replaced_by
        self._shown = {}
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  Qt's default
        return 0 if parent.isValid() else len(self.found)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008  Qt's default
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        row = index.row()
        if role == Qt.ItemDataRole.DisplayRole:
            cells = self._shown.get(row)
            if cells is None:  # Qt asks for each cell several times as it lays out and paints
                cells = self._shown[row] = self.cells(self.found[row])
            return cells[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return self.found[row].lot
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def cells(self, record: CompoundingRecord) -> tuple[str, ...]:
        draft = record.draft
        return (
            record.lot,
            draft.compounded_on.isoformat(),
            with_decimal_mark(draft.title, self.decimal_mark),
            draft.patient_name or "—",
            with_decimal_mark(draft.quantity_label, self.decimal_mark),
            draft.bud.isoformat(),
            self.status(record),
        )

    def status(self, record: CompoundingRecord) -> str:
        replaced = self.replaced_by.get(record.lot)
        if replaced:
            return f"replaced by {replaced}"
        return f"corrects {record.replaces}" if record.replaces else "released"


class RecordsPanel(QWidget):
    """Signals: opened(str lot)."""

    opened = Signal(str)

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[CompoundingRecord] = []
        self._search = RecordSearch([])
        self._replaced_by: dict[str, str] = {}
        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search by lot, patient or date (e.g. 2026-03)")
        self.search.setAccessibleName("Search records")
        self.search.setClearButtonEnabled(True)
        self.open_button = QPushButton("Open")
        self.open_button.setToolTip("Open the selected record read-only")
        bar.addWidget(self.search, 1)
        bar.addWidget(self.open_button)
        layout.addLayout(bar)
        self.reading = QLabel("Reading the compounding records…")
        self.reading.setObjectName("recordsReading")
        self.reading.setVisible(False)
        layout.addWidget(self.reading)
        self.model = RecordsModel(decimal_mark)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setObjectName("recordsTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # see the module's note
        header.setResizeContentsPrecision(0)  # fit the rows in view, not every record
        header.setStretchLastSection(True)
        self._fit_pending = False
        self.model.modelReset.connect(self._fit_columns)
        self.table.setAccessibleName("Compounding records")
        layout.addWidget(self.table, 1)
        self.search.textChanged.connect(self._show)
        self.table.doubleClicked.connect(lambda index: self._open_row(index.row()))
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentIndex().row()))

    def set_records(self, records: Sequence[CompoundingRecord]) -> None:
        self.records = list(records)
        self._search = RecordSearch(self.records)
        self._replaced_by = {}
        for record in self.records:  # the first correction of a lot (release allows only one)
            if record.replaces:
                self._replaced_by.setdefault(record.replaces, record.lot)
        self._show()

    def set_reading(self, reading: bool) -> None:
        """While the records are read (on a thread when there are many): said above the list,
        which cannot be opened from until they are read."""
        self.reading.setVisible(reading)
        self.table.setEnabled(not reading)
        self.open_button.setEnabled(not reading)

    def record(self, lot: str) -> CompoundingRecord | None:
        """The listed record with that lot (None: not in the list)."""
        return next((record for record in self.records if record.lot == lot), None)

    def replaced_by(self, lot: str) -> str | None:
        """The lot of the listed correction of ``lot`` (None: it stands)."""
        return self._replaced_by.get(lot)

    def visible_lots(self) -> list[str]:
        return [record.lot for record in self.model.found]

    def _show(self) -> None:
        found = self._search.find(self.search.text())
        self.model.show(found, self._replaced_by)

    def _fit_columns(self) -> None:
        """Fit the columns to the rows in view; hidden, when the list is next shown. A search
        that finds nothing keeps the widths (the columns do not jump back to their titles)."""
        if not self.table.isVisible():
            self._fit_pending = True
        elif self.model.rowCount():
            self._fit_pending = False
            self.table.resizeColumnsToContents()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self._fit_columns()

    def _open_row(self, row: int) -> None:
        if 0 <= row < len(self.model.found):
            self.opened.emit(self.model.found[row].lot)
