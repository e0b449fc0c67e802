"""A document moved aside as damaged is never silently gone.

Reading a damaged document moves it aside (``<name>.corrupt-<stamp>``) and says so once. Found on
3 Dec 2026: the patient list's message went to the status bar, where the window's own "Data
folder: …" message replaced it at once; from the next start the patient was simply not listed
(their log, plan and checks still in the folder), and a damaged log month simply missing. Now every
start says which documents were moved aside with nothing put back, in the window's banner and on
the command line's stderr (one check, ``folder_checks.data_folder_notes``), until each is
recovered; and the patient list's own refusals stay in the banner.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.folder_checks import data_folder_notes, moved_aside_documents
from ldn_desktop.storage.patients import PatientRepository, patient_doc
from ldn_desktop.storage.recovery import recover_document
from tests.stress.session import run_cli


def _folder(tmp_path: Path, patients: int = 3) -> tuple[Path, list[str]]:
    data = tmp_path / "data"
    store = DataStore.open(data)
    try:
        repository = PatientRepository(store)
        ids = [repository.create(f"Patient {n}").id for n in range(patients)]
        if patients > 1:
            repository.rename(ids[1], "Patient One Renamed")  # a backup of the profile to recover
    finally:
        store.close()
    return data, ids


def _shown_window(store: DataStore, qtbot: Any) -> Any:
    """The main window on ``store`` as the program builds it, shown."""
    from ldn_desktop.app import build_main_window

    window = build_main_window(store)
    qtbot.addWidget(window)
    window.show()
    return window


def _damage(data: Path, rel: str) -> None:
    (data / rel).write_text("{damaged")


def test_a_profile_moved_aside_is_named_at_every_start_until_recovered(tmp_path: Path) -> None:
    data, ids = _folder(tmp_path)
    rel = patient_doc(ids[1])
    _damage(data, rel)
    store = DataStore.open(data)
    try:
        assert data_folder_notes(store) == []  # not known to be damaged before it is read
        profiles, problems = PatientRepository(store).list()
        assert ids[1] not in [p.id for p in profiles] and len(problems) == 1
        assert moved_aside_documents(store.root) == [rel]
        (note,) = data_folder_notes(store)
        assert rel in note and "moved aside" in note
        assert "not listed" in note  # what it means for the user: that patient is missing
        assert "Recover a document" in note and "ldn-desktop data recover" in note
        recover_document(store, rel)
        assert moved_aside_documents(store.root) == []
        assert data_folder_notes(store) == []
        assert ids[1] in [p.id for p in PatientRepository(store).list()[0]]
    finally:
        store.close()


def test_a_damaged_log_month_is_named_too(tmp_path: Path) -> None:
    from ldn_desktop.storage.errors import CorruptDocumentError
    from ldn_desktop.storage.side_effect_log import SideEffectLog

    data, ids = _folder(tmp_path, patients=1)
    rel = f"patients/{ids[0]}/log/2026-11.json"
    (data / rel).parent.mkdir(mode=0o700)
    _damage(data, rel)
    store = DataStore.open(data)
    try:
        with pytest.raises(CorruptDocumentError):
            SideEffectLog(store, ids[0]).load_lazy()
        assert len(SideEffectLog(store, ids[0]).load_lazy()) == 0  # the month is gone now...
        (note,) = data_folder_notes(store)  # ...so every start names it
        assert rel in note
    finally:
        store.close()


def test_only_documents_with_nothing_put_back_are_named(tmp_path: Path) -> None:
    data, ids = _folder(tmp_path)
    profile = data / patient_doc(ids[0])
    (profile.parent / "patient.json.corrupt-20261201T100000000000Z").write_text("{old damage")
    assert moved_aside_documents(data) == []  # a valid profile was written since
    trash = data / "trash" / "x" / "patient.json.corrupt-20261201T100000000000Z"
    trash.parent.mkdir(parents=True)
    trash.write_text("{")
    backups = data / ".backups" / "settings.json.corrupt-20261201T100000000000Z"
    backups.parent.mkdir(exist_ok=True)
    backups.write_text("{")
    assert moved_aside_documents(data) == []  # not in the trash or in .backups/
    (data / "settings.json.corrupt-20261201T100000000000Z").write_text("{")
    (data / "settings.json.corrupt-20261202T100000000000Z").write_text("{")
    assert moved_aside_documents(data) == ["settings.json"]  # once, however many copies


def test_many_moved_aside_documents_make_one_short_note(tmp_path: Path) -> None:
    data, ids = _folder(tmp_path, patients=8)
    for patient_id in ids:
        (data / f"{patient_doc(patient_id)}.corrupt-20261201T100000000000Z").write_text("{")
        (data / patient_doc(patient_id)).unlink()
    store = DataStore.open(data)
    try:
        (note,) = data_folder_notes(store)
    finally:
        store.close()
    assert note.startswith("8 documents could not be read")
    assert "and 5 more" in note and len(note) < 600


def test_cli_and_window_name_a_document_moved_aside(tmp_path: Path, qtbot: Any) -> None:
    """Both front ends show the same note: stderr on every command, the window's banner."""
    data, ids = _folder(tmp_path)
    rel = patient_doc(ids[2])
    _damage(data, rel)
    status, out, err = run_cli(data, "patient", "list")  # reads it: damaged (named by its path)
    assert status == 0 and "Patient 2" not in out and f"{rel} is damaged" in err
    store = DataStore.open(data)
    try:
        PatientRepository(store).list()  # a writable reading moves it aside, as the window does
        expected = data_folder_notes(store)
    finally:
        store.close()
    status, out, err = run_cli(data, "patient", "list")
    assert status == 0 and "Patient 2" not in out
    (line,) = err.splitlines()
    assert line.startswith("ldn-desktop: warning: ") and rel in line and "moved aside" in line
    assert line == f"ldn-desktop: warning: {expected[0]}"
    store = DataStore.open(data)
    try:
        window = _shown_window(store, qtbot)
        assert window.data_notes_banner.text() == f"⚠ {expected[0]}"
        assert window.data_notes_banner.isVisible()
    finally:
        store.close()


