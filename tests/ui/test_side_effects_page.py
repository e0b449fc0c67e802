"""The Side effects page with pytest-qt: keyboard entry, edit in place, delete + undo, filter, chart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QLineEdit

from ldn_desktop.core.side_effects.entries import LogEntry
from ldn_desktop.core.units.quantities import Q_
from ldn_desktop.storage.side_effect_log import SideEffectLog
from ldn_desktop.ui.side_effects.table_model import SEVERITY
from ldn_desktop.ui.side_effects_page import SideEffectsPage


@pytest.fixture
def patient_id(app_context) -> str:  # type: ignore[no-untyped-def]
    return app_context.patients.create("Ann Lee", None).id


@pytest.fixture
def page(qtbot, app_context, patient_id: str) -> SideEffectsPage:  # type: ignore[no-untyped-def]
    widget = SideEffectsPage(app_context)
    qtbot.addWidget(widget)
    app_context.set_current_patient(patient_id)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _saved(page: SideEffectsPage) -> list[LogEntry]:
    assert page.log is not None
    return SideEffectLog(page.context.store, page.log.patient_id).load()


def _seed(page: SideEffectsPage, count: int = 3) -> list[LogEntry]:
    entries = [
        LogEntry(
            f"e{i}",
            datetime(2026, 1, 1 + i, 22, 0, tzinfo=UTC),
            "vivid dreams",
            3 + i,
            dose=Q_(1.5, "mg"),
        )
        for i in range(count)
    ]
    entries.append(LogEntry("h", datetime(2026, 1, 2, 23, 0, tzinfo=UTC), "headache", 2))
    assert page.log is not None
    page.log.add(entries)
    page.set_patient(page.log.patient_id)
    return entries


def test_add_an_entry_from_the_keyboard(qtbot, page: SideEffectsPage) -> None:  # type: ignore[no-untyped-def]
    form = page.form
    form.symptom.setFocus()
    qtbot.keyClicks(form.symptom, "nausea")
    assert form.symptom.currentText() == "nausea"
    form.severity.setFocus()
    form.severity.selectAll()
    qtbot.keyClicks(form.severity, "4")
    qtbot.keyClicks(form.sleep_hours.editor, "6.5")
    qtbot.keyClicks(form.dose.editor, "1.5mg")
    qtbot.keyClicks(form.note, "after dinner")
    qtbot.keyClick(form.note, Qt.Key.Key_Return)
    (saved,) = _saved(page)
    assert (saved.symptom, saved.severity, saved.sleep_hours, saved.dose_text, saved.note) == (
        "nausea",
        4,
        6.5,
        "1.5 mg",
        "after dinner",
    )
    assert page.model.rowCount() == 1 and form.note.text() == ""  # form reset for the next one
    assert page.undo_stack.count() == 1


def test_bad_input_shows_a_message_and_saves_nothing(qtbot, page: SideEffectsPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(page.form.sleep_hours.editor, "25")
    qtbot.keyClicks(page.form.dose.editor, "2 tsp")
    qtbot.keyClick(page.form.note, Qt.Key.Key_Return)
    assert _saved(page) == []
    assert "between 0 and 24" in page.form.sleep_hours.error.text()
    assert "tsp" in page.form.dose.error.text() and not page.form.dose.error.isHidden()
    page.form.sleep_hours.set_text("")
    page.form.dose.set_text("")
    page.form.when.setDateTime(QDateTime.currentDateTime().addDays(3))
    page.form.submit()
    assert "more than a day in the future" in page.form.when_error.text()
    assert _saved(page) == []


def test_no_side_effects_tonight_is_one_action(qtbot, page: SideEffectsPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(page.form.sleep_hours.editor, "8")
    qtbot.mouseClick(page.form.none_button, Qt.MouseButton.LeftButton)
    (saved,) = _saved(page)
    assert (saved.symptom, saved.severity, saved.sleep_hours) == ("no side effects", 0, 8.0)


def test_dose_is_prefilled_from_the_plan_until_typed(
    qtbot,
    app_context,
    patient_id: str,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    asked: list[date] = []

    def fake_plan(_store: object, _pid: str, night: date) -> object:
        asked.append(night)
        return Q_(3, "mg") if night >= date(2026, 1, 15) else Q_(1.5, "mg")

    monkeypatch.setattr("ldn_desktop.ui.side_effects_page.planned_dose", fake_plan)
    widget = SideEffectsPage(app_context)
    qtbot.addWidget(widget)
    app_context.set_current_patient(patient_id)
    widget.form.when.setDateTime(QDateTime(2026, 1, 20, 22, 0, 0))
    assert widget.form.dose.text() == "3 mg"
    widget.form.when.setDateTime(QDateTime(2026, 1, 15, 7, 0, 0))  # morning: night of 14 Jan
    assert widget.form.dose.text() == "1.5 mg" and asked[-1] == date(2026, 1, 14)
    widget.form.dose.editor.clear()
    qtbot.keyClicks(widget.form.dose.editor, "missed")
    widget.form.when.setDateTime(QDateTime(2026, 1, 20, 22, 0, 0))
    assert widget.form.dose.text() == "missed"


def _edit_cell(qtbot, page: SideEffectsPage, row: int, column: int, text: str) -> None:  # type: ignore[no-untyped-def]
    index = page.proxy.index(row, column)
    page.table.setCurrentIndex(index)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    (editor,) = page.table.viewport().findChildren(QLineEdit)
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits in a queued call
    qtbot.waitUntil(lambda: not page.table.viewport().findChildren(QLineEdit))


def test_edit_in_place_with_validation_and_undo(qtbot, page: SideEffectsPage) -> None:  # type: ignore[no-untyped-def]
    _seed(page)
    row = next(r for r in range(page.proxy.rowCount()) if page.proxy.entry_at(r).id == "e0")
    _edit_cell(qtbot, page, row, SEVERITY, "9")
    assert {e.id: e.severity for e in _saved(page)}["e0"] == 9
    _edit_cell(qtbot, page, row, SEVERITY, "11")
    assert {e.id: e.severity for e in _saved(page)}["e0"] == 9
    assert (
        "from 1 (mild) to 10 (worst)" in page.table_error.text() and not page.table_error.isHidden()
    )
    page.undo_stack.undo()
    assert {e.id: e.severity for e in _saved(page)}["e0"] == 3
    assert page.proxy.data(page.proxy.index(row, SEVERITY)) == "3"


def test_delete_and_undo_redo_from_the_edit_menu(qtbot, main_window, patient_id: str) -> None:  # type: ignore[no-untyped-def]
    main_window.context.set_current_patient(patient_id)
    main_window.show_page(main_window.side_effects_page)
    page = main_window.side_effects_page
    _seed(page)
    page.tabs.setCurrentIndex(0)
    page.table.selectRow(0)
    doomed = page.proxy.entry_at(0)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    assert doomed.id not in {e.id for e in _saved(page)} and page.model.rowCount() == 3
    undo, redo = main_window.undo_action, main_window.redo_action
    assert undo.isEnabled()
    assert [a for a in main_window.edit_menu.actions() if a.text().startswith("&Undo")] == [undo]
    undo.trigger()
    assert doomed in _saved(page) and page.model.rowCount() == 4
    redo.trigger()
    assert doomed.id not in {e.id for e in _saved(page)}
    main_window.show_page_at(0)
    assert not undo.isEnabled()  # Undo follows the current page's stack


def test_filter_by_symptom_and_nights(page: SideEffectsPage) -> None:
    _seed(page)
    page.filters.choose(symptom="headache")
    assert page.proxy.rowCount() == 1 and page.proxy.entry_at(0).id == "h"
    page.filters.choose(first=date(2026, 1, 2), last=date(2026, 1, 3))
    assert sorted(page.proxy.entry_at(r).id for r in range(page.proxy.rowCount())) == [
        "e1",
        "e2",
        "h",
    ]
    assert page.filters.count.text() == "3 of 4 entries"
    page.filters.choose()
    assert page.proxy.rowCount() == 4


def test_sorting_goes_through_the_source_model(page: SideEffectsPage) -> None:
    _seed(page)
    page.table.sortByColumn(SEVERITY, Qt.SortOrder.AscendingOrder)
    values = [page.proxy.data(page.proxy.index(r, SEVERITY)) for r in range(page.proxy.rowCount())]
    assert values == ["2", "3", "4", "5"]


def test_see_the_chart_and_export_png(qtbot, page: SideEffectsPage, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _seed(page)
    page.tabs.setCurrentWidget(page.chart)
    page.chart.show_all()
    chart = page.chart.view.chart()
    names = {s.name() for s in chart.series()}
    assert {"vivid dreams", "headache", "dose (mg)"} <= names
    assert len(chart.axes()) == 3
    png = page.chart.export_png(tmp_path / "chart.png")
    assert png.read_bytes().startswith(b"\x89PNG")


def test_import_merges_and_is_undoable(page: SideEffectsPage, tmp_path: Path) -> None:
    entries = _seed(page)
    path = tmp_path / "log.csv"
    page.export_csv(path)
    assert page.import_csv(path) == "Added 0 entries; skipped 4 duplicates."
    with path.open("a", encoding="utf-8", newline="") as out:
        out.write(",2026-01-09T22:00:00+00:00,fatigue,,5,,,,,\r\n")
    assert page.import_csv(path).startswith("Added 1 entry")
    assert len(_saved(page)) == len(entries) + 1
    page.undo_stack.undo()
    assert len(_saved(page)) == len(entries)


def test_pdf_report_from_the_page(page: SideEffectsPage, tmp_path: Path) -> None:
    _seed(page)
    assert page.can_print()
    page.chart.show_all()
    pdf = page.export_pdf(tmp_path / "report.pdf")
    assert pdf is not None and pdf.read_bytes().startswith(b"%PDF")


def test_many_entries_filter_and_sort(page: SideEffectsPage) -> None:
    start = datetime(2016, 1, 1, 22, 0, tzinfo=UTC)
    many = [
        LogEntry(
            f"n{i}", start + timedelta(hours=i * 4), "vivid dreams" if i % 3 else "headache", i % 11
        )
        for i in range(21_000)
    ]
    page.model.set_entries(many)
    page.filters.choose(symptom="headache")
    assert page.proxy.rowCount() == 7000
    page.table.sortByColumn(SEVERITY, Qt.SortOrder.DescendingOrder)
    assert page.proxy.data(page.proxy.index(0, SEVERITY)) == "10"
    page.table.scrollToBottom()


def test_add_your_own_symptom(
    qtbot, page: SideEffectsPage, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "ldn_desktop.ui.side_effects.file_actions.QInputDialog.getText",
        lambda *args, **kwargs: ("Restless legs", True),
    )
    qtbot.mouseClick(page.form.add_symptom, Qt.MouseButton.LeftButton)
    assert page.form.symptom.currentText() == "restless legs"
    page.form.severity.setValue(3)
    page.form.submit()
    assert [e.symptom for e in _saved(page)] == ["restless legs"]
    assert page.filters.symptom.findData("restless legs") >= 0
    assert page.log is not None and page.log.custom_symptoms()[0].label == "restless legs"


def test_other_needs_a_description(qtbot, page: SideEffectsPage) -> None:  # type: ignore[no-untyped-def]
    page.form.symptom.setCurrentIndex(page.form.symptom.findData("other"))
    assert page.form.detail.isEnabled()
    page.form.severity.selectAll()
    qtbot.keyClicks(page.form.severity, "2")
    page.form.submit()
    assert _saved(page) == [] and "describe it" in page.form.symptom_error.text()
    qtbot.keyClicks(page.form.detail, "dry mouth")
    qtbot.keyClick(page.form.detail, Qt.Key.Key_Return)
    (saved,) = _saved(page)
    assert saved.symptom_text == "other: dry mouth"


def test_titration_change_refreshes_the_planned_dose(
    page: SideEffectsPage, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ldn_desktop.ui.side_effects_page.planned_dose", lambda *_: Q_(4.5, "mg"))
    assert page.form.dose.text() == ""
    page.context.data_changed.emit(f"titration:{page.log.patient_id}")  # type: ignore[union-attr]
    assert page.form.dose.text() == "4.5 mg"


def test_restored_data_is_read_again(page: SideEffectsPage) -> None:
    _seed(page)
    assert page.log is not None
    SideEffectLog(page.context.store, page.log.patient_id).delete(page.model.entries[:1])
    page.context.data_changed.emit("patients")
    assert page.model.rowCount() == 3


def test_chart_range_follows_new_entries_until_the_user_picks_one(page: SideEffectsPage) -> None:
    """An empty log's chart grows to show entries added later; a range the user chose is kept."""
    entries = _seed(page)
    page.chart.set_entries(page.model.entries)
    first, last = page.chart.date_range()
    assert first <= min(e.night for e in entries) and last >= max(e.night for e in entries)
    page.chart.first_edit.setDate(page.chart.first_edit.date().addDays(1))  # the user's range
    chosen = page.chart.date_range()
    page.chart.set_entries(page.model.entries)
    assert page.chart.date_range() == chosen
