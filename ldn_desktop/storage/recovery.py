"""Putting one damaged document back from its newest valid backup (``.backups/``).

Used by ``ldn-desktop data recover [DOC]`` and by Settings ▸ Data ▸ Recover a document…, so both
list the same damaged documents, offer the same backup and report with the same words.

A document is damaged when it cannot be read (not yet noticed) or when it was moved aside as
``<name>.corrupt-<stamp>`` and nothing valid replaced it. A document written by a newer version of
the program is not damaged and is never offered for recovery. Recovering writes the backup's
content (migrated if it is older) as a normal save: the current file, if any, becomes a backup.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ldn_desktop.core.errors import InputError
from ldn_desktop.storage.archive import document_problem, known_kinds, validate_document
from ldn_desktop.storage.archive_entries import DATA_PREFIX, ArchiveRefusedError, document_path
from ldn_desktop.storage.bounded import read_document_bytes
from ldn_desktop.storage.documents import (
    BACKUP_DIR,
    CORRUPT_MARK,
    DataStore,
    moved_aside_original,
)
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.folder_checks import data_files

NEWER_WORDS = "newer version"


@dataclass(frozen=True)
class DamagedDocument:
    """A document that needs recovering, why, and the backup that would be put back."""

    rel: str
    problem: str
    backup: Path | None

    def describe(self) -> str:
        offer = f"newest valid backup {self.backup.name}" if self.backup else "no valid backup"
        return f"{self.rel}: {self.problem}; {offer}"


@dataclass(frozen=True)
class RecoveredDocument:
    """A document put back from a backup."""

    rel: str
    backup: Path

    def summary(self) -> str:
        return f"{self.rel} was restored from its backup {self.backup.name}."


def _is_document(rel: str) -> bool:
    try:
        document_path(DATA_PREFIX + rel)
    except ArchiveRefusedError:
        return False
    return True


def _current_problem(root: Path, rel: str) -> str:
    """ "" when the document reads well or was written by a newer version."""
    try:
        raw = read_document_bytes(root / rel)  # never blocks on a FIFO or reads /dev/zero
    except FileNotFoundError:
        return "missing"
    except OSError as exc:
        return f"cannot be read ({exc.strerror or exc})"
    except InvalidDocumentError as exc:
        return str(exc)
    problem = document_problem(rel, raw)
    return "" if NEWER_WORDS in problem else problem


def damaged_documents(store: DataStore) -> list[DamagedDocument]:
    """Every damaged document of the folder with the backup that would be put back."""
    files = data_files(store.root)
    candidates = {moved_aside_original(rel) for rel in files if CORRUPT_MARK in rel}
    candidates |= {rel for rel in files if _is_document(rel)}
    damaged = []
    for rel in sorted(r for r in candidates if _is_document(r)):
        problem = _current_problem(store.root, rel)
        if problem == "missing":
            problem = "moved aside as damaged"
        if problem:
            damaged.append(DamagedDocument(rel, problem, newest_valid_backup(store, rel)))
    return damaged


def newest_valid_backup(store: DataStore, rel: str) -> Path | None:
    """The newest backup of ``rel`` that reads and validates (migrated if older)."""
    for candidate in store.backups(rel):
        try:
            validate_document(rel, read_document_bytes(candidate))
        except (OSError, InvalidDocumentError, ArchiveRefusedError):
            continue
        return candidate
    return None


def document_rel(store: DataStore, given: str) -> str:
    """The document's path inside the data folder, from what the user typed: that path, the
    file's own path, or the path of the copy moved aside as damaged."""
    path = Path(given).expanduser()
    if path.is_absolute() or given.startswith(("./", "../", "~")):  # a file's path
        try:
            given = Path(os.path.abspath(path)).relative_to(store.root.resolve()).as_posix()
        except ValueError:
            raise InputError(f"DOC: {given} is not inside the data folder.", "doc") from None
    rel = moved_aside_original(given)
    if not _is_document(rel):
        raise InputError(f"DOC: {given} is not a document of the data folder.", "doc")
    return rel


def recover_document(store: DataStore, rel: str, backup: Path | None = None) -> RecoveredDocument:
    """Put ``rel`` back from ``backup`` (default: its newest valid backup)."""
    chosen = backup or newest_valid_backup(store, rel)
    if chosen is None:
        raise InputError(f"{rel}: no valid backup was found in {BACKUP_DIR}/.", "doc")
    try:
        raw = read_document_bytes(chosen)
    except OSError as exc:
        raise InputError(f"{chosen}: cannot be read ({exc.strerror or exc}).", "from") from None
    except InvalidDocumentError as exc:
        raise InputError(f"{chosen}: cannot be read ({exc}).", "from") from None
    problem = document_problem(rel, raw)
    if problem:
        raise InputError(f"{chosen.name} is not a valid backup of {rel}: {problem}.", "from")
    data = validate_document(rel, raw)
    kind = known_kinds()[str(data["format"]).removeprefix("ldn-desktop/")]
    with store.write_lock:
        store.write(rel, kind, data)
    return RecoveredDocument(rel, chosen)
