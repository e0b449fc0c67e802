"""The headless CLI: version, help and patients against --data-dir, with no display."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ldn_desktop import __version__


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m ldn_desktop` with no display at all."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    clean.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "ldn_desktop", *args],
        capture_output=True,
        text=True,
        check=False,
        env=clean,
        timeout=120,
    )


def test_version_and_help_work_headless() -> None:
    """--version and --help need no display."""
    version = run_cli("--version")
    assert version.returncode == 0
    assert version.stdout.strip() == f"ldn-desktop {__version__}"
    helptext = run_cli("--help")
    assert helptext.returncode == 0
    assert "patient" in helptext.stdout


def test_patient_add_list_show(tmp_path: Path) -> None:
    """add prints the new id; list and show return it as JSON."""
    data = str(tmp_path / "d")
    added = run_cli(
        "--data-dir",
        data,
        "patient",
        "add",
        "--name",
        "Ann  Example",
        "--birth-date",
        "1970-02-03",
        "--json",
    )
    assert added.returncode == 0, added.stderr
    profile = json.loads(added.stdout)
    assert profile["name"] == "Ann Example"
    assert profile["birth_date"] == "1970-02-03"
    plain = run_cli("--data-dir", data, "patient", "add", "--name", "Bo")
    assert plain.returncode == 0
    bo_id = plain.stdout.strip()
    assert len(bo_id) == 8
    listed = json.loads(run_cli("--data-dir", data, "patient", "list", "--json").stdout)
    assert [p["name"] for p in listed] == ["Ann Example", "Bo"]
    shown = json.loads(run_cli("--data-dir", data, "patient", "show", bo_id, "--json").stdout)
    assert shown["id"] == bo_id


def test_env_variable_selects_data_dir(tmp_path: Path) -> None:
    """LDN_DESKTOP_DATA_DIR is used when --data-dir is not given."""
    data = tmp_path / "env-data"
    result = run_cli("patient", "add", "--name", "Env", env={"LDN_DESKTOP_DATA_DIR": str(data)})
    assert result.returncode == 0
    assert (data / "patients" / result.stdout.strip() / "patient.json").is_file()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["patient", "add", "--name", "   "], "Name"),
        (["patient", "add", "--name", "X", "--birth-date", "2999-01-01"], "future"),
        (["patient", "add", "--name", "X", "--birth-date", "yesterday"], "Birth date"),
        (["patient", "show", "nosuchid"], "no patient"),
        (["patient", "show", "../../etc"], "not a patient id"),
        (["patient", "add"], "--name"),
        (["patient", "frobnicate"], "invalid choice"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_writes_nothing(
    tmp_path: Path, args: list[str], needle: str
) -> None:
    """Bad input: exit status 2, one line naming the problem, no patient written."""
    data = tmp_path / "d"
    result = run_cli("--data-dir", str(data), *args)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert needle in lines[0]
    assert "Traceback" not in result.stderr
    assert not (data / "patients").exists()


def test_rename_archive_delete_cli(tmp_path: Path) -> None:
    """rename, archive and delete (to the trash, with --yes) from the command line."""
    data = str(tmp_path / "d")
    pid = run_cli("--data-dir", data, "patient", "add", "--name", "Old").stdout.strip()
    assert run_cli("--data-dir", data, "patient", "rename", pid, "--name", "New").returncode == 0
    assert run_cli("--data-dir", data, "patient", "archive", pid).returncode == 0
    active = json.loads(run_cli("--data-dir", data, "patient", "list", "--active", "--json").stdout)
    assert active == []
    refused = run_cli("--data-dir", data, "patient", "delete", pid)
    assert refused.returncode == 2
    assert run_cli("--data-dir", data, "patient", "delete", pid, "--yes").returncode == 0
    assert json.loads(run_cli("--data-dir", data, "patient", "list", "--json").stdout) == []
    assert any((tmp_path / "d" / "trash").iterdir())
