"""A compounding record is released for a batch already made: its date is not after today.

The beyond-use date counts from the compounding date (USP <795>, compounding.md §7.1), so a date
typed a year ahead (2027 for 2026) gave a label whose BUD was a year late, and was released
without a word. A calculation may still be dated ahead (planning a batch); a release may not.
Both front ends build the draft through ``capsule_record_draft`` / ``liquid_record_draft``.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from ldn_desktop.core.compounding.capsules import calculate_capsule_batch
from ldn_desktop.core.compounding.drafts import (
    RecordDetails,
    capsule_record_draft,
    liquid_record_draft,
)
from ldn_desktop.core.compounding.inputs import ApiSource, CapsuleBatchInput, MeasuredFill
from ldn_desktop.core.compounding.liquid import LiquidInput, calculate_liquid
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import Q_

TODAY = date(2026, 12, 3)
DETAILS = RecordDetails(preparer="AB", checker="CD")


def capsules(on: date):  # type: ignore[no-untyped-def]
    return calculate_capsule_batch(
        CapsuleBatchInput(
            strength=Q_("1.5", "mg"),
            quantity=30,
            source=ApiSource(Decimal("0.995")),
            method=MeasuredFill(Q_(240, "mg")),
            compounded_on=on,
        )
    )


def liquid(on: date):  # type: ignore[no-untyped-def]
    return calculate_liquid(LiquidInput(Q_(1, "mg/mL"), Q_(30, "mL"), compounded_on=on))


@pytest.mark.parametrize("make", [capsules, liquid])
@pytest.mark.parametrize("ahead", [1, 365])
def test_a_date_after_today_is_not_released(make, ahead: int) -> None:  # type: ignore[no-untyped-def]
    on = TODAY + timedelta(days=ahead)
    batch = make(on)  # calculating a batch dated ahead is allowed: planning
    assert batch.beyond_use.bud > on
    draft = capsule_record_draft if make is capsules else liquid_record_draft
    with pytest.raises(InputError) as refused:
        draft(batch, DETAILS, today=TODAY)
    assert refused.value.field == "date"
    assert str(refused.value) == (
        f"Compounding date: {on.day} {on:%b} {on.year} is after today (3 Dec 2026). A record is "
        "released for a batch already made, and its beyond-use date counts from this date: "
        "check the date."
    )


@pytest.mark.parametrize("make", [capsules, liquid])
@pytest.mark.parametrize("back", [0, 1, 40])
def test_today_and_earlier_days_are_released(make, back: int) -> None:  # type: ignore[no-untyped-def]
    on = TODAY - timedelta(days=back)
    draft = capsule_record_draft if make is capsules else liquid_record_draft
    assert draft(make(on), DETAILS, today=TODAY).compounded_on == on


def test_today_defaults_to_the_clock() -> None:
    tomorrow = date.today() + timedelta(days=1)
    with pytest.raises(InputError, match="is after today"):
        capsule_record_draft(capsules(tomorrow), DETAILS)
    assert capsule_record_draft(capsules(date.today()), DETAILS).compounded_on == date.today()


# -- a batch already past its beyond-use date ------------------------------------------------------


@pytest.mark.parametrize("make", [capsules, liquid])
def test_a_release_past_the_bud_carries_a_do_not_dispense_warning(make) -> None:  # type: ignore[no-untyped-def]
    """Documenting an old batch stays possible (records are kept), but the record says plainly
    that the batch is not to be dispensed; the day of the BUD itself is still in date."""
    batch = make(TODAY - timedelta(days=400))
    bud = batch.beyond_use.bud
    draft = (capsule_record_draft if make is capsules else liquid_record_draft)(
        batch, DETAILS, today=TODAY
    )
    expected = (
        f"The beyond-use date ({bud.day} {bud:%b} {bud.year}) had passed when this record was "
        "released (3 Dec 2026): do not dispense this batch; check the compounding date (§7.1)."
    )
    assert expected in draft.report.warnings
    in_date = (capsule_record_draft if make is capsules else liquid_record_draft)(
        batch, DETAILS, today=bud
    )
    assert not any("had passed" in w for w in in_date.report.warnings)


def test_the_label_of_a_batch_past_its_bud_says_do_not_dispense() -> None:
    """At every printing (a reprint months later too), against the day it is printed."""
    from ldn_desktop.core.compounding.report_build import capsule_report
    from ldn_desktop.reports.render_compounding import render_label

    report = capsule_report(capsules(date(2026, 3, 1)))  # BUD 28 Aug 2026
    stamped = render_label(report, today=date(2026, 8, 29))
    assert "BUD PASSED (28 Aug 2026): DO NOT DISPENSE" in stamped
    assert "DO NOT DISPENSE" not in render_label(report, today=date(2026, 8, 28))
