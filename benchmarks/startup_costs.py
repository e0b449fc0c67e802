"""Where the start-up time goes: what the app's start spends Python time on, against the bare
window's (rows 1 and 8), counted in fresh processes.

``.venv/bin/python -m benchmarks.startup_costs [--runs N]``

Each figure is the median over N alternated runs of ``probe_costs.py`` (``probe_window.py`` with
counters). The last column is what the app adds. These processes run with hooks in place and so
are a few ms slower than rows 1 and 8: compare the columns, do not quote them as those rows.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from benchmarks.bench_startup import _empty_data_folder, _probe_env
from benchmarks.common import PYTHON, REPO, interleaved, last_json, median, timed_run

PROBE = str(REPO / "benchmarks" / "probe_costs.py")

LINES: list[tuple[str, str, str]] = [
    # label, key, format
    ("wall time to the first paint", "painted_s", "ms"),
    ("wall time to ready (first page painted, loop idle)", "ready_s", "ms"),
    ("Python enum types made by PySide6", "enum_types", "count"),
    ("  their members", "enum_members", "count"),
    ("  time making them", "enum_ms", "ms_direct"),
    ("  of which the Qt namespace (first use of `Qt`): types", "qt_enum_types", "count"),
    ("  of which the Qt namespace: time", "qt_enum_ms", "ms_direct"),
    ("dataclasses made", "dataclass_count", "count"),
    ("  time making them", "dataclass_ms", "ms_direct"),
    ("regular expressions compiled", "regex_count", "count"),
    ("  time compiling them", "regex_ms", "ms_direct"),
    ("garbage-collector runs", "gc_runs", "count"),
    ("  time collecting", "gc_ms", "ms_direct"),
    ("modules loaded: ldn_desktop", "modules_ours", "count"),
    ("modules loaded: all", "modules_all", "count"),
]


def _costs(*args: str) -> dict[str, float]:
    _, out = timed_run([PYTHON, PROBE, *args], env=_probe_env())
    return last_json(out)


def _cell(value: float, kind: str) -> str:
    if kind == "ms":
        return f"{value * 1000:.1f} ms"
    if kind == "ms_direct":
        return f"{value:.1f} ms"
    return f"{value:.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.startup_costs", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="alternated runs of each (default 7)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        data = _empty_data_folder(Path(tmp))
        _costs("bare")  # warm the file cache for both
        _costs("app", str(data))
        app, bare = interleaved(args.runs, lambda: _costs("app", str(data)), lambda: _costs("bare"))
    rows = [("", "bare window", "LDN Desktop", "app − bare")]
    for label, key, kind in LINES:
        b = median([run.get(key, 0.0) for run in bare])
        a = median([run.get(key, 0.0) for run in app])
        rows.append((label, _cell(b, kind), _cell(a, kind), _cell(a - b, kind)))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [
            c.rjust(w) for c, w in zip(row[1:], widths[1:], strict=True)
        ]
        print("| " + " | ".join(cells) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    print(
        f"\nmedians of {args.runs} alternated runs each (hooks in place: slower than rows 1 and 8)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
