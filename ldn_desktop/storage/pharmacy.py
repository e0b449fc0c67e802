"""``pharmacy.json``: the pharmacy's compounding records (docs/reference/compounding.md §7.4).

Records are append-only. Each carries a SHA-256 digest of its content, checked on every load, so a
record edited outside the program is detected (the document is then quarantined like any damaged
document and the newest valid backup offered). A correction is a new record whose ``replaces``
names an earlier lot; the earlier record is never changed.

``pharmacy.json`` holds the records of its newest months. Once a release leaves it larger than
``ROLLOVER_BYTES`` (~1,000 records), the records of all but its two newest months (by lot, i.e.
compounding date) move to ``pharmacy/<YYYY-MM>.json`` (kind ``pharmacy-month``): the months are
written first, then pharmacy.json without them, so a stop in between leaves records in two places,
read once (same lot, same digest) and moved again by the next release. Every record in one
document made each release read, validate and rewrite all of them (~1 s with 2,000 records), and
past ~4,000 records (32 MB) the document could not be read back. A pharmacy below the threshold
keeps every record in pharmacy.json.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import UTC, datetime
from typing import Any

from ldn_desktop.core.compounding import (
    CompoundingRecord,
    RecordDraft,
    next_lot,
    report_from_result,
    report_to_json,
    search_records,
    validate_text,
)
from ldn_desktop.core.errors import InputError, LdnError, StorageError
from ldn_desktop.storage.documents import (
    CORRUPT_MARK,
    DataStore,
    Document,
    DocumentKind,
    moved_aside_original,
)
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.pharmacy_rows import (
    digest,
    lot_month,
    record_from_json,
    record_to_json,
    validate_record,
)
from ldn_desktop.storage.schema import need, need_text

__all__ = [
    "MONTH_KIND",
    "PHARMACY_DOC",
    "PHARMACY_KIND",
    "CompoundingRecords",
    "lot_month",
    "month_document",
    "record_from_json",
    "record_to_json",
]

log = logging.getLogger(__name__)

PHARMACY_DOC = "pharmacy.json"
MONTHS_DIR = "pharmacy"  # pharmacy/<YYYY-MM>.json: the records of older months
MAX_RECORDS = 100_000
# pharmacy.json larger than this after a release: its older months move out (module note)
ROLLOVER_BYTES = 8 * 1024 * 1024
MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


def month_document(month: str) -> str:
    """Where the records of ``month`` (``YYYY-MM``) go once they leave pharmacy.json."""
    return f"{MONTHS_DIR}/{month}.json"


def _validate(document: Document) -> None:
    records = need(document, "records", list, "pharmacy")
    if len(records) > MAX_RECORDS:
        raise InvalidDocumentError("pharmacy: too many records")
    seen: set[str] = set()
    for index, row in enumerate(records):
        validate_record(row, f"pharmacy.records[{index}]", seen)


def _migrate_v1(document: dict[str, Any]) -> dict[str, Any]:
    """v1 → v2: each record gets its typed report (from the saved result, exactly as released).

    The v1 digest is checked first, so a record changed outside the program is still refused;
    the digest is then recomputed over the body with the report.
    """
    records = []
    for index, row in enumerate(document.get("records") or []):
        body = {key: value for key, value in row.items() if key != "digest"}
        if row.get("digest") != digest(body):
            raise ValueError(f"record {index} was changed after it was released")
        body["report"] = report_to_json(
            report_from_result(body["kind"], body["result"], body["inputs"])
        )
        records.append({**body, "digest": digest(body)})
    return {**document, "records": records}


# remember_valid: with 2,000 records (~20 MB) validating took ~0.3 s, and releasing one read the
# document the page had just read (DataStore's note)
PHARMACY_KIND = DocumentKind("pharmacy", 2, _validate, {1: _migrate_v1}, remember_valid=True)


def _validate_month(document: Document) -> None:
    month = need_text(document, "month", "pharmacy month", max_length=7) or ""
    if not MONTH_RE.match(month):
        raise InvalidDocumentError("pharmacy month: 'month' must be YYYY-MM")
    records = need(document, "records", list, "pharmacy month")
    if len(records) > MAX_RECORDS:
        raise InvalidDocumentError("pharmacy month: too many records")
    seen: set[str] = set()
    for index, row in enumerate(records):
        validate_record(row, f"pharmacy/{month}.records[{index}]", seen, month)


def _check_month_place(rel: str, document: Document) -> None:
    if rel != month_document(document["month"]):
        raise InvalidDocumentError(f"it holds {document['month']}, not the month of its name")


MONTH_KIND = DocumentKind(
    "pharmacy-month", 1, _validate_month, check_place=_check_month_place, remember_valid=True
)


class CompoundingRecords:
    """The compounding records of one data folder (append-only)."""

    def __init__(self, store: DataStore) -> None:
        self.store = store

    def _rows(self) -> list[dict[str, Any]]:
        """The records in pharmacy.json (its newest months)."""
        document = self.store.read(PHARMACY_DOC, PHARMACY_KIND)
        return list(document["records"]) if document else []

    def months(self) -> list[str]:
        """The months whose records left pharmacy.json, oldest first."""
        folder = self.store.path(MONTHS_DIR)
        if not folder.is_dir():
            return []
        names = (p.name.removesuffix(".json") for p in folder.glob("*.json"))
        return sorted(name for name in names if MONTH_RE.match(name))

    def _moved_aside(self) -> set[str]:
        """The documents of the records (``pharmacy.json``, ``pharmacy/<YYYY-MM>.json``) of which
        a copy was found damaged and moved aside (put back since or not)."""
        names = [
            n for n in os.listdir(self.store.root) if n.startswith(PHARMACY_DOC + CORRUPT_MARK)
        ]
        months = self.store.path(MONTHS_DIR)
        if months.is_dir():
            names += [f"{MONTHS_DIR}/{n}" for n in os.listdir(months) if CORRUPT_MARK in n]
        return set(map(moved_aside_original, names))

    def _missing(self, month: str) -> bool:
        """Whether the month's document was moved aside as damaged and not put back: its records
        are unknown, and a new document in its place would be overwritten by the recovery."""
        rel = month_document(month)
        return rel in self._moved_aside() and not self.store.exists(rel)

    def _month_rows(self, month: str) -> list[dict[str, Any]]:
        document = self.store.read(month_document(month), MONTH_KIND)
        return list(document["records"]) if document else []

    def _all_rows(self) -> list[dict[str, Any]]:
        """Every record: the older months, then pharmacy.json. A correction whose original is in
        no document means a released record was deleted: an error, unless a document of the
        records is moved aside as damaged (reported on its own; the original may be in it)."""
        rows = self._merged([*self._older_rows(), self._rows()])
        lots = {row["lot"] for row in rows}
        for row in rows:
            original = row["replaces"]
            if original is not None and original not in lots and not self._moved_aside():
                raise StorageError(
                    f"Compounding records: lot {row['lot']} corrects {original}, which is in no "
                    "record document: a released record may have been deleted. Restore it from "
                    "a backup (Settings ▸ Recover a document…, or `data recover`)."
                )
        return rows

    def _older_rows(self) -> list[list[dict[str, Any]]]:
        """The records of each month that left pharmacy.json, read together."""
        months = [month_document(month) for month in self.months()]
        return [d["records"] if d else [] for d in self.store.read_each(months, MONTH_KIND)]

    @staticmethod
    def _merged(row_lists: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
        """The rows once each: a record in two places (a roll-over stopped half-way) is the same
        lot with the same digest; the same lot with two contents is an error."""
        found: dict[str, dict[str, Any]] = {}
        for rows in row_lists:
            for row in rows:
                earlier = found.setdefault(row["lot"], row)
                if earlier is not row and earlier["digest"] != row["digest"]:
                    raise StorageError(
                        f"Compounding records: lot {row['lot']} is stored twice, with different "
                        f"contents (in {PHARMACY_DOC} and {MONTHS_DIR}/{lot_month(row['lot'])}"
                        ".json); restore one of them from a backup."
                    )
        return list(found.values())

    def all(self) -> list[CompoundingRecord]:
        """All records in the order they were released (by ``created_at``: a batch compounded
        in an older month and released later is stored with that month)."""
        records = [record_from_json(row) for row in self._all_rows()]
        records.sort(key=lambda record: record.created_at)  # stable: file order on a tie
        return records

    def get(self, lot: str) -> CompoundingRecord:
        for record in self.all():
            if record.lot == lot:
                return record
        raise InputError(f"Lot: no compounding record {lot[:16]!r}.", "lot")

    def search(self, text: str) -> list[CompoundingRecord]:
        return search_records(self.all(), text)

    def replaced_by(self, lot: str) -> str | None:
        """The lot of the correction that replaces ``lot`` (None if it stands)."""
        return next((r.lot for r in self.all() if r.replaces == lot), None)

    def release(
        self, draft: RecordDraft, *, replaces: str | None = None, reason: str = ""
    ) -> CompoundingRecord:
        """Save ``draft`` as a new released record with the next lot number of its date."""
        rows = self._rows()
        month = draft.compounded_on.strftime("%Y-%m")
        lots = [row["lot"] for row in rows]
        if month in self.months():  # a batch compounded in a month that already moved out
            lots += [row["lot"] for row in self._month_rows(month)]
        if self._missing(month):  # its lots are unknown: a new one could repeat one
            raise InputError(
                f"Compounding date: the records of {month} were found damaged and moved aside; "
                "recover them first (Settings ▸ Recover a document…, or `data recover`).",
                "compounded_on",
            )
        if replaces is not None:
            everything = self._merged([*self._older_rows(), rows])
            if replaces not in {row["lot"] for row in everything}:
                raise InputError(f"Replaces: no record {replaces[:16]!r}.", "replaces")
            if any(row["replaces"] == replaces for row in everything):
                raise InputError(f"Replaces: lot {replaces} was already corrected.", "replaces")
            reason = validate_text(reason, "reason", "Reason for the correction", 2000)
            if not reason:
                raise InputError("Reason for the correction: required.", "reason")
        record = CompoundingRecord(
            lot=next_lot(lots, draft.compounded_on),
            created_at=datetime.now(UTC).astimezone(),
            draft=draft,
            replaces=replaces,
            correction_reason=reason,
        )
        saved = record_to_json(record)
        rows.append(saved)
        self.store.write(PHARMACY_DOC, PHARMACY_KIND, {"records": rows})
        try:  # the record is saved: a roll-over that fails is tried again by the next release
            if self._too_large():
                self._move_older_months(rows)
        except (LdnError, OSError) as exc:
            log.warning("compounding records: older months not moved out yet (%s)", exc)
        return record_from_json(saved)

    def roll_over(self) -> None:
        """Move the older months out of pharmacy.json now if it is over ``ROLLOVER_BYTES`` (a
        release does this itself)."""
        if self._too_large():
            self._move_older_months(self._rows())

    def _too_large(self) -> bool:
        path = self.store.path(PHARMACY_DOC)
        return path.is_file() and path.stat().st_size > ROLLOVER_BYTES

    def _move_older_months(self, rows: list[dict[str, Any]]) -> None:
        """pharmacy.json keeps its two newest months (and any month whose document is moved aside
        as damaged); each older one joins its month document (written first: module note)."""
        months = {lot_month(row["lot"]) for row in rows}
        # a month whose document was moved aside keeps its records here until it is recovered
        kept_months = set(sorted(months)[-2:]) | {m for m in months if self._missing(m)}
        moving: dict[str, list[dict[str, Any]]] = {}
        for row in rows:
            month = lot_month(row["lot"])
            if month not in kept_months:
                moving.setdefault(month, []).append(row)
        if not moving:
            return
        joined = {month: self._month_rows(month) for month in sorted(moving)}
        for month, moved in moving.items():  # refused before anything is written
            self._merged([joined[month], moved])
        for month, there in joined.items():
            known = {row["lot"] for row in there}
            there += [row for row in moving[month] if row["lot"] not in known]
            self.store.write(month_document(month), MONTH_KIND, {"month": month, "records": there})
        kept = [row for row in rows if lot_month(row["lot"]) in kept_months]
        self.store.write(PHARMACY_DOC, PHARMACY_KIND, {"records": kept})
