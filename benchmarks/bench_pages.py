"""(15-18) going to each page of a started window the first time, and again (``probe_pages.py``).

The first visit builds the page: its modules, its widgets and the patient's data. pint and its
unit registry, which Titration and Compounding need, are built in the background a moment after
the first page is ready (``MainWindow._on_page_built``); the probe waits 1 s before its first
click, as a user reads the first page, so a click within the first ~0.5 s would wait longer (for
pint, ~0.2 s from its cache). Each run is a fresh process; medians over the runs. Issue 14 sets
no figure for it: the target is the usual
1-second limit for keeping the user's flow of thought (Nielsen, "Response Times: The 3 Important
Limits", after Miller 1968 and Card et al. 1991).
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path

from benchmarks.bench_startup import _empty_data_folder, _probe_env
from benchmarks.common import PYTHON, REPO, Row, last_json, timed_run

PROBE = str(REPO / "benchmarks" / "probe_pages.py")
PAGE_TARGET_MS = 1000.0
ROWS = {15: "Titration", 16: "Compounding", 17: "Side effects", 18: "Settings"}


def page_rows(wanted: set[int], runs: int = 5) -> list[Row]:
    numbers = sorted(wanted & ROWS.keys())
    if not numbers:
        return []
    first: dict[str, list[float]] = {ROWS[n]: [] for n in numbers}
    again: dict[str, list[float]] = {ROWS[n]: [] for n in numbers}
    with tempfile.TemporaryDirectory() as tmp:
        data = _empty_data_folder(Path(tmp))
        timed_run([PYTHON, PROBE, str(data)], env=_probe_env())  # fills pint's cache
        for _ in range(runs):
            report = last_json(timed_run([PYTHON, PROBE, str(data)], env=_probe_env())[1])
            for title in first:
                first[title].append(report["first_ms"][title])
                again[title].append(report["again_ms"][title])
    rows = []
    for number in numbers:
        title = ROWS[number]
        middle = statistics.median(first[title])
        rows.append(
            Row(
                number,
                f"first visit to the {title} page",
                f"{middle:.0f} ms",
                f"{statistics.median(again[title]):.0f} ms (a later visit)",
                f"slowest {max(first[title]):.0f} ms",
                f"≤ {PAGE_TARGET_MS / 1000:g} s",
                middle <= PAGE_TARGET_MS,
                note=(
                    "15-18: from the click in the navigation list to the page painted and the "
                    "event loop idle; first visits in the list's order, each followed by a later "
                    "one; pint was built in the background before the first click"
                    if number == numbers[0]
                    else ""
                ),
            )
        )
    return rows
