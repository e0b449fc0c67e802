"""A decimal-comma locale works end to end: typed "4,5 mg" is 4.5 mg, and numbers are shown "4,5"."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale


@pytest.fixture
def german(qapp: Any) -> Iterator[None]:
    """The user's locale is German (decimal comma) for this test only."""
    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(previous)


def test_compounding_with_decimal_commas(german: None, main_window: Any) -> None:
    """Strength, assay and fill weight typed with commas calculate like the dotted ones."""
    page = main_window.compounding_page
    assert main_window.context.decimal_mark == ","
    fields = page.form.fields
    fields["strength"].set_text("4,5 mg")
    fields["quantity"].set_text("30")
    fields["overage"].set_text("2")
    fields["assay"].set_text("99,5%")
    fields["fill_weight"].set_text("240 mg")
    page.calculate()
    result = page.results.result
    assert result is not None, page.results.message.text()
    assert abs(result["drug_total_mg"] - 144.723618) < 1e-5
    shown = page.results.table.item(0, 2).text()
    assert shown == "144,7 mg"


def test_side_effect_sleep_hours_with_a_comma(german: None, main_window: Any) -> None:
    """Sleep hours typed as 6,5 are accepted by the nightly form."""
    profile = main_window.context.patients.create("Komma Test")
    main_window.context.set_current_patient(profile.id)
    page = main_window.side_effects_page
    form = page.form
    form.symptom.setCurrentIndex(max(0, form.symptom.findText("headache")))
    form.severity.setValue(3)  # a named symptom needs a severity of 1-10 (issue 11)
    form.sleep_hours.set_text("6,5")
    form.submit()
    assert page.model.rowCount() == 1, form.sleep_hours.error.text()
    assert page.model.entries[0].sleep_hours == 6.5


def test_titration_page_and_printout_use_one_notation(german: None, main_window: Any) -> None:
    """The calendar said "1,5 mg" while the plan sentence above it and the pharmacist copy's
    plan and steps said "1.5 mg": with a decimal comma, every dose on the page and the printout
    is "1,5 mg" (stored summaries, --json and the CLI keep the point)."""
    import re

    page = main_window.titration_page
    main_window.show_page(page)
    assert page.calendar.calendar.dose_text(page.plan.start) == "1,5 mg"
    assert "1,5 mg for 14 days" in page.summary.text()
    assert not re.search(r"\d\.\d", page.summary.text())
    page.pharmacist_copy.setChecked(True)
    text = re.sub(r"<[^>]+>", " ", page.printing.html()).replace("&nbsp;", " ")
    assert "1,5 mg" in text and "4,5 mg" in text
    assert not re.search(r"\b\d+\.\d+ ?m[gL]\b", text), re.findall(r"\b\d+\.\d+ ?m[gL]", text)


# -- every page in one notation -----------------------------------------------------------------


def _patient_with_plan_and_log(context: Any) -> str:
    """A patient on the Standard plan since 5 days ago (tonight: 1.5 mg) with four nights logged
    at 1.5 mg and 6.5 h of sleep."""
    from datetime import date, datetime, time, timedelta

    from ldn_desktop.core.side_effects import LogEntry
    from ldn_desktop.core.titration import Change, make_plan, protocol_steps
    from ldn_desktop.core.units import Q_
    from ldn_desktop.storage.side_effect_log import SideEffectLog
    from ldn_desktop.storage.titration import save_version

    patient_id: str = context.patients.create("Komma Test").id
    start = date.today() - timedelta(days=5)
    plan = make_plan(
        start,
        protocol_steps("standard"),
        protocol="standard",
        start_override_reason="started before this record: history confirmed",
    )
    save_version(context.store, patient_id, plan, Change("new", "Standard"), by="Dr A")
    evenings = [
        datetime.combine(start + timedelta(days=d), time(22)).astimezone() for d in (0, 1, 2, 3)
    ]
    SideEffectLog(context.store, patient_id).add(
        [
            LogEntry(f"e{i}", at, "vivid dreams", 3 + i, sleep_hours=6.5, dose=Q_(1.5, "mg"))
            for i, at in enumerate(evenings)
        ]
    )
    context.set_current_patient(patient_id)
    return patient_id


def _texts_without_points(main_window: Any, page: Any, *, every_tab: bool = True) -> list[str]:
    """Every text of ``page`` once each of its tabs was shown (the summary and the chart are
    built when first shown), checked for a number written with a point."""
    from PySide6.QtWidgets import QApplication, QTabWidget

    from tests.ui.shown_texts import decimal_points, shown_texts

    main_window.show_page(page)
    for tabs in page.findChildren(QTabWidget) if every_tab else ():
        for index in range(tabs.count()):
            tabs.setCurrentIndex(index)
            QApplication.processEvents()
    texts = shown_texts(page)
    assert decimal_points(texts) == []
    return texts


def test_side_effects_page_in_one_notation(german: None, main_window: Any) -> None:
    """The Side effects page said "1.5 mg" and "6.5" beside the Titration page's "1,5 mg": the
    table, the form's prefilled dose and hints, the summary and the chart follow the locale."""
    _patient_with_plan_and_log(main_window.context)
    page = main_window.side_effects_page
    texts = _texts_without_points(main_window, page)
    assert "1,5 mg" in texts and "6,5" in texts  # the table's dose and sleep cells
    assert "1,5 mg, " in page.summary.toPlainText() and "Sleep 6,5 h" in page.summary.toPlainText()
    assert page.form.dose.editor.text() == "1,5 mg"  # the plan's dose for tonight
    dose, missed = page.form.dose.value()  # and it reads back without an error
    assert float(dose.to("mg").magnitude) == 1.5 and not missed
    assert "6,5" in page.form.sleep_hours.editor.placeholderText()


