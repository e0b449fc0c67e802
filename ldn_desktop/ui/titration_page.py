"""The Titration page (its issue builds it; until then it says what it will hold)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page


class TitrationPage(Page):
    """Builds the titration calendar (Standard, Gentle, Weekly or custom steps), prints it for the patient and tells the pharmacy how many capsules of each strength."""

    title = "Titration"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        layout = QVBoxLayout(self)
        note = QLabel(
            "<h2>Titration</h2><p>Builds the titration calendar (Standard, Gentle, Weekly or custom steps), prints it for the patient and tells the pharmacy how many capsules of each strength.</p><p>Not available in this version yet.</p>"
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addStretch(1)
