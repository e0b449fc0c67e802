"""At 1024 × 640 (a small laptop) every page's fields are whole: none squeezed below the width it
needs, none cut off at the right of a pane that does not scroll sideways (issue 13).

Screenshots of each page at this size: ``tests/ui/test_small_window_layout.py`` writes them to
``$LDN_SCREENSHOT_DIR`` when that is set.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QWidget,
)

from ldn_desktop.ui.main_window import MainWindow
from ldn_desktop.ui.page_stack import PAGE_SPECS

FIELDS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QLabel)


def _needed_width(widget: QWidget) -> int:
    if isinstance(widget, QLabel) and widget.wordWrap():
        return widget.minimumSizeHint().width()
    if isinstance(widget, QAbstractButton | QLabel):
        return widget.sizeHint().width()  # a label or button shows all of its words
    return widget.minimumSizeHint().width()


def _scrolls_sideways(widget: QWidget) -> bool:
    area = widget.parentWidget()
    return (
        isinstance(area, QAbstractScrollArea)
        and area.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        and area.horizontalScrollBar().maximum() > 0
    )


def clipping_problems(window: QWidget, page: QWidget) -> list[str]:
    """Fields of ``page`` that are squeezed or cut off (empty: the page is whole)."""
    problems = []
    for widget in page.findChildren(QWidget):
        if not (isinstance(widget, FIELDS) and widget.isVisible()):
            continue
        if isinstance(widget.parentWidget(), QComboBox | QAbstractSpinBox):
            continue  # the line edit inside a combo box or spin box
        name = widget.accessibleName() or getattr(widget, "text", lambda: "")()[:40]
        if widget.width() + 1 < _needed_width(widget):
            problems.append(f"{type(widget).__name__} {name!r}: {widget.width()} px wide")
        rect = QRect(widget.mapTo(window, QPoint(0, 0)), widget.size())
        parent = widget.parentWidget()
        while parent is not None and parent is not window and not _scrolls_sideways(parent):
            edge = parent.mapTo(window, QPoint(0, 0)).x() + parent.width()
            if rect.right() > edge:
                problems.append(f"{type(widget).__name__} {name!r}: cut off at the right")
                break
            parent = parent.parentWidget()
    return problems


@pytest.fixture
def window(main_window: MainWindow, qtbot: Any) -> MainWindow:
    patient = main_window.context.patients.create("Jane Example")
    main_window.patient_bar.reload(select=patient.id)
    main_window.resize(1024, 640)
    qtbot.waitExposed(main_window)
    return main_window


@pytest.mark.parametrize("row", range(len(PAGE_SPECS)), ids=[s.title for s in PAGE_SPECS])
def test_no_clipped_fields_at_1024_by_640(window: MainWindow, qtbot: Any, row: int) -> None:
    window.show_page_at(row)
    qtbot.wait(5)
    assert window.size().width() == 1024 and window.size().height() == 640
    page = window.current_page()
    folder = os.environ.get("LDN_SCREENSHOT_DIR")
    if folder:
        window.grab().save(str(Path(folder) / f"page-{row}-1024x640.png"))
    assert clipping_problems(window, page) == [], page.title
