"""Planned start, time zone and screening answers of the Washout page (washout.md §4, §5)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QGroupBox, QLineEdit

from ldn_desktop.core.dates import format_day
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.washout import (
    Screening,
    TimePoint,
    UrineScreen,
    WashoutRequest,
    parse_time_point,
    point_people,
    zone,
)
from ldn_desktop.ui.washout.med_rows import DATE_HINT
from ldn_desktop.ui.widgets import CompleteOnFocus, ValidatedField


def _zone_text(text: str) -> str | None:
    name = text.strip()
    zone(name)  # raises InputError for an unknown zone
    return name or None


def _all_zones() -> list[str]:
    from zoneinfo import available_timezones

    return sorted(available_timezones())


class ScreeningForm(QGroupBox):
    """Signal: changed() on any edit."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__("Planned start and screening")
        today = date.today()
        start_editor = QLineEdit(format_day(today))
        start_editor.setPlaceholderText(DATE_HINT + " (a date alone counts as 00:00)")
        start_editor.setAccessibleName("Planned naltrexone start")
        self.start = ValidatedField(start_editor, lambda t: parse_time_point(t, "start"))
        tz_editor = QLineEdit()
        tz_editor.setPlaceholderText("none: local wall-clock time (e.g. America/New_York)")
        tz_editor.setAccessibleName("Time zone")
        self.tz = ValidatedField(tz_editor, _zone_text)
        # listing every zone takes ~20 ms: done when the field is first used
        self._tz_completion = CompleteOnFocus(tz_editor, _all_zones)
        self.uds = QComboBox()
        self.uds.setAccessibleName("Urine opioid screen")
        for label, value in (
            ("not done", UrineScreen.NOT_DONE),
            ("negative (never shortens a washout)", UrineScreen.NEGATIVE),
            ("positive", UrineScreen.POSITIVE),
        ):
            self.uds.addItem(label, value.value)
        self.withdrawal = QCheckBox("Withdrawal symptoms now")
        self.naloxone = QCheckBox("Naloxone challenge failed")
        form = QFormLayout(self)
        form.addRow("Planned start", self.start)
        form.addRow("Time zone", self.tz)
        form.addRow("Urine opioid screen", self.uds)
        form.addRow("", self.withdrawal)
        form.addRow("", self.naloxone)
        self.start.edited.connect(self.changed)
        self.tz.edited.connect(self.changed)
        self.uds.currentIndexChanged.connect(self.changed)
        self.withdrawal.toggled.connect(self.changed)
        self.naloxone.toggled.connect(self.changed)

    def read(self) -> tuple[TimePoint, str | None, Screening]:
        """Planned start, zone and answers; every bad field shows its message, the first raises."""
        errors: list[InputError] = []
        start = tz = None
        try:
            start = self.start.value()
        except InputError as exc:
            errors.append(exc)
        try:
            tz = self.tz.value()
        except InputError as exc:
            errors.append(exc)
        if errors or start is None:
            raise errors[0]
        screening = Screening(
            UrineScreen(self.uds.currentData()),
            self.withdrawal.isChecked(),
            self.naloxone.isChecked(),
        )
        return start, tz, screening

    def fill(self, request: WashoutRequest) -> None:
        """Show a saved request's answers (without emitting ``changed`` for each field)."""
        self.blockSignals(True)
        self.start.set_text(point_people(request.planned_start))
        self.tz.set_text(request.time_zone or "")
        self.uds.setCurrentIndex(self.uds.findData(request.screening.urine_screen.value))
        self.withdrawal.setChecked(request.screening.withdrawal_now)
        self.naloxone.setChecked(request.screening.naloxone_failed)
        self.blockSignals(False)
