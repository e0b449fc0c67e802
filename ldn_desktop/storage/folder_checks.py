"""What every start checks once the data folder is open, for both front ends to show.

- A restore that was interrupted is completed (committed) or cancelled (not yet committed), and
  the user is told which (``restore_journal``).
- A data folder on a network file system gets a warning: the lock (``flock`` on ``.lock``) only
  keeps out a second LDN Desktop on the same computer; NFS, SMB/CIFS, sshfs or 9p shares may not
  pass it on to other computers, so two computers could write the same documents.
- Documents that were moved aside as damaged (``<name>.corrupt-<stamp>``) with nothing put back
  are named at every start until they are recovered: the first read says so once, and afterwards
  the document is simply missing (a patient not listed, a month gone from the log). Only names are
  looked at (no document is read): a folder with 100 patients of 10 years each is ~200 listings.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

from ldn_desktop.core.errors import LdnError
from ldn_desktop.core.words import counted
from ldn_desktop.storage.bounded import walk_folders
from ldn_desktop.storage.documents import (
    BACKUP_DIR,
    CORRUPT_MARK,
    TRASH_DIR,
    DataStore,
    moved_aside_original,
)
from ldn_desktop.storage.errors import DataInUseError
from ldn_desktop.storage.lock import DataDirLock
from ldn_desktop.storage.patients import PATIENTS_DIR

RESTORE_DIR = ".restore"  # a restore being staged, see ``restore_journal``

MOUNTINFO = Path("/proc/self/mountinfo")
NETWORK_FS_TYPES = frozenset(
    {"nfs", "nfs4", "cifs", "smb3", "smbfs", "sshfs", "fuse.sshfs", "9p", "afs", "ncpfs",
     "glusterfs", "fuse.glusterfs", "ceph", "fuse.ceph", "lustre", "davfs", "fuse.davfs2",
     "fuse.rclone", "fuse.s3fs", "gfs2", "ocfs2"}
)  # fmt: skip


def _unescape(field: str) -> str:
    """mountinfo escapes space, tab, newline and backslash as octal (``\\040``)."""
    for code in ("\\040", "\\011", "\\012", "\\134"):
        field = field.replace(code, chr(int(code[1:], 8)))
    return field


def mount_fs_type(path: Path, mountinfo: Path | None = None) -> str | None:
    """The file-system type of the mount holding ``path`` (None where mountinfo is missing)."""
    try:
        lines = (mountinfo or MOUNTINFO).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return None
    real = os.path.realpath(path)
    best, best_type = "", None
    for line in lines:
        before, sep, after = line.partition(" - ")
        fields = before.split()
        if not sep or len(fields) < 5 or not after.split():
            continue
        point = _unescape(fields[4])
        inside = real == point or real.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, best_type = point, after.split()[0]
    return best_type


def network_filesystem_warning(path: Path, mountinfo: Path | None = None) -> str | None:
    """A warning when ``path`` is on a network file system, else None."""
    kind = mount_fs_type(path, mountinfo)
    if kind is None or kind not in NETWORK_FS_TYPES:
        return None
    return (
        f"The data folder {path} is on a network file system ({kind}). LDN Desktop's lock only "
        "keeps out a second copy on this computer: never open this folder from two computers "
        "at once, or saves can be lost."
    )


def data_folder_notes(store: DataStore) -> list[str]:
    """Run the start-up checks on an opened store; returns the messages for the user: those of
    ``start_up_checks`` and ``moved_aside_note`` (the window shows the latter as the folder
    changes, the command line once per command)."""
    moved = moved_aside_note(store.root)
    return start_up_checks(store) + ([moved] if moved else [])


def start_up_checks(store: DataStore) -> list[str]:
    """Finish or cancel an interrupted restore, warn about a network file system: the notes
    that hold for the whole session."""
    notes: list[str] = []
    if (store.root / RESTORE_DIR).is_dir():
        notes.append(_settle_restore(store))
    warning = network_filesystem_warning(store.root)
    if warning:
        notes.append(warning)
    return notes


def _data_folders(root: Path) -> Iterator[tuple[str, list[str]]]:
    """Each folder of the data folder as its path inside it (``""``, ``"patients/<id>/"``, ...)
    and the names of its files, outside ``.backups/``, the trash and a staged restore; folder
    links are not followed. Names only: nothing is opened."""
    skipped = {BACKUP_DIR, TRASH_DIR, RESTORE_DIR}
    top = os.fspath(root)
    for folder, dirs, names in walk_folders(root):  # bounded: no RecursionError
        base = os.path.relpath(folder, top).replace(os.sep, "/")
        prefix = "" if base == "." else base + "/"
        if not prefix:
            dirs[:] = [d for d in dirs if d not in skipped]
        yield prefix, names


def data_files(root: Path) -> list[str]:
    """Every file of the data folder as a path inside it (``patients/<id>/patient.json``), in no
    particular order (see ``_data_folders``)."""
    return [prefix + name for prefix, names in _data_folders(root) for name in names]


def moved_aside_documents(root: Path) -> list[str]:
    """The documents (paths inside the folder, sorted) moved aside as damaged with nothing put
    back: a ``<name>.corrupt-<stamp>`` and no ``<name>`` beside it.

    Only a folder holding such a name is looked at further: a patient's log of ten years is 120
    names, and a hundred patients' folders ~12,000 (looked at on every start and patient-list
    reload: 16 ms when every path was built, ~12 ms this way, ~7 ms of it listing the folders)."""
    moved: set[str] = set()
    for prefix, names in _data_folders(root):
        marked = [name for name in names if CORRUPT_MARK in name]
        if marked:
            present = set(names)
            moved.update(
                prefix + original
                for original in set(map(moved_aside_original, marked))
                if original and original not in present
            )
    return sorted(moved)


def moved_aside_note(root: Path, shown: int = 3) -> str | None:
    """One note naming the documents moved aside with nothing put back (None: there are none)."""
    documents = moved_aside_documents(root)
    if not documents:
        return None
    names = [_with_meaning(rel) for rel in documents[:shown]]
    if len(documents) > shown:
        names.append(f"and {len(documents) - shown} more")
    count = counted(len(documents), "document")
    return (
        f"{count} could not be read and {'was' if len(documents) == 1 else 'were'} moved aside, "
        f"with nothing put back: {'; '.join(names)}. Settings ▸ Data ▸ Recover a document… (or "
        "ldn-desktop data recover) puts back the newest valid backup, where there is one."
    )


def _with_meaning(rel: str) -> str:
    """The path, with what its absence means where that is not plain from the name."""
    parts = rel.split("/")
    if len(parts) == 3 and parts[0] == PATIENTS_DIR and parts[2] == "patient.json":
        return f"{rel} (a patient's profile: that patient is not listed until it is put back)"
    if len(parts) == 4 and parts[0] == PATIENTS_DIR and parts[2] == "log":
        return f"{rel} (a month of a side-effect log: its entries are not shown)"
    return rel


def _settle_restore(store: DataStore) -> str:
    if not store.read_only:  # this store holds the folder's lock
        with store.write_lock:
            return _finish(store.root)
    try:
        lock = DataDirLock.acquire(store.root)  # only when no other LDN Desktop has it open
    except DataInUseError:
        return (
            "Another LDN Desktop is restoring a backup into this data folder (or was, and "
            "will finish it); until then, what is shown may mix old and new documents."
        )
    except (LdnError, OSError):
        from ldn_desktop.storage.restore_journal import finish_interrupted_restore

        return finish_interrupted_restore(store.root, read_only=True) or ""
    try:
        return _finish(store.root)
    finally:
        lock.release()


def _finish(root: Path) -> str:
    from ldn_desktop.storage.restore_journal import finish_interrupted_restore

    try:
        return finish_interrupted_restore(root, read_only=False) or ""
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return (
            f"A restore was interrupted and could not be finished ({exc}); until it is, the data "
            f"may mix old and new documents. Its staged files are in {root / RESTORE_DIR}."
        )
