"""The Settings page: data and backups, the pharmacy's balance and compounding defaults, and the
prescriber's and pharmacy's details printed on paper.

Every field is checked when it is left and again on Save; a bad value shows its message under the
field and nothing is saved until all fields are acceptable. Saved through
``AppContext.update_settings`` (validated again by the settings document's schema).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.settings_values import (
    parse_phone,
    parse_print_detail,
    parse_strength_list,
    prescribers_from_settings,
    prescribers_to_settings,
    strengths_to_json,
    strengths_to_text,
)
from ldn_desktop.core.units import parse_count
from ldn_desktop.storage.settings import MAX_OVERAGE_EXTRA, overage_default
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.page import Page
from ldn_desktop.ui.settings_balance import BalanceBox, CompoundingDefaultsBox
from ldn_desktop.ui.settings_data import DataSection
from ldn_desktop.ui.settings_prescribers import PrescribersBox
from ldn_desktop.ui.widgets import ValidatedField, align_form_labels


def _text_field(name: str, parser: Callable[[str], Any], placeholder: str = "") -> ValidatedField:
    editor = QLineEdit()
    editor.setAccessibleName(name)
    editor.setPlaceholderText(placeholder)
    editor.setMaxLength(250)
    editor.setMaximumWidth(420)
    return ValidatedField(editor, parser)


class SettingsPage(Page):
    """Signals (inherited): none of its own; saving emits ``context.settings_changed``."""

    title = "Settings"
    draft_follows_patient = False

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        mark = context.decimal_mark
        self.data_section = DataSection(context)
        self.balance_box = BalanceBox(mark)
        self.defaults_box = CompoundingDefaultsBox(mark)
        self.strengths = _text_field(
            "Capsule strengths",
            lambda text: parse_strength_list(
                text,
                decimal_mark=mark,
                minimum_mg=self.defaults_box.minimum_mg,
                maximum_mg=self.defaults_box.maximum_mg,
            ),
            f"e.g. 1{mark}5; 3; 4{mark}5",
        )
        self.defaults_box.form.addRow("Capsule stre&ngths (mg):", self.strengths)
        self.overage = _text_field(
            "Overage for a new batch (extra capsules)",
            lambda text: parse_count(text, field="Overage", minimum=0, maximum=MAX_OVERAGE_EXTRA),
            "extra capsules made for loss in filling, e.g. 2",
        )
        self.defaults_box.form.addRow("Overage (extra capsules):", self.overage)
        self.pharmacy_name = _text_field("Pharmacy name", lambda t: parse_print_detail(t, "Name"))
        self.pharmacy_address = _text_field(
            "Pharmacy address", lambda t: parse_print_detail(t, "Address")
        )
        self.pharmacy_phone = _text_field("Pharmacy phone", lambda t: parse_phone(t))
        self.prescribers = PrescribersBox()
        self.save_button = QPushButton("&Save settings")
        self.revert_button = QPushButton("Re&vert")
        self.save_state = QLabel()
        self._build()
        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.reload)
        for field in self._fields():
            field.edited.connect(self._mark_dirty)
            field.editor.editingFinished.connect(lambda f=field: self._check_quietly(f))
        self.balance_box.changed.connect(self._mark_dirty)
        self.defaults_box.changed.connect(self._mark_dirty)
        self.prescribers.changed.connect(self._mark_dirty)
        context.settings_changed.connect(self._on_settings_changed)
        self.data_section.data_replaced.connect(self._on_data_replaced)
        if context.read_only:
            self.save_button.setEnabled(False)
            self.save_button.setToolTip("The data is open read-only")
        self.reload()

    def _build(self) -> None:
        printouts = QGroupBox("Details printed on worksheets, labels and calendars")
        form = QFormLayout(printouts)
        form.addRow("Phar&macy:", self.pharmacy_name)
        form.addRow("Pharmacy address:", self.pharmacy_address)
        form.addRow("Pharmacy phone:", self.pharmacy_phone)
        buttons = QHBoxLayout()
        buttons.addWidget(self.save_state, 1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout(self)  # the page stack scrolls the page (no second scroll area)
        heading = QLabel(f"<h2>{self.title}</h2>")
        column.addWidget(heading)
        boxes = (
            self.data_section,
            self.balance_box,
            self.defaults_box,
            printouts,
            self.prescribers,
        )
        for box in boxes:
            column.addWidget(box)
        column.addLayout(buttons)
        column.addStretch(1)
        # the data folders, balance, defaults and printout fields start at one place
        align_form_labels(self, also=self.data_section.row_labels)

    def _fields(self) -> list[ValidatedField]:
        return [
            *self.balance_box.fields(),
            self.strengths,
            self.overage,
            self.pharmacy_name,
            self.pharmacy_address,
            self.pharmacy_phone,
        ]

    # -- loading and saving ------------------------------------------------------------------

    def reload(self) -> None:
        """Show the saved settings (discarding unsaved edits)."""
        settings = self.context.settings()
        defaults = settings["defaults"]
        self.balance_box.load(defaults["balance"])
        self.defaults_box.load(defaults["filler"], defaults["capsule_size"])
        self.strengths.set_text(
            strengths_to_text(defaults["capsule_strengths_mg"], self.context.decimal_mark)
        )
        self.overage.set_text(str(overage_default(defaults)))
        pharmacy = settings["pharmacy"]
        self.prescribers.load(*prescribers_from_settings(settings))
        self.pharmacy_name.set_text(pharmacy.get("name", ""))
        self.pharmacy_address.set_text(pharmacy.get("address", "").replace("\n", ", "))
        self.pharmacy_phone.set_text(pharmacy.get("phone", ""))
        for field in self._fields():
            field.clear_error()
        self._set_dirty(False)

    def collect(self) -> dict[str, Any] | None:
        """The settings as typed, or None (with messages under the bad fields)."""
        values: dict[int, Any] = {}
        first_bad: QWidget | None = None
        for field in self._fields():
            try:
                values[id(field)] = field.value()
            except InputError:
                first_bad = first_bad or field
        try:
            prescribers, default = self.prescribers.value()
        except InputError:
            first_bad = first_bad or self.prescribers.table
        if first_bad is not None:
            first_bad.setFocus()
            return None
        settings = self.context.settings()
        defaults = settings["defaults"]
        defaults["balance"] = self.balance_box.to_json()
        defaults["filler"], defaults["capsule_size"] = self.defaults_box.choice()
        defaults["capsule_strengths_mg"] = strengths_to_json(values[id(self.strengths)])
        defaults["overage_extra_capsules"] = values[id(self.overage)]
        settings["pharmacy"] = {
            "name": values[id(self.pharmacy_name)],
            "address": values[id(self.pharmacy_address)],
            "phone": values[id(self.pharmacy_phone)],
        }
        settings.update(prescribers_to_settings(prescribers, default))
        return settings

    def save(self) -> bool:
        """Check every field and save; returns whether the settings were saved."""
        settings = self.collect()
        if settings is None:
            self.save_state.setText("⚠ Not saved: correct the fields marked ⚠.")
            return False
        try:
            self.context.update_settings(settings)
        except LdnError as exc:
            messages.show_error(self, exc)
            return False
        self.reload()  # shows the values as saved (sorted, normalised)
        self.save_state.setText("Settings saved.")
        self.context.post_status("Settings saved.")
        return True

    # -- state ---------------------------------------------------------------------------------

    def _check_quietly(self, field: ValidatedField) -> None:
        with contextlib.suppress(InputError):
            field.value()  # a bad value: its message is now under the field

    def _mark_dirty(self) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self.dirty = dirty
        self.save_button.setEnabled(dirty and not self.context.read_only)
        self.revert_button.setEnabled(dirty)
        if self.context.read_only:
            self.save_state.setText("Read-only: changes here cannot be saved.")
        else:
            self.save_state.setText("Unsaved changes." if dirty else "")

    # -- the unsaved-changes protocol (Page) -------------------------------------------------

    def has_unsaved_changes(self) -> bool:
        return self.dirty and not self.context.read_only

    def unsaved_summary(self) -> str:
        return "Settings: edited and not saved" if self.has_unsaved_changes() else ""

    def save_changes(self) -> bool:
        if self.save():
            return True
        self.context.post_status("Settings not saved: correct the fields marked ⚠.", 10000)
        return False

    def discard_changes(self) -> None:
        self.reload()

    def _on_settings_changed(self) -> None:
        if not self.dirty:
            self.reload()

    def _on_data_replaced(self) -> None:
        from ldn_desktop.storage.settings import load_settings

        try:
            self.context.update_settings(load_settings(self.context.store))
        except LdnError as exc:
            self.context.post_status(str(exc), 15000)
        current = self.context.current_patient_id
        # the main window reloads its patient list; a patient that is gone becomes "no patient"
        self.context.data_changed.emit("patients")
        if current is not None and self.context.current_patient_id == current:
            self.context.patient_changed.emit(current)  # pages re-read the restored data
