"""(2) open and show a 20,000-entry patient, (3) add one entry to it, (7) peak memory with it open.

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

OPEN_TARGET = 3.0
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
entries = b.make_entries(20_000, 10)
log.add(entries)
files = sorted(store.path(log.folder).glob("*.json"))
baseline = b.median_ms(lambda: [json.loads(p.read_bytes()) for p in files], 5)
show, _, _ = b._page_figures(store, patient.id, 5)
latency, written = b._add_one(log, 21)
store.close()
print(json.dumps({"patient": patient.id, "entries": len(entries), "files": len(files),
                  "log_bytes": sum(p.stat().st_size for p in files), "baseline_ms": baseline,
                  "show_ms": show, "add_ms": latency, "add_bytes": written}))
"""

NAMES = {
    2: ("open and show a patient with 20,000 log entries", f"≤ {OPEN_TARGET:g}×"),
    3: ("add one entry to that patient", f"≤ {ADD_TARGET_MS:g} ms"),
    7: ("peak memory, 20,000-entry patient open", "≤ bare + 60 MB"),
}


def available() -> bool:
    return (
        importlib.util.find_spec("benchmarks.bench_log") is not None
        and importlib.util.find_spec("ldn_desktop.storage.side_effect_log") is not None
    )


@contextmanager
def _big_patient() -> Iterator[tuple[Path, dict[str, float]]]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        _, out = timed_run([PYTHON, "-c", LOG_CHILD, str(data)])
        yield data, last_json(out)


def log_rows(wanted: set[int]) -> list[Row]:
    numbers = sorted(wanted & NAMES.keys())
    if not numbers:
        return []
    if not available():
        return [missing(n, *NAMES[n]) for n in numbers]
    rows = []
    with _big_patient() as (data, figures):
        if 2 in wanted:
            ratio = figures["show_ms"] / figures["baseline_ms"]
            rows.append(
                Row(
                    2,
                    NAMES[2][0],
                    f"{figures['show_ms']:.0f} ms",
                    f"{figures['baseline_ms']:.0f} ms (json.loads of {figures['files']:.0f} "
                    "month files)",
                    f"{ratio:.2f}×",
                    NAMES[2][1],
                    ratio <= OPEN_TARGET,
                    note=f"{figures['entries']:,.0f} entries, "
                    f"{figures['log_bytes'] / 1e6:.1f} MB; measured = the Side effects page "
                    "loading the patient (validated entries, table, summary, chart) and painting.",
                )
            )
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
    return rows
