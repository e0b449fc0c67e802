"""A last dose (or patch removal) later than the check itself: a stop still to come.

Entered as a planned stop, or a slip in the year, the check used to answer "Minimum interval met"
for a patient still taking the opioid, and say nothing about it. Status and dates stay those of
the entered times (washout.md §5: reproducible outputs, the same answer whenever the check is
run); the medication is flagged, its reason says it is still being taken and the dates hold only
if that is the last dose, the headline says so, and a titration start from that check warns.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from ldn_desktop.core.titration.start import StartVerdict, titration_start
from ldn_desktop.core.washout import (
    MedicationInput,
    Screening,
    Status,
    TimePoint,
    WashoutRequest,
    assessment_from_json,
    assessment_of,
    check_washout,
    headline,
    request_to_json,
    result_to_json,
)
from ldn_desktop.core.washout.times import parse_time_point

NY = "America/New_York"
# 3 Dec 2026 19:30 in New York (EST, UTC-5)
CHECKED = datetime(2026, 12, 4, 0, 30, tzinfo=UTC)


def at(text: str) -> TimePoint:
    return parse_time_point(text, "test")


def check(
    med: MedicationInput, start: str, tz: str | None = NY, checked: datetime | None = CHECKED
):  # type: ignore[no-untyped-def]
    request = WashoutRequest((med,), at(start), tz, Screening(), checked_at=checked)
    return request, check_washout(request)


def test_a_timed_last_dose_after_the_check_is_flagged() -> None:
    med = MedicationInput("morphine", form="ir", last=at("2026-12-05T22:00"))
    _, result = check(med, "2026-12-20")
    (drug,) = result.drugs
    # the dates and the status of the entered times: SA, 7 days (10 advised) after 5 Dec 22:00
    assert result.status is Status.CLEAR
    assert result.earliest_start is not None
    assert result.earliest_start.isoformat() == "2026-12-12T22:00:00-05:00"
    assert drug.after_check
    assert (
        "The last dose is after this check (3 Dec 2026 19:30 EST), so it is still being taken: "
        "these dates hold only if it is the last one." in drug.reason
    )
    assert headline(result).endswith("(only once the last dose entered has been taken)")


def test_too_early_and_after_the_check() -> None:
    med = MedicationInput("morphine", form="ir", last=at("2026-12-05T22:00"))
    _, result = check(med, "2026-12-08")
    (drug,) = result.drugs
    assert result.status is Status.NOT_CLEAR and drug.after_check
    assert "too early" in drug.reason and "still being taken" in drug.reason


@pytest.mark.parametrize(
    ("checked", "flagged"),
    [
        (datetime(2026, 12, 6, 3, 1, tzinfo=UTC), False),  # 5 Dec 22:01 EST: taken
        (datetime(2026, 12, 6, 3, 0, tzinfo=UTC), False),  # at the very minute: taken
        (datetime(2026, 12, 6, 2, 59, tzinfo=UTC), True),  # a minute before
    ],
)
def test_the_moment_of_the_check_decides_the_flag_only(checked: datetime, flagged: bool) -> None:
    med = MedicationInput("morphine", form="ir", last=at("2026-12-05T22:00"))
    _, result = check(med, "2026-12-20", checked=checked)
    assert result.drugs[0].after_check is flagged
    _, at_entry = check(med, "2026-12-20")
    assert (result.status, result.earliest_start, result.recommended_start) == (
        at_entry.status,
        at_entry.earliest_start,
        at_entry.recommended_start,
    )


def test_a_date_alone_is_compared_as_a_day() -> None:
    """A date-only last dose counts as 23:59 for the interval, but the day of the check is not a
    day to come: only from the next day on is it flagged."""
    today = MedicationInput("morphine", form="ir", last=at("2026-12-03"))
    assert not check(today, "2026-12-20")[1].drugs[0].after_check
    tomorrow = MedicationInput("morphine", form="ir", last=at("2026-12-04"))
    assert check(tomorrow, "2026-12-20")[1].drugs[0].after_check


def test_a_check_without_a_time_zone_reads_the_wall_clock() -> None:
    med = MedicationInput("oxycodone", form="ir", last=at("2026-12-10T08:00"))
    _, result = check(med, "2026-12-30", tz=None, checked=datetime(2026, 12, 3, 19, 30))
    assert result.drugs[0].after_check
    assert "after this check (3 Dec 2026 19:30)" in result.drugs[0].reason


def test_a_patch_removed_after_the_check_is_still_on() -> None:
    med = MedicationInput("Duragesic", last=at("2026-12-01T08:00"), removed=at("2026-12-05T08:00"))
    (drug,) = check(med, "2026-12-30")[1].drugs
    assert drug.after_check and "The removal is after this check" in drug.reason
    assert "the patch is still on" in drug.reason


def test_a_patch_applied_today_may_still_be_on() -> None:
    """Only the application is known: the removal is estimated as application + wear time
    (72 h for fentanyl), which is after the check, so the patch may still be on."""
    med = MedicationInput("Duragesic", last=at("2026-12-03T08:00"))
    (drug,) = check(med, "2026-12-30")[1].drugs
    assert drug.after_check and "the patch may still be on" in drug.reason


def test_a_past_dose_is_not_flagged_and_reads_as_before() -> None:
    med = MedicationInput("morphine", form="ir", last=at("2026-11-20T22:00"))
    (drug,) = check(med, "2026-12-20")[1].drugs
    assert not drug.after_check and "after this check" not in drug.reason


def test_the_check_defaults_to_now() -> None:
    """The front ends leave ``checked_at`` empty: the core reads the clock itself, so the page
    and the CLI cannot disagree about it."""
    soon = datetime.now(UTC) + timedelta(days=2)
    last = TimePoint(soon.replace(second=0, microsecond=0))
    start = at((soon + timedelta(days=20)).date().isoformat())
    future = check_washout(WashoutRequest((MedicationInput("morphine", last=last),), start, "UTC"))
    assert future.drugs[0].after_check
    past = TimePoint((datetime.now(UTC) - timedelta(days=2)).replace(second=0, microsecond=0))
    done = check_washout(WashoutRequest((MedicationInput("morphine", last=past),), start, "UTC"))
    assert not done.drugs[0].after_check


def test_json_carries_the_flag() -> None:
    med = MedicationInput("morphine", form="ir", last=at("2026-12-05T22:00"))
    assert result_to_json(check(med, "2026-12-20")[1])["drugs"][0]["after_check"] is True
    med = MedicationInput("morphine", form="ir", last=at("2026-11-05T22:00"))
    assert result_to_json(check(med, "2026-12-20")[1])["drugs"][0]["after_check"] is False


def test_the_titration_start_warns_live_and_saved() -> None:
    """The Washout page's hand-over (live) and the CLI / Titration page (saved) alike."""
    med = MedicationInput("morphine", form="ir", last=at("2026-12-05T22:00"))
    request, result = check(med, "2026-12-20")
    live = assessment_of(request, result)
    saved = assessment_from_json(request_to_json(request), result_to_json(result))
    for assessment in (live, saved):
        assert assessment.stop_to_come == ("morphine",)
        decision = titration_start(assessment, start=date(2026, 12, 20), today=date(2026, 12, 3))
        assert decision.verdict is StartVerdict.ALLOWED
        assert any(
            "last dose still to come when it was checked (morphine)" in w for w in decision.warnings
        )
    old = result_to_json(result)
    del old["drugs"][0]["after_check"]  # a check saved before the flag existed
    assert assessment_from_json(request_to_json(request), old).stop_to_come == ()


def test_the_card_and_the_printout_qualify_the_medications_date() -> None:
    """``drug_earliest`` is what the Washout page's card and the printed summary show."""
    from ldn_desktop.core.washout import drug_earliest

    med = MedicationInput("morphine", form="ir", last=at("2026-12-05T22:00"))
    (drug,) = check(med, "2026-12-20")[1].drugs
    assert drug_earliest(drug) == (
        "earliest 12 Dec 2026 22:00 EST (only once the last dose entered has been taken)"
    )
    med = MedicationInput("morphine", form="ir", last=at("2026-11-05T22:00"))
    (drug,) = check(med, "2026-12-20")[1].drugs
    assert drug_earliest(drug) == "earliest 12 Nov 2026 22:00 EST"
