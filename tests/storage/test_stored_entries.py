"""A loaded log builds its entries on first use, in (date-time, id) order, equal to eager loading."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings, strategies as st

from ldn_desktop.core.errors import LdnError
from ldn_desktop.core.side_effects import LogEntry
from ldn_desktop.core.units import Q_
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.patients import PatientRepository
from ldn_desktop.storage.side_effect_log import SideEffectLog, entry_from_json, entry_to_json
from ldn_desktop.storage.stored_entries import StoredEntries

EAST, WEST = timezone(timedelta(hours=13)), timezone(timedelta(hours=-11))


@pytest.fixture
def log(store: DataStore) -> SideEffectLog:
    return SideEffectLog(store, PatientRepository(store).create("Ann Example", None).id)


def _entries() -> list[LogEntry]:
    """Entries whose stored order (month, then text) differs from their order in time."""
    return [
        LogEntry("b", datetime(2026, 1, 5, 22, 0, tzinfo=EAST), "headache", 2, dose=Q_(3, "mg")),
        LogEntry("a", datetime(2026, 1, 5, 9, 0, tzinfo=UTC), "vivid dreams", 4),
        LogEntry("c", datetime(2026, 1, 4, 23, 0, tzinfo=WEST), "nausea", 1, dose_missed=True),
        LogEntry("d", datetime(2026, 2, 1, 1, 0, tzinfo=EAST), "fatigue", 5, dose=Q_(1.5, "mg")),
        LogEntry("e", datetime(2026, 1, 5, 9, 0, tzinfo=UTC), "headache", 3),  # same time as a
    ]


def test_lazy_load_equals_eager_load_and_builds_on_use(log: SideEffectLog) -> None:
    log.add(_entries())
    stored = log.load_lazy()
    assert stored.built() == 0 and len(stored) == 5
    expected = sorted(_entries(), key=lambda e: (e.at, e.id))
    assert stored[1] == expected[1] and stored.built() == 1
    assert list(stored) == expected == log.load()
    assert stored.built() == 5
    assert [stored.entry_id(i) for i in range(5)] == [e.id for e in expected]
    assert stored.instants() == [e.at for e in expected]


def test_reading_without_building(log: SideEffectLog) -> None:
    log.add(_entries())
    stored = log.load_lazy()
    expected = sorted(_entries(), key=lambda e: (e.at, e.id))
    assert [stored.symptom(i) for i in range(5)] == [e.symptom for e in expected]
    assert [stored.night(i) for i in range(5)] == [e.night for e in expected]
    assert stored.built() == 0


def test_changes_keep_entries_unbuilt(log: SideEffectLog) -> None:
    log.add(_entries())
    stored = log.load_lazy()
    new = LogEntry("z", datetime(2026, 3, 1, 22, 0, tzinfo=UTC), "headache", 1)
    assert stored.append(new) == 5 and stored[5] == new
    stored.put(0, new)
    kept = stored.keeping([0, 2])
    assert kept.entry_id(0) == "z" and kept.entry_id(1) == stored.entry_id(2)
    assert kept.built() == 1


def test_an_entry_that_cannot_be_built_fails_while_loading(log: SideEffectLog) -> None:
    """A dose time no clock has fails at load (refused by validation, or when its value is
    parsed), never later when its row is shown."""
    log.add(_entries()[:1])
    path = log.store.path(log.month_document("2026-01"))
    doc = json.loads(path.read_text())
    doc["entries"][0]["dose_time"] = "ab:cd"
    path.write_text(json.dumps(doc))
    with pytest.raises((ValueError, LdnError)):
        log.load_lazy()


def test_from_entries_and_round_trip() -> None:
    entries = _entries()
    stored = StoredEntries.from_entries(entries)
    assert list(stored) == sorted(entries, key=lambda e: (e.at, e.id))
    assert stored[1:3] == list(stored)[1:3]
    assert [entry_from_json(entry_to_json(e)) for e in stored] == list(stored)
    assert StoredEntries.from_entries([]).instants() == []
    assert date(2026, 1, 4) in {stored.night(i) for i in range(len(stored))}


def test_every_entry_validation_accepts_can_be_built() -> None:
    """Entries are built when shown, long after loading: whatever validation lets through must
    build (fields changed one at a time through the fast check's wide list of values)."""
    from ldn_desktop.storage.stored_entries import entry_from_item
    from tests.storage.test_log_fast_check import CANDIDATES, KEYS, _month, _slow_accepts

    for key in KEYS:
        for value in CANDIDATES:
            items = _month()
            items[0][key] = value
            if _slow_accepts(items):
                for item in items:
                    entry_from_item(item, datetime.fromisoformat(item["at"]))


def _span_by_definition(stored: StoredEntries) -> tuple[date, date] | None:
    nights = [stored.night(i) for i in range(len(stored))]
    return (min(nights), max(nights)) if nights else None


_ZONES = [UTC, EAST, WEST, timezone(timedelta(hours=5, minutes=45))]


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_night_span_is_the_first_and_last_night_after_any_changes(data: st.DataObject) -> None:
    """The chart's range starts from the log's first and last night; with the entries in order
    they are read near the ends instead of from every date-time (2 x 3 ms per patient opened
    with 20,000 entries). Checked against the definition after appends, edits and removals."""
    instants = st.builds(
        lambda day, minutes, zone: (
            datetime(2026, 1, 1, tzinfo=zone) + timedelta(days=day, minutes=minutes)
        ),
        st.integers(0, 90),
        st.integers(0, 24 * 60 - 1),
        st.sampled_from(_ZONES),
    )
    made = [
        LogEntry(f"e{n}", at, "headache", 1)
        for n, at in enumerate(data.draw(st.lists(instants, min_size=1, max_size=30)))
    ]
    stored = StoredEntries.from_entries(made)
    assert stored.night_span() == _span_by_definition(stored)
    for step in range(data.draw(st.integers(0, 6))):
        change = data.draw(st.sampled_from(["append", "put", "put", "keep"]))
        if change == "append":
            stored.append(LogEntry(f"n{step}", data.draw(instants), "nausea", 2))
        elif change == "put" and len(stored):
            index = data.draw(st.integers(0, len(stored) - 1))
            stored.put(index, LogEntry(f"p{step}", data.draw(instants), "nausea", 2))
        elif change == "keep":
            indices = data.draw(st.lists(st.integers(0, max(len(stored) - 1, 0)), unique=True))
            stored = stored.keeping([i for i in indices if i < len(stored)])
        assert stored.night_span() == _span_by_definition(stored)


def _counted(name: str) -> Any:
    def compare(self: datetime, other: object) -> Any:
        _CountedInstant.compared += 1
        return getattr(datetime, name)(self, other)

    return compare


class _CountedInstant(datetime):
    """A date-time that counts how often it is compared."""

    compared = 0
    __lt__ = _counted("__lt__")
    __le__ = _counted("__le__")
    __gt__ = _counted("__gt__")
    __ge__ = _counted("__ge__")


def test_night_span_of_a_long_log_in_order_does_not_read_every_entry() -> None:
    first = _CountedInstant(2016, 1, 1, 22, 0, tzinfo=UTC)
    made = [
        LogEntry(f"e{n}", first + timedelta(hours=11 * n), "headache", 1) for n in range(20_000)
    ]
    stored = StoredEntries.from_entries(made)
    stored.append(LogEntry("late", first + timedelta(days=10_000), "nausea", 2))
    _CountedInstant.compared = 0
    span = stored.night_span()
    assert span == _span_by_definition(stored)
    assert _CountedInstant.compared < 200, _CountedInstant.compared  # not ~80,000
