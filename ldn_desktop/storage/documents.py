"""Versioned JSON documents in one data folder.

Every document is ``{"format": "ldn-desktop/<kind>", "version": N, ...}``. Reading validates strictly;
a damaged document is moved aside as ``<name>.corrupt-<timestamp>`` (never overwritten) and the
newest valid backup is offered. A newer version is refused, never downgraded. An older version is
backed up as ``<name>.v<N>.bak`` and migrated through the kind's registry of version-to-version
functions. Each write keeps the previous generations (5 by default) in ``.backups/``.

Reading is bounded (``storage.bounded``: regular files only, 32 MB, 64 levels deep) and
``load_document`` is the one check of a document's bytes, used alike when reading, importing and
restoring. ``read`` is ``read_each`` of one document: many (a log's months, the patient profiles)
are read together, with the same outcome as one by one.

A kind with ``remember_valid`` is validated once per content: the store keeps, for each path, the
SHA-256 of the bytes it last found valid or wrote after validating them, and the same bytes read
again are parsed but not validated again (validation is a function of the bytes, the kind and the
path). Bytes that differ in any way are validated in full, whatever their size and time stamps.
"""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections import deque
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from ldn_desktop.storage.atomic import (
    FILE_MODE,
    TEMP_SUFFIX,
    ensure_private_dir,
    fsync_dir,
    write_atomic,
)
from ldn_desktop.storage.bounded import (
    MAX_DEPTH as MAX_DEPTH,
    MAX_DOCUMENT_BYTES as MAX_DOCUMENT_BYTES,
    MAX_TREE_DEPTH as MAX_TREE_DEPTH,
    megabytes,
    parse_json as parse_json,
    parse_json_each,
    read_document_bytes as read_document_bytes,
    walk_files as walk_files,
    walk_folders as walk_folders,
)
from ldn_desktop.storage.document_codec import (
    Document as Document,
    DocumentKind as DocumentKind,
    Migration as Migration,
    check_envelope,
    decode_document as decode_document,
    encode_document as encode_document,
    load_document as load_document,
    load_parsed_document,
    migrate as migrate,
    validate as validate,
)
from ldn_desktop.storage.errors import (
    CorruptDocumentError,
    DiskWriteError,
    DocumentNotSavedError,
    InvalidDocumentError,
    NewerDocumentError,
    NewerVersionError,
    ReadOnlyError,
)
from ldn_desktop.storage.lock import DataDirLock

BACKUP_DIR = ".backups"
CORRUPT_MARK = ".corrupt-"  # a damaged document is moved aside as <name>.corrupt-<stamp>
READ_BATCH = 16  # documents parsed per padding of the stack (storage.bounded)
READ_BATCH_BYTES = 256 * 1024  # ... and about this much JSON: what a batch holds at once
TRASH_DIR = "trash"
KEEP_GENERATIONS = 5


def moved_aside_original(name: str) -> str:
    """What a file moved aside as damaged was called (``2026-03.json.corrupt-<stamp>`` ->
    ``2026-03.json``; a path keeps its folders); a name without ``CORRUPT_MARK`` is itself."""
    return name.split(CORRUPT_MARK, 1)[0]


def _content_digest(raw: bytes) -> bytes:
    """What ``remember_valid`` keeps of a document's bytes."""
    import hashlib  # only for such kinds: OpenSSL's load is ~2.5 ms of the start

    return hashlib.sha256(raw).digest()


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")


