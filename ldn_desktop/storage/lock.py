"""One writer per data folder: an advisory ``flock`` on ``<data>/.lock``.

The kernel releases the lock when its holder exits or is killed, so a lock file left behind by a
crash is stale by construction and is simply taken over. The file records who holds the lock, so a
second instance can tell the user which process has the data open.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from ldn_desktop.storage.atomic import FILE_MODE
from ldn_desktop.storage.errors import DataInUseError, UnsafeFileError

LOCK_NAME = ".lock"
# never through a link (a planted .lock -> ~/.bashrc would be truncated), never blocking on a FIFO
_LOCK_FLAGS = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class DataDirLock:
    """Holds the data folder's lock until ``release()`` or process exit."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd: int | None = fd
        self.path = path

    @classmethod
    def acquire(cls, data_dir: Path) -> DataDirLock:
        """Take the lock or raise DataInUseError naming the holder."""
        path = data_dir / LOCK_NAME
        fd = _open_lock_file(path)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe_holder(fd)
            os.close(fd)
            raise DataInUseError(
                f"The data folder {data_dir} is in use by another LDN Desktop ({holder}). "
                "Close it first, or open the data read-only."
            ) from None
        info = {
            "pid": os.getpid(),
            "host": os.uname().nodename,  # what platform.node() gives here, without its import
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        return cls(fd, path)

    def release(self) -> None:
        """Let another instance in."""
        if self._fd is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


def _open_lock_file(path: Path) -> int:
    """The lock file's descriptor; refuses a link, a FIFO, a device or a folder at that name."""
    try:
        fd = os.open(path, _LOCK_FLAGS, FILE_MODE)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _unsafe(path, "a symbolic link") from None
        if exc.errno == errno.EISDIR:
            raise _unsafe(path, "a folder") from None
        raise
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _unsafe(path, "a FIFO" if stat.S_ISFIFO(mode) else "a device or other special file")
    return fd


def _unsafe(path: Path, what: str) -> UnsafeFileError:
    return UnsafeFileError(
        f"{path} is {what}, not a regular file, so it cannot be the data folder's lock. "
        "Nothing was changed; remove it (LDN Desktop makes a new one) and try again."
    )


def _describe_holder(fd: int) -> str:
    """Who holds the lock, from the open lock file (never reopened by name: it may be swapped)."""
    try:
        info = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        return f"process {int(info['pid'])} on {info['host']}, since {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "process unknown"
