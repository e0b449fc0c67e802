"""(1) start to first painted main window, (8) start to the first page ready for input, and
(7) peak memory with a big patient open.

All against a bare PySide6 QMainWindow that imports QtCharts, each in a fresh process; the app
and the bare window are run alternately so they share the machine's noise. Rows 1 and 8 come from
the same runs.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from pathlib import Path

from benchmarks.common import (
    PYTHON,
    REPO,
    Row,
    child_env,
    interleaved,
    last_json,
    median,
    ms,
    timed_run,
)

PROBE = str(REPO / "benchmarks" / "probe_window.py")
STARTUP_TARGET = 1.3
PAGE_READY_TARGET = 1.5
MEMORY_BUDGET_MB = 60.0


def _empty_data_folder(root: Path) -> Path:
    """A data folder with one patient and the disclaimer accepted (as on a second start)."""
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.patients import PatientRepository
    from ldn_desktop.storage.settings import load_settings, save_settings

    data = root / "data"
    store = DataStore.open(data)
    try:
        PatientRepository(store).create("Benchmark Patient")
        settings = load_settings(store)
        settings["disclaimer_accepted_at"] = "2026-01-01T00:00:00+00:00"
        save_settings(store, settings)
    finally:
        store.close()
    return data


def _probe_env() -> dict[str, str]:
    """The children's environment, with one empty QSettings folder for every app run."""
    global _QSETTINGS_DIR
    if _QSETTINGS_DIR is None:
        _QSETTINGS_DIR = tempfile.mkdtemp(prefix="ldn-bench-qsettings-")
        atexit.register(shutil.rmtree, _QSETTINGS_DIR, True)
    return {**child_env(), "LDN_BENCH_QSETTINGS": _QSETTINGS_DIR}


_QSETTINGS_DIR: str | None = None


def _probe(*args: str) -> tuple[float, float, dict[str, float]]:
    """Wall times from launching the process to its window's first paint and to its first page
    ready for input, and the probe's report.

    The process's wall time includes the interpreter's start (the same for both windows) and the
    work done after the measured moment (``after_paint_s``, ``after_ready_s``), which is taken off.
    """
    wall, out = timed_run([PYTHON, PROBE, *args], env=_probe_env())
    report = last_json(out)
    ready = wall - report["after_ready_s"]
    report["page_painted_wall_s"] = ready - report["ready_s"] + report.get("page_painted_s", 0.0)
    return wall - report["after_paint_s"], ready, report


def _app_times(data: Path) -> tuple[float, float, float]:
    paint, ready, report = _probe("app", str(data))
    return paint, ready, report["page_painted_wall_s"]


def _bare_times() -> tuple[float, float, float]:
    paint, ready, _ = _probe("bare")
    return paint, ready, ready


def _quartiles(values: list[float]) -> str:
    ordered = sorted(values)
    low, high = ordered[len(ordered) // 4], ordered[(3 * len(ordered)) // 4]
    return f"{low:.2f}–{high:.2f}×"


def bench_startup(runs: int = 21) -> list[Row]:
    """Rows 1 (first paint) and 8 (first page ready), from the same alternated runs.

    21 pairs: on this shared 2-CPU machine single starts vary by ±30 %, and with 9 pairs the
    ratio of the medians still moved by 0.4 between back-to-back runs. The note gives the middle
    half of the per-pair ratios (each app run over the bare run next to it)."""
    with tempfile.TemporaryDirectory() as tmp:
        data = _empty_data_folder(Path(tmp))
        _probe("bare")  # warm the file cache for both
        _probe("app", str(data))
        app, bare = interleaved(runs, lambda: _app_times(data), _bare_times)
    paint = median([a[0] for a in app]) / median([b[0] for b in bare])
    ready = median([a[1] for a in app]) / median([b[0] for b in bare])
    bare_paint = ms(median([b[0] for b in bare]))
    # the fastest runs show the machine with least noise (noise adds the same milliseconds to
    # both, which pulls the ratio of slow runs towards 1)
    fastest_paint = min(a[0] for a in app) / min(b[0] for b in bare)
    fastest_ready = min(a[1] for a in app) / min(b[0] for b in bare)
    paint_pairs = _quartiles([a[0] / b[0] for a, b in zip(app, bare, strict=True)])
    ready_pairs = _quartiles([a[1] / b[0] for a, b in zip(app, bare, strict=True)])
    return [
        Row(
            1,
            "start to first painted main window",
            ms(median([a[0] for a in app])),
            f"{bare_paint} (bare window + QtCharts)",
            f"{paint:.2f}×",
            f"≤ {STARTUP_TARGET}×",
            paint <= STARTUP_TARGET,
            note=f"{runs} alternated pairs; per-pair ratios, middle half: {paint_pairs}; "
            f"fastest runs: {ms(min(a[0] for a in app))} / {ms(min(b[0] for b in bare))} = "
            f"{fastest_paint:.2f}×.",
        ),
        Row(
            8,
            "start to the first page built and accepting input",
            ms(median([a[1] for a in app])),
            f"{bare_paint} (bare window's first paint)",
            f"{ready:.2f}×",
            f"≤ {PAGE_READY_TARGET}×",
            ready <= PAGE_READY_TARGET,
            note="ready = the Washout page (the first page) built, painted, and the event loop "
            f"idle again; the page itself is painted at {ms(median([a[2] for a in app]))}; the "
            f"bare window is ready when painted ({ms(median([b[1] for b in bare]))} to idle); "
            f"per-pair ratios, middle half: {ready_pairs}; fastest runs: "
            f"{ms(min(a[1] for a in app))} / {ms(min(b[0] for b in bare))} = {fastest_ready:.2f}×.",
        ),
    ]


def bench_memory(data: Path | None, patient: str | None, runs: int = 3) -> Row:
    """Peak RSS with the patient's Side effects page shown, against the bare window."""
    name = "peak memory, 20,000-entry patient open"
    target = f"≤ bare + {MEMORY_BUDGET_MB:.0f} MB"
    if data is None or patient is None:
        return Row(7, name, "n/a (feature missing)", target=target)
    app, bare = interleaved(
        runs,
        lambda: _probe("app", str(data), patient)[2]["maxrss_mb"],
        lambda: _probe("bare")[2]["maxrss_mb"],
    )
    extra = median(app) - median(bare)
    return Row(
        7,
        name,
        f"{median(app):.0f} MB",
        f"{median(bare):.0f} MB (bare window)",
        f"+{extra:.1f} MB",
        target,
        extra <= MEMORY_BUDGET_MB,
    )
