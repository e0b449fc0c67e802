"""Settings page boxes: the pharmacy's balance, and the filler and capsule-size defaults.

The balance box shows the minimum weight the balance allows as it is typed, computed by
``core.balances.minimum_weight_mg`` (docs/reference/compounding.md §6.1 USP <41>: 2000 × max(s, 0.41 d);
§6.2 Class III: 6 mg / 5 % = 120 mg).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from ldn_desktop.core.compounding import (
    Balance,
    CompoundingReference,
    compounding_reference,
    describe_balance,
    minimum_weight_mg,
)
from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.settings_values import parse_repeatability_sd, quantity_to_json
from ldn_desktop.core.units import format_number
from ldn_desktop.ui import marked_style
from ldn_desktop.ui.plain_text import tooltip
from ldn_desktop.ui.widgets import QuantityEdit, ValidatedField

BALANCE_KINDS = (
    ("usp41", "Electronic balance, checked to USP <41>"),
    ("class-iii", "Class III prescription balance (sensitivity 6 mg)"),
)


def _reference() -> CompoundingReference | None:
    try:
        return compounding_reference()
    except LdnError:
        return None


class BalanceBox(QGroupBox):
    """Signals: changed() on any edit."""

    changed = Signal()

    def __init__(self, decimal_mark: str, parent: QWidget | None = None) -> None:
        super().__init__("The pharmacy's balance", parent)
        self.mark = decimal_mark
        self.kind = QComboBox()
        self.kind.setAccessibleName("Balance type")
        for key, label in BALANCE_KINDS:
            self.kind.addItem(label, key)
        self.readability = QuantityEdit(
            "Readability",
            decimal_mark=decimal_mark,
            minimum=0.000001,
            maximum=1000,
            placeholder=f"e.g. 0{decimal_mark}1 mg",
        )
        sd_editor = QLineEdit()
        sd_editor.setAccessibleName("Repeatability SD")
        sd_editor.setPlaceholderText(f"e.g. 0{decimal_mark}03 mg")
        self.repeatability = ValidatedField(
            sd_editor, lambda text: parse_repeatability_sd(text, decimal_mark)
        )
        self._loaded: dict[str, Any] = {}
        self.minimum = QLabel()
        self.minimum.setWordWrap(True)
        self.minimum.setAccessibleName("Minimum weight")
        for field in (self.readability, self.repeatability):
            field.editor.setMaximumWidth(260)
        self.kind.setMaximumWidth(420)
        form = QFormLayout(self)
        form.addRow("Balance &type:", self.kind)
        form.addRow("Rea&dability (d):", self.readability)
        form.addRow("Repeatabilit&y SD (s):", self.repeatability)
        form.addRow("", self.minimum)
        self.kind.currentIndexChanged.connect(self._on_edit)
        self.readability.edited.connect(self._on_edit)
        self.repeatability.edited.connect(self._on_edit)

    def fields(self) -> list[ValidatedField]:
        if self.kind.currentData() == "class-iii":
            return []  # a Class III balance is described by its class; d and s are kept
        return [self.readability, self.repeatability]

    def load(self, balance: dict[str, Any]) -> None:
        self._loaded = dict(balance)
        self.kind.blockSignals(True)
        self.kind.setCurrentIndex(max(0, self.kind.findData(balance.get("kind", "usp41"))))
        self.kind.blockSignals(False)
        for field, key in (
            (self.readability, "readability"),
            (self.repeatability, "repeatability_sd"),
        ):
            stored = balance.get(key) or {}
            try:
                text = (
                    f"{format_number(Decimal(str(stored['value'])), 6, self.mark)} {stored['unit']}"
                )
            except (KeyError, ArithmeticError, ValueError):
                text = ""
            field.set_text(text)
        self._update()

    def to_json(self) -> dict[str, Any]:
        """The balance as stored (call after every field passed)."""
        stored = {"kind": self.kind.currentData()}
        for field, key in (
            (self.readability, "readability"),
            (self.repeatability, "repeatability_sd"),
        ):
            try:
                stored[key] = quantity_to_json(field.parser(field.text()))
            except InputError:  # Class III (d and s unused): keep the saved values unchanged
                stored[key] = self._loaded.get(key) or {"value": "0.1", "unit": "mg"}
        return stored

    def _on_edit(self, *_: object) -> None:
        self._update()
        self.changed.emit()

    def _update(self) -> None:
        class_iii = self.kind.currentData() == "class-iii"
        self.readability.setEnabled(not class_iii)
        self.repeatability.setEnabled(not class_iii)
        if class_iii:
            self.readability.clear_error()
            self.repeatability.clear_error()
        self.minimum.setText(self._minimum_text())

    def _minimum_text(self) -> str:
        reference = _reference()
        if reference is None:
            return "The compounding reference data could not be read."
        try:
            if self.kind.currentData() == "class-iii":
                balance = Balance(kind="class-iii")
            else:
                balance = Balance(
                    kind="usp41",
                    readability=self.readability.parser(self.readability.text()),
                    repeatability_sd=self.repeatability.parser(self.repeatability.text()),
                )
        except InputError:
            return "Minimum weight: enter the readability and the repeatability SD."
        text = describe_balance(balance, minimum_weight_mg(balance, reference))
        return text.replace(".", self.mark) if self.mark != "." else text


class CompoundingDefaultsBox(QGroupBox):
    """Filler and capsule size offered first on the Compounding page. Signals: changed()."""

    changed = Signal()

    def __init__(self, decimal_mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__("Compounding defaults", parent)
        self.reference = _reference()
        self.filler = QComboBox()
        self.filler.setAccessibleName("Default filler")
        self.capsule_size = QComboBox()
        self.capsule_size.setAccessibleName("Default capsule size")
        self.filler.setMaximumWidth(420)
        self.capsule_size.setMaximumWidth(420)
        self.filler_note = QLabel()
        self.filler_note.setObjectName("fillerWarning")
        self.filler_note.setWordWrap(True)
        self.filler_note.hide()
        if self.reference is not None:
            for filler in self.reference.fillers.values():
                self.filler.addItem(filler.name, filler.key)
            for size in self.reference.sizes_smallest_first():
                volume = self.reference.capsule(size).volume_ml
                shown = format_number(volume, 2, decimal_mark)
                self.capsule_size.addItem(f"Size {size} ({shown} mL)", size)
        self.form = QFormLayout(self)
        self.form.addRow("Fi&ller:", self.filler)
        self.form.addRow("", self.filler_note)
        self.form.addRow("Capsule si&ze:", self.capsule_size)
        self.filler.currentIndexChanged.connect(self._on_edit)
        self.capsule_size.currentIndexChanged.connect(self._on_edit)

    @property
    def minimum_mg(self) -> float:
        return float(self.reference.strength_min_mg) if self.reference else 0.1

    @property
    def maximum_mg(self) -> float:
        return min(50.0, float(self.reference.strength_max_mg)) if self.reference else 50.0

    def load(self, filler: str, size: str) -> None:
        for combo, key, word in (
            (self.filler, filler, "filler"),
            (self.capsule_size, size, "size"),
        ):
            combo.blockSignals(True)
            if combo.findData(key) < 0:
                combo.addItem(f"{key} (not in the reference data)", key)
            combo.setCurrentIndex(combo.findData(key))
            combo.blockSignals(False)
            combo.setToolTip(tooltip(f"Saved {word}: {key}"))  # as saved, even if not listed
        self._show_filler_note()

    def choice(self) -> tuple[str, str]:
        return str(self.filler.currentData()), str(self.capsule_size.currentData())

    def _on_edit(self, *_: object) -> None:
        self._show_filler_note()
        self.changed.emit()

    def _show_filler_note(self) -> None:
        filler = self.reference.fillers.get(self.filler.currentData()) if self.reference else None
        note = ""
        if filler is not None and filler.slow_release:
            note = (
                "⚠ A slow-release excipient: LDN is normally immediate release (compounding.md §9)."
            )
        elif filler is not None and filler.warning:
            note = f"⚠ {filler.warning}"
        self.filler_note.setText(note)
        if note:
            marked_style.apply(self.filler_note)
        self.filler_note.setVisible(bool(note))
