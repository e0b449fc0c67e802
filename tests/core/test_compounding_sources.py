"""Tablet and trituration sources, fillers, beyond-use dates and liquids (§4, §6.3, §7, §9)."""

from __future__ import annotations

import math
from datetime import date
from decimal import Decimal

import pytest

from ldn_desktop.core.compounding.beyond_use import beyond_use_date, parse_expiry
from ldn_desktop.core.compounding.capsules import calculate_capsule_batch
from ldn_desktop.core.compounding.inputs import (
    ApiSource,
    Balance,
    CapsuleBatchInput,
    ComponentExpiry,
    LiquidInput,
    MeasuredFill,
    TabletSource,
    TriturationSource,
)
from ldn_desktop.core.compounding.liquid import calculate_liquid
from ldn_desktop.core.compounding.reference import compounding_reference
from ldn_desktop.core.compounding.report_build import liquid_report
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import Q_

D = Decimal
REF = compounding_reference()
MARCH_1 = date(2026, 3, 1)


def batch_input(**changes: object) -> CapsuleBatchInput:
    values: dict[str, object] = {
        "strength": Q_("1.5", "mg"),
        "quantity": 30,
        "source": TabletSource(Q_(50, "mg"), 2, Q_("501.2", "mg")),
        "extra": 2,
        "method": MeasuredFill(Q_(240, "mg")),
        "compounded_on": MARCH_1,
    }
    values.update(changes)
    return CapsuleBatchInput(**values)  # type: ignore[arg-type]


def test_tablet_powder_uses_the_intact_tablet_weight() -> None:
    """§4.2: c = n × L / W_tabs = 100 / 501.2; powder per capsule = D / c."""
    batch = calculate_capsule_batch(batch_input())
    assert math.isclose(batch.potency, 100 / 501.2, rel_tol=1e-12)
    assert math.isclose(batch.drug_per_capsule_mg, 1.5 * 501.2 / 100, rel_tol=1e-9)
    assert math.isclose(batch.filler_per_capsule_mg, 240 - 7.518, rel_tol=1e-9)
    tablets = batch.tablets
    assert tablets is not None
    assert (tablets.needed, tablets.recommended, tablets.used) == (1, 2, 2)
    assert tablets.margin_mg == 52  # 100 mg in 2 tablets − 48 mg needed
    assert not any("spare" in w for w in batch.warnings)


def test_too_few_tablets_is_an_input_error_naming_the_tablets() -> None:
    with pytest.raises(InputError) as caught:
        calculate_capsule_batch(batch_input(strength=Q_("4.5", "mg")))
    assert caught.value.field == "tablets"
    assert "crush at least 4 tablets" in str(caught.value)


def test_no_spare_tablet_is_warned() -> None:
    source = TabletSource(Q_(50, "mg"), 3, Q_("751.8", "mg"))
    batch = calculate_capsule_batch(batch_input(strength=Q_("4.5", "mg"), source=source))
    assert batch.tablets is not None and batch.tablets.needed == 3
    assert any("crush 4 tablets" in w for w in batch.warnings)


def test_tablets_cannot_weigh_less_than_their_drug() -> None:
    with pytest.raises(InputError) as caught:
        TabletSource(Q_(50, "mg"), 2, Q_(90, "mg"))
    assert caught.value.field == "tablets_weight"


def test_stock_trituration() -> None:
    """§6.3: a = D × SF / c_t; c_t = 0.0995 mg naltrexone HCl per mg of mix."""
    batch = calculate_capsule_batch(
        batch_input(strength=Q_("4.5", "mg"), source=TriturationSource(D("0.0995")))
    )
    assert math.isclose(batch.drug_per_capsule_mg, 4.5 / 0.0995, rel_tol=1e-12)
    assert batch.tablets is None


@pytest.mark.parametrize(
    ("filler", "words"),
    [
        ("calcium-carbonate", "absorption"),
        ("hpmc-e4m", "Slow-release"),
        ("hpmc-k100", "Slow-release"),
    ],
)
def test_filler_warnings(filler: str, words: str) -> None:
    batch = calculate_capsule_batch(
        batch_input(source=ApiSource(D("0.995")), filler=filler, method=MeasuredFill())
    )
    assert any(words in w for w in batch.warnings)


def test_chart_fill_weight_is_used_and_flagged_when_none_is_measured() -> None:
    batch = calculate_capsule_batch(batch_input(method=MeasuredFill(), capsule_size="3"))
    assert batch.fill_weight_mg == 130  # MCC, size 3 (§1.2)
    assert any("filler chart" in w for w in batch.warnings)


