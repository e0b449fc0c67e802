"""A realistic session of CLI commands, over whatever subcommands exist in this checkout.

Used to build the data folder that hostile-input tests start from and that the security tests
walk. Each step runs in-process through ``ldn_desktop.cli.main`` and must succeed.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

from ldn_desktop import cli
from tests.stress.cli_tree import leaves


def run_cli(data: Path, *args: str) -> tuple[int, str, str]:
    """``ldn-desktop --data-dir DATA ARGS``: exit status, stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(["--data-dir", str(data), *args])
        except SystemExit as exit_:
            status = exit_.code if isinstance(exit_.code, int) else 1
    return int(status), out.getvalue(), err.getvalue()


def _ok(data: Path, *args: str) -> str:
    status, out, err = run_cli(data, *args)
    if status != 0:
        raise AssertionError(f"session step failed: ldn-desktop {' '.join(args)}\n{err}")
    return out


def realistic_session(data: Path, scratch: Path) -> dict[str, str]:
    """Create patients and use every feature that has landed; returns the ids made."""
    present = {leaf.name for leaf in leaves()}
    first = _ok(data, "patient", "add", "--name", "Ada Lovelace", "--birth-date", "1980-12-10")
    patient = first.strip()
    second = _ok(data, "patient", "add", "--name", "Grace Hopper").strip()
    _ok(data, "patient", "rename", patient, "--name", "Ada King")
    _ok(data, "patient", "archive", second)
    _ok(data, "patient", "archive", second, "--undo")
    if "log add" in present:
        for day, severity in ((5, "3"), (6, "2"), (7, "1")):  # a symptom is 1-10
            _ok(
                data,
                *("log", "add", "--patient", patient, "--symptom", "vivid dreams"),
                *("--severity", severity, "--at", f"2026-01-0{day}T22:30", "--dose", "1.5 mg"),
            )
    if "log export" in present:
        _ok(data, "log", "export", "--patient", patient, "--csv", str(scratch / "log.csv"))
    if "data export" in present:
        _ok(data, "data", "export", str(scratch / "all.zip"))
    return {"patient": patient, "second": second}
