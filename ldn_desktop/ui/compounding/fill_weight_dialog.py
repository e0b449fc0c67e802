"""Measure the fill weight E for method A or B: weigh capsules filled with the filler alone and the
same number of empty shells; E = (filled − empty) ÷ count (core ``fill_weight_from_weighings``,
docs/reference/compounding.md §2.1, TV0: (3162.0 − 760.0) ÷ 10 = 240.2 mg).

The empty shells start at count × the size's typical shell weight (``capsule_sizes.json``) until
the pharmacist types the weighed total; every message shows under the field it is about.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.compounding import decimal_of, fill_weight_from_weighings
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units import Q_, format_quantity
from ldn_desktop.ui.compounding.fields import count_field, quantity_field

DEFAULT_COUNT = 10
E_DECIMALS = 2  # E from totals weighed at 0.1 mg over 10 capsules: 0.01 mg


class FillWeightDialog(QDialog):
    """Asks for the weighings; ``fill_weight`` is E in mg once they are valid (else None)."""

    def __init__(
        self, size: str, shell_mg: Decimal, decimal_mark: str = ".", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Measure the fill weight E")
        self.setMinimumWidth(480)  # the messages under the fields on one or two lines
        self.mark = decimal_mark
        self.shell_mg = shell_mg
        self.fill_weight: Decimal | None = None
        self._typical_empty = ""  # the empty-shell text we filled in (replaced while untouched)
        m = decimal_mark
        intro = QLabel(
            f"Fill size {size} capsules completely with the filler alone, as for the batch, and "
            "weigh them together; weigh the same number of empty shells. E is the filler one "
            "capsule holds."
        )
        intro.setWordWrap(True)
        self.count = count_field("Capsules weighed", maximum=1000)
        self.count.set_text(str(DEFAULT_COUNT))
        self.filled = quantity_field(
            "Filled capsules (total)", m, placeholder=f"e.g. 3162{m}0 mg", minimum=0
        )
        self.empty = quantity_field("Empty shells (total)", m, minimum=0)
        self.empty.editor.setToolTip(
            f"Starts at the number of capsules × {_mg(shell_mg, m)}, the typical size {size} "
            "shell: type the total you weighed."
        )
        self.result = QLabel()
        self.result.setAccessibleName("Fill weight result")
        self.result.setWordWrap(True)
        form = QFormLayout()
        form.addRow("Capsules weighed", self.count)
        form.addRow("Filled capsules (total)", self.filled)
        form.addRow("Empty shells (total)", self.empty)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Use this fill weight")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.result)
        layout.addWidget(self.buttons)
        self.count.edited.connect(self._count_changed)
        self.filled.edited.connect(self.recalculate)
        self.empty.edited.connect(self.recalculate)
        self._count_changed()
        self.filled.setFocus()

    def _count_changed(self) -> None:
        """While the empty total is the typical one we filled in, it follows the count."""
        if self.empty.text() == self._typical_empty:
            try:
                count = int(self.count.parser(self.count.text()))
            except InputError:
                count = 0
            self._typical_empty = _mg(self.shell_mg * count, self.mark) if count else ""
            self.empty.set_text(self._typical_empty)
        self.recalculate()

    def recalculate(self) -> None:
        """E from the fields (core), or the message under the field it is about."""
        self.fill_weight = None
        self.result.clear()
        values = []
        for field in (self.count, self.filled, self.empty):
            try:
                values.append(field.value())
            except InputError:
                values.append(None)
        count, filled, empty = values
        if None not in values:
            try:
                self.fill_weight = fill_weight_from_weighings(
                    decimal_of(filled, "mg"), decimal_of(empty, "mg"), int(count)
                )
            except InputError as exc:
                target = self.count if exc.field == "count" else self.filled
                target.error.show_message(str(exc))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(self.fill_weight is not None)
        if self.fill_weight is not None:
            self.result.setText(
                f"E = {self.fill_weight_text()} of filler per capsule "
                f"(({_mg(decimal_of(filled, 'mg'), self.mark)} − "
                f"{_mg(decimal_of(empty, 'mg'), self.mark)}) ÷ {count})"
            )

    def fill_weight_text(self) -> str:
        """E as the form's field takes it ("240.2 mg"; "240,2 mg" with a decimal comma)."""
        assert self.fill_weight is not None
        return _mg(self.fill_weight, self.mark, E_DECIMALS)

    @classmethod
    def ask(
        cls, parent: QWidget | None, size: str, shell_mg: Decimal, decimal_mark: str = "."
    ) -> str | None:
        """The fill weight to type into the form, or None when cancelled."""
        dialog = cls(size, shell_mg, decimal_mark, parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.fill_weight is None:
            return None
        return dialog.fill_weight_text()


def _mg(mg: Decimal, mark: str, decimals: int = 1) -> str:
    return format_quantity(Q_(mg, "mg"), decimals, mark)
