"""The main window's two banners above the pages: read-only, and notes about the data folder.

The notes banner holds what must not vanish with a status-bar message: the start's notes (an
interrupted restore finished or cancelled, a network file system), the start's problems (damaged
settings, replaced by the defaults), the documents moved aside as damaged with nothing put back
(``storage.folder_checks.moved_aside_note``, looked at again whenever the patient list is read) and
the profiles the patient list refused.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtWidgets import QLabel

from ldn_desktop.ui import marked_style
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.plain_text import plain


def read_only_banner(context: AppContext) -> QLabel:
    """Shown only when the folder is open read-only, with the reason."""
    banner = QLabel()
    banner.setObjectName("readOnlyBanner")
    banner.setWordWrap(True)
    if context.read_only:
        reason = context.store.read_only_reason or "read-only"
        plain(banner)  # the reason may quote a path
        banner.setText(f"⚠ Read-only: {reason}. You can look at everything; nothing can be saved.")
        marked_style.apply(banner)
    banner.setVisible(context.read_only)
    return banner


class DataNotesBanner(QLabel):
    """Hidden while there is nothing to say; the text can be selected (paths for a terminal)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.setObjectName("dataNotesBanner")
        self.setWordWrap(True)
        self.setVisible(False)  # selectable once it has something to say (``refresh``)

    def refresh(self, list_problems: Iterable[str]) -> None:
        """Say what holds now; ``list_problems``: the patient list's last refusals."""
        from ldn_desktop.storage.folder_checks import moved_aside_note

        notes = [*self.context.startup_notes, *self.context.startup_problems]
        moved = moved_aside_note(self.context.store.root)
        notes += [moved] if moved else []
        notes += [p for p in list_problems if p not in notes]
        self.setText("\n".join(f"⚠ {note}" for note in notes))
        if notes:
            # not in __init__: the Qt namespace waits for the first paint (MainWindow)
            from PySide6.QtCore import Qt

            plain(self)  # paths and patients' names as they are
            self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            marked_style.apply(self)
        self.setVisible(bool(notes))
