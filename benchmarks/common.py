"""What every benchmark shares: a result row, medians, timed child processes."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")
REPO = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
CLI = str(Path(sys.executable).with_name("ldn-desktop"))


def child_env(**extra: str) -> dict[str, str]:
    """The environment of a measured child: offscreen Qt, the checkout importable, and the
    run's own cache folder (``unit_cache_dir``)."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(REPO),
        "LDN_DESKTOP_CACHE_DIR": str(_cache_root()),
    }
    env.update(extra)
    return env


_CACHE_ROOT: list[Path] = []


def _cache_root() -> Path:
    """This run's ``LDN_DESKTOP_CACHE_DIR``: not the user's, removed at the end."""
    if not _CACHE_ROOT:
        import atexit
        import shutil
        import tempfile

        _CACHE_ROOT.append(Path(tempfile.mkdtemp(prefix="ldn-bench-cache-")))
        atexit.register(shutil.rmtree, _CACHE_ROOT[0], True)
    return _CACHE_ROOT[0]


def unit_cache_dir() -> Path:
    """pint's cache for this run's children, where the program keeps it inside the cache folder:
    warm after the first child that uses units, as on every start of the program but its first."""
    from ldn_desktop.core.units.unit_cache import UNIT_CACHE_SUBFOLDER

    return _cache_root() / UNIT_CACHE_SUBFOLDER


@dataclass(frozen=True)
class Row:
    """One line of the table; ``passed`` None means not measured (feature missing)."""

    number: int
    name: str
    measured: str
    baseline: str = ""
    ratio: str = ""
    target: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.passed is None:
            return "n/a"
        return "PASS" if self.passed else "MISS"


def missing(number: int, name: str, target: str, why: str = "feature missing") -> Row:
    return Row(number, name, f"n/a ({why})", target=target)


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def timed_run(command: Sequence[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    """Wall time of a child process from start to exit, and its stdout (must exit 0)."""
    start = time.perf_counter()
    done = subprocess.run(
        list(command), capture_output=True, text=True, env=env or child_env(), cwd=REPO
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
    return elapsed, done.stdout


def last_json(stdout: str) -> dict[str, Any]:
    """The child's report: its last line, a JSON object."""
    return json.loads(stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def interleaved(runs: int, *measures: Callable[[], T]) -> list[list[T]]:
    """Run each measure ``runs`` times, alternating, so both see the same machine noise."""
    results: list[list[T]] = [[] for _ in measures]
    for _ in range(runs):
        for index, measure in enumerate(measures):
            results[index].append(measure())
    return results


def format_table(rows: Sequence[Row]) -> str:
    header = ("#", "benchmark", "measured (median)", "baseline (median)", "ratio", "target", "")
    lines = [header] + [
        (str(r.number), r.name, r.measured, r.baseline, r.ratio, r.target, r.verdict) for r in rows
    ]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    out = []
    for index, line in enumerate(lines):
        out.append("| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)) + " |")
        if index == 0:
            out.append("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    notes = [f"({r.number}) {r.note}" for r in rows if r.note]
    return "\n".join(out + (["", *notes] if notes else []))
