"""The mouse wheel never changes a field that was not clicked into; it scrolls the page (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QDateEdit,
    QScrollArea,
    QWidget,
)

from ldn_desktop.ui.main_window import MainWindow
from ldn_desktop.ui.page_stack import PAGE_SPECS
from ldn_desktop.ui.wheel_guard import is_value_field
from tests.ui.real_events import wheel_over


def _value(field: QWidget) -> object:
    if isinstance(field, QComboBox):
        return field.currentIndex()
    assert isinstance(field, QAbstractSpinBox)
    return field.text()


def _name(field: QWidget) -> str:
    return field.accessibleName() or field.objectName() or type(field).__name__


def _page_area(window: MainWindow, row: int) -> QScrollArea:
    area = window.stack.widget(row)
    assert isinstance(area, QScrollArea)
    return area


def _nearest_area(field: QWidget) -> QAbstractScrollArea:
    parent = field.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(field):
            return parent
        parent = parent.parentWidget()
    raise AssertionError(f"{field.objectName() or type(field).__name__} is not in a scroll area")


@pytest.fixture
def window(main_window: MainWindow, qtbot: Any) -> MainWindow:
    patient = main_window.context.patients.create("Wheel Tester")
    main_window.patient_bar.reload(select=patient.id)
    main_window.resize(1024, 640)
    return main_window


@pytest.mark.parametrize("row", range(len(PAGE_SPECS)), ids=[s.title for s in PAGE_SPECS])
def test_wheel_over_an_unfocused_field_changes_nothing(
    window: MainWindow, qtbot: Any, row: int
) -> None:
    """Every spin box, date field and drop-down on every page keeps its value under the wheel."""
    window.show_page_at(row)
    page = window.current_page()
    qtbot.waitExposed(window)
    window.navigation.setFocus()
    fields = [w for w in page.findChildren(QWidget) if is_value_field(w) and w.isVisible()]
    assert fields, f"{page.title}: no value fields found"
    for field in fields:
        if not field.isEnabled():
            continue
        _page_area(window, row).ensureWidgetVisible(field)
        area = _nearest_area(field)
        if isinstance(area, QScrollArea):
            area.ensureWidgetVisible(field)
        qtbot.wait(1)
        before = _value(field)
        for notches in (-1, 1):  # each way: a field at its end would not move one of them
            wheel_over(field, notches)
            assert _value(field) == before, f"{page.title}: the wheel changed {_name(field)!r}"
            assert not field.hasFocus()


def test_wheel_over_the_start_date_scrolls_the_titration_page(
    window: MainWindow, qtbot: Any
) -> None:
    """The prescriber scrolling down over the start date: the page moves, the date does not."""
    page = window.titration_page
    window.show_page(page)
    qtbot.waitExposed(window)
    window.navigation.setFocus()
    start = next(w for w in page.findChildren(QDateEdit) if w.isVisible())
    _page_area(window, window.stack.row_of(page)).ensureWidgetVisible(start)
    area = _nearest_area(start)  # the page, or the part of it that scrolls
    bar = area.verticalScrollBar()
    assert bar.maximum() > 0, "the form should be taller than the 640 px window"
    bar.setValue(0)
    before_scroll, before_date = bar.value(), start.date()
    wheel_over(start, -1)
    assert start.date() == before_date
    assert bar.value() > before_scroll


def test_a_focused_field_still_follows_the_wheel(window: MainWindow, qtbot: Any) -> None:
    """Clicking into a field and then turning the wheel is deliberate: the value changes."""
    page = window.titration_page
    window.show_page(page)
    qtbot.waitExposed(window)
    start = next(w for w in page.findChildren(QDateEdit) if w.isVisible())
    _page_area(window, window.stack.row_of(page)).ensureWidgetVisible(start)
    start.setFocus()
    qtbot.waitUntil(start.hasFocus)
    before = start.date()
    wheel_over(start, 1)
    assert start.date() != before
