"""``ldn-desktop log add|list|summary|export|import`` end to end (issue 6's CLI contract)."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from ldn_desktop.cli import main


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _log_files(data_dir: Path) -> list[Path]:
    return sorted((data_dir / "patients").rglob("log/*.json"))


def test_add_list_and_summary(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str
) -> None:
    code, out, _ = _run(
        capsys, data_dir, "log", "add", "--patient", patient, "--symptom", "Vivid dreams",
        "--severity", "4", "--at", "2026-01-05T22:30+00:00", "--sleep-hours", "6.5",
        "--sleep-quality", "3", "--dose", "1.5mg", "--note", "woke twice", "--json",
    )  # fmt: skip
    assert code == 0
    saved = json.loads(out)
    assert saved["symptom"] == "vivid dreams" and saved["dose"] == {"value": "1.5", "unit": "mg"}
    assert saved["dose_source"] == "given" and saved["night"] == "2026-01-05"
    assert [p.name for p in _log_files(data_dir)] == ["2026-01.json"]
    code, out, _ = _run(
        capsys,
        data_dir,
        "log",
        "add",
        "--patient",
        patient,
        "--symptom",
        "none",
        "--severity",
        "0",
        "--at",
        "2026-01-07T07:00+00:00",
        "--dose",
        "missed",
    )
    assert code == 0 and out.startswith("saved ")
    code, out, _ = _run(
        capsys,
        data_dir,
        "log",
        "list",
        "--patient",
        patient,
        "--from",
        "2026-01-06",
        "--to",
        "2026-01-06",
        "--json",
    )
    (listed,) = json.loads(out)
    assert (listed["symptom"], listed["night"], listed["dose_text"]) == (
        "no side effects",
        "2026-01-06",
        "missed",
    )
    code, out, _ = _run(capsys, data_dir, "log", "summary", "--patient", patient, "--json")
    (step,) = json.loads(out)["steps"]
    assert step["dose"] == "1.5 mg" and step["overall"]["nights_logged"] == 2
    assert step["dose_mg"] == 1.5
    assert step["overall"]["missed_doses"] == 1
    assert step["line"].startswith(
        "1.5 mg, 5 Jan 2026 – 6 Jan 2026: 2 nights logged, 1 dose missed."
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--severity", "11"],
            "Severity: '11' is not a whole number from 1 (mild) to 10 (worst), "
            "or 0 with 'no side effects'.",
        ),
        (["--severity", "-1"], "Severity"),
        (["--severity", "3", "--sleep-hours", "25"], "Sleep hours: must be between 0 and 24."),
        (["--severity", "3", "--sleep-hours", "-2"], "Sleep hours"),
        (["--severity", "3", "--sleep-quality", "9"], "Sleep quality"),
        (["--severity", "3", "--at", "2999-01-01T22:00"], "more than a day in the future"),
        (["--severity", "3", "--dose", "5 tsp"], "Dose"),
        (["--severity", "3", "--symptom", "dizziness"], "'dizziness' is not in the list"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, args: list[str], message: str
) -> None:
    base = ["log", "add", "--patient", patient, "--symptom", "headache"]
    if "--symptom" in args:
        base = base[:-2]
    code, out, err = _run(capsys, data_dir, *base, *args)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and message in err
    assert _log_files(data_dir) == []


def test_future_limit_is_one_day(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str
) -> None:
    soon = (datetime.now().astimezone() + timedelta(hours=23)).isoformat(timespec="minutes")
    later = (datetime.now().astimezone() + timedelta(hours=25)).isoformat(timespec="minutes")
    base = ["log", "add", "--patient", patient, "--symptom", "nausea", "--severity", "2", "--at"]
    assert _run(capsys, data_dir, *base, soon)[0] == 0
    assert _run(capsys, data_dir, *base, later)[0] == 2


def test_unknown_patient_exits_2_and_creates_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "empty"
    code, _, err = _run(
        capsys,
        data,
        "log",
        "add",
        "--patient",
        "nobody",
        "--symptom",
        "headache",
        "--severity",
        "2",
    )
    assert code == 2 and "nobody" in err and err.count("\n") == 1
    assert not data.exists()


def test_dose_is_filled_in_from_the_active_plan(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str
) -> None:
    from ldn_desktop.core.titration.changes import Change
    from ldn_desktop.core.titration.protocols import protocol_steps
    from ldn_desktop.core.titration.schedule import make_plan
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.titration import save_version

    store = DataStore.open(data_dir)
    plan = make_plan(
        date(2026, 1, 1),
        protocol_steps("standard"),
        protocol="standard",
        start_override_reason="started before this record: history confirmed",
    )
    save_version(store, patient, plan, Change("new", "Standard"), by="Dr A")
    store.close()
    base = ["log", "add", "--patient", patient, "--symptom", "nausea", "--severity", "2", "--json"]
    out = _run(capsys, data_dir, *base, "--at", "2026-01-20T22:00+00:00")[1]
    assert (json.loads(out)["dose_text"], json.loads(out)["dose_source"]) == ("3 mg", "plan")
    out = _run(capsys, data_dir, *base, "--at", "2026-01-15T08:00+00:00")[1]  # night of 14 Jan
    assert json.loads(out)["dose_text"] == "1.5 mg"
    out = _run(capsys, data_dir, *base, "--at", "2025-12-20T22:00+00:00")[1]
    assert (json.loads(out)["dose_text"], json.loads(out)["dose_source"]) == ("", "none")
    out = _run(capsys, data_dir, *base, "--at", "2026-01-21T22:00+00:00", "--dose", "missed")[1]
    assert json.loads(out)["dose_text"] == "missed"


def test_csv_export_then_import_merges(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, tmp_path: Path
) -> None:
    for day in range(1, 4):
        _run(
            capsys,
            data_dir,
            "log",
            "add",
            "--patient",
            patient,
            "--symptom",
            "vivid dreams",
            "--severity",
            str(day),
            "--at",
            f"2026-02-0{day}T22:00+00:00",
            "--dose",
            "3 mg",
        )
    out_csv = tmp_path / "log.csv"
    code, out, _ = _run(
        capsys, data_dir, "log", "export", "--patient", patient, "--csv", str(out_csv)
    )
    assert code == 0 and "3 entries" in out
    raw = out_csv.read_bytes()
    assert raw.startswith(b"id,date_time,symptom,") and b"\r\n" in raw
    code, out, _ = _run(capsys, data_dir, "log", "import", "--patient", patient, str(out_csv))
    assert code == 0 and out.strip() == "Added 0 entries; skipped 3 duplicates."
    extra = out_csv.read_text(encoding="utf-8") + ",2026-02-04T22:00:00+00:00,headache,,5,,,,,\r\n"
    out_csv.write_text(extra, encoding="utf-8", newline="")
    code, out, _ = _run(
        capsys, data_dir, "log", "import", "--patient", patient, str(out_csv), "--json"
    )
    report = json.loads(out)
    assert [e["symptom"] for e in report["added"]] == ["headache"] and report["duplicates"] == 3
    bad = tmp_path / "bad.csv"
    bad.write_text("date_time,symptom,severity\r\n2026-02-05T22:00+00:00,nausea,12\r\n")
    before = [p.read_bytes() for p in _log_files(data_dir)]
    code, _, err = _run(capsys, data_dir, "log", "import", "--patient", patient, str(bad))
    assert code == 2 and "CSV line 2" in err
    assert [p.read_bytes() for p in _log_files(data_dir)] == before


def test_pdf_export_runs_headless(data_dir: Path, patient: str, tmp_path: Path) -> None:
    """In a fresh process without a display, as a user's script would run it."""
    env = {"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": str(tmp_path)}
    cli = [sys.executable, "-m", "ldn_desktop", "--data-dir", str(data_dir), "log"]
    add = [*cli, "add", "--patient", patient, "--symptom", "vivid dreams", "--severity", "5"]
    assert subprocess.run([*add, "--at", "2026-03-01T22:00"], env=env, check=False).returncode == 0
    pdf = tmp_path / "report.pdf"
    result = subprocess.run(
        [*cli, "export", "--patient", patient, "--pdf", str(pdf)],
        env=env, capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    raw = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    text = unicodedata.normalize("NFKC", raw)  # pdftotext keeps the "ff" ligature
    assert "Side-effect log" in text and "Ann Lee" in text and "vivid dreams" in text


# -- issue 11 part D, issue 12 items 11 and 15 ----------------------------------------------------


def _add(capsys: pytest.CaptureFixture[str], data: Path, patient: str, *args: str):  # type: ignore[no-untyped-def]
    return _run(capsys, data, "log", "add", "--patient", patient, *args)


def _save_standard_plan(data_dir: Path, patient: str, start: date) -> None:
    from ldn_desktop.core.titration.changes import Change
    from ldn_desktop.core.titration.protocols import protocol_steps
    from ldn_desktop.core.titration.schedule import make_plan
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.titration import save_version

    store = DataStore.open(data_dir)
    plan = make_plan(
        start,
        protocol_steps("standard"),
        protocol="standard",
        start_override_reason="started before this record: history confirmed",
    )
    save_version(store, patient, plan, Change("new", "Standard"), by="Dr A")
    store.close()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--symptom", "headache", "--severity", "0"], "Severity: 0 means none"),
        (["--symptom", "headache"], "Severity: required for headache"),
        (["--symptom", "none", "--severity", "4"], "'no side effects' has severity 0"),
        (["--symptom", "nausea", "--severity", "2", "--dose", "7 mg"], "outside the LDN dose"),
        (["--symptom", "nausea", "--severity", "2", "--dose", "7"], "outside the LDN dose"),
        (["--symptom", "nausea", "--severity", "2", "--at", "9999-12-31T22:00"], "future"),
        (["--symptom", "nausea", "--severity", "2", "--at", "9999-12-31T23:59-23:59"], "future"),
        (
            ["--symptom", "nausea", "--severity", "2", "--at", "2026-01-05T22:30+05:30:15"],
            "seconds",
        ),
    ],
)
def test_refused_entries_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str],
    data_dir: Path,
    patient: str,
    args: list[str],
    message: str,
) -> None:
    code, out, err = _add(capsys, data_dir, patient, *args)
    assert (code, out) == (2, "") and err.count("\n") == 1 and message in err, err
    assert "Traceback" not in err and _log_files(data_dir) == []


