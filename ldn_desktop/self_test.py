"""``ldn-desktop --self-test``: proves an installed copy or bundle works, then exits 0.

Opens the main window offscreen, reads every shipped resource file, writes and reads a temporary
data folder. Prints one line per check; exit status 1 if any fails.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path


def _check_resources() -> str:
    from ldn_desktop.paths import resource_dir

    root = resource_dir()
    files = sorted((root / "data").glob("*.json"))
    for path in files:
        json.loads(path.read_text(encoding="utf-8"))
    if not (root / "icons").is_dir():
        raise FileNotFoundError(f"no icons folder in {root}")
    return f"{len(files)} reference files in {root}"


def _check_storage(folder: Path) -> str:
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.patients import PatientRepository

    store = DataStore.open(folder / "data")
    try:
        repo = PatientRepository(store)
        created = repo.create("Self Test")
        if repo.get(created.id).name != "Self Test":
            raise RuntimeError("a saved patient did not read back")
    finally:
        store.close()
    return f"wrote and read {folder / 'data'}"


def _check_window(folder: Path) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QSettings, qInstallMessageHandler

    from ldn_desktop.app import build_main_window, create_application
    from ldn_desktop.storage.documents import DataStore

    # the window's state (and the colour scheme remembered) in the temporary folder, not the user's
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder / "qs"))
    app = create_application()
    store = DataStore.open(folder / "window-data")
    # the offscreen platform says what it cannot do ("This plugin does not support raise()"):
    # not a problem of the program, so not printed after "ok"; every other Qt message is
    earlier = qInstallMessageHandler(_quiet_offscreen_limits)
    try:
        window = build_main_window(store)
        window.show()
        app.processEvents()
        title = window.windowTitle()
        window.close()
    finally:
        qInstallMessageHandler(earlier)
        store.close()
    return f"main window opened ({title})"


OFFSCREEN_LIMIT = "This plugin does not support"


def _quiet_offscreen_limits(_kind: object, _context: object, message: str) -> None:
    if not message.startswith(OFFSCREEN_LIMIT):
        sys.stderr.write(f"{message}\n")


def run_self_test() -> int:
    failures = 0
    with tempfile.TemporaryDirectory(prefix="ldn-self-test-") as tmp:
        folder = Path(tmp)
        for name, check in (
            ("resources", _check_resources),
            ("storage", lambda: _check_storage(folder)),
            ("window", lambda: _check_window(folder)),
        ):
            try:
                print(f"ok   {name}: {check()}")
            except Exception as exc:
                failures += 1
                print(f"FAIL {name}: {type(exc).__name__}: {exc}")
    print("self-test passed" if not failures else f"self-test failed ({failures})")
    sys.stdout.flush()
    return 0 if not failures else 1
