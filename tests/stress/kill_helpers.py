"""What the kill tests share: reading a child's lines with a timeout, the pace of its saves, and
what a kill may leave behind (temp files of interrupted writes; never a damaged document)."""

from __future__ import annotations

import os
import select
from pathlib import Path

LINE_TIMEOUT_S = 60.0


class LineReader:
    """Lines from a pipe, with a generous timeout so a hung child fails the test instead of CI."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def readline(self) -> str:
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], LINE_TIMEOUT_S)
            if not ready:
                raise AssertionError("the child stopped answering")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise AssertionError(f"the child exited; unread: {self.buffer!r}")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def temp_files(root: Path) -> set[Path]:
    """Temp files of interrupted writes (they never replaced a document)."""
    return set(root.rglob(".*.tmp"))


def damage(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*") if ".corrupt-" in p.name]


class Pace:
    """The time one save takes on this machine right now (it varies a lot on a busy machine)."""

    def __init__(self) -> None:
        self.seconds = 0.005

    def saw(self, interval: float) -> None:
        self.seconds = 0.8 * self.seconds + 0.2 * interval
