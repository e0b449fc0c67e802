"""The side-effect chart's day axis says ``6 Oct`` in every locale, like the rest of the report."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import QDate, QLocale

from ldn_desktop.core.side_effects import ChartData
from ldn_desktop.reports.side_effects_chart import build_chart


@pytest.fixture
def french_default_locale() -> Iterator[None]:
    """The window runs with the user's locale (here French, as QLocale's default)."""
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    yield
    QLocale.setDefault(before)


def test_chart_day_labels_are_english_month_names(
    qapp: object, french_default_locale: None
) -> None:
    """Under French the axis said '6 oct. 2026' and '15 nov. 2026' under a report that says
    '6 Oct 2026' everywhere else."""
    data = ChartData(date(2026, 9, 20), date(2026, 11, 12), {}, [(date(2026, 10, 1), 1.5)])
    chart = build_chart(data)
    label = chart.locale().toString(QDate(2026, 10, 6), "d MMM yyyy")
    assert label == "6 Oct 2026"
