"""Washout times, the titration history and the printed calendar are written the one way (``3 Dec 2026 22:00``)
whatever the locale.

Under French, ``strftime('%b')`` made the washout result say ``3 déc. 2026 22:00``: the checker's
own parser then refused the text it had shown as the start, the default planned start on the form
was already "bad input", and the plan history said ``déc.`` while the CLI said ``Dec``.
"""

from __future__ import annotations

from pathlib import Path

from tests.locale_support import run_in_french

CORE_PROBE = """
import locale
from datetime import datetime
from zoneinfo import ZoneInfo
locale.setlocale(locale.LC_ALL, "")
assert locale.setlocale(locale.LC_TIME).startswith("fr_FR"), locale.setlocale(locale.LC_TIME)
from ldn_desktop.core.washout import parse_time_point, people, point_people
from ldn_desktop.core.washout.times import clock_change_note
new_york = ZoneInfo("America/New_York")
print(people(datetime(2026, 12, 3, 22, 0)))
print(people(datetime(2026, 12, 3, 22, 0, tzinfo=new_york)))
typed = parse_time_point("2026-12-03T22:05:09+01:00", "last dose")
shown = point_people(typed)
print(shown)
print(point_people(parse_time_point(shown, "last dose")) == shown)
print(point_people(parse_time_point("2026-02-03", "start")))
print(clock_change_note(parse_time_point("2026-11-01T01:30", "last dose"), new_york,
                        "last dose", later=False))
"""

QT_PROBE = """
import locale
from datetime import UTC, date, datetime
from PySide6.QtWidgets import QApplication
app = QApplication([])
assert locale.setlocale(locale.LC_TIME).startswith("fr_FR"), locale.setlocale(locale.LC_TIME)
from ldn_desktop.core.dates import format_day
from ldn_desktop.core.titration import Change, make_plan, protocol_steps
from ldn_desktop.storage.titration import PlanVersion
from ldn_desktop.ui.titration.history_panel import HistoryBox
from ldn_desktop.ui.washout.screening import ScreeningForm
form = ScreeningForm()
print(form.start.editor.text() == format_day(date.today()))
print(form.start.value() is not None)
plan = make_plan(date(2026, 12, 3), protocol_steps("standard"), protocol="standard")
version = PlanVersion(1, datetime(2026, 12, 3, 12, 0, tzinfo=UTC), "Dr A", "",
                      Change("new", "new plan"), plan)
box = HistoryBox()
box.set_versions([version])
print(box.table.item(0, 1).text())
from ldn_desktop.core.titration import build_schedule, window_end
from ldn_desktop.reports.render_titration import CalendarHeader, render_calendar
header = CalendarHeader("Jane", "P7", "Dr A", "555", "Pharmacy", "1 St", "556")
html = render_calendar(plan, build_schedule(plan, window_end(plan.start, 40)), header)
print("December 2026" in html and "January 2027" in html and "cembre" not in html)
"""


def test_washout_times_do_not_follow_the_locale(french_locale: Path) -> None:
    naive, aware, shown, round_trip, date_only, note = run_in_french(french_locale, CORE_PROBE)
    assert naive == "3 Dec 2026 22:00"
    assert aware == "3 Dec 2026 22:00 EST"
    assert shown == "3 Dec 2026 22:05:09 +01:00"
    assert round_trip == "True"  # what the checker shows, it reads back
    assert date_only == "3 Feb 2026"
    assert "1 Nov 2026" in note and "nov." not in note


def test_window_dates_do_not_follow_the_locale(french_locale: Path) -> None:
    default_is_people_style, default_is_accepted, when, calendar_in_english = run_in_french(
        french_locale, QT_PROBE, QT_QPA_PLATFORM="offscreen"
    )
    assert default_is_people_style == "True"
    assert default_is_accepted == "True"  # the form does not open on an error
    assert when.startswith("3 Dec 2026 "), when
    assert calendar_in_english == "True"  # the printed month headings (was 'décembre 2026')
