"""Backups of the whole data folder (timestamped archives), and restoring one into place.

A backup is an export archive (``archive.py``) with ``purpose: backup``, named
``ldn-desktop-backup-<YYYYMMDD-HHMMSS>.zip``, by default in ``ldn-desktop-backups/`` next to the data
folder (outside it, so a backup survives the folder being deleted). It holds every current
document; the per-document generations in ``.backups/`` and the ``trash/`` are not included.

Restoring never overwrites silently: the archive is checked completely first (nothing changes if
any entry is refused), then the current data is saved as a safety archive
(``ldn-desktop-before-restore-<stamp>.zip``), and only then are the documents put into place:
each one replaced atomically, its previous version kept in ``.backups/`` like any save, and
documents not in the backup removed (they are in the safety archive).
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ldn_desktop.storage.archive import (
    Progress,
    export_archive,
    list_documents,
    no_progress,
    validate_document,
)
from ldn_desktop.storage.archive_entries import ArchiveRefusedError, read_archive, target_inside
from ldn_desktop.storage.atomic import ensure_private_dir, fsync_dir, write_atomic
from ldn_desktop.storage.documents import BACKUP_DIR, DataStore
from ldn_desktop.storage.errors import ReadOnlyError
from ldn_desktop.storage.patients import PATIENTS_DIR

BACKUP_PREFIX = "ldn-desktop-backup-"
SAFETY_PREFIX = "ldn-desktop-before-restore-"
BACKUP_FOLDER_NAME = "ldn-desktop-backups"


def default_backup_dir(data_dir: Path) -> Path:
    """``<data>/../ldn-desktop-backups``: beside the data folder, not inside it."""
    return data_dir.resolve().parent / BACKUP_FOLDER_NAME


def _free_name(folder: Path, prefix: str) -> Path:
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    candidate = folder / f"{prefix}{stamp}.zip"
    number = 2
    while candidate.exists():
        candidate = folder / f"{prefix}{stamp}-{number}.zip"
        number += 1
    return candidate


def backup_now(
    data_dir: Path, backup_dir: Path | None = None, *, progress: Progress = no_progress
) -> Path:
    """Write a timestamped backup archive of ``data_dir``; returns its path."""
    folder = backup_dir or default_backup_dir(data_dir)
    _refuse_inside(data_dir, folder)
    if not folder.is_dir():
        ensure_private_dir(folder)
    out = _free_name(folder, BACKUP_PREFIX)
    export_archive(data_dir, out, purpose="backup", progress=progress)
    return out


def _refuse_inside(data_dir: Path, folder: Path) -> None:
    data, target = os.path.realpath(data_dir), os.path.realpath(folder)
    if os.path.commonpath([data, target]) == data:
        raise ArchiveRefusedError(
            f"Backups cannot go inside the data folder ({folder}); choose a folder outside it."
        )


def list_backups(backup_dir: Path) -> list[Path]:
    """Backup and safety archives in ``backup_dir``, newest first."""
    if not backup_dir.is_dir():
        return []
    found = [
        p
        for p in backup_dir.iterdir()
        if p.suffix == ".zip" and p.name.startswith((BACKUP_PREFIX, SAFETY_PREFIX))
    ]
    return sorted(found, key=lambda p: p.stat().st_mtime, reverse=True)


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did; ``safety_archive`` holds the data as it was just before."""

    restored: int
    removed: tuple[str, ...]
    safety_archive: Path

    def summary(self) -> str:
        removed = (
            f", {len(self.removed)} documents not in the backup removed" if self.removed else ""
        )
        return (
            f"{self.restored} {'document' if self.restored == 1 else 'documents'} restored{removed}. The data as it was before is in "
            f"{self.safety_archive}."
        )


def restore_backup(
    store: DataStore,
    archive: Path,
    *,
    safety_dir: Path | None = None,
    progress: Progress = no_progress,
) -> RestoreReport:
    """Replace the data with the backup's, after checking it and saving a safety archive."""
    if store.read_only:
        raise ReadOnlyError(f"Nothing was restored: {store.read_only_reason or 'read-only'}.")
    contents = read_archive(archive)
    for rel, raw in contents.documents:
        validate_document(rel, raw)
        target_inside(store.root, rel)
    folder = safety_dir or default_backup_dir(store.root)
    _refuse_inside(store.root, folder)
    if not folder.is_dir():
        ensure_private_dir(folder)
    safety = _free_name(folder, SAFETY_PREFIX)
    export_archive(store.root, safety, purpose="backup")
    keep = {rel for rel, _ in contents.documents}
    stale = [rel for rel in list_documents(store.root) if rel not in keep]
    total = len(contents.documents) + len(stale)
    stamp = datetime.now().strftime("%Y%m%dT%H%M%S%fZ")
    for number, (rel, raw) in enumerate(contents.documents, start=1):
        target = target_inside(store.root, rel)
        ensure_private_dir(target.parent)
        generation = store.root / BACKUP_DIR / Path(rel).parent
        ensure_private_dir(generation)
        write_atomic(target, raw, generation / f"{target.name}.{stamp}")
        progress(number, total)
    for number, rel in enumerate(stale, start=len(contents.documents) + 1):
        target = target_inside(store.root, rel)
        target.unlink(missing_ok=True)
        fsync_dir(target.parent)
        progress(number, total)
    _remove_empty_patient_folders(store.root)
    return RestoreReport(len(contents.documents), tuple(stale), safety)


def _remove_empty_patient_folders(root: Path) -> None:
    folder = root / PATIENTS_DIR
    if not folder.is_dir():
        return
    for patient in folder.iterdir():
        if patient.is_dir() and not patient.is_symlink():
            for sub in sorted(patient.rglob("*"), reverse=True):
                if sub.is_dir():
                    with contextlib.suppress(OSError):
                        sub.rmdir()
            with contextlib.suppress(OSError):
                patient.rmdir()
