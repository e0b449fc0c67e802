"""Python's cycle collector while the window starts (issue 14, rows 1 and 8).

The start makes tens of thousands of objects that live for the whole session (modules, classes,
functions, Qt wrappers, the settings) and almost no garbage, yet the collector kept walking them
as they were made: ~40 passes before the first page was ready. ``ldn-desktop`` without a command
pauses it before PySide6 is imported (``pause``); once the first page is built and painted the
main window calls ``resume``, which freezes what the start made (``gc.freeze``: later passes skip
it, so they stay as cheap as they were at the start) and runs the collector again.

Measured with ``benchmarks/probe_window.py`` (7 alternated runs, 3 Dec 2026): first paint 198 ms
against 216 ms, first page ready 230 ms against 252 ms (medians). The few hundred objects of
start-up garbage that only a pass would have freed (478 counted) stay in memory, once.
``resume`` also runs from a timer a few seconds after the start, whatever happens to the first
page, and does nothing when ``pause`` was not called (tests, the self-test, the command line).
"""

from __future__ import annotations

import gc

RESUME_AFTER_MS = 5000  # the latest resume, should the first page never be ready

_paused = False


def pause() -> None:
    """Pause the collector for the start (only if it is running: never resumed for another)."""
    global _paused
    if gc.isenabled():
        gc.disable()
        _paused = True


def resume() -> None:
    """Freeze what the start made and run the collector again; nothing if ``pause`` did not
    pause it (or it was resumed already)."""
    global _paused
    if _paused:
        _paused = False
        gc.freeze()
        gc.enable()


def paused() -> bool:
    """Whether ``pause`` paused the collector and it has not been resumed yet."""
    return _paused
