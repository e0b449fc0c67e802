"""The plan's inputs: protocol, target, start date (with the washout's earliest start), dose time,
and the steps table. ``plan()`` returns the validated plan or raises InputError naming the field;
``edited`` fires on every change so the page recalculates at once.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration import (
    PROTOCOLS,
    DoseTime,
    DoseTimeChange,
    Plan,
    TitrationStart,
    dose_range,
    make_plan,
    parse_dose,
    protocol_steps,
    titration_start,
)
from ldn_desktop.core.units import format_number, with_decimal_mark
from ldn_desktop.core.washout import WashoutAssessment
from ldn_desktop.ui.date_field import DateField
from ldn_desktop.ui.elided_combo import ElidedComboBox
from ldn_desktop.ui.plain_text import plain
from ldn_desktop.ui.titration.start_reason import start_note
from ldn_desktop.ui.titration.steps_model import StepsTableModel
from ldn_desktop.ui.widgets import FieldError, ValidatedField


def protocol_choices(decimal_mark: str = ".") -> list[tuple[str, str]]:
    """The protocol drop-down's (key, text): each description (reference data, written with a
    point) in the user's notation, as the steps table below it."""
    return [
        (p.key, f"{p.label}: {with_decimal_mark(p.description, decimal_mark)}")
        for p in PROTOCOLS.values()
    ] + [("custom", "Custom steps")]


