"""The patient dialog reads and shows birth dates in the one date style (issue 13)."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from ldn_desktop.ui.dialogs import PatientDialog


def test_birth_date_typed_as_people_write_it(qtbot: Any) -> None:
    dialog = PatientDialog(None, "New patient")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.name_field.editor, "Ada Lovelace")
    qtbot.keyClicks(dialog.birth_field.editor, "10 Dec 1965")
    qtbot.keyClick(dialog.birth_field.editor, Qt.Key.Key_Return)
    assert dialog.details is not None
    assert dialog.details.birth_date == date(1965, 12, 10)


def test_a_known_birth_date_is_shown_in_the_one_style(qtbot: Any) -> None:
    dialog = PatientDialog(None, "Rename patient", "Ada", date(1965, 12, 10))
    qtbot.addWidget(dialog)
    assert dialog.birth_field.text() == "10 Dec 1965"
