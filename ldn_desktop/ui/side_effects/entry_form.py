"""The nightly entry form: usable from the keyboard alone (Tab through, Enter adds the entry).

Enter saves from every field, the drop-downs and the severity and date fields included (an open
drop-down list takes Enter to choose its item first); when the entry cannot be saved, the reason
is shown next to each field concerned and the first of them gets the focus. A named symptom needs
a severity from 1 to 10 (``core.side_effects.check_severity``): 0 is "no side effects".

"No side effects tonight" is one button (Alt+N): it saves a severity-0 entry with whatever sleep and
dose are filled in. The dose is pre-filled from the titration plan for the entry's night until
the user types their own (``planned_dose`` is given by the page).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TypeVar

from PySide6.QtCore import QDateTime, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects import (
    NO_SIDE_EFFECTS,
    SLEEP_QUALITY_WORDS,
    LogEntry,
    Symptom,
    check_severity,
    checked_time,
    make_entry,
    night_of,
    parse_dose_taken,
    parse_dose_time,
    parse_sleep_hours,
    resolve_symptom,
)
from ldn_desktop.core.units import Quantity, format_dose, format_number
from ldn_desktop.ui.date_field import DateTimeField
from ldn_desktop.ui.widgets import FieldError, ValidatedField

PlannedDose = Callable[[date], Quantity | None]
_T = TypeVar("_T")


def _label(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _stack(top: QWidget | QHBoxLayout, error: QWidget) -> QVBoxLayout:
    box = QVBoxLayout()
    box.setSpacing(2)
    if isinstance(top, QWidget):
        box.addWidget(top)
    else:
        box.addLayout(top)
    box.addWidget(error)
    box.addStretch(1)
    return box


def _line(name: str, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit()
    edit.setAccessibleName(name)
    edit.setPlaceholderText(placeholder)
    edit.setMaxLength(200)
    return edit


class EntryForm(QWidget):
    """Signals: entry_ready(LogEntry) when a valid entry was made (the page saves it);
    add_symptom_requested() for "Add your own symptom…"."""

    entry_ready = Signal(object)
    add_symptom_requested = Signal()

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.decimal_mark = decimal_mark  # the user's locale's: hints, the planned dose, parsing
        self.planned_dose: PlannedDose = lambda _day: None
        self._dose_is_planned = True
        self.symptoms: tuple[Symptom, ...] = ()
        self._build()
        self.reset()

    def _build(self) -> None:
        self.when = DateTimeField()
        self.when.setCalendarPopup(True)
        self.when.setDisplayFormat("yyyy-MM-dd HH:mm")
        self.when.setAccessibleName("Date and time")
        self.when_error = FieldError(self)
        self.symptom = QComboBox()
        self.symptom.setAccessibleName("Symptom")
        self.detail = _line("Describe", "describe it (for 'other')")
        self.add_symptom = QPushButton("Add your own…")
        self.symptom_error = FieldError(self)
        self.severity = QSpinBox()
        self.severity.setRange(0, 10)
        self.severity.setAccessibleName("Severity, 0 none to 10 worst")
        self.severity.setSuffix(" / 10")
        self.severity.setSpecialValueText("choose 1–10")  # 0 is "no side effects", not a severity
        self.severity_error = FieldError(self)
        mark = self.decimal_mark
        self.sleep_hours = ValidatedField(
            _line("Sleep hours", f"e.g. {format_number(6.5, 1, mark)} or 6:30"), parse_sleep_hours
        )
        self.sleep_quality = QComboBox()
        self.sleep_quality.setAccessibleName("Sleep quality")
        self.sleep_quality.addItem("not recorded", None)
        for value, word in SLEEP_QUALITY_WORDS.items():
            self.sleep_quality.addItem(f"{value}: {word}", value)
        self.dose = ValidatedField(
            _line("Dose taken", f"e.g. {format_number(1.5, 1, mark)} mg, or missed"),
            lambda text: parse_dose_taken(text, mark),
        )
        self.dose_time = ValidatedField(_line("Dose time", "HH:MM, e.g. 22:00"), parse_dose_time)
        self.note = _line("Note", "anything else worth telling the prescriber")
        self.note.setMaxLength(2000)
        self.note_error = FieldError(self)
        self.add_button = QPushButton("&Add entry")
        self.add_button.setToolTip("Save this entry (Enter in any text field, or Ctrl+Enter)")
        self.none_button = QPushButton("&No side effects tonight")
        self.none_button.setToolTip("Save a 'no side effects' entry with the sleep and dose above")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(3, 2)
        grid.setColumnStretch(5, 2)
        self.severity.setMaximumWidth(110)
        when_box = _stack(self.when, self.when_error)
        symptom_row = QHBoxLayout()
        symptom_row.addWidget(self.symptom, 3)
        symptom_row.addWidget(self.detail, 2)
        symptom_row.addWidget(self.add_symptom)
        grid.addWidget(_label("&When", self.when), 0, 0)
        grid.addLayout(when_box, 0, 1)
        grid.addWidget(_label("S&ymptom", self.symptom), 0, 2)
        grid.addLayout(_stack(symptom_row, self.symptom_error), 0, 3, 1, 3)
        grid.addWidget(_label("Se&verity", self.severity), 1, 0)
        grid.addLayout(_stack(self.severity, self.severity_error), 1, 1)
        grid.addWidget(_label("&Sleep hours", self.sleep_hours.editor), 1, 2)
        top = Qt.AlignmentFlag.AlignTop  # a message under one field must not move the others
        grid.addWidget(self.sleep_hours, 1, 3, alignment=top)
        grid.addWidget(_label("Sleep &quality", self.sleep_quality), 1, 4)
        grid.addWidget(self.sleep_quality, 1, 5, alignment=top)
        grid.addWidget(_label("&Dose taken", self.dose.editor), 2, 0)
        grid.addWidget(self.dose, 2, 1, alignment=top)
        grid.addWidget(_label("Ta&ken at", self.dose_time.editor), 2, 2)
        grid.addWidget(self.dose_time, 2, 3, alignment=top)
        grid.addWidget(_label("N&ote", self.note), 2, 4)
        grid.addLayout(_stack(self.note, self.note_error), 2, 5)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.none_button)
        hint = QLabel("Enter saves. Severity: 1 mild … 10 worst.")
        hint.setObjectName("hint")
        buttons.addWidget(hint)
        buttons.addStretch(1)
        grid.addLayout(buttons, 3, 0, 1, 6)
        for row in range(3):
            for column in range(0, 6, 2):
                item = grid.itemAtPosition(row, column)
                if item is not None and item.widget() is not None:
                    item.widget().setAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop
                    )  # type: ignore[attr-defined]
        self._connect()

    def _connect(self) -> None:
        self.symptom.currentIndexChanged.connect(self._update_detail)
        self.when.dateTimeChanged.connect(self.refill_dose)
        self.dose.editor.textEdited.connect(self._dose_typed)
        self.add_button.clicked.connect(self.submit)
        self.none_button.clicked.connect(self.submit_no_side_effects)
        self.add_symptom.clicked.connect(self.add_symptom_requested)
        self.severity.valueChanged.connect(self.severity_error.clear_message)
        self.symptom.currentIndexChanged.connect(self.severity_error.clear_message)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setWhatsThis("Add tonight's entry")  # Help > Keyboard shortcuts
            shortcut.activated.connect(self.submit)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Enter from any field saves: line edits, spin and date fields and closed drop-downs
        leave Enter to their parent, so it arrives here once; a focused button is pressed."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = self.focusWidget()
            if isinstance(focused, QAbstractButton):
                focused.animateClick()
            else:
                self.submit()
            event.accept()
            return
        super().keyPressEvent(event)

    # -- state -------------------------------------------------------------------------------

    def set_symptoms(self, symptoms: tuple[Symptom, ...], select: str | None = None) -> None:
        current = select or self.symptom.currentData()
        self.symptoms = symptoms
        self.symptom.blockSignals(True)
        self.symptom.clear()
        for symptom in symptoms:
            self.symptom.addItem(symptom.label, symptom.label)
        self.symptom.blockSignals(False)
        found = self.symptom.findData(current)
        self.symptom.setCurrentIndex(max(found, 0))
        self._update_detail()

    def reset(self) -> None:
        """After saving: time back to now, fields cleared, dose from the plan again."""
        self.when.setDateTime(QDateTime.currentDateTime())
        self.severity.setValue(0)
        self.detail.clear()
        self.sleep_hours.set_text("")
        self.sleep_quality.setCurrentIndex(0)
        self.dose_time.set_text("")
        self.note.clear()
        for field in (self.sleep_hours, self.dose, self.dose_time):
            field.clear_error()
        self.when_error.clear_message()
        self.symptom_error.clear_message()
        self.severity_error.clear_message()
        self.note_error.clear_message()
        self._dose_is_planned = True
        self.refill_dose()

    def _update_detail(self) -> None:
        label = self.symptom.currentData()
        needs = any(s.label == label and s.needs_detail for s in self.symptoms)
        self.detail.setEnabled(needs)

    def _dose_typed(self, _text: str) -> None:
        self._dose_is_planned = False

    def refill_dose(self) -> None:
        """The plan's dose for the entry's night, unless the user typed their own."""
        if not self._dose_is_planned:
            return
        planned = self.planned_dose(night_of(self._when()))
        shown = "" if planned is None else format_dose(planned, decimal_mark=self.decimal_mark)
        self.dose.set_text(shown)
        self.dose.clear_error()

    def _when(self) -> datetime:
        """The typed date and time, local and naive (``checked_time`` gives it its offset)."""
        typed: datetime = self.when.dateTime().toPython()  # type: ignore[assignment]
        return typed.replace(second=0, microsecond=0, tzinfo=None)

    # -- making entries ----------------------------------------------------------------------

    def submit(self) -> LogEntry | None:
        """Validate every field (messages under each bad one); emit and return the entry."""
        symptom_text = str(self.symptom.currentData() or "")
        if self.detail.isEnabled() and self.detail.text().strip():
            symptom_text += f": {self.detail.text().strip()}"
        return self._make(symptom_text, self.severity.value())

    def submit_no_side_effects(self) -> LogEntry | None:
        return self._make(NO_SIDE_EFFECTS, 0)

    def _make(self, symptom_text: str, severity: int) -> LogEntry | None:
        """Check every field (a message next to each bad one, the first of them focused), then
        build the entry with ``make_entry``, the same rules as ``log add`` and CSV import."""
        now = datetime.now().astimezone()
        problems: list[QWidget] = []
        values = {}
        at = self._checked(lambda: checked_time(self._when(), now), self.when_error)
        if at is None:
            problems.append(self.when)
        resolved = self._checked(lambda: resolve_symptom(symptom_text, self.symptoms), None)
        if resolved is None:
            problems.append(self.detail if self.detail.isEnabled() else self.symptom)
        elif (
            self._checked(lambda: check_severity(resolved[0], severity), self.severity_error)
            is None
        ):
            problems.append(self.severity)
        for name, field in (("sleep_hours", self.sleep_hours), ("dose", self.dose),
                            ("dose_time", self.dose_time)):  # fmt: skip
            try:
                values[name] = field.value()
            except InputError:
                problems.append(field.editor)
        if problems or at is None or resolved is None:
            problems[0].setFocus()
            if isinstance(problems[0], QAbstractSpinBox):
                problems[0].selectAll()  # typing replaces the refused value
            return None
        dose, missed = values["dose"]
        entry = self._checked(
            lambda: make_entry(
                at=at,
                symptom=resolved[0],
                detail=resolved[1],
                severity=severity,
                sleep_hours=values["sleep_hours"],
                sleep_quality=self.sleep_quality.currentData(),
                dose=dose,
                dose_missed=missed,
                dose_time=values["dose_time"],
                note=self.note.text(),
                now=now,
            ),
            self.note_error,
        )
        if entry is not None:
            self.entry_ready.emit(entry)
        return entry

    def _checked(self, make: Callable[[], _T], error: FieldError | None) -> _T | None:
        """``make()``, or None with its message shown in ``error`` (None: the symptom's)."""
        try:
            value = make()
        except InputError as exc:
            if error is None:
                self._symptom_error(str(exc))
            else:
                error.show_message(str(exc))
            return None
        (self.symptom_error if error is None else error).clear_message()
        return value

    def _symptom_error(self, message: str) -> None:
        self.symptom_error.show_message(message)
