"""Hostile archives: every bad entry is refused with a clear message and nothing is written."""

from __future__ import annotations

import hashlib
import json
import os
import stat
import string
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ldn_desktop.storage import archive_entries
from ldn_desktop.storage.archive import list_documents
from ldn_desktop.storage.archive_entries import (
    ArchiveRefusedError,
    check_entry_name,
    document_path,
    read_archive,
)
from ldn_desktop.storage.archive_import import apply_import, plan_import
from ldn_desktop.storage.backup import restore_backup
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.patients import PatientRepository

PATIENT = {
    "format": "ldn-desktop/patient",
    "version": 2,
    "profile": {
        "id": "abcd1234",
        "name": "Eve Hostile",
        "birth_date": None,
        "created_at": "2026-01-01T10:00:00+00:00",
        "archived": False,
        "notes": "",
    },
}


def _manifest(entries: dict[str, bytes]) -> bytes:
    docs = [
        {"path": n.removeprefix("data/"), "size": len(b), "sha256": hashlib.sha256(b).hexdigest()}
        for n, b in entries.items()
    ]
    return json.dumps(
        {
            "format": "ldn-desktop/archive",
            "version": 1,
            "created": "2026-01-01T10:00:00+00:00",
            "app_version": "0.1.0",
            "purpose": "export",
            "documents": docs,
        }
    ).encode()


def _zip(path: Path, entries: dict[str, bytes], *, manifest: bool = True) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if manifest:
            archive.writestr("manifest.json", _manifest(entries))
        for name, data in entries.items():
            archive.writestr(name, data)
    return path


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def _assert_refused_and_untouched(store: DataStore, archive: Path, words: str) -> None:
    before = _tree(store.root)
    with pytest.raises(ArchiveRefusedError, match=words) as caught:
        apply_import(store, plan_import(store.root, archive))
    assert "nothing was changed" in str(caught.value) or "no such file" in str(caught.value)
    with pytest.raises(ArchiveRefusedError):
        restore_backup(store, archive, safety_dir=archive.parent / "safety")
    assert _tree(store.root) == before
    assert not (archive.parent / "safety").exists()
    assert not (store.root.parent / "etc").exists()


@pytest.fixture
def seeded(store: DataStore) -> DataStore:
    PatientRepository(store).create("Resident Patient")
    return store


GOOD = json.dumps(PATIENT).encode()


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("../x.json", r"'\.\.'"),
        ("data/../../x.json", r"'\.\.'"),
        ("data/patients/../../../etc/passwd.json", r"'\.\.'"),
        ("/etc/x.json", "absolute path"),
        ("C:\\x.json", "backslash"),
        ("C:/x.json", "drive letter"),
        ("data\\patients\\abcd1234\\patient.json", "backslash"),
        ("data//settings.json", "empty or '.'"),
        ("data/./settings.json", "empty or '.'"),
        ("data/.backups/settings.json.1", "hidden or unusual"),
        ("data/.lock", "hidden or unusual"),
        ("data/trash/abcd1234/patient.json", "not a document"),
        ("data/patients/abcd1234/notes.txt", "not a document"),
        ("data/set\ntings.json", "control characters"),
        ("evil.json", "unexpected entry"),
    ],
)
def test_bad_entry_names_are_refused(
    seeded: DataStore, tmp_path: Path, name: str, words: str
) -> None:
    archive = _zip(tmp_path / "bad.zip", {name: GOOD})
    _assert_refused_and_untouched(seeded, archive, words)


def test_symlink_entry_is_refused(seeded: DataStore, tmp_path: Path) -> None:
    path = tmp_path / "link.zip"
    target = b"/etc/passwd"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", _manifest({"data/settings.json": target}))
        info = zipfile.ZipInfo("data/settings.json")
        info.create_system = 3
        info.external_attr = (stat.S_IFLNK | 0o777) << 16
        archive.writestr(info, target)
    _assert_refused_and_untouched(seeded, path, "symbolic link")