def test_side_effects_cells_read_back(german: None, main_window: Any) -> None:
    """A cell opened for editing and left as shown ("1,5 mg", "6,5") is not refused, and a
    change typed in the same notation ("1,25 mg", "6,25") is saved."""
    from ldn_desktop.ui.side_effects.table_model import DOSE, SLEEP

    _patient_with_plan_and_log(main_window.context)
    model = main_window.side_effects_page.model
    refused: list[str] = []
    model.edit_refused.connect(refused.append)
    for column in (DOSE, SLEEP):
        index = model.index(0, column)
        shown = model.data(index)
        assert not model.setData(index, f" {shown} ")  # as shown (spaces aside): no change
        assert model.setData(index, shown.replace("5", "25"))
    assert refused == []
    changed = model.entry_at(0)
    assert changed.dose_label(",") == "1,25 mg" and changed.sleep_hours == 6.25


def test_titration_and_washout_pages_in_one_notation(german: None, main_window: Any) -> None:
    """The protocol drop-down ("1.5 mg days 1–14"), the target's placeholder and the strengths
    for dispensing kept a point beside the steps table's "1,5 mg"."""
    _patient_with_plan_and_log(main_window.context)
    page = main_window.titration_page
    _texts_without_points(main_window, page)
    combo = page.form.protocol
    assert combo.itemText(0).startswith("Standard: 1,5 mg days 1–14, 3 mg days 15–28, 4,5 mg")
    assert page.form.target.editor.placeholderText().startswith("4,5 mg")
    washout = main_window.washout_page
    row = washout.meds.rows[0]
    row.name_edit.setText("oxycodone 7,5 mg")
    row.when.editor.setText("2026-02-01 08:00")
    washout.start.editor.setText("2026-02-08")
    washout.flush()
    assert washout.result is not None
    _texts_without_points(main_window, washout)


def test_compounding_and_settings_pages_in_one_notation(german: None, main_window: Any) -> None:
    """Presets, hints, the capsule sizes and the calculated batch's title and details."""
    page = main_window.compounding_page
    main_window.show_page(page)
    fields = page.form.fields
    fields["strength"].set_text("4,5 mg")
    fields["quantity"].set_text("30")
    fields["assay"].set_text("99,5%")
    fields["fill_weight"].set_text("240 mg")
    page.calculate()
    assert page.results.result is not None
    texts = _texts_without_points(main_window, page, every_tab=False)  # a tab is a form
    assert any("Naltrexone HCl 4,5 mg capsules" in text for text in texts)
    assert "Size 1 (0,5 mL)" in _texts_without_points(main_window, main_window.settings_page)


FRENCH_PROBE = """
import tempfile
from pathlib import Path
from PySide6.QtWidgets import QApplication
app = QApplication([])
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.main_window import MainWindow
from tests.ui.shown_texts import decimal_points, shown_texts
from tests.ui.test_decimal_comma import _patient_with_plan_and_log
context = AppContext(DataStore.open(Path(tempfile.mkdtemp()) / "data"))
print(context.decimal_mark)
_patient_with_plan_and_log(context)
window = MainWindow(context)
window.show()
for page in window.pages:
    window.show_page(page)
    app.processEvents()
    print(page.title, "|", " / ".join(decimal_points(shown_texts(page))))
print(window.side_effects_page.form.dose.editor.text())
"""


def test_every_page_under_french(french_locale: Path) -> None:
    """Under LC_ALL=fr_FR.UTF-8 (the user's real locale, not a test's QLocale) no page writes a
    number with a point, and tonight's dose is prefilled as "1,5 mg"."""
    from tests.locale_support import run_in_french

    mark, *pages, dose = run_in_french(french_locale, FRENCH_PROBE, QT_QPA_PLATFORM="offscreen")
    assert mark == ","
    assert [line.split(" | ")[1] for line in pages] == [""] * 5, pages
    assert dose == "1,5 mg"


def test_counts_of_a_thousand_do_not_read_as_decimals(german: None, main_window: Any) -> None:
    """'1,200 entries' beside '1,5 mg' reads as 1.2 entries: with a decimal comma the page groups
    thousands with a no-break space (the filter's count and the summary's nights)."""
    from datetime import datetime, timedelta

    from ldn_desktop.core.side_effects import make_entry
    from ldn_desktop.core.units import Q_
    from ldn_desktop.storage.side_effect_log import SideEffectLog

    profile = main_window.context.patients.create("Tausend Nächte")
    start = datetime(2022, 1, 1, 22, 0).astimezone()
    now = start + timedelta(days=1300)
    entries = [
        make_entry(at=start + timedelta(days=n), symptom="headache", severity=2,
                   dose=Q_(1.5, "mg"), now=now)
        for n in range(1200)
    ]  # fmt: skip
    SideEffectLog(main_window.context.store, profile.id).add(entries)
    main_window.context.set_current_patient(profile.id)
    page = main_window.side_effects_page
    page.filters.choose(symptom=None)
    assert page.filters.count.text() == "1\u00a0200 entries"
    page.tabs.setCurrentWidget(page.summary)  # the summary is written when its tab is shown
    summary = page.summary.toPlainText().replace("\u00a0", " ")  # plain text: a space
    assert "1 200 nights logged" in summary and "1,200" not in summary
