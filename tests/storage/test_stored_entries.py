"""A loaded log builds its entries on first use, in (date-time, id) order, equal to eager loading."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

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