class PlanForm(QWidget):
    """Signal: edited() whenever an input changes (after the steps table is refreshed)."""

    edited = Signal()

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.earliest: date | None = None
        self.assessment: WashoutAssessment | None = None  # the saved washout check (or none)
        self.has_patient = False
        self.dose_time_changes: tuple[DoseTimeChange, ...] = ()
        self.protocol = ElidedComboBox(characters=24)  # a narrow window cuts the description: "…"
        self.protocol.setAccessibleName("Protocol")
        for key, text in protocol_choices(decimal_mark):
            self.protocol.addItem(text, key)
        self.target = ValidatedField(
            QLineEdit(), lambda t: parse_dose(t, "Target", decimal_mark) if t.strip() else None
        )
        usual = f"{format_number(dose_range().usual_maximum, 3, decimal_mark)} mg"
        self.target.editor.setPlaceholderText(f"{usual} (leave empty for the usual {usual})")
        self.target.editor.setAccessibleName("Target dose")
        self.start = DateField(calendarPopup=True)
        self.start.setDisplayFormat("d MMM yyyy")
        self.start.setAccessibleName("Start date")
        self.start.setDate(QDate.currentDate())
        self.start_error = FieldError()
        self.washout_note = plain(QLabel())  # medications and errors as typed
        self.washout_note.setWordWrap(True)
        self.override = QLineEdit()
        self.override.setAccessibleName("Reason for this start")
        self.override.setPlaceholderText(
            "needed if the washout blocks the start, none is saved, or the start is early or past"
        )
        self.dose_time = QComboBox()
        self.dose_time.setAccessibleName("Dose time")
        self.dose_time.addItem("At bedtime (usual)", DoseTime.BEDTIME.value)
        self.dose_time.addItem("In the morning (if sleep is disturbed)", DoseTime.MORNING.value)
        self.model = StepsTableModel(decimal_mark, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Steps")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(150)
        self.steps_error = FieldError()
        self.add_step = QPushButton("Add step")
        self.remove_step = QPushButton("Remove step")
        self._layout_widgets()
        self._connect()
        self.apply_protocol()

    def _layout_widgets(self) -> None:
        form = QFormLayout()
        form.addRow("Protocol", self.protocol)
        form.addRow("Target dose", self.target)
        start_box = QVBoxLayout()
        start_box.addWidget(self.start)
        start_box.addWidget(self.start_error)
        start_box.addWidget(self.washout_note)
        form.addRow("Start date", start_box)
        form.addRow("Start reason", self.override)
        form.addRow("Dose time at start", self.dose_time)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_step)
        buttons.addWidget(self.remove_step)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(QLabel("Steps (double-click a dose, days or end date to change it)"))
        layout.addWidget(self.table)
        layout.addWidget(self.steps_error)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.protocol.currentIndexChanged.connect(self.apply_protocol)
        self.target.edited.connect(self._on_target_edited)
        self.start.dateChanged.connect(self._on_start_changed)
        self.override.textChanged.connect(self.update_washout_note)
        self.override.textChanged.connect(self.edited)
        self.dose_time.currentIndexChanged.connect(self.edited)
        self.model.steps_edited.connect(self._on_steps_edited)
        self.model.edit_rejected.connect(self.steps_error.show_message)
        self.add_step.clicked.connect(self.model.append_step)
        self.remove_step.clicked.connect(self._remove_selected)

    # -- reacting ------------------------------------------------------------------------------

    def protocol_key(self) -> str:
        return str(self.protocol.currentData())

    def apply_protocol(self) -> None:
        """Fill the steps from the chosen protocol and target (Custom keeps the steps)."""
        key = self.protocol_key()
        if key != "custom":
            try:
                steps = protocol_steps(key, self.target.value())
            except InputError:
                self.edited.emit()
                return
            self.model.set_steps(steps, self.start_date())
        self.steps_error.clear_message()
        self.edited.emit()

    def _on_target_edited(self) -> None:
        if self.protocol_key() == "custom":
            self.edited.emit()
        else:
            self.apply_protocol()

    def _on_steps_edited(self) -> None:
        self.steps_error.clear_message()
        if self.protocol_key() != "custom":
            self.protocol.blockSignals(True)
            self.protocol.setCurrentIndex(self.protocol.findData("custom"))
            self.protocol.blockSignals(False)
        self.edited.emit()

    def _on_start_changed(self) -> None:
        self.model.set_start(self.start_date())
        self.update_washout_note()
        self.edited.emit()

    def _remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        row = rows[0].row() if rows else self.model.rowCount() - 1
        self.model.remove_step(row)

    # -- values --------------------------------------------------------------------------------

    def start_date(self) -> date:
        return self.start.date().toPython()

    def set_start_date(self, day: date) -> None:
        self.start.setDate(QDate(day.year, day.month, day.day))

    def set_earliest(self, earliest: date | None) -> None:
        self.earliest = earliest
        self.update_washout_note()

    def set_assessment(self, assessment: WashoutAssessment | None, has_patient: bool) -> None:
        """The patient's saved washout check (None: none saved) for the start decision."""
        self.assessment = assessment
        self.has_patient = has_patient
        self.update_washout_note()

    def start_decision(self) -> TitrationStart:
        """The core start decision for the start on screen (InputError if implausible)."""
        return titration_start(
            self.assessment,
            today=date.today(),
            start=self.start_date(),
            override_reason=self.override.text(),
        )

    def update_washout_note(self) -> None:
        """Why the start is allowed or not, next to the start date (core ``titration_start``)."""
        if not self.has_patient:
            self.washout_note.setText("Choose a patient to check the start against the washout.")
            return
        try:
            self.washout_note.setText(start_note(self.start_decision()))
        except InputError as exc:
            self.washout_note.setText(f"⚠ {exc}")

    def plan(self) -> Plan:
        """The plan the inputs describe (raises InputError, shown next to the field)."""
        target = self.target.value()
        del target  # validated; the protocol steps already include it
        return make_plan(
            self.start_date(),
            self.model.steps(),
            dose_time=DoseTime(self.dose_time.currentData()),
            protocol=self.protocol_key(),
            dose_time_changes=tuple(
                c for c in self.dose_time_changes if c.start > self.start_date()
            ),
            start_override_reason=self.override.text(),
        )

    def load(self, plan: Plan) -> None:
        """Show a saved plan (without re-deriving its steps from the protocol)."""
        for widget in (self.protocol, self.start, self.dose_time, self.override):
            widget.blockSignals(True)
        index = self.protocol.findData(plan.protocol)
        self.protocol.setCurrentIndex(index if index >= 0 else self.protocol.findData("custom"))
        self.set_start_date(plan.start)
        self.dose_time.setCurrentIndex(self.dose_time.findData(plan.dose_time.value))
        self.override.setText(plan.start_override_reason)
        self.dose_time_changes = plan.dose_time_changes
        self.model.set_steps(plan.steps, plan.start)
        for widget in (self.protocol, self.start, self.dose_time, self.override):
            widget.blockSignals(False)
        self.target.editor.blockSignals(True)
        self.target.set_text("")
        self.target.editor.blockSignals(False)
        self.update_washout_note()
        self.edited.emit()
