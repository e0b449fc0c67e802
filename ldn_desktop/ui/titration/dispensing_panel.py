"""The dispensing summary: capsules per strength (or mL of a liquid) for a supply window.

The window is the first 30 / 60 / 90 days from a date, or up to a refill date. The strengths
start as the pharmacy's (``settings()["defaults"]["capsule_strengths_mg"]``) and may be edited here.
The counts, what cannot be made and the proposal come from the one core decision
(``core.titration.dispense`` and its wording ``dispensing_lines``), as in the CLI and printouts.
"Send to compounding" asks for one strength's capsules: signal ``compounding_requested(Quantity,
int)``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration import (
    SUPPLY_DAYS,
    CapsuleForm,
    Dispensing,
    DoseForm,
    Plan,
    build_schedule,
    default_liquid,
    dispense,
    dispensing_lines,
    liquid_form,
    mg,
    parse_strengths,
    problem_lines,
    supply_window,
)
from ldn_desktop.core.units import Quantity, format_dose, format_number, format_quantity
from ldn_desktop.ui.date_field import DateField
from ldn_desktop.ui.plain_text import plain
from ldn_desktop.ui.widgets import QuantityEdit, ValidatedField, chain_tab_order

REFILL = "to a refill date"


class DispensingPanel(QGroupBox):
    """Signals: compounding_requested(object: Quantity in mg, int: capsules), changed()."""

    compounding_requested = Signal(object, int)
    changed = Signal()

    def __init__(
        self, strengths: Sequence[str], decimal_mark: str = ".", parent: QWidget | None = None
    ) -> None:
        super().__init__("Dispensing", parent)
        self.decimal_mark = decimal_mark
        self.plan: Plan | None = None
        self.dispensing: Dispensing | None = None
        self.supply_choice = QComboBox()
        self.supply_choice.setAccessibleName("Supply")
        self.supply_choice.addItems([f"first {n} days" for n in SUPPLY_DAYS] + [REFILL])
        self.supply_choice.setCurrentIndex(len(SUPPLY_DAYS) - 1)
        self.from_date = DateField(calendarPopup=True)
        self.from_date.setDisplayFormat("d MMM yyyy")
        self.from_date.setAccessibleName("Supply from")
        self.refill_date = DateField(calendarPopup=True)
        self.refill_date.setDisplayFormat("d MMM yyyy")
        self.refill_date.setAccessibleName("Refill date")
        self.capsules = QRadioButton("Capsules")
        self.capsules.setChecked(True)
        self.liquid = QRadioButton("Liquid")
        self.strengths = ValidatedField(QLineEdit(), lambda t: parse_strengths(t, decimal_mark))
        self.set_strengths(strengths)
        self.strengths.editor.setAccessibleName("Capsule strengths (mg)")
        self.concentration = QuantityEdit(
            "Concentration", "concentration", decimal_mark=decimal_mark, default_unit="mg/mL"
        )
        self.concentration.set_text(
            format_quantity(default_liquid().concentration, decimal_mark=decimal_mark)
        )
        self.result = plain(QLabel())  # an error quotes the strengths as typed
        self.result.setWordWrap(True)
        self.result.setAccessibleName("Dispensing summary")
        self.buttons = QVBoxLayout()
        # the proposal made actionable: add the proposed strength, or switch to the liquid
        self.add_strength_button = QPushButton()
        self.add_strength_button.clicked.connect(self._add_proposed_strength)
        self.use_liquid_button = QPushButton()
        self.use_liquid_button.clicked.connect(self._use_proposed_liquid)
        self.send_buttons: list[QPushButton] = []
        self._layout_widgets()
        for signal in (
            self.supply_choice.currentIndexChanged,
            self.from_date.dateChanged,
            self.refill_date.dateChanged,
            self.capsules.toggled,
            self.strengths.edited,
            self.concentration.edited,
        ):
            signal.connect(self.recalculate)

    def _layout_widgets(self) -> None:
        form = QFormLayout()
        form.addRow("Supply", self.supply_choice)
        form.addRow("From", self.from_date)
        form.addRow("Refill date", self.refill_date)
        kind = QHBoxLayout()
        kind.addWidget(self.capsules)
        kind.addWidget(self.liquid)
        kind.addStretch(1)
        form.addRow("Form", kind)
        form.addRow("Strengths (mg)", self.strengths)
        form.addRow("Liquid", self.concentration)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.result)
        proposal = QHBoxLayout()
        proposal.addWidget(self.add_strength_button)
        proposal.addWidget(self.use_liquid_button)
        proposal.addStretch(1)
        layout.addLayout(proposal)
        layout.addLayout(self.buttons)

    def set_plan(self, plan: Plan | None, keep_dates: bool = False) -> None:
        self.plan = plan
        if plan is not None and not keep_dates:
            for edit, day in ((self.from_date, plan.start), (self.refill_date, plan.start)):
                edit.blockSignals(True)
                edit.setDate(QDate(day.year, day.month, day.day))
                edit.blockSignals(False)
            self.refill_date.blockSignals(True)
            self.refill_date.setDate(self.from_date.date().addDays(29))
            self.refill_date.blockSignals(False)
        self.recalculate()

    def window_dates(self) -> tuple[date, date]:
        first = self.from_date.date().toPython()
        if self.supply_choice.currentText() == REFILL:
            return supply_window(first, until=self.refill_date.date().toPython())
        return supply_window(first, SUPPLY_DAYS[self.supply_choice.currentIndex()])

    def recalculate(self) -> None:
        refill = self.supply_choice.currentText() == REFILL
        self.refill_date.setEnabled(refill)
        self.strengths.setEnabled(self.capsules.isChecked())
        self.concentration.setEnabled(self.liquid.isChecked())
        self.dispensing = None
        self._set_buttons([])
        self._show_proposal(None)
        if self.plan is None:
            self.result.setText("No plan.")
            return
        try:
            self.dispensing = self._compute(self.plan)
        except InputError as exc:
            self.result.setText(f"⚠ {exc}")
            self.changed.emit()
            return
        self.result.setText(self.describe(self.dispensing))
        self._set_buttons([(k, n) for k, n in self.dispensing.capsules.items() if n])
        self._show_proposal(self.dispensing)
        self.changed.emit()

    def form(self) -> DoseForm:
        """Capsules in the strengths typed, or the liquid (raises InputError)."""
        if self.liquid.isChecked():
            return liquid_form(self.concentration.value())
        return CapsuleForm(self.strengths.value())

    def _compute(self, plan: Plan) -> Dispensing:
        first, last = self.window_dates()
        return dispense(build_schedule(plan, last, first), self.form())

    def describe(self, dispensing: Dispensing) -> str:
        """The core's wording, a line each; what cannot be made is marked ⚠."""
        lines = dispensing_lines(dispensing, self.decimal_mark)
        problems = problem_lines(dispensing, self.decimal_mark)
        body = lines[: len(lines) - len(problems)]
        return "\n".join([*body, *(f"⚠ {line}" for line in problems)])

    def _show_proposal(self, dispensing: Dispensing | None) -> None:
        proposal = dispensing.proposal if dispensing is not None else None
        strength = proposal.strength if proposal is not None else None
        self.add_strength_button.setVisible(strength is not None)
        if strength is not None:
            shown = format_dose(strength, decimal_mark=self.decimal_mark)
            self.add_strength_button.setText(f"Add a {shown} strength")
        liquid = proposal is not None and (
            not self.liquid.isChecked()
            or self.concentration.text().strip() != self._text(proposal.liquid.concentration)
        )
        self.use_liquid_button.setVisible(liquid)
        if proposal is not None:
            conc = self._text(proposal.liquid.concentration)
            self.use_liquid_button.setText(f"Use the {conc} liquid")

    def _text(self, concentration: Quantity) -> str:
        return format_quantity(concentration, decimal_mark=self.decimal_mark)

    @property
    def _separator(self) -> str:
        """Between strengths: "; " where "," is the decimal mark (``parse_strengths``)."""
        return "; " if self.decimal_mark == "," else ","

    def set_strengths(self, strengths_mg: Sequence[str]) -> None:
        """The stored capsule strengths (``["1.5", "3"]``) in the user's notation."""
        shown = (format_number(Decimal(value), 3, self.decimal_mark) for value in strengths_mg)
        self.strengths.set_text(self._separator.join(shown))

    def _add_proposed_strength(self) -> None:
        proposal = self.dispensing.proposal if self.dispensing is not None else None
        if proposal is None or proposal.strength is None:
            return
        added = format_dose(proposal.strength, decimal_mark=self.decimal_mark).removesuffix(" mg")
        self.strengths.set_text(self.strengths.text().rstrip(" ,;") + self._separator + added)

    def _use_proposed_liquid(self) -> None:
        proposal = self.dispensing.proposal if self.dispensing is not None else None
        if proposal is None:
            return
        self.concentration.set_text(self._text(proposal.liquid.concentration))
        self.liquid.setChecked(True)

    def _strength(self, key: str) -> str:
        return format_dose(mg(key), decimal_mark=self.decimal_mark)

    def _set_buttons(self, counts: list[tuple[str, int]]) -> None:
        for button in self.send_buttons:
            self.buttons.removeWidget(button)
            button.hide()
            button.deleteLater()
        self.send_buttons = []
        for key, count in counts:
            button = QPushButton(f"Send {count} × {self._strength(key)} to compounding")
            button.clicked.connect(lambda _=False, k=key, n=count: self._send(mg(k), n))
            self.buttons.addWidget(button)
            self.send_buttons.append(button)
        # made after the page: Tab reaches them after the proposal's buttons, not at the end
        chain_tab_order([self.add_strength_button, self.use_liquid_button, *self.send_buttons])

    def _send(self, strength: Quantity, count: int) -> None:
        self.compounding_requested.emit(strength, count)
