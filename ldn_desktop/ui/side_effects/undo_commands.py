"""Undoable changes to the log. Each command saves at once (through the page's ``LogEditor``).

The first change is made (and saved) before the command is pushed, so a failed save never leaves
a command on the stack; ``redo`` skips its first call for that reason.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtGui import QUndoCommand

from ldn_desktop.core.errors import LdnError
from ldn_desktop.core.side_effects import LogEntry


class LogEditor(Protocol):
    """What the commands need from the page: save-and-show operations, and error reporting."""

    def save_added(self, entries: Sequence[LogEntry]) -> None: ...

    def save_deleted(self, entries: Sequence[LogEntry]) -> None: ...

    def save_replaced(self, old: LogEntry, new: LogEntry) -> None: ...

    def report_failure(self, error: LdnError) -> None: ...


class _LogCommand(QUndoCommand):
    """Runs ``forward`` on redo and ``backward`` on undo; a failed save makes it obsolete."""

    def __init__(
        self,
        editor: LogEditor,
        text: str,
        forward: Callable[[], None],
        backward: Callable[[], None],
    ) -> None:
        super().__init__(text)
        self.editor = editor
        self._forward = forward
        self._backward = backward
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self._run(self._forward)

    def undo(self) -> None:
        self._run(self._backward)

    def _run(self, action: Callable[[], None]) -> None:
        try:
            action()
        except LdnError as exc:
            self.setObsolete(True)
            self.editor.report_failure(exc)


def _count(entries: Sequence[LogEntry]) -> str:
    return "entry" if len(entries) == 1 else f"{len(entries)} entries"


class AddEntries(_LogCommand):
    def __init__(self, editor: LogEditor, entries: Sequence[LogEntry], what: str = "") -> None:
        self.entries = tuple(entries)
        super().__init__(
            editor,
            f"Add {what or _count(self.entries)}",
            lambda: editor.save_added(self.entries),
            lambda: editor.save_deleted(self.entries),
        )


class DeleteEntries(_LogCommand):
    def __init__(self, editor: LogEditor, entries: Sequence[LogEntry]) -> None:
        self.entries = tuple(entries)
        super().__init__(
            editor,
            f"Delete {_count(self.entries)}",
            lambda: editor.save_deleted(self.entries),
            lambda: editor.save_added(self.entries),
        )


class EditEntry(_LogCommand):
    def __init__(self, editor: LogEditor, old: LogEntry, new: LogEntry) -> None:
        self.old, self.new = old, new
        super().__init__(
            editor,
            "Edit entry",
            lambda: editor.save_replaced(old, new),
            lambda: editor.save_replaced(new, old),
        )
