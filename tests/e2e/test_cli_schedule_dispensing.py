"""``schedule`` (issue 11): dispensing that names what cannot be made, the patient calendar's
capsules/mL per dose, unbroken doses, the last month's continue/refill line, the one missed-dose
text, the plan summary/author and the dose range from data."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ldn_desktop.cli import main
from ldn_desktop.core.titration import missed_dose_advice

START = ["--start", "2026-12-01"]


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), "schedule", *args])
    out, err = capsys.readouterr()
    return code, out, err


def _pdf_text(path: Path) -> str:
    """The PDF's text as laid out (pdftotext keeps each printed line a line)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    result = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    )
    return result.stdout.replace("\xa0", " ").replace("ﬁ", "fi")


@pytest.mark.parametrize(
    ("protocol", "missing", "strength"),
    [
        ("gentle", "0.5 mg (7 days from 1 Dec 2026), 1 mg (7 days from 8 Dec 2026)", "0.5 mg"),
        ("weekly", "1 mg (7 days from 1 Dec 2026), 2 mg (7 days from 8 Dec 2026)", "1 mg"),
    ],
)
def test_default_strengths_print_the_schedule_and_name_what_cannot_be_made(
    capsys, tmp_path: Path, protocol, missing, strength
) -> None:
    code, out, err = _run(capsys, tmp_path / "d", "--protocol", protocol, *START)
    assert code == 0
    assert "at bedtime: 1 Dec 2026 – 7 Dec 2026 (7 days)" in out  # the schedule is printed
    assert "4.5 mg at bedtime: from" in out
    assert f"Cannot be made from 1.5 mg, 3 mg and 4.5 mg capsules: {missing}" in out
    assert f"Add a {strength} strength (every dose can then be made" in out
    assert "of 1 mg/mL oral liquid" in out
    assert "warning: Cannot be made" in err


def test_json_dispensing_names_the_doses_and_the_proposal(capsys, tmp_path: Path) -> None:
    code, out, _ = _run(
        capsys, tmp_path / "d", "--protocol", "weekly", *START, "--days", "30", "--json"
    )
    assert code == 0
    data = json.loads(out)
    # 1, 2, 3, 4 mg × 7 days then 4.5 mg × 2: only 3 mg and 4.5 mg come in the default strengths
    assert data["dispense"] == {"1.5": 0, "3": 7, "4.5": 2}
    assert data["days"][0] == {
        "date": "2026-12-01",
        "dose_mg": 1,
        "capsules": {},
        "cannot_make": True,
    }
    assert data["days"][14]["capsules"] == {"1.5": 0, "3": 1, "4.5": 0}
    dispensing = data["dispensing"]
    assert dispensing["cannot_make_mg"] == [1, 2, 4]
    assert dispensing["proposal"]["strength_mg"] == 1
    # 7 × (1 + 2 + 3 + 4) + 2 × 4.5 = 79 mg of a 1 mg/mL liquid
    assert dispensing["proposal"]["liquid_ml"] == 79
    assert dispensing["proposal"]["liquid_concentration_mg_per_ml"] == 1
    assert [d["take"] for d in dispensing["doses"]][2:] == [
        "1 × 3 mg capsule",
        "",
        "1 × 4.5 mg capsule",
    ]


def test_calendar_with_only_1_5_mg_capsules_says_how_many_per_dose(
    qapp, capsys, tmp_path: Path
) -> None:
    pdf = tmp_path / "c.pdf"
    code, _, _ = _run(
        capsys, tmp_path / "d", "--protocol", "standard", *START, "--strengths", "1.5",
        "--pdf", str(pdf),
    )  # fmt: skip
    assert code == 0
    text = _pdf_text(pdf)
    assert text.count("1 × 1.5 mg") == 14  # 1–14 Dec
    assert text.count("2 × 1.5 mg") == 14  # 15–28 Dec
    assert text.count("3 × 1.5 mg") == 3 + 31 + 28  # 29 Dec to 28 Feb
    assert "capsules" in text


