"""Files written on request (PDF, CSV, .ics) carry patient data: created 0600, even under umask 022."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ldn_desktop.cli import main


def test_exported_files_are_private(tmp_path: Path) -> None:
    """schedule --pdf/--csv/--ics and log export --csv write 0600 files."""
    old = os.umask(0o022)
    try:
        out = tmp_path / "out"
        out.mkdir()
        data = str(tmp_path / "data")
        assert (
            main(
                [
                    "schedule",
                    "--protocol",
                    "standard",
                    "--start",
                    "2026-12-01",
                    "--pdf",
                    str(out / "c.pdf"),
                    "--csv",
                    str(out / "c.csv"),
                    "--ics",
                    str(out / "c.ics"),
                ]
            )
            == 0
        )
        assert main(["--data-dir", data, "patient", "add", "--name", "Private"]) == 0
        patient = next((tmp_path / "data" / "patients").iterdir()).name
        assert (
            main(
                [
                    "--data-dir",
                    data,
                    "log",
                    "add",
                    "--patient",
                    patient,
                    "--symptom",
                    "headache",
                    "--severity",
                    "2",
                    "--at",
                    "2026-01-05",
                ]
            )
            == 0
        )
        assert (
            main(
                [
                    "--data-dir",
                    data,
                    "log",
                    "export",
                    "--patient",
                    patient,
                    "--csv",
                    str(out / "log.csv"),
                ]
            )
            == 0
        )
    finally:
        os.umask(old)
    files = sorted(out.iterdir())
    assert [f.name for f in files] == ["c.csv", "c.ics", "c.pdf", "log.csv"]
    for path in files:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path.name
    assert (out / "c.pdf").read_bytes().startswith(b"%PDF")
