"""A data folder the user cannot write opens read-only, with a visible banner; nothing is written.

Root ignores permission bits, so as root the 0500 folder is checked by running the program as
``nobody`` (setpriv), and a read-only mount (tmpfs remounted ``ro``) is checked in-process. As an
ordinary user, the 0500 folder is checked in-process directly.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ldn_desktop import cli
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.patients import PatientRepository
from tests.stress.snapshots import snapshot

IS_ROOT = os.geteuid() == 0

WINDOW_PROBE = """
import json, sys
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ldn_desktop.app import build_main_window
from ldn_desktop.storage.documents import DataStore
store = DataStore.open(Path(sys.argv[1]))
window = build_main_window(store)
window.show()
app.processEvents()
banner = window.read_only_banner
print(json.dumps({"read_only": store.read_only, "visible": banner.isVisible(),
                  "text": banner.text(), "title": window.windowTitle()}))
"""


def _make_data(data: Path) -> str:
    store = DataStore.open(data)
    try:
        return PatientRepository(store).create("Rosalind Franklin").id
    finally:
        store.close()


def _check_cli(data: Path, patient: str, run: Any) -> None:
    """Reading works (exit 0); a change exits 1 with one line; nothing is written."""
    before = snapshot(data)
    status, out, err = run(["--data-dir", str(data), "patient", "show", patient])
    assert status == 0 and "Rosalind Franklin" in out, err
    status, out, err = run(["--data-dir", str(data), "patient", "rename", patient, "--name", "R F"])
    assert status == 1, err
    assert err == "ldn-desktop: Nothing was saved: the data folder is read-only.\n"
    assert snapshot(data) == before


def _check_window(result: dict[str, Any]) -> None:
    assert result["read_only"] is True
    assert result["visible"] is True
    assert "Read-only: the data folder is read-only." in result["text"]
    assert "nothing can be saved" in result["text"]
    assert result["title"].endswith("[read-only]")


# -- as nobody (root) or as the user ----------------------------------------------------------


@pytest.fixture
def nobody_folder() -> Iterator[tuple[Path, Path]]:
    """A 0500 data folder owned by ``nobody``, and a home for it, outside root's private tmp."""
    if not IS_ROOT:
        pytest.skip("runs as root only (an ordinary user is checked in-process below)")
    if not shutil.which("setpriv"):
        pytest.skip("setpriv is not installed: cannot drop to an unprivileged user")
    nobody = pwd.getpwnam("nobody")
    base = Path(tempfile.mkdtemp(prefix="ldn-readonly-", dir="/tmp"))
    try:
        base.chmod(0o755)
        data, home = base / "data", base / "home"
        home.mkdir(mode=0o700)
        os.chown(home, nobody.pw_uid, nobody.pw_gid)
        yield data, home
    finally:
        shutil.rmtree(base, ignore_errors=True)


def _as_nobody(home: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_RUNTIME_DIR": str(home),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_0500_folder_as_an_unprivileged_user(nobody_folder: tuple[Path, Path]) -> None:
    data, home = nobody_folder
    patient = _make_data(data)
    nobody = pwd.getpwnam("nobody")
    for path in (data, *data.rglob("*")):
        os.chown(path, nobody.pw_uid, nobody.pw_gid)
    data.chmod(0o500)
    cli_path = str(Path(sys.executable).with_name("ldn-desktop"))

    def run(args: list[str]) -> tuple[int, str, str]:
        done = _as_nobody(home, [cli_path, *args])
        return done.returncode, done.stdout, done.stderr

    _check_cli(data, patient, run)
    probe = _as_nobody(home, [sys.executable, "-c", WINDOW_PROBE, str(data)])
    assert probe.returncode == 0, probe.stderr
    _check_window(json.loads(probe.stdout.splitlines()[-1]))


def _in_process_cli(capsys: pytest.CaptureFixture[str]) -> Any:
    def run(args: list[str]) -> tuple[int, str, str]:
        status = cli.main(args)
        captured = capsys.readouterr()
        return status, captured.out, captured.err

    return run


def test_0500_folder_in_process(
    tmp_path: Path, qtbot: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    if IS_ROOT:
        pytest.skip("root ignores permission bits: checked as nobody and on a read-only mount")
    data = tmp_path / "data"
    patient = _make_data(data)
    data.chmod(0o500)
    try:
        _check_cli(data, patient, _in_process_cli(capsys))
        _check_window(_window_facts(qtbot, data))
    finally:
        data.chmod(0o700)


# -- a read-only mount ------------------------------------------------------------------------


@pytest.fixture
def read_only_mount(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A tmpfs holding a data folder (mode 0755, so opening it would like to tighten it), then
    remounted read-only."""
    if not IS_ROOT:
        pytest.skip("mounting needs root; the 0500 folder case covers ordinary users")
    mount_point = tmp_path / "ro"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        data = mount_point / "data"
        patient = _make_data(data)
        data.chmod(0o755)
        subprocess.run(["mount", "-o", "remount,ro", str(mount_point)], check=True)
        yield data, patient
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _window_facts(qtbot: Any, data: Path) -> dict[str, Any]:
    from ldn_desktop.app import build_main_window

    store = DataStore.open(data)
    window = build_main_window(store)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    banner = window.read_only_banner  # type: ignore[attr-defined]
    return {
        "read_only": store.read_only,
        "visible": banner.isVisible(),
        "text": banner.text(),
        "title": window.windowTitle(),
    }


def test_read_only_mount_opens_read_only_with_banner(
    read_only_mount: tuple[Path, str], qtbot: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    data, patient = read_only_mount
    _check_cli(data, patient, _in_process_cli(capsys))
    _check_window(_window_facts(qtbot, data))
