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

import hashlib
import json
import logging
import re
from datetime import UTC, date, datetime
from typing import Any

from ldn_desktop.core.compounding import (
    LOT_PATTERN,
    CompoundingRecord,
    Ingredient,
    RecordDraft,
    next_lot,
    report_from_json,
    report_from_result,
    report_to_json,
    search_records,
    validate_text,
)
from ldn_desktop.core.errors import InputError, LdnError, StorageError
from ldn_desktop.storage.documents import DataStore, Document, DocumentKind
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.report_schema import validate_report
from ldn_desktop.storage.schema import need, need_date, need_datetime, need_text

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


def lot_month(lot: str) -> str:
    """``20260301-02`` -> ``2026-03``: the month of the lot's compounding date."""
    return f"{lot[:4]}-{lot[4:6]}"


def _ingredient_json(item: Ingredient) -> dict[str, Any]:
    return {
        "name": item.name,
        "vendor": item.vendor,
        "lot": item.lot,
        "expires_on": item.expires_on.isoformat() if item.expires_on else None,
    }


def _body(record: CompoundingRecord) -> dict[str, Any]:
    draft = record.draft
    return {
        "lot": record.lot,
        "created_at": record.created_at.isoformat(),
        "replaces": record.replaces,
        "correction_reason": record.correction_reason,
        "kind": draft.kind,
        "title": draft.title,
        "compounded_on": draft.compounded_on.isoformat(),
        "preparer": draft.preparer,
        "checker": draft.checker,
        "quantity_label": draft.quantity_label,
        "patient_id": draft.patient_id,
        "patient_name": draft.patient_name,
        "prescription": draft.prescription,
        "prescriber": draft.prescriber,
        "directions": draft.directions,
        "ingredients": [_ingredient_json(i) for i in draft.ingredients],
        "bud": draft.bud.isoformat(),
        "storage": draft.storage,
        "notes": draft.notes,
        "rules_version": draft.rules_version,
        "app_version": draft.app_version,
        "inputs": draft.inputs,
        "result": draft.result,
        "report": report_to_json(draft.report),
    }


