"""Dispensing counts for several strength sets (issue #5), liquid volumes (reference §4.3)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, strategies as st

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.dispensing import (
    capsules_for_dose,
    parse_strengths,
    strength_key,
    supply_window,
)
from ldn_desktop.core.titration.protocols import parse_steps, protocol_steps
from ldn_desktop.core.titration.schedule import build_schedule, make_plan, mg
from ldn_desktop.core.titration.supply import (
    CapsuleForm,
    LiquidForm,
    default_liquid,
    dispense,
    dose_supply,
    propose_strength,
)
from ldn_desktop.core.titration.supply_text import dispensing_lines, problem_lines, take_text
from ldn_desktop.core.units.quantities import Q_, format_quantity

DEFAULT = "1.5,3,4.5"


def capsule_supply(days, strengths):
    return dispense(days, CapsuleForm(tuple(strengths)))


def liquid_supply(days, concentration):
    return dispense(days, LiquidForm(concentration))


@pytest.mark.parametrize(
    ("dose", "strengths", "expected"),
    [
        ("1.5", DEFAULT, {"1.5": 1, "3": 0, "4.5": 0}),
        ("3", DEFAULT, {"1.5": 0, "3": 1, "4.5": 0}),
        ("4.5", DEFAULT, {"1.5": 0, "3": 0, "4.5": 1}),
        ("6", DEFAULT, {"1.5": 0, "3": 2, "4.5": 0}),  # 2 capsules, one strength beats two
        ("4.5", "1.5", {"1.5": 3}),  # only 1.5 mg made
        ("3", "1.5", {"1.5": 2}),
        ("4.5", "1.5,3", {"1.5": 1, "3": 1}),
        ("3", "0.5,1", {"0.5": 0, "1": 3}),
        ("2.5", "0.5,1", {"0.5": 1, "1": 2}),
        ("4.5", "0.5,1,1.5,3,4.5", {"0.5": 0, "1": 0, "1.5": 0, "3": 0, "4.5": 1}),
        ("4", "1.5,2,2.5", {"1.5": 0, "2": 2, "2.5": 0}),
        ("3.5", "0.5,1,1.5", {"0.5": 1, "1": 0, "1.5": 2}),  # tie of 3 capsules: larger ones
        ("0.25", "0.25,4.5", {"0.25": 1, "4.5": 0}),
    ],
)
def test_capsules_for_one_dose(dose, strengths, expected) -> None:
    assert capsules_for_dose(mg(dose), parse_strengths(strengths)) == expected


def test_a_dose_that_cannot_be_made_is_reported() -> None:
    with pytest.raises(InputError) as refused:
        capsules_for_dose(mg("0.5"), parse_strengths(DEFAULT))
    assert str(refused.value) == (
        "strengths: 0.5 mg cannot be made from 1.5 mg, 3 mg, 4.5 mg capsules; add a 0.5 mg "
        "strength or dispense a liquid."
    )


def _first_days(key: str, days: int, start=date(2026, 12, 1), target=None):
    plan = make_plan(start, protocol_steps(key, target))
    first, last = supply_window(start, days)
    return build_schedule(plan, last, first)


@pytest.mark.parametrize(
    ("key", "days", "strengths", "expected"),
    [
        ("standard", 30, DEFAULT, {"1.5": 14, "3": 14, "4.5": 2}),
        ("standard", 60, DEFAULT, {"1.5": 14, "3": 14, "4.5": 32}),
        ("standard", 90, DEFAULT, {"1.5": 14, "3": 14, "4.5": 62}),
        ("standard", 30, "1.5", {"1.5": 14 + 28 + 6}),
        ("standard", 90, "1.5", {"1.5": 14 + 28 + 62 * 3}),
        ("standard", 60, "1.5,3", {"1.5": 14 + 32, "3": 14 + 32}),
        # 3 mg = 1 + 2 mg, 4 mg = 2 × 2 mg
        ("weekly", 30, "1,2,4.5", {"1": 14, "2": 28, "4.5": 2}),
        # 2 mg = 2 × 1 mg, 2.5 = 1.5 + 1, 3.5 = 2 × 1.5 + 0.5, 4 = 2 × 1.5 + 1, 4.5 = 3 × 1.5
        ("gentle", 60, "0.5,1,1.5", {"0.5": 14, "1": 35, "1.5": 68}),
    ],
)
def test_supply_counts(key, days, strengths, expected) -> None:
    supply = capsule_supply(_first_days(key, days), parse_strengths(strengths))
    assert supply.capsules == expected
    assert supply.days == days


def test_gentle_with_the_default_strengths_names_what_cannot_be_made() -> None:
    """Issue 11: Gentle with the default strengths is dispensed anyway; the doses no capsule
    makes are named with their days, and a strength and the 1 mg/mL liquid are proposed."""
    supply = capsule_supply(_first_days("gentle", 30), parse_strengths(DEFAULT))
    # 1 Dec-30 Dec: 0.5, 1, 1.5, 2 mg × 7 days, 2.5 mg × 2 days
    assert supply.capsules == {"1.5": 7, "3": 0, "4.5": 0}
    assert [(format_quantity(d.supply.dose), d.days) for d in supply.cannot_make] == [
        ("0.5 mg", 7),
        ("1 mg", 7),
        ("2 mg", 7),
        ("2.5 mg", 2),
    ]
    assert supply.proposal is not None
    assert format_quantity(supply.proposal.strength) == "0.5 mg"
    # 0.5 = 0.5; 1 = 2 × 0.5; 1.5; 2 = 1.5 + 0.5; 2.5 = 1.5 + 2 × 0.5
    assert supply.proposal.strength_capsules == {
        "0.5": 7 + 14 + 7 + 4,
        "1.5": 7 + 7 + 2,
        "3": 0,
        "4.5": 0,
    }
    # 7 × (0.5 + 1 + 1.5 + 2) + 2 × 2.5 = 40 mg at 1 mg/mL
    assert format_quantity(supply.proposal.liquid_volume) == "40 mL"
    text = " ".join(problem_lines(supply))
    assert (
        "Cannot be made from 1.5 mg, 3 mg and 4.5 mg capsules: 0.5 mg (7 days from 1 Dec 2026)"
        in text
    )
    assert "Add a 0.5 mg strength" in text and "40 mL of 1 mg/mL oral liquid" in text


@pytest.mark.parametrize(
    ("key", "strengths", "proposed"),
    [
        ("gentle", DEFAULT, "0.5"),
        ("weekly", DEFAULT, "1"),  # 1, 2 = 2 × 1, 4 = 3 + 1
        ("weekly", "1.5", "1"),
        ("gentle", "3", "0.5"),
        ("standard", "3,4.5", "1.5"),
    ],
)
def test_the_proposed_strength_makes_every_dose(key, strengths, proposed) -> None:
    days = _first_days(key, 90)
    chosen = parse_strengths(strengths)
    strength = propose_strength([d.dose for d in days], chosen)
    assert strength is not None and strength_key(strength) == proposed
    wider = CapsuleForm((*chosen, strength))
    assert all(dose_supply(d.dose, wider).made for d in days)


def test_a_plan_every_capsule_makes_has_no_proposal() -> None:
    supply = capsule_supply(_first_days("standard", 90), parse_strengths(DEFAULT))
    assert supply.proposal is None and supply.cannot_make == ()
    assert dispensing_lines(supply)[-1] == "Total 90 capsules"


@pytest.mark.parametrize(
    ("dose", "strengths", "text"),
    [
        ("3", "1.5", "2 × 1.5 mg capsules"),
        ("1.5", "1.5", "1 × 1.5 mg capsule"),
        ("4.5", "1.5,3", "1 × 3 mg + 1 × 1.5 mg capsules"),
        ("0.5", DEFAULT, ""),
    ],
)
def test_what_to_take_for_one_dose(dose, strengths, text) -> None:
    assert take_text(dose_supply(mg(dose), CapsuleForm(parse_strengths(strengths)))) == text


def test_liquid_dose_in_ml() -> None:
    # measured with an oral syringe read to 0.1 mL, as on the compounding label (§4.3)
    assert take_text(dose_supply(mg("2.25"), default_liquid())) == "2.3 mL"
    assert take_text(dose_supply(mg("3"), LiquidForm(Q_(2, "mg/mL")))) == "1.5 mL"


def test_target_below_4_5_mg_dispensing() -> None:
    supply = capsule_supply(_first_days("standard", 60, target=mg(3)), parse_strengths(DEFAULT))
    assert supply.capsules == {"1.5": 14, "3": 46, "4.5": 0}


def test_supply_to_a_refill_date() -> None:
    start = date(2026, 12, 1)
    first, last = supply_window(start, until=date(2027, 1, 15))
    days = build_schedule(make_plan(start, protocol_steps("standard")), last, first)
    supply = capsule_supply(days, parse_strengths(DEFAULT))
    assert (supply.first, supply.last, supply.days) == (start, date(2027, 1, 15), 46)
    assert supply.capsules == {"1.5": 14, "3": 14, "4.5": 18}
    with pytest.raises(InputError):
        supply_window(start, until=date(2026, 11, 30))


def test_liquid_volume() -> None:
    supply = liquid_supply(_first_days("standard", 30), Q_(1, "mg/mL"))
    # 14 × 1.5 + 14 × 3 + 2 × 4.5 = 72 mg at 1 mg/mL
    assert format_quantity(supply.total_volume) == "72 mL"
    assert [format_quantity(d.supply.volume) for d in supply.doses] == ["1.5 mL", "3 mL", "4.5 mL"]
    half = liquid_supply(_first_days("standard", 30), Q_(0.5, "mg/mL"))
    assert format_quantity(half.total_volume) == "144 mL"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("1.5,3,4.5", ["1.5", "3", "4.5"]), ("4.5, 1.5, 1.5", ["1.5", "4.5"]), ("500mcg", ["0.5"])],
)
def test_parse_strengths(text, expected) -> None:
    assert [strength_key(s) for s in parse_strengths(text)] == expected


@pytest.mark.parametrize("text", ["", "x", "1.5,-3", "60", "50.5"])
def test_bad_strengths(text) -> None:
    with pytest.raises(InputError) as refused:
        parse_strengths(text)
    assert refused.value.field == "strengths"


@given(
    dose_tenths=st.integers(1, 50),
    strengths=st.sets(st.sampled_from(["0.1", "0.5", "1", "1.5", "2", "3", "4.5"]), min_size=1),
)
def test_capsules_add_up_to_the_dose_exactly(dose_tenths, strengths) -> None:
    chosen = parse_strengths(sorted(strengths))
    try:
        counts = capsules_for_dose(mg(dose_tenths / 10), chosen)
    except InputError:
        return
    total = sum(float(k) * n for k, n in counts.items())
    assert round(total * 10) == dose_tenths
    if f"{dose_tenths / 10:g}" in counts:
        assert sum(counts.values()) == 1


def test_odd_doses_get_the_liquid_and_are_decided_quickly() -> None:
    """60 odd custom doses: no single strength makes them all, so the liquid is the proposal;
    the page recalculates on every keystroke, so the decision must stay fast."""
    import time

    from ldn_desktop.core.titration.protocols import parse_steps

    steps = ",".join(f"{0.1 + i * 0.0731:.3f}mg:2" for i in range(59)) + ",4.5mg"
    days = build_schedule(make_plan(date(2026, 12, 1), parse_steps(steps)), date(2027, 3, 1))
    began = time.perf_counter()
    supply = capsule_supply(days, parse_strengths("0.333,1.5,2.7,4.5"))
    assert time.perf_counter() - began < 2
    assert supply.proposal is not None and supply.proposal.strength is None
    assert problem_lines(supply)[-1].startswith(
        "No single extra strength makes every dose: dispense "
    )


def test_the_proposal_prefers_fewer_capsules_per_dose() -> None:
    """2 and 2.5 mg from 1.5 mg capsules: a 1 mg strength makes each in 2 capsules (1 + 1,
    1.5 + 1); 0.5 mg would need 3 for 2.5 mg."""
    from ldn_desktop.core.titration.protocols import parse_steps

    days = build_schedule(
        make_plan(date(2026, 12, 1), parse_steps("2mg:7,2.5mg")), date(2026, 12, 20)
    )
    assert strength_key(propose_strength([d.dose for d in days], parse_strengths("1.5"))) == "1"


@pytest.mark.parametrize(
    ("concentration", "unmeasured", "advice"),
    [
        ("10", ["0.5 mg", "1.5 mg", "2.5 mg", "3.5 mg", "4.5 mg"], "Dispense the 1 mg/mL"),
        ("1", [], ""),
    ],
)
def test_a_liquid_dose_the_syringe_cannot_measure_is_named(
    concentration, unmeasured, advice
) -> None:
    """0.5 mg of a 10 mg/mL liquid is 0.05 mL: not measurable with a syringe read to 0.1 mL
    (the compounding page's rule, compounding_rules.json); the 1 mg/mL liquid is proposed."""
    supply = liquid_supply(_first_days("gentle", 90), Q_(concentration, "mg/mL"))
    assert [format_quantity(d.supply.dose) for d in supply.cannot_make] == unmeasured
    assert (advice in " ".join(problem_lines(supply))) if advice else not problem_lines(supply)


def test_one_capsule_is_singular_in_every_line() -> None:
    """A one-day window (or a step of one day) gives counts of 1: "1 × 1.5 mg capsule",
    "Total 1 capsule", as the dose lines already said ("1 × 1.5 mg capsule")."""
    plan = make_plan(date(2027, 1, 1), parse_steps("1.5mg:1,3mg:1,4.5mg"))
    one = capsule_supply(build_schedule(plan, date(2027, 1, 1)), parse_strengths(DEFAULT))
    assert dispensing_lines(one) == (
        "Dispense for 1 Jan 2027 (1 day):",
        "1 × 1.5 mg capsule",
        "Total 1 capsule",
    )
    three = capsule_supply(build_schedule(plan, date(2027, 1, 3)), parse_strengths(DEFAULT))
    assert dispensing_lines(three)[1:] == (
        "1 × 1.5 mg capsule",
        "1 × 3 mg capsule",
        "1 × 4.5 mg capsule",
        "Total 3 capsules",
    )
    from ldn_desktop.core.titration.schedule import describe_steps

    assert describe_steps(plan)[:2] == (
        "1.5 mg at bedtime: 1 Jan 2027 (1 day)",
        "3 mg at bedtime: 2 Jan 2027 (1 day)",
    )
