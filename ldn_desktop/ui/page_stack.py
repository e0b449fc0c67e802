"""The pages of the main window, each built the first time it is shown.

Building a page imports its module (and what it needs: pint, QtCharts, reference tables), so the
window paints after building only the page it opens on; the others follow when the user goes to
them (or when another page hands them work, e.g. "Use as titration start").
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QStackedWidget, QWidget

from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page


@dataclass(frozen=True)
class PageSpec:
    """Where a page's class lives, and the MainWindow attribute that reaches it."""

    attribute: str
    title: str
    module: str
    class_name: str


PAGE_SPECS = (
    PageSpec("washout_page", "Washout", "ldn_desktop.ui.washout_page", "WashoutPage"),
    PageSpec("titration_page", "Titration", "ldn_desktop.ui.titration_page", "TitrationPage"),
    PageSpec(
        "compounding_page", "Compounding", "ldn_desktop.ui.compounding_page", "CompoundingPage"
    ),
    PageSpec(
        "side_effects_page", "Side effects", "ldn_desktop.ui.side_effects_page", "SideEffectsPage"
    ),
    PageSpec("settings_page", "Settings", "ldn_desktop.ui.settings_page", "SettingsPage"),
)


class _Placeholder(QWidget):
    """Stands in for a page until it is built; says when it was first painted.

    The text is centred by stretches (a label centres it vertically), not ``setAlignment``: the
    ``Qt`` namespace is not used before the window's first paint (``MainWindow``)."""

    def __init__(self, title: str, on_painted: Callable[[], None]) -> None:
        super().__init__()
        self.label = QLabel(f"Opening {title}…")
        layout = QHBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self._on_painted: Callable[[], None] | None = on_painted

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._on_painted is not None:
            callback, self._on_painted = self._on_painted, None
            QTimer.singleShot(0, self, callback)  # after this paint reaches the screen


class PageStack(QStackedWidget):
    """A QStackedWidget of scrollable pages built on demand.

    Signals: page_built(object: Page); placeholder_painted(int: row) once the placeholder of a
    page that is not built yet has been painted (the window is on screen: time to build it).
    """

    page_built = Signal(object)
    placeholder_painted = Signal(int)

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.specs = PAGE_SPECS
        self._built: dict[int, Page] = {}
        for row, spec in enumerate(self.specs):
            self.addWidget(
                _Placeholder(spec.title, lambda row=row: self.placeholder_painted.emit(row))
            )

    def built(self, row: int) -> Page | None:
        """The page at ``row`` if it exists already (never builds)."""
        return self._built.get(row)

    def page(self, row: int) -> Page:
        """The page at ``row``, built now if needed."""
        page = self._built.get(row)
        if page is None:
            page = self._build(row)
        return page

    def row_of(self, page: Page) -> int:
        return next(row for row, built in self._built.items() if built is page)

    def _build(self, row: int) -> Page:
        spec = self.specs[row]
        page_class = getattr(importlib.import_module(spec.module), spec.class_name)
        page: Page = page_class(self.context)
        self._built[row] = page
        area = QScrollArea()  # pages scroll rather than force a large minimum window size
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(page)
        current = self.currentIndex()
        placeholder = self.widget(row)
        self.blockSignals(True)
        self.insertWidget(row, area)
        self.removeWidget(placeholder)
        self.setCurrentIndex(current)
        self.blockSignals(False)
        placeholder.deleteLater()
        page.set_patient(self.context.current_patient_id)
        self.page_built.emit(page)
        return page