def test_liquid_plan_shows_millilitres_per_day_on_the_calendar_and_in_the_csv(
    qapp, capsys, tmp_path: Path
) -> None:
    pdf, table = tmp_path / "c.pdf", tmp_path / "c.csv"
    code, _, _ = _run(
        capsys, tmp_path / "d", "--protocol", "custom", "--steps", "0.5mg:3,2.25mg:3,4.5mg",
        *START, "--days", "10", "--liquid", "1mg/mL", "--pdf", str(pdf), "--csv", str(table),
    )  # fmt: skip
    assert code == 0
    text = _pdf_text(pdf)
    # syringe-measured volumes, as on the compounding label: 2.25 mL is drawn as 2.3 mL
    assert text.count("0.5 mL") == 3 and text.count("2.3 mL") == 3 and text.count("4.5 mL") == 4
    rows = list(csv.DictReader(io.StringIO(table.read_text())))
    assert [r["ml"] for r in rows] == ["0.5"] * 3 + ["2.3"] * 3 + ["4.5"] * 4
    assert rows[3]["take"] == "2.3 mL"


@pytest.mark.parametrize("dose", ["2.25", "0.75", "0.125"])
def test_a_dose_never_breaks_across_lines_in_the_printout(
    qapp, capsys, tmp_path: Path, dose
) -> None:
    """Each of 28 days prints the whole dose on one line (plus the legend)."""
    pdf = tmp_path / "c.pdf"
    steps = f"{dose}mg:28,4.5mg"
    code, _, _ = _run(
        capsys, tmp_path / "d", "--protocol", "custom", "--steps", steps, "--start", "2027-02-01",
        "--days", "28", "--pdf", str(pdf),
    )  # fmt: skip
    assert code == 0
    text = _pdf_text(pdf)
    assert text.count(f"{dose} mg") == 28 + 1
    assert not re.search(rf"{re.escape(dose)} ?m?\s*$", text, re.MULTILINE)


def test_the_last_month_says_continue_and_refill_instead_of_blank_days(
    qapp, capsys, tmp_path: Path
) -> None:
    pdf = tmp_path / "c.pdf"
    code, _, _ = _run(
        capsys, tmp_path / "d", "--protocol", "standard", *START, "--days", "45", "--pdf", str(pdf)
    )
    assert code == 0
    january = _pdf_text(pdf).split("\f")[1]
    assert "After 14 Jan 2027: continue 4.5 mg daily at bedtime — ask your pharmacy for a" in (
        " ".join(january.split())
    )
    assert "refill" in january and "REFILL" in january
    assert january.count("continue") == 17 + 1  # 15–31 Jan, and the note


def test_a_plan_that_ends_says_so_on_its_last_month(qapp, capsys, tmp_path: Path) -> None:
    pdf = tmp_path / "c.pdf"
    code, _, _ = _run(
        capsys, tmp_path / "d", "--protocol", "custom", "--steps", "1.5mg:10", *START,
        "--pdf", str(pdf),
    )  # fmt: skip
    assert code == 0
    text = " ".join(_pdf_text(pdf).split())
    assert "The plan ends on 10 Dec 2026. Ask your prescriber" in text
    assert text.count("plan ended") == 21  # 11–31 Dec


def test_one_missed_dose_text_from_the_seed_everywhere(qapp, capsys, tmp_path: Path) -> None:
    advice = missed_dose_advice()
    assert "as soon as you remember" in advice.text and "nearly time for your next dose" in (
        advice.text
    )
    assert "Never take two doses" in advice.text and "seed 004" in advice.source.lower()
    data = tmp_path / "d"
    code, out, _ = _run(capsys, data, "--protocol", "standard", *START)
    assert code == 0 and advice.text in out
    code, out, _ = _run(capsys, data, "--protocol", "standard", *START, "--json")
    assert json.loads(out)["missed_dose"] == {"text": advice.text, "source": advice.source}
    pdf, ics = tmp_path / "c.pdf", tmp_path / "c.ics"
    _run(capsys, data, "--protocol", "standard", *START, "--pdf", str(pdf), "--ics", str(ics))
    assert " ".join(advice.text.split()) in " ".join(_pdf_text(pdf).split())
    assert "skipped" not in _pdf_text(pdf)
    import icalendar

    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert all(advice.short in str(e["DESCRIPTION"]) for e in events)


