"""Real input events for pytest-qt tests that have no QTest helper (the mouse wheel)."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication, QWidget


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
