"""Every date the CLI reads is read by the one reader people's dates go through (``core.dates``).

The program shows dates as ``3 Oct 2026``; a user who copies one from the window, a printout or
the CLI's own text into a date option must get the same result as with ``2026-10-03``, and a
numeric date whose order nothing tells (``03/10/2026``) is refused with the way to write it, on
every option alike (``log list --from`` read ISO only, ``schedule --start`` too, ``compound
--date`` too, while ``washout --start`` and ``patient add --birth-date`` read both).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ldn_desktop.cli import main


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> object:
    code, out, err = _run(capsys, data, *args)
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def logged(capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str) -> str:
    """The patient (conftest) with three nights logged, 2-4 Oct 2026."""
    for night in ("2026-10-02", "2026-10-03", "2026-10-04"):
        code, _, err = _run(
            capsys, data_dir, "log", "add", "--patient", patient, "--symptom", "insomnia",
            "--severity", "3", "--at", f"{night}T22:00", "--dose", "1.5mg",
        )  # fmt: skip
        assert code == 0, err
    return patient


COMPOUND = ["compound", "--strength", "4.5mg", "--quantity", "30", "--assay", "99.5%"]
# dates as the program shows them (and as people write them)
SHOWN = [
    "3 Oct 2026",
    "3 October 2026",
    "Oct 3, 2026",
    "3-Oct-2026",
]


@pytest.mark.parametrize("shown", SHOWN)
def test_log_list_reads_dates_as_shown(
    capsys: pytest.CaptureFixture[str], data_dir: Path, logged: str, shown: str
) -> None:
    base = ["log", "list", "--patient", logged, "--json"]
    iso = _json(capsys, data_dir, *base, "--from", "2026-10-03", "--to", "2026-10-03")
    assert isinstance(iso, list) and len(iso) == 1
    assert _json(capsys, data_dir, *base, "--from", shown, "--to", shown) == iso


@pytest.mark.parametrize("shown", SHOWN)
@pytest.mark.parametrize("option", ["--start", "--hold-from", "--step-back-from"])
def test_schedule_reads_dates_as_shown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, option: str, shown: str
) -> None:
    base = ["schedule", "--protocol", "standard", "--days", "40", "--json"]
    extra = {
        "--start": [],
        "--hold-from": ["--start", "2026-09-20", "--hold-days", "2"],
        "--step-back-from": ["--start", "2026-09-01", "--step-back-days", "3"],
    }[option]
    iso = _json(capsys, tmp_path / "d", *base, *extra, option, "2026-10-03")
    assert _json(capsys, tmp_path / "d", *base, *extra, option, shown) == iso


@pytest.mark.parametrize("shown", SHOWN)
def test_compound_date_reads_dates_as_shown(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, shown: str
) -> None:
    base = [*COMPOUND, "--json"]
    iso = _json(capsys, tmp_path / "d", *base, "--date", "2026-10-03")
    assert isinstance(iso, dict) and iso["bud"] > "2026-10-03"
    assert _json(capsys, tmp_path / "d", *base, "--date", shown) == iso


@pytest.mark.parametrize(
    "args",
    [
        ["schedule", "--protocol", "standard", "--start", "03/10/2026"],
        [*COMPOUND, "--date", "03/10/2026"],
        ["log", "list", "--patient", "PATIENT", "--from", "03/10/2026"],
        ["log", "list", "--patient", "PATIENT", "--to", "03/10/2026"],
    ],
)
def test_an_order_nothing_tells_is_refused_the_same_way(
    capsys: pytest.CaptureFixture[str], data_dir: Path, logged: str, args: list[str]
) -> None:
    """03/10/2026: 3 October or 10 March? The command line cannot tell: refused, with how to
    write it, in one line, on every option."""
    args = [logged if a == "PATIENT" else a for a in args]
    code, out, err = _run(capsys, data_dir, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1
    assert "'03/10/2026' is not a date; type it as 18 Nov 2026 or 2026-11-18" in err


def test_from_after_to_names_the_options_once(
    capsys: pytest.CaptureFixture[str], data_dir: Path, logged: str
) -> None:
    code, _, err = _run(
        capsys, data_dir, "log", "list", "--patient", logged,
        "--from", "5 Oct 2026", "--to", "1 Oct 2026",
    )  # fmt: skip
    assert code == 2
    assert err == "ldn-desktop: error: --from is after --to.\n"
