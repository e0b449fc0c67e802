"""The on-screen month calendar: each day's dose on its strength's colour, step changes, today.

A ``QCalendarWidget`` whose cells are painted from the schedule (the same ``ScheduledDay`` list
the printout and the dispensing counts use), with a legend of the doses underneath.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, QRect, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QCalendarWidget, QLabel, QVBoxLayout, QWidget

from ldn_desktop.core.titration import DoseTime, ScheduledDay, dose_mg
from ldn_desktop.core.units import format_dose
from ldn_desktop.reports.render_titration import dose_colours
from ldn_desktop.ui.colour_scheme import DARK_TEXT_ON_LIGHT_FILL, TODAY_FRAME, text_colour_on


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())


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
        self._colours: dict[Decimal, str] = {}
        self.today = date.today()
        self.setAccessibleName("Titration calendar")

    def set_schedule(self, days: Sequence[ScheduledDay]) -> None:
        self._days = {d.day: d for d in days}
        self._colours = dose_colours(days)
        self.updateCells()

    def dose_text(self, day: date) -> str:
        """What the cell of ``day`` says ("3 mg", or "" when no dose is planned)."""
        scheduled = self._days.get(day)
        return (
            "" if scheduled is None else format_dose(scheduled.dose, decimal_mark=self.decimal_mark)
        )

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
            fill = QColor(self._colours[dose_mg(scheduled.dose)])
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
            text = format_dose(scheduled.dose, decimal_mark=self.decimal_mark)
            if scheduled.dose_time is DoseTime.MORNING:
                text += "\nmorning"
            font.setBold(scheduled.step_starts)
            painter.setFont(font)
            painter.drawText(inner, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, text)
        if day == self.today:
            painter.setPen(QPen(TODAY_FRAME, 3))
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()


class DoseLegend(QLabel):
    """One coloured chip per dose in the schedule, plus what the marks mean."""

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decimal_mark = decimal_mark
        self.setWordWrap(True)
        self.setAccessibleName("Calendar legend")

    def set_schedule(self, days: Sequence[ScheduledDay]) -> None:
        """Chips flow like words: a line breaks between chips, never inside "0.5 mg"."""
        shown = {dose_mg(d.dose): format_dose(d.dose, decimal_mark=self.decimal_mark) for d in days}
        chips = " ".join(
            f"<span style='background-color:{colour}; color:{DARK_TEXT_ON_LIGHT_FILL.name()}'>"
            f"&nbsp;{shown[dose].replace(' ', '&nbsp;')}&nbsp;</span>"
            for dose, colour in dose_colours(days).items()
        )
        self.setText(f"{chips} &nbsp;▶&nbsp;the dose changes · red frame: today")


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

    def set_schedule(self, days: Sequence[ScheduledDay]) -> None:
        self.calendar.set_schedule(days)
        self.legend.set_schedule(days)
