"""The Side effects page as patients use it (issue 11 part D, issue 13): real key and mouse events.

Severity 0 for a named symptom, the LDN dose range, Enter from every field, the warning for a
night logged both ways, the report from the page, File > Print, plurals, chart ticks, legend and
the exported file names.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication

from ldn_desktop.core.side_effects.entries import LogEntry
from ldn_desktop.core.units.quantities import Q_
from ldn_desktop.storage.side_effect_log import SideEffectLog
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


def _choose_symptom(qtbot, page: SideEffectsPage, name: str) -> None:  # type: ignore[no-untyped-def]
    page.form.symptom.setFocus()
    qtbot.keyClicks(page.form.symptom, name.split(" ")[0])  # a space would open the list
    assert page.form.symptom.currentText() == name


def _type_severity(qtbot, page: SideEffectsPage, value: str) -> None:  # type: ignore[no-untyped-def]
    page.form.severity.setFocus()
    page.form.severity.selectAll()
    qtbot.keyClicks(page.form.severity, value)


def _night(day: int) -> QDateTime:
    return QDateTime(2026, 1, day, 22, 0, 0)


def test_a_named_symptom_at_severity_0_is_refused_next_to_the_field(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    _choose_symptom(qtbot, page, "headache")
    qtbot.keyClick(page.form.symptom, Qt.Key.Key_Return)
    assert _saved(page) == []
    assert "0 means none" in page.form.severity_error.text()
    assert not page.form.severity_error.isHidden()
    assert QApplication.focusWidget() is page.form.severity
    qtbot.keyClicks(page.form.severity, "3")  # the field has the focus: just type
    qtbot.keyClick(page.form.severity, Qt.Key.Key_Return)
    (saved,) = _saved(page)
    assert (saved.symptom, saved.severity) == ("headache", 3)
    assert page.form.severity_error.isHidden()


@pytest.mark.parametrize("dose", ["7 mg", "7", "0.01 mg"])
def test_a_dose_outside_the_ldn_range_is_refused(qtbot, page, dose: str) -> None:  # type: ignore[no-untyped-def]
    _choose_symptom(qtbot, page, "nausea")
    _type_severity(qtbot, page, "2")
    page.form.dose.editor.clear()
    qtbot.keyClicks(page.form.dose.editor, dose)
    qtbot.keyClick(page.form.dose.editor, Qt.Key.Key_Return)
    assert _saved(page) == []
    assert "outside the LDN dose range" in page.form.dose.error.text()


@pytest.mark.parametrize("field", ["symptom", "severity", "sleep_quality", "when"])
def test_enter_saves_from_drop_downs_spin_and_date_fields(qtbot, page, field: str) -> None:  # type: ignore[no-untyped-def]
    _choose_symptom(qtbot, page, "vivid dreams")
    _type_severity(qtbot, page, "4")
    page.form.sleep_quality.setFocus()
    qtbot.keyClicks(page.form.sleep_quality, "3")
    widget = getattr(page.form, field)
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_Return)
    (saved,) = _saved(page)
    assert (saved.symptom, saved.severity, saved.sleep_quality) == ("vivid dreams", 4, 3)


def test_enter_on_a_button_presses_that_button(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[bool] = []
    monkeypatch.setattr(page, "_ask_custom_symptom", lambda: asked.append(True))
    page.form.add_symptom_requested.disconnect()
    page.form.add_symptom_requested.connect(page._ask_custom_symptom)
    page.form.add_symptom.setFocus()
    qtbot.keyClick(page.form.add_symptom, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: asked == [True])
    assert _saved(page) == []


def test_insomnia_is_in_the_shipped_symptoms(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    _choose_symptom(qtbot, page, "insomnia")
    _type_severity(qtbot, page, "5")
    qtbot.keyClick(page.form.severity, Qt.Key.Key_Enter)
    assert [e.symptom for e in _saved(page)] == ["insomnia"]


@pytest.mark.parametrize("answer", [False, True])
def test_no_side_effects_on_a_night_with_symptoms_asks_first(  # type: ignore[no-untyped-def]
    qtbot, page, monkeypatch, answer: bool
) -> None:
    questions: list[str] = []

    def confirm(_parent, _title, text, **_kwargs) -> bool:  # type: ignore[no-untyped-def]
        questions.append(text)
        return answer

    monkeypatch.setattr("ldn_desktop.ui.side_effects_page.messages.confirm", confirm)
    page.form.when.setDateTime(_night(5))
    _choose_symptom(qtbot, page, "headache")
    _type_severity(qtbot, page, "4")
    qtbot.keyClick(page.form.severity, Qt.Key.Key_Return)
    assert questions == []
    page.form.when.setDateTime(QDateTime(2026, 1, 6, 7, 30, 0))  # next morning: same night
    qtbot.mouseClick(page.form.none_button, Qt.MouseButton.LeftButton)
    (question,) = questions
    assert "The night of 5 Jan 2026 already has side effects logged (headache 4/10)" in question
    assert len(_saved(page)) == (2 if answer else 1)


def test_report_buttons_and_file_print_follow_the_first_entry(  # type: ignore[no-untyped-def]
    qtbot, main_window, patient_id: str, monkeypatch, tmp_path: Path
) -> None:
    main_window.context.set_current_patient(patient_id)
    main_window.show_page(main_window.side_effects_page)
    page = main_window.side_effects_page
    assert not page.print_button.isEnabled() and not main_window.print_action.isEnabled()
    qtbot.mouseClick(page.form.none_button, Qt.MouseButton.LeftButton)
    assert page.print_button.isEnabled() and page.pdf_button.isEnabled()
    assert main_window.print_action.isEnabled() and main_window.pdf_action.isEnabled()
    previews: list[tuple] = []
    monkeypatch.setattr(
        "ldn_desktop.reports.side_effects_pdf.preview_side_effects",
        lambda *args, **kwargs: previews.append(args),
    )
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert previews and previews[0][1] == "Ann Lee"
    offered: list[str] = []

    def save_name(_parent, _title, name, _filter):  # type: ignore[no-untyped-def]
        offered.append(name)
        return str(tmp_path / "report"), ""

    monkeypatch.setattr(
        "ldn_desktop.ui.side_effects.file_actions.QFileDialog.getSaveFileName", save_name
    )
    qtbot.mouseClick(page.pdf_button, Qt.MouseButton.LeftButton)
    assert offered[0].startswith("side-effects-report Ann Lee ") and offered[0].endswith(".pdf")
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF")


def test_counts_say_1_entry(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(page.form.none_button, Qt.MouseButton.LeftButton)
    assert page.filters.count.text() == "1 entry"
    page.filters.choose(symptom="headache")
    assert page.filters.count.text() == "0 of 1 entry"


def _seed_gentle(page: SideEffectsPage, symptoms: list[str], nights: int = 63) -> None:
    """Nine doses (0.5 to 4.5 mg, a week each) and many symptoms."""
    entries = []
    for i in range(nights):
        dose = Q_(min(4.5, 0.5 * (1 + i // 7)), "mg")
        at = datetime(2026, 1, 1, 22, 0, tzinfo=UTC) + timedelta(days=i)
        entries.append(LogEntry(f"g{i}", at, symptoms[i % len(symptoms)], 1 + i % 9, dose=dose))
    assert page.log is not None
    page.log.add(entries)
    page.set_patient(page.log.patient_id)


NINE = ["vivid dreams", "nightmares", "trouble falling asleep", "waking in the night",
        "early waking", "headache", "nausea", "insomnia", "anxiety or irritability"]  # fmt: skip


def test_chart_day_ticks_fall_on_whole_days(qtbot, page) -> None:  # type: ignore[no-untyped-def]
    _seed_gentle(page, NINE)
    qtbot.mouseClick(page.chart.all_button, Qt.MouseButton.LeftButton)
    page.tabs.setCurrentWidget(page.chart)
    for first, last in ((date(2026, 1, 1), date(2026, 3, 4)), (date(2026, 1, 3), date(2026, 1, 9))):
        page.chart.set_range(first, last)
        page.chart.refresh()
        axis = page.chart.view.chart().axes(Qt.Orientation.Horizontal)[0]
        start, end = axis.min().toPython(), axis.max().toPython()
        intervals = axis.tickCount() - 1
        assert (start.hour, start.minute) == (12, 0) and start.date() == first
        assert end >= datetime.combine(last + timedelta(days=1), start.time())
        step = (end - start) / intervals
        assert step * intervals == end - start and step % timedelta(days=1) == timedelta(0)


def test_legend_wraps_cleanly_with_nine_doses_at_1024_by_640(
    qtbot, main_window, patient_id
) -> None:  # type: ignore[no-untyped-def]
    main_window.context.set_current_patient(patient_id)
    main_window.show_page(main_window.side_effects_page)
    page = main_window.side_effects_page
    _seed_gentle(page, NINE)
    main_window.resize(1024, 640)
    page.tabs.setCurrentWidget(page.chart)
    qtbot.mouseClick(page.chart.all_button, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    legend = page.chart.legend
    text = legend.text()
    for name in [*NINE, "dose (mg)"]:
        assert name.replace(" ", "&nbsp;") in text  # every name in full, never cut inside
    assert legend.isVisible() and legend.wordWrap()
    assert legend.width() <= page.chart.width()
    assert legend.height() >= legend.heightForWidth(legend.width())  # no line clipped
    one_line = legend.fontMetrics().height() * 1.5
    assert legend.height() > one_line  # nine symptoms and the dose take more than one line


def test_exported_png_names_the_patient(qtbot, page, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _seed_gentle(page, NINE[:3], nights=10)
    page.tabs.setCurrentWidget(page.chart)
    qtbot.mouseClick(page.chart.all_button, Qt.MouseButton.LeftButton)
    offered: list[str] = []

    def save_name(_parent, _title, name, _filter):  # type: ignore[no-untyped-def]
        offered.append(name)
        return str(tmp_path / name), ""

    monkeypatch.setattr(
        "ldn_desktop.ui.side_effects.chart_panel.QFileDialog.getSaveFileName", save_name
    )
    qtbot.mouseClick(page.chart.export_button, Qt.MouseButton.LeftButton)
    assert offered == ["side-effects-chart Ann Lee 2026-01-01 to 2026-01-10.png"]
    assert (tmp_path / offered[0]).read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize("year", [9999, 100])
def test_far_dates_in_the_form_are_a_message_not_a_crash(qtbot, page, year: int) -> None:  # type: ignore[no-untyped-def]
    page.form.when.setDateTime(QDateTime(year, 12, 31, 22, 0, 0))
    qtbot.mouseClick(page.form.none_button, Qt.MouseButton.LeftButton)
    assert _saved(page) == []
    assert page.form.when_error.text().startswith("⚠ Date and time: ")
