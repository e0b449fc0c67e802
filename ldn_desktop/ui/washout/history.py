"""Earlier saved washout assessments of the current patient (newest first), viewable again.

Built with the first page, so nothing here uses PySide6's ``Qt`` namespace (``ui/main_window``):
the shown assessments are kept in a list beside the rows rather than in the items' data roles,
and "none saved yet" is a line of text rather than a disabled row.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core import washout
from ldn_desktop.core.washout import people
from ldn_desktop.storage.washout import SavedAssessment
from ldn_desktop.ui.plain_text import plain


def describe(saved: SavedAssessment) -> str:
    """``1 Mar 2026 09:30 · ✖ NOT_CLEAR · earliest 8 Mar 2026 20:00 · 2 medication(s)``."""
    from ldn_desktop.reports.render_washout import STATUS_SYMBOLS  # once there is one to show

    when = people(saved.saved_at.astimezone().replace(tzinfo=None))
    try:
        symbol = STATUS_SYMBOLS[washout.Status(saved.status)]
    except ValueError:
        symbol = "?"
    earliest = saved.result.get("earliest_start")
    shown = people(datetime.fromisoformat(earliest)) if earliest else "—"
    count = len(saved.inputs.get("medications", []))
    return f"{when} · {symbol} {saved.status} · earliest {shown} · {count} medication(s)"


class HistoryPanel(QWidget):
    """Signal: assessment_chosen(SavedAssessment) when the user opens an earlier one."""

    assessment_chosen = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel("<b>Saved assessments</b>")
        self.list = QListWidget()
        self.list.setAccessibleName("Saved assessments")
        self.list.setMaximumHeight(140)
        self.list.hide()
        self.none_saved = QLabel("No assessment saved yet.")
        self._shown: list[SavedAssessment] = []  # row by row, as listed
        self.open_button = QPushButton("Show selected")
        self.open_button.setEnabled(False)
        self.open_button.hide()  # with the list
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.list)
        layout.addWidget(self.none_saved)
        layout.addWidget(self.problem)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.list.currentRowChanged.connect(lambda r: self.open_button.setEnabled(r >= 0))
        self.list.itemActivated.connect(lambda _item: self._open())
        self.open_button.clicked.connect(self._open)

    def set_assessments(self, saved: Sequence[SavedAssessment], problem: str = "") -> None:
        self.list.clear()
        self._shown = list(reversed(saved))
        for item in self._shown:
            self.list.addItem(QListWidgetItem(describe(item)))
        self.list.setVisible(bool(saved))
        self.none_saved.setVisible(not saved)
        self.open_button.setVisible(bool(saved))
        if problem:  # it may quote a path or a name: as written (Qt only when there is one)
            plain(self.problem)
        self.problem.setText(f"⚠ {problem}" if problem else "")
        self.problem.setVisible(bool(problem))
        self.open_button.setEnabled(False)

    def _open(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self._shown):
            self.assessment_chosen.emit(self._shown[row])
