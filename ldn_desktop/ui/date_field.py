"""The one date field of the program: shows ``18 Nov 2026``, accepts what people type, has a
calendar popup.

``DateField`` (a QDateEdit) and ``DateTimeField`` (a QDateTimeEdit) keep the Qt API the pages use
(``date()``, ``setDate()``, ``dateChanged``, ranges, read-only) but read typed text as a whole
with ``core.dates.parse_day``: selecting the date and typing ``18 Nov 2026``, ``2026-11-18`` or
``18/11/2026`` (in the locale's day/month order) gives 18 November 2026. A plain QDateEdit reads
keys section by section, and typing ``18 Nov 2026`` over a selected date gave 2 Nov 2026.

Text that is not a date yet is allowed while typing; when the field is left with text that is
not a date, the field goes back to its last date (and a tooltip says how to type one). The
display format is the program's one style for people (``core.dates.format_day``); a page asking
for another format gets this one, so every date on screen looks the same.

The calendar pop-up opens with a click on the arrow, as in Qt, and from the keyboard with Alt+Down
or F4, as a drop-down list does (QDateTimeEdit itself has no key for it).
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QDate, QDateTime, QEvent, QLocale, QPointF, Qt, QTime
from PySide6.QtGui import QFocusEvent, QKeyEvent, QMouseEvent, QValidator
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCalendarWidget,
    QDateEdit,
    QDateTimeEdit,
    QStyle,
    QStyleOptionComboBox,
    QWidget,
)

from ldn_desktop.core.dates import EXAMPLE, could_become_a_date, format_day, parse_day
from ldn_desktop.core.errors import InputError

DATE_FORMAT = "d MMM yyyy"  # the Qt spelling of core.dates.format_day
DATE_TIME_FORMAT = "d MMM yyyy HH:mm"


def locale_is_day_first(locale: QLocale | None = None) -> bool:
    """Whether the user's locale writes numeric dates day first (18/11/2026) or month first."""
    pattern = (locale or QLocale()).dateFormat(QLocale.FormatType.ShortFormat)
    day, month = pattern.find("d"), pattern.find("M")
    return day < 0 or month < 0 or day < month


def use_english_dates(calendar: QCalendarWidget) -> None:
    """A calendar in the program's one date language (English month and day names, as every date
    it shows: ``core.dates``), its week starting on the user's first day (Monday in France,
    Sunday in the US)."""
    user = QLocale()
    calendar.setLocale(QLocale(QLocale.Language.English, user.territory()))
    calendar.setFirstDayOfWeek(user.firstDayOfWeek())


_SECTION_KEYS = frozenset(
    {
        Qt.Key.Key_Up,
        Qt.Key.Key_Down,
        Qt.Key.Key_PageUp,
        Qt.Key.Key_PageDown,
        Qt.Key.Key_Return,
        Qt.Key.Key_Enter,
        Qt.Key.Key_Escape,
    }
)


def _split_time(text: str) -> tuple[str, QTime | None]:
    """``18 Nov 2026 22:00`` -> (``18 Nov 2026``, 22:00); no time at the end -> (text, None)."""
    head, _, tail = text.strip().rpartition(" ")
    if head and ":" in tail:
        parsed = QTime.fromString(tail, "H:mm")
        if parsed.isValid():
            return head, parsed
    return text, None


