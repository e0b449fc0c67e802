"""Patches given only with their last application, and misuse of an opioid (issue 11)."""

from __future__ import annotations

from datetime import datetime

import pytest

from ldn_desktop.core.washout import (
    MedicationInput,
    Status,
    TimePoint,
    WashoutRequest,
    check_washout,
    shipped_reference,
)

START = TimePoint(datetime(2026, 4, 30), date_only=True)
APPLIED = TimePoint(datetime(2026, 3, 1, 8, 0))


def _check(med: MedicationInput, start: TimePoint = START):  # type: ignore[no-untyped-def]
    return check_washout(WashoutRequest((med,), start))


@pytest.mark.parametrize(
    ("name", "form", "earliest"),
    [
        ("Duragesic", None, datetime(2026, 3, 14, 8, 0)),  # + 72 h wear + 10 days
        ("fentanyl", "patch", datetime(2026, 3, 14, 8, 0)),
        ("Matrifen", None, datetime(2026, 3, 14, 8, 0)),
        ("Butrans", None, datetime(2026, 3, 22, 8, 0)),  # + 7 days wear + 14 days
        ("buprenorphine", "patch", datetime(2026, 3, 22, 8, 0)),
    ],
)
def test_a_last_application_counts_the_wear_time(
    name: str, form: str | None, earliest: datetime
) -> None:
    result = _check(MedicationInput(name, form, last=APPLIED))
    assert result.earliest_start == earliest
    assert result.status is Status.CLEAR_VERIFY  # an estimate: confirm
    assert "removal time" in result.drugs[0].reason
    assert "DailyMed" in result.drugs[0].reason  # the wear time's source
    # before the estimated earliest start: not clear
    early = _check(MedicationInput(name, form, last=APPLIED), TimePoint(earliest.replace(hour=0)))
    assert early.status is Status.NOT_CLEAR


def test_a_removal_time_is_used_as_given() -> None:
    removed = TimePoint(datetime(2026, 3, 2, 8, 0))
    result = _check(MedicationInput("Duragesic", removed=removed, last=APPLIED))
    assert result.earliest_start == datetime(2026, 3, 12, 8, 0)
    assert result.status is Status.CLEAR


def test_wear_times_are_data_with_a_source() -> None:
    entries = shipped_reference().entries
    assert entries["fentanyl_transdermal"].patch_wear_hours == 72
    assert entries["buprenorphine"].patch_wear_hours == 7 * 24
    for entry in entries.values():
        if entry.patch_wear_hours:
            assert "prescribing information" in entry.patch_wear_source


@pytest.mark.parametrize(
    ("name", "form"),
    [
        ("oxycodone", "ir"),
        ("morphine", "er"),
        ("hydromorphone", None),
        ("tramadol", "ir"),
        ("Percocet 5/325", None),
        ("codeine", "ir"),
        ("kratom", None),
        ("loperamide", None),
        ("Imodium", None),
    ],
)
def test_misuse_of_an_opioid_is_never_plain_clear(name: str, form: str | None) -> None:
    last = TimePoint(datetime(2026, 1, 1, 8, 0))
    result = _check(MedicationInput(name, form, last=last, misuse=True))
    assert result.status.severity >= Status.CLEAR_VERIFY.severity
    assert result.drugs[0].status.severity >= Status.CLEAR_VERIFY.severity


def test_misuse_of_a_non_opioid_changes_nothing() -> None:
    last = TimePoint(datetime(2026, 1, 1, 8, 0))
    result = _check(MedicationInput("ibuprofen", last=last, misuse=True))
    assert result.drugs[0].status in (Status.CLEAR, Status.UNKNOWN_VERIFY)
