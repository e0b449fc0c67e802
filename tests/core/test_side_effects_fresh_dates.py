"""Dates of the side-effect log are shown the one way (``3 Dec 2026``) whatever the locale.

The window runs with the user's locale (QApplication calls ``setlocale(LC_ALL, "")`` on Unix), and
``%b`` then follows it: under French the summary, the report and the night warning said
``3 déc. 2026`` while the CLI and the rest of the program say ``3 Dec 2026`` (``core.dates``).
"""

from __future__ import annotations

from pathlib import Path

from tests.locale_support import run_in_french

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


def test_log_dates_do_not_follow_the_locale(french_locale: Path) -> None:
    day, warning, line = run_in_french(french_locale, PROBE)
    assert day == "3 Feb 2026"
    assert "The night of 3 Dec 2026 already has side effects logged" in warning
    assert line.startswith("dose not recorded, 3 Dec 2026 – 3 Dec 2026:")
    assert "(from 3 Dec 2026, the first night logged)" in line
