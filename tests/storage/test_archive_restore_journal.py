"""The restore journal: an uncommitted stage is cancelled, a committed one completed, and a
store that cannot take the lock only reports (never touches a restore another process runs)."""

from __future__ import annotations

from pathlib import Path

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.folder_checks import RESTORE_DIR, data_folder_notes
from ldn_desktop.storage.restore_journal import JOURNAL_NAME, pending_restore, stage_restore

NEW = b'{"format": "ldn-desktop/settings", "version": 1}\n'


def _no_progress(done: int, total: int) -> None:
    pass


def _stage(root: Path) -> None:
    (root / "old.json").write_bytes(b"old")
    stage_restore(root, "b.zip", (("settings.json", NEW),), ["old.json"], _no_progress)


def test_uncommitted_stage_is_cancelled_and_nothing_changes(tmp_path: Path) -> None:
    store = DataStore.open(tmp_path)
    try:
        _stage(tmp_path)
        (tmp_path / RESTORE_DIR / JOURNAL_NAME).unlink()  # killed before the commit
        (note,) = data_folder_notes(store)
        assert "before it changed anything" in note and "b.zip" in note
        assert (tmp_path / "old.json").read_bytes() == b"old"
        assert not (tmp_path / "settings.json").exists()
        assert pending_restore(tmp_path) is None
    finally:
        store.close()


def test_committed_journal_is_completed_at_the_next_start(tmp_path: Path) -> None:
    store = DataStore.open(tmp_path)
    try:
        _stage(tmp_path)
        (note,) = data_folder_notes(store)
        assert "has now been completed" in note
        assert (tmp_path / "settings.json").read_bytes() == NEW
        assert not (tmp_path / "old.json").exists()
        assert [p.name.split(".")[0] for p in (tmp_path / ".backups").iterdir()] == ["old"]
        assert pending_restore(tmp_path) is None
    finally:
        store.close()


def test_a_restore_running_elsewhere_is_left_alone(tmp_path: Path) -> None:
    running = DataStore.open(tmp_path)  # holds the lock, as a restoring process does
    try:
        _stage(tmp_path)
        viewer = DataStore.open(tmp_path, read_only=True)
        (note,) = data_folder_notes(viewer)
        assert "Another LDN Desktop is restoring" in note
        assert pending_restore(tmp_path) == "committed"
        assert (tmp_path / "old.json").exists()
    finally:
        running.close()
