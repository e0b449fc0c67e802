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


@pytest.mark.qt_log_ignore("This plugin does not support")  # offscreen: no raise() or grab
@pytest.mark.parametrize(
    ("key", "modifier"),
    [(Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier), (Qt.Key.Key_F4, None)],
    ids=["Alt+Down", "F4"],
)
def test_the_keyboard_opens_the_pop_up_and_picks_a_day(
    qtbot: Any, french_default: None, key: Qt.Key, modifier: Qt.KeyboardModifier | None
) -> None:
    """QDateTimeEdit has no key for its pop-up: a keyboard user could only type. Alt+Down and F4
    open it (English, on the field's date, as a click does); arrows and Enter pick a day,
    Escape closes it."""
    from datetime import date

    from PySide6.QtWidgets import QCalendarWidget, QVBoxLayout, QWidget

    from ldn_desktop.ui.date_field import DateField

    window = QWidget()
    qtbot.addWidget(window)
    field = DateField(date(2026, 12, 4))
    QVBoxLayout(window).addWidget(field)
    window.show()
    qtbot.waitExposed(window)
    field.setFocus()

    def press(day: date) -> QCalendarWidget:
        if modifier is None:
            qtbot.keyClick(field, key)
        else:
            qtbot.keyClick(field, key, modifier)
        calendar = field.findChild(QCalendarWidget)
        assert calendar is not None
        qtbot.waitUntil(calendar.isVisible)
        _check(calendar, Qt.DayOfWeek.Monday)
        assert calendar.selectedDate().toPython() == day  # the field's date
        return calendar

    calendar = press(date(2026, 12, 4))
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    assert field.date().toPython() == date(2026, 12, 5)

    calendar = press(date(2026, 12, 5))  # on the new date
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Right)
    qtbot.keyClick(calendar.focusWidget() or calendar, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not calendar.isVisible())
    # as in a pop-up opened by a click (Qt's own): the field follows the day as it moves
    assert field.date().toPython() == date(2026, 12, 6)

    field.setReadOnly(True)  # a read-only field opens nothing
    qtbot.keyClick(field, Qt.Key.Key_F4)
    assert not calendar.isVisible()
