"""Calendars speak the program's one date language (English, like every date it shows:
``core.dates``) and start the week on the user's first day.

Under French the Titration calendar's heading said "décembre 2026 / lun. mar." beside "4 Dec
2026" in the fields and tables around it, and the date fields' pop-up calendars did too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QLocale, Qt


@pytest.fixture
def french_default() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.French, QLocale.Country.France))
    try:
        yield
    finally:
        QLocale.setDefault(before)


@pytest.fixture
def us_default() -> Iterator[None]:
    before = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    try:
        yield
    finally:
        QLocale.setDefault(before)


def _check(calendar: Any, first_day: Qt.DayOfWeek) -> None:
    assert calendar.locale().monthName(12) == "December"
    assert calendar.locale().dayName(1, QLocale.FormatType.ShortFormat) == "Mon"
    assert calendar.firstDayOfWeek() == first_day


def test_titration_calendar_in_french(qtbot: Any, french_default: None) -> None:
    from ldn_desktop.ui.titration.calendar_view import DoseCalendar

    calendar = DoseCalendar(",")
    qtbot.addWidget(calendar)
    _check(calendar, Qt.DayOfWeek.Monday)


def test_titration_calendar_in_the_us_starts_on_sunday(qtbot: Any, us_default: None) -> None:
    from ldn_desktop.ui.titration.calendar_view import DoseCalendar

    calendar = DoseCalendar()
    qtbot.addWidget(calendar)
    _check(calendar, Qt.DayOfWeek.Sunday)


def test_date_field_popups_in_french(qtbot: Any, french_default: None) -> None:
    from ldn_desktop.ui.date_field import DateField, DateTimeField

    for field in (DateField(), DateTimeField()):
        qtbot.addWidget(field)
        _check(field.calendarWidget(), Qt.DayOfWeek.Monday)
        assert field.locale().language() == QLocale.Language.French  # typing order stays the user's


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise() or grab
def test_a_click_opens_an_english_pop_up_made_only_then(qtbot: Any, french_default: None) -> None:
    """The pop-up is made when first needed (making it with every field slowed a page's first
    visit by ~7 ms), and is English when the user opens it with the mouse."""
    from PySide6.QtCore import QPoint
    from PySide6.QtWidgets import QCalendarWidget

    from ldn_desktop.ui.date_field import DateField

    field = DateField()
    qtbot.addWidget(field)
    field.resize(200, 30)
    field.show()
    qtbot.waitExposed(field)
    assert field.findChild(QCalendarWidget) is None
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton, pos=QPoint(field.width() - 6, 15))
    calendar = field.findChild(QCalendarWidget)
    assert calendar is not None and calendar.isVisible()
    _check(calendar, Qt.DayOfWeek.Monday)
    calendar.window().hide()
