"""The Side effects page (its issue builds it; until then it says what it will hold)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page


class SideEffectsPage(Page):
    """The nightly side-effect log (sleep first), its summary per dose step and a chart against the dose."""

    title = "Side effects"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        note = QLabel(
            "<h2>Side effects</h2><p>The nightly side-effect log (sleep first), its summary per dose step and a chart against the dose.</p><p>Not available in this version yet.</p>"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
