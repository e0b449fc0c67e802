"""Atomic durable writes: a crash at any point leaves the old or the new file, never a mix."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from ldn_desktop.storage import atomic
from ldn_desktop.storage.atomic import ensure_private_dir, write_atomic


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_write_creates_file_0600_and_folders_0700(tmp_path: Path) -> None:
    """New documents are private to the user, and so is every folder created for them."""
    folder = tmp_path / "a" / "b"
    ensure_private_dir(folder)
    write_atomic(folder / "doc.json", b"{}")
    assert _mode(folder / "doc.json") == 0o600
    assert _mode(folder) == 0o700
    assert _mode(tmp_path / "a") == 0o700


def test_crash_between_temp_write_and_replace_keeps_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the process dies after writing the temp file but before os.replace, the old data stays."""
    target = tmp_path / "doc.json"
    write_atomic(target, b"old")

    class Crash(BaseException):
        """Stands in for the process dying."""

    def crash(*_args: object) -> None:
        raise Crash

    monkeypatch.setattr(atomic.os, "replace", crash)
    with pytest.raises(Crash):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["doc.json"], "temp file left behind"


def test_full_disk_leaves_previous_version(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """ENOSPC while writing the temp file raises OSError and leaves the old document intact."""
    target = tmp_path / "doc.json"
    write_atomic(target, b"old")

    def no_space(_fd: int, _data: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "write", no_space)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, b"new" * 1000)
    assert target.read_bytes() == b"old"
    assert len(list(tmp_path.iterdir())) == 1


def test_backup_link_keeps_the_previous_generation(tmp_path: Path) -> None:
    """The previous version is kept (hard link) under the backup name before replacement."""
    target = tmp_path / "doc.json"
    backup = tmp_path / "doc.json.1"
    write_atomic(target, b"first")
    write_atomic(target, b"second", backup)
    assert target.read_bytes() == b"second"
    assert backup.read_bytes() == b"first"


def test_existing_folder_keeps_its_mode(tmp_path: Path) -> None:
    """A folder the user made (0755, setgid) is not the program's to chmod (issue 12 item 10)."""
    folder = tmp_path / "data"
    folder.mkdir()
    os.chmod(folder, 0o2755)
    ensure_private_dir(folder)
    ensure_private_dir(folder / "new" / "deeper")
    assert stat.S_IMODE(folder.stat().st_mode) == 0o2755
    assert _mode(folder / "new") == 0o700
    assert _mode(folder / "new" / "deeper") == 0o700
