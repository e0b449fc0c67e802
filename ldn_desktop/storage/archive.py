"""Export all data as one zip archive, and import one by merging, never overwriting silently.

Export: every valid current document of the data folder (``*.json`` outside ``.backups/`` and
``trash/``; never the ``.lock``, temp files or files moved aside as corrupt) under ``data/``, with a
``manifest.json`` (format, version, created, app version, each document's size and SHA-256).
A backup holds every file, bytes as they are (``archive_files``): documents that cannot be read are
kept as they are and marked, other files go under ``files/``.
The zip is written to a private temp file and renamed into place, so a half-written archive never
exists.

Import (merge, in ``archive_import``): the archive is checked completely first (``archive_entries``), then every document
is decoded (``decode_document``) and validated by its kind, migrated in memory if older. Nothing is
written unless all of it is acceptable. Then each document not present is added (atomic writes);
an identical one is skipped; a different one is a conflict: the current one is kept and the conflict
reported. With ``keep_both``, a patient with any conflict is imported as a new patient (new id,
name marked "(imported)") next to the existing one.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

from ldn_desktop import __version__
from ldn_desktop.storage.archive_entries import (
    DATA_PREFIX,
    FILES_PREFIX,
    MANIFEST_KIND,
    ArchiveRefusedError,
    document_path,
)
from ldn_desktop.storage.archive_files import (
    clean_archive_temps,
    folder_files,
    read_plain_file,
    write_zip,
)
from ldn_desktop.storage.atomic import ensure_private_dir
from ldn_desktop.storage.documents import (
    Document,
    DocumentKind,
    decode_document,
    encode_document,
    load_document,
    parse_json,
    walk_folders,
)
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.patients import PATIENT_KIND, PATIENTS_DIR

Progress = Callable[[int, int], None]


def no_progress(done: int, total: int) -> None:
    """Default progress callback."""


@cache
def known_kinds() -> dict[str, DocumentKind]:
    """Every document kind the program defines (module-level DocumentKinds in ``storage``)."""
    import ldn_desktop.storage as package

    kinds: dict[str, DocumentKind] = {}
    for module_info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{module_info.name}")
        for value in vars(module).values():
            if isinstance(value, DocumentKind) and value.name != MANIFEST_KIND.name:
                kinds.setdefault(value.name, value)
    return kinds


def list_documents(root: Path) -> list[str]:
    """Relative paths of the current documents in a data folder, sorted; never follows links."""
    found: list[str] = []
    for folder, dirs, files in walk_folders(root):  # bounded: a 1,100-level tree is no crash
        rel_folder = Path(folder).relative_to(root).as_posix()
        dirs[:] = sorted(d for d in dirs if not os.path.islink(os.path.join(folder, d)))
        for name in sorted(files):
            rel = name if rel_folder == "." else f"{rel_folder}/{name}"
            if os.path.islink(os.path.join(folder, name)):
                continue
            try:
                document_path(DATA_PREFIX + rel)
            except ArchiveRefusedError:
                continue  # .lock, temp files, backups, trash, *.corrupt-*: not documents
            found.append(rel)
    return found


@dataclass(frozen=True)
class ExportResult:
    """Where the archive went and what it holds.

    An export holds the valid documents; ``left_out`` names the damaged ones. A backup holds every
    file: ``kept_as_is`` names the documents it holds as they are because they could not be read
    (with the problem), ``not_read`` the files it could not read at all (with the reason).
    """

    path: Path
    documents: int
    size: int
    left_out: tuple[str, ...] = ()
    kept_as_is: tuple[tuple[str, str], ...] = ()
    not_read: tuple[tuple[str, str], ...] = ()
    other_files: int = 0

    def warnings(self) -> list[str]:
        """One line per file the user should know about."""
        return (
            [f"{rel} is damaged and was left out" for rel in self.left_out]
            + [
                f"{rel} could not be read ({why}); it is in the backup as it is"
                for rel, why in self.kept_as_is
            ]
            + [
                f"{rel} could not be read: {why}; it is NOT in the archive"
                for rel, why in self.not_read
            ]
        )


def export_archive(
    root: Path, out: Path, *, purpose: str = "export", progress: Progress = no_progress
) -> ExportResult:
    """Write ``root`` into the zip ``out`` (replaced atomically).

    ``purpose="export"``: the valid documents (for merging elsewhere). ``purpose="backup"``: every
    file of the folder, bytes as they are (see ``archive_files``).
    """
    if purpose == "backup":
        listing = folder_files(root)
        rels, not_read = list(listing.files), list(listing.not_read)
    else:
        rels, not_read = list_documents(root), []
    manifest: Document = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": __version__,
        "purpose": purpose,
        "documents": [],
    }
    others: list[dict[str, Any]] = []
    left_out: list[str] = []
    kept: list[tuple[str, str]] = []

    def entries() -> Iterator[tuple[str, bytes]]:
        for number, rel in enumerate(rels, start=1):
            progress(number, len(rels) + 1)
            is_document = _is_document_path(rel)
            try:
                raw = read_plain_file(root / rel)
            except OSError as exc:
                not_read.append((rel, f"cannot be read ({exc.strerror or exc})"))
                continue
            item = {"path": rel, "size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
            if not is_document:
                others.append(item)
                yield FILES_PREFIX + rel, raw
                continue
            problem = document_problem(rel, raw)
            if problem and purpose != "backup":
                left_out.append(rel)
                continue
            if problem:
                item["kept_as_is"] = problem
                kept.append((rel, problem))
            manifest["documents"].append(item)
            yield DATA_PREFIX + rel, raw

    def manifest_bytes() -> bytes:
        if purpose == "backup":
            manifest["other_files"] = others
            manifest["not_read"] = [{"path": r, "problem": why} for r, why in not_read]
        return encode_document(manifest, MANIFEST_KIND)

    if not out.parent.is_dir():
        ensure_private_dir(out.parent)  # a new folder is private; an existing one is left as is
    clean_archive_temps(out.parent)
    write_zip(out, entries(), manifest_bytes)
    progress(len(rels) + 1, len(rels) + 1)
    return ExportResult(
        out,
        len(manifest["documents"]),
        out.stat().st_size,
        tuple(left_out),
        tuple(kept),
        tuple(not_read),
        len(others),
    )


def _is_document_path(rel: str) -> bool:
    try:
        document_path(DATA_PREFIX + rel)
    except ArchiveRefusedError:
        return False
    return True


def document_problem(rel: str, raw: bytes) -> str:
    """Why a document cannot be read ("" when it is valid)."""
    try:
        validate_document(rel, raw)
    except ArchiveRefusedError as exc:
        text = str(exc).removeprefix(f"{_REFUSED}{rel} is not a valid document (")
        return text.removesuffix(").") if text != str(exc) else text.removeprefix(_REFUSED)
    return ""


_REFUSED = "Archive refused, nothing was changed: "


def validate_document(rel: str, raw: bytes) -> Document:
    """Decode and validate a document of a known kind (older versions migrated in memory)."""
    unreadable: InvalidDocumentError | None = None
    try:
        peek = parse_json(raw)  # bounded: size and depth (never RecursionError)
        name = str(peek.get("format", "")).removeprefix("ldn-desktop/")
    except InvalidDocumentError as exc:
        name, unreadable = "", exc
    except AttributeError:
        name = ""
    kind = known_kinds().get(name)
    stem = rel.rsplit("/", 1)[-1].removesuffix(".json")
    try:
        if unreadable is not None:
            raise unreadable
        if stem in known_kinds() and stem != name:
            raise InvalidDocumentError(f"a {stem} document must have the format ldn-desktop/{stem}")
        if kind is None:
            decode_document(raw, DocumentKind(name or "unknown", 1, lambda _d: None))
            raise InvalidDocumentError(f"'ldn-desktop/{name}' is not a kind this version knows")
        data, _version = load_document(raw, kind, rel)  # the check reading makes
    except (InvalidDocumentError, KeyError, TypeError, ValueError) as exc:
        raise ArchiveRefusedError(
            f"Archive refused, nothing was changed: {rel} is not a valid document ({exc})."
        ) from None
    _check_patient_folder(rel, data)
    return data


def _check_patient_folder(rel: str, data: Document) -> None:
    parts = rel.split("/")
    is_profile = parts[0] == PATIENTS_DIR and parts[2:] == ["patient.json"]
    if is_profile and (
        data.get("format") != PATIENT_KIND.format or data["profile"]["id"] != parts[1]
    ):
        raise ArchiveRefusedError(
            f"Archive refused, nothing was changed: {rel} does not hold patient {parts[1]}."
        )
