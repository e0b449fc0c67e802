"""Entries and their validation (issue 6): limits, symptoms, doses, the night an entry belongs to."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta, timezone

import pytest

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects.entries import (
    LogEntry,
    make_entry,
    night_of,
    no_side_effects_entry,
    parse_dose_taken,
    parse_dose_time,
    parse_entry_time,
    parse_severity,
    parse_sleep_hours,
    parse_sleep_quality,
    with_changes,
)
from ldn_desktop.core.side_effects.symptoms import (
    NO_SIDE_EFFECTS,
    Symptom,
    resolve_symptom,
    shipped_symptoms,
    validate_custom_symptom,
)
from ldn_desktop.core.units.quantities import Q_

NOW = datetime(2026, 3, 10, 22, 0, tzinfo=timezone(timedelta(hours=1)))
SYMPTOMS = shipped_symptoms()


def test_shipped_list_is_the_issue_list_with_a_source() -> None:
    labels = [s.label for s in SYMPTOMS]
    assert labels == [
        "vivid dreams",
        "nightmares",
        "trouble falling asleep",
        "waking in the night",
        "early waking",
        "insomnia",  # issue 13: the word patients and the seeds use
        "headache",
        "nausea",
        "diarrhoea",
        "fatigue",
        "anxiety or irritability",
        "other",
    ]
    assert next(s for s in SYMPTOMS if s.label == "other").needs_detail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Vivid dreams", ("vivid dreams", "")),
        ("  early   waking ", ("early waking", "")),
        ("none", (NO_SIDE_EFFECTS, "")),
        ("No side effects", (NO_SIDE_EFFECTS, "")),
        ("other: restless legs", ("other", "restless legs")),
    ],
)
def test_resolve_symptom(text: str, expected: tuple[str, str]) -> None:
    assert resolve_symptom(text, SYMPTOMS) == expected


@pytest.mark.parametrize("text", ["dizzy", "other", "other:  ", ""])
def test_unknown_symptom_or_other_without_text_is_refused(text: str) -> None:
    with pytest.raises(InputError) as caught:
        resolve_symptom(text, SYMPTOMS)
    assert caught.value.field == "symptom"


def test_custom_symptom_joins_the_list() -> None:
    custom = validate_custom_symptom("  Restless   LEGS ", SYMPTOMS)
    assert custom == Symptom("restless legs", custom=True)
    assert resolve_symptom("restless legs", (*SYMPTOMS, custom)) == ("restless legs", "")
    with pytest.raises(InputError, match="already"):
        validate_custom_symptom("Headache", SYMPTOMS)


@pytest.mark.parametrize(("text", "value"), [("0", 0), ("4", 4), (" 10 ", 10), (7, 7)])
def test_severity_accepts_0_to_10(text: str | int, value: int) -> None:
    assert parse_severity(text) == value


@pytest.mark.parametrize("text", ["11", "-1", "4.5", "four", "", "100"])
def test_severity_outside_0_to_10_is_refused(text: str) -> None:
    with pytest.raises(InputError, match="Severity") as caught:
        parse_severity(text)
    assert caught.value.field == "severity"


@pytest.mark.parametrize(
    ("text", "value"), [("6.5", 6.5), ("0", 0.0), ("24", 24.0), ("7,25", 7.25), ("", None)]
)
def test_sleep_hours(text: str, value: float | None) -> None:
    assert parse_sleep_hours(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [("7:30", 7.5), ("7h30", 7.5), ("7 h 30", 7.5), ("7h", 7.0), ("6:20", 6.33), ("0:45", 0.75),
     ("24:00", 24.0), ("7H05", 7.08)],
)  # fmt: skip
def test_sleep_hours_as_hours_and_minutes(text: str, value: float) -> None:
    """People write a night's sleep as 7:30 or 7h30 as often as 7.5: one reader for the form,
    the table's cells and log add."""
    assert parse_sleep_hours(text) == value


