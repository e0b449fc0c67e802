"""The Titration page with pytest-qt: protocols, step edits, calendar, saving, printing, hand-off."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import icalendar
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from ldn_desktop.core.titration.schedule import dose_mg
from ldn_desktop.storage.titration import load_versions
from ldn_desktop.storage.washout import save_assessment
from ldn_desktop.ui.titration.change_dialog import ChangeDialog, ChangeNote
from ldn_desktop.ui.titration.start_reason import StartReasonDialog
from ldn_desktop.ui.titration_page import TitrationPage

START = date(2026, 12, 1)


@pytest.fixture
def page(qtbot, app_context) -> TitrationPage:
    widget = TitrationPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    widget.set_start_date(START)
    return widget


@pytest.fixture
def patient(app_context) -> str:
    return app_context.patients.create("Jane Example", None).id


def _choose(page: TitrationPage, key: str) -> None:
    page.form.protocol.setCurrentIndex(page.form.protocol.findData(key))


def _answer(
    monkeypatch, by: str = "Dr A", reason: str = "", start_reason: str | None = "past plan"
) -> list[str]:
    """Answers the save dialogs; ``start_reason`` for the start-reason dialog (None: cancel),
    which a start in the past or without a washout check asks for."""
    asked: list[str] = []
    monkeypatch.setattr(
        StartReasonDialog, "ask", classmethod(lambda cls, parent, decision: start_reason)
    )

    def ask(parent, summary, default_by, *, reason_required):
        asked.append(summary)
        return ChangeNote(by, reason or ("needed" if reason_required else ""))

    monkeypatch.setattr(ChangeDialog, "ask", classmethod(lambda cls, *a, **k: ask(*a, **k)))
    return asked


def test_standard_is_shown_by_default(page: TitrationPage) -> None:
    calendar = page.calendar.calendar
    assert calendar.dose_text(START) == "1.5 mg"
    assert calendar.dose_text(date(2026, 12, 15)) == "3 mg"
    assert calendar.dose_text(date(2026, 12, 29)) == "4.5 mg"
    assert calendar.dose_text(date(2026, 11, 30)) == ""
    assert calendar.is_step_change(date(2026, 12, 15))
    assert "62 × 4.5 mg" in page.dispensing.result.text()
    assert page.can_print()


def test_choosing_a_protocol_changes_the_calendar(page: TitrationPage) -> None:
    _choose(page, "gentle")
    calendar = page.calendar.calendar
    assert page.form.model.rowCount() == 9
    assert calendar.dose_text(START) == "0.5 mg"
    assert calendar.dose_text(date(2026, 12, 8)) == "1 mg"
    result = page.dispensing.result.text()
    assert "⚠ Cannot be made from 1.5 mg, 3 mg and 4.5 mg capsules: 0.5 mg (7 days" in result
    assert "⚠ Add a 0.5 mg strength" in result and "1 mg/mL oral liquid" in result
    assert page.dispensing.send_buttons[0].text() == "Send 7 × 1.5 mg to compounding"
    _choose(page, "weekly")
    assert calendar.dose_text(date(2026, 12, 29)) == "4.5 mg"
    assert calendar.dose_text(date(2026, 12, 22)) == "4 mg"


def test_editing_a_step_in_the_table_recalculates(qtbot, page: TitrationPage) -> None:
    view = page.form.table
    index = page.form.model.index(0, 0)
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    qtbot.mouseDClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.visualRect(index).center()
    )
    editor = view.viewport().findChild(QLineEdit) or view.findChild(QLineEdit)
    assert editor is not None and editor.text() == "1.5"
    editor.selectAll()
    qtbot.keyClicks(editor, "1")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next event loop turn
    qtbot.waitUntil(lambda: page.calendar.calendar.dose_text(START) == "1 mg")
    assert page.form.protocol_key() == "custom"
    days = page.form.model.index(1, 1)
    assert page.form.model.setData(days, "7")
    assert page.calendar.calendar.dose_text(date(2026, 12, 22)) == "4.5 mg"
    assert page.calendar.calendar.dose_text(date(2026, 12, 21)) == "3 mg"
    assert page.form.model.data(page.form.model.index(1, 3)) == "21 Dec 2026"


def test_a_bad_step_is_refused_next_to_the_table(page: TitrationPage) -> None:
    model = page.form.model
    assert not model.setData(model.index(0, 0), "9 mg")
    assert "above 5 mg" in page.form.steps_error.text()
    assert not model.setData(model.index(0, 1), "")
    assert "only the last step" in page.form.steps_error.text()
    assert page.calendar.calendar.dose_text(START) == "1.5 mg"


def test_add_and_remove_steps(page: TitrationPage) -> None:
    model = page.form.model
    model.append_step()
    assert model.rowCount() == 4 and model.steps()[2].days == 7
    assert page.calendar.calendar.dose_text(date(2027, 1, 5)) == "4.5 mg"
    page.form.table.selectRow(0)
    page.form.remove_step.click()
    assert model.rowCount() == 3
    assert page.calendar.calendar.dose_text(START) == "3 mg"


def test_target_below_4_5_mg_and_bad_target(page: TitrationPage) -> None:
    page.form.target.set_text("3 mg")
    assert page.form.model.rowCount() == 2
    assert page.calendar.calendar.dose_text(date(2027, 1, 20)) == "3 mg"
    page.form.target.set_text("abc")
    assert "not a quantity" in page.status.text()
    assert not page.can_print() and not page.pdf_button.isEnabled()
    assert page.calendar.calendar.dose_text(START) == ""
    page.form.target.set_text("4.8")
    assert page.can_print()
    assert "above the usual LDN maximum of 4.5 mg" in page.status.text()


def test_print_to_pdf_from_the_page(page: TitrationPage, tmp_path: Path, monkeypatch) -> None:
    from pypdf import PdfReader

    target = tmp_path / "calendar.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda *a: target)
    page.export_pdf()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(str(target)).pages]
    assert len(pages) == 3
    assert "December 2026" in pages[0] and "February 2027" in pages[2]
    page.pharmacist_copy.setChecked(True)
    page.months.setValue(2)
    page.export_pdf()
    pages = [" ".join(p.extract_text().split()) for p in PdfReader(str(target)).pages]
    assert len(pages) == 3 and "dispensing summary" in pages[-1]


def test_export_ics_and_csv(page: TitrationPage, tmp_path: Path, monkeypatch) -> None:
    ics, table = tmp_path / "c.ics", tmp_path / "c.csv"
    monkeypatch.setattr(
        page, "ask_save_path", lambda caption, *a: ics if "iCal" in caption else table
    )
    page.reminders.setChecked(True)
    page.ics_button.click()
    events = list(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    changes = sorted(e.decoded("DTSTART") for e in events if "RRULE" not in e)
    assert changes == [START, date(2026, 12, 15), date(2026, 12, 29)]
    page.csv_button.click()
    assert (
        table.read_text()
        .splitlines()[1]
        .startswith("2026-12-01,1,1.5,1.5 mg,bedtime,yes,1 × 1.5 mg capsule,1,0,0")
    )


def test_send_to_compounding_emits_strength_and_count(qtbot, page: TitrationPage) -> None:
    buttons = page.dispensing.send_buttons
    assert [b.text() for b in buttons] == [
        "Send 14 × 1.5 mg to compounding",
        "Send 14 × 3 mg to compounding",
        "Send 62 × 4.5 mg to compounding",
    ]
    with qtbot.waitSignal(page.compounding_requested) as blocker:
        buttons[2].click()
    strength, count = blocker.args
    assert str(dose_mg(strength)) == "4.5" and str(strength.units) == "milligram"
    assert count == 62


def test_dispensing_window_and_liquid(page: TitrationPage) -> None:
    panel = page.dispensing
    panel.supply_choice.setCurrentIndex(0)
    assert "14 × 1.5 mg capsules\n14 × 3 mg capsules\n2 × 4.5 mg capsules\nTotal 30 capsules" in (
        panel.result.text()
    )
    panel.strengths.set_text("1.5")
    assert "48 × 1.5 mg capsules" in panel.result.text()
    panel.liquid.setChecked(True)
    assert "72 mL of a 1 mg/mL oral liquid" in panel.result.text()


def test_save_and_change_make_versions(page, patient, app_context, monkeypatch) -> None:
    asked = _answer(monkeypatch)
    app_context.set_current_patient(patient)
    page.set_start_date(START)
    assert page.save_button.isEnabled()
    page.save_button.click()
    assert len(load_versions(app_context.store, patient)) == 1
    page.changes.set_day(date(2026, 12, 15))
    page.changes.hold_days.setValue(7)
    page.changes.hold_button.click()
    versions = load_versions(app_context.store, patient)
    assert [v.change.kind for v in versions] == ["new", "hold"]
    assert versions[1].reason == "needed" and asked[-1].startswith("Hold 3 mg 7 more days")
    assert page.calendar.calendar.dose_text(date(2027, 1, 4)) == "3 mg"
    assert page.history.table.rowCount() == 2
    assert page.history.detail.text().startswith("<b>Version 2</b>")
    page.changes.morning_button.click()
    assert load_versions(app_context.store, patient)[-1].change.kind == "dose_time"
    page.set_patient(None)
    page.set_patient(patient)  # reloads the saved plan
    assert page.calendar.calendar.dose_text(date(2027, 1, 4)) == "3 mg"
    assert "Dose in the morning" not in page.history.detail.text()
    assert "in the morning" in page.history.detail.text()


def test_cancelled_change_is_undone(page, patient, app_context, monkeypatch) -> None:
    _answer(monkeypatch)
    app_context.set_current_patient(patient)
    page.set_start_date(START)
    page.save_button.click()
    monkeypatch.setattr(ChangeDialog, "ask", classmethod(lambda cls, *a, **k: None))
    page.changes.set_day(date(2026, 12, 20))
    page.changes.back_button.click()
    assert page.calendar.calendar.dose_text(date(2026, 12, 20)) == "3 mg"
    assert len(load_versions(app_context.store, patient)) == 1


def test_step_back_without_a_patient_changes_the_screen_only(page: TitrationPage) -> None:
    page.changes.set_day(date(2026, 12, 20))
    page.changes.back_button.click()
    assert page.calendar.calendar.dose_text(date(2026, 12, 20)) == "1.5 mg"
    assert "Step back from 3 mg to 1.5 mg" in page.status.text()
    page.changes.set_day(date(2026, 12, 2))
    page.changes.back_button.click()
    assert "no lower earlier dose" in page.status.text()


def test_start_before_the_washout_needs_a_reason(page, patient, app_context, monkeypatch) -> None:
    _answer(monkeypatch, start_reason=None)
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
    save_assessment(app_context.store, patient, inputs, result, datetime(2026, 11, 20, tzinfo=UTC))
    app_context.set_current_patient(patient)
    # the washout's earliest start, or today once that has passed (never in the past)
    assert page.form.start_date() == max(date(2026, 12, 5), date.today())
    page.set_start_date(START)
    assert "before the washout's earliest start (5 Dec 2026)" in page.form.washout_note.text()
    page.save_button.click()
    assert "before the washout's earliest start" in page.form.start_error.text()
    assert load_versions(app_context.store, patient) == ()
    page.form.override.setText("opioid stopped 3 weeks ago; confirmed by phone")
    page.save_button.click()
    saved = load_versions(app_context.store, patient)
    assert saved[0].plan.start == START
    assert saved[0].plan.start_override_reason.startswith("opioid stopped")


def test_compounding_page_is_filled_from_the_main_window(qtbot, main_window) -> None:
    """Send to compounding reaches CompoundingPage.prefill through the main window's wiring."""
    titration = main_window.titration_page
    compounding = main_window.compounding_page
    titration.set_start_date(START)
    titration.dispensing.send_buttons[2].click()  # 62 × 4.5 mg
    assert main_window.current_page() is compounding
    assert compounding.form.fields["strength"].text() == "4.5 mg"
    assert compounding.form.fields["quantity"].text() == "62"


