"""Patients: one folder per patient, ``patients/<id>/patient.json`` holds the profile.

Other features keep their own documents in the same folder (washout assessments, titration plans,
the side-effect log), so adding a log entry never rewrites a plan. Deleting moves the folder to
``trash/`` together with the earlier versions of its documents from ``.backups/``; emptying the
trash removes them for good.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.patients import (
    PatientProfile,
    new_patient,
    validate_patient_id,
    validate_patient_name,
)
from ldn_desktop.core.words import counted
from ldn_desktop.storage.atomic import fsync_dir
from ldn_desktop.storage.documents import BACKUP_DIR, TRASH_DIR, DataStore, Document, DocumentKind
from ldn_desktop.storage.errors import (
    CorruptDocumentError,
    InvalidDocumentError,
    NewerVersionError,
    ReadOnlyError,
)
from ldn_desktop.storage.schema import need, need_date, need_datetime, need_text

PATIENTS_DIR = "patients"


def patient_dir(patient_id: str) -> str:
    return f"{PATIENTS_DIR}/{patient_id}"


def patient_doc(patient_id: str) -> str:
    return f"{PATIENTS_DIR}/{patient_id}/patient.json"


def _validate(document: Document) -> None:
    profile = need(document, "profile", dict, "patient")
    need_text(profile, "id", "profile", max_length=32, non_empty=True)
    try:
        validate_patient_id(profile["id"])
        validate_patient_name(need_text(profile, "name", "profile") or "")
    except InputError as exc:
        raise InvalidDocumentError(f"profile: {exc}") from None
    need_date(profile, "birth_date", "profile", optional=True)
    need_datetime(profile, "created_at", "profile")
    need(profile, "archived", bool, "profile")
    need_text(profile, "notes", "profile", max_length=20_000)


def _v1_to_v2(document: Document) -> Document:
    """Version 1 (the first draft format) kept flat ``full_name``/``dob``/``created`` fields."""
    return {
        "format": document["format"],
        "profile": {
            "id": document["id"],
            "name": document["full_name"],
            "birth_date": document.get("dob"),
            "created_at": document["created"],
            "archived": False,
            "notes": "",
        },
    }


def _check_folder(rel: str, document: Document) -> None:
    """A profile lives in the folder named by its id (else saving it would write elsewhere)."""
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == PATIENTS_DIR and document["profile"]["id"] != parts[1]:
        raise InvalidDocumentError(
            f"it does not hold patient {parts[1]} (its id is {document['profile']['id']!r})"
        )


PATIENT_KIND = DocumentKind("patient", 2, _validate, {1: _v1_to_v2}, check_place=_check_folder)


def profile_to_json(profile: PatientProfile) -> dict[str, Any]:
    return {
        "id": profile.id,
        "name": profile.name,
        "birth_date": profile.birth_date.isoformat() if profile.birth_date else None,
        "created_at": profile.created_at.isoformat(),
        "archived": profile.archived,
        "notes": profile.notes,
    }


def profile_from_json(data: dict[str, Any]) -> PatientProfile:
    created = datetime.fromisoformat(data["created_at"])
    if created.tzinfo is None:
        created = created.replace(tzinfo=UTC)
    return PatientProfile(
        id=data["id"],
        name=data["name"],
        birth_date=date.fromisoformat(data["birth_date"]) if data.get("birth_date") else None,
        created_at=created,
        archived=bool(data.get("archived", False)),
        notes=data.get("notes", ""),
    )


def _is_patient_id(name: str) -> bool:
    try:
        validate_patient_id(name)
    except InputError:
        return False
    return True


class UnknownPatientError(InputError):
    """No patient with that id in this data folder."""


class PatientRepository:
    """Create, read, rename, archive and delete patients in a DataStore."""

    def __init__(self, store: DataStore) -> None:
        self.store = store

    def ids(self) -> list[str]:
        folder = self.store.root / PATIENTS_DIR
        if not folder.is_dir():
            return []
        # lexists, not is_file: a profile that is a FIFO, a link or a folder is listed, so reading
        # it reports the problem instead of the patient silently disappearing
        return sorted(
            p.name
            for p in folder.iterdir()
            if os.path.lexists(p / "patient.json") and _is_patient_id(p.name)
        )

    def list(self, *, include_archived: bool = True) -> tuple[list[PatientProfile], list[str]]:
        """All readable profiles sorted by name, and a message per unreadable one."""
        profiles: list[PatientProfile] = []
        problems: list[str] = []
        documents = [patient_doc(patient_id) for patient_id in self.ids()]
        for outcome in self.store.read_each_reporting(documents, PATIENT_KIND):
            if isinstance(outcome, (CorruptDocumentError, NewerVersionError)):
                problems.append(str(outcome))
            elif outcome is not None:  # None: removed since the folder was listed
                profiles.append(profile_from_json(outcome["profile"]))
        if not include_archived:
            profiles = [p for p in profiles if not p.archived]
        profiles.sort(key=lambda p: (p.name.casefold(), p.id))
        return profiles, problems

    def get(self, patient_id: str) -> PatientProfile:
        patient_id = validate_patient_id(patient_id)
        document = self.store.read(patient_doc(patient_id), PATIENT_KIND)
        if document is None:
            raise UnknownPatientError(f"Patient: no patient with id '{patient_id}'.", "patient")
        return profile_from_json(document["profile"])

    def save(self, profile: PatientProfile) -> None:
        self.store.write(
            patient_doc(profile.id), PATIENT_KIND, {"profile": profile_to_json(profile)}
        )

    def create(self, name: str, birth_date: date | None = None) -> PatientProfile:
        profile = new_patient(name, birth_date, frozenset(self.ids()))
        self.save(profile)
        return profile

    def rename(self, patient_id: str, name: str) -> PatientProfile:
        profile = self.get(patient_id).renamed(name)
        self.save(profile)
        return profile

    def set_archived(self, patient_id: str, archived: bool) -> PatientProfile:
        profile = self.get(patient_id).with_archived(archived)
        self.save(profile)
        return profile

    def delete(self, patient_id: str) -> str:
        """Move the patient's folder to the trash, with the earlier versions of their documents
        (from ``.backups/``, into the trashed folder's ``.backups/``); returns where it went.

        So emptying the trash, by hand or with ``empty_trash``, leaves no copy of their data.
        """
        self.get(patient_id)
        with self.store.write_lock:
            target = self.store.move_to_trash(patient_dir(patient_id))
            kept = self.store.root / BACKUP_DIR / PATIENTS_DIR / patient_id
            if kept.is_dir() and not kept.is_symlink():
                os.replace(kept, target / BACKUP_DIR)
                fsync_dir(kept.parent)
        return str(target)

    def empty_trash(self) -> TrashEmptied:
        """Delete the trash for good, and any earlier versions of documents of patients who
        are no longer here (left in ``.backups/`` by older versions of the program)."""
        if self.store.read_only:
            raise ReadOnlyError(
                f"Nothing was changed: {self.store.read_only_reason or 'read-only'}."
            )
        root = self.store.root
        with self.store.write_lock:
            trash = root / TRASH_DIR
            trashed = sorted(p.name for p in trash.iterdir()) if trash.is_dir() else []
            if trash.is_dir() and not trash.is_symlink():
                shutil.rmtree(trash)
            kept = root / BACKUP_DIR / PATIENTS_DIR
            orphans = [
                p
                for p in (sorted(kept.iterdir()) if kept.is_dir() else [])
                if p.is_dir() and not p.is_symlink() and not (root / PATIENTS_DIR / p.name).exists()
            ]
            for folder in orphans:
                shutil.rmtree(folder)
            fsync_dir(root)
        return TrashEmptied(tuple(trashed), tuple(p.name for p in orphans))


@dataclass(frozen=True)
class TrashEmptied:
    """What ``empty_trash`` removed: trashed folders and leftover copies of deleted patients."""

    trashed: tuple[str, ...]
    purged_copies: tuple[str, ...]

    def summary(self, decimal_mark: str = ".") -> str:
        """What was removed, for people; counts grouped for ``decimal_mark`` (the window's)."""
        if not self.trashed and not self.purged_copies:
            return "The trash is empty; there was nothing to remove."
        folders = counted(len(self.trashed), "folder", decimal_mark=decimal_mark)
        text = f"The trash was emptied ({folders} removed for good)."
        if self.purged_copies:
            patients = counted(
                len(self.purged_copies), "deleted patient", decimal_mark=decimal_mark
            )
            text += f" Earlier versions kept for {patients} were removed too."
        return text