def test_capsule_bud_is_180_days_capped_by_the_earliest_expiry() -> None:
    assert calculate_capsule_batch(batch_input()).beyond_use.bud == date(2026, 8, 28)
    expiries = (
        ComponentExpiry("API", date(2026, 12, 31)),
        ComponentExpiry("filler", date(2026, 7, 31)),
    )
    batch = calculate_capsule_batch(batch_input(expiries=expiries))
    assert batch.beyond_use.bud == date(2026, 7, 31)
    assert batch.beyond_use.limited_by == expiries[1]
    assert any("limited to the filler expiry" in w for w in batch.warnings)


def test_an_expired_component_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        calculate_capsule_batch(batch_input(expiries=(ComponentExpiry("API", date(2026, 3, 1)),)))
    assert caught.value.field == "api_expiry"


@pytest.mark.parametrize(
    ("key", "days", "bud"),
    [
        ("nonaqueous-solid", 180, date(2026, 8, 28)),
        ("nonaqueous-oral-liquid", 90, date(2026, 5, 30)),
        ("preserved-aqueous", 35, date(2026, 4, 5)),
        ("nonpreserved-aqueous", 14, date(2026, 3, 15)),
    ],
)
def test_usp_795_categories(key: str, days: int, bud: date) -> None:
    category = REF.bud_categories[key]
    assert category.days == days
    assert beyond_use_date(MARCH_1, category).bud == bud


def test_expiry_parsing() -> None:
    assert parse_expiry("2026-07", field="api_expiry") == date(2026, 7, 31)
    assert parse_expiry("2028-02", field="api_expiry") == date(2028, 2, 29)
    assert parse_expiry("2026-07-15", field="api_expiry") == date(2026, 7, 15)
    for bad in ("2026-13", "31/07/2026", "soon", "2026-02-30"):
        with pytest.raises(InputError):
            parse_expiry(bad, field="api_expiry")


def test_liquid_from_tablets() -> None:
    """§4.3: one 50 mg tablet in 50 mL → 1 mg/mL; 4.5 mg = 4.5 mL; non-preserved: 14 days, fridge."""
    liquid = calculate_liquid(LiquidInput(Q_(1, "mg/mL"), Q_(50, "mL"), compounded_on=MARCH_1))
    assert liquid.drug_mg == 50
    assert liquid.tablets_needed == 1 and liquid.tablets_exact == 1
    assert dict(liquid.dose_table)[D("4.5")] == D("4.5")
    assert [float(d) for d, _ in liquid.dose_table] == [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5]
    assert liquid.beyond_use.bud == date(2026, 3, 15)
    assert "refrigerator" in liquid.storage


def test_liquid_partial_tablet_suggests_a_whole_tablet_volume() -> None:
    liquid = calculate_liquid(LiquidInput(Q_(1, "mg/mL"), Q_(30, "mL"), compounded_on=MARCH_1))
    assert liquid.tablets_exact == D("0.6") and liquid.tablets_needed == 1
    assert liquid.whole_tablet_volume_ml == 50
    # whole tablets are part of the instruction, not a trailing warning (issue 11)
    steps = liquid_report(liquid).steps
    assert any("make up to 50 mL" in s and "dispense 30 mL" in s for s in steps)
    assert not any("whole tablet" in w for w in liquid.warnings)


def test_preserved_liquid_from_api_powder() -> None:
    liquid = calculate_liquid(
        LiquidInput(
            Q_(1, "mg/mL"),
            Q_(100, "mL"),
            source=ApiSource(D("0.995")),
            preserved=True,
            compounded_on=MARCH_1,
        )
    )
    assert liquid.powder_mg is not None
    assert math.isclose(liquid.powder_mg, 100 / 0.995, rel_tol=1e-12)
    assert liquid.tablets_needed is None
    assert liquid.beyond_use.bud == date(2026, 4, 5)
    assert math.isclose(dict(liquid.dose_table)[D("1.5")], 1.5)
    with_half = calculate_liquid(
        LiquidInput(Q_("0.5", "mg/mL"), Q_(100, "mL"), compounded_on=MARCH_1)
    )
    assert dict(with_half.dose_table)[D("4.5")] == 9


def test_liquid_limits() -> None:
    with pytest.raises(InputError) as caught:
        LiquidInput(Q_(200, "mg/mL"), Q_(50, "mL"))
    assert caught.value.field == "concentration"
    with pytest.raises(InputError):
        LiquidInput(Q_(1, "mg/mL"), Q_(50, "mL"), preserved=True, nonaqueous=True)