@pytest.mark.parametrize("text", ["7:60", "7:5", "24:30", "25h", "7h30m15", "h30", "7::30"])
def test_hours_and_minutes_that_are_not_a_time_are_refused(text: str) -> None:
    with pytest.raises(
        InputError, match=r"Sleep hours: .*(write it as 6.5 or 6:30|between 0 and 24)"
    ):
        parse_sleep_hours(text)


@pytest.mark.parametrize("text", ["24.5", "-1", "25", "lots", "nan", "inf"])
def test_sleep_hours_outside_0_to_24_are_refused(text: str) -> None:
    with pytest.raises(InputError, match="Sleep hours"):
        parse_sleep_hours(text)


@pytest.mark.parametrize(("text", "ok"), [("1", True), ("5", True), ("0", False), ("6", False)])
def test_sleep_quality_1_to_5(text: str, ok: bool) -> None:
    if ok:
        assert parse_sleep_quality(text) == int(text)
    else:
        with pytest.raises(InputError, match="Sleep quality"):
            parse_sleep_quality(text)
    assert parse_sleep_quality("") is None


def test_dose_taken_missed_or_unknown() -> None:
    dose, missed = parse_dose_taken("1.5mg")
    assert dose == Q_(1.5, "mg") and not missed
    assert parse_dose_taken("1500 mcg")[0] == Q_(1.5, "mg")
    assert parse_dose_taken("Missed") == (None, True)
    assert parse_dose_taken("") == (None, False)
    for bad in ("60 mg", "2 tsp", "lots", "0 mg"):
        with pytest.raises(InputError, match="Dose"):
            parse_dose_taken(bad)


def test_dose_time() -> None:
    assert parse_dose_time("22:30") == time(22, 30)
    assert parse_dose_time("") is None
    with pytest.raises(InputError, match="Dose time"):
        parse_dose_time("half ten")


def test_entry_time_not_more_than_a_day_ahead() -> None:
    assert parse_entry_time("2026-03-11T21:59+01:00", NOW) == datetime(
        2026, 3, 11, 21, 59, tzinfo=timezone(timedelta(hours=1))
    )
    with pytest.raises(InputError, match="more than a day in the future") as caught:
        parse_entry_time("2026-03-11T22:01+01:00", NOW)
    assert caught.value.field == "at"
    with pytest.raises(InputError):
        parse_entry_time("1979-12-31T22:00+00:00", NOW)
    with pytest.raises(InputError, match="not a date"):
        parse_entry_time("yesterday", NOW)


def test_date_only_means_that_evening_in_local_time() -> None:
    at = parse_entry_time("2026-03-01", NOW)
    assert (at.date(), at.hour, at.tzinfo is not None) == (date(2026, 3, 1), 21, True)


@pytest.mark.parametrize(
    ("hour", "night"), [(0, date(2026, 3, 4)), (11, date(2026, 3, 4)), (12, date(2026, 3, 5))]
)
def test_morning_entries_belong_to_the_night_before(hour: int, night: date) -> None:
    assert night_of(datetime(2026, 3, 5, hour, 30, tzinfo=UTC)) == night


def test_make_entry_and_no_side_effects_action() -> None:
    entry = make_entry(
        at=NOW.replace(microsecond=123),
        symptom="vivid dreams",
        severity=4,
        now=NOW,
        sleep_hours=6.5,
        sleep_quality=3,
        dose=Q_(1.5, "mg"),
        note=" woke twice ",
    )
    assert entry.at.microsecond == 0 and entry.note == "woke twice"
    assert entry.dose_text == "1.5 mg" and len(entry.id) == 32
    quiet = no_side_effects_entry(NOW, NOW, sleep_hours=8)
    assert (quiet.symptom, quiet.severity, quiet.is_symptom) == (NO_SIDE_EFFECTS, 0, False)


def test_invalid_combinations_are_refused() -> None:
    with pytest.raises(InputError, match="severity 0"):
        make_entry(at=NOW, symptom=NO_SIDE_EFFECTS, severity=3, now=NOW)
    with pytest.raises(InputError, match="missed"):
        make_entry(
            at=NOW, symptom="nausea", severity=1, now=NOW, dose=Q_(1, "mg"), dose_missed=True
        )
    with pytest.raises(InputError, match="Note"):
        make_entry(at=NOW, symptom="nausea", severity=1, now=NOW, note="x" * 2001)


