"""Export, import (merge) and backup/restore of the whole data folder."""

from __future__ import annotations

import json
import stat
import zipfile
from pathlib import Path

import pytest

from ldn_desktop.storage.archive import export_archive, list_documents
from ldn_desktop.storage.archive_entries import ArchiveRefusedError, read_archive
from ldn_desktop.storage.archive_import import apply_import, plan_import
from ldn_desktop.storage.backup import (
    backup_now,
    default_backup_dir,
    list_backups,
    restore_backup,
)
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import ReadOnlyError
from ldn_desktop.storage.patients import PatientRepository
from ldn_desktop.storage.settings import load_settings, save_settings


def _fill(store: DataStore, *names: str) -> list[str]:
    repo = PatientRepository(store)
    ids = [repo.create(name).id for name in names]
    settings = load_settings(store)
    settings["pharmacy"]["name"] = "Corner Pharmacy"
    save_settings(store, settings)
    return ids


def _snapshot(root: Path) -> dict[str, bytes]:
    return {rel: (root / rel).read_bytes() for rel in list_documents(root)}


@pytest.fixture
def other(tmp_path: Path):
    opened = DataStore.open(tmp_path / "other")
    yield opened
    opened.close()


def test_export_holds_documents_only_with_manifest(store: DataStore, tmp_path: Path) -> None:
    ids = _fill(store, "Ann Lee")
    PatientRepository(store).rename(ids[0], "Ann B. Lee")  # makes a .backups generation
    (store.root / f"patients/{ids[0]}/.washout.json.123.tmp").write_text("partial")
    (store.root / "settings.json.corrupt-20260101").write_text("{")
    out = tmp_path / "all.zip"
    result = export_archive(store.root, out)
    with zipfile.ZipFile(out) as archive:
        names = sorted(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert names == [
        "data/patients/" + ids[0] + "/patient.json",
        "data/settings.json",
        "manifest.json",
    ]
    assert manifest["format"] == "ldn-desktop/archive"
    assert manifest["version"] == 1
    assert manifest["created"].endswith("+00:00")
    assert {d["path"] for d in manifest["documents"]} == {
        f"patients/{ids[0]}/patient.json",
        "settings.json",
    }
    assert result.documents == 2
    assert stat.S_IMODE(out.stat().st_mode) == 0o600


def test_round_trip_into_an_empty_folder(
    store: DataStore, other: DataStore, tmp_path: Path
) -> None:
    _fill(store, "Ann Lee", "Bo Chen")
    out = tmp_path / "all.zip"
    export_archive(store.root, out)
    report = apply_import(other, plan_import(other.root, out))
    assert len(report.added) == 3
    assert report.skipped == () and report.conflicts == ()
    assert _snapshot(other.root) == _snapshot(store.root)
    names = sorted(p.name for p in PatientRepository(other).list()[0])
    assert names == ["Ann Lee", "Bo Chen"]


def test_import_twice_skips_identical(store: DataStore, tmp_path: Path) -> None:
    _fill(store, "Ann Lee")
    out = tmp_path / "all.zip"
    export_archive(store.root, out)
    before = _snapshot(store.root)
    report = apply_import(store, plan_import(store.root, out))
    assert report.added == () and report.conflicts == ()
    assert len(report.skipped) == 2
    assert _snapshot(store.root) == before


def test_merge_adds_missing_and_keeps_current_on_conflict(
    store: DataStore, other: DataStore, tmp_path: Path
) -> None:
    (shared,) = _fill(store, "Ann Lee")
    out = tmp_path / "all.zip"
    export_archive(store.root, out)
    apply_import(other, plan_import(other.root, out))
    PatientRepository(other).rename(shared, "Ann Lee-Smith")  # changed over there
    new_there = PatientRepository(other).create("Cy Diaz").id
    export_archive(other.root, out)
    PatientRepository(store).rename(shared, "Ann Lee-Jones")  # changed here too
    report = apply_import(store, plan_import(store.root, out))
    assert report.added == (f"patients/{new_there}/patient.json",)
    assert report.conflicts == (f"patients/{shared}/patient.json",)
    assert PatientRepository(store).get(shared).name == "Ann Lee-Jones"  # never overwritten
    assert PatientRepository(store).get(new_there).name == "Cy Diaz"
    assert "1 conflict (current data kept)" in report.summary() and shared in report.summary()


def test_keep_both_imports_a_conflicting_patient_as_a_copy(
    store: DataStore, other: DataStore, tmp_path: Path
) -> None:
    repo_there = PatientRepository(other)
    there = repo_there.create("Ann Lee")
    out = tmp_path / "all.zip"
    export_archive(other.root, out)
    apply_import(store, plan_import(store.root, out))
    repo_there.rename(there.id, "Ann Lee (other clinic)")
    export_archive(other.root, out)
    plan = plan_import(store.root, out)
    assert plan.conflicting_patients == (there.id,)
    report = apply_import(store, plan, keep_both=True)
    (copy_id,) = report.copied_patients.values()
    assert copy_id != there.id
    repo = PatientRepository(store)
    assert repo.get(there.id).name == "Ann Lee"
    assert repo.get(copy_id).name == "Ann Lee (other clinic) (imported)"
    assert report.conflicts == ()


def test_import_into_read_only_store_refused(store: DataStore, tmp_path: Path) -> None:
    _fill(store, "Ann Lee")
    out = tmp_path / "all.zip"
    export_archive(store.root, out)
    reader = DataStore.open(tmp_path / "elsewhere", read_only=True)
    with pytest.raises(ReadOnlyError):
        apply_import(reader, plan_import(reader.root, out))


def test_damaged_document_is_left_out_of_an_export(store: DataStore, tmp_path: Path) -> None:
    _fill(store, "Ann Lee")
    (store.root / "settings.json").write_text('{"format": "ldn-desktop/settings"')
    result = export_archive(store.root, tmp_path / "all.zip")
    assert result.left_out == ("settings.json",)
    assert [rel for rel, _ in read_archive(result.path).documents] == [
        rel for rel in list_documents(store.root) if rel != "settings.json"
    ]


def test_older_version_documents_are_accepted(store: DataStore, tmp_path: Path) -> None:
    """A version-1 patient document migrates in memory for checking and imports unchanged."""
    old = tmp_path / "old"
    (old / "patients/abcd1234").mkdir(parents=True)
    (old / "patients/abcd1234/patient.json").write_text(
        json.dumps(
            {
                "format": "ldn-desktop/patient",
                "version": 1,
                "id": "abcd1234",
                "full_name": "Old Format",
                "created": "2024-01-01T10:00:00+00:00",
            }
        )
    )
    export_archive(old, tmp_path / "old.zip")
    apply_import(store, plan_import(store.root, tmp_path / "old.zip"))
    assert PatientRepository(store).get("abcd1234").name == "Old Format"


def test_backup_and_restore(store: DataStore, tmp_path: Path) -> None:
    ids = _fill(store, "Ann Lee")
    saved = _snapshot(store.root)
    backup = backup_now(store.root)
    assert backup.parent == default_backup_dir(store.root)
    assert backup.name.startswith("ldn-desktop-backup-")
    PatientRepository(store).rename(ids[0], "Changed Name")
    later = PatientRepository(store).create("Added Later").id
    changed = _snapshot(store.root)
    report = restore_backup(store, backup)
    assert _snapshot(store.root) == saved
    assert report.removed == (f"patients/{later}/patient.json",)
    assert not (store.root / "patients" / later).exists()
    # the data as it was just before the restore is kept as a safety archive
    kept = dict(read_archive(report.safety_archive).documents)
    assert kept == changed
    assert set(list_backups(backup.parent)) == {backup, report.safety_archive}


def test_refused_restore_changes_nothing(store: DataStore, tmp_path: Path) -> None:
    _fill(store, "Ann Lee")
    before = _snapshot(store.root)
    bad = tmp_path / "bad.zip"
    with zipfile.ZipFile(bad, "w") as archive:
        archive.writestr("manifest.json", "{}")
    with pytest.raises(ArchiveRefusedError):
        restore_backup(store, bad)
    assert _snapshot(store.root) == before
    assert list_backups(default_backup_dir(store.root)) == []


def test_backups_cannot_go_inside_the_data_folder(store: DataStore) -> None:
    _fill(store, "Ann Lee")
    with pytest.raises(ArchiveRefusedError, match="inside the data folder"):
        backup_now(store.root, store.root / "backups")
