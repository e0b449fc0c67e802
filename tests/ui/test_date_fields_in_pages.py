"""Every date on every page is the one date field: typed "18 Nov 2026" means 18 November 2026
(issue 13: it gave 2 Nov 2026 on the Titration page)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDateTimeEdit

import ldn_desktop.ui as ui_package
from ldn_desktop.ui.date_field import DateField, DateTimeField
from ldn_desktop.ui.main_window import MainWindow
from ldn_desktop.ui.page_stack import PAGE_SPECS

UI_DIR = Path(ui_package.__file__).parent


def test_no_page_builds_a_plain_qt_date_edit() -> None:
    found = [
        f"{path.relative_to(UI_DIR)}:{number}"
        for path in sorted(UI_DIR.rglob("*.py"))
        if path.name != "date_field.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\bQDate(Time)?Edit\(", line)
    ]
    assert found == []


@pytest.fixture
def window(main_window: MainWindow, qtbot: Any) -> MainWindow:
    patient = main_window.context.patients.create("Jane Example")
    main_window.patient_bar.reload(select=patient.id)
    qtbot.waitExposed(main_window)
    main_window.activateWindow()
    return main_window


def test_every_date_on_every_page_is_the_one_field(window: MainWindow) -> None:
    for row, spec in enumerate(PAGE_SPECS):
        window.show_page_at(row)
        for edit in window.current_page().findChildren(QDateTimeEdit):
            assert isinstance(edit, DateField | DateTimeField), (spec.title, edit.accessibleName())


def test_typing_the_titration_start_over_the_selected_date(window: MainWindow, qtbot: Any) -> None:
    page = window.titration_page
    window.show_page(page)
    start = next(e for e in page.findChildren(QDateTimeEdit) if e.accessibleName() == "Start date")
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    qtbot.keyClick(start, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(start, "18 Nov 2026")
    qtbot.keyClick(start, Qt.Key.Key_Tab)
    assert page.plan is not None and page.plan.start == date(2026, 11, 18)
    assert start.text() == "18 Nov 2026"
