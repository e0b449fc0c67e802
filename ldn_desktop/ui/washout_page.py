"""The Washout page (its issue builds it; until then it says what it will hold)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page


class WashoutPage(Page):
    """Checks a patient's opioid history and gives the earliest safe naltrexone start, with the reason and source for each drug."""

    title = "Washout"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        note = QLabel(
            "<h2>Washout</h2><p>Checks a patient's opioid history and gives the earliest safe naltrexone start, with the reason and source for each drug.</p><p>Not available in this version yet.</p>"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
