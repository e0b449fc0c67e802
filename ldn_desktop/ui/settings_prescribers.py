"""The Settings page's list of prescribers: name, credentials, phone, and which one is the default.

The default prescriber is who signs a titration change unless someone else is named, and whose
name and phone are printed on calendars and washout summaries. Rows are checked by
``core.settings_values`` (``check_prescriber``, ``check_prescriber_list``) when Settings are saved.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.settings_values import (
    MAX_PRESCRIBERS,
    Prescriber,
    check_prescriber,
    check_prescriber_list,
)
from ldn_desktop.ui.widgets import FieldError

COLUMNS = ("Default", "Name", "Credentials", "Phone")


class PrescribersBox(QGroupBox):
    """Signals: changed() after any edit (a row added, removed, typed in, or made the default)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Prescribers", parent)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setAccessibleName("Prescribers")
        self.table.setHorizontalHeaderLabels(list(COLUMNS))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setMinimumHeight(120)
        self.add_button = QPushButton("Add prescriber")
        self.remove_button = QPushButton("Remove")
        self.error = FieldError(self)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(self.error)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemChanged.connect(self._on_item_changed)
        self._loading = False

    # -- rows ----------------------------------------------------------------------------------

    def load(self, prescribers: tuple[Prescriber, ...], default: int | None) -> None:
        self._loading = True
        self.table.setRowCount(0)
        for row, prescriber in enumerate(prescribers):
            self._append(prescriber, is_default=row == default)
        self._loading = False
        self.error.clear_message()
        self._update_buttons()

    def _append(self, prescriber: Prescriber, *, is_default: bool) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        mark = QTableWidgetItem()
        mark.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        mark.setCheckState(Qt.CheckState.Checked if is_default else Qt.CheckState.Unchecked)
        mark.setToolTip("Signs plan changes and is printed on calendars unless another is named")
        self.table.setItem(row, 0, mark)
        for column, text in enumerate(
            (prescriber.name, prescriber.credentials, prescriber.phone), start=1
        ):
            self.table.setItem(row, column, QTableWidgetItem(text))
        return row

    def add_row(self) -> None:
        """A new empty row, ready to type the name (the first prescriber becomes the default)."""
        if self.table.rowCount() >= MAX_PRESCRIBERS:
            self.error.show_message(f"Prescribers: at most {MAX_PRESCRIBERS}.")
            return
        self._loading = True
        row = self._append(Prescriber(""), is_default=self.table.rowCount() == 0)
        self._loading = False
        self.table.setCurrentCell(row, 1)
        self.table.editItem(self.table.item(row, 1))
        self._update_buttons()
        self.changed.emit()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if row < 0:
            return
        was_default = self._default_row() == row
        self.table.removeRow(row)
        if was_default and self.table.rowCount():
            self._set_default(0)
        self._update_buttons()
        self.changed.emit()

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._loading:
            return
        if item.column() == 0 and item.checkState() == Qt.CheckState.Checked:
            self._set_default(item.row())
        elif item.column() == 0 and self._default_row() is None and self.table.rowCount():
            self._set_default(item.row())  # one prescriber is always the default
        self.changed.emit()

    def _set_default(self, chosen: int) -> None:
        self._loading = True
        for row in range(self.table.rowCount()):
            state = Qt.CheckState.Checked if row == chosen else Qt.CheckState.Unchecked
            self.table.item(row, 0).setCheckState(state)
        self._loading = False

    def _default_row(self) -> int | None:
        for row in range(self.table.rowCount()):
            if self.table.item(row, 0).checkState() == Qt.CheckState.Checked:
                return row
        return None

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.table.rowCount() > 0)

    # -- reading -------------------------------------------------------------------------------

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text() if item is not None else ""

    def value(self) -> tuple[tuple[Prescriber, ...], int | None]:
        """The prescribers as typed and the default's index; InputError (shown under the table)
        for a bad row. Rows left completely empty are dropped."""
        rows = [
            row
            for row in range(self.table.rowCount())
            if any(self._text(row, c).strip() for c in (1, 2, 3))
        ]
        try:
            prescribers = [
                check_prescriber(self._text(r, 1), self._text(r, 2), self._text(r, 3)) for r in rows
            ]
            default_row = self._default_row()
            default = rows.index(default_row) if default_row in rows else None
            checked = check_prescriber_list(prescribers, default)
        except InputError as exc:
            self.error.show_message(str(exc))
            raise
        self.error.clear_message()
        return checked
