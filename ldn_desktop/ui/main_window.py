"""The main window: navigation, menus, patient bar, status bar. Wiring only; pages do the work."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence, QUndoGroup
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import LdnError
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.compounding_page import CompoundingPage
from ldn_desktop.ui.dialogs import AboutDialog, DisclaimerDialog
from ldn_desktop.ui.page import Page
from ldn_desktop.ui.patient_bar import PatientBar
from ldn_desktop.ui.settings_page import SettingsPage
from ldn_desktop.ui.side_effects_page import SideEffectsPage
from ldn_desktop.ui.titration_page import TitrationPage
from ldn_desktop.ui.washout_page import WashoutPage

APP_TITLE = "LDN Desktop"


class MainWindow(QMainWindow):
    """Pages in the order a prescriber, pharmacist and patient meet them."""

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("MainWindow")
        self.compounding_page = CompoundingPage(context)
        self.washout_page = WashoutPage(context)
        self.titration_page = TitrationPage(context)
        self.side_effects_page = SideEffectsPage(context)
        self.settings_page = SettingsPage(context)
        self.pages: list[Page] = [
            self.washout_page,
            self.titration_page,
            self.compounding_page,
            self.side_effects_page,
            self.settings_page,
        ]
        self._build_central()
        self.patient_bar = PatientBar(context)
        toolbar = QToolBar("Patient")
        toolbar.setObjectName("patientToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.patient_bar)
        self.addToolBar(toolbar)
        self._build_menus()
        self._connect_pages()
        context.patient_changed.connect(self._update_title)
        context.data_changed.connect(self._on_context_data_changed)
        context.status_posted.connect(self._on_context_status_posted)
        self.patient_bar.reload(select=context.settings().get("last_patient_id"))
        self._update_title(context.current_patient_id)
        self.resize(1180, 780)
        self._restore_geometry()
        self.statusBar().showMessage(f"Data folder: {context.store.root}", 8000)

    # -- construction ------------------------------------------------------------------------

    def _build_central(self) -> None:
        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Pages")
        self.navigation.setMaximumWidth(190)
        self.stack = QStackedWidget()
        for number, page in enumerate(self.pages, start=1):
            item = QListWidgetItem(page.title)
            item.setToolTip(f"{page.title} (Ctrl+{number})")
            self.navigation.addItem(item)
            self.stack.addWidget(self._scrollable(page))
        self.navigation.currentRowChanged.connect(self.stack.setCurrentIndex)
        self.navigation.setCurrentRow(0)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([170, 1000])
        splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        self.read_only_banner = QLabel()
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setWordWrap(True)
        if self.context.read_only:
            reason = self.context.store.read_only_reason or "read-only"
            self.read_only_banner.setText(
                f"⚠ Read-only: {reason}. You can look at everything; nothing can be saved."
            )
        self.read_only_banner.setVisible(self.context.read_only)
        layout.addWidget(self.read_only_banner)
        layout.addWidget(splitter, 1)
        self.setCentralWidget(central)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.patient_bar.new_action)
        file_menu.addSeparator()
        self.print_action = self._action(
            "&Print…", QKeySequence.StandardKey.Print, self._on_print_triggered
        )
        self.pdf_action = self._action(
            "&Export PDF…", QKeySequence("Ctrl+Shift+E"), self._on_export_pdf_triggered
        )
        file_menu.addAction(self.print_action)
        file_menu.addAction(self.pdf_action)
        file_menu.addSeparator()
        file_menu.addAction(self._action("Open &data folder", None, self._open_data_folder))
        file_menu.addSeparator()
        file_menu.addAction(self._action("&Quit", QKeySequence.StandardKey.Quit, self.close))
        self.edit_menu = bar.addMenu("&Edit")
        self._build_edit_menu()
        patient_menu = bar.addMenu("&Patient")
        for action in (
            self.patient_bar.new_action,
            self.patient_bar.rename_action,
            self.patient_bar.archive_action,
            self.patient_bar.delete_action,
        ):
            patient_menu.addAction(action)
        go_menu = bar.addMenu("&Go")
        for number, page in enumerate(self.pages, start=1):
            go_menu.addAction(
                self._action(
                    page.title,
                    QKeySequence(f"Ctrl+{number}"),
                    lambda _=False, row=number - 1: self.show_page_at(row),
                )
            )
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self._action("&About LDN Desktop", None, self._show_about))
        help_menu.addAction(
            self._action("Read the &disclaimer", None, lambda: DisclaimerDialog.ask(self))
        )
        self.stack.currentChanged.connect(self._update_print_actions)
        self._update_print_actions()

    def _build_edit_menu(self) -> None:
        """Undo/Redo follow the current page's QUndoStack; clipboard actions the focused field."""
        self.undo_group = QUndoGroup(self)
        for page in self.pages:
            stack = getattr(page, "undo_stack", None)
            if stack is not None:
                self.undo_group.addStack(stack)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcut(QKeySequence.StandardKey.Redo)
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        for text, key, method in (
            ("Cu&t", QKeySequence.StandardKey.Cut, "cut"),
            ("&Copy", QKeySequence.StandardKey.Copy, "copy"),
            ("&Paste", QKeySequence.StandardKey.Paste, "paste"),
            ("Select &All", QKeySequence.StandardKey.SelectAll, "selectAll"),
        ):
            action = self._action(text, None, lambda _=False, m=method: self._edit_focused(m))
            action.setShortcut(key)
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)  # fields keep their keys
            self.edit_menu.addAction(action)
        self.stack.currentChanged.connect(self._on_stack_current_changed)
        self._on_stack_current_changed(self.stack.currentIndex())

    def _on_stack_current_changed(self, _index: int) -> None:
        self.undo_group.setActiveStack(getattr(self.current_page(), "undo_stack", None))

    @staticmethod
    def _edit_focused(method: str) -> None:
        from PySide6.QtWidgets import QApplication

        widget = QApplication.focusWidget()
        handler = getattr(widget, method, None)
        if callable(handler):
            handler()

    def _action(
        self, text: str, shortcut: QKeySequence | QKeySequence.StandardKey | None, slot: object
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(shortcut)
        action.triggered.connect(slot)
        return action

    def _connect_pages(self) -> None:
        """Cross-page hand-offs, connected here so pages never import each other."""
        start_chosen = getattr(self.washout_page, "start_date_chosen", None)
        if start_chosen is not None and hasattr(self.titration_page, "set_start_date"):
            start_chosen.connect(self.titration_page.set_start_date)
            start_chosen.connect(lambda *_: self.show_page(self.titration_page))
        requested = getattr(self.titration_page, "compounding_requested", None)
        if requested is not None and hasattr(self.compounding_page, "prefill"):
            requested.connect(self.compounding_page.prefill)
            requested.connect(lambda *_: self.show_page(self.compounding_page))

    # -- behaviour ---------------------------------------------------------------------------

    def show_page(self, page: Page) -> None:
        self.show_page_at(self.pages.index(page))

    def show_page_at(self, row: int) -> None:
        self.navigation.setCurrentRow(row)

    def current_page(self) -> Page:
        return self.pages[max(0, self.stack.currentIndex())]

    @staticmethod
    def _scrollable(page: Page) -> QScrollArea:
        """Pages scroll instead of forcing a large minimum window size on small screens."""
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(page)
        return area

    def _update_print_actions(self, *_: object) -> None:
        can = self.current_page().can_print()
        self.print_action.setEnabled(can)
        self.pdf_action.setEnabled(can)

    def _on_print_triggered(self) -> None:
        self.current_page().print_preview()

    def _on_export_pdf_triggered(self) -> None:
        self.current_page().export_pdf()

    def _update_title(self, patient_id: object = None) -> None:
        name = ""
        if isinstance(patient_id, str):
            try:
                name = self.context.patients.get(patient_id).name
            except LdnError:
                name = ""
        suffix = " [read-only]" if self.context.read_only else ""
        self.setWindowTitle(f"{APP_TITLE} — {name}{suffix}" if name else f"{APP_TITLE}{suffix}")
        self._update_print_actions()

    def _on_context_data_changed(self, what: str) -> None:
        if what == "patients":
            self.patient_bar.reload(select=self.context.current_patient_id)

    def _on_context_status_posted(self, message: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def _open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.store.root)))

    def _show_about(self) -> None:
        AboutDialog.ask(self, Path(self.context.store.root))

    # -- geometry ----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        row = settings.value("main_window/page", 0)
        try:
            self.show_page_at(max(0, min(int(row), len(self.pages) - 1)))
        except (TypeError, ValueError):
            self.show_page_at(0)

    def closeEvent(self, event: QCloseEvent) -> None:
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/page", self.navigation.currentRow())
        super().closeEvent(event)
