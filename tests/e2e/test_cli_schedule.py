"""``ldn-desktop schedule`` end to end: the issue's options, JSON keys, files and exit codes."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import pytest

from ldn_desktop.cli import main

BASE = ["schedule", "--protocol", "standard", "--start", "2026-12-01"]


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys, tmp_path: Path) -> None:
    code, out, _ = _run(capsys, tmp_path / "d", *BASE, "--days", "30", "--json")
    assert code == 0
    data = json.loads(out)
    assert {"days", "steps", "dispense"} <= set(data)
    assert len(data["days"]) == 30
    assert data["days"][0] == {
        "date": "2026-12-01",
        "dose_mg": 1.5,
        "capsules": {"1.5": 1, "3": 0, "4.5": 0},
    }
    assert data["days"][29]["date"] == "2026-12-30" and data["days"][29]["dose_mg"] == 4.5
    assert data["dispense"] == {"1.5": 14, "3": 14, "4.5": 2}
    assert [s["dose_mg"] for s in data["steps"]] == [1.5, 3, 4.5]
    assert '"dose_mg": 3,' in out and "3.0" not in out


@pytest.mark.parametrize(
    ("extra", "dispense"),
    [
        (["--strengths", "1.5"], {"1.5": 14 + 28 + 62 * 3}),
        (["--strengths", "1.5,3"], {"1.5": 14 + 62, "3": 14 + 62}),
        (["--target", "3mg"], {"1.5": 14, "3": 76, "4.5": 0}),
        (["--protocol", "weekly", "--strengths", "1,2,4.5"], {"1": 14, "2": 28, "4.5": 62}),
        (
            ["--protocol", "custom", "--steps", "1.5mg:14,3mg:14,4.5mg"],
            {"1.5": 14, "3": 14, "4.5": 62},
        ),
        (["--hold-from", "2026-12-15", "--hold-days", "7"], {"1.5": 14, "3": 21, "4.5": 55}),
        (
            ["--step-back-from", "2026-12-20", "--step-back-days", "5"],
            {"1.5": 19, "3": 19, "4.5": 52},
        ),
    ],
)
def test_options_change_the_counts(capsys, tmp_path: Path, extra, dispense) -> None:
    args = [*BASE]
    if "--protocol" in extra:
        args[2] = extra[extra.index("--protocol") + 1]
        extra = [
            a for i, a in enumerate(extra) if a != "--protocol" and extra[i - 1] != "--protocol"
        ]
    code, out, _ = _run(capsys, tmp_path / "d", *args, *extra, "--json")
    assert code == 0
    assert json.loads(out)["dispense"] == dispense


@pytest.mark.parametrize(
    ("extra", "words"),
    [
        (["--start", "2026-02-30"], "start: '2026-02-30' is not a date"),
        (["--target", "6mg"], "above 5 mg"),
        (["--target", "2 tsp"], "not accepted"),
        (["--protocol", "custom"], "needs --steps"),
        (["--steps", "1mg:7,2mg"], "--steps goes with --protocol custom"),
        (["--strengths", "abc"], "strengths"),
        (["--hold-from", "2026-12-15"], "go together"),
        (["--hold-from", "2027-01-15", "--hold-days", "3"], "nothing to hold"),
        (["--step-back-from", "2026-12-02"], "no lower earlier dose"),
        (["--days", "0"], "days: must be 1"),
        (["--save"], "--save needs --patient"),
        (["--patient", "NOPE"], "NOPE"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, tmp_path: Path, extra, words) -> None:
    args = [*BASE]
    if "--protocol" in extra:
        args[2] = extra[1]
        extra = extra[2:]
    code, out, err = _run(capsys, tmp_path / "d", *args, *extra, "--json")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and words in err


def test_warning_above_4_5_mg(capsys, tmp_path: Path) -> None:
    code, out, err = _run(
        capsys, tmp_path / "d", *BASE, "--target", "5mg", "--strengths", "1.5,3,4.5,5"
    )
    assert code == 0
    assert "warning: 5 mg is above the usual LDN maximum" in err
    assert "5 mg at bedtime: from 12 Jan 2027 on" in out


def test_files(qapp, capsys, tmp_path: Path) -> None:
    pdf, ics, table = tmp_path / "c.pdf", tmp_path / "c.ics", tmp_path / "c.csv"
    code, _, _ = _run(
        capsys,
        tmp_path / "d",
        *BASE,
        "--pdf",
        str(pdf),
        "--ics",
        str(ics),
        "--csv",
        str(table),
        "--reminders",
    )
    assert code == 0
    from pypdf import PdfReader

    assert len(PdfReader(str(pdf)).pages) == 3
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    starts = sorted({e.decoded("DTSTART") for e in events if "RRULE" not in e})
    assert starts == [date(2026, 12, 1), date(2026, 12, 15), date(2026, 12, 29)]
    assert len([e for e in events if "RRULE" in e]) == 3
    rows = list(csv.DictReader(io.StringIO(table.read_text())))
    assert len(rows) == 90 and rows[14]["dose"] == "3 mg"


def test_saved_plan_for_a_patient(capsys, tmp_path: Path) -> None:
    data = tmp_path / "d"
    code, out, _ = _run(capsys, data, "patient", "add", "--name", "Ann Lee")
    patient = out.strip()
    first_save = (*BASE, "--patient", patient, "--save", "--by", "Dr A")
    code, _, err = _run(capsys, data, *first_save)
    assert code == 2 and "no washout check is saved" in err  # and 1 Dec 2026 is in the past
    code, _, err = _run(capsys, data, *first_save, "--override-reason", "record of a past plan")
    assert code == 0 and "saved plan version 1" in err
    code, _, err = _run(
        capsys,
        data,
        *BASE,
        "--patient",
        patient,
        "--save",
        "--hold-from",
        "2026-12-15",
        "--hold-days",
        "7",
        "--by",
        "Dr A",
    )
    assert code == 2 and "reason" in err
    code, _, err = _run(
        capsys,
        data,
        *BASE,
        "--patient",
        patient,
        "--save",
        "--hold-from",
        "2026-12-15",
        "--hold-days",
        "7",
        "--by",
        "Dr A",
        "--reason",
        "vivid dreams",
    )
    assert code == 0 and "saved plan version 2" in err
    code, out, _ = _run(capsys, data, "schedule", "--patient", patient, "--days", "35", "--json")
    assert code == 0
    days = json.loads(out)["days"]
    assert days[34]["dose_mg"] == 3  # held: 3 mg until 4 Jan
    code, _, err = _run(
        capsys,
        data,
        "schedule",
        "--patient",
        patient,
        "--save",
        "--step-back-from",
        "2027-01-01",
        "--step-back-days",
        "3",
        "--reason",
        "insomnia",
        "--by",
        "Pharm B",
    )
    assert code == 0 and "saved plan version 3" in err
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.titration import load_versions

    versions = load_versions(DataStore.open(data, read_only=True), patient)
    assert [v.change.kind for v in versions] == ["new", "edit", "step_back"]
    assert versions[0].change.summary == (
        "Standard plan from 1 Dec 2026 at bedtime: 1.5 mg for 14 days, 3 mg for 14 days, then 4.5 mg; "
        "start reason: record of a past plan"
    )
    assert versions[2].by == "Pharm B" and versions[2].reason == "insomnia"


def test_start_before_a_saved_washout_needs_an_override(capsys, tmp_path: Path) -> None:
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.washout import save_assessment

    data = tmp_path / "d"
    _, out, _ = _run(capsys, data, "patient", "add", "--name", "Ann Lee")
    patient = out.strip()
    store = DataStore.open(data)
    inputs = {
        "medications": [],
        "planned_start": "2026-12-01",
        "time_zone": None,
        "uds_positive": False,
        "withdrawal": False,
        "naloxone_failed": False,
    }
    result = {
        "status": "CLEAR",
        "earliest_start": "2026-12-05T00:00:00+00:00",
        "recommended_start": None,
        "drugs": [],
        "interactions": [],
        "notes": [],
    }
    save_assessment(store, patient, inputs, result, datetime(2026, 11, 20, tzinfo=UTC))
    store.close()
    code, _, err = _run(capsys, data, *BASE, "--patient", patient, "--json")
    assert code == 2 and "earliest start after the washout (5 Dec 2026)" in err
    code, _, _ = _run(
        capsys, data, *BASE, "--patient", patient, "--override-reason", "checked", "--json"
    )
    assert code == 0
    # without --start, the washout's earliest start is the default
    code, out, _ = _run(
        capsys, data, "schedule", "--protocol", "standard", "--patient", patient, "--json"
    )
    expected = max(date(2026, 12, 5), date.today())  # the default start is never in the past
    assert json.loads(out)["days"][0]["date"] == expected.isoformat()


def test_real_command_line(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ldn_desktop",
            "--data-dir",
            str(tmp_path / "d"),
            *BASE,
            "--days",
            "2",
            "--json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["dispense"] == {"1.5": 2, "3": 0, "4.5": 0}


def test_liquid_dispensing(capsys, tmp_path: Path) -> None:
    code, out, _ = _run(
        capsys,
        tmp_path / "d",
        "schedule",
        "--protocol",
        "gentle",
        "--start",
        "2026-12-01",
        "--liquid",
        "1mg/mL",
    )
    assert code == 0
    # 7 × (0.5 + 1 + 1.5 + 2 + 2.5 + 3 + 3.5 + 4) + 34 × 4.5 = 126 + 153 = 279 mg at 1 mg/mL
    assert "279 mL of a 1 mg/mL oral liquid" in out
    code, _, err = _run(capsys, tmp_path / "d", *BASE, "--liquid", "2 tsp")
    assert code == 2 and "liquid" in err


def test_json_with_a_liquid_gives_millilitres_not_capsules(capsys) -> None:  # type: ignore[no-untyped-def]
    """Gentle starts at 0.5 mg, which no default capsule makes: with --liquid the JSON gives mL."""
    import json as _json

    from ldn_desktop.cli import main as cli_main

    assert (
        cli_main(
            [
                "schedule",
                "--protocol",
                "gentle",
                "--start",
                "2026-12-01",
                "--days",
                "14",
                "--liquid",
                "1mg/mL",
                "--json",
            ]
        )
        == 0
    )
    data = _json.loads(capsys.readouterr().out)
    assert data["dispense"] == {}
    assert data["liquid"] == {"concentration_mg_per_ml": 1, "ml": 10.5}
    assert data["days"][0] == {"date": "2026-12-01", "dose_mg": 0.5, "capsules": {}, "ml": 0.5}
    assert cli_main(["schedule", "--protocol", "gentle", "--start", "2026-12-01", "--json"]) == 0
    assert "Add a 0.5 mg strength" in capsys.readouterr().err
