"""Real input events for pytest-qt tests that have no QTest helper (the mouse wheel)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt, QTimer
from PySide6.QtGui import QWheelEvent, QWindow
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget


class _ReachedQt(QObject):
    """Put after the window's other event filters: notes that a wheel event got past them, and
    stops it there (``wheel_over`` then passes it on as Qt would)."""

    def __init__(self) -> None:
        super().__init__()
        self.reached = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel:
            self.reached = True
            return True
        return False


def _past_window_filters(window: QWindow, event: QWheelEvent) -> bool:
    """Send ``event`` to ``window`` as the window system does; False if one of the window's event
    filters (the application's wheel guard) took it."""
    reached = _ReachedQt()
    guard = QApplication.instance().property("wheelGuard")  # type: ignore[union-attr]
    watched = isinstance(guard, QObject) and bool(window.property("wheelGuard"))
    if watched:  # filters run newest first: the guard must come before the marker
        window.removeEventFilter(guard)
    window.installEventFilter(reached)
    if watched:
        window.installEventFilter(guard)
    try:
        QApplication.sendEvent(window, event)
    finally:
        window.removeEventFilter(reached)
    return reached.reached


def wheel_over(widget: QWidget, notches: int = -1, at: QPoint | None = None) -> QWidget:
    """Turn the wheel ``notches`` (negative: towards the user, i.e. scroll down) over ``widget``.

    As with a wheel event from the window system: the widget's window gets it first (its event
    filters: the wheel guard watches windows), then the widget under the cursor, and its parents
    while nobody accepts it (Qt passes on only events from the window system, so this does it
    here). Returns the widget that accepted it (the window when a filter took it).
    """
    local = at if at is not None else widget.rect().center()
    global_pos = widget.mapToGlobal(local)

    def event_at(position: QPointF) -> QWheelEvent:
        return QWheelEvent(
            position,
            QPointF(global_pos),
            QPoint(0, 0),
            QPoint(0, 120 * notches),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )

    window = widget.window().windowHandle()
    at_window = event_at(QPointF(window.mapFromGlobal(global_pos))) if window else None
    if window is not None and at_window is not None and not _past_window_filters(window, at_window):
        return widget.window()
    target: QWidget | None = QApplication.widgetAt(global_pos) or widget
    while target is not None:
        event = event_at(QPointF(target.mapFromGlobal(global_pos)))
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
