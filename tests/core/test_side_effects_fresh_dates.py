"""Dates of the side-effect log are shown the one way (``3 Dec 2026``) whatever the locale.

The window runs with the user's locale (QApplication calls ``setlocale(LC_ALL, "")`` on Unix), and
``%b`` then follows it: under French the summary, the report and the night warning said
``3 déc. 2026`` while the CLI and the rest of the program say ``3 Dec 2026`` (``core.dates``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SOURCES = Path("/usr/share/i18n/locales/fr_FR")

PROBE = """
import locale
from datetime import UTC, date, datetime
locale.setlocale(locale.LC_ALL, "")
assert locale.setlocale(locale.LC_TIME).startswith("fr_FR"), locale.setlocale(locale.LC_TIME)
from ldn_desktop.core.side_effects import LogEntry, format_day, night_warning, summarise
at = datetime(2026, 12, 3, 22, 0, tzinfo=UTC)
saved = [LogEntry("a", at, "headache", 4)]
print(format_day(date(2026, 2, 3)))
print(night_warning(saved, LogEntry("b", at, "no side effects", 0)))
print(summarise(saved)[0].line)
"""


@pytest.fixture(scope="module")
def french_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A French locale compiled into a temporary folder (LOCPATH), so the test does not depend
    on which locales the machine has installed."""
    localedef = shutil.which("localedef")
    if localedef is None or not SOURCES.exists():
        pytest.skip("localedef or the fr_FR locale sources are not available")
    where = tmp_path_factory.mktemp("locales")
    subprocess.run(
        [localedef, "-i", "fr_FR", "-f", "UTF-8", str(where / "fr_FR.UTF-8")],
        check=False,
        capture_output=True,
    )
    if not (where / "fr_FR.UTF-8").exists():
        pytest.skip("could not compile the fr_FR locale")
    return where


def test_log_dates_do_not_follow_the_locale(french_locale: Path) -> None:
    env = {"LOCPATH": str(french_locale), "LC_ALL": "fr_FR.UTF-8", "LANG": "fr_FR.UTF-8"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env={**_base_env(), **env},
        check=False,
    )
    assert done.returncode == 0, done.stderr
    day, warning, line = done.stdout.splitlines()
    assert day == "3 Feb 2026"
    assert "The night of 3 Dec 2026 already has side effects logged" in warning
    assert line.startswith("dose not recorded, 3 Dec 2026 – 3 Dec 2026:")
    assert "(from 3 Dec 2026, the first night logged)" in line


def _base_env() -> dict[str, str]:
    import os

    keep = ("PATH", "HOME", "PYTHONPATH", "VIRTUAL_ENV", "LDN_DESKTOP_CACHE_DIR")
    return {k: v for k, v in os.environ.items() if k in keep}
