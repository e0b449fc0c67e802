"""Issue 11/13 on the Compounding page with real key and mouse events, and GUI/CLI parity."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt

from tests.e2e.test_cli_compound import run
from tests.ui.test_compounding_page import make_page


def type_into(qtbot: Any, field: Any, text: str) -> None:
    field.editor.selectAll()
    qtbot.keyClicks(field.editor, text)


def background(editor: Any) -> Any:
    """The colour painted inside a line edit (what the user sees, not the palette)."""
    image = editor.grab().toImage()
    return image.pixelColor(image.width() - 4, image.height() // 2).name()


def test_liquid_from_api_powder_shows_the_weighing_without_crashing(
    qtbot: Any, app_context: Any
) -> None:
    page = make_page(qtbot, app_context)
    page.form_tabs.setCurrentIndex(1)
    form = page.liquid_form
    form.source.setCurrentIndex(form.source.findData("api"))
    type_into(qtbot, form.fields["volume"], "50 mL")
    type_into(qtbot, form.fields["assay"], "99%")
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    assert page.results.report is not None
    assert "Weigh 50.5 mg of API powder" in page.results.details.text()


def test_implausible_fill_needs_the_confirm_box(qtbot: Any, app_context: Any) -> None:
    page = make_page(qtbot, app_context)
    fields = page.form.fields
    for key, text in (
        ("strength", "4.5 mg"),
        ("quantity", "30"),
        ("assay", "99.5%"),
        ("fill_weight", "1 g"),
    ):
        type_into(qtbot, fields[key], text)
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    assert page.results.report is None
    assert "packed density" in fields["fill_weight"].error.text()
    qtbot.mouseClick(page.form.confirm_fill, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    assert page.results.report is not None
    assert any("Confirmed" in w for w in page.results.report.warnings)


def test_anhydrous_assay_without_water_is_marked_on_the_water_field(
    qtbot: Any, app_context: Any
) -> None:
    page = make_page(qtbot, app_context)
    fields = page.form.fields
    for key, text in (("strength", "4.5 mg"), ("quantity", "30"), ("assay", "99.2%")):
        type_into(qtbot, fields[key], text)
    page.form.assay_basis.setCurrentIndex(page.form.assay_basis.findData("anhydrous"))
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    assert page.results.report is None
    assert "water" in fields["water"].error.text().lower()


def test_new_batch_clears_the_previous_prescription_people_and_lots(
    qtbot: Any, app_context: Any
) -> None:
    page = make_page(qtbot, app_context)
    assert page.form.fields["overage"].text() == "2"  # from the data / Settings, not 0
    fields = page.form.fields
    for key, text in (
        ("strength", "4.5 mg"),
        ("quantity", "30"),
        ("assay", "99.5%"),
        ("fill_weight", "240 mg"),
    ):
        type_into(qtbot, fields[key], text)
    box = page.record_box
    for editor, text in (
        (box.prescription, "RX-1"),
        (box.prescriber, "Dr A"),
        (box.drug_lot, "L-1"),
    ):
        qtbot.keyClicks(editor, text)
    type_into(qtbot, box.preparer, "AB")
    type_into(qtbot, box.checker, "CD")
    editable_background = background(fields["strength"].editor)
    # until a record is shown the page has no style sheet: with one, Qt polishes and draws every
    # widget of the page through its style-sheet style (~12 ms of the first opening, issue 14)
    assert page.styleSheet() == ""
    shown: list[str] = []
    page.ask_release = lambda draft: shown.append(draft.prescription) or True
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.record is not None and shown == ["RX-1"]
    assert box.prescription.isReadOnly()
    assert background(fields["strength"].editor) != editable_background  # looks read-only
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    assert page.record is None
    for editor in (box.prescription, box.prescriber, box.drug_lot):
        assert editor.text() == ""
    assert box.preparer.text() == "" and box.checker.text() == ""
    assert fields["strength"].text() == "4.5 mg"  # the recipe stays


def test_release_can_be_cancelled_in_the_confirmation(
    qtbot: Any, app_context: Any, store: Any
) -> None:
    page = make_page(qtbot, app_context)
    fields = page.form.fields
    for key, text in (("strength", "3 mg"), ("quantity", "30"), ("assay", "99.5%")):
        type_into(qtbot, fields[key], text)
    type_into(qtbot, page.record_box.preparer, "AB")
    type_into(qtbot, page.record_box.checker, "CD")
    asked: list[str] = []
    page.ask_release = lambda draft: asked.append(draft.title) and False
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert asked == ["Naltrexone HCl 3 mg capsules"]
    assert page.record is None and not store.exists("pharmacy.json")


def test_page_and_cli_give_the_same_report(qtbot: Any, app_context: Any, tmp_path: Path) -> None:
    """GUI/CLI parity: the same prescription gives the same weighings, warnings and BUD text."""
    page = make_page(qtbot, app_context)
    fields = page.form.fields
    for key, text in (
        ("strength", "0.5 mg"),
        ("quantity", "30"),
        ("assay", "99.5%"),
        ("fill_weight", "240 mg"),
    ):
        type_into(qtbot, fields[key], text)
    type_into(qtbot, fields["overage"], "2")
    page.form.date.setDate(page.form.date.date().fromString("2026-03-01", "yyyy-MM-dd"))
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    gui = page.results.report
    assert gui is not None
    args = ["compound", "--strength", "0.5mg", "--quantity", "30", "--extra", "2"]
    args += ["--assay", "99.5%", "--fill-weight", "240mg", "--date", "2026-03-01", "--json"]
    cli = json.loads(run(args, tmp_path / "data").stdout)["report"]
    assert [(w["label"], w["shown"]) for w in cli["weighings"]] == [
        (w.label, w.shown) for w in gui.weighings
    ]
    assert cli["warnings"] == list(gui.warnings)
    assert cli["bud"] == gui.bud.isoformat() and cli["bud_rule"] == gui.bud_rule
    assert cli["steps"] == list(gui.steps)


def test_liquid_page_and_cli_agree_and_the_dose_is_in_ml(
    qtbot: Any, app_context: Any, tmp_path: Path
) -> None:
    page = make_page(qtbot, app_context)
    page.form_tabs.setCurrentIndex(1)
    form = page.liquid_form
    type_into(qtbot, form.fields["concentration"], "3 mg/mL")
    type_into(qtbot, form.fields["volume"], "60 mL")
    type_into(qtbot, form.fields["dose"], "4.5 mg")
    type_into(qtbot, form.fields["days"], "90")
    form.date.setDate(form.date.date().fromString("2026-03-01", "yyyy-MM-dd"))
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    gui = page.results.report
    assert gui is not None and gui.patient_dose == "Dose 4.5 mg = 1.5 mL"
    args = ["liquid", "--concentration", "3mg/mL", "--volume", "60mL", "--dose", "4.5mg"]
    args += ["--days", "90", "--date", "2026-03-01", "--json"]
    cli = json.loads(run(args, tmp_path / "data").stdout)["report"]
    assert cli["warnings"] == list(gui.warnings) and cli["steps"] == list(gui.steps)
    assert [(d["dose"], d["volume"]) for d in cli["doses"]] == [
        (d.dose, d.volume) for d in gui.doses
    ]
    assert cli["bud_rule"] == gui.bud_rule and cli["patient_dose"] == gui.patient_dose


def test_typing_does_not_recalculate_per_keystroke(
    qtbot: Any, app_context: Any, monkeypatch: Any
) -> None:
    page = make_page(qtbot, app_context)
    calls: list[int] = []
    original = page.calculate

    def counting() -> None:
        calls.append(1)
        original()

    monkeypatch.setattr(page, "calculate", counting)
    qtbot.keyClicks(page.form.fields["strength"].editor, "4.5 mg")
    qtbot.keyClicks(page.form.fields["quantity"].editor, "30")
    assert calls == []  # eight keys, no calculation yet: it waits for a pause
    qtbot.waitUntil(lambda: len(calls) == 1, timeout=2000)
    qtbot.wait(400)
    assert len(calls) == 1


def test_the_release_dialog_shows_what_will_be_signed(
    qtbot: Any, app_context: Any, store: Any
) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ldn_desktop.ui.compounding_page import CompoundingPage

    page = make_page(qtbot, app_context)
    page.ask_release = CompoundingPage.ask_release.__get__(page)  # the real dialog
    fields = page.form.fields
    for key, text in (
        ("strength", "3 mg"),
        ("quantity", "30"),
        ("assay", "99.5%"),
        ("fill_weight", "240 mg"),
    ):
        type_into(qtbot, fields[key], text)
    type_into(qtbot, page.record_box.preparer, "AB")
    type_into(qtbot, page.record_box.checker, "CD")
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        seen.append(box.text())
        qtbot.mouseClick(box.button(QMessageBox.StandardButton.Cancel), Qt.MouseButton.LeftButton)

    QTimer.singleShot(100, answer)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(seen), timeout=3000)
    text = seen[0]
    for expected in (
        "Naltrexone HCl 3 mg capsules",
        "Prepared by AB, checked by CD",
        "Weigh 96.5 mg",
        "No component lot",
    ):
        assert expected in text
    assert page.record is None and not store.exists("pharmacy.json")


def test_another_patient_starts_without_the_previous_patients_rx_and_lots(
    qtbot: Any, app_context: Any
) -> None:
    ada = app_context.patients.create("Ada Lovelace")
    bob = app_context.patients.create("Bob Builder")
    app_context.set_current_patient(ada.id)
    page = make_page(qtbot, app_context)
    box = page.record_box
    qtbot.keyClicks(box.prescription, "RX-ADA")
    qtbot.keyClicks(box.drug_lot, "L-9")
    type_into(qtbot, box.preparer, "AB")
    app_context.set_current_patient(bob.id)
    assert box.patient.text() == "Bob Builder"
    assert box.prescription.text() == "" and box.drug_lot.text() == "" and box.preparer.text() == ""


def test_page_label_states_hcl_content_prescriber_address_and_cautions(
    qtbot: Any, app_context: Any, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    settings = app_context.settings()
    settings["pharmacy"] = {
        "name": "Main St Pharmacy",
        "address": "1 Main St, Boston",
        "phone": "555",
    }
    app_context.update_settings(settings)
    page = make_page(qtbot, app_context)
    fields = page.form.fields
    for key, text in (
        ("strength", "4.5 mg"),
        ("quantity", "30"),
        ("assay", "99.5%"),
        ("fill_weight", "240 mg"),
    ):
        type_into(qtbot, fields[key], text)
    page.form.basis.setCurrentIndex(page.form.basis.findData("base"))
    qtbot.keyClicks(page.record_box.prescriber, "Dr Who")
    type_into(qtbot, page.record_box.preparer, "AB")
    type_into(qtbot, page.record_box.checker, "CD")
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.record is not None
    page.ask_save_path = lambda caption, suggested: tmp_path / suggested
    label = page.export_label_pdf()
    assert label is not None
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(label).pages).split())
    for expected in (
        "each capsule contains 4.98 mg naltrexone HCl",
        "Dr Who",
        "1 Main St, Boston",
        "Filled",
        "Keep out of the reach of children",
        page.record.lot,
    ):
        assert expected in text


def test_no_weighing_plan_on_the_page_shows_why_and_cannot_be_saved(
    qtbot: Any, app_context: Any
) -> None:
    page = make_page(qtbot, app_context)
    fields = page.form.fields
    for key, text in (
        ("strength", "0.5 mg"),
        ("quantity", "1"),
        ("overage", "0"),
        ("assay", "99.5%"),
    ):
        type_into(qtbot, fields[key], text)
    type_into(qtbot, fields["fill_weight"], "240 mg")
    page.form.balance.setCurrentIndex(page.form.balance.findData("class-iii"))
    type_into(qtbot, page.record_box.preparer, "AB")
    type_into(qtbot, page.record_box.checker, "CD")
    qtbot.mouseClick(page.calculate_button, Qt.MouseButton.LeftButton)
    text = page.results.warnings.text()
    assert "No weighing plan is possible" in text and "make at least" in text
    assert not page.results.table.isVisibleTo(page)
    assert not page.save_button.isEnabled()
    assert "-" not in page.results.steps.text()
