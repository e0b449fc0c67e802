"""Each page that holds a draft reports it, so quitting or choosing another patient never loses
it silently (issue 13: a titration protocol change was lost). Real keys, real message boxes."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ldn_desktop.storage.side_effect_log import SideEffectLog
from ldn_desktop.storage.titration import load_versions
from ldn_desktop.storage.washout import list_assessments
from ldn_desktop.ui.main_window import MainWindow
from ldn_desktop.ui.titration.change_dialog import ChangeDialog, ChangeNote
from ldn_desktop.ui.widgets import without_completion
from tests.ui.real_events import click_in_next_message_box

Button = QMessageBox.StandardButton


@pytest.fixture
def window(main_window: MainWindow, qtbot: Any) -> MainWindow:
    context = main_window.context
    main_window.ann = context.patients.create("Ann First").id  # type: ignore[attr-defined]
    main_window.ben = context.patients.create("Ben Second").id  # type: ignore[attr-defined]
    main_window.patient_bar.reload(select=main_window.ann)  # type: ignore[attr-defined]
    qtbot.waitExposed(main_window)
    main_window.activateWindow()
    return main_window


def _choose_patient(window: MainWindow, patient_id: str) -> None:
    combo = window.patient_bar.combo
    combo.setCurrentIndex(combo.findData(patient_id))


def _type(qtbot: Any, editor: Any, text: str) -> None:
    editor.setFocus()
    qtbot.keyClicks(editor, text)


def test_titration_protocol_change_is_not_lost(
    window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = window.titration_page
    window.show_page(page)
    assert not page.has_unsaved_changes()
    combo = page.form.protocol
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the next protocol
    chosen = combo.currentData()
    assert page.has_unsaved_changes()
    seen: list[str] = []
    click_in_next_message_box(Button.Cancel, seen)
    _choose_patient(window, window.ben)  # type: ignore[attr-defined]
    assert seen and "Titration" in seen[0] and "Ann First" in seen[0]
    assert window.context.current_patient_id == window.ann  # type: ignore[attr-defined]
    assert window.patient_bar.combo.currentData() == window.ann  # type: ignore[attr-defined]
    assert combo.currentData() == chosen  # the edit is still there
    _type(qtbot, page.form.override, "plan agreed at the visit")
    monkeypatch.setattr(
        ChangeDialog, "ask", classmethod(lambda cls, *a, **k: ChangeNote("Dr A", "agreed"))
    )
    page.versions._start_accepted = lambda: True  # type: ignore[method-assign]
    click_in_next_message_box(Button.Save, seen)
    _choose_patient(window, window.ben)  # type: ignore[attr-defined]
    assert window.context.current_patient_id == window.ben  # type: ignore[attr-defined]
    saved = load_versions(window.context.store, window.ann)  # type: ignore[attr-defined]
    assert saved and saved[-1].plan.protocol == chosen


def test_titration_discard_shows_the_saved_plan_again(window: MainWindow, qtbot: Any) -> None:
    page = window.titration_page
    window.show_page(page)
    combo = page.form.protocol
    first = combo.currentData()
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    seen: list[str] = []
    click_in_next_message_box(Button.Discard, seen)
    _choose_patient(window, window.ben)  # type: ignore[attr-defined]
    assert seen and window.context.current_patient_id == window.ben  # type: ignore[attr-defined]
    _choose_patient(window, window.ann)  # type: ignore[attr-defined]
    assert combo.currentData() == first
    assert load_versions(window.context.store, window.ann) == ()  # type: ignore[attr-defined]


def test_side_effects_entry_typed_but_not_added(window: MainWindow, qtbot: Any) -> None:
    page = window.side_effects_page
    window.show_page(page)
    assert not page.has_unsaved_changes()
    _type(qtbot, page.form.note, "woke at 3am")
    assert page.has_unsaved_changes()
    seen: list[str] = []
    click_in_next_message_box(Button.Save, seen)
    window.close()  # a symptom needs a severity: not saved, the window stays
    assert seen and "Side effects" in seen[0] and window.isVisible()
    assert page.form.severity_error.isVisible()
    page.form.severity.setFocus()
    qtbot.keyClick(page.form.severity, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(page.form.severity, "3")
    click_in_next_message_box(Button.Save, seen)
    window.close()
    assert not window.isVisible()
    entries = SideEffectLog(window.context.store, window.ann).load()  # type: ignore[attr-defined]
    assert [e.note for e in entries] == ["woke at 3am"]


def test_compounding_record_details_typed(window: MainWindow, qtbot: Any) -> None:
    page = window.compounding_page
    window.show_page(page)
    assert not page.has_unsaved_changes()
    _type(qtbot, page.record_box.prescription, "RX-1234")
    assert page.has_unsaved_changes()
    seen: list[str] = []
    click_in_next_message_box(Button.Discard, seen)
    window.close()
    assert seen and "Compounding" in seen[0]
    assert not window.isVisible()


def test_washout_check_not_saved(window: MainWindow, qtbot: Any) -> None:
    page = window.washout_page
    window.show_page(page)
    assert not page.has_unsaved_changes()
    row = page.meds.rows[0] if page.meds.rows else page.meds.add_row()
    without_completion(row.name_edit)
    _type(qtbot, row.name_edit, "morphine")
    _type(qtbot, row.when.editor, "2026-11-01 08:00")
    page.flush()
    assert page.result is not None
    assert page.has_unsaved_changes()
    seen: list[str] = []
    click_in_next_message_box(Button.Save, seen)
    _choose_patient(window, window.ben)  # type: ignore[attr-defined]
    assert seen and "Washout" in seen[0]
    assert window.context.current_patient_id == window.ben  # type: ignore[attr-defined]
    assert len(list_assessments(window.context.store, window.ann)) == 1  # type: ignore[attr-defined]


def test_archiving_the_patient_asks_first(window: MainWindow, qtbot: Any) -> None:
    """Archiving hides the patient (and leaves them): their unsaved plan is settled first."""
    page = window.titration_page
    window.show_page(page)
    page.form.protocol.setFocus()
    qtbot.keyClick(page.form.protocol, Qt.Key.Key_Down)
    seen: list[str] = []
    click_in_next_message_box(Button.Cancel, seen)
    window.patient_bar.archive_action.trigger()
    assert seen and "Titration" in seen[0]
    ann = window.context.patients.get(window.ann)  # type: ignore[attr-defined]
    assert not ann.archived
    assert window.context.current_patient_id == window.ann  # type: ignore[attr-defined]
