"""The start decision on the Titration page: the note under the start date and the dialog that
asks for a reason when the start needs one (``core.titration.titration_start`` decides)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.titration import StartVerdict, TitrationStart, format_day
from ldn_desktop.ui.plain_text import rich


def start_note(decision: TitrationStart) -> str:
    """Plain text for the label under the start date."""
    lines = []
    if decision.earliest_day is not None:
        lines.append(f"Washout: earliest start {format_day(decision.earliest_day)}.")
    if decision.problems:
        head = "⛔ Not allowed" if decision.verdict is StartVerdict.BLOCKED else "⚠ Needs a reason"
        if decision.override_reason:
            head += " (reason recorded)"
        lines.append(f"{head}: {'; '.join(decision.problems)}.")
    lines += [f"⚠ {w}" for w in decision.warnings]
    if not lines:
        lines.append("Start allowed by the saved washout check.")
    return "\n".join(lines)


class StartReasonDialog(QDialog):
    """Says why the start is not accepted as it is and asks for the reason to save anyway."""

    def __init__(self, decision: TitrationStart, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        blocked = decision.verdict is StartVerdict.BLOCKED
        self.setWindowTitle("Start not allowed" if blocked else "Reason for this start")
        intro = (
            "The washout check does not allow this start:"
            if blocked
            else "This start needs a reason, kept with the plan:"
        )
        items = "".join(f"<li>{escape(p)}</li>" for p in decision.problems)
        message = rich(QLabel(f"{intro}<ul>{items}</ul>Save anyway only with a reason (required)."))
        message.setWordWrap(True)
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for this start")
        self.reason.setPlaceholderText("e.g. specialist agreed; opioid history confirmed")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("Save with this reason")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._update)
        layout = QVBoxLayout(self)
        layout.addWidget(message)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self._update()

    def _update(self) -> None:
        button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        button.setEnabled(bool(self.reason.text().strip()))

    @classmethod
    def ask(cls, parent: QWidget | None, decision: TitrationStart) -> str | None:
        """The reason typed, or None when cancelled."""
        dialog = cls(decision, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.reason.text().strip() or None