def test_the_window_keeps_the_patient_lists_refusal_in_its_banner(
    tmp_path: Path, qtbot: Any
) -> None:
    """The first start after the damage: the profile is refused while the window is built; the
    message must stay where it can be read (the status bar's was replaced at once)."""
    data, ids = _folder(tmp_path)
    rel = patient_doc(ids[1])  # the one with a backup
    _damage(data, rel)
    store = DataStore.open(data)
    try:
        window = _shown_window(store, qtbot)
        banner = window.data_notes_banner
        assert banner.isVisible() and rel in banner.text() and "moved aside" in banner.text()
        window.patient_bar.reload()  # still named while it is not recovered
        assert rel in banner.text()
        recover_document(store, rel)
        window.patient_bar.reload()
        assert rel not in banner.text()
    finally:
        store.close()


def test_damaged_settings_stay_in_the_banner_until_recovered(tmp_path: Path, qtbot: Any) -> None:
    """Damaged settings (the pharmacy's balance, the prescriber) fall back to the defaults: the
    banner says so for the session, and forgets it once the data is put back."""
    from ldn_desktop.storage.settings import SETTINGS_DOC, load_settings, save_settings

    data, _ids = _folder(tmp_path, patients=1)
    store = DataStore.open(data)
    save_settings(store, load_settings(store))
    save_settings(store, load_settings(store))  # a valid backup to put back
    store.close()
    _damage(data, SETTINGS_DOC)
    store = DataStore.open(data)
    try:
        window = _shown_window(store, qtbot)
        banner = window.data_notes_banner
        assert f"{SETTINGS_DOC} is damaged" in banner.text()
        recover_document(store, SETTINGS_DOC)
        window.context.data_changed.emit("patients")  # what Settings ▸ Recover does after
        assert SETTINGS_DOC not in banner.text() and not banner.isVisible()
    finally:
        store.close()


@pytest.mark.parametrize("seed", range(40))
def test_moved_aside_documents_by_definition(tmp_path: Path, seed: int) -> None:
    """Names only, folder by folder: the same as the definition applied to every file's path
    (``data_files``: a ``<path>.corrupt-<stamp>`` with no ``<path>``), on random folders holding
    marked and unmarked names, marked names without an original, and the folders it skips."""
    import random

    from ldn_desktop.storage.documents import CORRUPT_MARK
    from ldn_desktop.storage.folder_checks import data_files

    rng = random.Random(seed)
    folders = [
        tmp_path,
        *(tmp_path / p for p in ("patients/a/log", "patients/b", ".backups", "trash")),
    ]
    for folder in folders:
        folder.mkdir(parents=True, exist_ok=True)
    for _ in range(rng.randint(0, 14)):
        base = rng.choice(["patient.json", "2020-01.json", "settings.json", "", "a.corrupt-1"])
        name = base + (f"{CORRUPT_MARK}{rng.randint(1, 3)}" if rng.random() < 0.6 else "")
        if name:
            (rng.choice(folders) / name).write_text("x")
    files = data_files(tmp_path)
    originals = {rel.split(CORRUPT_MARK, 1)[0] for rel in files if CORRUPT_MARK in rel}
    expected = sorted(r for r in originals - set(files) if r and not r.endswith("/"))
    assert moved_aside_documents(tmp_path) == expected
