"""Issue 12 item 12: a damaged document offers the newest valid backup, and both front ends can
put it back (``ldn-desktop data recover DOC``; Settings ▸ Data ▸ Recover a document…)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError
from ldn_desktop.storage.patients import PatientRepository, patient_doc
from tests.stress.session import run_cli


@pytest.fixture
def damaged(tmp_path: Path) -> tuple[Path, str]:
    """A patient first saved by version 1 (migrated: ``.v1.bak`` kept), renamed twice, then
    damaged. The newest valid backup holds "Second Name"."""
    data = tmp_path / "data"
    patient = "0a1b2c3d"
    folder = data / "patients" / patient
    folder.mkdir(parents=True)
    version_1 = {
        "format": "ldn-desktop/patient",
        "version": 1,
        "id": patient,
        "full_name": "First Name",
        "dob": None,
        "created": "2026-01-02T10:00:00+00:00",
    }
    (folder / "patient.json").write_text(json.dumps(version_1))
    store = DataStore.open(data)
    try:
        repo = PatientRepository(store)
        assert repo.get(patient).name == "First Name"  # migrated, version 1 kept as .v1.bak
        repo.rename(patient, "Second Name")
        repo.rename(patient, "Third Name")
    finally:
        store.close()
    (folder / "patient.json").write_bytes(b'{"format": "ldn-desktop/patient", "vers')
    return data, patient


def test_the_damaged_document_message_offers_the_newest_valid_backup(
    damaged: tuple[Path, str],
) -> None:
    data, patient = damaged
    store = DataStore.open(data)
    try:
        with pytest.raises(CorruptDocumentError) as caught:
            PatientRepository(store).get(patient)
        offered = caught.value.newest_backup
        assert offered is not None
        assert json.loads(offered.read_bytes())["profile"]["name"] == "Second Name"
    finally:
        store.close()


def test_cli_recovers_a_damaged_document_from_its_newest_valid_backup(
    damaged: tuple[Path, str],
) -> None:
    data, patient = damaged
    status, out, err = run_cli(data, "data", "recover")
    assert status == 0, err
    assert patient_doc(patient) in out  # listed as damaged, with the backup offered
    status, out, err = run_cli(data, "data", "recover", patient_doc(patient))
    assert status == 0, err
    assert patient_doc(patient) in out
    status, shown, err = run_cli(data, "patient", "show", patient, "--json")
    assert status == 0, err
    assert json.loads(shown)["name"] == "Second Name"


def test_window_recovers_the_same_document_with_the_same_message(
    damaged: tuple[Path, str], tmp_path: Path, qtbot: Any
) -> None:
    import shutil

    from PySide6.QtCore import Qt, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QListWidget

    from ldn_desktop.ui.app_context import AppContext
    from ldn_desktop.ui.settings_page import SettingsPage

    data, patient = damaged
    twin = tmp_path / "twin"
    shutil.copytree(data, twin)
    status, cli_out, err = run_cli(twin, "data", "recover", patient_doc(patient))
    assert status == 0, err
    store = DataStore.open(data)
    page = SettingsPage(AppContext(store))
    qtbot.addWidget(page)
    page.show()
    section = page.data_section
    picked: list[str] = []

    def choose() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QDialog)
        listing = dialog.findChild(QListWidget)
        picked.append(listing.item(0).text())
        listing.setCurrentRow(0)
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    try:
        QTimer.singleShot(0, choose)
        with qtbot.waitSignal(section.job_finished, timeout=20000) as finished:
            qtbot.mouseClick(section.recover_button, Qt.MouseButton.LeftButton)
        assert patient_doc(patient) in picked[0]
        assert finished.args[0] == cli_out.strip()
        assert PatientRepository(store).get(patient).name == "Second Name"
    finally:
        store.close()


def test_recover_accepts_the_file_path_or_the_damaged_copy_and_refuses_outside(
    damaged: tuple[Path, str], tmp_path: Path
) -> None:
    data, patient = damaged
    status, _, err = run_cli(data, "data", "recover", str(data / patient_doc(patient)))
    assert status == 0, err
    (data / patient_doc(patient)).write_bytes(b"{")
    run_cli(data, "patient", "rename", patient, "--name", "X")  # moves it aside as damaged
    (moved,) = (data / "patients" / patient).glob("patient.json.corrupt-*")
    status, out, err = run_cli(data, "data", "recover", str(moved))
    assert status == 0 and patient_doc(patient) in out, err
    status, _, err = run_cli(data, "data", "recover", str(tmp_path / "elsewhere.json"))
    assert status == 2 and "not inside the data folder" in err
    status, _, err = run_cli(data, "data", "recover", "settings.json")
    assert status == 2 and "no valid backup" in err
