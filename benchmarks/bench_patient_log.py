"""(2) open and show a 20,000-entry patient, (3) add one entry to it, (7) peak memory with it open,
(9) open and show a 100,000-entry patient (how the cost grows).

The data and the page measurements come from ``benchmarks/bench_log.py`` (the side-effect log's
own benchmark); this module runs them in a fresh child process and turns them into table rows.
"""

from __future__ import annotations

import importlib.util
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.bench_startup import bench_memory
from benchmarks.common import PYTHON, Row, last_json, missing, timed_run

OPEN_TARGET = 2.0
ADD_TARGET_MS = 50.0

LOG_CHILD = """
import json, sys
from pathlib import Path
from benchmarks import bench_log as b
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.patients import PatientRepository
from ldn_desktop.storage.settings import load_settings, save_settings
from ldn_desktop.storage.side_effect_log import SideEffectLog

store = DataStore.open(Path(sys.argv[1]))
patient = PatientRepository(store).create("Benchmark Patient", None)
settings = load_settings(store)
settings["disclaimer_accepted_at"] = "2026-01-01T00:00:00+00:00"
save_settings(store, settings)
log = SideEffectLog(store, patient.id)
count = int(sys.argv[2])
entries = b.make_entries(count, 10)
log.add(entries)
files = sorted(store.path(log.folder).glob("*.json"))
show, baseline = b.open_against_baseline(store, patient.id, files, 9)
latency, written = b._add_one(log, 21) if count <= 20_000 else (0.0, 0)
store.close()
print(json.dumps({"patient": patient.id, "entries": len(entries), "files": len(files),
                  "log_bytes": sum(p.stat().st_size for p in files), "baseline_ms": baseline,
                  "show_ms": show, "add_ms": latency, "add_bytes": written}))
"""

NAMES = {
    2: ("open and show a patient with 20,000 log entries", f"≤ {OPEN_TARGET:g}×"),
    3: ("add one entry to that patient", f"≤ {ADD_TARGET_MS:g} ms"),
    7: ("peak memory, 20,000-entry patient open", "≤ bare + 60 MB"),
    9: ("open and show a patient with 100,000 log entries", f"≤ {OPEN_TARGET:g}×"),
}


def available() -> bool:
    return (
        importlib.util.find_spec("benchmarks.bench_log") is not None
        and importlib.util.find_spec("ldn_desktop.storage.side_effect_log") is not None
    )


@contextmanager
def _big_patient(count: int = 20_000) -> Iterator[tuple[Path, dict[str, float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        _, out = timed_run([PYTHON, "-c", LOG_CHILD, str(data), str(count)])
        yield data, last_json(out)


def _open_row(number: int, figures: dict[str, float], note: str = "") -> Row:
    ratio = figures["show_ms"] / figures["baseline_ms"]
    return Row(
        number,
        NAMES[number][0],
        f"{figures['show_ms']:.0f} ms",
        f"{figures['baseline_ms']:.0f} ms (json.loads of {figures['files']:.0f} month files)",
        f"{ratio:.2f}×",
        NAMES[number][1],
        ratio <= OPEN_TARGET,
        note=f"{figures['entries']:,.0f} entries, {figures['log_bytes'] / 1e6:.1f} MB; "
        "measured = the Side effects page loading the patient (every entry validated; table, "
        "filter list and chart range ready) and painting." + note,
    )


def log_rows(wanted: set[int]) -> list[Row]:
    numbers = sorted(wanted & NAMES.keys())
    if not numbers:
        return []
    if not available():
        return [missing(n, *NAMES[n]) for n in numbers]
    rows = []
    small: dict[str, float] = {}
    if wanted & {2, 3, 7, 9}:
        with _big_patient() as (data, figures):
            small = figures
            if 2 in wanted:
                rows.append(_open_row(2, figures))
            if 3 in wanted:
                rows.append(
                    Row(
                        3,
                        NAMES[3][0],
                        f"{figures['add_ms']:.1f} ms",
                        f"{figures['add_bytes']:,.0f} bytes written (of {figures['log_bytes']:,.0f})",
                        "",
                        NAMES[3][1],
                        figures["add_ms"] <= ADD_TARGET_MS,
                    )
                )
            if 7 in wanted:
                rows.append(bench_memory(data, str(figures["patient"])))
    if 9 in wanted:
        with _big_patient(100_000) as (_, figures):
            growth = figures["show_ms"] / small["show_ms"]
            rows.append(
                _open_row(
                    9,
                    figures,
                    f" {growth:.1f}× the time of the 20,000-entry patient in this run "
                    f"({figures['entries'] / small['entries']:.0f}× the entries).",
                )
            )
    return rows
