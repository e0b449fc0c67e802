"""Child process for the page benchmark: going to each page of a started window, as a user does.

``python benchmarks/probe_pages.py DATA``: starts the main window on DATA as ``probe_window.py``
does (its one patient selected), waits until the first page is ready and the window idle, then
chooses each other page in the navigation list in turn: first visit (the page is built: its
modules, its widgets, its data), then, after going back to the first page, a second visit. Each time is from the click to the page's first paint with the event
loop idle again.

Prints one JSON line: ``{"first_ms": {title: ms}, "again_ms": {title: ms}}``.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # probe_window, as a script would

import probe_window
from PySide6.QtCore import QEvent, QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

IDLE_S = 0.3  # the user looks at the page before the next click


class _Painted(QObject):
    """Quits ``loop`` once the watched widget has painted and the event loop is free again."""

    def __init__(self, loop: QEventLoop) -> None:
        super().__init__()
        self.loop = loop
        self.seen = False

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.seen:
            self.seen = True
            QTimer.singleShot(0, self.loop.quit)
        return False


def _idle(app: QApplication, seconds: float) -> None:
    loop = QEventLoop()
    QTimer.singleShot(int(seconds * 1000), loop.quit)
    loop.exec()
    app.processEvents()


def _go_to(window: QWidget, row: int) -> float:
    """Choose ``row`` in the navigation list; ms until that page painted and the loop is idle."""
    stack = window.stack  # type: ignore[attr-defined]
    loop = QEventLoop()
    watch = _Painted(loop)
    built = stack.built(row)
    if built is not None:
        built.installEventFilter(watch)
    else:  # built on the way: watch it from then on
        stack.page_built.connect(lambda page: page.installEventFilter(watch))
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(loop.quit)
    give_up.start(10_000)
    start = time.perf_counter()
    window.navigation.setCurrentRow(row)  # type: ignore[attr-defined]
    if not watch.seen:
        loop.exec()
    elapsed = (time.perf_counter() - start) * 1000
    if built is None:
        stack.page_built.disconnect()
    stack.built(row).removeEventFilter(watch)
    if not watch.seen:
        raise RuntimeError(f"page {row} did not paint within 10 s")
    return elapsed


def main() -> int:
    from ldn_desktop import start_collector

    start_collector.pause()  # as `ldn-desktop` does on its way to the window
    data = Path(sys.argv[1])
    app, window = probe_window._app(data, None)
    from ldn_desktop.storage.patients import PatientRepository

    context = window.context
    context.set_current_patient(PatientRepository(context.store).ids()[0])
    window.show()
    _idle(app, 1.0)  # the first page built and the start finished
    stack = window.stack
    first_row = stack.currentIndex()
    first: dict[str, float] = {}
    again: dict[str, float] = {}
    for row, spec in enumerate(stack.specs):
        if row == first_row:
            continue
        first[spec.title] = _go_to(window, row)
        _idle(app, IDLE_S)
        _go_to(window, first_row)
        _idle(app, IDLE_S)
        again[spec.title] = _go_to(window, row)
        _idle(app, IDLE_S)
        _go_to(window, first_row)
        _idle(app, IDLE_S)
    print(json.dumps({"first_ms": first, "again_ms": again}), flush=True)
    os._exit(0)  # skip teardown: not part of what is measured


if __name__ == "__main__":
    sys.exit(main())