class _TypedDateMixin:
    """The typing rules shared by the date and the date-and-time field (needs a QDateTimeEdit)."""

    _with_time = False

    def _setup(self: QDateTimeEdit) -> None:  # type: ignore[misc]
        self.setCalendarPopup(True)
        self.setKeyboardTracking(False)  # "2026-11-1" on the way to "2026-11-19" is not a date
        # QDateTimeEdit re-reads the text whenever the cursor crosses into another section of
        # the date, which undoes half-typed text: the field reads the text as a whole instead
        self.lineEdit().cursorPositionChanged.disconnect()
        QDateTimeEdit.setDisplayFormat(self, DATE_TIME_FORMAT if self._with_time else DATE_FORMAT)
        self.setToolTip(f"Type a date ({EXAMPLE}) or pick one from the calendar.")

    def _read(self, text: str) -> QDateTime | None:
        body, at = _split_time(text) if self._with_time else (text, None)
        try:
            day = parse_day(body, day_first=locale_is_day_first(self.locale()))  # type: ignore[attr-defined]
        except InputError:
            return None
        if self._with_time and at is None:
            at = self.time()  # type: ignore[attr-defined]
        return QDateTime(QDate(day.year, day.month, day.day), at or QTime(0, 0))

    def _in_range(self, moment: QDateTime) -> bool:
        return bool(self.minimumDate() <= moment.date() <= self.maximumDate())  # type: ignore[attr-defined]

    def calendarWidget(self) -> QCalendarWidget:
        """The pop-up calendar, in English (``use_english_dates``) from its first use: made when
        first asked for, as Qt makes it (building it with the field cost ~7 ms on a page's first
        visit)."""
        calendar: QCalendarWidget = QDateTimeEdit.calendarWidget(self)  # type: ignore[arg-type]
        if not calendar.property("englishDates"):
            use_english_dates(calendar)
            calendar.setProperty("englishDates", True)
        return calendar

    def mousePressEvent(self, event: QMouseEvent) -> None:
        """A click may open the pop-up: Qt makes it from C++, so ask for it here first."""
        self.calendarWidget()
        super().mousePressEvent(event)  # type: ignore[misc]

    def open_calendar(self: QDateTimeEdit) -> bool:  # type: ignore[misc]
        """Open the pop-up calendar as a click on the arrow does (Qt places it, selects the
        field's date, and takes the day chosen with Enter or a click); False when the field has
        no pop-up or is read-only."""
        if not self.calendarPopup() or self.isReadOnly() or not self.isEnabled():
            return False
        option = QStyleOptionComboBox()  # how QDateTimeEdit finds its arrow
        option.initFrom(self)
        option.editable = True
        option.subControls = QStyle.SubControl.SC_All
        arrow = self.style().subControlRect(
            QStyle.ComplexControl.CC_ComboBox, option, QStyle.SubControl.SC_ComboBoxArrow, self
        )
        at = QPointF(arrow.center())
        press = QMouseEvent(
            QEvent.Type.MouseButtonPress,
            at,
            QPointF(self.mapToGlobal(at)),
            Qt.MouseButton.LeftButton,
            Qt.MouseButton.LeftButton,
            Qt.KeyboardModifier.NoModifier,
        )
        self.mousePressEvent(press)
        calendar = self.calendarWidget()
        if not calendar.isVisible():
            return False
        calendar.setFocus(Qt.FocusReason.PopupFocusReason)
        return True

    # -- QDateTimeEdit's virtual methods -----------------------------------------------------

    def validate(self, text: str, pos: int) -> object:
        moment = self._read(text)
        if moment is not None and self._in_range(moment):
            return QValidator.State.Acceptable, text, pos
        if could_become_a_date(text) or (
            self._with_time and could_become_a_date(text.rsplit(" ", 1)[0])  # time half-typed
        ):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos

    def fixup(self, text: str) -> str:
        moment = self._read(text)
        if moment is None or not self._in_range(moment):
            return self.textFromDateTime(self.dateTime())  # type: ignore[attr-defined,no-any-return]
        return text

    def dateTimeFromText(self, text: str) -> QDateTime:
        moment = self._read(text)
        return moment if moment is not None else self.dateTime()  # type: ignore[attr-defined,no-any-return]

    def textFromDateTime(self, moment: QDateTime) -> str:
        day: date = moment.date().toPython()  # type: ignore[assignment]
        if not self._with_time:
            return format_day(day)
        return f"{format_day(day)} {moment.time().toString('HH:mm')}"

    def setDisplayFormat(self, _format: str) -> None:
        """Every date field shows the program's one style (see the module docstring)."""

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Alt+Down and F4 open the calendar; arrows, Page Up/Down, Enter and Escape step and
        finish as usual; every other key edits the text as a whole (QDateTimeEdit would send it
        to one section of the date)."""
        opens = event.key() == Qt.Key.Key_F4 or (
            event.key() == Qt.Key.Key_Down and event.modifiers() & Qt.KeyboardModifier.AltModifier
        )
        if opens and self.calendarPopup():  # type: ignore[attr-defined]
            self._take_typed_text()  # a date typed just before is the one the calendar shows
            if self.open_calendar():
                event.accept()
                return
        if event.key() in _SECTION_KEYS:
            super().keyPressEvent(event)  # type: ignore[misc]
        else:
            QAbstractSpinBox.keyPressEvent(self, event)  # type: ignore[arg-type]

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab leaves the field (QDateTimeEdit would walk through day, month and year)."""
        self._take_typed_text()
        return QWidget.focusNextPrevChild(self, forward)  # type: ignore[arg-type]

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Tabbing into the field selects the whole date, so typing replaces it."""
        super().focusInEvent(event)  # type: ignore[misc]
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.lineEdit().selectAll()  # type: ignore[attr-defined]

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._take_typed_text()
        super().focusOutEvent(event)  # type: ignore[misc]

    def _take_typed_text(self) -> None:
        """Leaving the field: a typed date is taken; text that is not one shows the last date."""
        edit = self.lineEdit()  # type: ignore[attr-defined]
        moment = self._read(edit.text())
        if moment is None or not self._in_range(moment):
            edit.setText(self.textFromDateTime(self.dateTime()))  # type: ignore[attr-defined]
        elif moment != self.dateTime():  # type: ignore[attr-defined]
            self.setDateTime(moment)  # type: ignore[attr-defined]


class DateField(_TypedDateMixin, QDateEdit):
    """A date: ``18 Nov 2026``; typed as people write it; calendar popup."""

    def __init__(
        self, value: QDate | date | None = None, parent: QWidget | None = None, **_: object
    ) -> None:
        super().__init__(parent)
        self._setup()
        if value is not None:
            self.setDate(
                value if isinstance(value, QDate) else QDate(value.year, value.month, value.day)
            )

    def value(self) -> date:
        """The date as a Python ``date``."""
        return self.date().toPython()  # type: ignore[no-any-return]


class DateTimeField(_TypedDateMixin, QDateTimeEdit):
    """A date and time: ``18 Nov 2026 22:00``; the date typed as people write it."""

    _with_time = True

    def __init__(
        self, value: QDateTime | datetime | None = None, parent: QWidget | None = None, **_: object
    ) -> None:
        super().__init__(parent)
        self._setup()
        if value is not None:
            self.setDateTime(value if isinstance(value, QDateTime) else QDateTime(value))

    def value(self) -> datetime:
        return self.dateTime().toPython()  # type: ignore[no-any-return]
