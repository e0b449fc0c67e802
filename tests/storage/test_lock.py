"""One writer per data folder; a crashed holder's lock is taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import DataInUseError

HOLDER = """
import sys, time
from pathlib import Path
from ldn_desktop.storage.documents import DataStore
store = DataStore.open(Path(sys.argv[1]))
print("locked", flush=True)
time.sleep(60)
"""


def _start_holder(data_dir: Path) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "locked"
    return child


def _stop(child: subprocess.Popen[str]) -> None:
    child.kill()
    child.wait()
    if child.stdout is not None:
        child.stdout.close()


def test_second_process_is_refused_with_a_clear_message(data_dir: Path) -> None:
    """While another process holds the folder, opening it for writing names the holder."""
    child = _start_holder(data_dir)
    try:
        with pytest.raises(DataInUseError) as caught:
            DataStore.open(data_dir)
        message = str(caught.value)
        assert "in use" in message
        assert f"process {child.pid}" in message
        reader = DataStore.open(data_dir, read_only=True)
        assert reader.read_only
    finally:
        _stop(child)


def test_lock_of_a_killed_process_is_stale_and_taken_over(data_dir: Path) -> None:
    """SIGKILL leaves the lock file behind; the next start takes the folder over."""
    child = _start_holder(data_dir)
    os.kill(child.pid, signal.SIGKILL)
    _stop(child)
    assert (data_dir / ".lock").exists()
    store = DataStore.open(data_dir)
    assert not store.read_only
    store.close()


def test_cli_write_refused_while_locked(data_dir: Path) -> None:
    """`patient add` exits 1 with one line while another instance holds the folder."""
    child = _start_holder(data_dir)
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ldn_desktop",
                "--data-dir",
                str(data_dir),
                "patient",
                "add",
                "--name",
                "Locked Out",
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        _stop(child)
    assert result.returncode == 1
    assert len(result.stderr.strip().splitlines()) == 1
    assert "in use" in result.stderr
