"""The capsule batch form: unit-aware fields whose messages show under each field.

``inputs()`` checks every field (marking each bad one) and builds a ``CapsuleBatchInput``; the
calculation itself (and its own checks) lives in ``core``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.compounding import (
    CapsuleBatchInput,
    CompoundingReference,
)
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units import Q_, with_decimal_mark
from ldn_desktop.ui.compounding import form_loading, form_reading
from ldn_desktop.ui.compounding.fields import (
    CompoundingDate,
    combo,
    count_field,
    emit_edited_on_any_change,
    expiry_field,
    fraction_field,
    percent_field,
    quantity_field,
)
from ldn_desktop.ui.elided_combo import ElidedComboBox
from ldn_desktop.ui.widgets import ValidatedField, align_form_labels

SOURCES = [
    ("api", "Naltrexone HCl API powder"),
    ("tablets", "Commercial tablets"),
    ("trituration", "Stock trituration"),
]
METHODS = [
    ("measured", "A: measured fill weight"),
    ("displacement", "B: displacement"),
    ("volumetric", "C: volumetric (densities)"),
]
BALANCES = [("usp41", "Electronic, USP <41>"), ("class-iii", "Class III prescription balance")]
# the filler list's minimum: the default filler's whole name still shows at 1024 px; a longer
# one (HPMC grades) is cut short there with "…", its whole name in the tooltip
FILLER_CHARACTERS = 30
# core error fields that belong to one of the form's fields
FIELD_ALIASES = {
    "tablets_expiry": "api_expiry",
    "trituration_expiry": "api_expiry",
    "balance_safety_factor": "balance_readability",
    "source": "assay",
}


class CapsuleForm(QWidget):
    """Signals: edited() on any change."""

    edited = Signal()

    def __init__(self, mark: str, reference: CompoundingReference, parent: QWidget | None = None):
        super().__init__(parent)
        self.mark = mark
        self.reference = reference
        self.fields: dict[str, ValidatedField] = {}
        self.measure_buttons: list[QPushButton] = []  # "Measure…" beside each fill weight E
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._prescription_box())
        layout.addWidget(self._source_box())
        layout.addWidget(self._capsule_box())
        layout.addWidget(self._balance_box())
        layout.addStretch(1)
        align_form_labels(self)  # one label column across the groups and pages
        emit_edited_on_any_change(self)

    # -- building -----------------------------------------------------------------------------

    def _add(self, form: QFormLayout, key: str, label: str, field: ValidatedField) -> None:
        self.fields[key] = field
        form.addRow(label, field)

    def _prescription_box(self) -> QGroupBox:
        box, form = _group("Prescription")
        m = self.mark
        self._add(
            form,
            "strength",
            "Strength per capsule",
            quantity_field("Strength", m, placeholder=f"e.g. 4{m}5 mg"),
        )
        self.basis = combo(
            "Strength basis", [("hcl", "naltrexone HCl"), ("base", "naltrexone base")]
        )
        form.addRow("Basis", self.basis)
        self._add(form, "quantity", "Capsules prescribed", count_field("Capsules"))
        self.overage_kind = combo("Overage", [("extra", "extra capsules"), ("percent", "percent")])
        form.addRow("Overage as", self.overage_kind)
        self._add(form, "overage", "Overage", ValidatedField(QLineEdit("0"), self._parse_overage))
        self.fields["overage"].editor.setAccessibleName("Overage")
        self.date_row = CompoundingDate()
        self.date = self.date_row.date
        form.addRow("Compounding date", self.date_row)
        return box

    def _parse_overage(self, text: str) -> Any:
        if self.overage_kind.currentData() == "percent":
            return percent_field("Overage", self.mark).parser(text or "0")
        return count_field("Overage", minimum=0, maximum=1000).parser(text or "0")

    def _source_box(self) -> QGroupBox:
        box, form = _group("Drug source")
        m = self.mark
        self.source = combo("Drug source", SOURCES)
        form.addRow("Source", self.source)
        self.source_pages = QStackedWidget()
        api, api_form = _page()
        self._add(
            api_form,
            "assay",
            "CoA assay",
            percent_field("Assay", m, placeholder=f"e.g. 99{m}5%", maximum=110),
        )
        self.assay_basis = combo(
            "Assay basis", [("as-is", "as is"), ("anhydrous", "anhydrous"), ("dried", "dried")]
        )
        api_form.addRow("Assay basis", self.assay_basis)
        self._add(
            api_form,
            "water",
            "Water (KF) / LOD",
            percent_field("Water", m, placeholder="0%", maximum=50, optional=True),
        )
        self._add(
            api_form,
            "solvents",
            "Residual solvents",
            percent_field("Solvents", m, placeholder="0%", maximum=50, optional=True),
        )
        tablets, tablet_form = _page()
        self._add(
            tablet_form,
            "tablet_strength",
            "Tablet strength",
            quantity_field("Tablet strength", m, placeholder="50 mg"),
        )
        self._add(tablet_form, "tablets", "Tablets crushed", count_field("Tablets", maximum=1000))
        self._add(
            tablet_form,
            "tablets_weight",
            "Weight of intact tablets",
            quantity_field("Tablets weight", m, placeholder=f"e.g. 501{m}2 mg"),
        )
        trituration, trit_form = _page()
        self._add(
            trit_form,
            "trituration_strength",
            "mg drug per mg mix",
            fraction_field("Trituration strength", m),
        )
        for page in (api, tablets, trituration):
            self.source_pages.addWidget(page)
        form.addRow(self.source_pages)
        self._add(form, "api_expiry", "Drug expiry", expiry_field("Drug expiry"))
        self.source.currentIndexChanged.connect(self.source_pages.setCurrentIndex)
        return box

    def _capsule_box(self) -> QGroupBox:
        box, form = _group("Capsules and filler")
        m = self.mark
        self.capsule_size = combo(
            "Capsule size", [(s, f"size {s}") for s in self.reference.sizes_smallest_first()]
        )
        form.addRow("Capsule size", self.capsule_size)
        fillers = [(f.key, f.name) for f in self.reference.fillers.values()]
        # as wide as the form gives it, not as the longest filler name (one HPMC grade's name
        # alone set the whole form's minimum width and narrowed the results beside it)
        self.filler = combo("Filler", fillers, ElidedComboBox(characters=FILLER_CHARACTERS))
        form.addRow("Filler", self.filler)
        self._add(form, "filler_expiry", "Filler expiry", expiry_field("Filler expiry"))
        self.method = combo("Fill method", METHODS)
        form.addRow("Fill method", self.method)
        self.method_pages = QStackedWidget()
        measured, measured_form = _page()
        self._add_fill_weight(measured_form, "fill_weight")
        displacement, disp_form = _page()
        self._add_fill_weight(disp_form, "fill_weight_b")
        self._add(
            disp_form,
            "api_fill_weight",
            "Drug fill weight P_api",
            quantity_field("Drug fill weight", m, placeholder="e.g. 320 mg"),
        )
        volumetric, vol_form = _page()
        self._add(
            vol_form,
            "filler_density",
            "Filler density",
            quantity_field(
                "Filler density", m, "density", optional=True, placeholder="from the filler chart"
            ),
        )
        self._add(
            vol_form,
            "api_density",
            "Drug density",
            quantity_field("Drug density", m, "density", placeholder=f"e.g. 0{m}6 g/mL"),
        )
        for page in (measured, displacement, volumetric):
            self.method_pages.addWidget(page)
        form.addRow(self.method_pages)
        self.confirm_fill = QCheckBox("I confirm this unusual fill (measured, correct)")
        self.confirm_fill.setAccessibleName("Confirm fill")
        self.confirm_fill.setToolTip(
            with_decimal_mark(
                "A fill or density outside 0.2–1.5 g/mL packed is refused unless you confirm it.",
                m,
            )
        )
        form.addRow("", self.confirm_fill)
        self.method.currentIndexChanged.connect(self.method_pages.setCurrentIndex)
        return box

    def _add_fill_weight(self, form: QFormLayout, key: str) -> None:
        """E, with a button that works it out from weighed capsules (``FillWeightDialog``)."""
        field = quantity_field(
            "Fill weight", self.mark, optional=True, placeholder="from the filler chart"
        )
        self.fields[key] = field
        measure = QPushButton("Measure…")
        self.measure_buttons.append(measure)
        measure.setAccessibleName("Measure the fill weight")
        measure.setToolTip("Work E out from weighed capsules filled with the filler alone")
        measure.clicked.connect(lambda: self.measure_fill_weight(field))
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(field, 1)
        row.addWidget(measure, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow("Fill weight E", row)

    def measure_fill_weight(self, field: ValidatedField) -> None:
        """Ask for the weighings; the E they give goes into ``field`` (the form recalculates)."""
        from ldn_desktop.ui.compounding.fill_weight_dialog import FillWeightDialog

        size = str(self.capsule_size.currentData())
        text = FillWeightDialog.ask(self, size, self.reference.capsule(size).shell_mg, self.mark)
        if text is not None:
            field.set_text(text)
            field.setFocus()

    def _balance_box(self) -> QGroupBox:
        box, form = _group("Balance")
        m = self.mark
        self.balance = combo("Balance", BALANCES)
        form.addRow("Balance", self.balance)
        self._add(
            form,
            "balance_readability",
            "Readability d",
            quantity_field("Readability", m, placeholder=f"0{m}1 mg"),
        )
        self._add(
            form,
            "balance_sd",
            "Repeatability SD s",
            quantity_field("Repeatability SD", m, placeholder=f"0{m}03 mg"),
        )
        self.balance.currentIndexChanged.connect(self._balance_kind_changed)
        return box

    def _balance_kind_changed(self) -> None:
        usp = self.balance.currentData() == "usp41"
        for key in ("balance_readability", "balance_sd"):
            self.fields[key].setEnabled(usp)

    # -- reading ------------------------------------------------------------------------------

    def _value(self, key: str, problems: list[InputError]) -> Any:
        try:
            return self.fields[key].value()
        except InputError as exc:
            problems.append(exc.with_field(key) if not exc.field else InputError(str(exc), key))
            return None

    def inputs(self) -> CapsuleBatchInput:
        """The batch inputs; marks every bad field and raises the first problem (field = key)."""
        for field in self.fields.values():
            field.clear_error()
        problems: list[InputError] = []
        v = {key: self._value(key, problems) for key in form_reading.visible_keys(self)}
        if problems:
            raise problems[0]
        try:
            return form_reading.build_inputs(self, v)
        except InputError as exc:
            self.show_error(exc)
            raise

    def compounded_on(self) -> date:
        return self.date.date().toPython()  # type: ignore[no-any-return]

    def show_error(self, error: InputError) -> bool:
        """Show a core error under its field; False if no field matches."""
        key = FIELD_ALIASES.get(error.field or "", error.field or "")
        if key == "date":
            self.date_row.error.show_message(str(error))
            return True
        if key == "fill_weight" and self.method.currentData() == "displacement":
            key = "fill_weight_b"
        field = self.fields.get(key)
        if field is None:
            return False
        field.show_error(str(error))
        return True

    # -- writing ------------------------------------------------------------------------------

    def apply_defaults(self, defaults: dict[str, Any]) -> None:
        form_loading.apply_defaults(self, defaults)

    def apply_balance(self, defaults: dict[str, Any]) -> None:
        form_loading.apply_balance(self, defaults)

    def load(self, inputs: CapsuleBatchInput) -> None:
        form_loading.load_inputs(self, inputs)

    def set_strength(self, mg: Decimal) -> None:
        from ldn_desktop.core.units import format_dose

        self.fields["strength"].set_text(format_dose(Q_(mg, "mg"), decimal_mark=self.mark))

    def set_read_only(self, read_only: bool) -> None:
        for field in self.fields.values():
            field.editor.setReadOnly(read_only)
        for box in self.findChildren(QComboBox):
            box.setEnabled(not read_only)
        self.confirm_fill.setEnabled(not read_only)
        for button in self.measure_buttons:
            button.setEnabled(not read_only)
        self.date.setReadOnly(read_only)
        if not read_only:
            self._balance_kind_changed()


def _group(title: str) -> tuple[QGroupBox, QFormLayout]:
    box = QGroupBox(title)
    form = QFormLayout(box)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return box, form


def _page() -> tuple[QWidget, QFormLayout]:
    page = QWidget()
    form = QFormLayout(page)
    form.setContentsMargins(0, 0, 0, 0)
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    return page, form
