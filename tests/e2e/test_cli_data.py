"""``ldn-desktop data export|import|backup|backups|restore`` end to end."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from ldn_desktop.cli import main


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _add_patient(capsys: pytest.CaptureFixture[str], data: Path, name: str) -> str:
    code, out, _ = _run(capsys, data, "patient", "add", "--name", name)
    assert code == 0
    return out.strip()


def test_export_then_import_into_another_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    first = _add_patient(capsys, here, "Ann Lee")
    out = tmp_path / "all.zip"
    code, text, _ = _run(capsys, here, "data", "export", str(out))
    assert code == 0 and text.startswith("exported 1 document to")
    code, text, _ = _run(capsys, there, "data", "import", str(out), "--json")
    assert code == 0
    assert json.loads(text) == {
        "added": [f"patients/{first}/patient.json"],
        "skipped_identical": [],
        "conflicts_kept_current": [],
        "patients_imported_as_copies": {},
        "not_imported_unreadable": [],
    }
    code, text, _ = _run(capsys, there, "patient", "list")
    assert first in text and "Ann Lee" in text
    code, text, _ = _run(capsys, there, "data", "import", str(out))
    assert code == 0 and "0 added, 1 already present (identical), 0 conflicts" in text


def test_export_refuses_to_overwrite(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    _add_patient(capsys, data, "Ann Lee")
    out = tmp_path / "all.zip"
    out.write_bytes(b"keep me")
    code, _, err = _run(capsys, data, "data", "export", str(out))
    assert code == 2 and "--overwrite" in err and err.count("\n") == 1
    assert out.read_bytes() == b"keep me"
    code, _, _ = _run(capsys, data, "data", "export", str(out), "--overwrite")
    assert code == 0 and zipfile.is_zipfile(out)


def test_conflict_is_reported_and_keep_both(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    pid = _add_patient(capsys, here, "Ann Lee")
    out = tmp_path / "all.zip"
    _run(capsys, here, "data", "export", str(out))
    _run(capsys, there, "data", "import", str(out))
    _run(capsys, there, "patient", "rename", pid, "--name", "Ann Lee-Smith")
    _run(capsys, there, "data", "export", str(out), "--overwrite")
    code, text, _ = _run(capsys, here, "data", "import", str(out), "--json")
    assert code == 0
    assert json.loads(text)["conflicts_kept_current"] == [f"patients/{pid}/patient.json"]
    code, text, _ = _run(capsys, here, "data", "import", str(out), "--keep-both", "--json")
    copies = json.loads(text)["patients_imported_as_copies"]
    assert list(copies) == [pid]
    code, text, _ = _run(capsys, here, "patient", "list")
    assert f"{pid}  Ann Lee\n" in text
    assert "Ann Lee-Smith (imported)" in text


def test_hostile_archive_exit_2_and_nothing_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _add_patient(capsys, data, "Ann Lee")
    before = sorted(p.name for p in data.rglob("*"))
    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("data/../../escaped.json", "{}")
    code, out, err = _run(capsys, data, "data", "import", str(evil))
    assert code == 2 and out == ""
    assert err.startswith("ldn-desktop: error: Archive refused, nothing was changed:")
    assert "'..'" in err
    assert not (tmp_path / "escaped.json").exists()
    assert sorted(p.name for p in data.rglob("*")) == before


def test_backup_list_and_restore(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    pid = _add_patient(capsys, data, "Ann Lee")
    folder = tmp_path / "my-backups"
    code, text, _ = _run(capsys, data, "data", "backup", "--to", str(folder))
    backup = Path(text.strip())
    assert code == 0 and backup.parent == folder and backup.is_file()
    _run(capsys, data, "patient", "rename", pid, "--name", "Renamed")
    code, _, err = _run(capsys, data, "data", "restore", str(backup))
    assert code == 2 and "--yes" in err
    code, text, _ = _run(
        capsys, data, "data", "restore", str(backup), "--yes", "--safety-dir", str(folder)
    )
    assert code == 0 and "1 document restored" in text and "before-restore" in text
    _, text, _ = _run(capsys, data, "patient", "show", pid)
    assert "Ann Lee" in text
    _, text, _ = _run(capsys, data, "data", "backups", "--in", str(folder))
    assert text.count(".zip") == 2


def test_default_backup_folder_is_beside_the_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    _add_patient(capsys, data, "Ann Lee")
    code, text, _ = _run(capsys, data, "data", "backup")
    assert code == 0
    assert Path(text.strip()).parent == tmp_path / "ldn-desktop-backups"


def test_data_in_use_gives_exit_1(tmp_path: Path) -> None:
    """A second process cannot import while the folder is locked (one line, exit 1)."""
    from ldn_desktop.storage.documents import DataStore

    data = tmp_path / "data"
    holder = DataStore.open(data)
    try:
        archive = tmp_path / "a.zip"
        main(["--data-dir", str(data), "data", "export", str(archive)])
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "ldn_desktop",
                "--data-dir",
                str(data),
                "data",
                "import",
                str(archive),
            ],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        holder.close()
    assert result.returncode == 1
    assert "in use" in result.stderr and result.stderr.count("\n") == 1