def test_symlinked_folder_inside_the_data_folder_cannot_be_escaped(
    seeded: DataStore, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    os.symlink(outside, seeded.root / "patients" / "abcd1234")
    archive = _zip(tmp_path / "esc.zip", {"data/patients/abcd1234/patient.json": GOOD})
    _assert_refused_and_untouched(seeded, archive, "outside the data folder")
    assert list(outside.iterdir()) == []


def test_huge_entry_is_refused(seeded: DataStore, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(archive_entries, "MAX_ENTRY_BYTES", 1000)
    archive = _zip(tmp_path / "huge.zip", {"data/settings.json": b" " * 5000 + GOOD})
    _assert_refused_and_untouched(seeded, archive, "too large")


def test_zip_bomb_is_refused(seeded: DataStore, tmp_path: Path) -> None:
    bomb = b"0" * (3 * 1024 * 1024)  # deflates ~1000:1
    archive = _zip(tmp_path / "bomb.zip", {"data/settings.json": bomb})
    _assert_refused_and_untouched(seeded, archive, "expands suspiciously")


def test_tampered_entry_is_refused(seeded: DataStore, tmp_path: Path) -> None:
    archive = tmp_path / "lie.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_STORED) as stored:
        stored.writestr("manifest.json", _manifest({"data/patients/abcd1234/patient.json": GOOD}))
        stored.writestr("data/patients/abcd1234/patient.json", GOOD)
    raw = bytearray(archive.read_bytes())
    raw = raw.replace(b"Eve Hostile", b"Eve Hostilf")  # content no longer matches its CRC
    archive.write_bytes(bytes(raw))
    _assert_refused_and_untouched(seeded, archive, "zip archive|checksum|size")


@pytest.mark.parametrize(
    ("entries", "words"),
    [
        ({"data/patients/abcd1234/patient.json": b"{not json"}, "not a valid document"),
        ({"data/patients/abcd1234/patient.json": b"\xff\xfe"}, "not a valid document"),
        ({"data/settings.json": json.dumps({**PATIENT}).encode()}, "not a valid document"),
        (
            {"data/patients/abcd1234/patient.json": json.dumps({**PATIENT, "version": 9}).encode()},
            "newer version",
        ),
        (
            {"data/patients/zzzz9999/patient.json": GOOD},
            "does not hold patient",
        ),
        ({"data/other.json": b'{"format": "ldn-desktop/nonsense", "version": 1}'}, "not a kind"),
        ({"data/patients/abcd1234/washout.json": b"{}"}, "not a valid document"),
    ],
)
def test_invalid_documents_refuse_the_whole_archive(
    seeded: DataStore, tmp_path: Path, entries: dict[str, bytes], words: str
) -> None:
    # a valid new patient next to the bad document must not be imported either
    entries = {"data/patients/okok1234/patient.json": _patient("okok1234"), **entries}
    archive = _zip(tmp_path / "doc.zip", entries)
    _assert_refused_and_untouched(seeded, archive, words)


def _patient(patient_id: str) -> bytes:
    return json.dumps({**PATIENT, "profile": {**PATIENT["profile"], "id": patient_id}}).encode()


def test_orphan_patient_document_is_refused(seeded: DataStore, tmp_path: Path) -> None:
    washout_like = b'{"format": "ldn-desktop/patient", "version": 2}'
    archive = _zip(tmp_path / "orphan.zip", {"data/patients/nobody99/x.json": washout_like})
    _assert_refused_and_untouched(seeded, archive, "not a valid document|belongs to no patient")


def test_archive_without_manifest_or_checksum_is_refused(seeded: DataStore, tmp_path: Path) -> None:
    bare = _zip(
        tmp_path / "bare.zip", {"data/patients/abcd1234/patient.json": GOOD}, manifest=False
    )
    _assert_refused_and_untouched(seeded, bare, "no manifest")
    forged = tmp_path / "forged.zip"
    with zipfile.ZipFile(forged, "w") as archive:
        archive.writestr("manifest.json", _manifest({"data/patients/abcd1234/patient.json": GOOD}))
        archive.writestr("data/patients/abcd1234/patient.json", _patient("abcd1234") + b" ")
    _assert_refused_and_untouched(seeded, forged, "checksum")


def test_not_a_zip_and_missing_file(seeded: DataStore, tmp_path: Path) -> None:
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 this is not really a zip")
    _assert_refused_and_untouched(seeded, junk, "not a readable zip")
    _assert_refused_and_untouched(seeded, tmp_path / "missing.zip", "no such file")


def test_duplicate_entries_are_refused(seeded: DataStore, tmp_path: Path) -> None:
    path = tmp_path / "dup.zip"
    name = "data/patients/abcd1234/patient.json"
    with (
        pytest.warns(UserWarning, match="Duplicate name"),
        zipfile.ZipFile(path, "w") as archive,
    ):
        archive.writestr("manifest.json", _manifest({name: GOOD}))
        archive.writestr(name, GOOD)
        archive.writestr(name, GOOD)
    _assert_refused_and_untouched(seeded, path, "appears twice")


NAME_CHARS = string.ascii_letters + string.digits + "./\\:-_ \x00\n~$%" + "é…"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=NAME_CHARS, min_size=0, max_size=60))
def test_any_accepted_entry_name_stays_inside_the_folder(name: str) -> None:
    """Whatever the name, it is either refused or a plain relative path inside the folder."""
    root = Path("/srv/ldn-data")
    try:
        rel = document_path("data/" + name)
    except ArchiveRefusedError as exc:
        assert str(exc).startswith("Archive refused")
        return
    assert not rel.startswith(("/", "\\")) and "\\" not in rel and ":" not in rel
    assert ".." not in rel.split("/") and all(rel.split("/"))
    resolved = os.path.normpath(os.path.join(root, rel))
    assert resolved.startswith(str(root) + os.sep)
    assert not any(part.startswith(".") for part in rel.split("/"))


@settings(max_examples=200, deadline=None)
@given(st.text(min_size=0, max_size=40))
def test_check_entry_name_never_crashes(name: str) -> None:
    try:
        checked = check_entry_name(name)
    except ArchiveRefusedError:
        return
    assert not os.path.isabs(checked) and ".." not in checked.split("/")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(st.lists(st.text(alphabet=NAME_CHARS, min_size=1, max_size=30), min_size=1, max_size=4))
def test_hostile_archives_never_write_outside(tmp_path: Path, names: list[str]) -> None:
    """Random entry names through the whole import: refused, or written inside the folder."""
    case = tmp_path / f"case-{abs(hash(tuple(names)))}"
    case.mkdir(exist_ok=True)
    store = DataStore.open(case / "data")
    try:
        entries = {"data/" + n: GOOD for n in dict.fromkeys(names)}
        try:
            archive = _zip(case / "h.zip", entries)
        except (ValueError, UnicodeEncodeError):
            return
        try:
            apply_import(store, plan_import(store.root, archive))
        except ArchiveRefusedError:
            assert list_documents(store.root) == []
        outside = [p for p in case.rglob("*") if not str(p).startswith(str(case / "data"))]
        assert sorted(p.name for p in outside) == ["h.zip"]
    finally:
        store.close()


def test_read_archive_reports_contents(tmp_path: Path) -> None:
    archive = _zip(tmp_path / "ok.zip", {"data/patients/abcd1234/patient.json": GOOD})
    contents = read_archive(archive)
    assert contents.purpose == "export"
    assert contents.documents == (("patients/abcd1234/patient.json", GOOD),)
