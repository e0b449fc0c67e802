"""A restore (or import) is all-or-nothing: every document is staged, one rename commits, then
the changes are applied.

Inside the data folder, ``.restore/`` holds:

- ``started.json``: which archive is being restored and when (written first);
- ``staged/<n>``: each document of the backup, written and fsynced;
- ``journal.json``: the list of changes, written atomically once everything is staged. Its
  existence is the commit point.

Applying the journal renames each staged document into place (the current one kept as a
generation in ``.backups/``, like any save) and moves each document the backup lacks into
``.backups/`` too. Every step can be repeated, so an apply that was interrupted (killed, power
cut) is simply run again. The next start (``finish_interrupted_restore``) completes a committed
restore, or removes an uncommitted stage (the data was never touched), and says which.
A renaming apply needs no disk space, so a full disk can only stop a restore while staging,
before anything changed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from ldn_desktop.core.words import counted
from ldn_desktop.storage.atomic import FILE_MODE, ensure_private_dir, fsync_dir, write_atomic
from ldn_desktop.storage.bounded import read_document_bytes
from ldn_desktop.storage.documents import BACKUP_DIR
from ldn_desktop.storage.folder_checks import RESTORE_DIR

JOURNAL_NAME = "journal.json"
STARTED_NAME = "started.json"
STAGED_DIR = "staged"
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class RestoreOutcome:
    """What applying a journal did: documents put in place and documents retired to .backups/."""

    archive: str
    restored: int
    retired: tuple[str, ...]


def restore_dir(root: Path) -> Path:
    return root / RESTORE_DIR


def stage_restore(
    root: Path,
    archive_name: str,
    documents: tuple[tuple[str, bytes], ...],
    retire: list[str],
    progress: Progress,
    operation: str = "restore",
) -> None:
    """Stage ``documents`` and commit the journal; raises OSError with nothing changed.

    A stage left by an earlier run is removed first (callers finish a committed one before).
    """
    folder = restore_dir(root)
    if folder.exists():
        shutil.rmtree(folder)
    try:
        ensure_private_dir(folder / STAGED_DIR)
        started = {
            "operation": operation,
            "archive": archive_name,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        write_atomic(folder / STARTED_NAME, json.dumps(started).encode())
        changes: list[dict[str, str]] = []
        for number, (rel, raw) in enumerate(documents, start=1):
            write_atomic(folder / STAGED_DIR / str(number), raw)
            changes.append({"op": "put", "path": rel, "staged": str(number)})
            progress(number, len(documents) * 2)
        changes += [{"op": "retire", "path": rel} for rel in retire]
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        journal = {**started, "stamp": stamp, "changes": changes}
        fsync_dir(folder / STAGED_DIR)
        write_atomic(folder / JOURNAL_NAME, json.dumps(journal).encode())  # the commit point
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
        raise


def apply_journal(root: Path, progress: Progress | None = None) -> RestoreOutcome:
    """Carry out a committed journal (again, if it was interrupted), then remove the stage."""
    folder = restore_dir(root)
    journal = json.loads(read_document_bytes(folder / JOURNAL_NAME))  # a regular file only
    changes = journal["changes"]
    retired: list[str] = []
    for number, change in enumerate(changes, start=1):
        rel = _checked(change["path"])
        target = root.joinpath(*rel.split("/"))
        generation = (
            root / BACKUP_DIR / PurePosixPath(rel).parent / f"{target.name}.{journal['stamp']}"
        )
        if change["op"] == "put":
            staged = folder / STAGED_DIR / str(change["staged"])
            if staged.exists():
                ensure_private_dir(target.parent)
                if target.exists():
                    _keep_generation(target, generation)
                os.replace(staged, target)
                fsync_dir(target.parent)
        elif change["op"] == "retire":
            retired.append(rel)
            if target.exists():
                ensure_private_dir(generation.parent)
                if generation.exists():
                    target.unlink()
                else:
                    os.replace(target, generation)
                fsync_dir(target.parent)
        if progress is not None:
            progress(len(changes) + number, len(changes) * 2)
    (folder / JOURNAL_NAME).unlink()  # done: from here on, a leftover stage is only litter
    fsync_dir(folder)
    shutil.rmtree(folder, ignore_errors=True)
    restored = sum(1 for change in changes if change["op"] == "put")
    return RestoreOutcome(str(journal["archive"]), restored, tuple(retired))


def _checked(rel: str) -> str:
    parts = PurePosixPath(rel).parts
    if not parts or PurePosixPath(rel).is_absolute() or ".." in parts:
        raise ValueError(f"restore journal: not a path inside the data folder: {rel!r}")
    return rel


def _keep_generation(target: Path, generation: Path) -> None:
    """The current document kept in .backups/ (best effort: the safety archive holds it too)."""
    with contextlib.suppress(OSError):
        ensure_private_dir(generation.parent)
        if not generation.exists():
            try:
                os.link(target, generation)
            except OSError:
                generation.write_bytes(target.read_bytes())
                os.chmod(generation, FILE_MODE)


def pending_restore(root: Path) -> str | None:
    """'committed', 'uncommitted', or None when no restore was interrupted."""
    folder = restore_dir(root)
    if not folder.is_dir():
        return None
    return "committed" if (folder / JOURNAL_NAME).is_file() else "uncommitted"


def _started(root: Path) -> str:
    """E.g. "A restore from b.zip (started 2026-…)"; an import says so."""
    try:
        info = json.loads(read_document_bytes(restore_dir(root) / STARTED_NAME))
        operation = "An import" if info.get("operation") == "import" else "A restore"
        return f"{operation} from {info['archive']} (started {info['at']})"
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return "A restore from a backup"


def finish_interrupted_restore(root: Path, *, read_only: bool) -> str | None:
    """Complete or roll back a restore that was interrupted; returns what to tell the user."""
    state = pending_restore(root)
    if state is None:
        return None
    source = _started(root)
    if read_only:
        return (
            f"{source} was interrupted and is not finished; open the data folder "
            "for writing (without --read-only, no other LDN Desktop running) to finish it."
        )
    if state == "uncommitted":
        shutil.rmtree(restore_dir(root), ignore_errors=True)
        return (
            f"{source} was interrupted before it changed anything; it was cancelled "
            "and the data is as it was before."
        )
    outcome = apply_journal(root)
    before = (
        ""
        if source.startswith("An import")
        else " The data as it was before is in the safety archive (ldn-desktop-before-restore-…)."
    )
    return (
        f"{source} was interrupted; it has now been completed "
        f"({counted(outcome.restored, 'document')} written).{before}"
    )
