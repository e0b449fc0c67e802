"""The oral-liquid form (docs/reference/compounding.md §4.3): concentration, volume, source, vehicle."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.compounding import (
    ApiSource,
    Balance,
    ComponentExpiry,
    LiquidInput,
    compounding_reference,
)
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units import Q_, format_number, format_quantity
from ldn_desktop.ui.compounding.fields import (
    CompoundingDate,
    combo,
    count_field,
    emit_edited_on_any_change,
    expiry_field,
    percent_field,
    quantity_field,
    select,
)
from ldn_desktop.ui.widgets import ValidatedField, align_form_labels

VEHICLES = [
    ("nonpreserved", "Aqueous, no preservative (14 days, refrigerated)"),
    ("preserved", "Aqueous with preservative (35 days)"),
    ("nonaqueous", "Nonaqueous oral liquid (90 days)"),
]


def _optional_count(label: str) -> ValidatedField:
    field = count_field(label, maximum=366)
    parse = field.parser
    field.parser = lambda text: None if not text.strip() else parse(text)
    field.editor.setPlaceholderText("optional: split into fills within the BUD")
    return field


class LiquidForm(QWidget):
    """Signals: edited()."""

    edited = Signal()

    def __init__(self, mark: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark = mark
        self.balance = Balance()
        self.fields: dict[str, ValidatedField] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add(
            form,
            "concentration",
            "Concentration",
            quantity_field("Concentration", mark, "concentration", placeholder="1 mg/mL"),
        )
        self.basis = combo("Basis", [("hcl", "naltrexone HCl"), ("base", "naltrexone base")])
        form.addRow("Basis", self.basis)
        self._add(
            form,
            "volume",
            "Volume",
            quantity_field("Volume", mark, "volume", placeholder="e.g. 50 mL"),
        )
        self.vehicle = combo("Vehicle", VEHICLES)
        form.addRow("Vehicle", self.vehicle)
        self.source = combo(
            "Drug source", [("tablets", "Commercial tablets"), ("api", "API powder")]
        )
        form.addRow("Source", self.source)
        self.pages = QStackedWidget()
        tablets, tablet_form = QWidget(), QFormLayout()
        tablets.setLayout(tablet_form)
        tablet_form.setContentsMargins(0, 0, 0, 0)
        self._add(
            tablet_form,
            "tablet_strength",
            "Tablet strength",
            quantity_field("Tablet strength", mark, placeholder="50 mg"),
        )
        api, api_form = QWidget(), QFormLayout()
        api.setLayout(api_form)
        api_form.setContentsMargins(0, 0, 0, 0)
        self._add(
            api_form,
            "assay",
            "CoA assay (as is)",
            percent_field("Assay", mark, placeholder=f"e.g. 99{mark}5%", maximum=110),
        )
        self.pages.addWidget(tablets)
        self.pages.addWidget(api)
        form.addRow(self.pages)
        self._add(form, "api_expiry", "Drug expiry", expiry_field("Drug expiry"))
        self._add(
            form,
            "dose",
            "Patient's dose",
            quantity_field(
                "Dose",
                mark,
                optional=True,
                placeholder=f"e.g. {format_number(4.5, 1, mark)} mg (label in mL)",
            ),
        )
        self._add(form, "days", "Days of supply", _optional_count("Days of supply"))
        self.date_row = CompoundingDate()
        self.date = self.date_row.date
        form.addRow("Compounding date", self.date_row)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        self.fields["concentration"].set_text("1 mg/mL")
        self.fields["tablet_strength"].set_text(format_quantity(self._tablet_default(), 6, mark))
        self.source.currentIndexChanged.connect(self.pages.setCurrentIndex)
        align_form_labels(self)  # one label column across the groups and pages
        emit_edited_on_any_change(self)

    def _add(self, form: QFormLayout, key: str, label: str, field: ValidatedField) -> None:
        self.fields[key] = field
        form.addRow(label, field)

    def inputs(self) -> LiquidInput:
        """The liquid's inputs; marks every bad field and raises the first problem."""
        keys = ["concentration", "volume", "api_expiry", "dose", "days"]
        keys.append("assay" if self.source.currentData() == "api" else "tablet_strength")
        values: dict[str, Any] = {}
        problems: list[InputError] = []
        for key in keys:
            try:
                values[key] = self.fields[key].value()
            except InputError as exc:
                problems.append(InputError(str(exc), key))
        if problems:
            raise problems[0]
        try:
            return self._build(values)
        except InputError as exc:
            self.show_error(exc)
            raise

    def _build(self, v: dict[str, Any]) -> LiquidInput:
        vehicle = self.vehicle.currentData()
        api = self.source.currentData() == "api"
        expiry = v["api_expiry"]
        component = "API" if api else "tablets"
        return LiquidInput(
            concentration=v["concentration"],
            volume=v["volume"],
            source=ApiSource(v["assay"]) if api else None,
            tablet_strength=v.get("tablet_strength") or self._tablet_default(),
            basis=self.basis.currentData(),
            preserved=vehicle == "preserved",
            nonaqueous=vehicle == "nonaqueous",
            balance=self.balance,
            compounded_on=self.compounded_on(),
            expiries=(ComponentExpiry(component, expiry),) if expiry else (),
            dose=v["dose"],
            days=v["days"],
        )

    def _tablet_default(self) -> Any:
        return Q_(compounding_reference().liquid.tablet_strength_mg, "mg")

    def compounded_on(self) -> date:
        return self.date.date().toPython()  # type: ignore[no-any-return]

    def show_error(self, error: InputError) -> bool:
        key = {"tablets_expiry": "api_expiry", "preserved": "concentration"}.get(
            error.field or "", error.field or ""
        )
        if key == "date":
            self.date_row.error.show_message(str(error))
            return True
        field = self.fields.get(key)
        if field is None:
            return False
        field.show_error(str(error))
        return True

    def load(self, inputs: LiquidInput) -> None:
        mark = self.mark
        self.fields["concentration"].set_text(format_quantity(inputs.concentration, 6, mark))
        self.fields["volume"].set_text(format_quantity(inputs.volume, 6, mark))
        select(self.basis, inputs.basis)
        vehicle = (
            "nonaqueous"
            if inputs.nonaqueous
            else "preserved"
            if inputs.preserved
            else "nonpreserved"
        )
        select(self.vehicle, vehicle)
        if inputs.source is not None:
            select(self.source, "api")
            self.fields["assay"].set_text(f"{format_number(inputs.source.assay * 100, 6, mark)}%")
        else:
            select(self.source, "tablets")
            self.fields["tablet_strength"].set_text(
                format_quantity(inputs.tablet_strength, 6, mark)
            )
        expiry = inputs.expiries[0].expires_on.isoformat() if inputs.expiries else ""
        self.fields["api_expiry"].set_text(expiry)
        self.fields["dose"].set_text(format_quantity(inputs.dose, 6, mark) if inputs.dose else "")
        self.fields["days"].set_text(str(inputs.days) if inputs.days else "")
        self.date.setDate(QDate(inputs.compounded_on))

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            field.editor.setReadOnly(read_only)
        for box in self.findChildren(QComboBox):
            box.setEnabled(not read_only)
        self.date.setReadOnly(read_only)
