"""Reading a data archive (zip) without trusting it: names, kinds, sizes and hashes all checked.

An archive holds ``manifest.json`` and the documents under ``data/<path inside the data folder>``.
A backup also holds every other file of the folder (per-document generations, the trash, files
moved aside as damaged) under ``files/``, bytes as they are, and its manifest marks the documents
it holds as they are because they could not be read (``kept_as_is``: the problem) and names the
files it could not read at all (``not_read``).
Every entry name is checked before anything is read: names with ``..``, an absolute path, a drive
letter, a backslash, control characters, hidden parts or a symlink entry are refused with a message
naming the entry, and so is any path that would resolve outside the data folder. Sizes are bounded
per entry and in total, and an entry that expands suspiciously (a zip bomb) is refused. The whole
archive is checked before the first byte is written, so a refused archive changes nothing.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ldn_desktop.core.errors import InputError
from ldn_desktop.storage.documents import DocumentKind, decode_document
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.schema import need, need_datetime, need_text

ARCHIVE_FORMAT_NAME = "archive"
MANIFEST_NAME = "manifest.json"
DATA_PREFIX = "data/"
FILES_PREFIX = "files/"
MAX_ENTRIES = 50_000
MAX_ENTRY_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200  # uncompressed / compressed; JSON compresses 5-30x, zip bombs 1000x and more
RATIO_FLOOR = 1024 * 1024  # small entries may compress as well as they like
MAX_NAME_LENGTH = 400
_PART_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_FILE_PART_RE = re.compile(r"^[\w.,()+@ -]{1,200}$")
_EXCLUDED_TOP = {"trash"}


class ArchiveRefusedError(InputError):
    """The archive (or one entry in it) is not acceptable; nothing was written."""


def _refuse(message: str) -> ArchiveRefusedError:
    return ArchiveRefusedError(f"Archive refused, nothing was changed: {message}")


def _validate_manifest(document: dict[str, Any]) -> None:
    need_datetime(document, "created", "manifest")
    need_text(document, "app_version", "manifest", max_length=40)
    if need_text(document, "purpose", "manifest") not in {"export", "backup"}:
        raise InvalidDocumentError("manifest: 'purpose' must be export or backup")
    for key in ("documents", "other_files"):
        for item in need(document, key, list, "manifest", optional=key != "documents") or ():
            need_text(item, "path", f"manifest.{key}", max_length=MAX_NAME_LENGTH, non_empty=True)
            need_text(item, "sha256", f"manifest.{key}", max_length=64, non_empty=True)
            need(item, "size", int, f"manifest.{key}")
            need_text(item, "kept_as_is", f"manifest.{key}", max_length=2000, optional=True)
    for item in need(document, "not_read", list, "manifest", optional=True) or ():
        need_text(item, "path", "manifest.not_read", max_length=MAX_NAME_LENGTH, non_empty=True)
        need_text(item, "problem", "manifest.not_read", max_length=2000)


MANIFEST_KIND = DocumentKind(ARCHIVE_FORMAT_NAME, 1, _validate_manifest)


def check_entry_name(name: str) -> str:
    """The entry name if it is a safe relative POSIX path; raises ArchiveRefusedError otherwise."""
    shown = repr(name[:80])
    if not name:
        raise _refuse("an entry has an empty name.")
    if len(name) > MAX_NAME_LENGTH:
        raise _refuse(f"entry name {shown} is longer than {MAX_NAME_LENGTH} characters.")
    if "\\" in name:
        raise _refuse(f"entry {shown} contains a backslash (a Windows path).")
    if any(not ch.isprintable() for ch in name):
        raise _refuse(f"entry {shown} contains control characters.")
    if name.startswith("/"):
        raise _refuse(f"entry {shown} is an absolute path.")
    if _DRIVE_RE.match(name):
        raise _refuse(f"entry {shown} starts with a drive letter.")
    parts = name.removesuffix("/").split("/")
    if any(part == ".." for part in parts):
        raise _refuse(f"entry {shown} points outside the data folder ('..').")
    if any(part in {"", "."} for part in parts):
        raise _refuse(f"entry {shown} has an empty or '.' path part.")
    return name


def document_path(name: str) -> str:
    """The path inside the data folder of a ``data/...`` entry, if it may hold a document."""
    rel = check_entry_name(name).removeprefix(DATA_PREFIX)
    parts = rel.split("/")
    if not all(_PART_RE.match(part) for part in parts):
        raise _refuse(f"entry {name[:80]!r} has a hidden or unusual name.")
    if parts[0] in _EXCLUDED_TOP or not rel.endswith(".json"):
        raise _refuse(f"entry {name[:80]!r} is not a document of a data folder.")
    return rel


def other_file_path(name: str) -> str:
    """The path inside the data folder of a ``files/...`` entry (a file kept, not a document)."""
    rel = check_entry_name(name).removeprefix(FILES_PREFIX)
    if not all(_FILE_PART_RE.match(part) for part in rel.split("/")):
        raise _refuse(f"entry {name[:80]!r} has an unusual name.")
    return rel


def target_inside(root: Path, rel: str) -> Path:
    """``root/rel`` after checking that it resolves inside ``root`` (symlinks followed)."""
    target = root.joinpath(*rel.split("/"))
    real_root = os.path.realpath(root)
    real_target = os.path.realpath(target)
    if os.path.commonpath([real_root, real_target]) != real_root or real_target == real_root:
        raise _refuse(f"{rel!r} would be written outside the data folder.")
    return target


@dataclass(frozen=True)
class ArchiveContents:
    """A checked archive: its manifest facts and each document's path and bytes, in order."""

    purpose: str
    created: datetime
    app_version: str
    documents: tuple[tuple[str, bytes], ...]
    kept_as_is: Mapping[str, str] = field(default_factory=dict)  # document -> why unreadable
    other_files: tuple[tuple[str, bytes], ...] = ()
    not_read: tuple[tuple[str, str], ...] = ()


