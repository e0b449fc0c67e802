"""A long session: the running window survives tens of thousands of its own signals.

PySide6 6.12.0 returns ``True`` from ``SignalInstance.emit()`` without taking a reference, so
every signal emitted from Python code (``context.post_status``, ``data_changed``, a page's
``plan_changed`` ...) lowers ``True``'s reference count by one. Python 3.11's ``True`` is not
immortal: after about 3,000 emits the interpreter aborts ("Fatal Python error: bool_dealloc").
Through the app's status-bar slot ``None`` loses a reference per emit as well. PySide6 6.11.3
has neither defect. The test runs the real window in a child process (a
crash must not take pytest with it) and posts 20,000 status messages through the app's API.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import sys
from pathlib import Path
from ldn_desktop.app import build_main_window, create_application
from ldn_desktop.storage.documents import DataStore
app = create_application()
window = build_main_window(DataStore.open(Path(sys.argv[1])))
window.show()
app.processEvents()
for _ in range(20_000):
    window.context.post_status("saved", 1)
app.processEvents()
print("survived", sys.getrefcount(True))
"""


def test_the_window_survives_a_long_session(tmp_path: Path) -> None:
    import PySide6

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    crashed = done.returncode != 0 and "Fatal Python error" in done.stderr
    if crashed and PySide6.__version__ == "6.12.0":
        pytest.xfail(
            "PySide6 6.12.0 SignalInstance.emit() drops a reference to True: the program "
            "aborts after ~3,000 signals emitted from Python. Pin PySide6 < 6.12 (6.11.3 is "
            "fine) or make True, False and None immortal at start-up (see the stress report)."
        )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.startswith("survived")
