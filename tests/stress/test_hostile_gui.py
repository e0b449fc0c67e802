"""Hostile text typed into every text field of every page: no exception, no dialog storm, no save.

Each line edit (and editable combo box) of each page gets a nasty value, then real key presses
(an edit, then Enter), so Qt sends the signals a user's typing sends. Exceptions raised in Qt
slots fail the test (pytest-qt captures them); message boxes are recorded instead of shown, so
the test can never hang on a modal dialog. Typing alone must not change the data folder.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.stress.snapshots import snapshot

TYPED = [
    "",
    "2**9999999 mg",
    "1e999999 mg",
    "x" * 10_000,
    "\u202e4.5 mg",
    "٣ mg",
    "¹",
    "-4.5",
    "a\nb",
    "NaN",
    "9" * 400,
    "2026-02-30",
    "../../etc/passwd",
]


@pytest.fixture
def quiet_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes recorded instead of shown (a modal dialog would hang the test)."""
    from ldn_desktop.ui import messages

    shown: list[str] = []

    def record(*args: Any, **_kwargs: Any) -> bool:
        shown.append(" ".join(str(a) for a in args[1:]))
        return False

    for name in ("show_error", "inform", "confirm", "show_crash"):
        monkeypatch.setattr(messages, name, record)
    return shown


def _text_fields(page: Any) -> list[Any]:
    from PySide6.QtWidgets import QComboBox, QLineEdit

    edits = [e for e in page.findChildren(QLineEdit) if e.isEnabled() and not e.isReadOnly()]
    combos = [c for c in page.findChildren(QComboBox) if c.isEditable() and c.isEnabled()]
    return edits + [c.lineEdit() for c in combos if c.lineEdit() is not None]


def _type_everywhere(main_window: Any, qtbot: Any, text: str, *, press_enter: bool) -> int:
    """Real key events, so Qt itself emits textEdited/returnPressed/editingFinished (calling
    ``signal.emit()`` from Python leaks a reference to True in PySide6 6.12.0; see the report)."""
    from PySide6.QtCore import Qt

    typed = 0
    for row, page in enumerate(main_window.pages):
        main_window.show_page_at(row)
        for field in _text_fields(page):
            if not field.isEnabled():
                continue
            field.setText(text + "x")
            qtbot.keyClick(field, Qt.Key.Key_End)
            qtbot.keyClick(field, Qt.Key.Key_Backspace)  # a user's edit: textEdited(text)
            if press_enter:
                qtbot.keyClick(field, Qt.Key.Key_Return)
            typed += 1
        qtbot.wait(1)
    return typed


def _every_document_valid(root: Path) -> list[str]:
    from ldn_desktop.storage.archive import list_documents, validate_document

    documents = list_documents(root)
    for rel in documents:
        validate_document(rel, (root / rel).read_bytes())
    return documents


# popups (completers, combo lists) opened by Enter cannot grab the keyboard offscreen: not our warning
@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize("text", TYPED, ids=range(len(TYPED)))
def test_typing_hostile_text_into_every_field(
    main_window: Any, qtbot: Any, quiet_messages: list[str], data_dir: Path, text: str
) -> None:
    """Typing (without Enter) never saves; pressing Enter saves only valid documents."""
    context = main_window.context
    patient = context.patients.create("Field Test")
    context.set_current_patient(patient.id)
    before = snapshot(data_dir)
    typed = _type_everywhere(main_window, qtbot, text, press_enter=False)
    assert typed >= 10, "found too few fields: the test proved little"
    assert snapshot(data_dir) == before, "typing alone changed the data folder"
    _type_everywhere(main_window, qtbot, text, press_enter=True)
    assert _every_document_valid(data_dir)
    assert len(quiet_messages) <= 2 * typed, quiet_messages[:5]
