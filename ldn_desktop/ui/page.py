"""The base of every page in the main window's navigation."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ldn_desktop.ui.app_context import AppContext


class Page(QWidget):
    """A page knows its title, follows the current patient and may print.

    Subclasses override ``set_patient`` and, when they print, ``can_print`` / ``print_preview``
    / ``export_pdf``. The main window's File > Print and Export PDF act on the current page.
    """

    title = "Page"
    shortcut = ""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName(type(self).__name__)
        context.patient_changed.connect(self.set_patient)

    def set_patient(self, patient_id: str | None) -> None:
        """Show the data of ``patient_id`` (None: no patient chosen)."""

    def can_print(self) -> bool:
        return False

    def print_preview(self) -> None:
        """Open the print preview of what this page prints."""

    def export_pdf(self) -> None:
        """Ask for a file name and write this page's printout as PDF."""
