"""The current-patient selector and the patient actions (new, rename, archive, delete)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QWidget

from ldn_desktop.core.errors import LdnError
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.elided_combo import ElidedComboBox
from ldn_desktop.ui.qt_start import shortcut_keys


class PatientBar(QWidget):
    """Signals: patients_edited() after any change to the list of patients; listed() after every
    reading of the list (``problems`` then holds its refusals: damaged or newer profiles).

    ``may_leave_patient`` is asked before another patient becomes the current one (the main
    window asks Save / Discard / Cancel there); when it says no, the current patient stays.
    """

    patients_edited = Signal()
    listed = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.may_leave_patient: Callable[[], bool] = lambda: True
        self.problems: list[str] = []  # the last reading's refusals, one sentence each
        self.combo = ElidedComboBox(characters=28)  # a cut name or birth year ends in "…"
        self.combo.setAccessibleName("Current patient")
        self.show_archived = QCheckBox("Show &archived")
        label = QLabel("&Patient:")
        label.setBuddy(self.combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        layout.addWidget(label)
        layout.addWidget(self.combo, 1)
        layout.addWidget(self.show_archived)
        self.new_action = QAction("&New patient…", self)
        self.new_action.setShortcuts(shortcut_keys(QKeySequence.StandardKey.New))
        self.rename_action = QAction("&Rename patient…", self)
        self.rename_action.setShortcuts(shortcut_keys("F2"))
        self.archive_action = QAction("&Archive patient", self)
        self.delete_action = QAction("&Delete patient…", self)
        self.new_action.triggered.connect(self.create_patient)
        self.rename_action.triggered.connect(self.rename_patient)
        self.archive_action.triggered.connect(self.toggle_archive)
        self.delete_action.triggered.connect(self.delete_patient)
        self.combo.currentIndexChanged.connect(self._on_combo_index_changed)
        self.show_archived.toggled.connect(lambda _checked: self.reload())
        context.patient_changed.connect(self._on_context_patient_changed)
        for action in (
            self.new_action,
            self.rename_action,
            self.archive_action,
            self.delete_action,
        ):
            action.setEnabled(not context.read_only)

    def reload(self, select: str | None = None, *, ask: bool = True) -> None:
        """Refill the list, keeping (or moving to) ``select`` (``ask``: may_leave_patient first)."""
        wanted = select if select is not None else self.context.current_patient_id
        profiles, problems = self.context.patients.list(
            include_archived=self.show_archived.isChecked() or self._is_archived(wanted)
        )
        self.problems = problems
        for problem in problems:
            self.context.post_status(problem, 15000)
        self.listed.emit()  # the main window keeps the refusals in its banner
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem("— choose a patient —", None)
        for profile in profiles:
            suffix = " [archived]" if profile.archived else ""
            self.combo.addItem(profile.label + suffix, profile.id)
        index = max(0, self.combo.findData(wanted)) if wanted else 0
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)
        self._choose(index, ask=ask)

    def _is_archived(self, patient_id: str | None) -> bool:
        if not patient_id:
            return False
        try:
            return self.context.patients.get(patient_id).archived
        except LdnError:
            return False

    def _on_context_patient_changed(self, patient_id: object) -> None:
        """Another page chose the patient: show it here too."""
        if self.combo.currentData() != patient_id:
            self.reload(select=patient_id if isinstance(patient_id, str) else "")

    def _on_combo_index_changed(self, index: int) -> None:
        self._choose(index, ask=True)

    def _choose(self, _index: int, *, ask: bool) -> None:
        patient_id = self.combo.currentData()
        leaving = patient_id != self.context.current_patient_id
        if leaving and ask and self.context.current_patient_id and not self.may_leave_patient():
            self.combo.blockSignals(True)  # stay with the current patient
            self.combo.setCurrentIndex(max(0, self.combo.findData(self.context.current_patient_id)))
            self.combo.blockSignals(False)
            return
        has_patient = patient_id is not None and not self.context.read_only
        self.rename_action.setEnabled(has_patient)
        self.archive_action.setEnabled(has_patient)
        self.delete_action.setEnabled(has_patient)
        if patient_id is not None:
            archived = self._is_archived(patient_id)
            self.archive_action.setText("Un&archive patient" if archived else "&Archive patient")
        self.context.set_current_patient(patient_id)

    def create_patient(self) -> None:
        from ldn_desktop.ui.dialogs import PatientDialog  # loaded when first opened

        details = PatientDialog.ask(self.window(), "New patient")
        if details is None:
            return
        try:
            profile = self.context.patients.create(details.name, details.birth_date)
        except LdnError as exc:
            messages.show_error(self.window(), exc)
            return
        self.context.post_status(f"Patient {profile.name} created.")
        self.reload(select=profile.id)
        self.patients_edited.emit()

    def rename_patient(self) -> None:
        from ldn_desktop.ui.dialogs import PatientDialog

        patient_id = self.context.current_patient_id
        if patient_id is None:
            return
        try:
            profile = self.context.patients.get(patient_id)
            details = PatientDialog.ask(
                self.window(),
                "Rename patient",
                profile.name,
                profile.birth_date,
                ask_birth_date=False,
            )
            if details is None:
                return
            self.context.patients.rename(patient_id, details.name)
        except LdnError as exc:
            messages.show_error(self.window(), exc)
            return
        self.context.post_status("Patient renamed.")
        self.reload()
        self.patients_edited.emit()

    def toggle_archive(self) -> None:
        patient_id = self.context.current_patient_id
        if patient_id is None:
            return
        try:
            archived = not self.context.patients.get(patient_id).archived
            if archived and not self.show_archived.isChecked() and not self.may_leave_patient():
                return  # archiving hides the patient: their unsaved work is settled first
            self.context.patients.set_archived(patient_id, archived)
        except LdnError as exc:
            messages.show_error(self.window(), exc)
            return
        self.context.post_status("Patient archived." if archived else "Patient restored.")
        self.reload(
            select="" if archived and not self.show_archived.isChecked() else patient_id, ask=False
        )
        self.patients_edited.emit()

    def delete_patient(self) -> None:
        patient_id = self.context.current_patient_id
        if patient_id is None:
            return
        try:
            profile = self.context.patients.get(patient_id)
            if not messages.confirm(
                self.window(),
                "Delete patient",
                f"Move {profile.name} and all of their data to the trash folder?\n"
                "It can be recovered from the data folder's 'trash'.",
                destructive=True,
            ):
                return
            where = self.context.patients.delete(patient_id)
        except LdnError as exc:
            messages.show_error(self.window(), exc)
            return
        self.context.post_status(f"Patient moved to {where}.", 10000)
        self.reload(select="", ask=False)  # their unsaved work went with them
        self.patients_edited.emit()
