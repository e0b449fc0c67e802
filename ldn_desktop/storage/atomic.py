"""Atomic, durable file replacement (the pure-Python counterpart of QSaveFile).

Sequence: new temp file next to the target -> write -> flush + fsync -> hard-link the current file
into the backups folder (cheap: no copy) -> ``os.replace`` -> fsync the directory. A crash at any
instant leaves the old or the new file, never a mix and never nothing.

Each temp file has a random name and is created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` and mode
0600: two writers (threads of one process, or two programs) never share one, an existing file or a
symbolic link planted at a guessable name is never opened, and nobody else can read it while it is
written. Folders are made 0700 when the program creates them; a folder that already exists (the
data folder the user chose, a subfolder linked elsewhere) keeps its mode, setgid and sticky bits.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
TEMP_SUFFIX = ".tmp"
_TEMP_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_NAME_ROOM = 200  # a temp name stays under the usual 255-byte limit even for a long target name


def ensure_private_dir(path: Path) -> None:
    """Make ``path`` (and missing parents) as 0700 folders; an existing folder is left as it is.

    Only folders this call creates are chmod-ed (``mkdir``'s mode is filtered by the umask), so a
    chosen data folder or a subfolder that is a link to somewhere else keeps its own permissions.
    """
    if path.is_dir():
        return
    missing = [path, *(p for p in path.parents if not p.exists())]
    for folder in reversed(missing):
        try:
            folder.mkdir(mode=DIR_MODE)
        except FileExistsError:
            if not folder.is_dir():
                raise
            continue  # made by someone else meanwhile: not ours to change
        os.chmod(folder, DIR_MODE, follow_symlinks=False)


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


def random_token(nbytes: int) -> str:
    """``nbytes`` random bytes from the OS as hex: what ``secrets.token_hex`` returns, without
    loading ``secrets`` (and hashlib, hmac) at start-up."""
    return os.urandom(nbytes).hex()


def create_temp(target: Path) -> tuple[int, Path]:
    """A new, empty, private temp file in ``target``'s folder: its write descriptor and path.

    The name is random (``.<target name>.<random>.tmp``) and the file is created with O_EXCL and
    O_NOFOLLOW at mode 0600, so it is never a file or link that existed before. The caller closes
    the descriptor and renames or removes the file. Raises OSError.
    """
    stem = target.name[:_NAME_ROOM]
    for _attempt in range(16):
        tmp = target.with_name(f".{stem}.{random_token(8)}{TEMP_SUFFIX}")
        try:
            fd = os.open(tmp, _TEMP_FLAGS, FILE_MODE)
        except FileExistsError:
            continue  # 64 random bits taken: someone planted it; draw again
        try:
            os.fchmod(fd, FILE_MODE)  # the umask may have removed bits; never adds any
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                tmp.unlink()
            raise
        return fd, tmp
    raise FileExistsError(f"no free temp file name next to {target}")


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def write_atomic(path: Path, data: bytes, backup_to: Path | None = None) -> None:
    """Replace ``path`` with ``data`` atomically and durably.

    When ``backup_to`` is given and ``path`` exists, the current version is hard-linked there
    first (falling back to a copy where links are not supported), so it survives as a backup.
    Raises OSError (e.g. ENOSPC) with the old file untouched and no temp file left behind.
    """
    fd, tmp = create_temp(path)
    try:
        try:
            _write_all(fd, data)
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
        os.link(path, backup_to, follow_symlinks=False)
    except OSError:
        with open(path, "rb") as source:
            current = source.read()
        fd = os.open(backup_to, _TEMP_FLAGS, FILE_MODE)
        try:
            os.fchmod(fd, FILE_MODE)
            _write_all(fd, current)
        finally:
            os.close(fd)


def write_export(path: Path, data: bytes | str) -> None:
    """Write a file the user asked for (CSV, .ics, PNG) outside the data folder.

    Such files carry patient data, so they are created 0600 like the documents, and replaced
    atomically (an existing file is never left half-written; the temp file is a new random name
    in the target folder, never a planted link). Text is written as UTF-8 as given (line ends
    included). Raises OSError.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    write_atomic(path, payload)
