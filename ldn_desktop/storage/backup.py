"""Backups of the whole data folder (timestamped archives), and restoring one into place.

A backup is an export archive (``archive.py``) with ``purpose: backup``, named
``ldn-desktop-backup-<YYYYMMDD-HHMMSS>.zip``, by default in ``ldn-desktop-backups/`` next to the data
folder (outside it, so a backup survives the folder being deleted). It holds every file of the
folder, bytes as they are (documents that cannot be read are kept as they are and named; the
per-document generations in ``.backups/`` and the ``trash/`` are in it too).

Restoring never overwrites silently: the archive is checked completely first (nothing changes if
any entry is refused), then the current data is saved as a safety archive
(``ldn-desktop-before-restore-<stamp>.zip``, a full backup), and only then are the documents put
into place, all or nothing (``restore_journal``): each one's previous version kept in ``.backups/``
like any save, and documents not in the backup moved to ``.backups/`` as well (and in the safety
archive). The backup's other files (``files/``: generations, trash) are not written back; the
folder's own are left as they are.
"""

from __future__ import annotations

import contextlib
import errno
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ldn_desktop.core.words import counted
from ldn_desktop.storage.archive import (
    ExportResult,
    Progress,
    export_archive,
    list_documents,
    no_progress,
    validate_document,
)
from ldn_desktop.storage.archive_entries import ArchiveRefusedError, read_archive, target_inside
from ldn_desktop.storage.atomic import ensure_private_dir
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import DiskWriteError, ReadOnlyError
from ldn_desktop.storage.patients import PATIENTS_DIR
from ldn_desktop.storage.restore_journal import apply_journal, pending_restore, stage_restore

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
    return make_backup(data_dir, backup_dir, progress=progress).path


def make_backup(
    data_dir: Path, backup_dir: Path | None = None, *, progress: Progress = no_progress
) -> ExportResult:
    """Write a timestamped backup archive of every file of ``data_dir``; says what it could
    not read (``ExportResult.warnings``)."""
    folder = backup_dir or default_backup_dir(data_dir)
    _refuse_inside(data_dir, folder)
    if not folder.is_dir():
        ensure_private_dir(folder)
    out = _free_name(folder, BACKUP_PREFIX)
    return export_archive(data_dir, out, purpose="backup", progress=progress)


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
    safety_warnings: tuple[str, ...] = ()

    def summary(self, decimal_mark: str = ".") -> str:
        """What was done, for people; counts grouped for ``decimal_mark`` (the window's)."""
        removed = (
            f", {counted(len(self.removed), 'document', decimal_mark=decimal_mark)} not in the "
            "backup moved to .backups/"
            if self.removed
            else ""
        )
        restored = counted(self.restored, "document", decimal_mark=decimal_mark)
        lines = [
            f"{restored} restored{removed}. The data as it was before is in {self.safety_archive}."
        ]
        return "\n".join(lines + [f"Safety archive: {w}" for w in self.safety_warnings])


def restore_backup(
    store: DataStore,
    archive: Path,
    *,
    safety_dir: Path | None = None,
    progress: Progress = no_progress,
) -> RestoreReport:
    """Replace the data with the backup's, after checking it and saving a safety archive.

    All or nothing (``restore_journal``): a failure while staging changes nothing; once the
    journal is committed, an interrupted restore is completed at the next start. Page saves of
    this process wait meanwhile (``store.write_lock``).
    """
    if store.read_only:
        raise ReadOnlyError(f"Nothing was restored: {store.read_only_reason or 'read-only'}.")
    contents = read_archive(archive)
    for rel, raw in contents.documents:
        if rel not in contents.kept_as_is:  # kept as they were: restored as they are
            validate_document(rel, raw)
        target_inside(store.root, rel)
    folder = safety_dir or default_backup_dir(store.root)
    _refuse_inside(store.root, folder)
    with store.write_lock:
        if pending_restore(store.root) == "committed":
            apply_journal(store.root)  # an earlier restore comes first
        if not folder.is_dir():
            ensure_private_dir(folder)
        safety = export_archive(store.root, _free_name(folder, SAFETY_PREFIX), purpose="backup")
        keep = {rel for rel, _ in contents.documents}
        stale = [rel for rel in list_documents(store.root) if rel not in keep]
        try:
            stage_restore(store.root, archive.name, contents.documents, stale, progress)
        except OSError as exc:
            raise _nothing_restored(exc) from exc
        try:
            outcome = apply_journal(store.root, progress)
        except OSError as exc:
            raise DiskWriteError(
                f"The restore from {archive.name} stopped ({exc.strerror or exc}); it will be "
                "completed the next time the data folder is opened. The data as it was before "
                f"is in {safety.path}."
            ) from exc
        _remove_empty_patient_folders(store.root)
    return RestoreReport(outcome.restored, outcome.retired, safety.path, tuple(safety.warnings()))


def _nothing_restored(exc: OSError) -> DiskWriteError:
    why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
    return DiskWriteError(f"Nothing was restored: {why}. The data is unchanged.")


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