def _digest(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_to_json(record: CompoundingRecord) -> dict[str, Any]:
    body = _body(record)
    return {**body, "digest": _digest(body)}


def record_from_json(data: dict[str, Any]) -> CompoundingRecord:
    ingredients = tuple(
        Ingredient(
            row["name"],
            row["vendor"],
            row["lot"],
            date.fromisoformat(row["expires_on"]) if row["expires_on"] else None,
        )
        for row in data["ingredients"]
    )
    draft = RecordDraft(
        kind=data["kind"],
        title=data["title"],
        compounded_on=date.fromisoformat(data["compounded_on"]),
        preparer=data["preparer"],
        checker=data["checker"],
        quantity_label=data["quantity_label"],
        inputs=data["inputs"],
        result=data["result"],
        report=report_from_json(data["report"]),
        bud=date.fromisoformat(data["bud"]),
        storage=data["storage"],
        rules_version=data["rules_version"],
        app_version=data["app_version"],
        patient_id=data["patient_id"],
        patient_name=data["patient_name"],
        prescription=data["prescription"],
        prescriber=data["prescriber"],
        directions=data["directions"],
        ingredients=ingredients,
        notes=data["notes"],
    )
    return CompoundingRecord(
        lot=data["lot"],
        created_at=datetime.fromisoformat(data["created_at"]),
        draft=draft,
        replaces=data["replaces"],
        correction_reason=data["correction_reason"],
        digest=data["digest"],
    )


def _validate_record(row: Any, where: str, seen: set[str], month: str | None = None) -> None:
    lot = need_text(row, "lot", where, max_length=12, non_empty=True) or ""
    if not LOT_PATTERN.match(lot) or lot in seen:
        raise InvalidDocumentError(f"{where}: lot {lot!r} is malformed or repeated")
    if month is not None and lot_month(lot) != month:
        raise InvalidDocumentError(f"{where}: lot {lot} does not belong to {month}")
    # the lot it corrects may be in another document (an older month): release checks that
    # it exists, and that it is corrected once, across all of them
    replaces = need_text(row, "replaces", where, optional=True, max_length=12)
    if replaces is not None and (not LOT_PATTERN.match(replaces) or replaces == lot):
        raise InvalidDocumentError(f"{where}: replaces {replaces!r}, which is no earlier lot")
    need_datetime(row, "created_at", where)
    for key in ("compounded_on", "bud"):
        need_date(row, key, where)
    if need_text(row, "kind", where) not in {"capsules", "liquid"}:
        raise InvalidDocumentError(f"{where}: 'kind' must be capsules or liquid")
    for key in ("title", "preparer", "checker", "quantity_label", "storage", "rules_version"):
        need_text(row, key, where, non_empty=True, max_length=2000)
    for key in ("patient_name", "prescription", "prescriber", "directions", "notes"):
        need_text(row, key, where, max_length=5000)
    for key in ("correction_reason", "app_version"):
        need_text(row, key, where, max_length=5000)
    need_text(row, "patient_id", where, optional=True, max_length=32)
    need(row, "inputs", dict, where)
    need(row, "result", dict, where)
    validate_report(need(row, "report", dict, where), f"{where}.report")
    try:
        report_from_json(row["report"])
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise InvalidDocumentError(f"{where}: the report cannot be read ({exc})") from None
    for item in need(row, "ingredients", list, where):
        for key in ("name", "vendor", "lot"):
            need_text(item, key, f"{where}.ingredients", max_length=500)
        need_date(item, "expires_on", f"{where}.ingredients", optional=True)
    digest = need_text(row, "digest", where, max_length=64)
    body = {key: value for key, value in row.items() if key != "digest"}
    if digest != _digest(body):
        raise InvalidDocumentError(f"{where}: record {lot} was changed after it was released")
    try:  # what every reader builds: a record it cannot be built from is refused here
        record_from_json(row)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise InvalidDocumentError(f"{where}: record {lot} cannot be read ({exc})") from None
    seen.add(lot)


def _validate(document: Document) -> None:
    records = need(document, "records", list, "pharmacy")
    if len(records) > MAX_RECORDS:
        raise InvalidDocumentError("pharmacy: too many records")
    seen: set[str] = set()
    for index, row in enumerate(records):
        _validate_record(row, f"pharmacy.records[{index}]", seen)


def _migrate_v1(document: dict[str, Any]) -> dict[str, Any]:
    """v1 → v2: each record gets its typed report (from the saved result, exactly as released).

    The v1 digest is checked first, so a record changed outside the program is still refused;
    the digest is then recomputed over the body with the report.
    """
    records = []
    for index, row in enumerate(document.get("records") or []):
        body = {key: value for key, value in row.items() if key != "digest"}
        if row.get("digest") != _digest(body):
            raise ValueError(f"record {index} was changed after it was released")
        body["report"] = report_to_json(
            report_from_result(body["kind"], body["result"], body["inputs"])
        )
        records.append({**body, "digest": _digest(body)})
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
        _validate_record(row, f"pharmacy/{month}.records[{index}]", seen, month)


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

    def _month_rows(self, month: str) -> list[dict[str, Any]]:
        document = self.store.read(month_document(month), MONTH_KIND)
        return list(document["records"]) if document else []

    def _all_rows(self) -> list[dict[str, Any]]:
        """Every record: the older months, then pharmacy.json."""
        return self._merged([*self._older_rows(), self._rows()])

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
            if self.store.path(PHARMACY_DOC).stat().st_size > ROLLOVER_BYTES:
                self._move_older_months(rows)
        except (LdnError, OSError) as exc:
            log.warning("compounding records: older months not moved out yet (%s)", exc)
        return record_from_json(saved)

    def roll_over(self) -> None:
        """Move the older months out of pharmacy.json now if it is over ``ROLLOVER_BYTES`` (a
        release does this itself)."""
        path = self.store.path(PHARMACY_DOC)
        if path.is_file() and path.stat().st_size > ROLLOVER_BYTES:
            self._move_older_months(self._rows())

    def _move_older_months(self, rows: list[dict[str, Any]]) -> None:
        """pharmacy.json keeps its two newest months; each older one joins its month document
        (written first: see the module's note)."""
        kept_months = sorted({lot_month(row["lot"]) for row in rows})[-2:]
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
