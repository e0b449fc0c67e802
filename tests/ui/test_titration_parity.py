"""GUI/CLI parity for the titration decisions (issue 11): the same plan typed into the Titration
page and given to ``schedule --json`` gives the same days, the same dispensing (counts, what cannot
be made, the proposal, the wording), the same plan summary and the same missed-dose text."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ldn_desktop.cli import main
from ldn_desktop.core.titration import dispensing_lines, dose_mg, missed_dose_advice
from ldn_desktop.core.titration.export import json_number
from ldn_desktop.ui.titration_page import TitrationPage

START = date(2026, 12, 1)
SUPPLY_INDEX = {30: 0, 60: 1, 90: 2}


@pytest.fixture
def page(qtbot, app_context) -> TitrationPage:
    widget = TitrationPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.set_start_date(START)
    return widget


def _choose_protocol(qtbot, page: TitrationPage, label: str) -> None:
    """Type the protocol's first letters into the focused drop-down (keyboard search)."""
    combo = page.form.protocol
    combo.setFocus()
    qtbot.keyClicks(combo, label)
    assert combo.currentText().startswith(label)


def _type_strengths(qtbot, page: TitrationPage, text: str) -> None:
    editor = page.dispensing.strengths.editor
    editor.setFocus()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, text)


def _supply_days(qtbot, page: TitrationPage, days: int) -> None:
    combo = page.dispensing.supply_choice
    combo.setFocus()
    while combo.currentIndex() > SUPPLY_INDEX[days]:
        qtbot.keyClick(combo, Qt.Key.Key_Up)
    assert combo.currentText() == f"first {days} days"


