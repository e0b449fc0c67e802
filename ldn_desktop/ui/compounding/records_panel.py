"""The list of compounding records, searchable by lot, patient and date; opens one read-only."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.compounding import CompoundingRecord, search_records

COLUMNS = ["Lot", "Compounded", "Preparation", "Patient", "Quantity", "BUD", "Status"]


class RecordsPanel(QWidget):
    """Signals: opened(str lot)."""

    opened = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.records: list[CompoundingRecord] = []
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
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("recordsTable")
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Compounding records")
        layout.addWidget(self.table, 1)
        self.search.textChanged.connect(self._show)
        self.table.cellDoubleClicked.connect(lambda row, _col: self._open_row(row))
        self.open_button.clicked.connect(lambda: self._open_row(self.table.currentRow()))

    def set_records(self, records: Sequence[CompoundingRecord]) -> None:
        self.records = list(records)
        self._show()

    def visible_lots(self) -> list[str]:
        return [self.table.item(row, 0).text() for row in range(self.table.rowCount())]

    def _status(self, record: CompoundingRecord) -> str:
        replaced = next((r.lot for r in self.records if r.replaces == record.lot), None)
        if replaced:
            return f"replaced by {replaced}"
        return f"corrects {record.replaces}" if record.replaces else "released"

    def _show(self) -> None:
        found = search_records(self.records, self.search.text())
        self.table.setRowCount(len(found))
        for row, record in enumerate(found):
            draft = record.draft
            cells = (
                record.lot,
                draft.compounded_on.isoformat(),
                draft.title,
                draft.patient_name or "—",
                draft.quantity_label,
                draft.bud.isoformat(),
                self._status(record),
            )
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, record.lot)
                self.table.setItem(row, column, item)

    def _open_row(self, row: int) -> None:
        item = self.table.item(row, 0) if row >= 0 else None
        if item is not None:
            self.opened.emit(item.text())
