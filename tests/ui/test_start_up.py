"""What the window does before its first page is ready (issue 14, rows 1 and 8).

Start-up time is measured by ``benchmarks/`` (figures, not tests: the machines are noisy). These
tests pin down the causes that were found, so they cannot come back unnoticed: each runs a fresh
interpreter that starts the window as ``app.run_gui`` does and reports what it loaded.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import ldn_desktop

PACKAGE_DIR = Path(ldn_desktop.__file__).parent

CHILD = r"""
import json, os, sys, tempfile
from pathlib import Path

import PySide6.QtCore
import PySide6.QtWidgets

# PySide6 builds a class (and its enum types) when it is first used: the Qt namespace not yet
qt_lazy = "Qt" not in vars(PySide6.QtCore)
feature = sys.modules["PySide6.support.feature"]
scanned = []
real_scan = feature._mod_uses_pyside


def recording_scan(module):
    # [name, ui/qt_start's finder installed yet?], for the modules named once the program's own
    # import began
    if "ldn_desktop.app" in sys.modules:
        installed = any(type(finder).__name__ == "FeatureFlagFinder" for finder in sys.meta_path)
        scanned.append([getattr(module, "__name__", "?"), installed])
    return real_scan(module)


feature._mod_uses_pyside = recording_scan

from ldn_desktop.app import build_main_window, create_application
from ldn_desktop.storage.documents import DataStore
from PySide6.QtCore import QEvent, QObject, QSettings, QTimer

QSettings.setDefaultFormat(QSettings.Format.IniFormat)
QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp())
app = create_application()
store = DataStore.open(Path(sys.argv[1]))
window = build_main_window(store)
shown = {}


class FirstPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "qt_at_first_paint" not in shown:
            shown["qt_at_first_paint"] = "Qt" in vars(PySide6.QtCore)
            shown["qstyle_at_first_paint"] = "QStyle" in vars(PySide6.QtWidgets)
        return False


class PageReady(QObject):
    # the first page painted and the event loop idle again: ready for the user's first key

    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and "qt_at_page_ready" not in shown:
            shown["qt_at_page_ready"] = None
            QTimer.singleShot(0, at_page_ready)
        return False


first_paint = FirstPaint()
page_ready = PageReady()


def first_page_built(page):
    if "page" not in shown:
        shown["page"] = type(page).__name__
        page.installEventFilter(page_ready)


def at_page_ready():
    shown["qt_at_page_ready"] = "Qt" in vars(PySide6.QtCore)
    shown["start_finished_at_page_ready"] = window._start_finished
    shown["modules_at_page_ready"] = sorted(sys.modules)
    for attribute in sys.argv[2:]:  # the pages the user then goes to
        window.show_page(getattr(window, attribute))
        app.processEvents()
    wait_for_start_to_finish()


def wait_for_start_to_finish():
    if window._start_finished:  # MainWindow.finish_start, a moment after the first page
        report()
    else:
        QTimer.singleShot(10, wait_for_start_to_finish)


def report():
    from ldn_desktop.ui.colour_scheme import ColourSchemeFollower

    edit = {action.text(): [k.toString() for k in action.shortcuts()] for action in window.edit_menu.actions()}
    print(json.dumps({
        "qt_lazy": qt_lazy,
        "qt_at_first_paint": shown.get("qt_at_first_paint"),
        "qstyle_at_first_paint": shown.get("qstyle_at_first_paint"),
        "qt_at_page_ready": shown.get("qt_at_page_ready"),
        "start_finished_at_page_ready": shown.get("start_finished_at_page_ready"),
        "modules_at_page_ready": shown.get("modules_at_page_ready", []),
        "colour_scheme_confirmed": ColourSchemeFollower.of(app).confirmed,
        "edit_menu": edit,
        "page": shown.get("page"),
        "scanned": scanned,
        "modules": sorted(sys.modules),
        "style_sheet": app.styleSheet(),
    }), flush=True)
    os._exit(0)


window.stack.page_built.connect(first_page_built)
window.installEventFilter(first_paint)
window.show()
QTimer.singleShot(20000, report)
app.exec()
"""


def _start_window(tmp_path: Path, *pages: str) -> dict[str, object]:
    """The window started in a fresh process; then ``pages`` (MainWindow attributes) shown."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "data"), *pages],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["page"] == "WashoutPage", done.stderr[-2000:]
    return report


