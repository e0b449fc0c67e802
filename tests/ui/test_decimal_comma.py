"""A decimal-comma locale works end to end: typed "4,5 mg" is 4.5 mg, and numbers are shown "4,5"."""

from __future__ import annotations

from collections.abc import Iterator
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
