"""Atomic, durable file replacement (the pure-Python counterpart of QSaveFile).

Sequence: temp file in the same directory (0600) -> write -> flush + fsync -> hard-link the
current file into the backups folder (cheap: no copy) -> ``os.replace`` -> fsync the directory.
A crash at any instant leaves the old or the new file, never a mix and never nothing.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"


def ensure_private_dir(path: Path) -> None:
    """Create ``path`` (and parents) as 0700; tighten an existing folder to 0700.

    Tightening only removes group and other bits: a folder the user made read-only (0500)
    stays read-only, so the store opens it read-only instead of silently making it writable.
    """
    if path.is_dir():
        mode = path.stat().st_mode & 0o777
        if mode & 0o077:
            os.chmod(path, mode & DIR_MODE)
        return
    missing = [path, *(p for p in path.parents if not p.exists())]
    for folder in reversed(missing):
        folder.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask


def fsync_dir(path: Path) -> None:
    """Make a rename or a new entry in ``path`` durable (no-op where directories can't be opened)."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, data: bytes, backup_to: Path | None = None) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    When ``backup_to`` is given and ``path`` exists, the current version is hard-linked there
    first (falling back to a copy where links are not supported), so it survives as a backup.
    Raises OSError (e.g. ENOSPC) with the old file untouched and no temp file left behind.
    """
    tmp = path.with_name(f".{path.name}.{os.getpid()}{TEMP_SUFFIX}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        try:
            os.fchmod(fd, FILE_MODE)
            view = memoryview(data)
            while view:
                written = os.write(fd, view)
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        if backup_to is not None and path.exists():
            _keep_backup(path, backup_to)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    fsync_dir(path.parent)


def _keep_backup(path: Path, backup_to: Path) -> None:
    try:
        os.link(path, backup_to)
    except OSError:
        backup_to.write_bytes(path.read_bytes())
        os.chmod(backup_to, FILE_MODE)


def write_export(path: Path, data: bytes | str) -> None:
    """Write a file the user asked for (CSV, .ics, PNG) outside the data folder.

    Such files carry patient data, so they are created 0600 like the documents, and replaced
    atomically (an existing file is never left half-written). Text is written as UTF-8 as given
    (line ends included). Raises OSError.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    write_atomic(path, payload)
