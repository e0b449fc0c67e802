"""Import an archive by merging: new documents are added, nothing is overwritten silently.

The archive is checked completely first (``archive_entries``: names, sizes, manifest, checksums),
then every document is decoded and validated by its kind (``archive.validate_document``); nothing
is written unless all of it is acceptable. Then each document not present here is added, all of
them or none (staged and committed like a restore, ``restore_journal``); an identical one is
skipped; a different one is a conflict: the current one is kept and the conflict reported. With ``keep_both``, a patient with any conflict is imported as a new patient
(new id, name marked "(imported)") next to the existing one.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ldn_desktop.core.patients import MAX_NAME_LENGTH, new_patient
from ldn_desktop.core.words import counted, grouped
from ldn_desktop.storage.archive import Progress, no_progress, validate_document
from ldn_desktop.storage.archive_entries import ArchiveRefusedError, read_archive, target_inside
from ldn_desktop.storage.bounded import parse_json, read_document_bytes
from ldn_desktop.storage.documents import DataStore, Document, encode_document
from ldn_desktop.storage.errors import DiskWriteError, InvalidDocumentError, ReadOnlyError
from ldn_desktop.storage.patients import PATIENT_KIND, PATIENTS_DIR, profile_to_json
from ldn_desktop.storage.restore_journal import apply_journal, pending_restore, stage_restore


def _patient_of(rel: str) -> str | None:
    parts = rel.split("/")
    return parts[1] if parts[0] == PATIENTS_DIR and len(parts) >= 3 else None


@dataclass(frozen=True)
class ImportPlan:
    """What an import would do; ``apply_import`` carries it out."""

    source: Path
    add: tuple[tuple[str, bytes], ...]
    identical: tuple[tuple[str, bytes], ...]
    conflicts: tuple[tuple[str, bytes], ...]
    left_out: tuple[str, ...] = ()  # kept as they were in a backup: they could not be read

    @property
    def paths(self) -> frozenset[str]:
        return frozenset(rel for rel, _ in (*self.add, *self.identical, *self.conflicts))

    @property
    def conflicting_patients(self) -> tuple[str, ...]:
        return tuple(sorted({p for rel, _ in self.conflicts if (p := _patient_of(rel))}))


@dataclass(frozen=True)
class MergeReport:
    """Added, skipped (identical) and conflicting documents, and patients imported as copies."""

    added: tuple[str, ...]
    skipped: tuple[str, ...]
    conflicts: tuple[str, ...]
    copied_patients: dict[str, str] = field(default_factory=dict)
    left_out: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "added": list(self.added),
            "skipped_identical": list(self.skipped),
            "conflicts_kept_current": list(self.conflicts),
            "patients_imported_as_copies": dict(self.copied_patients),
            "not_imported_unreadable": list(self.left_out),
        }

    def summary(self, decimal_mark: str = ".") -> str:
        """What was done, for people; counts grouped for ``decimal_mark`` (the window's)."""
        lines = [
            f"{grouped(len(self.added), decimal_mark)} added, "
            f"{grouped(len(self.skipped), decimal_mark)} already present (identical), "
            f"{counted(len(self.conflicts), 'conflict', decimal_mark=decimal_mark)} "
            "(current data kept)."
        ]
        for old, new in self.copied_patients.items():
            lines.append(f"Patient {old} differs here; it was imported as a new patient {new}.")
        lines += [f"Conflict, kept current: {rel}" for rel in self.conflicts]
        lines += [f"Not imported, it could not be read: {rel}" for rel in self.left_out]
        return "\n".join(lines)


def plan_import(root: Path, archive: Path) -> ImportPlan:
    """Check the archive and every document in it, then sort them into add/identical/conflict."""
    contents = read_archive(archive)
    add: list[tuple[str, bytes]] = []
    identical: list[tuple[str, bytes]] = []
    conflicts: list[tuple[str, bytes]] = []
    in_archive = {rel for rel, _ in contents.documents}
    for rel, raw in contents.documents:
        if rel in contents.kept_as_is:
            continue  # a backup kept it as it was; the report names it
        data = validate_document(rel, raw)
        patient = _patient_of(rel)
        target = target_inside(root, rel)
        profile = f"{PATIENTS_DIR}/{patient}/patient.json"
        if patient and profile not in in_archive and not (root / profile).is_file():
            raise ArchiveRefusedError(
                f"Archive refused, nothing was changed: {rel} belongs to no patient."
            )
        if not target.exists():
            add.append((rel, raw))
        elif _same_document(target, data):
            identical.append((rel, raw))
        else:
            conflicts.append((rel, raw))
    left_out = tuple(sorted(contents.kept_as_is))
    return ImportPlan(archive, tuple(add), tuple(identical), tuple(conflicts), left_out)


def _same_document(target: Path, data: Document) -> bool:
    try:
        current = parse_json(read_document_bytes(target))  # bounded: never a FIFO's hang
    except (OSError, ValueError):
        return False
    return bool(current == data)


def apply_import(
    store: DataStore,
    plan: ImportPlan,
    *,
    keep_both: bool = False,
    progress: Progress = no_progress,
) -> MergeReport:
    """Write the plan's new documents (and, with ``keep_both``, copies of conflicting patients)."""
    if store.read_only:
        raise ReadOnlyError(f"Nothing was imported: {store.read_only_reason or 'read-only'}.")
    with store.write_lock:  # page saves of this process wait (see DataStore.write)
        return _apply(store, plan, keep_both, progress)


def _apply(store: DataStore, plan: ImportPlan, keep_both: bool, progress: Progress) -> MergeReport:
    copies = _new_ids(store.root, plan.conflicting_patients) if keep_both else {}
    conflict_paths = {rel for rel, _ in plan.conflicts}
    writes = [
        _profile_from_here(store, old, new)
        for old, new in copies.items()
        if f"{PATIENTS_DIR}/{old}/patient.json" not in plan.paths
    ]
    conflicts: list[str] = []
    for rel, raw in (*plan.add, *plan.conflicts, *plan.identical):
        patient = _patient_of(rel)
        if patient in copies:
            writes.append(_copied(rel, raw, copies[patient]))
        elif rel in conflict_paths:
            conflicts.append(rel)
        elif not any(rel == same for same, _ in plan.identical):
            writes.append((rel, raw))
    writes.sort(key=lambda item: item[0].endswith("/patient.json"), reverse=True)
    new: list[tuple[str, bytes]] = []
    for rel, raw in writes:
        if target_inside(store.root, rel).exists():
            conflicts.append(rel)  # appeared since the plan was made: never overwritten
        else:
            new.append((rel, raw))
    _write_all_or_nothing(store, plan.source.name, new, progress)
    added = [rel for rel, _ in new]
    skipped = tuple(rel for rel, _ in plan.identical if _patient_of(rel) not in copies)
    return MergeReport(tuple(added), skipped, tuple(conflicts), copies, plan.left_out)


def _write_all_or_nothing(
    store: DataStore, archive: str, writes: list[tuple[str, bytes]], progress: Progress
) -> None:
    """Stage every document, commit, then put them in place (``restore_journal``): a kill or a
    full disk leaves all of them or none (an interrupted import is finished at the next start)."""
    if not writes:
        return
    if pending_restore(store.root) == "committed":
        apply_journal(store.root)  # an earlier restore or import comes first
    try:
        stage_restore(store.root, archive, tuple(writes), [], progress, operation="import")
    except OSError as exc:
        why = "the disk is full" if exc.errno == errno.ENOSPC else (exc.strerror or str(exc))
        raise DiskWriteError(f"Nothing was imported: {why}. The data is unchanged.") from exc
    try:
        apply_journal(store.root, progress)
    except OSError as exc:
        raise DiskWriteError(
            f"The import from {archive} stopped ({exc.strerror or exc}); it will be completed "
            "the next time the data folder is opened."
        ) from exc


def _new_ids(root: Path, patients: tuple[str, ...]) -> dict[str, str]:
    folder = root / PATIENTS_DIR
    taken = set(os.listdir(folder)) if folder.is_dir() else set()
    copies: dict[str, str] = {}
    for patient in patients:
        copies[patient] = new_patient("copy", taken=frozenset(taken)).id
        taken.add(copies[patient])
    return copies


def _profile_from_here(store: DataStore, old: str, new: str) -> tuple[str, bytes]:
    """The copy's profile when the archive has none: the profile here, renamed "(imported)"
    (so the copy is a patient like any other, listed and exportable)."""
    rel = f"{PATIENTS_DIR}/{old}/patient.json"
    try:
        raw = read_document_bytes(store.root / rel)
        validate_document(rel, raw)
    except (OSError, InvalidDocumentError, ArchiveRefusedError):
        profile = new_patient(f"Patient {old}", taken=frozenset({new}))
        raw = encode_document({"profile": {**profile_to_json(profile), "id": old}}, PATIENT_KIND)
    return _copied(rel, raw, new)


def _copied(rel: str, raw: bytes, new: str) -> tuple[str, bytes]:
    """The document moved to the copy's folder; the profile gets the new id and a marked name."""
    parts = rel.split("/")
    parts[1] = new
    if parts[2:] == ["patient.json"]:
        data = validate_document(rel, raw)
        suffix = " (imported)"
        profile = dict(data["profile"])
        profile["id"] = new
        profile["name"] = profile["name"][: MAX_NAME_LENGTH - len(suffix)] + suffix
        raw = encode_document({**data, "profile": profile}, PATIENT_KIND)
    return "/".join(parts), raw
