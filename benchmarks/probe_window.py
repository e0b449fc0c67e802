"""Child process for the window benchmarks: show a window, report when it first painted.

``python benchmarks/probe_window.py bare``  a QMainWindow with a label, QtCharts imported
``python benchmarks/probe_window.py app DATA [PATIENT]``  the LDN Desktop main window on DATA
(as ``app.run_gui`` builds it, minus the first-run disclaimer); with PATIENT, that patient is
selected and the Side effects page shown.

Prints one JSON line: seconds from interpreter start to the first paint of the window
(``painted_s``), to the first page built, painted and the event loop idle again, i.e. ready for
the user's first key (``ready_s``; for the bare window: its label painted and the loop idle), and
the peak resident memory (``maxrss_mb``) once the window is idle.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

T0 = time.perf_counter()
# the interpreter itself started before T0: the parent measures the full wall time too

# extra figures added to the report when the window is ready (``probe_costs`` adds its counters)
REPORTERS: list[Callable[[], dict[str, float]]] = []


def _bare() -> tuple[object, object]:
    from PySide6 import QtCharts  # noqa: F401  (the app's chart dependency, loaded like the app does)
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    app = QApplication.instance() or QApplication([sys.argv[0]])
    window = QMainWindow()
    window.setCentralWidget(QLabel("Hello"))
    window.resize(1180, 780)
    return app, window


QSETTINGS_ENV = "LDN_BENCH_QSETTINGS"


def _fresh_qsettings(data: Path) -> None:
    """Window state as on a first run (the page it opens on is the first one), not this machine's.

    The empty folder comes from the parent (``LDN_BENCH_QSETTINGS``; the probe ends without saving
    window state, so it stays empty): making one here put a directory creation, which the program
    never does at start, inside the measured time (one took 23 ms on this machine)."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    folder = os.environ.get(QSETTINGS_ENV)
    if not folder:
        import tempfile

        folder = tempfile.mkdtemp(prefix="ldn-bench-qsettings-", dir=data.parent)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)


def _app(data: Path, patient: str | None) -> tuple[object, object]:
    from ldn_desktop.app import build_main_window, create_application
    from ldn_desktop.storage.documents import DataStore

    _fresh_qsettings(data)
    app = create_application()  # reads QSettings (the colour scheme the last run ended with)
    store = DataStore.open(data)
    window = build_main_window(store)
    if patient:
        window.context.set_current_patient(patient)  # type: ignore[attr-defined]
        # only that page is built, as when the user opens it (the others are built on first show)
        window.show_page(window.side_effects_page)  # type: ignore[attr-defined]
    return app, window


def main() -> int:
    mode = sys.argv[1]
    if mode == "app":  # as `ldn-desktop` does on its way to the window (ldn_desktop/cli.py)
        from ldn_desktop import start_collector

        start_collector.pause()
    from PySide6.QtCore import QEvent, QObject, QTimer

    if mode == "bare":
        app, window = _bare()
    else:
        app, window = _app(Path(sys.argv[2]), sys.argv[3] if len(sys.argv) > 3 else None)
    result: dict[str, float] = {}

    def mark_ready() -> None:
        if "ready_s" not in result:
            result["ready_s"] = time.perf_counter() - T0
            for reporter in REPORTERS:  # what they counted up to this moment
                result.update(reporter())

    def ready() -> None:
        mark_ready()
        QTimer.singleShot(0, finish)

    class FirstPaint(QObject):
        """The window's first paint; then the first page's (the bare window has no pages)."""

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                if watched is window and "painted_s" not in result:
                    result["painted_s"] = time.perf_counter() - T0
                    if mode == "bare":
                        QTimer.singleShot(0, ready)
                elif watched is not window and "ready_s" not in result:
                    result.setdefault("page_painted_s", time.perf_counter() - T0)
                    QTimer.singleShot(0, ready)  # painted, and the event loop free again
            return False

    def on_page_built(page: QObject) -> None:
        if "page_s" not in result:
            result["page_s"] = time.perf_counter() - T0
            page.installEventFilter(watcher)

    def finish() -> None:
        if "painted_s" not in result:  # platforms that paint without a Paint event on the window
            result["painted_s"] = time.perf_counter() - T0
        mark_ready()
        app.processEvents()  # type: ignore[attr-defined]
        usage = resource.getrusage(resource.RUSAGE_SELF)
        result["maxrss_mb"] = usage.ru_maxrss / 1024
        # work done after the measured moments (this processEvents, the rest of the start): the
        # parent takes it off the process's wall time
        result["after_paint_s"] = time.perf_counter() - T0 - result["painted_s"]
        result["after_ready_s"] = time.perf_counter() - T0 - result["ready_s"]
        print(json.dumps(result), flush=True)
        os._exit(0)  # skip teardown: not part of what is measured

    watcher = FirstPaint()
    window.installEventFilter(watcher)  # type: ignore[attr-defined]
    if mode != "bare":
        window.stack.page_built.connect(on_page_built)  # type: ignore[attr-defined]
        if window.stack.built(window.stack.currentIndex()) is not None:  # type: ignore[attr-defined]
            on_page_built(window.stack.built(window.stack.currentIndex()))  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    QTimer.singleShot(5000, finish)
    return int(app.exec())  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