def test_saving_an_unchanged_plan_adds_no_version(page, patient, app_context, monkeypatch) -> None:
    asked = _answer(monkeypatch)
    app_context.set_current_patient(patient)
    page.set_start_date(START)
    page.save_button.click()
    assert asked == [
        "Standard plan from 1 Dec 2026 at bedtime: 1.5 mg for 14 days, 3 mg for 14 days, then 4.5 mg; start reason: past plan"
    ]
    page.save_button.click()
    assert page.status.text() == "No changes since version 1."
    assert len(load_versions(app_context.store, patient)) == 1


def test_a_new_washout_updates_the_earliest_start(page, patient, app_context) -> None:
    app_context.set_current_patient(patient)
    assert "no washout check is saved" in page.form.washout_note.text()
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
        "earliest_start": "2026-12-08T00:00:00+00:00",
        "recommended_start": None,
        "drugs": [],
        "interactions": [],
        "notes": [],
    }
    save_assessment(app_context.store, patient, inputs, result, datetime(2026, 11, 20, tzinfo=UTC))
    app_context.data_changed.emit(f"washout:{patient}")
    assert "(8 Dec 2026)" in page.form.washout_note.text()


def test_print_preview_shows_the_calendar(page, patient, app_context, monkeypatch) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "ldn_desktop.reports.printing.preview", lambda parent, html, **kw: shown.append(html) or 0
    )
    app_context.set_current_patient(patient)
    page.set_start_date(START)
    page.print_preview()
    assert len(shown) == 1
    assert "Jane Example" in shown[0] and "December" in shown[0] and "February" in shown[0]
    assert shown[0].count("page-break-before") == 2


