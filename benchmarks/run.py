"""Run every benchmark and print one table (medians; ratios measured in the same run).

    .venv/bin/python -m benchmarks.run            # everything (about two and a half minutes)
    .venv/bin/python -m benchmarks.run --only 1,5 # some rows
    .venv/bin/python benchmarks/run.py            # the same, as a script

Not part of the test suite: these are figures, not pass/fail checks (PASS/MISS only compares
against the targets of issues #8 and #14, and rows 15-18 and 20 against the 1 s limit of
bench_pages). Children run with QT_QPA_PLATFORM=offscreen.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):  # `python benchmarks/run.py`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks.bench_pages import page_rows
from benchmarks.bench_patient_log import log_rows
from benchmarks.bench_startup import bench_startup
from benchmarks.bench_tasks import bench_calendar_pdf, bench_compound_cli, bench_parsing
from benchmarks.bench_typing import records_rows, typing_rows
from benchmarks.common import Row, format_table


def _compile_package() -> None:
    """Byte-compile ldn_desktop first, as pip does for an installed program and PyInstaller for
    the bundle: a checkout run with PYTHONDONTWRITEBYTECODE=1 (set in many shells and CI) would
    otherwise compile ~100 modules on every start and the start-up rows would measure that."""
    import compileall

    import ldn_desktop

    compileall.compile_dir(Path(ldn_desktop.__file__).parent, quiet=1, workers=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="benchmarks.run", description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated row numbers, e.g. 1,5")
    args = parser.parse_args(argv)
    wanted = {int(n) for n in args.only.split(",")} if args.only else set(range(1, 21))
    _compile_package()
    simple: dict[int, Callable[[], Row]] = {
        4: bench_calendar_pdf,
        5: bench_parsing,
        6: bench_compound_cli,
    }
    rows = [simple[n]() for n in sorted(wanted & simple.keys())]
    if wanted & {1, 8}:
        rows += [row for row in bench_startup() if row.number in wanted]
    rows += log_rows(wanted)
    rows += typing_rows(wanted)
    rows += page_rows(wanted)
    rows += records_rows(wanted)
    rows.sort(key=lambda r: r.number)
    print(
        f"ldn-desktop benchmarks — Python {platform.python_version()}, {platform.system()} "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Qt platform "
        f"{os.environ['QT_QPA_PLATFORM']}\n"
    )
    print(format_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
