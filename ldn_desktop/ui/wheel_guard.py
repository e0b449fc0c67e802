"""The mouse wheel never changes a field the user has not clicked into; it scrolls the page.

Qt's spin boxes, date fields, combo boxes and sliders change their value when the wheel turns
over them, and take the focus from the wheel on the way. A prescriber scrolling the Titration
page moved the start date and the dispensing counts without noticing. One application-wide event
filter fixes this for every page and dialog, present and future:

- a value field that is polished gets ``Qt.StrongFocus`` instead of ``Qt.WheelFocus`` (the wheel
  no longer focuses it; click or Tab does);
- a wheel event over a value field without the focus is handed to the nearest scroll area around
  it (the page scrolls as if the field were not there) and never reaches the field.

A field the user has focused still reacts to the wheel, as people who use it on purpose expect.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)
from shiboken6 import Shiboken


def is_value_field(widget: QObject) -> bool:
    """A widget whose value the wheel would change (spin, date/time, combo, slider; not a scroll bar)."""
    if isinstance(widget, QScrollBar):
        return False
    return isinstance(widget, QAbstractSpinBox | QComboBox | QAbstractSlider)


def _no_wheel_focus(widget: QWidget) -> None:
    if widget.focusPolicy() == Qt.FocusPolicy.WheelFocus:
        widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area whose viewport holds ``widget``."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def _forward_to_scroll_area(field: QWidget, event: QWheelEvent) -> None:
    area = _scroll_area_around(field)
    if area is None:
        return
    viewport = area.viewport()
    position = viewport.mapFromGlobal(event.globalPosition().toPoint())
    forwarded = QWheelEvent(
        position.toPointF(),
        event.globalPosition(),
        event.pixelDelta(),
        event.angleDelta(),
        event.buttons(),
        event.modifiers(),
        event.phase(),
        event.inverted(),
    )
    QApplication.sendEvent(viewport, forwarded)


class WheelGuard(QObject):
    """The application-wide filter; ``WheelGuard.install()`` puts exactly one on the application."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Polish and is_value_field(watched):
            assert isinstance(watched, QWidget)
            _no_wheel_focus(watched)
        elif kind == QEvent.Type.Wheel and is_value_field(watched):
            field = watched
            assert isinstance(field, QWidget) and isinstance(event, QWheelEvent)
            if not field.hasFocus():
                _forward_to_scroll_area(field, event)
                event.accept()
                return True
        return False

    @classmethod
    def install(cls) -> WheelGuard | None:
        """Install the guard on the running QApplication once (later calls return the same one)."""
        app = QApplication.instance()
        if app is None:
            return None
        # the guard is the application's child: found through it, not app.findChild (whose first
        # call costs ~10 ms of start-up, before the window's first paint)
        existing = app.property("wheelGuard")
        if isinstance(existing, WheelGuard) and Shiboken.isValid(existing):
            return existing
        guard = cls(app)
        guard.setObjectName("wheelGuard")
        app.installEventFilter(guard)
        app.setProperty("wheelGuard", guard)
        for widget in QApplication.allWidgets():  # fields polished before the guard was there
            if is_value_field(widget):
                _no_wheel_focus(widget)
        return guard
