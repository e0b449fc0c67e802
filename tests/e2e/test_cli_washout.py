"""``ldn-desktop washout`` end to end: the issue's JSON contract, bad input, saving."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ldn_desktop.cli import main
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.washout import latest_earliest_start, list_assessments

STATUSES = {
    "REFER_SPECIALIST",
    "NOT_CLEAR",
    "UNKNOWN_VERIFY",
    "CLEAR_VERIFY",
    "CLEAR_WITH_FLAG",
    "CLEAR",
}
DRUG_KEYS = {"input", "matched", "class", "status", "earliest_start", "reason", "suggestions"}


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _json(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> dict[str, object]:
    code, out, err = _run(capsys, data, "washout", *args, "--json")
    assert code == 0, err
    return json.loads(out)  # type: ignore[no-any-return]


def test_tc01_json_contract(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = _json(
        capsys,
        tmp_path,
        "--med",
        "oxycodone IR 5 mg;last=2026-03-01T20:00",
        "--start",
        "2026-03-06",
    )
    assert {
        "status",
        "earliest_start",
        "recommended_start",
        "drugs",
        "interactions",
        "notes",
    } <= set(result)
    assert result["status"] == "NOT_CLEAR"
    assert result["earliest_start"] == "2026-03-08T20:00:00"
    assert result["recommended_start"] == "2026-03-11T20:00:00"
    drug = result["drugs"][0]  # type: ignore[index]
    assert set(drug) >= DRUG_KEYS
    assert drug["class"] == "SA" and drug["status"] in STATUSES


def test_tc01_new_york_dst(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = _json(
        capsys,
        tmp_path,
        "--med",
        "oxycodone IR 5 mg;last=2026-03-01T20:00",
        "--start",
        "2026-03-06",
        "--tz",
        "America/New_York",
    )
    assert result["earliest_start"] == "2026-03-08T21:00:00-04:00"


def test_tc02_tc03_tc13(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    start = ["--start", "2026-02-08T08:00"]
    assert (
        _json(capsys, tmp_path, "--med", "  PERCOCET® 5/325 ;last=2026-02-01T08:00", *start)[
            "status"
        ]
        == "CLEAR"
    )
    tc03 = _json(capsys, tmp_path, "--med", "OxyContin 20 mg;last=2026-02-01T08:00", *start)
    assert (tc03["status"], tc03["earliest_start"]) == ("NOT_CLEAR", "2026-02-11T08:00:00")
    tc13 = _json(
        capsys,
        tmp_path,
        "--med",
        "Zorbitol 10 mg;last=2026-12-01T08:00",
        "--start",
        "2026-12-20T08:00",
    )
    assert tc13["status"] == "UNKNOWN_VERIFY" and tc13["earliest_start"] is None
    assert tc13["drugs"][0]["matched"] is None  # type: ignore[index]


def test_patch_current_misuse_and_overrides(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    patch = _json(capsys, tmp_path, "--med", "Butrans;form=patch;current", "--start", "2026-01-01")
    assert patch["status"] == "NOT_CLEAR" and patch["earliest_start"] is None
    misuse = _json(
        capsys, tmp_path, "--med", "loperamide;last=2026-01-01;misuse", "--start", "2026-01-05"
    )
    assert misuse["drugs"][0]["class"] == "LA"  # type: ignore[index]
    for flag in ("--uds-positive", "--withdrawal", "--naloxone-failed"):
        result = _json(
            capsys, tmp_path, "--med", "Percocet;last=2025-01-01", "--start", "2026-01-01", flag
        )
        assert result["status"] == "NOT_CLEAR"


def test_suggestions_and_interactions(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = _json(
        capsys, tmp_path, "--med", "oxycodon", "--med", "Antabuse", "--start", "2026-01-01"
    )
    assert "oxycodone" in result["drugs"][0]["suggestions"]  # type: ignore[index]
    assert [i["severity"] for i in result["interactions"]] == ["moderate"]  # type: ignore[union-attr]


def test_stop_before(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    result = _json(capsys, tmp_path, "--stop-before", "2026-05-10T08:00")
    assert result["last_ldn_dose"] == "2026-05-07T08:00:00"
    assert result["hold_hours"] == 72


@pytest.mark.parametrize(
    ("args", "where"),
    [
        (["--med", "Percocet;form=xr", "--start", "2026-01-01"], "--med"),
        (["--med", "Percocet;last=yesterday", "--start", "2026-01-01"], "--med"),
        (["--med", "Percocet;colour=blue", "--start", "2026-01-01"], "--med"),
        (["--med", ";last=2026-01-01", "--start", "2026-01-01"], "--med"),
        (["--med", "Percocet"], "--start"),
        (["--med", "Percocet", "--start", "soon"], "--start"),
        (["--med", "Percocet", "--start", "2026-01-01", "--tz", "Nowhere/Land"], "--tz"),
        (["--stop-before", "2026-02-30"], "--stop-before"),
        (["--med", "Percocet", "--start", "2026-01-01", "--save"], "--patient"),
    ],
)
def test_bad_input_exits_2_with_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], where: str
) -> None:
    code, out, err = _run(capsys, tmp_path, "washout", *args, "--json")
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and where in err


def test_save_with_patient(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = _run(capsys, tmp_path, "patient", "add", "--name", "Ann Lee")
    patient = out.strip()
    _json(
        capsys,
        tmp_path,
        "--med",
        "OxyContin;last=2026-02-01T08:00",
        "--start",
        "2026-02-08",
        "--patient",
        patient,
        "--save",
    )
    store = DataStore.open(tmp_path, read_only=True)
    saved = list_assessments(store, patient)
    assert len(saved) == 1 and saved[0].status == "NOT_CLEAR"
    assert saved[0].inputs["medications"][0]["name"] == "OxyContin"
    from datetime import date

    assert latest_earliest_start(store, patient) == date(2026, 2, 12)
    code, _, err = _run(
        capsys,
        tmp_path,
        "washout",
        "--med",
        "x",
        "--start",
        "2026-01-01",
        "--patient",
        "nobody",
        "--save",
    )
    assert code == 2 and err.strip()


def test_runs_as_a_program(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ldn_desktop",
            "--data-dir",
            str(tmp_path),
            "washout",
            "--med",
            "Robitussin AC;last=2026-01-01",
            "--med",
            "Robitussin DM;last=2026-01-01",
            "--start",
            "2026-01-05",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.splitlines()[1].startswith("NOT_CLEAR")  # after the headline
    assert "codeine" in done.stdout and "dextromethorphan" in done.stdout


@pytest.mark.parametrize(
    ("med", "earliest", "status"),
    [
        ("Duragesic;last=2026-03-01T08:00", "2026-03-14T08:00:00", "CLEAR_VERIFY"),
        ("fentanyl;form=patch;last=2026-03-01T08:00", "2026-03-14T08:00:00", "CLEAR_VERIFY"),
        ("Butrans;last=2026-03-01T08:00", "2026-03-22T08:00:00", "CLEAR_VERIFY"),
        ("Duragesic;removed=2026-03-04T08:00", "2026-03-14T08:00:00", "CLEAR"),
        ("oxycodone;form=ir;last=2026-03-01T08:00;misuse", "2026-03-08T08:00:00", "CLEAR_VERIFY"),
        ("morphine;form=er;last=2026-03-01T08:00;misuse", "2026-03-11T08:00:00", "CLEAR_VERIFY"),
    ],
)
def test_patch_application_and_misuse_are_counted_conservatively(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, med: str, earliest: str, status: str
) -> None:
    """A patch's ``last=`` is its last application: + wear time (72 h fentanyl, 7 days Butrans);
    misuse of an opioid is at least CLEAR_VERIFY (issue 11)."""
    result = _json(capsys, tmp_path, "--med", med, "--start", "2026-04-30")
    assert result["earliest_start"] == earliest
    assert result["status"] == status


@pytest.mark.parametrize(
    "args",
    [
        ["--med", "oxycodone;last=2026-12-01", "--start", "9999-12-31"],
        ["--med", "oxycodone;last=9999-12-30", "--start", "2026-12-31"],
        ["--med", "methadone;last=0001-01-01", "--start", "2026-12-31"],
        ["--stop-before", "9999-12-31T10:00"],
        ["--stop-before", "0001-01-01"],
    ],
)
def test_year_9999_is_one_line_not_a_traceback(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str]
) -> None:
    code, out, err = _run(capsys, tmp_path, "washout", *args)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and "not a plausible date" in err


def test_text_output_leads_with_the_earliest_and_recommended_start(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, _ = _run(
        capsys,
        tmp_path,
        "washout",
        *("--med", "OxyContin;last=2026-02-01T08:00", "--start", "2026-02-08"),
    )
    assert code == 0
    first, second = out.splitlines()[:2]
    assert first == "Earliest start 11 Feb 2026 08:00 · recommended 15 Feb 2026 08:00"
    assert second.startswith("NOT_CLEAR")


def test_people_dates_are_accepted_as_typed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    iso = _json(
        capsys, tmp_path, "--med", "methadone;last=2026-11-29T22:00", "--start", "2026-12-20"
    )
    people = _json(
        capsys, tmp_path, "--med", "methadone;last=29 Nov 2026 22:00", "--start", "20 Dec 2026"
    )
    assert people == iso


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_writes_the_washout_summary(
    qapp: object, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "d"
    code, out, _ = _run(capsys, data, "patient", "add", "--name", "Ann Lee")
    patient = out.strip()
    pdf = tmp_path / "washout.pdf"
    code, out, err = _run(
        capsys,
        data,
        "washout",
        *("--med", "OxyContin;last=2026-02-01T08:00", "--med", "Imodium"),
        *("--start", "2026-02-08", "--patient", patient, "--pdf", str(pdf)),
    )
    assert code == 0, err
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ann Lee" in text and "OxyContin" in text and "Imodium" in text
    assert "Earliest start 11 Feb 2026 08:00" in text
    assert "[label]" not in text and "not re-read" not in text
    code, _, err = _run(
        capsys, data, "washout", "--med", "x", "--start", "2026-02-08", "--pdf", str(tmp_path)
    )
    assert code != 0 and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_stop_before_a_moment_already_past(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Surgery tomorrow: the 72 h moment has passed; the text and --json say so."""
    from datetime import datetime, timedelta

    tomorrow = (datetime.now() + timedelta(days=1)).strftime("%Y-%m-%dT08:00")
    code, out, err = _run(capsys, tmp_path, "washout", "--stop-before", tomorrow)
    assert code == 0, err
    assert "That moment has passed" in out and "Stop LDN now" in out
    data = _json(capsys, tmp_path, "--stop-before", tomorrow)
    assert data["hold_passed"] is True and data["notes"][0].startswith("Stop LDN now")
