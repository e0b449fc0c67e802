"""The Washout page as typed by a user (issue 13): no dropped letters, an empty page that says
what to enter, a headline with the dates first, and the same answers as the CLI."""

from __future__ import annotations

import json
import statistics
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from ldn_desktop.cli import main
from ldn_desktop.ui.washout_page import RECALCULATE_DELAY_MS, WashoutPage


@pytest.fixture
def page(qtbot, app_context):  # type: ignore[no-untyped-def]
    widget = WashoutPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1100, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _settle(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not page.pending.isActive(), timeout=2000)


# the completion popup opens on the offscreen platform, which cannot raise it or grab the keyboard
@pytest.mark.qt_log_ignore("This plugin does not support")
def test_typing_methadone_fast_keeps_every_letter(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    """Real key events at ~25 keys/s, completion on: no letter is lost, no check runs per key."""
    editor = page.meds.rows[0].name_edit
    editor.setFocus()
    qtbot.waitUntil(lambda: editor.completer() is not None, timeout=2000)  # on first focus
    checks = []
    page.result_view.show_result = lambda result: checks.append(result)  # type: ignore[method-assign]
    costs = []
    for letter in "methadone":
        started = time.perf_counter()
        qtbot.keyClick(editor, letter)
        costs.append((time.perf_counter() - started) * 1000)
        QTest.qWait(40)  # 25 keys per second
    assert editor.text() == "methadone"
    assert checks == []  # nothing recalculated while typing
    assert statistics.median(costs) < 16, costs  # ms of UI-thread work per keystroke
    _settle(qtbot, page)
    assert editor.text() == "methadone"
    assert len(checks) == 1  # one check after the typing paused
    qtbot.keyClicks(editor, " 10 mg", delay=5)
    assert editor.text() == "methadone 10 mg"


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_key_clicks_into_every_field_arrive_whole(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    row = page.meds.rows[0]
    row.name_edit.setFocus()
    qtbot.keyClicks(row.name_edit, "methadone")
    qtbot.keyClicks(row.when.editor, "29 Nov 2026 22:00")
    page.start.editor.selectAll()
    qtbot.keyClicks(page.start.editor, "20 Dec 2026")
    _settle(qtbot, page)
    assert row.name_edit.text() == "methadone"
    assert row.when.text() == "29 Nov 2026 22:00"
    assert page.result is not None and page.result.status.value == "CLEAR_VERIFY"
    assert page.result_view.headline.text() == "Earliest start 13 Dec 2026 22:00"


def test_empty_page_says_what_to_enter(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    _settle(qtbot, page)
    shown = page.result_view.headline.text() + page.result_view.status.text()
    assert "Minimum interval met" not in shown
    assert "Enter each opioid" in shown and "No medications" in shown
    assert page.result is None
    assert not page.use_button.isEnabled() and not page.print_button.isEnabled()
    box = page.no_meds  # its click area is the box and the words, not the whole row
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    _settle(qtbot, page)
    assert page.result is not None and page.result.status.value == "CLEAR_VERIFY"
    assert page.result_view.headline.text().startswith("No washout needed")


def _cli(capsys, data: Path, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.qt_log_ignore("This plugin does not support")
@pytest.mark.parametrize(
    ("name", "when", "form_index"),
    [
        ("Duragesic", "1 Mar 2026 08:00", 0),  # a patch's last application
        ("oxycodone", "2026-03-01 08:00", 1),  # immediate release
        ("Butrans", "2026-03-01", 0),
    ],
)
def test_page_and_cli_agree(qtbot, page, capsys, tmp_path: Path, name, when, form_index) -> None:  # type: ignore[no-untyped-def]
    row = page.meds.rows[0]
    qtbot.keyClicks(row.name_edit, name)
    qtbot.keyClicks(row.when.editor, when)
    row.form_box.setCurrentIndex(form_index)
    page.start.editor.selectAll()
    qtbot.keyClicks(page.start.editor, "2026-04-30")
    _settle(qtbot, page)
    assert page.result is not None
    form = {0: "", 1: ";form=ir"}[form_index]
    spec = f"{name}{form};last={when}"
    code, out, _ = _cli(capsys, tmp_path, "washout", "--med", spec, "--start", "2026-04-30")
    assert code == 0
    assert out.splitlines()[0] == page.result_view.headline.text()
    code, out, _ = _cli(
        capsys, tmp_path, "washout", "--med", spec, "--start", "2026-04-30", "--json"
    )
    answer = json.loads(out)
    assert answer["status"] == page.result.status.value
    assert answer["earliest_start"] == page.result.earliest_start.isoformat()


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_use_as_titration_start_hands_over_the_core_default(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    row = page.meds.rows[0]
    last = date.today() - timedelta(days=3)
    qtbot.keyClicks(row.name_edit, "oxycodone")
    row.form_box.setCurrentIndex(1)  # immediate release: 7 days
    qtbot.keyClicks(row.when.editor, f"{last.isoformat()} 20:00")
    page.start.editor.selectAll()
    qtbot.keyClicks(page.start.editor, (date.today() + timedelta(days=10)).isoformat())
    _settle(qtbot, page)
    with qtbot.waitSignal(page.start_date_chosen, timeout=1000) as signal:
        qtbot.mouseClick(page.use_button, Qt.MouseButton.LeftButton)
    assert signal.args == [date.today() + timedelta(days=10)]  # the planned start is later


def test_debounce_is_short() -> None:
    assert 100 <= RECALCULATE_DELAY_MS <= 250


@pytest.mark.qt_log_ignore("This plugin does not support")
def test_a_patch_asks_for_its_removal_time(qtbot, page: WashoutPage) -> None:  # type: ignore[no-untyped-def]
    row = page.meds.rows[0]
    qtbot.keyClicks(row.name_edit, "fentanyl")
    row.form_box.setCurrentIndex(row.form_box.findData("patch"))
    assert row.timing_box.itemText(0) == "Last patch applied on"
    qtbot.keyClicks(row.when.editor, "1 Mar 2026 08:00")
    page.start.editor.selectAll()
    qtbot.keyClicks(page.start.editor, "2026-04-30")
    _settle(qtbot, page)
    assert page.result is not None and page.result.status.value == "CLEAR_VERIFY"
    assert page.result.earliest_start.isoformat() == "2026-03-14T08:00:00"  # + 72 h wear
    assert "Enter the removal time" in page.result_view.cards[0].reason.text()
    row.timing_box.setCurrentIndex(row.timing_box.findData("removed"))
    row.when.editor.selectAll()
    qtbot.keyClicks(row.when.editor, "2 Mar 2026 08:00")
    _settle(qtbot, page)
    assert page.result.status.value == "CLEAR"
    assert page.result.earliest_start.isoformat() == "2026-03-12T08:00:00"
