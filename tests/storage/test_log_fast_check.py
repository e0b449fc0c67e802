"""The column-wise fast check never accepts what the per-entry rule refuses.

``entries_are_valid`` may only say "valid" when ``side_effect_log._validate_entry`` accepts every
entry (and no id repeats); when it says False the per-entry rule decides. Each case below changes
one field of one entry in an otherwise valid month to a value from a wide list (valid, odd and
invalid), and checks that implication. A rule added to ``_validate_entry`` without the same rule in
the fast check makes this test fail.
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from ldn_desktop.storage import side_effect_log
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.log_fast_check import KEYS, entries_are_valid

MONTH = "2026-01"


def _item(number: int, **changes: Any) -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": f"e{number}",
        "at": f"2026-01-{number % 28 + 1:02d}T22:{number % 60:02d}:00+01:00",
        "symptom": "vivid dreams",
        "detail": "",
        "severity": 3,
        "sleep_hours": 6.5,
        "sleep_quality": 2,
        "dose": {"value": "1.5", "unit": "mg"},
        "dose_missed": False,
        "dose_time": "22:00",
        "note": "",
    }
    item.update(changes)
    return item


def _month() -> list[dict[str, Any]]:
    return [
        _item(0),
        _item(1, symptom="no side effects", severity=0, sleep_hours=None, sleep_quality=None),
        _item(2, dose=None, dose_missed=True, dose_time=None, note="forgot"),
        _item(3, symptom="other", detail="restless legs", severity=10, sleep_hours=8),
        _item(4, dose={"value": "4.5", "unit": "mg"}, at="2026-01-31T23:59:59-05:00"),
    ]


def _slow_accepts(items: list[Any]) -> bool:
    document = {"patient_id": "p1", "month": MONTH, "entries": items}
    ids: set[str] = set()
    try:
        for number, item in enumerate(items, start=1):
            entry_id = side_effect_log._validate_entry(item, f"entry {number}", MONTH)
            if entry_id in ids:
                return False
            ids.add(entry_id)
    except InvalidDocumentError:
        return False
    side_effect_log._validate(document)  # and the whole document passes
    return True


CANDIDATES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    3,
    5,
    6,
    10,
    11,
    24,
    25,
    0.0,
    0.5,
    6.5,
    24.5,
    1e999,
    -1e999,
    10**30,
    "",
    " ",
    "x",
    "a" * 64,
    "a" * 65,
    "ab\n",
    "../x",
    "e1",
    "22:00",
    "2:00",
    "ab:cd",
    "25:99",
    "2026-01-05T22:00:00+00:00",
    "2026-01-05T22:00:00",
    "2026-01-05 07:00:00-03:30",
    "2026-01-05T22:00:00.123456+05:45",
    "2026-02-05T22:00:00+00:00",
    "2025-12-31T22:00:00+00:00",
    "2026-01-32T22:00:00+00:00",
    "2026-01-05T22:00:00Z",
    "2026-012T22:00:00+00:00",
    "x" * 2000,
    "x" * 2001,
    "no side effects",
    "headache",
    [],
    {},
    {"value": "1.5", "unit": "mg"},
    {"value": "1.5", "unit": "mg", "extra": 1},
    {"value": 4.5, "unit": "mg"},
    {"value": True, "unit": "mg"},
    {"value": "0", "unit": "mg"},
    {"value": "0.0001", "unit": "mg"},
    {"value": "7", "unit": "mg"},
    {"value": "50", "unit": "mg"},
    {"value": "50.5", "unit": "mg"},
    {"value": "nan", "unit": "mg"},
    {"value": "inf", "unit": "mg"},
    {"value": " 1.5 ", "unit": "mg"},
    {"value": [], "unit": "mg"},
    {"value": "1.5", "unit": "g"},
    {"unit": "mg"},
    {"value": "1.5"},
]


@pytest.mark.parametrize("position", [0, 2, 4])
@pytest.mark.parametrize("key", KEYS)
def test_fast_check_never_accepts_what_the_rule_refuses(key: str, position: int) -> None:
    for value in CANDIDATES:
        items = _month()
        items[position][key] = copy.deepcopy(value)
        if entries_are_valid(items, MONTH):
            assert _slow_accepts(items), f"{key}={value!r} accepted by the fast check only"


@pytest.mark.parametrize(
    "change",
    [
        lambda items: items[1].pop("note"),
        lambda items: items[1].update(extra=1),
        lambda items: items.append(dict(items[0])),  # a repeated id
        lambda items: items.append("not an object"),
        lambda items: items.append(None),
        lambda items: items[0].update(severity=float("nan")),
        lambda items: items[0].update(sleep_hours=float("nan")),
        lambda items: items[3].update(sleep_hours=float("nan")),
        lambda items: items[0].update(sleep_quality=2.0),
        lambda items: items[0].update(dose_missed=1),
        lambda items: items[0].update(dose_missed=True),
        lambda items: items[2].update(dose={"value": "1", "unit": "mg"}),
    ],
)
def test_fast_check_on_whole_entry_changes(change: Any) -> None:
    items = _month()
    change(items)
    if entries_are_valid(items, MONTH):
        assert _slow_accepts(items)


EQUAL_ACROSS_TYPES = [1, 1.0, True, "1", 0, 0.0, False]


@pytest.mark.parametrize("first", EQUAL_ACROSS_TYPES)
@pytest.mark.parametrize("second", EQUAL_ACROSS_TYPES)
def test_fast_check_sees_every_value_not_only_distinct_ones(first: Any, second: Any) -> None:
    """1, 1.0 and true are equal with the same hash, so a set of them keeps the first: a check
    over distinct values only would let a true dose through behind a 1 mg one."""
    for key, value in (("dose", None), ("severity", 3), ("sleep_quality", 2)):
        items = _month()
        for item, given in ((items[0], first), (items[4], second)):
            item[key] = {"value": given, "unit": "mg"} if value is None else given
        if entries_are_valid(items, MONTH):
            assert _slow_accepts(items), f"{key}: {first!r} then {second!r}"


def test_fast_check_accepts_ordinary_months() -> None:
    """Otherwise it saves nothing: a month of normal entries takes the fast path."""
    assert _slow_accepts(_month())
    assert entries_are_valid(_month(), MONTH)
    assert entries_are_valid([], MONTH)
    assert entries_are_valid([_item(n) for n in range(300)], MONTH)


def test_saved_entries_take_the_fast_path() -> None:
    """What ``entry_to_json`` writes (the only writer) passes the fast check."""
    from datetime import UTC, datetime, time

    from ldn_desktop.core.side_effects import LogEntry
    from ldn_desktop.core.units import Q_

    entries = [
        LogEntry("a", datetime(2026, 1, 5, 22, 15, tzinfo=UTC), "vivid dreams", 3),
        LogEntry(
            "b",
            datetime(2026, 1, 6, 7, 0, tzinfo=UTC),
            "other",
            4,
            detail="restless legs",
            sleep_hours=6.25,
            sleep_quality=5,
            dose=Q_(4.5, "mg"),
            dose_time=time(21, 45),
            note="woke at 3",
        ),
        LogEntry("c", datetime(2026, 1, 7, 22, 0, tzinfo=UTC), "headache", 2, dose_missed=True),
    ]
    items = [side_effect_log.entry_to_json(e) for e in entries]
    assert entries_are_valid(items, MONTH)


@pytest.mark.parametrize("odd", ["", " ", "2200", "22:00 "])
def test_a_lone_dose_time_is_checked_too(odd: str) -> None:
    """Found by fuzzing: when every other entry had no dose time, an empty one passed the fast
    check (the joined column was empty) and loading then failed with a ValueError."""
    items = [_item(n, dose_time=None) for n in range(3)]
    items[1]["dose_time"] = odd
    assert not _slow_accepts(items)
    assert not entries_are_valid(items, MONTH)