def test_tablets_weighed_below_the_minimum_weight_are_flagged() -> None:
    source = TabletSource(Q_(50, "mg"), 1, Q_(110, "mg"))
    batch = calculate_capsule_batch(
        batch_input(
            strength=Q_("0.5", "mg"), source=source, extra=None, balance=Balance("class-iii")
        )
    )
    assert any("intact tablets (110 mg)" in w for w in batch.warnings)
    assert not any("intact tablets" in w for w in calculate_capsule_batch(batch_input()).warnings)


def test_liquid_api_below_the_minimum_weight_says_how_much_to_make() -> None:
    """30 mL at 1 mg/mL from 99.5 % API: 30.15 mg to weigh, below the default balance's 82 mg
    (USP <41>, 2000 × 0.041 mg). The warning names the smallest whole-mL batch whose weighing
    reaches it: 30 × 82 / 30.1508 = 81.6 → 82 mL, weighing 82 / 0.995 = 82.41 mg."""
    liquid = calculate_liquid(
        LiquidInput(Q_(1, "mg/mL"), Q_(30, "mL"), source=ApiSource(D("0.995")))
    )
    assert liquid.min_weighable_mg == 82
    (warning,) = [w for w in liquid.warnings if "minimum weight" in w]
    assert warning == (
        "The API to weigh (30.15 mg) is below the balance's minimum weight (82 mg): make at "
        "least 82 mL (weigh 82.41 mg) and dispense 30 mL, or use a liquid aliquot."
    )
    bigger = calculate_liquid(
        LiquidInput(Q_(1, "mg/mL"), Q_(82, "mL"), source=ApiSource(D("0.995")))
    )
    assert bigger.powder_mg is not None and bigger.powder_mg >= bigger.min_weighable_mg
    assert not any("minimum weight" in w for w in bigger.warnings)
    assert (
        calculate_liquid(  # 81 mL is one too few
            LiquidInput(Q_(1, "mg/mL"), Q_(81, "mL"), source=ApiSource(D("0.995")))
        ).powder_mg
        < 82
    )


def test_the_crushing_step_counts_one_tablet_as_one() -> None:
    """ "Weigh the 1 intact tablets, crush them" read wrong on the worksheet."""
    from ldn_desktop.core.compounding.report_build import capsule_report

    one = calculate_capsule_batch(
        batch_input(source=TabletSource(Q_(50, "mg"), 1, Q_("420", "mg")), extra=0)
    )
    assert (
        capsule_report(one)
        .steps[0]
        .startswith(
            "Weigh the 1 tablet intact, crush it to a fine powder (1 needed at least, 2 to allow"
        )
    )
    two = capsule_report(calculate_capsule_batch(batch_input()))
    assert two.steps[0].startswith("Weigh the 2 tablets intact, crush them to a fine powder")


def test_a_one_capsule_batch_says_capsule() -> None:
    from ldn_desktop.core.compounding import ApiSource
    from ldn_desktop.core.compounding.report_build import capsule_report

    report = capsule_report(
        calculate_capsule_batch(
            batch_input(source=ApiSource(Decimal("0.995")), quantity=1, extra=0)
        )
    )
    assert report.summary.startswith("1 capsule made (1 prescribed + 0)")
    assert report.quantity_label == "1 capsule"
    assert "Fill 1 size 1 capsule completely." in report.steps
    assert any(s.startswith("Record the yield: 1 capsule theoretical") for s in report.steps)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-07", date(2026, 7, 31)),
        ("Jul 2026", date(2026, 7, 31)),
        ("July 2026", date(2026, 7, 31)),
        ("feb 2028", date(2028, 2, 29)),
        ("2026-07-15", date(2026, 7, 15)),
        ("15 Jul 2026", date(2026, 7, 15)),
        ("Jul 15, 2026", date(2026, 7, 15)),
    ],
)
def test_expiry_reads_months_and_dates_as_people_write_them(typed: str, expected: date) -> None:
    """An expiry is read by the program's one date reader (what the record shows can be typed
    back), plus the month forms printed on containers (their last day)."""
    assert parse_expiry(typed, field="api_expiry") == expected


@pytest.mark.parametrize(
    "typed", ["07/2026", "31/07/2026", "07/31/2026", "2026-13", "Jux 2026", ""]
)
def test_expiry_refuses_what_it_cannot_read_without_guessing(typed: str) -> None:
    with pytest.raises(InputError, match=r"API expiry: .* is not a date; type it as"):
        parse_expiry(typed, field="api_expiry", label="API expiry")
