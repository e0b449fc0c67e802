"""iCalendar, CSV and JSON exports of a schedule (issue #5), parsed back with real parsers."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, time, timedelta

import icalendar

from ldn_desktop.core.titration.changes import change_dose_time
from ldn_desktop.core.titration.dispensing import parse_strengths
from ldn_desktop.core.titration.export import runs, schedule_csv, schedule_ics, schedule_json
from ldn_desktop.core.titration.protocols import parse_steps, protocol_steps
from ldn_desktop.core.titration.reference import missed_dose_advice
from ldn_desktop.core.titration.schedule import DoseTime, build_schedule, make_plan
from ldn_desktop.core.titration.supply import CapsuleForm, default_liquid, dispense

START = date(2026, 12, 1)
NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _standard():
    plan = make_plan(START, protocol_steps("standard"), protocol="standard")
    return plan, build_schedule(plan, date(2027, 2, 28))


def _events(data: bytes):
    parsed = icalendar.Calendar.from_ical(data)
    return parsed, list(parsed.walk("VEVENT"))


def test_ics_has_an_event_per_dose_change_on_the_right_dates() -> None:
    plan, days = _standard()
    parsed, events = _events(schedule_ics(plan, days, patient_id="P7", now=NOW))
    assert parsed["VERSION"] == "2.0" and "LDN Desktop" in str(parsed["PRODID"])
    assert [e.decoded("DTSTART") for e in events] == [START, date(2026, 12, 15), date(2026, 12, 29)]
    assert [str(e["SUMMARY"]) for e in events] == [
        "LDN: start 1.5 mg at bedtime",
        "LDN: new dose 3 mg at bedtime",
        "LDN: new dose 4.5 mg at bedtime",
    ]
    assert all(e.decoded("DTEND") - e.decoded("DTSTART") == timedelta(days=1) for e in events)
    assert len({str(e["UID"]) for e in events}) == 3
    assert all(e.decoded("DTSTAMP") == NOW for e in events)
    assert missed_dose_advice().short in str(events[0]["DESCRIPTION"])
    # the open last step reads as the page and the CLI say it ("from … on"), not "and on"
    assert str(events[2]["DESCRIPTION"]).startswith(
        "Naltrexone (LDN) 4.5 mg once a day at bedtime, from 29 Dec 2026 on. "
    )
    assert "from 1 Dec 2026 to 14 Dec 2026. " in str(events[0]["DESCRIPTION"])


def test_ics_daily_reminders_repeat_for_each_dose() -> None:
    plan, days = _standard()
    _, events = _events(schedule_ics(plan, days, reminders=True, now=NOW))
    reminders = [e for e in events if "RRULE" in e]
    assert [e.decoded("DTSTART") for e in reminders] == [
        datetime.combine(START, time(22)),
        datetime(2026, 12, 15, 22),
        datetime(2026, 12, 29, 22),
    ]
    assert [e["RRULE"].get("COUNT") for e in reminders] == [[14], [14], None]  # last goes on
    assert str(reminders[1]["SUMMARY"]) == "Take LDN 3 mg"
    assert all(len(list(e.walk("VALARM"))) == 1 for e in reminders)


def test_ics_dose_time_change_and_finite_plan() -> None:
    plan = make_plan(START, parse_steps("1mg:7,2mg:7"))
    plan, _ = change_dose_time(plan, date(2026, 12, 4), DoseTime.MORNING)
    days = build_schedule(plan, date(2027, 12, 31))
    _, events = _events(schedule_ics(plan, days, reminders=True, now=NOW))
    changes = [e for e in events if "RRULE" not in e]
    assert [str(e["SUMMARY"]) for e in changes] == [
        "LDN: start 1 mg at bedtime",
        "LDN: take 1 mg in the morning from today",
        "LDN: new dose 2 mg in the morning",
    ]
    reminders = [e for e in events if "RRULE" in e]
    assert reminders[1].decoded("DTSTART") == datetime(2026, 12, 4, 8)
    assert [e["RRULE"]["COUNT"] for e in reminders] == [[3], [4], [7]]


def test_runs_group_equal_doses() -> None:
    _, days = _standard()
    assert [(r.first, r.last) for r in runs(days)] == [
        (START, date(2026, 12, 14)),
        (date(2026, 12, 15), date(2026, 12, 28)),
        (date(2026, 12, 29), date(2027, 2, 28)),
    ]


def test_csv_of_days() -> None:
    _, days = _standard()
    rows = list(
        csv.DictReader(io.StringIO(schedule_csv(days, CapsuleForm(parse_strengths("1.5,3,4.5")))))
    )
    assert len(rows) == 90
    assert rows[0] == {
        "date": "2026-12-01",
        "day": "1",
        "dose_mg": "1.5",
        "dose": "1.5 mg",
        "dose_time": "bedtime",
        "new_dose": "yes",
        "take": "1 × 1.5 mg capsule",
        "capsules_1.5_mg": "1",
        "capsules_3_mg": "0",
        "capsules_4.5_mg": "0",
    }
    assert rows[14]["dose"] == "3 mg" and rows[14]["new_dose"] == "yes"
    assert rows[-1]["date"] == "2027-02-28" and rows[-1]["capsules_4.5_mg"] == "1"


def test_csv_leaves_capsules_blank_when_a_dose_cannot_be_made() -> None:
    plan = make_plan(START, protocol_steps("gentle"))
    rows = list(
        csv.DictReader(
            io.StringIO(
                schedule_csv(build_schedule(plan, START), CapsuleForm(parse_strengths("1.5")))
            )
        )
    )
    assert rows[0]["dose"] == "0.5 mg" and rows[0]["capsules_1.5_mg"] == ""
    assert rows[0]["take"] == "cannot be made from these capsules"


def test_csv_of_a_liquid_plan_gives_millilitres_per_day() -> None:
    """Issue 11: a liquid plan's CSV says how many mL each day, not capsules."""
    plan = make_plan(START, parse_steps("0.5mg:2,2.25mg:2,4.5mg"))
    days = build_schedule(plan, START + timedelta(days=4))
    rows = list(csv.DictReader(io.StringIO(schedule_csv(days, default_liquid()))))
    # 2.25 mL is drawn as 2.3 mL with a syringe read to 0.1 mL (the compounding label's rule)
    assert [r["ml"] for r in rows] == ["0.5", "0.5", "2.3", "2.3", "4.5"]
    assert rows[2]["take"] == "2.3 mL"
    assert not any(k.startswith("capsules_") for k in rows[0])


def test_json_shape() -> None:
    plan, days = _standard()
    data = schedule_json(
        plan, days[:30], dispense(days[:30], CapsuleForm(parse_strengths("1.5,3,4.5")))
    )
    assert {"days", "steps", "dispense"} <= set(data)
    assert data["days"][0] == {
        "date": "2026-12-01",
        "dose_mg": 1.5,
        "capsules": {"1.5": 1, "3": 0, "4.5": 0},
    }
    assert data["days"][14]["dose_mg"] == 3 and isinstance(data["days"][14]["dose_mg"], int)
    assert data["dispense"] == {"1.5": 14, "3": 14, "4.5": 2}
    assert [s["dose"] for s in data["steps"]] == ["1.5 mg", "3 mg", "4.5 mg"]
    assert data["steps"][-1]["last"] is None and data["steps"][0]["last"] == "2026-12-14"
