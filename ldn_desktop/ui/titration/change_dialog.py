"""Asks who makes a plan change and why (kept with the new plan version)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import InputError
from ldn_desktop.ui.plain_text import plain
from ldn_desktop.ui.widgets import ValidatedField


@dataclass(frozen=True)
class ChangeNote:
    by: str
    reason: str


def _need(text: str, field: str, message: str) -> str:
    if not text.strip():
        raise InputError(message, field)
    if len(text) > 2000:
        raise InputError(f"{field}: at most 2000 characters.", field)
    return text.strip()


class ChangeDialog(QDialog):
    """ "Who" is required; "Why" is required for every change after the first version."""

    def __init__(
        self, parent: QWidget | None, summary: str, by: str, *, reason_required: bool
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Save plan version")
        self.reason_required = reason_required
        self.by_field = ValidatedField(
            QLineEdit(by), lambda t: _need(t, "Who", "Who: say who makes this change.")
        )
        self.by_field.editor.setAccessibleName("Who")
        self.reason_field = ValidatedField(QLineEdit(), self._parse_reason)
        self.reason_field.editor.setAccessibleName("Why")
        self.reason_field.editor.setPlaceholderText(
            "e.g. vivid dreams at 3 mg" if reason_required else "optional for the first plan"
        )
        summary_label = plain(QLabel(summary))  # with the reason for the start as typed
        summary_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Who", self.by_field)
        form.addRow("Why", self.reason_field)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(summary_label)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _parse_reason(self, text: str) -> str:
        if self.reason_required:
            return _need(text, "Why", "Why: say why the plan changes.")
        return text.strip()[:2000]

    def accept(self) -> None:
        try:
            self.by_field.value()
            self.reason_field.value()
        except InputError:
            return
        super().accept()

    def note(self) -> ChangeNote:
        return ChangeNote(self.by_field.value(), self.reason_field.value())

    @classmethod
    def ask(
        cls, parent: QWidget | None, summary: str, by: str, *, reason_required: bool
    ) -> ChangeNote | None:
        dialog = cls(parent, summary, by, reason_required=reason_required)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.note()
