"""The one date field: typed dates are read whole, shown as 18 Nov 2026, calendar popup (issue 13).

Real keys: select the date, type over it, leave with Tab or press Enter.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime
from PySide6.QtWidgets import QDateEdit, QLineEdit, QVBoxLayout, QWidget

from ldn_desktop.ui.date_field import DateField, DateTimeField


@pytest.fixture
def form(qtbot: Any) -> tuple[QWidget, DateField, QLineEdit]:
    window = QWidget()
    qtbot.addWidget(window)
    field = DateField(QDate(2026, 12, 3))
    field.setAccessibleName("Start date")
    after = QLineEdit()
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(after)
    window.show()
    qtbot.waitExposed(window)
    return window, field, after


def _type_over(qtbot: Any, field: QWidget, text: str) -> None:
    field.window().activateWindow()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)


@pytest.mark.parametrize("typed", ["18 Nov 2026", "2026-11-18", "18/11/2026", "18 November 2026"])
def test_typing_over_the_selected_date(qtbot: Any, form: Any, typed: str) -> None:
    """The reported case: '18 Nov 2026' over a selected date gave 2 Nov 2026."""
    _, field, _ = form
    changed: list[QDate] = []
    field.dateChanged.connect(changed.append)
    _type_over(qtbot, field, typed)
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.date() == QDate(2026, 11, 18)
    assert field.text() == "18 Nov 2026"
    assert changed == [QDate(2026, 11, 18)]  # once, when the typing is done


def test_a_plain_qdateedit_had_the_defect(qtbot: Any) -> None:
    """Why the field exists: Qt's own date edit reads the keys section by section."""
    plain = QDateEdit(QDate(2026, 12, 3))
    plain.setDisplayFormat("d MMM yyyy")
    qtbot.addWidget(plain)
    plain.show()
    _type_over(qtbot, plain, "18 Nov 2026")
    qtbot.keyClick(plain, Qt.Key.Key_Return)
    assert plain.date() != QDate(2026, 11, 18)


def test_enter_takes_the_typed_date(qtbot: Any, form: Any) -> None:
    _, field, _ = form
    _type_over(qtbot, field, "2026-11-25")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.date() == QDate(2026, 11, 25)
    assert field.text() == "25 Nov 2026"


def test_leaving_text_that_is_not_a_date_shows_the_last_date_again(qtbot: Any, form: Any) -> None:
    _, field, _ = form
    _type_over(qtbot, field, "18 Nov")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.date() == QDate(2026, 12, 3)
    assert field.text() == "3 Dec 2026"
    assert "18 Nov 2026" in field.toolTip()


def test_keys_that_cannot_make_a_date_are_refused(qtbot: Any, form: Any) -> None:
    _, field, _ = form
    _type_over(qtbot, field, "18 Nov! 2026")
    assert field.lineEdit().text() == "18 Nov 2026"


def test_dates_outside_the_range_are_not_taken(qtbot: Any, form: Any) -> None:
    _, field, _ = form
    field.setMinimumDate(QDate(2026, 12, 1))
    _type_over(qtbot, field, "18 Nov 2026")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.date() == QDate(2026, 12, 3)


def test_month_first_locale_reads_numbers_month_first(qtbot: Any, form: Any) -> None:
    _, field, _ = form
    field.setLocale(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    _type_over(qtbot, field, "11/18/2026")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.date() == QDate(2026, 11, 18)


def test_one_style_and_a_calendar(qtbot: Any, form: Any) -> None:
    """A page asking for another display format still gets the program's one style."""
    _, field, _ = form
    field.setDisplayFormat("yyyy-MM-dd")
    assert field.text() == "3 Dec 2026"
    assert field.calendarPopup()
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.date() == QDate(2026, 12, 4)


def test_tab_into_the_field_selects_the_whole_date(qtbot: Any, form: Any) -> None:
    _, field, after = form
    after.setFocus()
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "2026-11-18")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.date() == QDate(2026, 11, 18)


def test_date_and_time(qtbot: Any) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    field = DateTimeField(QDateTime(QDate(2026, 12, 3), QTime(8, 0)))
    after = QLineEdit()
    layout = QVBoxLayout(window)
    layout.addWidget(field)
    layout.addWidget(after)
    window.show()
    qtbot.waitExposed(window)
    assert field.text() == "3 Dec 2026 08:00"
    _type_over(qtbot, field, "18 Nov 2026 22:30")
    qtbot.keyClick(field, Qt.Key.Key_Tab)
    assert field.dateTime() == QDateTime(QDate(2026, 11, 18), QTime(22, 30))
    _type_over(qtbot, field, "2026-11-19")  # no time typed: keeps 22:30
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert field.dateTime() == QDateTime(QDate(2026, 11, 19), QTime(22, 30))
