"""Composition root: QApplication, excepthook, data store, reference data, the main window."""

from __future__ import annotations

# First: loads PySide6 and spares it reading the source of every module imported after (qt_start)
import ldn_desktop.ui  # noqa: F401

# isort: split
import logging
import sys
import traceback
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QSettings, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QWidget

from ldn_desktop import __version__
from ldn_desktop.core.errors import LdnError
from ldn_desktop.paths import resource_path
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import DataInUseError

log = logging.getLogger("ldn_desktop")
ORGANIZATION = "ldn-desktop"
APPLICATION = "LDN Desktop"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The QApplication with names (for QSettings, INI files everywhere), icon and the system's
    light or dark colour scheme (followed while the program runs; asked after the first paint,
    ``ui/colour_scheme``). The style sheet is not the application's: it is given to the few
    widgets it marks when they are shown (``ui/marked_style``). High-DPI scale factors are not
    rounded (Qt 6's default, ``PassThrough``; ``QT_SCALE_FACTOR_ROUNDING_POLICY`` still applies)."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or [sys.argv[0]])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QCoreApplication.setOrganizationName(ORGANIZATION)
    QCoreApplication.setApplicationName(APPLICATION)
    QCoreApplication.setApplicationVersion(__version__)
    QGuiApplication.setDesktopFileName("ldn-desktop")
    icon = resource_path("icons", "ldn-desktop.svg")
    if icon.is_file():
        app.setWindowIcon(QIcon(str(icon)))
    from ldn_desktop.ui.colour_scheme import ColourSchemeFollower

    # as the last run ended; the system is asked after the window's first paint
    ColourSchemeFollower.install(app)
    return app


def install_excepthook(parent_getter: object = None) -> None:
    """Unexpected errors: log the traceback, show a short dialog, keep the program alive."""

    def hook(kind: type[BaseException], value: BaseException, tb: TracebackType | None) -> None:
        details = "".join(traceback.format_exception(kind, value, tb))
        log.error("unexpected error\n%s", details)
        sys.__stderr__.write(details) if sys.__stderr__ else None
        if isinstance(value, KeyboardInterrupt):
            QApplication.quit()
            return
        from ldn_desktop.ui import messages

        active = QApplication.activeWindow()
        messages.show_crash(
            active if isinstance(active, QWidget) else None, f"{kind.__name__}: {value}", details
        )

    sys.excepthook = hook


def open_store_interactively(data_dir: Path, read_only: bool) -> DataStore | None:
    """Open the data folder; when another instance holds it, offer to open it read-only."""
    from ldn_desktop.ui import messages
    from ldn_desktop.ui.colour_scheme import confirm_system_scheme

    try:
        store = DataStore.open(data_dir, read_only=read_only)
    except DataInUseError as exc:
        confirm_system_scheme()  # a dialog before the window: in the system's colours
        if not messages.confirm(None, "Data in use", f"{exc}\n\nOpen it read-only?"):
            return None
        store = DataStore(
            data_dir, read_only=True, read_only_reason="another LDN Desktop has it open"
        )
    except (OSError, LdnError) as exc:
        confirm_system_scheme()
        messages.show_error(None, f"The data folder {data_dir} cannot be opened: {exc}")
        return None
    if not store.read_only:
        store.clean_temp_files()
    return store


def build_main_window(store: DataStore) -> QWidget:
    """The window and its shared context, with reference-data problems shown in the status bar."""
    from ldn_desktop.storage.folder_checks import start_up_checks
    from ldn_desktop.ui.app_context import AppContext
    from ldn_desktop.ui.main_window import MainWindow

    # first: it may finish an interrupted restore; documents moved aside are the window's to show
    # as the folder changes (MainWindow._show_data_notes)
    notes = start_up_checks(store)
    context = AppContext(store)
    context.startup_notes = notes
    window = MainWindow(context)
    context.setParent(window)
    for problem in context.startup_problems:
        window.statusBar().showMessage(problem, 20000)
    return window


def ensure_disclaimer_accepted(window: QWidget) -> bool:
    """First run: the disclaimer must be accepted once; the answer is saved in settings.json."""
    from ldn_desktop.ui.dialogs import DisclaimerDialog

    context = window.context  # type: ignore[attr-defined]
    settings = context.settings()
    if settings.get("disclaimer_accepted_at"):
        return True
    if not DisclaimerDialog.ask(window):
        return False
    settings["disclaimer_accepted_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        context.update_settings(settings)
    except LdnError as exc:
        context.post_status(str(exc), 15000)
    return True


def run_gui(data_dir: Path, *, read_only: bool = False) -> int:
    """Open the window on ``data_dir``; returns the exit status."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    app = create_application()
    install_excepthook()
    store = open_store_interactively(data_dir, read_only)
    if store is None:
        return 1
    window = build_main_window(store)
    window.show()
    from ldn_desktop import start_collector

    # the main window resumes the collector once its first page is ready; this at the latest
    QTimer.singleShot(start_collector.RESUME_AFTER_MS, start_collector.resume)
    if not ensure_disclaimer_accepted(window):
        store.close()
        return 0
    try:
        return int(app.exec())
    finally:
        store.close()
