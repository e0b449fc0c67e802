"""The wheel guard watches windows, not every event of the application (issue 14): the main
window from its first show, any other window (a dialog) once it becomes the active one."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication, QDialog, QScrollArea, QSpinBox, QVBoxLayout, QWidget

from ldn_desktop.ui.main_window import MainWindow
from ldn_desktop.ui.wheel_guard import WheelGuard
from tests.ui.real_events import wheel_over


def test_the_main_window_is_watched_once_shown(main_window: MainWindow, qtbot: Any) -> None:
    main_window.show()
    qtbot.waitExposed(main_window)
    guard = WheelGuard.install()
    assert guard is not None and WheelGuard.install() is guard  # one per application
    assert main_window.windowHandle().property("wheelGuard") is True


def test_a_dialog_is_watched_once_active(qtbot: Any) -> None:
    WheelGuard.install()
    dialog = QDialog()
    qtbot.addWidget(dialog)
    area = QScrollArea(dialog)
    area.setWidgetResizable(True)
    content = QWidget()
    column = QVBoxLayout(content)
    spin = QSpinBox()
    spin.setValue(5)
    column.addWidget(spin)
    column.addSpacing(2000)
    area.setWidget(content)
    QVBoxLayout(dialog).addWidget(area)
    dialog.resize(300, 200)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWindow() is dialog.windowHandle(), timeout=3000)
    assert dialog.windowHandle().property("wheelGuard") is True
    area.setFocus()
    passed: list[QWidget] = []
    guard = QApplication.instance().property("wheelGuard")  # type: ignore[union-attr]
    guard.field_passed_over.connect(passed.append)
    wheel_over(spin, -1)
    assert spin.value() == 5 and not spin.hasFocus()
    assert passed == [spin]
    assert area.verticalScrollBar().value() > 0  # the dialog's page scrolled instead
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    wheel_over(spin, 1)
    assert spin.value() == 6  # clicked into: the wheel is the user's choice
