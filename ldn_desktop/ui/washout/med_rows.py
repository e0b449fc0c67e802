"""Medication rows of the Washout page: name with completion, formulation, timing, misuse."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.washout import MedicationInput, TimePoint, parse_time_point, point_people
from ldn_desktop.ui.widgets import CompleteOnFocus, ValidatedField, chain_tab_order

FORM_CHOICES = (
    ("Formulation: from the name", None),
    ("Immediate release", "ir"),
    ("Extended release", "er"),
    ("Patch", "patch"),
)
TIMING_CHOICES = (
    ("Last dose on", "last"),
    ("Patch removed at", "removed"),
    ("Still taking", "current"),
    ("Patch still on", "patch_on"),
)
DATE_HINT = "29 Nov 2026 22:00, or 2026-11-29 22:00"
SHORT_DATE_HINT = "29 Nov 2026 22:00"


def _optional_point(text: str, field: str) -> TimePoint | None:
    return parse_time_point(text, field) if text.strip() else None


class MedicationRow(QWidget):
    """One medication. Signals: changed(), remove_requested(row)."""

    changed = Signal()
    remove_requested = Signal(object)

    def __init__(
        self, names: Callable[[], Sequence[str]], number: int, parent: QWidget | None = None
    ) -> None:
        """``names``: every name the table knows (brands too), asked for when the name field
        is first used (the table is loaded then, not when the page opens)."""
        super().__init__(parent)
        self.name_edit = QLineEdit()
        self.name_edit.setMaxLength(200)
        # short enough to read in the row at 1024 px; the whole hint is the tooltip
        self.name_edit.setPlaceholderText("Medication name")
        self.name_edit.setToolTip("Generic or brand name, e.g. Percocet 5/325 or oxycodone")
        self.name_edit.setAccessibleName(f"Medication {number} name")
        self.completion = CompleteOnFocus(self.name_edit, names, contains=True)
        self.form_box = QComboBox()
        self.form_box.setAccessibleName(f"Medication {number} formulation")
        for label, value in FORM_CHOICES:
            self.form_box.addItem(label, value)
        self.timing_box = QComboBox()
        self.timing_box.setAccessibleName(f"Medication {number} timing")
        for label, value in TIMING_CHOICES:
            self.timing_box.addItem(label, value)
        editor = QLineEdit()
        editor.setPlaceholderText(SHORT_DATE_HINT)
        editor.setToolTip(f"Date and time: {DATE_HINT}")
        editor.setAccessibleName(f"Medication {number} date and time")
        # wide enough for a whole date and time as typed ("29 Nov 2026 22:00" was cut at 1024 px)
        editor.setMinimumWidth(editor.fontMetrics().horizontalAdvance("29 Nov 2026 22:00") + 16)
        self.when = ValidatedField(editor, lambda text: _optional_point(text, "last dose"))
        self.misuse_box = QCheckBox("Misuse / high doses")
        self.misuse_box.setToolTip(
            "Loperamide or another antidiarrhoeal above label doses counts as long-acting"
        )
        remove = QPushButton("Remove")
        remove.setAccessibleName(f"Remove medication {number}")
        remove.clicked.connect(lambda: self.remove_requested.emit(self))
        self.remove_button = remove
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.name_edit, 0, 0)
        layout.addWidget(self.form_box, 0, 1)
        layout.addWidget(self.timing_box, 0, 2)
        # the date field's message (when shown) goes down into a row of its own, so the row's
        # other fields stay level with the date field rather than centred on field and message
        layout.addWidget(self.when, 0, 3, 2, 1)
        layout.setRowStretch(1, 1)
        layout.setVerticalSpacing(0)  # row 1 holds no field of its own: no gap above it
        layout.addWidget(self.misuse_box, 0, 4)
        layout.addWidget(remove, 0, 5)
        layout.setColumnStretch(0, 3)
        layout.setColumnStretch(3, 2)
        self.name_edit.textChanged.connect(self.changed)
        self.form_box.currentIndexChanged.connect(self._form_changed)
        self.timing_box.currentIndexChanged.connect(self._timing_changed)
        self.when.edited.connect(self.changed)
        self.misuse_box.toggled.connect(self.changed)

    def tab_stops(self) -> list[QWidget]:
        """The row's fields and buttons, left to right."""
        return [
            self.name_edit,
            self.form_box,
            self.timing_box,
            self.when.editor,
            self.misuse_box,
            self.remove_button,
        ]

    def _form_changed(self) -> None:
        """For a patch, "last dose" is the last application: say so (the check then counts the
        patch's wear time and asks for the removal time)."""
        patch = self.form_box.currentData() == "patch"
        self.timing_box.setItemText(0, "Last patch applied on" if patch else TIMING_CHOICES[0][0])
        self.changed.emit()

    def _timing_changed(self) -> None:
        timing = self.timing_box.currentData()
        self.when.editor.setEnabled(timing in ("last", "removed"))
        if timing == "patch_on" or timing == "removed":
            self.form_box.setCurrentIndex(3)
        self.changed.emit()

    def is_blank(self) -> bool:
        return not self.name_edit.text().strip()

    def medication(self) -> MedicationInput:
        """The row's input; raises InputError (shown under the date field) on a bad date."""
        timing = self.timing_box.currentData()
        point = self.when.value() if timing in ("last", "removed") else None
        if not self.name_edit.text().strip():
            raise InputError("Type the medication's name.", "name")
        return MedicationInput(
            self.name_edit.text().strip(),
            self.form_box.currentData(),
            point if timing == "last" else None,
            point if timing == "removed" else None,
            current=timing in ("current", "patch_on"),
            misuse=self.misuse_box.isChecked(),
        )

    def clear(self) -> None:
        """Back to a blank row, as added."""
        self.name_edit.clear()
        self.form_box.setCurrentIndex(0)
        self.timing_box.setCurrentIndex(0)
        self.when.set_text("")
        self.when.error.clear_message()  # a reused row keeps no message about an earlier date
        self.misuse_box.setChecked(False)

    def set_medication(self, med: MedicationInput) -> None:
        self.name_edit.setText(med.name)
        forms = [value for _, value in FORM_CHOICES]
        self.form_box.setCurrentIndex(forms.index(med.form) if med.form in forms else 0)
        if med.current:
            timing = "patch_on" if med.form == "patch" else "current"
        else:
            timing = "removed" if med.removed is not None else "last"
        self.timing_box.setCurrentIndex([v for _, v in TIMING_CHOICES].index(timing))
        self.when.set_text(point_people(med.removed or med.last))
        self.when.error.clear_message()
        self.misuse_box.setChecked(med.misuse)


