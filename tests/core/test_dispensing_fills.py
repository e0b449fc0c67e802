"""A supply window longer than the beyond-use date is dispensed in fills (USP <795>).

Capsules keep at most 180 days after compounding (nonaqueous solid); an oral liquid 14 days
(non-preserved aqueous), 35 days (preserved aqueous) or 90 days (nonaqueous), all from
``compounding_rules.json`` (docs/reference/compounding.md §7.1). The titration's dispensing said
"dispense 400 capsules" or "342 mL" for one window whatever its length; the compounding side
already split a liquid supply within its BUD. Now the dispensing says how many fills at least.
"""

from __future__ import annotations

from datetime import date

import pytest

from ldn_desktop.core.compounding.reference import compounding_reference
from ldn_desktop.core.titration.dispensing import supply_window
from ldn_desktop.core.titration.export import dispensing_json
from ldn_desktop.core.titration.protocols import protocol_steps
from ldn_desktop.core.titration.schedule import build_schedule, make_plan, mg
from ldn_desktop.core.titration.supply import (
    CapsuleForm,
    Dispensing,
    LiquidForm,
    dispense,
    fill_limits,
)
from ldn_desktop.core.titration.supply_text import dispensing_lines, fill_lines
from ldn_desktop.core.units.quantities import Q_

START = date(2027, 1, 4)
CAPSULES = CapsuleForm((mg("1.5"), mg("3"), mg("4.5")))
LIQUID = LiquidForm(Q_(1, "mg/mL"))


def _dispensing(days: int, form: CapsuleForm | LiquidForm) -> Dispensing:
    plan = make_plan(START, protocol_steps("standard"))
    first, last = supply_window(START, days)
    return dispense(build_schedule(plan, last, first), form)


def _bud(key: str) -> int:
    return compounding_reference().bud_categories[key].days


def test_the_limits_come_from_the_reference_data() -> None:
    assert _bud("nonaqueous-solid") == 180
    assert (_bud("nonpreserved-aqueous"), _bud("preserved-aqueous")) == (14, 35)
    assert _bud("nonaqueous-oral-liquid") == 90


@pytest.mark.parametrize(("days", "fills"), [(30, 0), (90, 0), (180, 0), (181, 2), (400, 3)])
def test_capsules_longer_than_their_bud_need_fills(days: int, fills: int) -> None:
    limits = fill_limits(_dispensing(days, CAPSULES))
    if not fills:
        assert limits == ()
        return
    (limit,) = limits
    assert (limit.category, limit.bud_days, limit.fills) == ("nonaqueous-solid", 180, fills)


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (14, {}),
        (15, {"nonpreserved-aqueous": 2}),
        (35, {"nonpreserved-aqueous": 3}),
        (36, {"nonpreserved-aqueous": 3, "preserved-aqueous": 2}),
        (90, {"nonpreserved-aqueous": 7, "preserved-aqueous": 3}),
        (91, {"nonpreserved-aqueous": 7, "preserved-aqueous": 3, "nonaqueous-oral-liquid": 2}),
    ],
)
def test_a_liquid_longer_than_a_bud_lists_the_fills_of_each_kind(
    days: int, expected: dict[str, int]
) -> None:
    limits = fill_limits(_dispensing(days, LIQUID))
    assert {limit.category: limit.fills for limit in limits} == expected


def test_the_words_say_how_many_fills_at_least() -> None:
    (line,) = fill_lines(_dispensing(400, CAPSULES))
    assert line == (
        "400 days is longer than the capsules' beyond-use date (at most 180 days after "
        "compounding, USP <795>): dispense in at least 3 fills."
    )
    (liquid,) = fill_lines(_dispensing(60, LIQUID))
    assert liquid.startswith("60 days is longer than an oral liquid's beyond-use date")
    assert "at least 5 fills of a non-preserved aqueous preparation (14 days each)" in liquid
    assert "2 of a preserved aqueous preparation (35 days each)" in liquid
    assert "a nonaqueous oral liquid (90 days) lasts the whole window" in liquid
    assert fill_lines(_dispensing(90, CAPSULES)) == ()


def test_the_summary_and_the_json_carry_the_fills() -> None:
    dispensing = _dispensing(90, LIQUID)
    lines = dispensing_lines(dispensing)
    assert lines[1] == "342 mL of a 1 mg/mL oral liquid"
    assert lines[2] == fill_lines(dispensing)[0]
    data = dispensing_json(dispensing)
    assert data["fills"] == [
        {"category": "nonpreserved-aqueous", "bud_days": 14, "fills_at_least": 7},
        {"category": "preserved-aqueous", "bud_days": 35, "fills_at_least": 3},
    ]
    assert fill_lines(dispensing)[0] in data["text"]
    assert dispensing_json(_dispensing(30, CAPSULES))["fills"] == []
