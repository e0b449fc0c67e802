"""The shared, long-lived state of a running window: the data store, settings, current patient.

Created once by ``app.py`` and handed to the main window and every page. Pages talk to each other
only through the main window's signal connections, never by importing one another.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QLocale, QObject, Signal

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError, NewerVersionError
from ldn_desktop.storage.patients import PatientRepository
from ldn_desktop.storage.settings import DEFAULT_SETTINGS, load_settings, save_settings


class AppContext(QObject):
    """Signals: patient_changed(object: str | None), settings_changed(), status_posted(str, int),
    data_changed(str: what kind of data changed, e.g. "patients", "washout:<id>")."""

    patient_changed = Signal(object)
    settings_changed = Signal()
    status_posted = Signal(str, int)
    data_changed = Signal(str)

    def __init__(self, store: DataStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.patients = PatientRepository(store)
        self.current_patient_id: str | None = None
        self.startup_problems: list[str] = []
        self.startup_notes: list[str] = []  # shown in the window's banner (``folder_checks``)
        try:
            self._settings = load_settings(store)
        except (CorruptDocumentError, NewerVersionError) as exc:
            self.startup_problems.append(str(exc))
            self._settings = copy.deepcopy(DEFAULT_SETTINGS)

    # -- state -------------------------------------------------------------------------------

    @property
    def read_only(self) -> bool:
        return self.store.read_only

    @property
    def decimal_mark(self) -> str:
        """The user's locale decimal mark ('.' or ','), used to show and parse numbers."""
        return QLocale().decimalPoint() or "."

    def settings(self) -> dict[str, Any]:
        """A copy of the current settings (change it and pass it to ``update_settings``)."""
        return copy.deepcopy(self._settings)

    def update_settings(self, settings: dict[str, Any]) -> None:
        """Validate and save the settings, then tell every page."""
        if not self.read_only:
            save_settings(self.store, settings)
        self._settings = copy.deepcopy(settings)
        self.settings_changed.emit()

    def set_current_patient(self, patient_id: str | None) -> None:
        if patient_id == self.current_patient_id:
            return
        self.current_patient_id = patient_id
        if not self.read_only and self._settings.get("last_patient_id") != patient_id:
            settings = self.settings()
            settings["last_patient_id"] = patient_id
            self.update_settings(settings)
        self.patient_changed.emit(patient_id)

    def post_status(self, message: str, timeout_ms: int = 5000) -> None:
        self.status_posted.emit(message, timeout_ms)
