"""The files of a data folder as a backup sees them, and writing an archive file privately.

A backup holds every file of the data folder, bytes as they are: the documents, the per-document
generations in ``.backups/``, the ``trash/`` and files moved aside as damaged. Left out are only the
lock, a restore being staged (``.restore/``) and temp files of writes that never finished; anything
that cannot be read (a symbolic link, a FIFO, a file too large or not readable) is named, never
skipped in silence.

The archive is written to a temp file in the target folder, created 0600 with ``O_EXCL`` and
``O_NOFOLLOW`` under a random name, and locked (``flock``) while it is written, then renamed into
place. A temp file whose writer was killed is not locked any more: ``clean_archive_temps`` removes
such leftovers on the next run (they hold patient data).
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import stat
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ldn_desktop.storage.archive_entries import MANIFEST_NAME, MAX_ENTRY_BYTES
from ldn_desktop.storage.atomic import FILE_MODE, TEMP_SUFFIX, fsync_dir, random_token
from ldn_desktop.storage.bounded import walk_folders
from ldn_desktop.storage.folder_checks import RESTORE_DIR
from ldn_desktop.storage.lock import LOCK_NAME

_SKIPPED_TOP = {LOCK_NAME, RESTORE_DIR}
ARCHIVE_TEMP_RE = re.compile(r"^\..+\.zip\.[0-9a-f]{16}\.tmp$")


@dataclass(frozen=True)
class FolderFiles:
    """Every regular file of a data folder (relative POSIX paths) and the ones not readable."""

    files: tuple[str, ...]
    not_read: tuple[tuple[str, str], ...]


def _is_temp(name: str) -> bool:
    return name.startswith(".") and name.endswith(TEMP_SUFFIX)


def folder_files(root: Path) -> FolderFiles:
    """Walk ``root`` without following links; what cannot be read is named with the reason."""
    files: list[str] = []
    not_read: list[tuple[str, str]] = []

    def unreadable(error: OSError) -> None:
        where = Path(str(error.filename)).relative_to(root).as_posix()
        not_read.append((where, f"the folder cannot be read ({error.strerror or error})"))

    for folder, dirs, names in walk_folders(root, onerror=unreadable):  # bounded depth
        base = Path(folder).relative_to(root)
        top = base == Path(".")
        for name in sorted(dirs):
            rel = (base / name).as_posix()
            if os.path.islink(os.path.join(folder, name)):
                not_read.append((rel, "a symbolic link to a folder (not followed)"))
        dirs[:] = sorted(
            d
            for d in dirs
            if not os.path.islink(os.path.join(folder, d)) and not (top and d in _SKIPPED_TOP)
        )
        for name in sorted(names):
            rel = (base / name).as_posix()
            if (top and name in _SKIPPED_TOP) or _is_temp(name):
                continue
            problem = _file_problem(Path(folder) / name)
            if problem:
                not_read.append((rel, problem))
            else:
                files.append(rel)
    return FolderFiles(tuple(files), tuple(not_read))


def _file_problem(path: Path) -> str:
    try:
        info = path.lstat()
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link (not followed)"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    if info.st_size > MAX_ENTRY_BYTES:
        return f"too large for an archive ({info.st_size} bytes)"
    return ""


def read_plain_file(path: Path) -> bytes:
    """A regular file's bytes, refusing to follow a link or block on a FIFO put there since."""
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(fd, "rb") as stream:
        if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
            raise OSError(f"{path.name} is not a regular file")
        return stream.read(MAX_ENTRY_BYTES + 1)


def write_zip(
    out: Path, entries: Iterable[tuple[str, bytes]], manifest: Callable[[], bytes]
) -> None:
    """Write ``entries`` then the manifest into the zip ``out``; ``manifest()`` is called once
    ``entries`` is exhausted, so the caller may fill it in while yielding."""
    tmp = out.with_name(f".{out.name}.{random_token(8)}{TEMP_SUFFIX}")
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(tmp, flags, FILE_MODE)
    try:
        with os.fdopen(fd, "w+b") as stream:
            os.fchmod(stream.fileno(), FILE_MODE)
            fcntl.flock(stream.fileno(), fcntl.LOCK_EX)  # "being written": not a leftover
            with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                for name, data in entries:
                    archive.writestr(_info(name), data)
                archive.writestr(_info(MANIFEST_NAME), manifest())
            stream.flush()
            os.fsync(stream.fileno())
            os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(out.parent)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=datetime.now().timetuple()[:6])
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = (0o100000 | FILE_MODE) << 16
    return info


def clean_archive_temps(folder: Path) -> int:
    """Remove archive temp files left in ``folder`` by a killed run; returns how many.

    Only this program's temp names, only regular files of this user, and only when no running
    writer holds them (a writer keeps its temp file locked until it is renamed into place).
    """
    try:
        names = [n for n in os.listdir(folder) if ARCHIVE_TEMP_RE.match(n)]
    except OSError:
        return 0
    removed = 0
    for name in names:
        path = folder / name
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            try:
                info = os.fstat(fd)
                if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                    continue
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # raises while still written
                path.unlink()
                removed += 1
            finally:
                os.close(fd)
    return removed