def _check_info(info: zipfile.ZipInfo) -> None:
    shown = repr(info.filename[:80])
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise _refuse(f"entry {shown} is a symbolic link.")
    if info.flag_bits & 0x1:
        raise _refuse(f"entry {shown} is encrypted.")
    if info.file_size > MAX_ENTRY_BYTES:
        raise _refuse(f"entry {shown} is too large ({info.file_size} bytes).")
    if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(1, info.compress_size):
        raise _refuse(f"entry {shown} expands suspiciously (a zip bomb?).")


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The entry's bytes, never more than its declared size (a lying header is refused)."""
    limit = min(info.file_size, MAX_ENTRY_BYTES)
    with archive.open(info) as stream:
        data = stream.read(limit + 1)
    if len(data) != info.file_size:
        raise _refuse(f"entry {info.filename[:80]!r} is not the size it claims.")
    return data


def _check_names(infos: list[zipfile.ZipInfo]) -> list[zipfile.ZipInfo]:
    """Every name checked first (nothing read yet); returns the file entries."""
    if len(infos) > MAX_ENTRIES:
        raise _refuse(f"it has {len(infos)} entries (at most {MAX_ENTRIES}).")
    seen: set[str] = set()
    files = []
    total = 0
    for info in infos:
        name = check_entry_name(info.filename)
        _check_info(info)
        if info.is_dir():
            continue
        if name.casefold() in seen:
            raise _refuse(f"entry {name[:80]!r} appears twice.")
        seen.add(name.casefold())
        if name.startswith(FILES_PREFIX):
            other_file_path(name)
        elif name != MANIFEST_NAME:
            if not name.startswith(DATA_PREFIX):
                raise _refuse(f"unexpected entry {name[:80]!r}.")
            document_path(name)
        total += info.file_size
        if total > MAX_TOTAL_BYTES:
            raise _refuse(f"its contents exceed {MAX_TOTAL_BYTES // (1024 * 1024)} MB.")
        files.append(info)
    return files


def read_archive(path: Path) -> ArchiveContents:
    """Open and check an archive completely; raises ArchiveRefusedError naming the first problem."""
    try:
        with zipfile.ZipFile(path) as archive:
            files = _check_names(archive.infolist())
            raw = {info.filename: _read_bounded(archive, info) for info in files}
    except ArchiveRefusedError:
        raise
    except FileNotFoundError:
        raise ArchiveRefusedError(f"{path}: no such file.") from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        NotImplementedError,
        ValueError,
        RuntimeError,
    ) as exc:
        raise _refuse(f"{path.name} is not a readable zip archive ({exc}).") from None
    except OSError as exc:
        raise ArchiveRefusedError(f"{path}: cannot be read ({exc.strerror or exc}).") from None
    return _checked_contents(path, raw)


def _checked_contents(path: Path, raw: dict[str, bytes]) -> ArchiveContents:
    manifest_bytes = raw.pop(MANIFEST_NAME, None)
    if manifest_bytes is None:
        raise _refuse(f"{path.name} is not an LDN Desktop archive (no manifest.json).")
    try:
        manifest, version = decode_document(manifest_bytes, MANIFEST_KIND)
        if version > MANIFEST_KIND.version:
            raise _refuse(f"{path.name} was made by a newer version of LDN Desktop.")
        _validate_manifest(manifest)
    except InvalidDocumentError as exc:
        raise _refuse(f"its manifest is invalid: {exc}.") from None
    listed = {DATA_PREFIX + item["path"]: item for item in manifest["documents"]}
    listed.update({FILES_PREFIX + i["path"]: i for i in manifest.get("other_files") or ()})
    documents: list[tuple[str, bytes]] = []
    others: list[tuple[str, bytes]] = []
    for name, data in raw.items():
        is_file = name.startswith(FILES_PREFIX)
        rel = other_file_path(name) if is_file else document_path(name)
        item = listed.pop(name, None)
        if item is None:
            raise _refuse(f"{rel!r} is not listed in the manifest.")
        if item["size"] != len(data) or item["sha256"] != hashlib.sha256(data).hexdigest():
            raise _refuse(f"{rel!r} does not match its checksum (damaged archive).")
        (others if is_file else documents).append((rel, data))
    if listed:
        missing = next(iter(listed)).split("/", 1)[1]
        raise _refuse(f"{missing!r} is listed in the manifest but missing.")
    created = datetime.fromisoformat(manifest["created"])
    kept = {i["path"]: i["kept_as_is"] for i in manifest["documents"] if i.get("kept_as_is")}
    return ArchiveContents(
        manifest["purpose"],
        created,
        manifest["app_version"],
        tuple(documents),
        kept,
        tuple(others),
        tuple((i["path"], i["problem"]) for i in manifest.get("not_read") or ()),
    )
