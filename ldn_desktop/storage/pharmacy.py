"""``pharmacy.json``: the pharmacy's compounding records (docs/reference/compounding.md §7.4).

Records are append-only. Each carries a SHA-256 digest of its content, checked on every load, so a
record edited outside the program is detected (the document is then quarantined like any damaged
document and the newest valid backup offered). A correction is a new record whose ``replaces``
names an earlier lot; the earlier record is never changed.
"""

from __future__ import annotations

import hashlib
import json
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
from ldn_desktop.core.errors import InputError
from ldn_desktop.storage.documents import DataStore, Document, DocumentKind
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.report_schema import validate_report
from ldn_desktop.storage.schema import need, need_date, need_datetime, need_text

PHARMACY_DOC = "pharmacy.json"
MAX_RECORDS = 100_000


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


def _validate_record(row: Any, where: str, seen: set[str]) -> None:
    lot = need_text(row, "lot", where, max_length=12, non_empty=True) or ""
    if not LOT_PATTERN.match(lot) or lot in seen:
        raise InvalidDocumentError(f"{where}: lot {lot!r} is malformed or repeated")
    replaces = need_text(row, "replaces", where, optional=True, max_length=12)
    if replaces is not None and replaces not in seen:
        raise InvalidDocumentError(f"{where}: replaces unknown lot {replaces!r}")
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


class CompoundingRecords:
    """The compounding records of one data folder (append-only)."""

    def __init__(self, store: DataStore) -> None:
        self.store = store

    def _rows(self) -> list[dict[str, Any]]:
        document = self.store.read(PHARMACY_DOC, PHARMACY_KIND)
        return list(document["records"]) if document else []

    def all(self) -> list[CompoundingRecord]:
        """All records in the order they were released."""
        return [record_from_json(row) for row in self._rows()]

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
        lots = [row["lot"] for row in rows]
        if replaces is not None:
            if replaces not in lots:
                raise InputError(f"Replaces: no record {replaces[:16]!r}.", "replaces")
            if any(row["replaces"] == replaces for row in rows):
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
        self.store.write(PHARMACY_DOC, PHARMACY_KIND, {"records": [*rows, saved]})
        return record_from_json(saved)
