"""The Washout page with pytest-qt: typing medications, the live result, hand-off, saving, print."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from ldn_desktop.core.washout.model import UrineScreen
from ldn_desktop.storage.washout import list_assessments
from ldn_desktop.ui.washout_page import WashoutPage
from ldn_desktop.ui.widgets import without_completion


@pytest.fixture
def page(qtbot, app_context):  # type: ignore[no-untyped-def]
    widget = WashoutPage(app_context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _type(qtbot, editor, text: str) -> None:  # type: ignore[no-untyped-def]
    """Types like a user; the completion popup is left out (the offscreen platform cannot show
    popups without warnings; completion itself is tested on its model)."""
    without_completion(editor)
    editor.clear()
    qtbot.keyClicks(editor, text)
    page = editor
    while page is not None and not isinstance(page, WashoutPage):
        page = page.parentWidget()
    page.flush()  # the check is debounced while typing; run it now


def _enter_three(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    first = page.meds.rows[0]
    _type(qtbot, first.name_edit, "OxyContin 20 mg")
    _type(qtbot, first.when.editor, "2026-02-01 08:00")
    second = page.meds.add_row()
    _type(qtbot, second.name_edit, "Percocet 5/325")
    _type(qtbot, second.when.editor, "2026-02-03")
    third = page.meds.add_row()
    _type(qtbot, third.name_edit, "Imodium")
    _type(qtbot, page.start.editor, "2026-02-08")


def test_three_medications_give_status_and_date(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    _enter_three(qtbot, page)
    assert page.result is not None
    assert "Not clear" in page.result_view.status.text()
    assert "✖" in page.result_view.status.text()  # a symbol, not colour alone
    assert page.result_view.icon.pixmap() is not None
    assert "Earliest start: 11 Feb 2026 08:00" in page.result_view.dates.text()
    assert "Recommended start: 15 Feb 2026 08:00" in page.result_view.dates.text()
    assert page.result_view.headline.text() == (
        "Earliest start 11 Feb 2026 08:00 · recommended 15 Feb 2026 08:00"
    )
    assert len(page.result_view.cards) == 3
    assert "Imodium" in page.result_view.cards[2].title.text()
    assert "Opioid-containing products" in page.result_view.interactions.text()


def test_result_follows_typing(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    _enter_three(qtbot, page)
    _type(qtbot, page.start.editor, "2026-02-12")
    assert page.result is not None and page.result.status.value == "CLEAR_WITH_FLAG"
    assert "Minimum interval met" in page.result_view.status.text()


def test_use_as_titration_start_emits_the_date(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    _enter_three(qtbot, page)
    assert not page.use_button.isEnabled()  # NOT_CLEAR: the start is blocked
    _type(qtbot, page.start.editor, "2026-02-12")
    assert page.use_button.isEnabled()
    with qtbot.waitSignal(page.start_date_chosen, timeout=1000) as signal:
        qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    assert signal.args == [date.today()]  # a check from February: the start is never in the past


def test_unknown_name_offers_clickable_suggestions(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    row = page.meds.rows[0]
    _type(qtbot, row.name_edit, "oxycodon")
    _type(qtbot, row.when.editor, "2026-01-01")
    _type(qtbot, page.start.editor, "2026-03-01")
    assert page.result is not None and page.result.status.value == "UNKNOWN_VERIFY"
    assert not page.use_button.isEnabled()
    buttons = page.result_view.cards[0].suggestion_buttons
    chosen = next(b for b in buttons if b.text() == "oxycodone")
    qtbot.mouseClick(chosen, Qt.MouseButton.LeftButton)
    assert row.name_edit.text() == "oxycodone"
    assert page.result.status.value == "CLEAR"


def test_bad_date_is_shown_next_to_the_field(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    row = page.meds.rows[0]
    _type(qtbot, row.name_edit, "Percocet")
    _type(qtbot, row.when.editor, "2026-02-30")
    assert page.result is None
    assert row.when.error.isVisible() and "not a real date" in row.when.error.text()
    assert "No result" in page.result_view.headline.text()
    assert not page.use_button.isEnabled() and not page.can_print()


def test_no_date_handed_over_while_something_blocks_it(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    _enter_three(qtbot, page)
    assert not page.use_button.isEnabled()  # NOT_CLEAR blocks the start
    _type(qtbot, page.start.editor, "2026-02-20")
    assert page.result is not None and page.result.status.value == "CLEAR_WITH_FLAG"
    page.screening.uds.setCurrentIndex(page.screening.uds.findData(UrineScreen.POSITIVE.value))
    page.flush()
    assert page.result is not None and page.result.status.value == "NOT_CLEAR"
    assert "Positive urine opioid screen" in page.result_view.reason.text()
    assert not page.use_button.isEnabled() and page.start_date() is None
    page.screening.uds.setCurrentIndex(0)
    page.flush()
    assert page.use_button.isEnabled()
    still = page.meds.add_row()
    _type(qtbot, still.name_edit, "tramadol")
    still.timing_box.setCurrentIndex(still.timing_box.findData("current"))
    page.flush()
    assert not page.use_button.isEnabled()
    _type(qtbot, still.name_edit, "zorbitol")  # unknown, and overall NOT_CLEAR from OxyContin
    _type(qtbot, page.start.editor, "2026-02-08")
    assert page.result is not None and page.result.status.value == "NOT_CLEAR"
    assert not page.use_button.isEnabled()


def test_patch_still_on(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    row = page.meds.rows[0]
    _type(qtbot, row.name_edit, "Duragesic")
    row.timing_box.setCurrentIndex(row.timing_box.findData("patch_on"))
    page.flush()
    assert not row.when.editor.isEnabled()
    assert page.result is not None and page.result.status.value == "NOT_CLEAR"
    assert "stop + 10 days" in page.result_view.cards[0].reason.text()
    assert not page.use_button.isEnabled()


def test_completion_covers_brands(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    """Every name of the opioid table, brands too; the table is loaded when the name field is
    first used, not when the page (the first one shown) opens."""
    editor = page.meds.rows[0].name_edit
    assert editor.completer() is None and "tables" not in vars(page)
    editor.setFocus()
    qtbot.waitUntil(lambda: editor.completer() is not None, timeout=2000)
    completer = editor.completer()
    model = completer.model()
    names = {model.index(i, 0).data() for i in range(model.rowCount())}
    assert {"OxyContin", "Robitussin AC", "Sublocade", "tramadol"} <= names
    completer.setCompletionPrefix("robitussin")
    found = completer.completionModel()
    offered = {found.index(i, 0).data() for i in range(found.rowCount())}
    assert offered == {"Robitussin AC", "Robitussin DM"}


def test_saved_assessments_are_listed_and_viewable(qtbot, app_context) -> None:  # type: ignore[no-untyped-def]
    patient = app_context.patients.create("Ann Lee", None)
    app_context.set_current_patient(patient.id)
    page = WashoutPage(app_context)
    qtbot.addWidget(page)
    _enter_three(qtbot, page)
    assert page.save_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    _type(qtbot, page.start.editor, "2026-02-20")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    saved = list_assessments(app_context.store, patient.id)
    assert [s.status for s in saved] == ["NOT_CLEAR", "CLEAR_WITH_FLAG"]
    assert page.history.list.count() == 2
    assert "CLEAR_WITH_FLAG" in page.history.list.item(0).text()  # newest first
    page.history.list.setCurrentRow(1)
    qtbot.mouseClick(page.history.open_button, Qt.MouseButton.LeftButton)
    assert page.start.text() == "8 Feb 2026"  # shown in the people date style
    assert page.result is not None and page.result.status.value == "NOT_CLEAR"
    again = WashoutPage(app_context)  # a new page shows the latest saved check
    qtbot.addWidget(again)
    assert again.start.text() == "20 Feb 2026" and len(again.meds.rows) == 3
    assert again.meds.rows[0].when.text() == "1 Feb 2026 08:00"  # not "2026-02-01T08:00"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_summary_pdf(qtbot, page: WashoutPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _enter_three(qtbot, page)
    assert page.can_print()
    pdf = page.write_pdf(tmp_path / "summary.pdf")
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "OxyContin 20 mg" in text and "11 Feb 2026 08:00" in text  # one date style for people


def test_main_window_hands_the_date_to_titration(qtbot, main_window) -> None:  # type: ignore[no-untyped-def]
    """ "Use as titration start" sets the Titration page's start date (wired by the main window)."""
    page = main_window.washout_page
    _enter_three(qtbot, page)
    _type(qtbot, page.start.editor, "2026-02-12")
    qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    assert main_window.titration_page.form.start_date() == date.today()