def test_start_up(tmp_path: Path) -> None:
    report = _start_window(tmp_path)
    modules = set(report["modules_at_page_ready"])  # type: ignore[arg-type]

    # PySide6 reads the source of every module an import names, to look for "PySide6" (its
    # __feature__ switching): ~0.15 ms each, ~17 ms before the first page. Once ui/qt_start.py is
    # loaded (the first thing app.py imports), none of ours or of the standard library is read.
    named = report["scanned"]
    assert isinstance(named, list)
    if any(installed for _, installed in named):  # the few named before the finder cannot be
        named = [[name, installed] for name, installed in named if installed]
    scanned = [
        name
        for name, _ in named
        if name.partition(".")[0] in sys.stdlib_module_names or name.startswith("ldn_desktop")
    ]
    assert scanned == []

    # PySide6 makes the Qt namespace's 93 enum types on its first use, 11-20 ms: the window's
    # first paint and the first page (Washout, its empty form) do without it; a moment later the
    # system's colour scheme is asked and the clipboard actions get their keys
    # (MainWindow.finish_start)
    if report["qt_lazy"]:
        assert report["qt_at_first_paint"] is False
        # QStyle's 11 enum types (~5 ms): the patient list paints itself through Qt when its
        # text fits (ui/elided_combo)
        assert report["qstyle_at_first_paint"] is False
        assert report["qt_at_page_ready"] is False
    assert report["start_finished_at_page_ready"] is False
    assert report["colour_scheme_confirmed"] is True
    edit = report["edit_menu"]
    assert isinstance(edit, dict)
    assert edit["&Copy"] == ["Ctrl+C"] and edit["&Undo"] == ["Ctrl+Z"], edit

    # An application-wide style sheet makes Qt polish and draw every widget through its
    # style-sheet style (the first page ~15 ms slower): only marked widgets get it, when shown.
    assert report["style_sheet"] == ""

    # Loaded when first used, never for the first page: units (pint, quantity parsing), charts,
    # printing and PDF rendering, calendars, other pages, dialogs, the washout checker, its table
    # and results (an empty form needs none), time zones, name matching, hashing (OpenSSL:
    # ~2.5 ms).
    for name in (
        "pint",
        "ldn_desktop.core.units.quantities",
        "ldn_desktop.core.washout.check",
        "ldn_desktop.core.washout.model",
        "ldn_desktop.core.washout.opioid_table",
        "ldn_desktop.reports.render_washout",
        "ldn_desktop.ui.dialogs",
        "zoneinfo",
        "difflib",
        "html",
        "secrets",
        "platform",
        "hashlib",
        "PySide6.QtCharts",
        "PySide6.QtPrintSupport",
        "PySide6.QtSvg",
        "icalendar",
        "ldn_desktop.ui.titration_page",
        "ldn_desktop.ui.compounding_page",
        "ldn_desktop.ui.side_effects_page",
        "ldn_desktop.ui.settings_page",
        "ldn_desktop.ui.help_dialogs",
    ):
        assert name not in modules, f"{name} is loaded before the first page is ready"


def test_no_module_selects_a_pyside_feature() -> None:
    """ui/qt_start.py tells PySide6 that our modules use no ``__feature__`` (snake_case,
    true_property) without reading them; this keeps that true."""
    users = [
        str(path.relative_to(PACKAGE_DIR))
        for path in PACKAGE_DIR.rglob("*.py")
        if re.search(r"^\s*(from|import)\s+__feature__", path.read_text(encoding="utf-8"), re.M)
    ]
    assert users == []


def test_pages_load_printing_when_they_print(tmp_path: Path) -> None:
    """QtPrintSupport and its page sizes (~12 ms) load with the first print or PDF, not with the
    Titration or Compounding page (both import their printing code)."""
    report = _start_window(tmp_path, "titration_page", "compounding_page")
    modules = set(report["modules"])  # type: ignore[arg-type]
    assert {"ldn_desktop.ui.titration.printing", "ldn_desktop.ui.compounding.print_actions"} <= (
        modules
    )
    assert "PySide6.QtPrintSupport" not in modules
    assert "ldn_desktop.reports.printing" not in modules


def test_scale_factors_are_not_rounded(qapp: object) -> None:
    """The program no longer sets the rounding policy (it needed the ``Qt`` namespace before the
    first paint): Qt 6's own default is the one it set, ``PassThrough`` (a 150 % screen draws
    at 1.5, not 2)."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from ldn_desktop.app import create_application

    create_application()
    policy = QGuiApplication.highDpiScaleFactorRoundingPolicy()
    assert policy == Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
