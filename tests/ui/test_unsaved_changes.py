"""Quitting or choosing another patient never loses typed work silently (issue 13).

The window asks Save / Discard / Cancel; the answers are given with the mouse on the real box.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox

from ldn_desktop.storage.settings import load_settings
from ldn_desktop.ui.main_window import MainWindow
from tests.ui.real_events import click_in_next_message_box

Button = QMessageBox.StandardButton


@pytest.fixture
def window(main_window: MainWindow, qtbot: Any) -> MainWindow:
    qtbot.waitExposed(main_window)
    return main_window


def _edit_pharmacy_name(window: MainWindow, qtbot: Any, text: str) -> None:
    page = window.settings_page
    window.show_page(page)
    field = page.pharmacy_name.editor
    field.setFocus()
    qtbot.keyClicks(field, text)


def test_quit_with_edited_settings_asks_and_cancel_keeps_the_window(
    window: MainWindow, qtbot: Any
) -> None:
    _edit_pharmacy_name(window, qtbot, "Corner Pharmacy")
    seen: list[str] = []
    click_in_next_message_box(Button.Cancel, seen)
    window.close()
    assert seen and "quitting" in seen[0] and "Settings" in seen[0]
    assert window.isVisible()
    assert window.settings_page.pharmacy_name.text() == "Corner Pharmacy"


def test_quit_and_save_keeps_the_work(window: MainWindow, qtbot: Any) -> None:
    _edit_pharmacy_name(window, qtbot, "Corner Pharmacy")
    seen: list[str] = []
    click_in_next_message_box(Button.Save, seen)
    window.close()
    assert seen
    assert not window.isVisible()
    assert load_settings(window.context.store)["pharmacy"]["name"] == "Corner Pharmacy"


def test_quit_and_discard_closes_without_saving(window: MainWindow, qtbot: Any) -> None:
    _edit_pharmacy_name(window, qtbot, "Corner Pharmacy")
    seen: list[str] = []
    click_in_next_message_box(Button.Discard, seen)
    window.close()
    assert seen
    assert not window.isVisible()
    assert load_settings(window.context.store)["pharmacy"]["name"] == ""


def test_a_draft_that_cannot_be_saved_keeps_the_window_open(window: MainWindow, qtbot: Any) -> None:
    """Save with a bad field: the page is shown with its message, nothing closes."""
    window.show_page_at(0)
    _edit_pharmacy_name(window, qtbot, "x" * 20)
    phone = window.settings_page.pharmacy_phone.editor
    phone.setFocus()
    qtbot.keyClicks(phone, "call me maybe")
    window.show_page_at(0)
    seen: list[str] = []
    click_in_next_message_box(Button.Save, seen)
    window.close()
    assert seen and window.isVisible()
    assert window.current_page() is window.settings_page
    assert window.settings_page.pharmacy_phone.error.isVisible()


def test_no_question_without_changes(window: MainWindow, qtbot: Any) -> None:
    window.show_page(window.settings_page)  # built, nothing typed
    window.close()
    assert not window.isVisible()


def test_settings_draft_survives_choosing_another_patient(window: MainWindow, qtbot: Any) -> None:
    """Settings do not belong to a patient: switching asks nothing and keeps the typing."""
    context = window.context
    first = context.patients.create("Ann First")
    second = context.patients.create("Ben Second")
    window.patient_bar.reload(select=first.id)
    _edit_pharmacy_name(window, qtbot, "Corner Pharmacy")
    combo = window.patient_bar.combo
    combo.setCurrentIndex(combo.findData(second.id))
    assert context.current_patient_id == second.id
    assert window.settings_page.has_unsaved_changes()