def test_time_zone_completion_arrives_with_the_focus(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    """The zone list (hundreds of names) is loaded when the field is first used, not at start."""
    editor = page.tz.editor
    assert editor.completer() is None
    editor.setFocus()
    qtbot.waitUntil(lambda: editor.completer() is not None, timeout=2000)
    assert editor.completer().model().rowCount() > 300


def test_a_whole_date_and_time_fits_the_last_dose_field(page: WashoutPage) -> None:
    """At 1024 px "29 Nov 2026 22:00" was cut to "ov 2026 22:00" in the row."""
    editor = page.meds.rows[0].when.editor
    assert editor.width() >= editor.fontMetrics().horizontalAdvance("29 Nov 2026 22:00")


def test_a_reused_row_keeps_no_old_message(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    """Rows are reused when a patient or a saved assessment is shown: a message about a date
    typed before must not stay under the emptied field."""
    row = page.meds.rows[0]
    row.name_edit.setText("morphine")
    row.when.editor.setText("31 Feb 2026")
    page.flush()
    assert row.when.error.isVisibleTo(page)
    page.set_patient(None)
    assert page.meds.rows[0] is row and row.name_edit.text() == ""
    assert not row.when.error.isVisibleTo(page)


def test_a_last_dose_still_to_come_reads_the_same_on_the_page_and_in_the_cli(
    qtbot, page: WashoutPage, capsys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """A last dose after the moment of the check (a planned stop): both front ends ask the core,
    which reads the clock once per check; same status, dates, flag and headline."""
    import json
    from datetime import timedelta

    from ldn_desktop.cli import main
    from ldn_desktop.core.washout import result_to_json

    stop = date.today() + timedelta(days=2)
    start = date.today() + timedelta(days=20)
    row = page.meds.rows[0]
    _type(qtbot, row.name_edit, "oxycodone IR")
    _type(qtbot, row.when.editor, f"{stop.isoformat()} 22:00")
    _type(qtbot, page.start.editor, start.isoformat())
    assert page.result is not None
    shown = result_to_json(page.result)
    code = main(
        [
            *("--data-dir", str(tmp_path / "cli"), "washout"),
            *("--med", f"oxycodone IR;last={stop.isoformat()}T22:00"),
            *("--start", start.isoformat(), "--json"),
        ]
    )
    printed = json.loads(capsys.readouterr().out)
    assert code == 0
    for result in (shown, printed):
        (drug,) = result["drugs"]
        assert drug["after_check"] is True and "still being taken" in drug["reason"]
    keys = ("status", "earliest_start", "recommended_start", "planned_start")
    assert [shown[k] for k in keys] == [printed[k] for k in keys] and shown["status"] == "CLEAR"
    assert page.result_view.headline.text().endswith(
        "(only once the last dose entered has been taken)"
    )
    assert "still being taken" in page.result_view.cards[0].reason.text()
    assert page.result_view.cards[0].title.text().endswith("entered has been taken)")


def test_a_time_on_a_clock_change_day_reads_the_same_on_the_page_and_in_the_cli(
    qtbot, page: WashoutPage, capsys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """02:30 does not exist on 8 Mar 2026 in New York: both front ends show the clock's reading
    and the note saying how the typed time was read (core/washout/times.py)."""
    import json

    from ldn_desktop.cli import main
    from ldn_desktop.core.washout import result_to_json

    row = page.meds.rows[0]
    _type(qtbot, row.name_edit, "oxycodone IR")
    _type(qtbot, row.when.editor, "2026-03-01 08:00")
    _type(qtbot, page.start.editor, "2026-03-08 02:30")
    _type(qtbot, page.tz.editor, "America/New_York")
    assert page.result is not None
    shown = result_to_json(page.result)
    code = main(
        [
            *("--data-dir", str(tmp_path / "cli"), "washout"),
            *("--med", "oxycodone IR;last=2026-03-01T08:00", "--tz", "America/New_York"),
            *("--start", "2026-03-08T02:30", "--json"),
        ]
    )
    printed = json.loads(capsys.readouterr().out)
    assert code == 0
    assert shown == printed
    assert printed["planned_start"] == "2026-03-08T01:30:00-05:00"
    note = "02:30 on 8 Mar 2026 does not exist in America/New_York"
    assert any(n.startswith(note) for n in printed["notes"])
    assert note in page.result_view.notes.text()
    assert "8 Mar 2026 01:30 EST" in page.result_view.notes.text()


def test_a_stop_still_to_come_is_rechecked_once_its_moment_has_passed(
    qtbot, page: WashoutPage, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The page left open past the last dose entered: while a result flags a stop still to come,
    the page looks at the clock each minute and re-checks once that moment has passed, so the
    flag and its "(only once … has been taken)" go without any edit."""
    from datetime import UTC, datetime

    from ldn_desktop.core.washout import check as check_module

    clock = {"now": datetime(2026, 12, 3, 10, 0, tzinfo=UTC)}

    class Clock(datetime):
        @classmethod
        def now(cls, tz=None):  # type: ignore[no-untyped-def, override]
            return clock["now"] if tz is not None else clock["now"].replace(tzinfo=None)

    monkeypatch.setattr(check_module, "datetime", Clock)
    row = page.meds.rows[0]
    _type(qtbot, row.name_edit, "oxycodone IR")
    _type(qtbot, row.when.editor, "2026-12-03 12:00")
    _type(qtbot, page.start.editor, "2026-12-20")
    _type(qtbot, page.tz.editor, "UTC")
    assert page.result is not None and page.result.drugs[0].after_check
    assert page.result_view.headline.text().endswith("has been taken)")
    assert page.clock.isActive()
    before = page.result
    clock["now"] = datetime(2026, 12, 3, 11, 59, tzinfo=UTC)
    page.clock.timeout.emit()
    assert page.result is before  # nothing changed: the result stays as it is
    clock["now"] = datetime(2026, 12, 3, 12, 1, tzinfo=UTC)
    page.clock.timeout.emit()
    assert not page.result.drugs[0].after_check
    assert not page.result_view.headline.text().endswith("has been taken)")
    assert "still being taken" not in page.result_view.cards[0].reason.text()
    assert (page.result.status, page.result.earliest_start) == (
        before.status,
        before.earliest_start,
    )
