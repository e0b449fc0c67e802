"""The washout checker against reference washout.md §6 worked examples and §2.1/§5 rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.washout.check import check_washout, stop_before
from ldn_desktop.core.washout.model import (
    MedicationInput,
    Screening,
    Status,
    UrineScreen,
    WashoutRequest,
    WashoutResult,
)
from ldn_desktop.core.washout.times import parse_time_point


def at(text: str):  # type: ignore[no-untyped-def]
    return parse_time_point(text, "test")


def check(
    meds: list[MedicationInput],
    start: str,
    tz: str | None = None,
    screening: Screening | None = None,
) -> WashoutResult:
    return check_washout(WashoutRequest(tuple(meds), at(start), tz, screening or Screening()))


def med(name: str, last: str | None = None, **kw: object) -> MedicationInput:
    return MedicationInput(name, last=at(last) if last else None, **kw)  # type: ignore[arg-type]


# -- §6 worked examples ---------------------------------------------------------------------


def test_tc01_oxycodone_ir_date_only_start() -> None:
    result = check([med("oxycodone IR 5 mg", "2026-03-01T20:00")], "2026-03-06")
    assert result.status is Status.NOT_CLEAR
    assert result.earliest_start == datetime(2026, 3, 8, 20, 0)
    assert result.recommended_start == datetime(2026, 3, 11, 20, 0)
    assert result.planned_start == datetime(2026, 3, 6, 0, 0)
    assert result.drugs[0].washout_class == "SA"


def test_tc01_time_zone_variant_counts_elapsed_time_across_dst() -> None:
    result = check([med("oxycodone IR 5 mg", "2026-03-01T20:00")], "2026-03-06", "America/New_York")
    assert result.earliest_start is not None
    assert result.earliest_start.isoformat() == "2026-03-08T21:00:00-04:00"
    assert result.earliest_start.tzname() == "EDT"
    assert "21:00 EDT" in result.drugs[0].reason


def test_tc02_percocet_normalised_inclusive_boundary() -> None:
    result = check([med("  PERCOCET® 5/325 ", "2026-02-01T08:00")], "2026-02-08T08:00")
    drug = result.drugs[0]
    assert drug.matched is not None and "oxycodone" in drug.matched
    assert "acetaminophen" in drug.matched
    assert drug.earliest_start == datetime(2026, 2, 8, 8, 0)
    assert result.status is Status.CLEAR


def test_tc03_oxycontin_is_long_acting() -> None:
    result = check([med("OxyContin 20 mg", "2026-02-01T08:00")], "2026-02-08T08:00")
    assert result.status is Status.NOT_CLEAR
    assert result.earliest_start == datetime(2026, 2, 11, 8, 0)
    assert result.recommended_start == datetime(2026, 2, 15, 8, 0)


def test_tc13_unknown_never_clear() -> None:
    result = check([med("Zorbitol 10 mg", "2026-12-01T08:00")], "2026-12-20T08:00")
    assert result.status is Status.UNKNOWN_VERIFY
    assert result.drugs[0].matched is None
    assert result.earliest_start is None


# -- every class and status ------------------------------------------------------------------

LAST = "2026-01-01T08:00"


@pytest.mark.parametrize(
    ("name", "cls", "days", "status_after"),
    [
        ("Roxicodone", "SA", 7, Status.CLEAR),
        ("MS Contin", "LA", 10, Status.CLEAR),
        ("levorphanol", "LA", 10, Status.CLEAR),
        ("methadone", "MTD", 14, Status.CLEAR_VERIFY),
        ("Subutex", "BUP", 14, Status.CLEAR_VERIFY),
        ("heroin", "ILLICIT", 14, Status.CLEAR_VERIFY),
        ("M30", "ILLICIT", 14, Status.CLEAR_VERIFY),
        ("kratom", "UNREGULATED", 10, Status.CLEAR_VERIFY),
        ("tianeptine", "UNREGULATED", 10, Status.CLEAR_VERIFY),
        ("Darvocet", "LA", 10, Status.CLEAR),
        ("diamorphine", "SA", 7, Status.CLEAR),
    ],
)
def test_classes_with_a_washout(name: str, cls: str, days: int, status_after: Status) -> None:
    earliest = datetime(2026, 1, 1, 8, 0) + timedelta(days=days)
    exactly = check([med(name, LAST)], earliest.isoformat())
    one_minute_early = check([med(name, LAST)], (earliest - timedelta(minutes=1)).isoformat())
    assert exactly.drugs[0].washout_class == cls
    assert exactly.earliest_start == earliest
    assert exactly.status is status_after
    assert one_minute_early.status is Status.NOT_CLEAR
    assert "too early" in one_minute_early.drugs[0].reason


@pytest.mark.parametrize(
    ("name", "cls", "status"),
    [
        ("Imodium", "PERIPH", Status.CLEAR_WITH_FLAG),
        ("Lomotil", "PERIPH", Status.CLEAR_WITH_FLAG),
        ("Delsym", "NONOPIOID", Status.CLEAR),
        ("Narcan", "ANTAGONIST", Status.CLEAR_WITH_FLAG),
        ("Movantik", "ANTAGONIST", Status.CLEAR_WITH_FLAG),
        ("Contrave", "ANTAGONIST", Status.CLEAR_WITH_FLAG),
        ("Sublocade", "DEPOT", Status.REFER_SPECIALIST),
        ("Brixadi", "DEPOT", Status.REFER_SPECIALIST),
    ],
)
def test_classes_without_a_date(name: str, cls: str, status: Status) -> None:
    result = check([med(name, LAST)], "2026-01-02")
    assert (result.drugs[0].washout_class, result.drugs[0].status) == (cls, status)
    assert result.status is status


def test_depot_buprenorphine_refers_even_years_later() -> None:
    result = check([med("Sublocade", "2020-01-01")], "2026-01-01")
    assert result.status is Status.REFER_SPECIALIST
    assert result.earliest_start is None
    assert "specialist" in result.drugs[0].reason.lower()


def test_loperamide_label_dose_flag_but_misuse_is_long_acting() -> None:
    label = check([med("loperamide 2 mg", "2026-01-01T08:00")], "2026-01-02T08:00")
    misused = check([med("loperamide", "2026-01-01T08:00", misuse=True)], "2026-01-02T08:00")
    assert label.status is Status.CLEAR_WITH_FLAG
    assert misused.status is Status.NOT_CLEAR
    assert misused.drugs[0].washout_class == "LA"
    assert misused.earliest_start == datetime(2026, 1, 11, 8, 0)


def test_robitussin_ac_is_codeine_and_dm_is_dextromethorphan() -> None:
    ac = check([med("Robitussin AC", "2026-01-01T08:00")], "2026-01-03")
    dm = check([med("Robitussin DM", "2026-01-01T08:00")], "2026-01-03")
    assert ac.status is Status.NOT_CLEAR and ac.drugs[0].washout_class == "SA"
    assert "codeine" in (ac.drugs[0].matched or "")
    assert dm.status is Status.CLEAR and dm.drugs[0].washout_class == "NONOPIOID"
    assert "dextromethorphan" in (dm.drugs[0].matched or "")


def test_patch_still_on_is_not_clear_with_stop_plus_days() -> None:
    result = check([med("Duragesic 25 mcg/h", current=True)], "2026-06-01")
    drug = result.drugs[0]
    assert result.status is Status.NOT_CLEAR and drug.earliest_start is None
    assert "patch is still on" in drug.reason and "stop + 10 days" in drug.reason


def test_patch_anchor_is_removal() -> None:
    removed = MedicationInput("fentanyl patch", removed=at("2026-05-01T09:30"))
    result = check([removed], "2026-05-20")
    assert result.earliest_start == datetime(2026, 5, 11, 9, 30)
    assert "removal" in result.drugs[0].reason


def test_still_taking_generic() -> None:
    result = check([med("tramadol", current=True)], "2026-06-01")
    assert result.status is Status.NOT_CLEAR
    assert "still being taken" in result.drugs[0].reason


def test_no_last_dose_is_not_clear() -> None:
    result = check([med("methadone")], "2026-06-01")
    assert result.status is Status.NOT_CLEAR
    assert "no last dose" in result.drugs[0].reason


# -- formulation, combinations, dates ----------------------------------------------------------


def test_generic_without_formulation_assumed_extended_release() -> None:
    result = check([med("morphine", "2026-01-01T08:00")], "2026-01-09")
    assert result.drugs[0].washout_class == "LA"
    assert any("extended release" in n for n in result.drugs[0].notes)
    as_ir = check([MedicationInput("morphine", "ir", at("2026-01-01T08:00"))], "2026-01-09")
    assert as_ir.drugs[0].washout_class == "SA" and as_ir.status is Status.CLEAR


def test_brand_fixes_formulation_and_conflicting_hint_is_conservative() -> None:
    result = check([MedicationInput("Percocet", "er", at("2026-01-01T08:00"))], "2026-01-09")
    assert result.drugs[0].washout_class == "LA"
    assert any("disagree" in n for n in result.drugs[0].notes)


def test_combination_split_into_components() -> None:
    result = check([med("Suboxone 8/2", "2026-01-01T08:00")], "2026-01-20")
    drug = result.drugs[0]
    assert {c.washout_class for c in drug.components} == {"BUP", "ANTAGONIST"}
    assert drug.status is Status.CLEAR_VERIFY
    assert "Naloxone (rescue)" in [i.title for i in result.interactions]


def test_several_drugs_most_severe_and_latest_date() -> None:
    meds = [
        med("Percocet", "2026-01-01T08:00"),
        med("OxyContin", "2026-01-02T08:00"),
        med("Imodium", "2026-01-02T08:00"),
    ]
    result = check(meds, "2026-01-10T08:00")
    assert result.status is Status.NOT_CLEAR
    assert result.earliest_start == datetime(2026, 1, 12, 8, 0)
    assert result.recommended_start == datetime(2026, 1, 16, 8, 0)


def test_unknown_with_dated_drug_makes_earliest_a_lower_bound() -> None:
    result = check([med("Percocet", "2026-01-01T08:00"), med("Zorbitol")], "2026-02-01")
    assert result.status is Status.UNKNOWN_VERIFY
    assert result.earliest_start == datetime(2026, 1, 8, 8, 0)
    assert any("lower bound" in n for n in result.notes)


def test_date_only_last_dose_counts_as_2359() -> None:
    result = check([med("Roxicodone", "2026-01-01")], "2026-01-08T23:58")
    assert result.earliest_start == datetime(2026, 1, 8, 23, 59)
    assert result.status is Status.NOT_CLEAR
    assert check([med("Roxicodone", "2026-01-01")], "2026-01-09").status is Status.CLEAR


def test_dst_fall_back_is_elapsed_time() -> None:
    result = check([med("Roxicodone", "2026-10-30T20:00")], "2026-11-10", "America/New_York")
    assert result.earliest_start is not None
    assert result.earliest_start.isoformat() == "2026-11-06T19:00:00-05:00"


def test_ambiguous_and_skipped_local_times_are_read_conservatively() -> None:
    # 01:30 happens twice on 2026-11-01 in New York: the later (EST) reading is the anchor.
    twice = check([med("Roxicodone", "2026-11-01T01:30")], "2026-11-20", "America/New_York")
    assert twice.earliest_start is not None
    assert twice.earliest_start.isoformat() == "2026-11-08T01:30:00-05:00"
    # 02:30 does not exist on 2026-03-08: the later instant (07:30 UTC) is the anchor.
    skipped = check([med("Roxicodone", "2026-03-08T02:30")], "2026-03-20", "America/New_York")
    assert skipped.earliest_start is not None
    assert skipped.earliest_start.isoformat() == "2026-03-15T03:30:00-04:00"


def test_offset_times_need_a_zone() -> None:
    with pytest.raises(InputError) as info:
        check([med("Roxicodone", "2026-01-01T08:00+01:00")], "2026-01-09")
    assert info.value.field == "med"
    aware = check([med("Roxicodone", "2026-01-01T08:00+01:00")], "2026-01-09", "Europe/London")
    assert aware.earliest_start == datetime(2026, 1, 8, 7, 0, tzinfo=UTC)


def test_bad_zone_is_input_error() -> None:
    with pytest.raises(InputError, match="time zone") as info:
        check([], "2026-01-09", "Mars/Olympus")
    assert info.value.field == "tz"


# -- overrides, misspellings, interactions ---------------------------------------------------


@pytest.mark.parametrize(
    "screening",
    [
        Screening(urine_screen=UrineScreen.POSITIVE),
        Screening(withdrawal_now=True),
        Screening(naloxone_failed=True),
    ],
)
def test_overrides_make_the_whole_check_not_clear(screening: Screening) -> None:
    result = check([med("Percocet", "2025-01-01T08:00")], "2026-01-01", screening=screening)
    assert result.drugs[0].status is Status.CLEAR
    assert result.status is Status.NOT_CLEAR


def test_screen_answer_given_as_text_is_not_ignored() -> None:
    screening = Screening(urine_screen="positive")  # type: ignore[arg-type]
    assert screening.urine_screen is UrineScreen.POSITIVE
    result = check([med("Percocet", "2025-01-01T08:00")], "2026-01-01", screening=screening)
    assert result.status is Status.NOT_CLEAR
    with pytest.raises(ValueError):
        Screening(urine_screen="maybe")  # type: ignore[arg-type]


def test_negative_screen_never_shortens() -> None:
    plain = check([med("methadone", "2026-01-01T08:00")], "2026-01-05")
    negative = check(
        [med("methadone", "2026-01-01T08:00")],
        "2026-01-05",
        screening=Screening(urine_screen=UrineScreen.NEGATIVE),
    )
    assert negative.status is plain.status is Status.NOT_CLEAR
    assert negative.earliest_start == plain.earliest_start
    assert any("does not shorten" in n for n in negative.notes)


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("oxycodon", "oxycodone"),
        ("Percoset", "Percocet"),
        ("tramadole", "tramadol"),
        ("Oxycontine", "OxyContin"),
        ("robitussin", "Robitussin AC"),
    ],
)
def test_misspellings_are_suggested_never_matched(typed: str, suggested: str) -> None:
    result = check([med(typed, "2020-01-01")], "2026-01-01")
    assert result.status is Status.UNKNOWN_VERIFY
    assert suggested in result.drugs[0].suggestions


@pytest.mark.parametrize("typed", ["oxy", "tram", "trandolapril", "Oxytrol"])
def test_prefixes_and_lookalikes_are_unknown(typed: str) -> None:
    assert check([med(typed, "2020-01-01")], "2026-01-01").status is Status.UNKNOWN_VERIFY


def test_extra_unknown_word_caps_at_unknown_verify() -> None:
    result = check([med("Percocet zorbitol", "2020-01-01")], "2026-01-01")
    assert result.drugs[0].status is Status.UNKNOWN_VERIFY
    assert "zorbitol" in result.drugs[0].reason


def test_interactions_listed_with_severity() -> None:
    result = check([med("levothyroxine 50 mcg"), med("thioridazine")], "2026-01-01")
    severities = {i.title: i.severity for i in result.interactions}
    assert severities["Thioridazine"] == "moderate"
    assert severities["Levothyroxine / thyroid hormone (Hashimoto's)"] == "moderate"
    assert result.status is Status.CLEAR_WITH_FLAG
    assert check([med("acetaminophen")], "2026-01-01").status is Status.CLEAR


def test_every_result_has_reason_and_source() -> None:
    meds = [med(n, "2026-01-01") for n in ("Percocet", "Sublocade", "Zorbitol", "Imodium")]
    result = check(meds, "2026-02-01")
    for drug in result.drugs:
        assert drug.reason and "washout.md" in drug.source
    assert result.reason


def test_no_medication_needs_confirmation() -> None:
    result = check([], "2026-01-01")
    assert result.status is Status.CLEAR_VERIFY


# -- the reverse question --------------------------------------------------------------------


def test_stop_before_72_hours() -> None:
    result = stop_before(at("2026-05-10T08:00"))
    assert result.last_ldn_dose == datetime(2026, 5, 7, 8, 0)
    assert result.hold_hours == 72
    assert "§1.5" in result.source


def test_stop_before_date_only_and_dst() -> None:
    assert stop_before(at("2026-05-10")).last_ldn_dose == datetime(2026, 5, 7, 0, 0)
    across = stop_before(at("2026-03-10T12:00"), "America/New_York").last_ldn_dose
    assert across.isoformat() == "2026-03-07T11:00:00-05:00"


def test_overlong_name_is_refused_with_a_short_message() -> None:
    with pytest.raises(InputError) as info:
        check([med("x" * 5000)], "2026-01-01")
    assert info.value.field == "med" and len(str(info.value)) < 100
