"""Damaged documents are handled as the storage rules say (ldn_desktop/storage/documents.py).

A damaged document (truncated, empty, not UTF-8, wrong format, hand-edited into something invalid)
is moved aside as ``<name>.corrupt-<timestamp>`` with its bytes intact, never overwritten, and the
newest valid backup is offered (and restores). A newer-version document is refused and left
byte-for-byte untouched. The CLI answers each with exit 1 and one line; the window opens anyway
and says what happened.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from ldn_desktop import cli
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError, NewerVersionError
from ldn_desktop.storage.patients import PATIENT_KIND, PatientRepository, patient_doc
from ldn_desktop.storage.settings import SETTINGS_DOC, load_settings, save_settings


def _edited(change: Any) -> Any:
    """A hand edit of the current patient document's JSON."""

    def damage(raw: bytes) -> bytes:
        document = json.loads(raw)
        change(document)
        return json.dumps(document).encode()

    return damage


DAMAGES = {
    "truncated": lambda raw: raw[: len(raw) // 2],
    "truncated to one byte": lambda raw: raw[:1],
    "empty": lambda raw: b"",
    "only whitespace": lambda raw: b" \n\t\n",
    "NUL bytes": lambda raw: b"\0" * len(raw),
    "not UTF-8": lambda raw: raw.replace(b'"name": "', b'"name": "\xff\xfe', 1),
    "UTF-16": lambda raw: raw.decode().encode("utf-16"),
    "byte-order mark": lambda raw: b"\xef\xbb\xbf" + raw,
    "not an object": lambda raw: b"[1, 2, 3]",
    "wrong format": _edited(lambda d: d.update(format="ldn-desktop/settings")),
    "no format": _edited(lambda d: d.pop("format")),
    "version as text": _edited(lambda d: d.update(version="2")),
    "version zero": _edited(lambda d: d.update(version=0)),
    "version NaN": lambda raw: raw.replace(b'"version": 2', b'"version": NaN', 1),
    "version 1e999": lambda raw: raw.replace(b'"version": 2', b'"version": 1e999', 1),
    "version with 5000 digits": lambda raw: raw.replace(
        b'"version": 2', b'"version": ' + b"9" * 5000, 1
    ),
    "name emptied": _edited(lambda d: d["profile"].update(name="   ")),
    "name a number": _edited(lambda d: d["profile"].update(name=42)),
    "name with control characters": _edited(lambda d: d["profile"].update(name="A\x07B")),
    "birth date impossible": _edited(lambda d: d["profile"].update(birth_date="1990-02-30")),
    "archived as text": _edited(lambda d: d["profile"].update(archived="no")),
    "profile missing": _edited(lambda d: d.pop("profile")),
    "id changed to a path": _edited(lambda d: d["profile"].update(id="../../etc")),
    "nested 100,000 deep": lambda raw: b"[" * 100_000 + b"]" * 100_000,
    "duplicate key, last one invalid": lambda raw: raw.rstrip()[:-1] + b', "profile": 5}',
}


@pytest.fixture
def patient_with_history(tmp_path: Path) -> tuple[Path, str]:
    """A patient renamed twice, so backups of earlier versions exist."""
    data = tmp_path / "data"
    store = DataStore.open(data)
    try:
        repo = PatientRepository(store)
        patient = repo.create("First Name").id
        repo.rename(patient, "Second Name")
        repo.rename(patient, "Third Name")
    finally:
        store.close()
    return data, patient


def _damage(data: Path, patient: str, name: str) -> bytes:
    path = data / patient_doc(patient)
    damaged = DAMAGES[name](path.read_bytes())
    path.write_bytes(damaged)
    return damaged


@pytest.mark.parametrize("damage", DAMAGES)
def test_damaged_document_is_quarantined_and_a_backup_offered(
    patient_with_history: tuple[Path, str], damage: str
) -> None:
    data, patient = patient_with_history
    damaged = _damage(data, patient, damage)
    store = DataStore.open(data)
    try:
        with pytest.raises(CorruptDocumentError) as caught:
            PatientRepository(store).get(patient)
        error = caught.value
        # named by its path in the folder: whose profile it is (issue 14 session: not just
        # "patient.json", which every patient has)
        assert "\n" not in str(error)
        assert str(error).startswith(f"{patient_doc(patient)} is damaged: ")
        assert error.moved_to is not None and error.moved_to.read_bytes() == damaged
        assert error.moved_to.name.startswith("patient.json.corrupt-")
        assert not (data / patient_doc(patient)).exists()
        assert error.newest_backup is not None
        restored = store.restore_backup(patient_doc(patient), error.newest_backup, PATIENT_KIND)
        assert restored["profile"]["name"] == "Second Name"
        assert PatientRepository(store).get(patient).name == "Second Name"
    finally:
        store.close()


def test_a_quarantined_file_is_never_overwritten(patient_with_history: tuple[Path, str]) -> None:
    data, patient = patient_with_history
    store = DataStore.open(data)
    try:
        moved: list[Path] = []
        for damage in ("truncated", "empty", "wrong format"):
            damaged = _damage(data, patient, damage)
            with pytest.raises(CorruptDocumentError) as caught:
                PatientRepository(store).get(patient)
            assert caught.value.moved_to is not None
            moved.append(caught.value.moved_to)
            assert caught.value.moved_to.read_bytes() == damaged
            assert caught.value.newest_backup is not None  # put a good one back
            store.restore_backup(patient_doc(patient), caught.value.newest_backup, PATIENT_KIND)
        assert len(set(moved)) == 3
        assert [p.read_bytes() for p in moved][1] == b""
    finally:
        store.close()


@pytest.mark.parametrize(
    "damage", ["truncated", "not UTF-8", "name emptied", "nested 100,000 deep"]
)
def test_cli_on_a_damaged_document_exits_1_with_one_line(
    patient_with_history: tuple[Path, str], capsys: pytest.CaptureFixture[str], damage: str
) -> None:
    data, patient = patient_with_history
    damaged = _damage(data, patient, damage)
    status = cli.main(["--data-dir", str(data), "patient", "show", patient])
    err = capsys.readouterr().err
    assert status == 1
    assert err.count("\n") == 1, err
    assert err.startswith(f"ldn-desktop: {patient_doc(patient)} is damaged: "), err
    assert "can be restored" in err
    assert (data / patient_doc(patient)).read_bytes() == damaged, "show must not move files"
    status = cli.main(["--data-dir", str(data), "patient", "rename", patient, "--name", "New"])
    err = capsys.readouterr().err
    assert status == 1 and err.count("\n") == 1 and "moved aside as" in err
    assert [p.read_bytes() for p in (data / patient_doc(patient)).parent.glob("*.corrupt-*")] == [
        damaged
    ]


@pytest.mark.parametrize("found", [3, 99])
def test_newer_version_is_refused_and_left_untouched(
    patient_with_history: tuple[Path, str], capsys: pytest.CaptureFixture[str], found: int
) -> None:
    data, patient = patient_with_history
    path = data / patient_doc(patient)
    document = json.loads(path.read_bytes())
    document["version"] = found
    document["profile"]["future_field"] = {"anything": [1, 2]}
    newer = json.dumps(document).encode()
    path.write_bytes(newer)
    store = DataStore.open(data)
    try:
        with pytest.raises(NewerVersionError, match=f"format version {found}"):
            PatientRepository(store).get(patient)
    finally:
        store.close()
    for args in (["show", patient], ["rename", patient, "--name", "X"], ["archive", patient]):
        status = cli.main(["--data-dir", str(data), "patient", *args])
        err = capsys.readouterr().err
        assert status == 1 and err.count("\n") == 1 and "newer version" in err, err
    assert path.read_bytes() == newer
    assert list(path.parent.glob("*.corrupt-*")) == []


def test_window_opens_over_damaged_settings_and_patient(
    patient_with_history: tuple[Path, str], qtbot: Any
) -> None:
    """The program still opens; the status bar and the banner say what was damaged; the rest is
    usable."""
    from ldn_desktop.app import build_main_window

    data, patient = patient_with_history
    store = DataStore.open(data)
    save_settings(store, load_settings(store))
    store.close()
    (data / SETTINGS_DOC).write_bytes(b'{"format": "ldn-desktop/settings", "version": 1, "pha')
    _damage(data, patient, "truncated")
    store = DataStore.open(data)
    window = build_main_window(store)
    qtbot.addWidget(window)
    window.show()
    message = window.statusBar().currentMessage()
    assert "is damaged" in message, message
    assert list(data.glob("settings.json.corrupt-*")), "damaged settings were not moved aside"
    # both stay in the banner (the status bar shows one message, for seconds)
    banner = window.data_notes_banner.text()
    assert window.data_notes_banner.isVisible()
    assert "settings.json is damaged" in banner and f"{patient_doc(patient)} is damaged" in banner
    store.close()
