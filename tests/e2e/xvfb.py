"""Start a private Xvfb server for tests that need a real X11 window (the xcb platform)."""

from __future__ import annotations

import os
import select
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager


class XvfbUnavailableError(RuntimeError):
    """Xvfb is not installed or did not start; the reason says which."""


@contextmanager
def xvfb_display(width: int = 1400, height: int = 900) -> Iterator[str]:
    """Yield a DISPLAY string (":N") of a fresh Xvfb that is stopped afterwards."""
    binary = shutil.which("Xvfb")
    if binary is None:
        raise XvfbUnavailableError("Xvfb is not installed (Debian: apt-get install xvfb)")
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        [
            binary,
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            f"{width}x{height}x24",
            "-nolisten",
            "tcp",
            "-noreset",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_fd)
    try:
        ready, _, _ = select.select([read_fd], [], [], 20)
        number = os.read(read_fd, 64).decode().strip() if ready else ""
        if not number:
            server.kill()
            _, err = server.communicate(timeout=5)
            raise XvfbUnavailableError(f"Xvfb did not start: {err.decode(errors='replace')[-300:]}")
        yield f":{number}"
    finally:
        os.close(read_fd)
        if server.poll() is None:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
        if server.stderr is not None:
            server.stderr.close()