def test_symptom_none_needs_no_severity(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str
) -> None:
    code, out, err = _add(capsys, data_dir, patient, "--symptom", "none", "--json")
    assert code == 0 and err == ""
    assert (json.loads(out)["symptom"], json.loads(out)["severity"]) == ("no side effects", 0)


@pytest.mark.parametrize("args", [["--from", "9999-12-31"], ["--to", "9999-12-31"]])
def test_listing_to_the_end_of_the_calendar_works(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, args: list[str]
) -> None:
    _add(capsys, data_dir, patient, "--symptom", "nausea", "--severity", "2")
    code, out, err = _run(capsys, data_dir, "log", "list", "--patient", patient, *args)
    assert code == 0 and err == "" and out.count("nausea") == (0 if "--from" in args else 1)


def test_summary_counts_the_first_14_days_from_the_plan_and_ignores_one_odd_night(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str
) -> None:
    """Plan: 1.5 mg 1-14 Jan, 3 mg from 15 Jan. The patient starts logging on 18 Jan and takes
    4.5 mg once on 22 Jan."""
    _save_standard_plan(data_dir, patient, date(2026, 1, 1))
    for day in range(18, 32):
        dose = "4.5 mg" if day == 22 else "3 mg"
        code, _, err = _add(
            capsys, data_dir, patient, "--symptom", "vivid dreams", "--severity", "3",
            "--at", f"2026-01-{day}T22:00+00:00", "--dose", dose,
        )  # fmt: skip
        assert code == 0, err
    code, out, _ = _run(capsys, data_dir, "log", "summary", "--patient", patient, "--json")
    (step,) = json.loads(out)["steps"]
    assert (step["dose"], step["day_one"], step["day_one_from"]) == ("3 mg", "2026-01-15", "plan")
    assert step["first_14_days"]["nights_logged"] == 11  # 18-28 Jan
    assert step["after_14_days"]["nights_logged"] == 3  # 29-31 Jan
    assert step["other_dose_nights"] == [{"night": "2026-01-22", "dose": "4.5 mg"}]
    text = _run(capsys, data_dir, "log", "summary", "--patient", patient)[1]
    assert "First 14 days (from 15 Jan 2026, the step's start in the plan): 11 of 11 nights" in text
    assert "1 night at another dose (4.5 mg on 22 Jan 2026)." in text


