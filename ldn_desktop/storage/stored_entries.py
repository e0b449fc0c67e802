"""The entries of a loaded side-effect log, each built into a ``LogEntry`` only when first used.

Every stored entry is validated when its month is read (``side_effect_log._validate``); building
the ``LogEntry`` objects afterwards cost more than ``json.loads`` itself for a 20,000-entry log,
while a table shows about thirty rows. So the loaded log keeps each validated entry as a compact
row (a tuple of its fields, repeated texts shared; the JSON objects are let go, which holds less
memory than built entries would), with its parsed date-time and id (what ordering needs), and
builds an entry the first time it is asked for; the built entry replaces the row, so nothing is
held twice. Iterating builds them all (summaries, CSV export, a sort by another column): the same
work as before, when it is needed.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from itertools import chain
from operator import lt
from typing import Any, overload

from ldn_desktop.core.side_effects import LogEntry, night_of
from ldn_desktop.core.units import Q_, Quantity
from ldn_desktop.storage.log_fast_check import Columns

Item = dict[str, Any]
# symptom, severity, detail, sleep_hours, sleep_quality, dose value, dose_missed, dose_time, note
Row = tuple[str, int, str, float | None, int | None, Any, bool, str | None, str]


def entry_from_item(item: Item, at: datetime) -> LogEntry:
    """A validated stored item as an entry, its date-time already parsed."""
    dose, dose_time = item["dose"], item["dose_time"]
    return LogEntry(
        id=item["id"],
        at=at,
        symptom=item["symptom"],
        severity=item["severity"],
        detail=item["detail"],
        sleep_hours=item["sleep_hours"],
        sleep_quality=item["sleep_quality"],
        dose=None if dose is None else _dose(str(dose["value"])),
        dose_missed=item["dose_missed"],
        dose_time=None if dose_time is None else _dose_time(dose_time),
        note=item["note"],
    )


def _entry_from_row(row: Row, entry_id: str, at: datetime) -> LogEntry:
    symptom, severity, detail, hours, quality, dose, missed, dose_time, note = row
    return LogEntry(
        id=entry_id,
        at=at,
        symptom=symptom,
        severity=severity,
        detail=detail,
        sleep_hours=hours,
        sleep_quality=quality,
        dose=None if dose is None else _dose(str(dose)),
        dose_missed=missed,
        dose_time=None if dose_time is None else _dose_time(dose_time),
        note=note,
    )


@lru_cache(maxsize=256)
def _dose(value: str) -> Quantity:
    """Shared Quantity per distinct stored dose: a log has a handful of doses, not 20,000."""
    return Q_(value, "mg")


@lru_cache(maxsize=2048)
def _dose_time(text: str) -> time:
    return time.fromisoformat(text)


class StoredEntries(Sequence[LogEntry]):
    """Entries in (date-time, id) order; ``entry(i)`` builds and keeps entry ``i`` on first use."""

    __slots__ = ("_at", "_ids", "_in_order", "_slots")

    def __init__(
        self,
        slots: list[Row | LogEntry],
        at: list[datetime],
        ids: list[str],
        *,
        in_order: bool = False,
    ) -> None:
        self._slots = slots
        self._at = at
        self._ids = ids
        # the date-times are known to rise (or stay): the first and last are at the ends
        self._in_order = in_order

    @classmethod
    def from_columns(cls, months: Sequence[Columns]) -> StoredEntries:
        """Validated months, taken apart by validation (``log_fast_check.Columns``), put in
        (date-time, id) order; nothing but the rows' tuples is made here (texts that repeat are
        shared). Validation (``side_effect_log._validate_entry``) accepts only entries
        ``entry_from_item`` can build, so building one later never fails
        (``tests/storage/test_stored_entries.py``)."""
        share: dict[str, Callable[[Any, Any], Any]] = {
            name: {}.setdefault for name in ("symptom", "dose", "dose_time")
        }
        at = list(chain.from_iterable(c.at for c in months))
        ids = list(chain.from_iterable(c.ids for c in months))
        rows: list[Row | LogEntry] = list(
            chain.from_iterable(
                zip(
                    map(share["symptom"], c.symptom, c.symptom),
                    c.severity,
                    c.detail,
                    c.sleep_hours,
                    c.sleep_quality,
                    map(share["dose"], c.dose, c.dose),
                    c.dose_missed,
                    map(share["dose_time"], c.dose_time, c.dose_time),
                    c.note,
                    strict=True,
                )
                for c in months
            )
        )
        keys = list(zip(at, ids, strict=True))
        order = sorted(range(len(keys)), key=keys.__getitem__)
        if order != list(range(len(keys))):
            rows = list(map(rows.__getitem__, order))
            at = list(map(at.__getitem__, order))
            ids = list(map(ids.__getitem__, order))
        return cls(rows, at, ids, in_order=True)

    @classmethod
    def from_entries(cls, entries: Iterable[LogEntry]) -> StoredEntries:
        """Entries already built (a new entry, an import, a test)."""
        built = sorted(entries, key=lambda e: (e.at, e.id))
        return cls(list(built), [e.at for e in built], [e.id for e in built], in_order=True)

    # -- Sequence ------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._slots)

    @overload
    def __getitem__(self, index: int) -> LogEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[LogEntry]: ...

    def __getitem__(self, index: int | slice) -> LogEntry | list[LogEntry]:
        if isinstance(index, slice):
            return [self.entry(i) for i in range(*index.indices(len(self._slots)))]
        return self.entry(index)

    def __iter__(self) -> Iterator[LogEntry]:
        return map(self.entry, range(len(self._slots)))

    # -- one entry without building it -----------------------------------------------------------

    def entry(self, index: int) -> LogEntry:
        slot = self._slots[index]
        if type(slot) is tuple:
            slot = self._slots[index] = _entry_from_row(slot, self._ids[index], self._at[index])
        return slot  # type: ignore[return-value]

    def built(self) -> int:
        """How many entries have been built so far."""
        return sum(type(slot) is not tuple for slot in self._slots)

    def instant(self, index: int) -> datetime:
        return self._at[index]

    def instants(self) -> list[datetime]:
        """Every entry's date-time, in order (the list itself: do not change it)."""
        return self._at

    def night_span(self) -> tuple[date, date] | None:
        """The first and last night of the entries (None when there are none). In order, only
        the entries within two days of each end are looked at (``night_span``)."""
        at = self._at
        if not at:
            return None
        if not self._in_order:
            return night_span(at)
        firsts = at[: bisect_right(at, at[0] + _OFFSETS_APART)]
        lasts = at[bisect_left(at, at[-1] - _OFFSETS_APART) :]
        return min(map(night_of, firsts)), max(map(night_of, lasts))

    def entry_id(self, index: int) -> str:
        return self._ids[index]

    def night(self, index: int) -> date:
        return night_of(self._at[index])

    def symptom(self, index: int) -> str:
        slot = self._slots[index]
        return slot[0] if type(slot) is tuple else slot.symptom  # type: ignore[union-attr]

    # -- changes (the table after a save) --------------------------------------------------------

    def append(self, entry: LogEntry) -> int:
        """Add at the end (not in date order: the table orders rows itself); returns its index."""
        self._in_order = self._in_order and (not self._at or self._at[-1] <= entry.at)
        self._slots.append(entry)
        self._at.append(entry.at)
        self._ids.append(entry.id)
        return len(self._slots) - 1

    def put(self, index: int, entry: LogEntry) -> None:
        if entry.at != self._at[index]:
            self._in_order = False  # an edited date-time may be out of order
        self._slots[index] = entry
        self._at[index] = entry.at
        self._ids[index] = entry.id

    def keeping(self, indices: Sequence[int]) -> StoredEntries:
        """A new collection of the entries at ``indices`` (entries not yet built stay unbuilt)."""
        return StoredEntries(
            [self._slots[i] for i in indices],
            [self._at[i] for i in indices],
            [self._ids[i] for i in indices],
            in_order=self._in_order and all(map(lt, indices, indices[1:])),
        )


