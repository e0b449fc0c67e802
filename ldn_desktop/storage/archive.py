"""Export all data as one zip archive, and import one by merging, never overwriting silently.

Export: every current document of the data folder (``*.json`` outside ``.backups/`` and ``trash/``;
never the ``.lock``, temp files or files moved aside as corrupt) under ``data/``, with a
``manifest.json`` (format, version, created, app version, each document's size and SHA-256).
The zip is written to a temp file and renamed into place, so a half-written archive never exists.

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
import json
import os
import pkgutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from ldn_desktop import __version__
from ldn_desktop.storage.archive_entries import (
    DATA_PREFIX,
    MANIFEST_KIND,
    MANIFEST_NAME,
    ArchiveRefusedError,
    document_path,
)
from ldn_desktop.storage.atomic import FILE_MODE, TEMP_SUFFIX, ensure_private_dir
from ldn_desktop.storage.documents import (
    Document,
    DocumentKind,
    decode_document,
    encode_document,
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
    for folder, dirs, files in os.walk(root):
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
    """Where the archive went, how many documents it holds, and the ones left out (damaged)."""

    path: Path
    documents: int
    size: int
    left_out: tuple[str, ...] = ()


def export_archive(
    root: Path, out: Path, *, purpose: str = "export", progress: Progress = no_progress
) -> ExportResult:
    """Write every valid document of ``root`` into the zip ``out`` (replaced atomically)."""
    rels = list_documents(root)
    entries: list[tuple[str, bytes]] = []
    left_out: list[str] = []
    for number, rel in enumerate(rels, start=1):
        try:
            raw = (root / rel).read_bytes()
            validate_document(rel, raw)
        except (OSError, ArchiveRefusedError):
            left_out.append(rel)
        else:
            entries.append((rel, raw))
        progress(number, len(rels) + 1)
    manifest = {
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "app_version": __version__,
        "purpose": purpose,
        "documents": [
            {"path": rel, "size": len(raw), "sha256": hashlib.sha256(raw).hexdigest()}
            for rel, raw in entries
        ],
    }
    _write_zip(out, encode_document(manifest, MANIFEST_KIND), entries)
    progress(len(rels) + 1, len(rels) + 1)
    return ExportResult(out, len(entries), out.stat().st_size, tuple(left_out))


def _write_zip(out: Path, manifest: bytes, entries: list[tuple[str, bytes]]) -> None:
    if not out.parent.is_dir():
        ensure_private_dir(out.parent)  # a new folder is private; an existing one is left as is
    tmp = out.with_name(f".{out.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for name, data in [(MANIFEST_NAME, manifest)] + [
                (DATA_PREFIX + rel, raw) for rel, raw in entries
            ]:
                info = zipfile.ZipInfo(name, date_time=datetime.now().timetuple()[:6])
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = (0o100000 | FILE_MODE) << 16
                archive.writestr(info, data)
        os.chmod(tmp, FILE_MODE)
        with open(tmp, "rb") as stream:
            os.fsync(stream.fileno())
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def validate_document(rel: str, raw: bytes) -> Document:
    """Decode and validate a document of a known kind (older versions migrated in memory)."""
    try:
        peek = json.loads(raw.decode("utf-8"))
        name = str(peek.get("format", "")).removeprefix("ldn-desktop/")
    except (UnicodeDecodeError, ValueError, AttributeError):
        name = ""
    kind = known_kinds().get(name)
    stem = rel.rsplit("/", 1)[-1].removesuffix(".json")
    try:
        if stem in known_kinds() and stem != name:
            raise InvalidDocumentError(f"a {stem} document must have the format ldn-desktop/{stem}")
        if kind is None:
            decode_document(raw, DocumentKind(name or "unknown", 1, lambda _d: None))
            raise InvalidDocumentError(f"'ldn-desktop/{name}' is not a kind this version knows")
        data, version = decode_document(raw, kind)
        if version > kind.version:
            raise InvalidDocumentError("it was written by a newer version of LDN Desktop")
        while version < kind.version:
            data = dict(kind.migrations[version](dict(data)))
            version += 1
            data["version"] = version
        kind.validate(data)
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