def test_a_step_can_end_on_a_date(page: TitrationPage) -> None:
    model = page.form.model
    assert model.data(model.index(2, 3), Qt.ItemDataRole.EditRole) == ""
    assert model.setData(model.index(2, 3), "2027-01-31")
    assert page.form.model.steps()[2].days == 34
    assert page.calendar.calendar.dose_text(date(2027, 1, 31)) == "4.5 mg"
    assert page.calendar.calendar.dose_text(date(2027, 2, 1)) == ""
    assert not model.setData(model.index(1, 3), "2026-12-01")
    assert "cannot end before it starts" in page.form.steps_error.text()
    assert model.setData(model.index(2, 3), "")
    assert page.calendar.calendar.dose_text(date(2027, 2, 1)) == "4.5 mg"


def test_undo_and_redo_plan_edits(page: TitrationPage) -> None:
    stack = page.undo_stack
    page.form_history.reset()
    _choose(page, "gentle")
    page.form.model.setData(page.form.model.index(0, 0), "0.25")
    page.form.target.set_text("2")
    page.form.target.set_text("2.5")  # typing merges into one step
    assert page.form.protocol_key() == "custom"  # an edited step makes the plan custom
    assert page.calendar.calendar.dose_text(START) == "0.25 mg"
    assert stack.count() == 3
    stack.undo()
    assert page.form.target.text() == ""
    assert page.calendar.calendar.dose_text(START) == "0.25 mg"
    stack.undo()
    assert page.calendar.calendar.dose_text(START) == "0.5 mg"
    stack.undo()
    assert page.calendar.calendar.dose_text(START) == "1.5 mg"
    assert page.form.protocol_key() == "standard"
    stack.redo()
    assert page.form.protocol_key() == "gentle" and page.form.model.rowCount() == 9


