"""Benchmark of the side-effect log at scale (not a test): ``python benchmarks/bench_log.py``.

Makes a patient with ten years of entries (20,000+ by default) in a temporary data folder, then
prints medians of:

- load: reading and validating every month document into entries (``SideEffectLog.load``);
- load and show: the Side effects page opening that patient (load, table model, filter list,
  form), offscreen, with the table shown;
- the baseline: ``json.loads`` of the same month files (read + parse, no validation, no objects);
- filtering the table by a symptom, and sorting it by severity;
- adding one entry: latency (validated, atomic durable write of its month) and bytes written,
  against the size of the whole log.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from ldn_desktop.core.side_effects import LogEntry, new_entry_id, shipped_symptoms
from ldn_desktop.core.units import Q_
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.patients import PatientRepository
from ldn_desktop.storage.side_effect_log import SideEffectLog


def make_entries(count: int, years: int, seed: int = 6) -> list[LogEntry]:
    """About ``count`` entries spread over ``years``: every night logged, several symptoms."""
    rng = random.Random(seed)
    labels = [s.label for s in shipped_symptoms() if not s.needs_detail]
    doses = [Q_(1.5, "mg"), Q_(3, "mg"), Q_(4.5, "mg")]
    nights = years * 365
    per_night = count / nights
    start = datetime(2016, 1, 1, 22, 0, tzinfo=UTC)
    entries: list[LogEntry] = []
    for night in range(nights):
        base = start + timedelta(days=night)
        dose = doses[min(2, night // 14)]
        n = int(per_night) + (1 if rng.random() < per_night % 1 else 0)
        for k in range(n):
            symptom = rng.choice(labels) if k else "no side effects"
            entries.append(
                LogEntry(
                    new_entry_id(),
                    base + timedelta(minutes=5 * k),
                    symptom,
                    0 if symptom == "no side effects" else rng.randint(1, 8),
                    sleep_hours=round(rng.uniform(4, 9), 1) if k == 0 else None,
                    sleep_quality=rng.randint(1, 5) if k == 0 else None,
                    dose=dose,
                    note="woke at 3" if rng.random() < 0.05 else "",
                )
            )
    while len(entries) < count:  # top up the rounding shortfall on the last nights
        base = start + timedelta(days=nights - 1 - len(entries) % nights, minutes=59)
        entries.append(LogEntry(new_entry_id(), base, "fatigue", 2, dose=doses[-1]))
    return entries


def median_ms(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=20_000)
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        store = DataStore.open(Path(folder) / "data")
        patient = PatientRepository(store).create("Benchmark Patient", None)
        log = SideEffectLog(store, patient.id)
        entries = make_entries(args.entries, args.years)
        log.add(entries)
        files = sorted(store.path(log.folder).glob("*.json"))
        total_bytes = sum(p.stat().st_size for p in files)
        print(f"{len(entries):,} entries in {len(files)} month files, {total_bytes / 1e6:.1f} MB")
        baseline = median_ms(lambda: [json.loads(p.read_bytes()) for p in files], args.runs)
        load = median_ms(lambda: SideEffectLog(store, patient.id).load(), args.runs)
        show, filtering, sorting = _page_figures(store, patient.id, args.runs)
        latency, written = _add_one(log, args.runs * 4)
        store.close()
    rows = [
        ("json.loads of the same files (baseline)", f"{baseline:8.1f} ms"),
        ("load (validated entries)", f"{load:8.1f} ms  ({load / baseline:.1f}× baseline)"),
        ("load and show the page", f"{show:8.1f} ms  ({show / baseline:.1f}× baseline)"),
        ("filter the table by one symptom", f"{filtering:8.1f} ms"),
        ("sort the table by severity", f"{sorting:8.1f} ms"),
        ("add one entry (durable write)", f"{latency:8.1f} ms"),
        ("bytes written to add one entry", f"{written:8,d} B  (whole log {total_bytes:,} B)"),
    ]
    for name, value in rows:
        print(f"{name:<42} {value}")
    return 0


def open_against_baseline(
    store: DataStore, patient_id: str, files: list[Path], runs: int
) -> tuple[float, float]:
    """Medians of opening the patient on the Side effects page and of ``json.loads`` of its
    files, measured alternately so both see the same machine (and garbage collector) state."""
    from PySide6.QtWidgets import QApplication

    from ldn_desktop.ui.app_context import AppContext
    from ldn_desktop.ui.side_effects_page import SideEffectsPage

    app = QApplication.instance() or QApplication(sys.argv[:1])
    page = SideEffectsPage(AppContext(store))
    page.resize(1200, 800)
    page.show()

    def open_patient() -> None:
        page.set_patient(None)
        page.set_patient(patient_id)
        app.processEvents()

    open_patient()  # first open: imports, fonts
    shows: list[float] = []
    baselines: list[float] = []
    for _ in range(runs):
        baselines.append(median_ms(lambda: [json.loads(p.read_bytes()) for p in files], 1))
        shows.append(median_ms(open_patient, 1))
    page.close()
    return statistics.median(shows), statistics.median(baselines)


def _page_figures(store: DataStore, patient_id: str, runs: int) -> tuple[float, float, float]:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from ldn_desktop.ui.app_context import AppContext
    from ldn_desktop.ui.side_effects.table_model import SEVERITY
    from ldn_desktop.ui.side_effects_page import SideEffectsPage

    app = QApplication.instance() or QApplication(sys.argv[:1])
    context = AppContext(store)
    page = SideEffectsPage(context)
    page.resize(1200, 800)
    page.show()

    def open_patient() -> None:
        page.set_patient(None)
        page.set_patient(patient_id)
        app.processEvents()

    show = median_ms(open_patient, runs)
    symptoms = iter(["vivid dreams", "headache", "nausea", "fatigue", None] * runs)
    filtering = median_ms(lambda: page.filters.choose(symptom=next(symptoms)), runs)
    order = iter([Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder] * runs)
    sorting = median_ms(lambda: page.table.sortByColumn(SEVERITY, next(order)), runs)
    page.close()
    return show, filtering, sorting


def _add_one(log: SideEffectLog, runs: int) -> tuple[float, int]:
    rng = random.Random(7)
    sizes: list[int] = []

    def add() -> None:
        at = datetime(2016, 1, 1, 23, 30, tzinfo=UTC) + timedelta(days=rng.randrange(3650))
        sizes.append(log.add(LogEntry(new_entry_id(), at, "headache", 3, dose=Q_(3, "mg"))))

    latency = median_ms(add, runs)
    return latency, int(statistics.median(sizes))


if __name__ == "__main__":
    sys.exit(main())