def test_edit_keeps_the_id_and_is_validated() -> None:
    entry = make_entry(at=NOW, symptom="headache", severity=2, now=NOW)
    edited = with_changes(entry, NOW, severity=5)
    assert (edited.id, edited.severity) == (entry.id, 5)
    with pytest.raises(InputError):
        with_changes(entry, NOW, severity=11)
    with pytest.raises(InputError):
        with_changes(entry, NOW, at=NOW + timedelta(days=2))


def test_dose_text_in_ismp_notation() -> None:
    base = LogEntry(id="a", at=NOW, symptom="nausea", severity=1)
    assert base.dose_text == ""
    assert (
        LogEntry(id="a", at=NOW, symptom="x", severity=1, dose=Q_(0.5, "mg")).dose_text == "0.5 mg"
    )
    assert LogEntry(id="a", at=NOW, symptom="x", severity=1, dose=Q_(3.0, "mg")).dose_text == "3 mg"
    assert LogEntry(id="a", at=NOW, symptom="x", severity=1, dose_missed=True).dose_text == "missed"


def test_an_entry_time_out_of_range_is_named_in_the_people_style() -> None:
    from datetime import datetime

    from ldn_desktop.core.side_effects.times import parse_entry_time

    now = datetime(2026, 12, 3, 12, 0).astimezone()
    with pytest.raises(InputError) as future:
        parse_entry_time("2999-01-01T22:00", now)
    assert "1 Jan 2999 22:00 is more than a day in the future" in str(future.value)
    with pytest.raises(InputError) as past:
        parse_entry_time("1979-05-01 22:00", now)
    assert "1 May 1979 is before 1980" in str(past.value)


@pytest.mark.parametrize("text", ["none", "No side effects", "a:b", "x", "y" * 61])
def test_a_name_that_could_not_be_chosen_again_is_refused(text: str) -> None:
    """'none' means a night without side effects and ':' starts the description of 'other: …':
    a symptom named so could never be chosen from the list."""
    with pytest.raises(InputError):
        validate_custom_symptom(text, SYMPTOMS)


@pytest.mark.parametrize(
    ("saved", "field"),
    [  # stored as storage accepts them; what is typed today meets stricter rules
        ({"note": "woke \x1b[31mearly\x07"}, "note"),
        ({"dose": Q_(6, "mg")}, "dose"),
    ],
)
def test_an_edit_is_checked_on_what_it_changes(saved: dict, field: str) -> None:
    """What was saved and is not touched stays as saved: an old entry whose note has a control
    character, or whose dose is above today's log range, can still have its severity put right
    (it was refused, naming the field the user had not touched)."""
    entry = LogEntry(id="e2abcdefgh", at=NOW - timedelta(days=400), symptom="headache",
                     severity=3, **saved)  # fmt: skip
    kept = with_changes(entry, NOW, severity=4)
    assert kept.severity == 4 and getattr(kept, field) == getattr(entry, field)
    with pytest.raises(InputError, match="Note"):
        with_changes(entry, NOW, note="new \x1b[0m")  # what is typed is checked
    with pytest.raises(InputError, match="Dose"):
        with_changes(entry, NOW, dose=Q_(6, "mg"), dose_missed=False)
    with pytest.raises(InputError, match="missed"):
        with_changes(replace(entry, dose=Q_(1, "mg")), NOW, dose_missed=True)


def test_an_edit_of_the_symptom_checks_the_severity_with_it() -> None:
    entry = make_entry(at=NOW, symptom="headache", severity=2, now=NOW)
    with pytest.raises(InputError, match="severity 0"):
        with_changes(entry, NOW, symptom=NO_SIDE_EFFECTS)  # severity 2 kept: refused
    assert with_changes(entry, NOW, symptom=NO_SIDE_EFFECTS, severity=0).severity == 0