def test_a_plan_from_a_newer_version_is_never_overwritten(
    page, patient, app_context, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(
        "ldn_desktop.ui.messages.show_error", lambda parent, error, *a: shown.append(str(error))
    )
    path = app_context.store.path(f"patients/{patient}/titration.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('{"format": "ldn-desktop/titration", "version": 99, "versions": []}')
    app_context.set_current_patient(patient)
    assert shown and "newer version" in shown[0]
    assert not page.save_button.isEnabled()
    assert page.calendar.calendar.dose_text(page.form.start_date()) == "1.5 mg"  # still usable
    page.changes.set_day(page.form.start_date())
    page.changes.morning_button.click()  # on screen only
    assert 'version": 99' in path.read_text()


def test_pharmacist_copy_with_invalid_strengths_is_never_silently_left_out(
    page: TitrationPage, tmp_path: Path, monkeypatch, qtbot
) -> None:
    """Ticked 'Pharmacist copy' + strengths that cannot be read: the export says why and writes
    nothing, instead of a calendar without the copy the prescriber asked for."""
    from ldn_desktop.ui import messages

    told: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _parent, text, *_a: told.append(str(text)))
    target = tmp_path / "calendar.pdf"
    monkeypatch.setattr(page, "ask_save_path", lambda *a: target)
    page.pharmacist_copy.setChecked(True)
    editor = page.dispensing.strengths.editor
    editor.setFocus()
    editor.selectAll()
    qtbot.keyClicks(editor, "1.5; banana")
    qtbot.wait(400)  # the dispensing recalculates after a pause in typing
    assert page.dispensing.dispensing is None
    assert page.export_pdf() is None
    assert not target.exists()
    assert told and "Pharmacist copy" in told[0]


def test_the_calendar_legend_says_what_to_take_as_the_printout_does(page: TitrationPage) -> None:
    """The on-screen calendar tells the prescriber what each dose is in capsules or mL, in the
    printed calendar's words, and follows the dispensing panel's strengths and liquid."""
    legend = page.calendar.legend
    mg = {str(k): v for k, v in legend.take_lines.items()}
    assert mg == {
        "1.5": "1 × 1.5 mg capsule",
        "3": "1 × 3 mg capsule",
        "4.5": "1 × 4.5 mg capsule",
    }
    text = legend.text().replace("&nbsp;", " ")
    assert "4.5 mg </span>: 1 × 4.5 mg capsule" in text
    printed = page.printing.html().replace("&nbsp;", " ")
    for words in mg.values():
        assert words in printed  # the same words in the printed cells

    page.dispensing.strengths.set_text("1.5")
    assert {str(k): v for k, v in legend.take_lines.items()} == {
        "1.5": "1 × 1.5 mg capsule",
        "3": "2 × 1.5 mg capsules",
        "4.5": "3 × 1.5 mg capsules",
    }
    page.dispensing.strengths.set_text("3")
    assert legend.take_lines[Decimal("1.5")] == "⚠ cannot be made from these capsules"
    assert "cannot be made from these capsules" in legend.text()

    page.dispensing.liquid.setChecked(True)
    assert {str(k): v for k, v in legend.take_lines.items()} == {
        "1.5": "1.5 mL",
        "3": "3 mL",
        "4.5": "4.5 mL",
    }
    page.dispensing.concentration.set_text("banana")  # no dispensing: the doses alone
    assert page.dispensing.dispensing is None
    assert legend.take_lines == {}
    assert "mL" not in legend.text()


def test_a_step_end_is_edited_as_it_is_shown(page: TitrationPage) -> None:
    """The To column shows 21 Dec 2026: the editor opens on that text and reads it back, and
    every way a date field reads a date works here too (core.dates.parse_day)."""
    model = page.form.model
    shown = model.data(model.index(1, 3))
    assert model.data(model.index(1, 3), Qt.ItemDataRole.EditRole) == shown
    assert model.setData(model.index(1, 3), shown)
    assert model.data(model.index(1, 3)) == shown
    for typed in ("31 Jan 2027", "January 31, 2027", "2027-01-31"):
        assert model.setData(model.index(2, 3), typed), page.form.steps_error.text()
        assert page.form.model.steps()[2].days == 34
    assert not model.setData(model.index(2, 3), "31 Jnx 2027")
    assert "To: '31 Jnx 2027' is not a date; type it as" in page.form.steps_error.text()
