"""The Compounding page (its issue builds it; until then it says what it will hold)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page


class CompoundingPage(Page):
    """Turns a prescription into exact weighings: API or crushed tablets, filler and aliquots, with a compounding record (lot, beyond-use date), a worksheet and a label."""

    title = "Compounding"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        note = QLabel(
            "<h2>Compounding</h2><p>Turns a prescription into exact weighings: API or crushed tablets, filler and aliquots, with a compounding record (lot, beyond-use date), a worksheet and a label.</p><p>Not available in this version yet.</p>"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
