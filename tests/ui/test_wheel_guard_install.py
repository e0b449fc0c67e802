"""The wheel guard, installed once the first page is built, also covers fields shown before it."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QSpinBox

from ldn_desktop.ui.wheel_guard import WheelGuard


def test_fields_polished_before_the_guard_lose_wheel_focus(qtbot: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.property("wheelGuard")
    if isinstance(previous, WheelGuard):
        app.removeEventFilter(previous)
    app.setProperty("wheelGuard", None)
    spin = QSpinBox()
    qtbot.addWidget(spin)
    spin.show()
    qtbot.waitExposed(spin)
    assert spin.focusPolicy() == Qt.FocusPolicy.WheelFocus  # polished without a guard
    guard = WheelGuard.install()
    try:
        assert guard is not None and WheelGuard.install() is guard
        assert spin.focusPolicy() == Qt.FocusPolicy.StrongFocus
    finally:
        assert guard is not None
        app.removeEventFilter(guard)
        app.setProperty("wheelGuard", None)
        if isinstance(previous, WheelGuard):
            app.installEventFilter(previous)
            app.setProperty("wheelGuard", previous)
