"""One writer per data folder: an advisory ``flock`` on ``<data>/.lock``.

The kernel releases the lock when its holder exits or is killed, so a lock file left behind by a
crash is stale by construction and is simply taken over. The file records who holds the lock, so a
second instance can tell the user which process has the data open.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import platform
from datetime import UTC, datetime
from pathlib import Path

from ldn_desktop.storage.atomic import FILE_MODE
from ldn_desktop.storage.errors import DataInUseError

LOCK_NAME = ".lock"


class DataDirLock:
    """Holds the data folder's lock until ``release()`` or process exit."""

    def __init__(self, fd: int, path: Path) -> None:
        self._fd: int | None = fd
        self.path = path

    @classmethod
    def acquire(cls, data_dir: Path) -> DataDirLock:
        """Take the lock or raise DataInUseError naming the holder."""
        path = data_dir / LOCK_NAME
        fd = os.open(path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _describe_holder(path)
            os.close(fd)
            raise DataInUseError(
                f"The data folder {data_dir} is in use by another LDN Desktop ({holder}). "
                "Close it first, or open the data read-only."
            ) from None
        info = {
            "pid": os.getpid(),
            "host": platform.node(),
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


def _describe_holder(path: Path) -> str:
    try:
        info = json.loads(path.read_text(encoding="utf-8"))
        return f"process {int(info['pid'])} on {info['host']}, since {info['since']}"
    except (OSError, ValueError, KeyError, TypeError):
        return "process unknown"
