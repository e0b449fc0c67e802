"""One compounding record as stored: its JSON, its digest and its validation.

Shared by ``pharmacy.json`` and the month documents its older records move to
(``storage.pharmacy``). The digest is a SHA-256 of the record's canonical JSON (sorted keys,
no spaces): a record edited outside the program no longer matches it.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from ldn_desktop.core.compounding import (
    LOT_PATTERN,
    CompoundingRecord,
    Ingredient,
    RecordDraft,
    report_from_json,
    report_to_json,
)
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.report_schema import validate_report
from ldn_desktop.storage.schema import need, need_date, need_datetime, need_text


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


def digest(body: dict[str, Any]) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def record_to_json(record: CompoundingRecord) -> dict[str, Any]:
    body = _body(record)
    return {**body, "digest": digest(body)}


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


def validate_record(row: Any, where: str, seen: set[str], month: str | None = None) -> None:
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
    stored = need_text(row, "digest", where, max_length=64)
    body = {key: value for key, value in row.items() if key != "digest"}
    if stored != digest(body):
        raise InvalidDocumentError(f"{where}: record {lot} was changed after it was released")
    try:  # what every reader builds: a record it cannot be built from is refused here
        record_from_json(row)
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise InvalidDocumentError(f"{where}: record {lot} cannot be read ({exc})") from None
    seen.add(lot)
