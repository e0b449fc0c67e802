"""``ui/messages`` builds its message boxes itself (to show their texts as plain text): the answers,
default buttons and Escape are the ones ``QMessageBox.question`` and its kin gave."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from ldn_desktop.ui import messages

B = QMessageBox.StandardButton


class Boxes(list[QMessageBox]):
    """The boxes opened (never shown); each answers with ``answer``."""

    answer = B.Cancel


@pytest.fixture
def answering(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> Boxes:
    opened = Boxes()

    def exec_(box: QMessageBox) -> int:
        opened.append(box)
        return int(opened.answer.value)

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return opened


def _answer(boxes: Boxes, button: QMessageBox.StandardButton) -> None:
    boxes.answer = button


@pytest.mark.parametrize(("button", "expected"), [(B.Yes, True), (B.No, False)])
def test_confirm_answers(answering: Boxes, button: Any, expected: bool) -> None:
    _answer(answering, button)
    assert messages.confirm(None, "Delete patient", "Move Ann Lee to the trash?") is expected


def test_confirm_defaults_to_no_when_destructive(answering: Boxes) -> None:
    messages.confirm(None, "Delete", "Sure?", destructive=True)
    messages.confirm(None, "Open", "Sure?")
    assert [box.defaultButton() for box in answering] == [
        answering[0].button(B.No),
        answering[1].button(B.Yes),
    ]
    assert answering[0].icon() == QMessageBox.Icon.Question


@pytest.mark.parametrize(
    ("button", "expected"), [(B.Save, "save"), (B.Discard, "discard"), (B.Cancel, "cancel")]
)
def test_unsaved_changes_answers(answering: Boxes, button: Any, expected: str) -> None:
    _answer(answering, button)
    assert messages.ask_unsaved(None, "quitting", ["Titration: the plan"]) == expected
    box = answering[0]
    assert box.defaultButton() is box.button(B.Save)  # Enter saves
    assert box.escapeButton() is box.button(B.Cancel)  # Escape never loses work
    assert box.informativeText() == "• Titration: the plan"


def test_error_and_crash_boxes(answering: Boxes) -> None:
    messages.show_error(None, ValueError("bad dose"))
    messages.show_crash(None, "ValueError: x", "Traceback (most recent call last): ...")
    error, crash = answering
    assert (error.icon(), error.text()) == (QMessageBox.Icon.Warning, "bad dose")
    assert error.standardButtons() == B.Ok
    assert crash.icon() == QMessageBox.Icon.Critical
    assert crash.detailedText().startswith("Traceback")