class EntryRows(Sequence[LogEntry]):
    """The table's entries in display order; an entry is built when it is read."""

    def __init__(self, stored: StoredEntries, order: list[int]) -> None:
        self._stored = stored
        self._order = order

    def __len__(self) -> int:
        return len(self._order)

    @overload
    def __getitem__(self, index: int) -> LogEntry: ...

    @overload
    def __getitem__(self, index: slice) -> list[LogEntry]: ...

    def __getitem__(self, index: int | slice) -> LogEntry | list[LogEntry]:
        if isinstance(index, slice):
            return [self._stored.entry(i) for i in self._order[index]]
        return self._stored.entry(self._order[index])

    def __iter__(self) -> Iterator[LogEntry]:
        return map(self._stored.entry, self._order)

    def night_span(self) -> tuple[date, date] | None:
        """The first and last night, without building entries (None when empty)."""
        if not self._order:
            return None
        return self._stored.night_span()  # the rows are all the stored entries


# Two instants this far apart are in the same order on any wall clock (UTC offsets are < 24 h).
_OFFSETS_APART = timedelta(hours=48)


def night_span(instants: Sequence[datetime]) -> tuple[date, date]:
    """First and last night of these (non-empty) date-times: only the few within two days of the
    earliest and the latest instant can hold them, so only those are converted to nights."""
    low, high = min(instants), max(instants)
    firsts = filter((low + _OFFSETS_APART).__ge__, instants)
    lasts = filter((high - _OFFSETS_APART).__le__, instants)
    return min(map(night_of, firsts)), max(map(night_of, lasts))
