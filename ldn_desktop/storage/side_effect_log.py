"""The side-effect log on disk: one versioned document per calendar month.

``patients/<id>/log/<YYYY-MM>.json`` (kind ``side-effect-log``) holds the entries whose date-time
falls in that month (in the entry's own offset), so adding, editing or deleting an entry rewrites
only its month (a few kB even for a patient who logs every night for ten years). Loading reads all
months; validation is strict but cheap (a 20,000-entry log loads in a fraction of a second, see
``benchmarks/bench_log.py``). Entry ids are random and never change, so edits and deletes find
them again and a CSV export re-imports as duplicates.

The patient's own symptoms (added to the shipped list) live in ``patients/<id>/symptoms.json``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.side_effects import (
    LogEntry,
    PlannedStep,
    Symptom,
    custom_label_problem,
    planned_steps,
    shipped_symptoms,
)
from ldn_desktop.core.units import Quantity, format_number
from ldn_desktop.storage.bounded import cycle_collection_paused
from ldn_desktop.storage.documents import DataStore, Document, DocumentKind
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.log_fast_check import KEYS, Columns, columns_of, valid_columns
from ldn_desktop.storage.patients import PatientRepository, patient_dir
from ldn_desktop.storage.schema import STORED_YEARS, need, need_text
from ldn_desktop.storage.stored_entries import StoredEntries, entry_from_item

MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_ENTRY_KEYS = frozenset(KEYS)  # one list of an entry's keys, shared with the fast check
_ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
DOSE_TIME_RE = re.compile(r"^(?:[01][0-9]|2[0-3]):[0-5][0-9]\Z")


def _bad(where: str, problem: str) -> InvalidDocumentError:
    return InvalidDocumentError(f"{where}: {problem}")


def _validate_entry(item: Any, where: str, month: str) -> str:
    if not isinstance(item, dict) or item.keys() != _ENTRY_KEYS:
        raise _bad(where, f"must be an object with exactly {sorted(_ENTRY_KEYS)}")
    entry_id, at, severity = item["id"], item["at"], item["severity"]
    if not isinstance(entry_id, str) or not _ID_RE.match(entry_id):
        raise _bad(where, "'id' must be 1-64 letters, digits, '-' or '_'")
    if not isinstance(at, str) or at[:7] != month or len(at) < 19 or at[-6] not in "+-":
        raise _bad(where, f"'at' must be an ISO date-time with offset in {month}")
    try:
        datetime.fromisoformat(at)
    except ValueError:
        raise _bad(where, f"'at' is not an ISO date-time ({at[:40]!r})") from None
    if type(severity) is not int or not 0 <= severity <= 10:
        raise _bad(where, "'severity' must be a whole number from 0 to 10")
    hours, quality = item["sleep_hours"], item["sleep_quality"]
    if hours is not None and (type(hours) not in (int, float) or not 0 <= hours <= 24):
        raise _bad(where, "'sleep_hours' must be null or a number from 0 to 24")
    if quality is not None and (type(quality) is not int or not 1 <= quality <= 5):
        raise _bad(where, "'sleep_quality' must be null or a whole number from 1 to 5")
    for key in ("symptom", "detail", "note"):
        if not isinstance(item[key], str) or len(item[key]) > 2000:
            raise _bad(where, f"'{key}' must be a text of at most 2000 characters")
    if not item["symptom"] or type(item["dose_missed"]) is not bool:
        raise _bad(where, "'symptom' must not be empty and 'dose_missed' must be true or false")
    _validate_dose(item, where)
    return entry_id


def _validate_dose(item: dict[str, Any], where: str) -> None:
    dose, dose_time = item["dose"], item["dose_time"]
    if dose is not None:
        if not isinstance(dose, dict) or dose.get("unit") != "mg" or item["dose_missed"]:
            raise _bad(where, "'dose' must be null or {value, unit: 'mg'} (and not missed)")
        stored = dose.get("value")
        if isinstance(stored, bool) or not isinstance(stored, (str, int, float)):
            raise _bad(where, "'dose' value must be a number")
        try:
            value = float(stored)
        except ValueError:
            raise _bad(where, "'dose' value must be a number") from None
        if not 0 < value <= 50:
            raise _bad(where, "'dose' must be more than 0 mg and at most 50 mg")
    if dose_time is not None and (
        not isinstance(dose_time, str) or not DOSE_TIME_RE.match(dose_time)
    ):
        raise _bad(where, "'dose_time' must be null or HH:MM (00:00 to 23:59)")


def _validate(document: Document) -> None:
    _checked_columns(document)


def _checked_columns(document: Document) -> Columns:
    """A month document, validated; returns its entries' columns (what loading builds from).

    ``log_fast_check.valid_columns`` first tries to prove all entries valid column by column
    (a few times cheaper for a large log); when it cannot, every entry goes through
    ``_validate_entry``, which decides. A rule added to ``_validate_entry`` must also be added
    there (``tests/storage/test_log_fast_check.py`` fails until it is).
    """
    need_text(document, "patient_id", "side-effect log", max_length=32, non_empty=True)
    month = need_text(document, "month", "side-effect log") or ""
    if not MONTH_RE.match(month):
        raise _bad("side-effect log", "'month' must be YYYY-MM")
    if int(month[:4]) not in STORED_YEARS:
        years = f"{STORED_YEARS.start} to {STORED_YEARS.stop - 1}"
        raise _bad("side-effect log", f"'month' {month} is outside the years {years}")
    items = need(document, "entries", list, "side-effect log")
    columns = valid_columns(items, month)
    if columns is not None:
        return columns
    ids: set[str] = set()
    for number, item in enumerate(items, start=1):
        entry_id = _validate_entry(item, f"entry {number}", month)
        if entry_id in ids:
            raise _bad(f"entry {number}", f"id {entry_id} appears twice")
        ids.add(entry_id)
    return columns_of(items)


LOG_KIND = DocumentKind("side-effect-log", 1, _validate)


def _validate_symptoms(document: Document) -> None:
    """The patient's own symptoms: each label one the Side effects page could have added (core
    ``custom_label_problem``), none twice, so each can be chosen again."""
    seen: set[str] = set()
    for number, item in enumerate(need(document, "symptoms", list, "symptoms"), start=1):
        label = need_text(item, "label", f"symptom {number}", max_length=60, non_empty=True)
        problem = custom_label_problem(str(label))
        if problem is not None:
            raise InvalidDocumentError(f"symptom {number}: {problem}")
        if label in seen:
            raise InvalidDocumentError(f"symptom {number}: '{label}' appears twice")
        seen.add(str(label))


SYMPTOMS_KIND = DocumentKind("side-effect-symptoms", 1, _validate_symptoms)


def entry_to_json(entry: LogEntry) -> dict[str, Any]:
    mg = entry.dose_mg
    return {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="seconds"),
        "symptom": entry.symptom,
        "detail": entry.detail,
        "severity": entry.severity,
        "sleep_hours": entry.sleep_hours,
        "sleep_quality": entry.sleep_quality,
        "dose": None if mg is None else {"value": format_number(mg, 4), "unit": "mg"},
        "dose_missed": entry.dose_missed,
        "dose_time": None if entry.dose_time is None else entry.dose_time.strftime("%H:%M"),
        "note": entry.note,
    }


def entry_from_json(item: dict[str, Any]) -> LogEntry:
    return entry_from_item(item, datetime.fromisoformat(item["at"]))


def month_of(entry: LogEntry) -> str:
    return entry.at.strftime("%Y-%m")


class EntryNotFoundError(LdnError):
    """An edit or delete names an entry that is no longer saved (changed elsewhere)."""


class SideEffectLog:
    """The log of one patient. Every method that changes it has written it durably on return."""

    def __init__(self, store: DataStore, patient_id: str) -> None:
        PatientRepository(store).get(patient_id)  # UnknownPatientError (an InputError)
        self.store = store
        self.patient_id = patient_id
        self.folder = f"{patient_dir(patient_id)}/log"

    def month_document(self, month: str) -> str:
        return f"{self.folder}/{month}.json"

    def months(self) -> list[str]:
        folder = self.store.path(self.folder)
        if not folder.is_dir():
            return []
        names = (p.name.removesuffix(".json") for p in folder.glob("*.json"))
        return sorted(name for name in names if MONTH_RE.match(name))

    def _read_month(self, month: str) -> list[dict[str, Any]]:
        body = self.store.read(self.month_document(month), LOG_KIND)
        return [] if body is None else list(body["entries"])

    def _write_month(self, month: str, items: list[dict[str, Any]]) -> int:
        items.sort(key=lambda item: (item["at"], item["id"]))
        body = {"patient_id": self.patient_id, "month": month, "entries": items}
        rel = self.month_document(month)
        self.store.write(rel, LOG_KIND, body)
        return self.store.path(rel).stat().st_size

    def load(self, first: date | None = None, last: date | None = None) -> list[LogEntry]:
        """All entries (or those whose night is within first..last), oldest first."""
        lo = f"{first:%Y-%m}" if first else ""
        hi = f"{last + timedelta(days=1):%Y-%m}" if last and last < date.max else "9999-99"
        entries = list(self._stored([m for m in self.months() if lo <= m <= hi]))
        if first or last:
            entries = [
                e
                for e in entries
                if (not first or e.night >= first) and (not last or e.night <= last)
            ]
        return entries

    def load_lazy(self) -> StoredEntries:
        """All entries, oldest first, validated now and built into ``LogEntry`` objects when
        first used (a table showing 30 rows of 20,000 builds 30; see ``storage.stored_entries``)."""
        return self._stored(self.months())

    def _stored(self, months: list[str]) -> StoredEntries:
        with cycle_collection_paused():  # it all builds acyclic values: see bounded
            return StoredEntries.from_columns(self._columns(months))

    def _columns(self, months: list[str]) -> list[Columns]:
        """Each month's entries as validation took them apart (one pass over them: validating and
        taking apart are the same work); a month without a document is left out. The months are
        read together (``DataStore.read_each``)."""
        # by the identity of the validated entries list (kept alive with it, so never reused)
        seen: dict[int, tuple[object, Columns]] = {}

        def validate(doc: Document) -> None:
            entries = doc.get("entries")
            seen[id(entries)] = (entries, _checked_columns(doc))

        kind = replace(LOG_KIND, validate=validate)
        found: list[Columns] = []
        for body in self.store.read_each([self.month_document(m) for m in months], kind):
            if body is not None:  # each body is dropped once its columns are taken
                entries = body["entries"]
                validated = seen.pop(id(entries), None)
                if validated is not None and validated[0] is entries:
                    found.append(validated[1])
                else:
                    found.append(columns_of(entries))
        return found

    def add(self, entries: LogEntry | Iterable[LogEntry]) -> int:
        """Save new entries (one write per month touched); returns the bytes written."""
        batch = [entries] if isinstance(entries, LogEntry) else list(entries)
        written = 0
        for month, group in _by_month(batch).items():
            items = self._read_month(month)
            saved = {item["id"] for item in items}
            for entry in group:
                if entry.id in saved:
                    raise InputError(f"Entry {entry.id} is already saved.", "id")
                items.append(entry_to_json(entry))
                saved.add(entry.id)
            written += self._write_month(month, items)
        return written

    def delete(self, entries: LogEntry | Sequence[LogEntry]) -> None:
        """Remove entries by id (each month touched is rewritten once)."""
        batch = [entries] if isinstance(entries, LogEntry) else list(entries)
        for month, group in _by_month(batch).items():
            items = self._read_month(month)
            gone = {e.id for e in group}
            kept = [item for item in items if item["id"] not in gone]
            if len(items) - len(kept) != len(gone):
                raise EntryNotFoundError("An entry to delete is no longer saved; reload the log.")
            self._write_month(month, kept)

    def replace(self, old: LogEntry, new: LogEntry) -> None:
        """Save an edit (same id). Moving to another month writes the new month first."""
        if old.id != new.id:
            raise ValueError("an edit keeps the entry's id")
        items = self._read_month(month_of(old))
        if not any(item["id"] == old.id for item in items):
            raise EntryNotFoundError("The entry to change is no longer saved; reload the log.")
        if month_of(old) == month_of(new):
            self._write_month(
                month_of(new), [entry_to_json(new) if i["id"] == new.id else i for i in items]
            )
            return
        target = self._read_month(month_of(new))
        self._write_month(month_of(new), [*target, entry_to_json(new)])
        self._write_month(month_of(old), [i for i in items if i["id"] != old.id])

    # -- the patient's own symptoms ------------------------------------------------------------

    def custom_symptoms(self) -> tuple[Symptom, ...]:
        body = self.store.read(f"{patient_dir(self.patient_id)}/symptoms.json", SYMPTOMS_KIND)
        rows = [] if body is None else body["symptoms"]
        return tuple(Symptom(label=row["label"], custom=True) for row in rows)

    def symptoms(self) -> tuple[Symptom, ...]:
        """The shipped list followed by the patient's own symptoms (one the shipped list has come
        to include since, e.g. after an update, is listed once, as shipped)."""
        shipped = shipped_symptoms()
        names = {s.label for s in shipped}
        return shipped + tuple(s for s in self.custom_symptoms() if s.label not in names)

    def add_custom_symptom(self, symptom: Symptom) -> None:
        rows = [{"label": s.label} for s in self.custom_symptoms()]
        rows.append({"label": symptom.label})
        self.store.write(
            f"{patient_dir(self.patient_id)}/symptoms.json", SYMPTOMS_KIND, {"symptoms": rows}
        )


def _by_month(entries: Iterable[LogEntry]) -> dict[str, list[LogEntry]]:
    groups: dict[str, list[LogEntry]] = {}
    for entry in entries:
        groups.setdefault(month_of(entry), []).append(entry)
    return groups


def plan_steps(store: DataStore, patient_id: str) -> tuple[PlannedStep, ...]:
    """The patient's active titration plan as runs of days per dose (none: no plan), for the
    side-effect summary and chart (``core.side_effects.planned_steps``)."""
    try:
        from ldn_desktop.storage.titration import active_plan
    except ImportError:
        return ()
    version = active_plan(store, patient_id)
    return () if version is None else planned_steps(version.plan)


def planned_dose(store: DataStore, patient_id: str, day: date) -> Quantity | None:
    """The dose of the patient's active titration plan for that night, or None (no plan).

    Delegates to ``storage.titration.planned_dose`` (the titration feature); imported lazily so the
    log works before that feature exists.
    """
    try:
        from ldn_desktop.storage.titration import planned_dose as plan_dose
    except ImportError:
        return None
    result: Quantity | None = plan_dose(store, patient_id, day)
    return result
