"""A byte-for-byte picture of a data folder, to prove that a refused command wrote nothing."""

from __future__ import annotations

import stat
from pathlib import Path

from ldn_desktop.storage.lock import LOCK_NAME


def snapshot(root: Path, *, files_only: bool = False) -> dict[str, tuple[int, bytes | None]]:
    """Every entry under ``root``: permission bits and, for files, the content.

    The lock file is left out: it records who opened the folder last, not data. ``files_only``
    also leaves out folders (an empty folder made before a refused write holds no data).
    """
    if not root.exists():
        return {}
    found: dict[str, tuple[int, bytes | None]] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if rel == LOCK_NAME:
            continue
        mode = path.lstat().st_mode
        if files_only and not stat.S_ISREG(mode):
            continue
        content = path.read_bytes() if stat.S_ISREG(mode) else None
        found[rel] = (stat.S_IMODE(mode), content)
    return found
