"""Real input events for pytest-qt tests that have no QTest helper (the mouse wheel)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


def wheel_over(widget: QWidget, notches: int = -1, at: QPoint | None = None) -> QWidget:
    """Turn the wheel ``notches`` (negative: towards the user, i.e. scroll down) over ``widget``.

    The event goes to the widget under the cursor, and on to its parents while nobody accepts it,
    as Qt does with a wheel event from the window system (an event sent by a program is not passed
    on by Qt, so this does it here). Returns the widget that accepted it.
    """
    local = at if at is not None else widget.rect().center()
    global_pos = widget.mapToGlobal(local)
    target: QWidget | None = QApplication.widgetAt(global_pos) or widget
    while target is not None:
        event = QWheelEvent(
            QPointF(target.mapFromGlobal(global_pos)),
            QPointF(global_pos),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(target, event)
        if event.isAccepted() or target.isWindow():
            return target
        target = target.parentWidget()
    return widget


def click_in_next_message_box(button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """When the next message box opens, click ``button`` on it with the mouse (its text goes to
    ``seen``). Call it just before the action that opens the box."""

    def click() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, click)
            return
        seen.append(f"{box.text()}\n{box.informativeText()}")
        QTest.mouseClick(box.button(button), Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, click)