class MedicationList(QWidget):
    """The rows plus "Add medication". Signal: changed()."""

    changed = Signal()

    def __init__(self, names: Callable[[], Sequence[str]], parent: QWidget | None = None) -> None:
        """Starts with one blank row; ``names`` as for ``MedicationRow``."""
        super().__init__(parent)
        self.names = names
        self.rows: list[MedicationRow] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton("Add medication")
        self.add_button.clicked.connect(lambda: self.add_row().name_edit.setFocus())
        buttons = QHBoxLayout()  # the button at its own width, on the left
        buttons.addWidget(self.add_button)
        buttons.addStretch(1)
        self._layout.addLayout(buttons)
        self.add_row()

    def add_row(self) -> MedicationRow:
        row = MedicationRow(self.names, len(self.rows) + 1)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self.remove_row)
        self.rows.append(row)
        self._layout.insertWidget(self._layout.count() - 1, row)
        self._chain_tab_order()
        self.changed.emit()
        return row

    def _chain_tab_order(self) -> None:
        """Tab goes row by row, then "Add medication" (a new row would come after it)."""
        chain_tab_order([*(stop for row in self.rows for stop in row.tab_stops()), self.add_button])

    def remove_row(self, row: MedicationRow) -> None:
        if row in self.rows:
            self.rows.remove(row)
            row.setParent(None)
            row.deleteLater()
            if not self.rows:
                self.add_row()
            self._chain_tab_order()
            self.changed.emit()

    def set_medications(self, meds: Sequence[MedicationInput]) -> None:
        """One row per medication (one blank row for none); rows already there are reused."""
        wanted = max(1, len(meds))
        for row in self.rows[wanted:]:
            self.rows.remove(row)
            row.setParent(None)
            row.deleteLater()
        blocked = self.signalsBlocked()
        self.blockSignals(True)  # one changed() below, not one per row and field
        try:
            while len(self.rows) < wanted:
                self.add_row()
            for row, med in zip(self.rows, meds, strict=False):
                row.set_medication(med)
            if not meds:
                self.rows[0].clear()
        finally:
            self.blockSignals(blocked)
        self.changed.emit()

    def medications(self) -> tuple[MedicationInput, ...]:
        """Every non-blank row; raises InputError from the first bad row (all rows are marked)."""
        meds, first_error = [], None
        for row in self.rows:
            if row.is_blank():
                continue
            try:
                meds.append(row.medication())
            except InputError as exc:
                first_error = first_error or exc
        if first_error is not None:
            raise first_error
        return tuple(meds)
