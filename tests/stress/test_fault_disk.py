"""A full disk: a clear error, exit 1 with one line from the CLI, and the previous data intact.

Two ways to fill the disk: an injected ENOSPC at each system call of the atomic write (always
runs), and a real 256 KiB tmpfs filled to the last byte (needs root to mount; skipped otherwise).
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ldn_desktop import cli
from ldn_desktop.storage import atomic
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import DiskWriteError
from ldn_desktop.storage.patients import PatientRepository, patient_doc
from tests.stress.snapshots import snapshot

CLI = Path(sys.executable).with_name("ldn-desktop")


def _no_space(*_args: object) -> int:
    raise OSError(errno.ENOSPC, "No space left on device")


def _partial_then_no_space() -> object:
    calls = {"n": 0}

    def write(fd: int, data: bytes) -> int:
        calls["n"] += 1
        if calls["n"] == 1:
            return os.write(fd, bytes(data[: max(1, len(data) // 2)]))
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


def _first_fsync_fails() -> object:
    real = os.fsync
    calls = {"n": 0}

    def fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(fd)

    return fsync


class _OsProxy:
    """``os`` as seen by storage/atomic.py, with one call replaced (the real module untouched)."""

    def __init__(self, **replaced: object) -> None:
        self._replaced = replaced

    def __getattr__(self, name: str) -> object:
        return self._replaced.get(name, getattr(os, name))


FAULTS = {
    "write fails": lambda: {"write": _no_space},
    "half written, then full": lambda: {"write": _partial_then_no_space()},
    "fsync fails": lambda: {"fsync": _first_fsync_fails()},
}


@pytest.fixture
def patient_folder(tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data"
    store = DataStore.open(data)
    try:
        patient = PatientRepository(store).create("Ada Lovelace").id
    finally:
        store.close()
    return data, patient


@pytest.mark.parametrize("fault", FAULTS)
def test_injected_enospc_gives_a_clear_error_and_keeps_the_data(
    patient_folder: tuple[Path, str], monkeypatch: pytest.MonkeyPatch, fault: str
) -> None:
    data, patient = patient_folder
    before = snapshot(data, files_only=True)
    store = DataStore.open(data)
    monkeypatch.setattr(atomic, "os", _OsProxy(**FAULTS[fault]()))
    try:
        with pytest.raises(DiskWriteError) as caught:
            PatientRepository(store).rename(patient, "Ada King")
    finally:
        monkeypatch.undo()
        store.close()
    assert str(caught.value) == (
        "Could not save patient.json: the disk is full. The previous version is unchanged."
    )
    assert snapshot(data, files_only=True) == before, "a failed save changed the data folder"
    store = DataStore.open(data)
    try:
        assert PatientRepository(store).get(patient).name == "Ada Lovelace"
    finally:
        store.close()


@pytest.mark.parametrize("fault", FAULTS)
def test_cli_on_a_full_disk_exits_1_with_one_line(
    patient_folder: tuple[Path, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    fault: str,
) -> None:
    data, patient = patient_folder
    before = snapshot(data, files_only=True)
    monkeypatch.setattr(atomic, "os", _OsProxy(**FAULTS[fault]()))
    status = cli.main(["--data-dir", str(data), "patient", "rename", patient, "--name", "Ada King"])
    monkeypatch.undo()
    err = capsys.readouterr().err
    assert status == 1
    assert err == (
        "ldn-desktop: Could not save patient.json: the disk is full. "
        "The previous version is unchanged.\n"
    )
    assert snapshot(data, files_only=True) == before


# -- a real full file system -------------------------------------------------------------------


@pytest.fixture
def tiny_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (root only; skipped elsewhere), unmounted afterwards."""
    if os.geteuid() != 0 or not shutil.which("mount"):
        pytest.skip("mounting a tmpfs needs root; the injected-ENOSPC cases cover this")
    mount_point = tmp_path / "tiny"
    mount_point.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k,mode=0700", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path) -> None:
    """Write a filler file until the file system refuses another byte."""
    with (folder / "filler").open("wb", buffering=0) as filler:
        block = b"\0" * 4096
        try:
            while True:
                filler.write(block)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        try:
            while True:
                filler.write(b"\0")
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(CLI), "--data-dir", str(data), *args], capture_output=True, text=True, timeout=60
    )


def test_cli_on_a_real_full_tmpfs(tiny_tmpfs: Path) -> None:
    data = tiny_tmpfs / "data"
    added = _run(data, "patient", "add", "--name", "Grace Hopper")
    assert added.returncode == 0, added.stderr
    patient = added.stdout.strip()
    _fill(tiny_tmpfs)
    before = snapshot(data, files_only=True)
    for args in (
        ("patient", "rename", patient, "--name", "Grace Brewster Murray Hopper"),
        ("patient", "add", "--name", "Alan Turing"),
    ):
        done = _run(data, *args)
        assert done.returncode == 1, done.stderr
        assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
        assert "the disk is full" in done.stderr and "unchanged" in done.stderr, done.stderr
        assert snapshot(data, files_only=True) == before
    shown = _run(data, "patient", "show", patient)
    assert shown.returncode == 0 and "Grace Hopper" in shown.stdout
    (tiny_tmpfs / "filler").unlink()
    renamed = _run(data, "patient", "rename", patient, "--name", "Grace B. M. Hopper")
    assert renamed.returncode == 0, "the program works again once space is freed"


def test_adding_a_patient_on_a_full_disk_leaves_no_patient_behind(
    patient_folder: tuple[Path, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refused first save of a new patient leaves the existing patients as they were."""
    data, _ = patient_folder
    store = DataStore.open(data)
    monkeypatch.setattr(atomic, "os", _OsProxy(write=_no_space))
    try:
        before = (data / patient_doc(PatientRepository(store).ids()[0])).read_bytes()
        with pytest.raises(DiskWriteError, match="the disk is full"):
            PatientRepository(store).create("New Person")
    finally:
        monkeypatch.undo()
        store.close()
    assert (data / patient_doc(PatientRepository(store).ids()[0])).read_bytes() == before
    assert len(PatientRepository(store).ids()) == 1, "a half-created patient was left behind"
