"""The washout → titration start decision (core.titration.titration_start, issue 11)."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration import StartVerdict, titration_start
from ldn_desktop.core.washout import (
    MedicationInput,
    Screening,
    Status,
    TimePoint,
    UrineScreen,
    WashoutAssessment,
    WashoutRequest,
    assessment_from_json,
    assessment_of,
    check_washout,
    request_to_json,
    result_to_json,
)

TODAY = date(2026, 12, 3)


def _assessment(status: Status = Status.CLEAR, **extra: object) -> WashoutAssessment:
    values: dict[str, object] = {
        "earliest_start": datetime(2026, 12, 4, 20, 0),
        "recommended_start": datetime(2026, 12, 7, 20, 0),
        "planned_start": datetime(2026, 12, 6),
    }
    values.update(extra)
    return WashoutAssessment(status, **values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "assessment",
    [
        _assessment(Status.NOT_CLEAR),
        _assessment(Status.UNKNOWN_VERIFY),
        _assessment(Status.REFER_SPECIALIST, earliest_start=None, recommended_start=None),
        _assessment(positive_screen=True),
        _assessment(withdrawal_now=True),
        _assessment(naloxone_failed=True),
        _assessment(current_use=("methadone",)),
    ],
)
def test_blocks(assessment: WashoutAssessment) -> None:
    answer = titration_start(assessment, today=TODAY)
    assert answer.verdict is StartVerdict.BLOCKED and answer.blocked_because
    assert not answer.can_save
    assert "Not saved" in answer.refusal()
    overridden = titration_start(assessment, today=TODAY, override_reason="specialist agreed")
    assert overridden.verdict is StartVerdict.BLOCKED and overridden.can_save


@pytest.mark.parametrize(
    ("planned", "earliest", "expected"),
    [
        (datetime(2026, 11, 1), datetime(2026, 11, 20, 8, 0), TODAY),  # both in the past
        (datetime(2026, 12, 1), datetime(2026, 12, 4, 20, 0), date(2026, 12, 5)),
        (datetime(2026, 12, 1), datetime(2026, 12, 5, 0, 0), date(2026, 12, 5)),
        (datetime(2026, 12, 20), datetime(2026, 12, 4, 20, 0), date(2026, 12, 20)),
        (datetime(2026, 12, 20), None, date(2026, 12, 20)),
    ],
)
def test_default_start_is_never_in_the_past(
    planned: datetime, earliest: datetime | None, expected: date
) -> None:
    assessment = _assessment(planned_start=planned, earliest_start=earliest)
    answer = titration_start(assessment, today=TODAY)
    assert answer.default_start == expected == answer.start
    assert answer.default_start >= TODAY
    assert answer.verdict is StartVerdict.ALLOWED


def test_no_washout_backdated_and_early_starts_need_a_reason() -> None:
    none = titration_start(None, today=TODAY)
    assert none.verdict is StartVerdict.NEEDS_REASON and none.start == TODAY
    assert "no washout check" in none.refusal()
    past = titration_start(_assessment(), today=TODAY, start=date(2026, 12, 1))
    assert past.verdict is StartVerdict.NEEDS_REASON
    assert any("in the past" in r for r in past.reason_needed_because)
    early = titration_start(_assessment(), today=TODAY, start=TODAY)
    assert any("before the washout's earliest start (5 Dec 2026)" in r for r in early.problems)
    assert titration_start(None, today=TODAY, override_reason="history confirmed").can_save


def test_warnings_for_verify_and_before_the_recommended_start() -> None:
    answer = titration_start(_assessment(Status.CLEAR_VERIFY), today=TODAY, start=date(2026, 12, 6))
    assert answer.verdict is StartVerdict.ALLOWED
    assert any("confirm" in w for w in answer.warnings)
    assert any("recommended start (8 Dec 2026)" in w for w in answer.warnings)


@pytest.mark.parametrize("start", [date(9999, 12, 31), date(2028, 1, 1), date(1999, 1, 1)])
def test_implausible_starts_are_refused(start: date) -> None:
    with pytest.raises(InputError, match="check the year"):
        titration_start(None, today=TODAY, start=start)


def test_live_and_saved_assessments_give_the_same_answer() -> None:
    request = WashoutRequest(
        (
            MedicationInput("methadone", last=TimePoint(datetime(2026, 11, 28, 22, 0))),
            MedicationInput("oxycodone", current=True),
        ),
        TimePoint(datetime(2026, 12, 3), date_only=True),
        screening=Screening(UrineScreen.POSITIVE),
    )
    result = check_washout(request)
    live = assessment_of(request, result)
    saved = assessment_from_json(request_to_json(request), result_to_json(result))
    assert live == saved
    assert live.current_use == ("oxycodone",) and live.positive_screen
    assert titration_start(live, today=TODAY) == titration_start(saved, today=TODAY)


def test_not_clear_says_when_to_check_again() -> None:
    answer = titration_start(_assessment(Status.NOT_CLEAR), today=TODAY)
    assert "check again with a planned start on or after 5 Dec 2026" in answer.refusal()
