"""The cycle collector is paused while the window starts and always runs again (start_collector).

A collector left paused would let every reference cycle of the session pile up, so: the program
pauses it only on the way to the window, before PySide6 is imported; the main window resumes it
once its first page is ready; a timer resumes it at the latest; nothing else is touched.
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ldn_desktop import start_collector


@pytest.fixture
def collector_state() -> Iterator[None]:
    yield
    start_collector._paused = False
    gc.unfreeze()
    gc.enable()


def test_pause_and_resume(collector_state: None) -> None:
    frozen = gc.get_freeze_count()
    start_collector.pause()
    assert not gc.isenabled() and start_collector.paused()
    start_collector.resume()
    assert gc.isenabled() and not start_collector.paused()
    assert gc.get_freeze_count() > frozen  # what the start made is skipped by later passes
    start_collector.resume()  # a second resume (the timer after the page) changes nothing
    assert gc.isenabled()


def test_a_collector_paused_by_someone_else_is_left_paused(collector_state: None) -> None:
    gc.disable()
    start_collector.pause()
    assert not start_collector.paused()
    start_collector.resume()
    assert not gc.isenabled()  # not ours to resume


def test_resume_without_pause_does_nothing(collector_state: None) -> None:
    frozen = gc.get_freeze_count()
    start_collector.resume()
    assert gc.isenabled() and gc.get_freeze_count() == frozen


CHILD = r"""
import gc, json, os, sys
from pathlib import Path

observed = {}


def watch(event, args):
    if event == "import" and args[0] == "PySide6.QtCore" and "qtcore" not in observed:
        observed["qtcore"] = gc.isenabled()


sys.addaudithook(watch)

from ldn_desktop import start_collector
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.settings import load_settings, save_settings

data = Path(sys.argv[1])
store = DataStore.open(data)
settings = load_settings(store)
settings["disclaimer_accepted_at"] = "2026-01-01T00:00:00+00:00"
save_settings(store, settings)
store.close()
if sys.argv[2] == "fallback":  # the first page never says it is ready: the timer resumes
    start_collector.RESUME_AFTER_MS = 300
    start_collector.paused = lambda: False

real_resume = start_collector.resume


def resume():
    from PySide6.QtWidgets import QApplication

    window = next(w for w in QApplication.topLevelWidgets() if w.objectName() == "MainWindow")
    page = window.stack.built(window.stack.currentIndex())
    observed["at_resume"] = {"enabled": gc.isenabled(), "page_built": page is not None}
    real_resume()
    observed["after"] = {"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}
    from PySide6.QtCore import QTimer
    from ldn_desktop.ui.main_window import UNITS_AFTER_START_MS

    QTimer.singleShot(UNITS_AFTER_START_MS + 250, QApplication.quit)  # units started by then


start_collector.resume = resume
from ldn_desktop import cli

status = cli.main(["--data-dir", str(data)])
import threading
from ldn_desktop.core.units import unit_registry

for thread in threading.enumerate():
    if thread.name == "unit registry":
        thread.join()
observed["units_built"] = bool(unit_registry._registry)
print(json.dumps({"status": status, **observed}), flush=True)
"""


@pytest.mark.parametrize("way", ["first page", "fallback"])
def test_the_window_pauses_the_collector_before_pyside6_and_resumes_it(
    tmp_path: Path, way: str
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "data"), way],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["status"] == 0
    assert report["qtcore"] is False  # paused before PySide6 was imported
    assert report["at_resume"] == {"enabled": False, "page_built": True}
    assert report["after"]["enabled"] is True and report["after"]["frozen"] > 10_000
    # the end of the start also builds the units for the next pages, in the background
    assert report["units_built"] is (way == "first page")
