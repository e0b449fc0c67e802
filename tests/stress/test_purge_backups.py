"""Issue 12 item 14: deleting a patient, then emptying the trash, leaves no copy of their data.

Every save keeps earlier versions in ``.backups/``; those of a deleted patient go to the trash
with the patient, and emptying the trash (``ldn-desktop patient empty-trash`` or by hand) removes
them with the rest. Copies left from patients deleted before are purged by empty-trash too.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.stress.session import run_cli

NAME = "Zebulon Quartermaine"


def _ok(data: Path, *args: str) -> str:
    status, out, err = run_cli(data, *args)
    assert status == 0, f"{args}: {err}"
    return out


def _copies(data: Path) -> list[str]:
    """Files anywhere in the data folder that still hold the deleted patient's name."""
    return [
        p.relative_to(data).as_posix()
        for p in data.rglob("*")
        if p.is_file() and NAME.encode() in p.read_bytes()
    ]


@pytest.fixture
def deleted(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    patient = _ok(data, "patient", "add", "--name", NAME).strip()
    _ok(data, "patient", "rename", patient, "--name", NAME + " Jr")
    _ok(data, "patient", "rename", patient, "--name", NAME + " III")
    _ok(data, "patient", "add", "--name", "Someone Staying")
    _ok(data, "patient", "delete", patient, "--yes")
    return data


def test_emptying_the_trash_by_hand_leaves_no_copy(deleted: Path) -> None:
    shutil.rmtree(deleted / "trash")
    assert _copies(deleted) == []


def test_empty_trash_command_purges_every_copy_and_keeps_the_others(deleted: Path) -> None:
    out = _ok(deleted, "patient", "empty-trash", "--yes")
    assert "trash" in out.lower()
    assert _copies(deleted) == []
    assert "Someone Staying" in _ok(deleted, "patient", "list")


def test_empty_trash_purges_copies_left_by_patients_deleted_before(deleted: Path) -> None:
    """A patient deleted by an older version left its copies in .backups/."""
    trashed = next((deleted / "trash").iterdir())
    kept = trashed / ".backups"
    if kept.is_dir():  # put them back where an older version left them
        target = deleted / ".backups" / "patients" / trashed.name.split("-")[0]
        target.parent.mkdir(parents=True, exist_ok=True)
        kept.rename(target)
    _ok(deleted, "patient", "empty-trash", "--yes")
    assert _copies(deleted) == []


def test_settings_empty_the_trash_does_what_the_command_does(
    deleted: Path, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import Qt

    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.ui import messages
    from ldn_desktop.ui.app_context import AppContext
    from ldn_desktop.ui.settings_page import SettingsPage

    twin = tmp_path / "twin"
    shutil.copytree(deleted, twin)
    said = _ok(twin, "patient", "empty-trash", "--yes").strip()
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    store = DataStore.open(deleted)
    page = SettingsPage(AppContext(store))
    qtbot.addWidget(page)
    page.show()
    try:
        section = page.data_section
        with qtbot.waitSignal(section.job_finished, timeout=20000) as finished:
            qtbot.mouseClick(section.empty_trash_button, Qt.MouseButton.LeftButton)
        assert finished.args[0] == said
        assert _copies(deleted) == []
    finally:
        store.close()
