"""The on-screen month calendar: each day's dose on its strength's colour, step changes, today.

A ``QCalendarWidget`` whose cells are painted from the schedule (the same ``ScheduledDay`` list
the printout and the dispensing counts use), with a legend of the doses underneath. When the
dispensing panel has a form (capsule strengths or a liquid), the legend says what to take for each
dose ("3 mg: 2 × 1.5 mg capsules", "4.5 mg: 4.5 mL"), in the words of the printed calendar's
cells (core ``dose_supply``/``take_text``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from html import escape

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QCalendarWidget, QLabel, QVBoxLayout, QWidget

from ldn_desktop.core.titration import (
    DoseForm,
    DoseTime,
    ScheduledDay,
    dose_mg,
    dose_supply,
    not_made_text,
    take_text,
)
from ldn_desktop.core.units import Quantity, format_dose
from ldn_desktop.reports.render_titration import dose_colours
from ldn_desktop.ui.colour_scheme import DARK_TEXT_ON_LIGHT_FILL, TODAY_FRAME, text_colour_on
from ldn_desktop.ui.date_field import use_english_dates
from ldn_desktop.ui.plain_text import rich


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


def _distinct_doses(days: Sequence[ScheduledDay]) -> dict[Decimal, Quantity]:
    """One dose per distinct mg (a plan has a few; the calendar and legend work per dose, not
    per day: they are redone on every keystroke in the plan form)."""
    doses: dict[Decimal, Quantity] = {}
    for day in days:
        doses.setdefault(dose_mg(day.dose), day.dose)
    return doses


class DoseCalendar(QCalendarWidget):
    """Paints the dose, a "new dose" mark and the dose time into each day of the month."""

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decimal_mark = decimal_mark
        self.setGridVisible(True)
        self.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        self.setHorizontalHeaderFormat(QCalendarWidget.HorizontalHeaderFormat.ShortDayNames)
        self.setMinimumSize(360, 200)
        self._days: dict[date, ScheduledDay] = {}
        # per distinct dose: what its cells say and their fill, worked out once per schedule, not
        # in each of the month's 42 cell paints
        self._texts: dict[Decimal, str] = {}
        self._fills: dict[Decimal, QColor] = {}
        self.today = date.today()
        self.setAccessibleName("Titration calendar")
        use_english_dates(self)

    def set_schedule(self, days: Sequence[ScheduledDay]) -> None:
        self._days = {d.day: d for d in days}
        doses = _distinct_doses(days)
        self._texts = {k: format_dose(q, decimal_mark=self.decimal_mark) for k, q in doses.items()}
        self._fills = {k: QColor(colour) for k, colour in dose_colours(days).items()}
        self.updateCells()

    def dose_text(self, day: date) -> str:
        """What the cell of ``day`` says ("3 mg", or "" when no dose is planned)."""
        scheduled = self._days.get(day)
        return "" if scheduled is None else self._texts[dose_mg(scheduled.dose)]

    def is_step_change(self, day: date) -> bool:
        scheduled = self._days.get(day)
        return bool(scheduled and scheduled.step_starts)

    def show_day(self, day: date) -> None:
        self.setCurrentPage(day.year, day.month)

    def paintCell(self, painter: QPainter, rect: QRect, qdate: QDate) -> None:
        day = _pydate(qdate)
        scheduled = self._days.get(day)
        in_month = qdate.month() == self.monthShown()
        painter.save()
        fill = None
        if scheduled is not None and in_month:
            fill = self._fills[dose_mg(scheduled.dose)]
            painter.fillRect(rect, fill)
        # dark text on a dose colour, the palette's text elsewhere: readable light or dark
        painter.setPen(text_colour_on(self.palette(), fill, dimmed=not in_month))
        font = QFont(painter.font())
        font.setBold(True)
        painter.setFont(font)
        inner = rect.adjusted(4, 2, -4, -2)
        mark = ""
        if scheduled is not None and scheduled.step_starts and in_month:
            mark = " ▶"
        painter.drawText(
            inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"{qdate.day()}{mark}"
        )
        if scheduled is not None and in_month:
            text = self._texts[dose_mg(scheduled.dose)]
            if scheduled.dose_time is DoseTime.MORNING:
                text += "\nmorning"
            font.setBold(scheduled.step_starts)
            painter.setFont(font)
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)
        if day == self.today:
            painter.setPen(QPen(TODAY_FRAME, 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


def _nobreak(text: str) -> str:
    return escape(text).replace(" ", "&nbsp;")


class DoseLegend(QLabel):
    """One coloured chip per dose in the schedule, plus what the marks mean; with a dispensing
    form, what to take for each dose after its chip."""

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decimal_mark = decimal_mark
        rich(self)  # also without a chip ("&nbsp;▶&nbsp;the dose changes")
        self.setWordWrap(True)
        self.setAccessibleName("Calendar legend")
        self.take_lines: dict[Decimal, str] = {}  # dose (mg) -> what to take, or why it cannot be

    def set_schedule(self, days: Sequence[ScheduledDay], form: DoseForm | None = None) -> None:
        """Chips flow like words: a line breaks between chips, never inside "0.5 mg"; with a
        form, one dose a line, its chip then what to take."""
        mark = self.decimal_mark
        doses = _distinct_doses(days)
        shown = {key: format_dose(dose, decimal_mark=mark) for key, dose in doses.items()}
        self.take_lines = {}
        if form is not None:
            for key, dose in doses.items():
                words = take_text(dose_supply(dose, form), mark)
                self.take_lines[key] = words or f"⚠ {not_made_text(form)}"
        chips = []
        for dose, colour in dose_colours(days).items():
            chip = (
                f"<span style='background-color:{colour}; color:{DARK_TEXT_ON_LIGHT_FILL.name()}'>"
                f"&nbsp;{_nobreak(shown[dose])}&nbsp;</span>"
            )
            if dose in self.take_lines:
                words = self.take_lines[dose]  # "2 × 1.5 mg capsules" stays whole; a warning wraps
                chip += f": {escape(words) if words.startswith('⚠') else _nobreak(words)}"
            chips.append(chip)
        marks = "▶&nbsp;the dose changes · red frame: today"
        if self.take_lines:
            self.setText("<br/>".join(chips) + f"<br/>{marks}")
        else:
            self.setText(f"{' '.join(chips)} &nbsp;{marks}")


class CalendarPanel(QWidget):
    """The calendar with its legend."""

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.calendar = DoseCalendar(decimal_mark)
        self.legend = DoseLegend(decimal_mark)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.calendar, 1)
        layout.addWidget(self.legend)
        self._days: Sequence[ScheduledDay] = ()
        self._form: DoseForm | None = None

    def set_schedule(self, days: Sequence[ScheduledDay]) -> None:
        self._days = days
        self.calendar.set_schedule(days)
        self.legend.set_schedule(days, self._form)

    def set_form(self, form: DoseForm | None) -> None:
        """The dispensing form the legend says what to take in (None: doses only)."""
        if form == self._form:  # the legend already has it (set_schedule used it)
            return
        self._form = form
        self.legend.set_schedule(self._days, form)
