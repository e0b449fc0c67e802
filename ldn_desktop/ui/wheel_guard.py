"""The mouse wheel never changes a field the user has not clicked into; it scrolls the page.

Qt's spin boxes, date fields, combo boxes and sliders change their value when the wheel turns
over them, and take the focus from the wheel on the way. A prescriber scrolling the Titration
page moved the start date and the dispensing counts without noticing (issue 13).

Every wheel turn from the window system reaches the window (``QWindow``) first, and only then the
widget under the pointer, where Qt would give that widget the focus and let it change its value.
The guard watches the windows, not the widgets: a turn over a value field without the focus is
handed to the nearest scroll area around the field (the page scrolls as if the field were not
there) and goes no further, so the field neither changes nor takes the focus. A field the user
has clicked or tabbed into still follows the wheel, as people who use it on purpose expect.

Watching windows covers every page and dialog, present and future (the main window when shown,
any other window when it first becomes the active one), at no cost to other events. An earlier
version filtered every event of the application in Python: PySide6 then set up a Python class
for each Qt class any event went to, ~40 ms before the first page was ready (issue 14).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtGui import QGuiApplication, QWindow
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import Shiboken

if TYPE_CHECKING:
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QAbstractScrollArea

# the field and scroll-area classes are set up with the first wheel turn, not at start-up

GUARD_PROPERTY = "wheelGuard"


def is_value_field(widget: QObject) -> bool:
    """A widget whose value the wheel would change (spin, date/time, combo, slider; not a scroll bar)."""
    from PySide6.QtWidgets import QAbstractSlider, QAbstractSpinBox, QComboBox, QScrollBar

    if isinstance(widget, QScrollBar):
        return False
    return isinstance(widget, QAbstractSpinBox | QComboBox | QAbstractSlider)


def value_field_at(widget: QWidget | None) -> QWidget | None:
    """``widget`` or the value field it is part of (a date field's text box, a combo's editor)."""
    while widget is not None:
        if is_value_field(widget):
            return widget
        if widget.isWindow():
            return None
        widget = widget.parentWidget()
    return None


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    """The nearest scroll area whose viewport holds ``widget``."""
    from PySide6.QtWidgets import QAbstractScrollArea

    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.viewport().isAncestorOf(widget):
            return parent
        parent = parent.parentWidget()
    return None


def _forward_to_scroll_area(field: QWidget, event: QWheelEvent) -> None:
    from PySide6.QtGui import QWheelEvent

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
    """One per application (``WheelGuard.install()``), filtering the wheel events of the windows
    it watches. Signal: field_passed_over(QWidget) when a turn over a field went to the page."""

    field_passed_over = Signal(QWidget)

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self.setObjectName(GUARD_PROPERTY)
        app.focusWindowChanged.connect(self.watch)

    @classmethod
    def install(cls) -> WheelGuard | None:
        """The application's guard (made on the first call), watching every window there is."""
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            return None
        # an application property, not app.findChild (whose first call costs ~10 ms)
        guard = app.property(GUARD_PROPERTY)
        if not isinstance(guard, WheelGuard) or not Shiboken.isValid(guard):
            guard = cls(app)
            app.setProperty(GUARD_PROPERTY, guard)
        for window in QGuiApplication.topLevelWindows():
            guard.watch(window)
        return guard

    def watch(self, window: QWindow | None) -> None:
        """Filter ``window``'s wheel events (once per window)."""
        if window is None or window.property(GUARD_PROPERTY):
            return
        window.setProperty(GUARD_PROPERTY, True)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWindow):
            return self.pass_over_field(watched, event)  # type: ignore[arg-type]  (a QWheelEvent)
        return False

    def pass_over_field(self, window: QWindow, event: QWheelEvent) -> bool:
        """A wheel turn the window system gave ``window``: True when it was over a value field
        without the focus, and so went to the scroll area around the field instead."""
        if QApplication.activePopupWidget() is not None:
            return False  # an open drop-down or menu takes the wheel itself
        top = next((w for w in QApplication.topLevelWidgets() if w.windowHandle() is window), None)
        if top is None:
            return False
        under = top.childAt(event.position().toPoint()) or top
        field = value_field_at(under)
        if field is None or field.hasFocus():
            return False
        _forward_to_scroll_area(field, event)
        event.accept()
        self.field_passed_over.emit(field)
        return True
