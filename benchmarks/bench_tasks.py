"""(4) a 12-month calendar PDF, (5) parsing 10,000 dose strings, (6) a headless compound command."""

from __future__ import annotations

import importlib.util
import random
import tempfile
import time
from pathlib import Path

from benchmarks.common import (
    CLI,
    PYTHON,
    Row,
    interleaved,
    last_json,
    median,
    ms,
    timed_run,
    unit_cache_dir,
)

PDF_TARGET_S = 1.0
PARSE_TARGET_S = 0.5
CLI_TARGET = 1.5

PDF_CHILD = """
import json, sys, time
from ldn_desktop.cli import main
data, out = sys.argv[1], sys.argv[2]
args = ["--data-dir", data, "schedule", "--protocol", "standard", "--start", "2026-01-01",
        "--days", "365", "--pdf", out]
assert main(args) == 0  # the first one also starts Qt's offscreen platform and loads fonts
times = []
for _ in range(5):
    start = time.perf_counter()
    assert main(args) == 0
    times.append(time.perf_counter() - start)
print(json.dumps({"times": times}))
"""


def _feature(module: str) -> bool:
    try:
        return importlib.util.find_spec(module) is not None
    except ModuleNotFoundError:
        return False


def bench_calendar_pdf(runs: int = 3) -> Row:
    name = "12-month titration calendar PDF"
    target = f"≤ {PDF_TARGET_S:g} s"
    if not _feature("ldn_desktop.reports.render_titration"):
        return Row(4, name, "n/a (feature missing)", target=target)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "calendar.pdf"
        _, stdout = timed_run([PYTHON, "-c", PDF_CHILD, str(Path(tmp) / "data"), str(out)])
        warm = median(last_json(stdout)["times"])
        cold = median(
            [
                timed_run(
                    [
                        CLI,
                        "--data-dir",
                        str(Path(tmp) / "data"),
                        "schedule",
                        "--protocol",
                        "standard",
                        "--start",
                        "2026-01-01",
                        "--days",
                        "365",
                        "--pdf",
                        str(out),
                    ]
                )[0]
                for _ in range(runs)
            ]
        )
        pages = _pages(out)
    return Row(
        4,
        name,
        ms(warm),
        f"{ms(cold)} whole CLI run",
        "",
        target,
        warm <= PDF_TARGET_S,
        note=f"{pages} pages; measured = build + render + write inside a running program; "
        "baseline column = `ldn-desktop schedule --days 365 --pdf` from a cold start.",
    )


def _pages(pdf: Path) -> int:
    data = pdf.read_bytes()
    return data.count(b"/Type /Page") - data.count(b"/Type /Pages")


def dose_strings(count: int = 10_000, seed: int = 5) -> list[str]:
    """What people type: mg, mcg, g, bare numbers, comma decimals, stray spaces."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        value = rng.choice(["0.5", "1", "1.5", "2.25", "3", "4.5", "6", "0.75", "12.5", "150"])
        unit = rng.choice(["mg", " mg", "mcg", " mcg", "g", "", " MG", "milligrams"])
        if unit.strip() in {"mcg"}:
            value = str(int(float(value) * 1000))
        elif unit.strip() == "g":
            value = "0.0045"
        if rng.random() < 0.1:
            value = value.replace(".", ",")
        out.append(f"  {value}{unit} " if rng.random() < 0.1 else f"{value}{unit}")
    return out


def bench_parsing(runs: int = 5) -> Row:
    from ldn_desktop.core.units import parse_quantity, registry

    registry()  # created once per program start; not part of parsing
    texts = dose_strings()
    for text in texts[:100]:
        parse_quantity(text, field="Dose")

    def once() -> float:
        start = time.perf_counter()
        for text in texts:
            parse_quantity(text, field="Dose")
        return time.perf_counter() - start

    took = median([once() for _ in range(runs)])
    return Row(
        5,
        "parse 10,000 dose strings",
        ms(took),
        "",
        f"{took / len(texts) * 1e6:.0f} µs each",
        f"≤ {PARSE_TARGET_S:g} s",
        took <= PARSE_TARGET_S,
    )


COMPOUND_ARGS = (
    "compound",
    "--strength",
    "4.5mg",
    "--quantity",
    "30",
    "--assay",
    "99.5%",
    "--json",
)


def bench_compound_cli(runs: int = 9) -> Row:
    name = "`ldn-desktop compound ... --json` (headless)"
    target = f"≤ {CLI_TARGET}×"
    from ldn_desktop.cli import build_parser

    choices = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if choices is None or "compound" not in choices:
        return Row(6, name, "n/a (feature missing)", target=target)
    with tempfile.TemporaryDirectory() as tmp:
        command = [CLI, "--data-dir", str(Path(tmp) / "data"), *COMPOUND_ARGS]
        # pint loading its units as the program does: from the same (warm) cache
        cache = str(unit_cache_dir())
        pint_only = [PYTHON, "-c", f"import pint; pint.UnitRegistry(cache_folder={cache!r})"]
        timed_run(command)  # also fills the cache, as the program's first run does
        timed_run(pint_only)
        ours, base = interleaved(
            runs, lambda: timed_run(command)[0], lambda: timed_run(pint_only)[0]
        )
    ratio = median(ours) / median(base)
    return Row(
        6,
        name,
        ms(median(ours)),
        f"{ms(median(base))} (import pint; UnitRegistry(), cached)",
        f"{ratio:.2f}×",
        target,
        ratio <= CLI_TARGET,
    )
