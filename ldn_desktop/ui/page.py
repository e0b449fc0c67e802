"""The base of every page in the main window's navigation."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from ldn_desktop.ui.app_context import AppContext


class Page(QWidget):
    """A page knows its title, follows the current patient and may print.

    Subclasses override ``set_patient`` and, when they print, ``can_print`` / ``print_preview``
    / ``export_pdf``. The main window's File > Print and Export PDF act on the current page.

    A page that holds a draft (typed but not saved) reports it through ``has_unsaved_changes``
    and ``unsaved_summary``, and saves or drops it with ``save_changes`` / ``discard_changes``:
    the main window asks Save / Discard / Cancel before the program quits or another patient is
    chosen, so nobody loses a titration change by closing the window.
    """

    title = "Page"
    shortcut = ""
    #: whether a draft on this page belongs to the current patient (lost when another is chosen)
    draft_follows_patient = True

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

    # -- drafts (the unsaved-changes protocol) ----------------------------------------------

    def has_unsaved_changes(self) -> bool:
        """Whether the page holds typed work that is not saved yet."""
        return False

    def unsaved_summary(self) -> str:
        """One line saying what would be lost, e.g. "Titration: the plan for Jane (not saved)"."""
        return f"{self.title}: changes not saved" if self.has_unsaved_changes() else ""

    def save_changes(self) -> bool:
        """Save the draft; False (with the reason shown) when it cannot be saved as it is."""
        return True

    def discard_changes(self) -> None:
        """Drop the draft and show the saved state again."""
