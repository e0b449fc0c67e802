"""The single place that turns errors and questions into what the user sees (dialogs).

Nothing else in ``ui/`` calls QMessageBox, so tests have one module to patch.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

# QMessageBox is set up (a large class) when the first message is shown, not at start-up


def show_error(
    parent: QWidget | None, error: BaseException | str, title: str = "LDN Desktop"
) -> None:
    """An expected problem the user can act on (never a traceback)."""
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, title, str(error))


@contextmanager
def busy() -> Iterator[None]:
    """The wait cursor while the program works without answering (reading 2,000 compounding
    records takes about a second, a release moving older months out of ``pharmacy.json`` a
    moment); put back however it ends."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QCursor, QGuiApplication

    QGuiApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


def inform(parent: QWidget | None, text: str, title: str = "LDN Desktop") -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.information(parent, title, text)


def confirm(parent: QWidget | None, title: str, text: str, *, destructive: bool = False) -> bool:
    """Yes/No question; the safe answer (No) is the default for destructive actions."""
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    default = QMessageBox.StandardButton.No if destructive else QMessageBox.StandardButton.Yes
    answer = QMessageBox.question(parent, title, text, buttons, default)
    return answer == QMessageBox.StandardButton.Yes


UNSAVED_ANSWERS = ("save", "discard", "cancel")


def ask_unsaved(parent: QWidget | None, action: str, summaries: list[str]) -> str:
    """Save / Discard / Cancel before ``action`` (e.g. "quitting"); returns one of UNSAVED_ANSWERS.

    Save is the default button (Enter) and Escape cancels, so a stray key never loses work.
    """
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setObjectName("unsavedChangesBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved changes")
    box.setText(f"Save your changes before {action}?")
    box.setInformativeText("\n".join(f"• {line}" for line in summaries))
    box.setStandardButtons(
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box.setDefaultButton(QMessageBox.StandardButton.Save)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    discard = box.button(QMessageBox.StandardButton.Discard)
    discard.setText("&Discard changes")
    answer = box.exec()
    if answer == QMessageBox.StandardButton.Save:
        return "save"
    if answer == QMessageBox.StandardButton.Discard:
        return "discard"
    return "cancel"


def show_crash(parent: QWidget | None, summary: str, details: str) -> None:
    """The excepthook's dialog: a short message, the traceback under "Show Details..."."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("LDN Desktop: something went wrong")
    box.setText(
        "Something went wrong. Your saved data is safe; the last change may not have been saved."
    )
    box.setInformativeText(summary)
    box.setDetailedText(details)
    box.exec()
