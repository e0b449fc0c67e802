"""Reading a record's saved inputs back (reopening a released record): a damaged value is an
InputError, never another exception. Found by fuzzing the window's readers: an empty 'assay'
raised decimal.InvalidOperation (an ArithmeticError, not a ValueError) out of the page."""

from __future__ import annotations

import contextlib
import copy
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ldn_desktop.core.compounding import (
    ApiSource,
    CapsuleBatchInput,
    LiquidInput,
    MeasuredFill,
    TabletSource,
)
from ldn_desktop.core.compounding.input_json import (
    capsule_input_from_json,
    capsule_input_json,
    liquid_input_from_json,
    liquid_input_json,
)
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units import Q_

CAPSULES = capsule_input_json(
    CapsuleBatchInput(
        strength=Q_("4.5", "mg"),
        quantity=30,
        source=ApiSource(Decimal("0.995")),
        method=MeasuredFill(Q_(240, "mg")),
        compounded_on=date(2026, 3, 1),
    )
)
TABLETS = capsule_input_json(
    CapsuleBatchInput(
        strength=Q_("4.5", "mg"),
        quantity=30,
        source=TabletSource(Q_(50, "mg"), 3, Q_(600, "mg")),
        method=MeasuredFill(Q_(240, "mg")),
        compounded_on=date(2026, 3, 1),
    )
)
LIQUID = liquid_input_json(
    LiquidInput(Q_(1, "mg/mL"), Q_(30, "mL"), source=ApiSource(Decimal("0.995")))
)
ODD = ["", "x", "NaN", "1e999999", None, True, [], {}, {"value": ""}, {"value": "1", "unit": "x"}]


def _leaves(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = []
    items = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        found.append((*prefix, key))
        if isinstance(item, (dict, list)):
            found += _leaves(item, (*prefix, key))
    return found


def _cases(document: dict[str, Any]) -> list[tuple[tuple[Any, ...], Any]]:
    return [(path, odd) for path in _leaves(document) for odd in ODD]


def _changed(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    parent = changed
    for key in path[:-1]:
        parent = parent[key]
    parent[path[-1]] = value
    return changed


@pytest.mark.parametrize(
    ("reader", "document"),
    [
        (capsule_input_from_json, CAPSULES),
        (capsule_input_from_json, TABLETS),
        (liquid_input_from_json, LIQUID),
    ],
)
def test_a_damaged_saved_input_is_an_input_error(reader: Any, document: dict[str, Any]) -> None:
    assert reader(document)  # the saved inputs read back
    for path, odd in _cases(document):
        # the page says "The saved inputs cannot be shown in this version."
        with contextlib.suppress(InputError):
            reader(_changed(document, path, odd))