def _cli_json(capsys, data: Path, *args: str) -> dict:
    assert main(["--data-dir", str(data), "schedule", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize(
    ("label", "key", "strengths", "days"),
    [
        ("Gentle", "gentle", "1.5,3,4.5", 30),
        ("Gentle", "gentle", "1.5,3,4.5", 90),
        ("Weekly", "weekly", "1.5", 60),
        ("Standard", "standard", "1.5,3", 90),
        ("Weekly", "weekly", "1,2", 30),
    ],
)
def test_page_and_cli_give_the_same_days_and_dispensing(
    qtbot, capsys, tmp_path: Path, page: TitrationPage, label, key, strengths, days
) -> None:
    _choose_protocol(qtbot, page, label)
    _type_strengths(qtbot, page, strengths)
    _supply_days(qtbot, page, days)
    shown = page.dispensing.dispensing
    assert shown is not None
    data = _cli_json(
        capsys, tmp_path / "cli", "--protocol", key, "--start", START.isoformat(),
        "--strengths", strengths, "--days", str(days),
    )  # fmt: skip
    page_days = [
        {"date": d.day.isoformat(), "dose_mg": json_number(dose_mg(d.dose))}
        for d in page.days[:days]
    ]
    assert [{k: d[k] for k in ("date", "dose_mg")} for d in data["days"]] == page_days
    assert data["dispense"] == shown.capsules
    assert data["dispensing"]["text"] == list(dispensing_lines(shown))
    assert page.dispensing.result.text().replace("⚠ ", "") == "\n".join(data["dispensing"]["text"])
    assert data["summary"] == page.summary.text()
    assert data["missed_dose"]["text"] in page.missed_dose.text()


def test_page_and_cli_agree_on_a_liquid(qtbot, capsys, tmp_path: Path, page) -> None:
    _choose_protocol(qtbot, page, "Gentle")
    qtbot.mouseClick(page.dispensing.liquid, Qt.MouseButton.LeftButton)
    _supply_days(qtbot, page, 60)
    data = _cli_json(
        capsys, tmp_path / "cli", "--protocol", "gentle", "--start", START.isoformat(),
        "--liquid", "1mg/mL", "--days", "60",
    )  # fmt: skip
    shown = page.dispensing.dispensing
    assert shown is not None and shown.total_volume is not None
    assert data["liquid"]["ml"] == json_number(Decimal(str(shown.total_volume.magnitude))) == 144
    assert data["dispensing"]["text"] == list(dispensing_lines(shown))
    assert "144 mL of a 1 mg/mL oral liquid" in page.dispensing.result.text()
    # 60 days outlasts an aqueous liquid's beyond-use date: both say in how many fills
    fills = "60 days is longer than an oral liquid's beyond-use date (USP <795>)"
    assert any(line.startswith(fills) for line in data["dispensing"]["text"])
    assert fills in page.dispensing.result.text()
    assert [f["fills_at_least"] for f in data["dispensing"]["fills"]] == [5, 2]


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return out.stdout.replace("\xa0", " ")


def test_page_calendar_says_capsules_per_dose_and_continue(
    qtbot, tmp_path: Path, page: TitrationPage, monkeypatch
) -> None:
    """Only 1.5 mg capsules: the printed calendar from the page says 2 × / 3 × 1.5 mg capsules,
    and its last month ends with the continue/refill line."""
    _type_strengths(qtbot, page, "1.5")
    pdf = tmp_path / "c.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda *a: pdf)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    text = _pdf_text(pdf)
    assert text.count("2 × 1.5 mg") == 14 and text.count("3 × 1.5 mg") > 31
    assert "continue 4.5 mg daily at bedtime" in " ".join(text.split())
    assert " ".join(missed_dose_advice().text.split()) in " ".join(text.split())


def test_page_liquid_csv_and_calendar_show_millilitres(
    qtbot, tmp_path: Path, page: TitrationPage, monkeypatch
) -> None:
    qtbot.mouseClick(page.dispensing.liquid, Qt.MouseButton.LeftButton)
    table, pdf = tmp_path / "c.csv", tmp_path / "c.pdf"
    monkeypatch.setattr(
        page, "ask_save_path", lambda caption, *a: table if "CSV" in caption else pdf
    )
    qtbot.mouseClick(page.csv_button, Qt.MouseButton.LeftButton)
    rows = list(csv.DictReader(io.StringIO(table.read_text())))
    assert rows[0]["ml"] == "1.5" and rows[14]["ml"] == "3" and rows[0]["take"] == "1.5 mL"
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    text = _pdf_text(pdf)
    assert text.count("1.5 mL") == 14 and text.count("3 mL") == 14


def test_page_warns_outside_the_usual_dose_range(qtbot, page: TitrationPage) -> None:
    editor = page.form.target.editor
    editor.setFocus()
    qtbot.keyClicks(editor, "0.25")
    assert "below the usual lowest LDN dose of 0.5 mg" in page.status.text()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(editor, "5.5")
    assert "above 5 mg" in page.status.text() and not page.pdf_button.isEnabled()


def test_the_page_suggests_the_prescriber_as_author(
    qtbot, page: TitrationPage, app_context, monkeypatch
) -> None:
    from ldn_desktop.ui.titration.change_dialog import ChangeDialog

    settings = app_context.settings()
    settings["prescriber"]["name"] = "Dr Ada Lovelace"
    app_context.update_settings(settings)
    patient = app_context.patients.create("Jane Example", None).id
    app_context.set_current_patient(patient)
    page.set_patient(patient)
    page.form.override.setText("record of a past plan")
    asked: list[tuple[str, str]] = []
    monkeypatch.setattr(
        ChangeDialog,
        "ask",
        classmethod(lambda cls, parent, summary, by, **k: asked.append((summary, by))),
    )
    page.versions._start_accepted = lambda: True  # type: ignore[method-assign]
    page.save_plan()
    assert asked and asked[0][1] == "Dr Ada Lovelace"
    assert asked[0][0].startswith(page.summary.text())
    assert page.plan_author() == "Dr Ada Lovelace"


def test_the_proposal_is_one_click_away(qtbot, page: TitrationPage) -> None:
    """Weekly with the default strengths: "Add a 1 mg strength" makes every dose; "Use the
    1 mg/mL liquid" switches the form; each gives what the CLI gives for the same choice."""
    _choose_protocol(qtbot, page, "Weekly")
    panel = page.dispensing
    assert panel.add_strength_button.isVisible()
    assert panel.add_strength_button.text() == "Add a 1 mg strength"
    qtbot.mouseClick(panel.add_strength_button, Qt.MouseButton.LeftButton)
    assert panel.strengths.text() == "1.5,3,4.5,1"
    assert panel.dispensing is not None and panel.dispensing.cannot_make == ()
    assert not panel.add_strength_button.isVisible() and not panel.use_liquid_button.isVisible()
    _type_strengths(qtbot, page, "1.5,3,4.5")
    assert panel.use_liquid_button.text() == "Use the 1 mg/mL liquid"
    qtbot.mouseClick(panel.use_liquid_button, Qt.MouseButton.LeftButton)
    assert panel.liquid.isChecked() and panel.dispensing is not None
    assert panel.dispensing.total_volume is not None and not panel.use_liquid_button.isVisible()


def test_printouts_name_the_prescriber_with_credentials_and_the_author_by_name(
    qtbot, tmp_path: Path, page: TitrationPage, app_context, monkeypatch
) -> None:
    """One reading of "who is the prescriber" (core ``default_prescriber``): the page's and the
    CLI's calendars and the washout summary print "Sam Roe, NP"; a plan change is by "Sam Roe"."""
    from ldn_desktop.reports.render_washout import SummaryHeader
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.settings import load_settings, save_settings
    from ldn_desktop.ui.titration.saving import default_author

    settings = app_context.settings()
    settings["prescriber"] = {"name": "Sam Roe", "credentials": "NP", "phone": "555 0100"}
    app_context.update_settings(settings)
    html = page.printing.html()
    assert "Sam Roe, NP" in html and "555&nbsp;0100" in html
    assert default_author(page) == "Sam Roe"
    pdf = tmp_path / "page.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda *a: pdf)
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    text = _pdf_text(pdf)
    assert "555 0100" in text  # the number is never split across lines
    assert "Prescriber: Sam Roe, NP, phone 555 0100" in " ".join(text.split())

    data = tmp_path / "cli"
    store = DataStore.open(data)
    saved = load_settings(store)
    saved["prescriber"] = settings["prescriber"]
    save_settings(store, saved)
    store.close()
    cli_pdf = tmp_path / "cli.pdf"
    args = ["schedule", "--protocol", "standard", "--start", START.isoformat(), "--pdf"]
    assert main(["--data-dir", str(data), *args, str(cli_pdf)]) == 0
    assert "Prescriber: Sam Roe, NP, phone 555 0100" in " ".join(_pdf_text(cli_pdf).split())

    header = SummaryHeader.from_settings(settings, "Jane", "p1", datetime(2026, 12, 1), "2026")
    assert header.prescriber == "Sam Roe, NP"
