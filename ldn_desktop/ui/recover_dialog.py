"""Settings ▸ Data ▸ Recover a document…: choose a damaged document to put back from its backup."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.storage.recovery import DamagedDocument


class RecoverDocumentDialog(QDialog):
    """Lists the damaged documents; the chosen one is put back from its newest valid backup."""

    def __init__(self, parent: QWidget | None, damaged: list[DamagedDocument]) -> None:
        super().__init__(parent)
        self.setWindowTitle("Recover a document")
        label = QLabel(
            "These documents are damaged. The chosen one is put back from its newest valid "
            "backup; the damaged copy stays where it is."
        )
        label.setWordWrap(True)
        self.listing = QListWidget()
        self.listing.setAccessibleName("Damaged documents")
        for document in damaged:
            item = QListWidgetItem(document.describe())
            item.setData(Qt.ItemDataRole.UserRole, document)
            if document.backup is None:
                item.setToolTip("No valid backup: it cannot be recovered here")
            self.listing.addItem(item)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = QPushButton("&Restore the backup")
        self.restore_button.setEnabled(False)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.listing.currentRowChanged.connect(self._on_row_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.listing)
        layout.addWidget(buttons)
        self.resize(620, 320)

    def _on_row_changed(self, row: int) -> None:
        chosen = self.chosen()
        self.restore_button.setEnabled(chosen is not None and chosen.backup is not None)

    def chosen(self) -> DamagedDocument | None:
        item = self.listing.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    @classmethod
    def ask(cls, parent: QWidget | None, damaged: list[DamagedDocument]) -> DamagedDocument | None:
        dialog = cls(parent, damaged)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.chosen()
        return None