class DataStore:
    """All documents of one data folder. Writes need the folder's lock (see ``open``)."""

    def __init__(self, root: Path, *, read_only: bool = False, read_only_reason: str = "") -> None:
        self.root = root
        self.read_only = read_only
        self.read_only_reason = read_only_reason
        self._lock: DataDirLock | None = None
        self.keep_generations = KEEP_GENERATIONS
        # Serialises this process's writers: a page save waits while a restore or import holds it
        # (``with store.write_lock:``), so neither interleaves with the other.
        self.write_lock = threading.RLock()
        # rel -> (kind, SHA-256 of the bytes last found valid there): ``remember_valid`` kinds
        self._known_valid: dict[str, tuple[DocumentKind, bytes]] = {}

    @classmethod
    def open(cls, root: Path, *, read_only: bool = False) -> DataStore:
        """Open a data folder, taking its lock unless ``read_only``.

        A folder the user cannot write to opens read-only with a reason. Raises DataInUseError
        when another instance holds the lock (the caller may then open read-only).
        """
        if read_only:
            return cls(root, read_only=True, read_only_reason="opened read-only")
        try:
            ensure_private_dir(root)
        except OSError as exc:
            # EROFS (a read-only mount) is not a PermissionError, but means the same to the user
            if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS) and root.is_dir():
                return cls(root, read_only=True, read_only_reason="the data folder is read-only")
            raise
        if not os.access(root, os.W_OK):
            return cls(root, read_only=True, read_only_reason="the data folder is read-only")
        store = cls(root)
        store._lock = DataDirLock.acquire(root)
        return store

    def close(self) -> None:
        """Release the lock."""
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- paths -------------------------------------------------------------------------------

    def path(self, rel: str) -> Path:
        """The absolute path of a document; ``rel`` is a relative POSIX path inside the folder."""
        parts = PurePosixPath(rel).parts
        if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
            raise ValueError(f"not a path inside the data folder: {rel!r}")
        return self.root.joinpath(*parts)

    def _backup_dir(self, rel: str) -> Path:
        return self.root / BACKUP_DIR / PurePosixPath(rel).parent

    def backups(self, rel: str) -> list[Path]:
        """Backups of a document, newest first."""
        name = PurePosixPath(rel).name
        folder = self._backup_dir(rel)
        if not folder.is_dir():
            return []
        found = [p for p in folder.iterdir() if p.name.startswith(name + ".")]
        return sorted(found, key=_replaced_at, reverse=True)

    # -- reading -----------------------------------------------------------------------------

    def exists(self, rel: str) -> bool:
        return self.path(rel).is_file()

    def read(self, rel: str, kind: DocumentKind) -> Document | None:
        """The validated body of a document (None if it does not exist).

        Raises CorruptDocumentError (after moving the file aside) or NewerVersionError.
        """
        return next(self.read_each([rel], kind))

    def read_each(self, rels: Sequence[str], kind: DocumentKind) -> Iterator[Document | None]:
        """``read`` of each document, in order, as the caller takes them: the same bodies, and the
        first refusal raised as reading them one by one would raise it (the ones before it read,
        migrated or moved aside, the ones after it untouched).

        The documents are parsed in batches (at most ``READ_BATCH`` of them, about
        ``READ_BATCH_BYTES`` of JSON), one padding of the stack each (``storage.bounded``: ~0.2 ms
        a padding, so a patient's 120 log months open ~15 ms sooner). A body the caller is done
        with can be freed before the next batch is read: a large log is never all in memory as
        parsed JSON at once.
        """
        for outcome in self._read_outcomes(rels, kind, keep_going=False):
            if isinstance(outcome, Exception):
                raise outcome
            yield outcome

    def read_each_reporting(
        self, rels: Sequence[str], kind: DocumentKind
    ) -> list[Document | CorruptDocumentError | NewerVersionError | None]:
        """``read`` of every document, a refusal returned in its place instead of raised (a
        damaged one is moved aside as ``read`` does); another OSError is raised."""
        found: list[Document | CorruptDocumentError | NewerVersionError | None] = []
        for outcome in self._read_outcomes(rels, kind, keep_going=True):
            if isinstance(outcome, (CorruptDocumentError, NewerVersionError)):
                found.append(outcome)
            elif isinstance(outcome, Exception):
                raise outcome  # another OSError: the folder, not a document, has a problem
            else:
                found.append(outcome)
        return found

    def _read_outcomes(
        self, rels: Sequence[str], kind: DocumentKind, *, keep_going: bool
    ) -> Iterator[Document | Exception | None]:
        """Each document's body, None (no such file) or refusal, in order. Bytes are read a batch
        ahead (at most ``READ_BATCH`` documents and about ``READ_BATCH_BYTES``: a larger batch
        held more parsed JSON at once than it saved, measured on a 100,000-entry log) and never
        past the first document that cannot be read (past the first refusal only if
        ``keep_going``)."""
        batch: list[tuple[str, Path, bytes | Exception | None]] = []  # None: no such file
        size = 0
        for rel in rels:
            path = self.path(rel)
            stop = False
            raw: bytes | Exception | None
            try:
                raw = read_document_bytes(path)
                size += len(raw)
            except FileNotFoundError:
                raw = None
            except InvalidDocumentError as exc:  # a link, a FIFO, a folder, too large
                raw, stop = exc, not keep_going
            except OSError as exc:
                raw, stop = exc, True
            batch.append((rel, path, raw))
            if stop or len(batch) >= READ_BATCH or size >= READ_BATCH_BYTES:
                for outcome in self._read_batch(batch, kind):
                    yield outcome
                    if isinstance(outcome, Exception) and not keep_going:
                        return
                if stop:
                    return
                batch, size = [], 0
        yield from self._read_batch(batch, kind)

    def _read_batch(
        self, batch: list[tuple[str, Path, bytes | Exception | None]], kind: DocumentKind
    ) -> Iterator[Document | Exception | None]:
        """The outcomes of documents whose bytes were read: their JSON parsed with one padding."""
        parsed = deque(parse_json_each([raw for _, _, raw in batch if isinstance(raw, bytes)]))
        for rel, path, raw in batch:
            if raw is None or isinstance(raw, OSError):
                yield raw
                continue
            try:
                value = raw if isinstance(raw, InvalidDocumentError) else parsed.popleft()
                if isinstance(value, InvalidDocumentError):  # no JSON value is one
                    raise value
                data, version = self._load_parsed(rel, raw, value, kind)
            except NewerDocumentError as exc:
                yield NewerVersionError(path, exc.found, exc.supported)
                continue
            except InvalidDocumentError as exc:
                yield self._quarantine(rel, path, str(exc), kind)
                continue
            if version < kind.version:
                self._keep_migrated(rel, data, version, kind)
            yield data

    def _load_parsed(
        self, rel: str, raw: bytes | Exception, value: object, kind: DocumentKind
    ) -> tuple[Document, int]:
        """``load_parsed_document``, without validating bytes already found valid at ``rel``."""
        if not kind.remember_valid or not isinstance(raw, bytes):
            return load_parsed_document(value, kind, rel)
        digest = _content_digest(raw)
        known = self._known_valid.pop(rel, None)
        if known is not None and known[0] is kind and known[1] == digest:
            data, version = check_envelope(value, kind)  # the same bytes: the same document
        else:
            data, version = load_parsed_document(value, kind, rel)
        if version == kind.version:  # an older one is migrated and written: remembered then
            self._known_valid[rel] = (kind, digest)
        return data, version

    def _keep_migrated(self, rel: str, data: Document, version: int, kind: DocumentKind) -> None:
        """Keep the old version as ``<name>.v<N>.bak`` and save the migrated document."""
        path = self.path(rel)
        if not self.read_only:
            folder = self._backup_dir(rel)
            ensure_private_dir(folder)
            target = folder / f"{path.name}.v{version}.bak"
            if not target.exists():
                import shutil  # only when migrating an old document

                shutil.copyfile(path, target)
                os.chmod(target, FILE_MODE)
            self.write(rel, kind, data)

    def _quarantine(
        self, rel: str, path: Path, problem: str, kind: DocumentKind
    ) -> CorruptDocumentError:
        moved: Path | None = None
        if not self.read_only:
            moved = path.with_name(f"{path.name}{CORRUPT_MARK}{_stamp()}")
            try:
                os.replace(path, moved)
                fsync_dir(path.parent)
            except OSError:
                moved = None
        return CorruptDocumentError(path, problem, moved, self.newest_valid_backup(rel, kind), rel)

    def newest_valid_backup(self, rel: str, kind: DocumentKind) -> Path | None:
        """The newest backup that decodes and validates at the current or an older version."""
        for candidate in self.backups(rel):
            try:
                load_document(read_document_bytes(candidate), kind, rel)
            except (OSError, InvalidDocumentError):
                continue
            return candidate
        return None

    def restore_backup(self, rel: str, backup: Path, kind: DocumentKind) -> Document:
        """Make ``backup`` the current document again (the current one, if any, is kept as a backup)."""
        try:
            data, _version = load_document(read_document_bytes(backup), kind, rel)
        except InvalidDocumentError as exc:
            raise CorruptDocumentError(backup, str(exc), None, None) from None
        self.write(rel, kind, data)
        return data

    # -- writing -----------------------------------------------------------------------------

    def write(self, rel: str, kind: DocumentKind, body: Document) -> None:
        """Validate, then replace the document atomically; keeps the previous generations.

        Never writes what reading would refuse: an invalid document, or one over
        ``MAX_DOCUMENT_BYTES`` (DocumentNotSavedError; the document on disk is left as it was)."""
        if self.read_only:
            raise ReadOnlyError(f"Nothing was saved: {self.read_only_reason or 'read-only'}.")
        document = {**body, "format": kind.format, "version": kind.version}
        try:
            validate(document, kind)
            if kind.check_place is not None:
                kind.check_place(rel, document)
        except InvalidDocumentError as exc:
            # never write what reading would refuse (and quarantine) the next time
            raise DocumentNotSavedError(
                f"Nothing was saved: {PurePosixPath(rel).name} would not be valid ({exc})."
            ) from None
        payload = encode_document(document, kind)
        if len(payload) > MAX_DOCUMENT_BYTES:  # reading would refuse it and move it aside
            raise DocumentNotSavedError(
                f"Nothing was saved: {PurePosixPath(rel).name} would be "
                f"{megabytes(len(payload))}; a document may hold at most "
                f"{megabytes(MAX_DOCUMENT_BYTES)}."
            )
        path = self.path(rel)
        with self.write_lock:
            self._known_valid.pop(rel, None)
            self._write_payload(rel, path, payload)
            if kind.remember_valid:
                # the document was validated above and its encoding is plain JSON of the same
                # values: reading these bytes back would validate the same document
                self._known_valid[rel] = (kind, _content_digest(payload))

    def _write_payload(self, rel: str, path: Path, payload: bytes) -> None:
        try:
            ensure_private_dir(path.parent)
            backup = None
            if self.keep_generations > 0 and path.exists():
                folder = self._backup_dir(rel)
                ensure_private_dir(folder)
                backup = folder / f"{path.name}.{_stamp()}"
            write_atomic(path, payload, backup)
            if backup is not None:
                self._prune_backups(rel)
        except OSError as exc:
            raise _disk_error(path, exc) from exc

    def _prune_backups(self, rel: str) -> None:
        generations = [p for p in self.backups(rel) if not p.name.endswith(".bak")]
        for old in generations[self.keep_generations :]:
            with contextlib.suppress(OSError):
                old.unlink()

    def move_to_trash(self, rel_dir: str) -> Path:
        """Move a folder (e.g. a patient's) into ``trash/``; it can be recovered from there."""
        if self.read_only:
            raise ReadOnlyError(f"Nothing was changed: {self.read_only_reason or 'read-only'}.")
        source = self.path(rel_dir)
        trash = self.root / TRASH_DIR
        ensure_private_dir(trash)
        target = trash / f"{source.name}-{_stamp()}"
        os.replace(source, target)
        fsync_dir(source.parent)
        fsync_dir(trash)
        return target

    def clean_temp_files(self) -> int:
        """Remove temp files left by a crash mid-write (they never replaced anything)."""
        removed = 0
        for path in walk_files(self.root):
            if path.name.startswith(".") and path.name.endswith(TEMP_SUFFIX):
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
        return removed


def _replaced_at(backup: Path) -> tuple[datetime, str]:
    """When a backup's version stopped being current: the stamp of ``<name>.<stamp>`` (written
    as it was replaced), else (``<name>.v<N>.bak``, kept when migrating) the file's time.
    Sorting by name put ``.v1.bak`` before every stamped one, so the oldest looked newest."""
    stamp = backup.name.rsplit(".", 1)[-1]
    try:
        when = datetime.strptime(stamp, "%Y%m%dT%H%M%S%fZ").replace(tzinfo=UTC)
    except ValueError:
        try:
            when = datetime.fromtimestamp(backup.stat().st_mtime, UTC)
        except OSError:
            when = datetime.min.replace(tzinfo=UTC)
    return when, backup.name


def _disk_error(path: Path, exc: OSError) -> DiskWriteError:
    if exc.errno == errno.ENOSPC:
        why = "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        why = "permission denied (read-only folder?)"
    else:
        why = exc.strerror or str(exc)
    return DiskWriteError(f"Could not save {path.name}: {why}. The previous version is unchanged.")
