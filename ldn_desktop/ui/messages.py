"""The single place that turns errors and questions into what the user sees (dialogs).

Nothing else in ``ui/`` calls QMessageBox, so tests have one module to patch. Every box shows its
texts as plain text: they quote names, notes and paths as typed (``ui/plain_text``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from ldn_desktop.ui.plain_text import plain_message_box

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox, QWidget

# QMessageBox is set up (a large class) when the first message is shown, not at start-up


def _box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton | None = None,
    default: QMessageBox.StandardButton | None = None,
    *,
    informative: str = "",
) -> QMessageBox:
    """What ``QMessageBox.warning`` and its kin show, ``text`` and ``informative`` as plain
    text."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setText(text)
    box.setStandardButtons(buttons or QMessageBox.StandardButton.Ok)
    if default is not None:
        box.setDefaultButton(default)
    if informative:
        box.setInformativeText(informative)
    return plain_message_box(box)


def show_error(
    parent: QWidget | None, error: BaseException | str, title: str = "LDN Desktop"
) -> None:
    """An expected problem the user can act on (never a traceback)."""
    from PySide6.QtWidgets import QMessageBox

    _box(parent, QMessageBox.Icon.Warning, title, str(error)).exec()


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

    _box(parent, QMessageBox.Icon.Information, title, text).exec()


def confirm(parent: QWidget | None, title: str, text: str, *, destructive: bool = False) -> bool:
    """Yes/No question; the safe answer (No) is the default for destructive actions."""
    from PySide6.QtWidgets import QMessageBox

    buttons = QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No
    default = QMessageBox.StandardButton.No if destructive else QMessageBox.StandardButton.Yes
    answer = _box(parent, QMessageBox.Icon.Question, title, text, buttons, default).exec()
    return answer == QMessageBox.StandardButton.Yes


UNSAVED_ANSWERS = ("save", "discard", "cancel")


def ask_unsaved(parent: QWidget | None, action: str, summaries: list[str]) -> str:
    """Save / Discard / Cancel before ``action`` (e.g. "quitting"); returns one of UNSAVED_ANSWERS.

    Save is the default button (Enter) and Escape cancels, so a stray key never loses work.
    """
    from PySide6.QtWidgets import QMessageBox

    buttons = (
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel
    )
    box = _box(
        parent,
        QMessageBox.Icon.Warning,
        "Unsaved changes",
        f"Save your changes before {action}?",
        buttons,
        QMessageBox.StandardButton.Save,
        informative="\n".join(f"• {line}" for line in summaries),
    )
    box.setObjectName("unsavedChangesBox")
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

    box = _box(
        parent,
        QMessageBox.Icon.Critical,
        "LDN Desktop: something went wrong",
        "Something went wrong. Your saved data is safe; the last change may not have been saved.",
        informative=summary,
    )
    box.setDetailedText(details)
    box.exec()
