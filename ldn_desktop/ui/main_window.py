"""The main window: navigation, menus, patient bar, status bar. Wiring only; pages do the work."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSettings, QTimer
from PySide6.QtGui import (
    QAction,
    QKeySequence,
    QUndoGroup,
)
from PySide6.QtWidgets import (
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop import start_collector
from ldn_desktop.core.errors import LdnError
from ldn_desktop.core.units import build_registry_in_background
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.banners import DataNotesBanner, read_only_banner
from ldn_desktop.ui.colour_scheme import confirm_system_scheme
from ldn_desktop.ui.page import Page
from ldn_desktop.ui.page_stack import PAGE_SPECS, PageStack
from ldn_desktop.ui.patient_bar import PatientBar
from ldn_desktop.ui.qt_start import shortcut_keys
from ldn_desktop.ui.wheel_guard import WheelGuard

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QShowEvent

    from ldn_desktop.ui.help_dialogs import GuideDialog

APP_TITLE = "LDN Desktop"
UNITS_AFTER_START_MS = 250  # the first page ready, the user reading it: pint's registry is built
# the first page built and painted: what needs the Qt namespace (MainWindow.finish_start, ~11 ms)
FINISH_START_AFTER_MS = 100


class MainWindow(QMainWindow):
    """Pages in the order a prescriber, pharmacist and patient meet them.

    Pages are built the first time they are shown (``page_stack``); ``washout_page``,
    ``titration_page``, ``compounding_page``, ``side_effects_page`` and ``settings_page`` build
    theirs on first access.

    Nothing on the way to the first page ready for input uses PySide6's ``Qt`` namespace (its 93
    enum types are made on first use: 11-20 ms, issue 14 rows 1 and 8; ``tests/ui/test_start_up.py``
    checks it): what needs it waits for ``finish_start``, a moment after the first page is built
    (the system's colour scheme, the clipboard actions' keys).
    """

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.setObjectName("MainWindow")
        self.guide: GuideDialog | None = None  # built on the first F1
        self._start_finished = False
        self._finish_queued = False
        self.stack = PageStack(context)
        self.stack.page_built.connect(self._on_page_built)
        self._build_central()
        self.patient_bar = PatientBar(context)
        self.patient_bar.may_leave_patient = lambda: self.settle_unsaved_changes(
            "choosing another patient", patient_drafts_only=True
        )
        toolbar = QToolBar("Patient")
        toolbar.setObjectName("patientToolbar")
        toolbar.setMovable(False)
        toolbar.addWidget(self.patient_bar)
        self.addToolBar(toolbar)
        self._build_menus()
        context.patient_changed.connect(self._update_title)
        context.data_changed.connect(self._on_context_data_changed)
        context.status_posted.connect(self._on_context_status_posted)
        self.statusBar().showMessage(f"Data folder: {context.store.root}", 8000)
        self.patient_bar.listed.connect(
            lambda: self.data_notes_banner.refresh(self.patient_bar.problems)
        )
        self.patient_bar.reload(select=context.settings().get("last_patient_id"))
        self._update_title(context.current_patient_id)
        self.resize(1180, 780)
        self._restore_geometry()

    # -- construction ------------------------------------------------------------------------

    def _build_central(self) -> None:
        self.navigation = QListWidget()
        self.navigation.setAccessibleName("Pages")
        for number, spec in enumerate(PAGE_SPECS, start=1):
            item = QListWidgetItem(spec.title)
            item.setToolTip(f"{spec.title} (Ctrl+{number})")
            self.navigation.addItem(item)
        # as wide as the longest title: at 1024 px every pixel more goes to the page
        navigation_width = (
            self.navigation.sizeHintForColumn(0) + 4 * self.navigation.frameWidth() + 16
        )
        self.navigation.setMaximumWidth(max(navigation_width, 110))
        self.navigation.currentRowChanged.connect(self._on_navigation_row_changed)
        splitter = QSplitter()  # horizontal
        splitter.addWidget(self.navigation)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([self.navigation.maximumWidth(), 1000])
        splitter.setChildrenCollapsible(False)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 6)
        self.read_only_banner = read_only_banner(self.context)
        layout.addWidget(self.read_only_banner)
        self.data_notes_banner = DataNotesBanner(self.context)  # filled as the patients are listed
        layout.addWidget(self.data_notes_banner)
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
        for number, spec in enumerate(PAGE_SPECS, start=1):
            go_menu.addAction(
                self._action(
                    spec.title,
                    QKeySequence(f"Ctrl+{number}"),
                    lambda _=False, row=number - 1: self.show_page_at(row),
                )
            )
        help_menu = bar.addMenu("&Help")
        self.guide_action = self._action(
            "&User guide", QKeySequence.StandardKey.HelpContents, self.show_guide
        )
        self.shortcuts_action = self._action("&Keyboard shortcuts", None, self.show_shortcuts)
        help_menu.addAction(self.guide_action)
        help_menu.addAction(self.shortcuts_action)
        help_menu.addSeparator()
        help_menu.addAction(self._action("&About LDN Desktop", None, self._show_about))
        help_menu.addAction(self._action("Read the &disclaimer", None, self._show_disclaimer))

    def _build_edit_menu(self) -> None:
        """Undo/Redo follow the current page's QUndoStack; clipboard actions the focused field."""
        self.undo_group = QUndoGroup(self)
        self.undo_action = self.undo_group.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts(shortcut_keys(QKeySequence.StandardKey.Undo))
        self.redo_action = self.undo_group.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts(shortcut_keys(QKeySequence.StandardKey.Redo))
        self.edit_menu.addAction(self.undo_action)
        self.edit_menu.addAction(self.redo_action)
        self.edit_menu.addSeparator()
        # their keys (shown in the menu; the fields keep them) come with finish_start
        self._clipboard_keys: list[tuple[QAction, QKeySequence.StandardKey]] = []
        for text, key, method in (
            ("Cu&t", QKeySequence.StandardKey.Cut, "cut"),
            ("&Copy", QKeySequence.StandardKey.Copy, "copy"),
            ("&Paste", QKeySequence.StandardKey.Paste, "paste"),
            ("Select &All", QKeySequence.StandardKey.SelectAll, "selectAll"),
        ):
            action = self._action(text, None, lambda _=False, m=method: self._edit_focused(m))
            self._clipboard_keys.append((action, key))
            self.edit_menu.addAction(action)

    def finish_start(self) -> None:
        """What waited for the first page because it needs the ``Qt`` namespace (once): the
        system's colour scheme asked (the start put back the last run's), and the clipboard
        actions' keys, which only show in the menu (``WidgetShortcut``: the focused field
        keeps Ctrl+C and the others)."""
        if self._start_finished:
            return
        self._start_finished = True
        from PySide6.QtCore import Qt

        confirm_system_scheme()
        for action, key in self._clipboard_keys:
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.setShortcuts(shortcut_keys(key))

    def _on_navigation_row_changed(self, row: int) -> None:
        """Show (building it if needed) the page chosen in the navigation list."""
        if row < 0:
            return
        page = self.stack.page(row)
        self.stack.setCurrentIndex(row)
        self.undo_group.setActiveStack(getattr(page, "undo_stack", None))
        self._update_print_actions()

    def _on_page_built(self, page: Page) -> None:
        """Wire a new page: its undo stack and its hand-offs to other pages. After the first one
        is painted, the program's start is over (``start_collector`` paused the collector for it):
        pint's unit registry, which the Titration and Compounding pages need, is built in the
        background, and the cycle collector runs again. A moment after the first page is built,
        ``finish_start`` does what needed the ``Qt`` namespace."""
        if not self._start_finished and not self._finish_queued:
            self._finish_queued = True  # once the page is painted and the user reading it
            QTimer.singleShot(FINISH_START_AFTER_MS, self, self.finish_start)
        if start_collector.paused():
            QTimer.singleShot(0, start_collector.resume)  # once the page is painted, loop idle
            # a moment later: started at once, the thread's Python work took turns with the
            # page's last paint and made the first page ready ~20 ms later (benchmarks/README.md)
            QTimer.singleShot(UNITS_AFTER_START_MS, build_registry_in_background)
        stack = getattr(page, "undo_stack", None)
        if stack is not None:
            self.undo_group.addStack(stack)
        start_chosen = getattr(page, "start_date_chosen", None)
        if start_chosen is not None:  # Washout: "Use as titration start"
            start_chosen.connect(self._hand_start_date_to_titration)
        requested = getattr(page, "compounding_requested", None)
        if requested is not None:  # Titration: "Send to compounding"
            requested.connect(self._hand_batch_to_compounding)

    def _hand_start_date_to_titration(self, day: object) -> None:
        page = self.titration_page
        page.set_start_date(day)  # type: ignore[attr-defined]
        self.show_page(page)

    def _hand_batch_to_compounding(self, strength: object, quantity: int) -> None:
        page = self.compounding_page
        page.prefill(strength, quantity)  # type: ignore[attr-defined]
        self.show_page(page)

    @property
    def pages(self) -> list[Page]:
        """Every page, in navigation order (builds the ones not built yet)."""
        return [self.stack.page(row) for row in range(len(PAGE_SPECS))]

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
            action.setShortcuts(shortcut_keys(shortcut))
        action.triggered.connect(slot)
        return action

    # -- behaviour ---------------------------------------------------------------------------

    def show_page(self, page: Page) -> None:
        self.show_page_at(self.stack.row_of(page))

    def show_page_at(self, row: int) -> None:
        self.navigation.setCurrentRow(row)

    def current_page(self) -> Page:
        return self.stack.page(max(0, self.stack.currentIndex()))

    def _update_print_actions(self, *_: object) -> None:
        page = self.stack.built(self.stack.currentIndex())  # never builds a page just to ask
        can = page is not None and page.can_print()
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
        self._update_print_actions()  # a page's first entries make it printable
        if what == "patients":  # restored, imported or recovered: what the start found is past
            self.context.startup_problems.clear()
            self.patient_bar.reload(select=self.context.current_patient_id)

    def _on_context_status_posted(self, message: str, timeout_ms: int) -> None:
        self.statusBar().showMessage(message, timeout_ms)

    def _open_data_folder(self) -> None:
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.store.root)))

    def show_guide(self) -> None:
        """F1: the user guide, at the part about the page on screen."""
        from ldn_desktop.ui.help_dialogs import GuideDialog, guide_anchor

        if self.guide is None:
            self.guide = GuideDialog(self)
        row = self.navigation.currentRow()
        self.guide.show_section(guide_anchor(PAGE_SPECS[row].title) if row >= 0 else "start")

    def show_shortcuts(self) -> None:
        """Help > Keyboard shortcuts, read from the actions themselves (every page built first)."""
        from ldn_desktop.ui.help_dialogs import ShortcutsDialog

        self.finish_start()
        _ = self.pages
        ShortcutsDialog.ask(self)

    def _show_about(self) -> None:
        from ldn_desktop.ui.dialogs import AboutDialog  # dialogs are loaded when first opened

        AboutDialog.ask(self, Path(self.context.store.root))

    def _show_disclaimer(self) -> None:
        from ldn_desktop.ui.dialogs import DisclaimerDialog

        DisclaimerDialog.ask(self)

    # -- geometry ----------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        settings = QSettings()
        geometry = settings.value("main_window/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        state = settings.value("main_window/state")
        if isinstance(state, QByteArray):
            self.restoreState(state)
        try:
            row = max(0, min(int(settings.value("main_window/page", 0)), len(PAGE_SPECS) - 1))
        except (TypeError, ValueError):
            row = 0
        # the window paints first (the page's placeholder); the page is built right after that
        # paint, or earlier when something asks for it
        self.navigation.blockSignals(True)
        self.navigation.setCurrentRow(row)
        self.navigation.blockSignals(False)
        self.stack.setCurrentIndex(row)
        self.stack.placeholder_painted.connect(self._on_placeholder_painted)

    def _on_placeholder_painted(self, row: int) -> None:
        if row == self.navigation.currentRow():
            self._on_navigation_row_changed(row)

    # -- unsaved work ------------------------------------------------------------------------

    def unsaved_pages(self, *, patient_drafts_only: bool = False) -> list[Page]:
        """Built pages holding a draft (a page never built holds none)."""
        if self.context.read_only:  # nothing can be saved: asking would only offer a trap
            return []
        built = (self.stack.built(row) for row in range(len(PAGE_SPECS)))
        return [
            page
            for page in built
            if page is not None
            and (page.draft_follows_patient or not patient_drafts_only)
            and page.has_unsaved_changes()
        ]

    def settle_unsaved_changes(self, action: str, *, patient_drafts_only: bool = False) -> bool:
        """Ask Save / Discard / Cancel when pages hold drafts; False means "stay where you are".

        Save saves every draft (a draft that cannot be saved shows its page and stops);
        Discard drops the drafts of the patient being left (``patient_drafts_only``: choosing
        another patient; drafts that do not belong to a patient, like Settings, are kept).
        On quitting, Discard simply lets the window close.
        """
        pages = self.unsaved_pages(patient_drafts_only=patient_drafts_only)
        if not pages:
            return True
        answer = messages.ask_unsaved(self, action, [page.unsaved_summary() for page in pages])
        if answer == "cancel":
            return False
        for page in pages:
            if answer == "save" and not page.save_changes():
                self.show_page(page)
                return False
            if answer == "discard" and patient_drafts_only:
                page.discard_changes()
        return True

    def showEvent(self, event: QShowEvent) -> None:
        """The wheel scrolls pages and never changes a field not clicked into: the guard watches
        this window from its first show (and every other window once it becomes active)."""
        super().showEvent(event)
        guard = WheelGuard.install()
        if guard is not None:
            guard.watch(self.windowHandle())

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.settle_unsaved_changes("quitting"):
            event.ignore()
            return
        settings = QSettings()
        settings.setValue("main_window/geometry", self.saveGeometry())
        settings.setValue("main_window/state", self.saveState())
        settings.setValue("main_window/page", self.navigation.currentRow())
        super().closeEvent(event)


def _page_property(row: int, spec_title: str) -> property:
    return property(
        lambda self: self.stack.page(row), doc=f"The {spec_title} page (built on first use)."
    )


for _row, _spec in enumerate(PAGE_SPECS):
    setattr(MainWindow, _spec.attribute, _page_property(_row, _spec.title))
