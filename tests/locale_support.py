"""Running a snippet of Python under a French locale, whatever locales the machine has installed.

The window runs with the user's locale (QApplication calls ``setlocale(LC_ALL, "")`` on Unix), so
``strftime('%b')`` and Qt's ``MMM`` follow it: a date written that way says ``déc.`` under French
while the CLI and the rest of the program say ``Dec`` (``core.dates``). Tests that guard against
that compile fr_FR into a temporary folder (``LOCPATH``) and run their probe in a child process.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCES = Path("/usr/share/i18n/locales/fr_FR")
_KEEP = ("PATH", "HOME", "PYTHONPATH", "VIRTUAL_ENV", "LDN_DESKTOP_CACHE_DIR", "TMPDIR")


def compile_french(where: Path) -> Path:
    """fr_FR.UTF-8 compiled under ``where`` (skips the test when the machine cannot)."""
    localedef = shutil.which("localedef")
    if localedef is None or not SOURCES.exists():
        pytest.skip("localedef or the fr_FR locale sources are not available")
    subprocess.run(
        [localedef, "-i", "fr_FR", "-f", "UTF-8", str(where / "fr_FR.UTF-8")],
        check=False,
        capture_output=True,
    )
    if not (where / "fr_FR.UTF-8").exists():
        pytest.skip("could not compile the fr_FR locale")
    return where


def run_in_french(locales: Path, probe: str, **extra_env: str) -> list[str]:
    """Run ``probe`` with ``python -c`` under fr_FR.UTF-8; its stdout lines."""
    env = {k: v for k, v in os.environ.items() if k in _KEEP}
    env.update(LOCPATH=str(locales), LC_ALL="fr_FR.UTF-8", LANG="fr_FR.UTF-8", **extra_env)
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()
