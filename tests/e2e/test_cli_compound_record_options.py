"""``compound``/``liquid`` never silently drop what was typed (issue 11's class of defect: options
ignored without a word), and a year-9999 compounding date is one line, not a traceback (issue 12
item 15)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from ldn_desktop.cli import main

CAPSULES = ["compound", "--strength", "1.5mg", "--quantity", "30", "--source", "api",
            "--assay", "99.5%", "--method", "measured", "--fill-weight", "240mg"]  # fmt: skip
LIQUID = ["liquid", "--concentration", "1mg/mL", "--volume", "50mL", "--source", "tablets",
          "--tablet-strength", "50mg"]  # fmt: skip


def _run(capsys: pytest.CaptureFixture[str], tmp_path: Path, *args: str) -> tuple[int, str]:
    code = main(["--data-dir", str(tmp_path / "d"), *args])
    out, err = capsys.readouterr()
    return code, out + err


@pytest.mark.parametrize("base", [CAPSULES, LIQUID], ids=["compound", "liquid"])
@pytest.mark.parametrize(
    "option", ["--prescriber", "--patient-name", "--rx", "--preparer", "--checker", "--api-lot"]
)
def test_record_details_without_save_are_refused_not_dropped(
    capsys, tmp_path: Path, base: list[str], option: str
) -> None:
    code, text = _run(capsys, tmp_path, *base, option, "Dr A. Smith")
    assert code == 2, text
    assert option in text and "--save" in text
    assert not (tmp_path / "d" / "pharmacy.json").exists()


@pytest.mark.parametrize("base", [CAPSULES, LIQUID], ids=["compound", "liquid"])
@pytest.mark.parametrize("day", ["9999-12-31", "1899-01-01"])
def test_an_impossible_compounding_date_is_one_line(
    capsys, tmp_path: Path, base: list[str], day: str
) -> None:
    code, text = _run(capsys, tmp_path, *base, "--date", day)
    assert code == 2, text
    assert "Traceback" not in text and len(text.strip().splitlines()) == 1
    assert "date" in text.lower()


@pytest.mark.parametrize("base", [CAPSULES, LIQUID], ids=["compound", "liquid"])
def test_a_record_dated_after_today_is_not_released(
    capsys, tmp_path: Path, base: list[str]
) -> None:
    """The BUD counts from the compounding date: a year typed ahead would label it a year late.
    Calculating such a batch (planning) is allowed; releasing it is refused, nothing saved."""
    from datetime import date, timedelta

    ahead = (date.today() + timedelta(days=365)).isoformat()
    code, text = _run(capsys, tmp_path, *base, "--date", ahead)
    assert code == 0, text
    people = ["--preparer", "AB", "--checker", "CD"]
    code, text = _run(capsys, tmp_path, *base, "--date", ahead, "--save", *people)
    assert code == 2, text
    assert "is after today" in text and "check the date" in text
    assert not (tmp_path / "d" / "pharmacy.json").exists()
    today = date.today().isoformat()
    code, text = _run(capsys, tmp_path, *base, "--date", today, "--save", *people)
    assert code == 0, text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_a_batch_past_its_bud_is_recorded_with_a_warning_and_its_label_says_so(
    qapp, capsys, tmp_path: Path
) -> None:  # qapp: the PDF needs one, made as the other tests expect (a QApplication)
    from datetime import date, timedelta

    old = (date.today() - timedelta(days=400)).isoformat()
    label = tmp_path / "label.pdf"
    people = ["--preparer", "AB", "--checker", "CD"]
    code, text = _run(
        capsys, tmp_path, *CAPSULES, "--date", old, "--save", *people, "--label-pdf", str(label)
    )
    assert code == 0, text
    assert "had passed when this record was released" in text and "do not dispense" in text
    printed = subprocess.run(
        ["pdftotext", str(label), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "BUD PASSED" in printed and "DO NOT DISPENSE" in printed
