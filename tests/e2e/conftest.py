"""Fixtures of the command-line tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ldn_desktop.cli import main


@pytest.fixture
def patient(capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    """A patient added with ``patient add`` in ``data_dir`` (its id)."""
    code = main(["--data-dir", str(data_dir), "patient", "add", "--name", "Ann Lee"])
    out, _ = capsys.readouterr()
    assert code == 0
    return out.strip()