def _with_prescriber(data: Path, name: str) -> None:
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.settings import load_settings, save_settings

    store = DataStore.open(data)
    settings = load_settings(store)
    settings["prescriber"]["name"] = name
    save_settings(store, settings)
    store.close()


def test_summary_and_author_come_from_core(qapp, capsys, tmp_path: Path) -> None:
    """Saved without --by: the prescriber in Settings is the author, and the saved summary, the
    JSON summary and the pharmacist copy's plan line are the same sentence."""
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.titration import load_versions

    data = tmp_path / "d"
    main(["--data-dir", str(data), "patient", "add", "--name", "Ann Lee"])
    patient = capsys.readouterr().out.strip()
    _with_prescriber(data, "Dr Ada Lovelace")
    plan = ["--protocol", "gentle", *START, "--patient", patient]
    code, _, err = _run(capsys, data, *plan, "--save", "--override-reason", "past plan on file")
    assert code == 0, err
    store = DataStore.open(data, read_only=True)
    (version,) = load_versions(store, patient)
    store.close()
    assert version.by == "Dr Ada Lovelace"
    code, out, _ = _run(capsys, data, *plan, "--override-reason", "past plan on file", "--json")
    summary = json.loads(out)["summary"]
    assert version.change.summary.startswith(summary)
    assert summary.startswith(
        "Gentle plan from 1 Dec 2026 at bedtime: 0.5 mg for 7 days, 1 mg for 7 days"
    )
    pdf = tmp_path / "p.pdf"
    _run(capsys, data, *plan, "--override-reason", "past plan on file", "--pdf", str(pdf),
         "--pharmacist-copy")  # fmt: skip
    copy = " ".join(_pdf_text(pdf).split("Pharmacist copy: dispensing summary")[1].split())
    assert f"Plan: {summary}" in copy and "Plan by: Dr Ada Lovelace" in copy


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (["--protocol", "custom", "--steps", "0.25mg:7,4.5mg"], 0, "below the usual lowest"),
        (["--protocol", "custom", "--steps", "0.05mg:7,4.5mg"], 2, "below the lowest LDN dose"),
        (["--protocol", "standard", "--target", "5.5mg"], 2, "above 5 mg"),
        (["--protocol", "standard", "--strengths", "1.5,51"], 2, "at most 50 mg"),
    ],
)
def test_dose_range_from_data(capsys, tmp_path: Path, args, code, words) -> None:
    result, _, err = _run(capsys, tmp_path / "d", *args, *START, "--json")
    assert result == code and words in err


def test_the_pharmacist_copy_never_names_the_login_as_the_plans_author(
    qapp, capsys, tmp_path: Path
) -> None:
    import getpass

    pdf = tmp_path / "p.pdf"
    code, _, _ = _run(
        capsys, tmp_path / "d", "--protocol", "standard", *START, "--pdf", str(pdf),
        "--pharmacist-copy",
    )  # fmt: skip
    assert code == 0
    copy = _pdf_text(pdf).split("Pharmacist copy: dispensing summary")[1]
    assert "Plan by" not in copy and f" {getpass.getuser()}\n" not in copy
    _run(capsys, tmp_path / "d", "--protocol", "standard", *START, "--pdf", str(pdf),
         "--pharmacist-copy", "--by", "Dr Who")  # fmt: skip
    assert "Plan by: Dr Who" in _pdf_text(pdf)
