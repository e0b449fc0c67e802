"""Versioned documents: validation, quarantine, backups, newer-version refusal, migrations."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ldn_desktop.storage.documents import DataStore, DocumentKind
from ldn_desktop.storage.errors import (
    CorruptDocumentError,
    DocumentNotSavedError,
    NewerVersionError,
    ReadOnlyError,
)
from ldn_desktop.storage.patients import PATIENT_KIND, PatientRepository, patient_doc
from ldn_desktop.storage.schema import need_number

FIXTURES = Path(__file__).parent / "fixtures"


def _validate_counter(document: dict[str, object]) -> None:
    need_number(document, "count", "counter", minimum=0)


COUNTER = DocumentKind("counter", 1, _validate_counter)


def test_round_trip_with_envelope(store: DataStore) -> None:
    """A written document reads back with its format and version."""
    store.write("c.json", COUNTER, {"count": 3})
    raw = json.loads(store.path("c.json").read_text())
    assert raw["format"] == "ldn-desktop/counter"
    assert raw["version"] == 1
    assert store.read("c.json", COUNTER) == raw


def test_missing_document_reads_as_none(store: DataStore) -> None:
    """A document that was never written is None, not an error."""
    assert store.read("nothing.json", COUNTER) is None


def test_invalid_body_is_never_written(store: DataStore) -> None:
    """Validation runs before writing; the old document stays."""
    store.write("c.json", COUNTER, {"count": 1})
    with pytest.raises(DocumentNotSavedError, match=r"Nothing was saved: c\.json"):
        store.write("c.json", COUNTER, {"count": -5})
    assert store.read("c.json", COUNTER)["count"] == 1  # type: ignore[index]


def test_keeps_five_backup_generations(store: DataStore) -> None:
    """Each write keeps the previous version; only the newest five are kept."""
    for count in range(9):
        store.write("c.json", COUNTER, {"count": count})
    backups = store.backups("c.json")
    assert len(backups) == 5
    counts = [json.loads(p.read_text())["count"] for p in backups]
    assert counts == [7, 6, 5, 4, 3]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "empty"),
        (b'{"format": "ldn-desktop/counter", "version": 1, "cou', "not valid JSON"),
        (b"\xff\xfe\x00garbage", "not UTF-8"),
        (b'{"format": "ldn-desktop/other", "version": 1, "count": 1}', "'format'"),
        (b'{"format": "ldn-desktop/counter", "version": 1, "count": "many"}', "'count' must be"),
        (b'{"format": "ldn-desktop/counter", "version": 1, "count": NaN}', "not valid JSON"),
        (b"[1, 2]", "not a JSON object"),
    ],
)
def test_damaged_document_is_quarantined_and_backup_offered(
    store: DataStore, content: bytes, problem: str
) -> None:
    """A damaged file is moved aside (never overwritten), named, and the newest valid backup offered."""
    store.write("c.json", COUNTER, {"count": 1})
    store.write("c.json", COUNTER, {"count": 2})
    store.path("c.json").write_bytes(content)
    with pytest.raises(CorruptDocumentError) as caught:
        store.read("c.json", COUNTER)
    error = caught.value
    assert "c.json" in str(error)
    assert problem in str(error)
    assert error.moved_to is not None
    assert error.moved_to.read_bytes() == content
    assert ".corrupt-" in error.moved_to.name
    assert not store.path("c.json").exists()
    assert error.newest_backup is not None
    restored = store.restore_backup("c.json", error.newest_backup, COUNTER)
    assert restored["count"] == 1
    assert store.read("c.json", COUNTER)["count"] == 1  # type: ignore[index]
    assert error.moved_to.exists(), "the quarantined file is never overwritten or removed"


def test_newer_version_is_refused_and_left_untouched(store: DataStore) -> None:
    """A document from a newer program is not read, not migrated down, not overwritten."""
    path = store.path("c.json")
    path.write_text('{"format": "ldn-desktop/counter", "version": 7, "count": 1, "new": true}')
    before = path.read_bytes()
    with pytest.raises(NewerVersionError, match="newer version"):
        store.read("c.json", COUNTER)
    assert path.read_bytes() == before
    assert not list(store.root.glob("*.corrupt-*"))


def test_v1_patient_sample_migrates_with_backup(store: DataStore) -> None:
    """The committed version-1 sample still loads; the original is kept as .v1.bak first."""
    target = store.path(patient_doc("a1b2c3d4"))
    target.parent.mkdir(parents=True)
    shutil.copy(FIXTURES / "patient_v1.json", target)
    profile = PatientRepository(store).get("a1b2c3d4")
    assert profile.name == "Vera Version-One"
    assert profile.birth_date is not None and profile.birth_date.isoformat() == "1961-05-17"
    assert profile.archived is False
    migrated = json.loads(target.read_text())
    assert migrated["version"] == PATIENT_KIND.version
    backups = [p.name for p in store.backups(patient_doc("a1b2c3d4"))]
    assert "patient.json.v1.bak" in backups
    v1 = store.root / ".backups" / "patients" / "a1b2c3d4" / "patient.json.v1.bak"
    assert json.loads(v1.read_text())["full_name"] == "Vera Version-One"


def test_read_only_store_refuses_writes(data_dir: Path) -> None:
    """A read-only store reads but never writes."""
    writer = DataStore.open(data_dir)
    writer.write("c.json", COUNTER, {"count": 1})
    writer.close()
    reader = DataStore.open(data_dir, read_only=True)
    assert reader.read("c.json", COUNTER)["count"] == 1  # type: ignore[index]
    with pytest.raises(ReadOnlyError):
        reader.write("c.json", COUNTER, {"count": 2})


@pytest.mark.parametrize("rel", ["../x.json", "/etc/passwd", "a/../../x.json", ""])
def test_paths_cannot_escape_the_data_folder(store: DataStore, rel: str) -> None:
    """Document names are relative paths inside the folder only."""
    with pytest.raises(ValueError, match="not a path inside"):
        store.path(rel)


def test_leftover_temp_files_are_cleaned(store: DataStore) -> None:
    """Temp files left by a crash are removed at start-up; documents are not touched."""
    store.write("c.json", COUNTER, {"count": 1})
    (store.root / ".c.json.999.tmp").write_bytes(b"half")
    assert store.clean_temp_files() == 1
    assert store.read("c.json", COUNTER)["count"] == 1  # type: ignore[index]


def test_a_document_reading_would_refuse_is_not_saved(tmp_path: Path) -> None:
    """A year-9999 date would be refused (and quarantined) when read back: it is never written,
    and the refusal is a typed storage error the CLI and the window show in one line."""
    store = DataStore.open(tmp_path / "data")
    try:
        repo = PatientRepository(store)
        patient = repo.create("Ada Lovelace")
        document = store.read(patient_doc(patient.id), PATIENT_KIND)
        assert document is not None
        document["profile"]["created_at"] = "9999-12-31T23:59:59+00:00"
        with pytest.raises(DocumentNotSavedError, match="9999"):
            store.write(patient_doc(patient.id), PATIENT_KIND, document)
        document["profile"]["created_at"] = "2026-01-01T00:00:00+00:00"
        with pytest.raises(DocumentNotSavedError, match="does not hold patient"):
            store.write("patients/other/patient.json", PATIENT_KIND, document)
        assert repo.get(patient.id).name == "Ada Lovelace"
    finally:
        store.close()


def test_a_document_too_large_to_read_back_is_never_written(
    store: DataStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading refuses a document over MAX_DOCUMENT_BYTES (and moves it aside as damaged), so
    writing one would lose it on the next read: a growing document (every compounding record in
    one file) reached that size after a few thousand records. The write is refused instead,
    with the size and the limit, and the document on disk stays as it was."""
    from ldn_desktop.storage import bounded, documents

    monkeypatch.setattr(bounded, "MAX_DOCUMENT_BYTES", 4096)
    monkeypatch.setattr(documents, "MAX_DOCUMENT_BYTES", 4096)
    notes = DocumentKind("notes", 1, lambda document: None)
    store.write("n.json", notes, {"text": "x" * 1000})
    before = store.path("n.json").read_bytes()
    with pytest.raises(DocumentNotSavedError, match=r"Nothing was saved: n\.json would be .*MB"):
        store.write("n.json", notes, {"text": "x" * 5000})
    assert store.path("n.json").read_bytes() == before
    assert store.read("n.json", notes) == json.loads(before)
    store.write("n.json", notes, {"text": "x" * 4000})  # just under the limit: written, read back
    assert store.read("n.json", notes)["text"] == "x" * 4000  # type: ignore[index]