def test_no_side_effects_on_a_night_with_symptoms_is_saved_with_a_warning(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str
) -> None:
    base = ["--at", "2026-01-05T22:00+00:00"]
    assert (
        _add(capsys, data_dir, patient, "--symptom", "headache", "--severity", "4", *base)[0] == 0
    )
    code, out, err = _add(
        capsys, data_dir, patient, "--symptom", "none", "--at", "2026-01-06T07:00+00:00"
    )
    assert code == 0 and out.startswith("saved ")
    assert err.count("\n") == 1 and "warning: The night of 5 Jan 2026" in err
    assert "headache 4/10" in err


def test_import_reports_a_row_differing_only_in_severity_as_a_conflict(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, tmp_path: Path
) -> None:
    at = "2026-02-01T22:00:00+00:00"
    _add(capsys, data_dir, patient, "--symptom", "headache", "--severity", "4", "--at", at)
    path = tmp_path / "other.csv"
    path.write_text(f"date_time,symptom,severity\r\n{at},headache,7\r\n", encoding="utf-8")
    code, out, _ = _run(capsys, data_dir, "log", "import", "--patient", patient, str(path))
    assert code == 0 and "skipped 0 duplicates and 1 conflicting row" in out
    assert "1 Feb 2026 22:00 headache: severity 7 in the file, 4 kept" in out
    code, out, _ = _run(
        capsys, data_dir, "log", "import", "--patient", patient, str(path), "--json"
    )
    report = json.loads(out)
    assert report["duplicates"] == 0 and report["conflict_details"][0]["differs"] == ["severity"]
    listed = _run(capsys, data_dir, "log", "list", "--patient", patient, "--json")[1]
    assert [e["severity"] for e in json.loads(listed)] == [4]


def test_export_says_1_entry(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, tmp_path: Path
) -> None:
    _add(capsys, data_dir, patient, "--symptom", "none")
    out = _run(
        capsys, data_dir, "log", "export", "--patient", patient, "--csv", str(tmp_path / "a.csv")
    )[1]
    assert out.startswith("wrote 1 entry to ")
