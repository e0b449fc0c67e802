"""pharmacy.json v1 → v2: every released record gets its typed report, exactly as released (issue 11)."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ldn_desktop.core.compounding import (
    ApiSource,
    LiquidInput,
    RecordDetails,
    calculate_liquid,
    liquid_record_draft,
    report_from_json,
    report_to_json,
)
from ldn_desktop.core.units import Q_
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError
from ldn_desktop.storage.pharmacy import PHARMACY_DOC, CompoundingRecords, record_to_json
from ldn_desktop.storage.pharmacy_rows import digest as _digest

SAMPLE_V1 = Path(__file__).with_name("pharmacy_v1_sample.json")


def test_the_v1_sample_migrates_with_reports_from_its_saved_results(tmp_path: Path) -> None:
    shutil.copy(SAMPLE_V1, tmp_path / PHARMACY_DOC)
    store = DataStore.open(tmp_path)
    records = CompoundingRecords(store).all()
    saved = json.loads((tmp_path / PHARMACY_DOC).read_text())
    assert saved["version"] == 2
    assert any(p.name.endswith(".v1.bak") for p in tmp_path.rglob("*.bak"))
    for record in records:
        report, result = record.draft.report, record.draft.result
        assert report.title == result["title"] and report.bud.isoformat() == result["bud"]
        assert list(report.warnings) == result["warnings"]
        assert report.weighings[0].calculated_mg == Decimal(repr(result["drug_total_mg"]))
    assert records[0].draft.report.weighings[0].shown == "144.7 mg"
    store.close()
    assert CompoundingRecords(DataStore.open(tmp_path, read_only=True)).all() == records


def _v1_document(rows: list[dict[str, Any]]) -> dict[str, Any]:
    v1_rows = []
    for row in rows:
        body = {k: v for k, v in row.items() if k not in {"digest", "report"}}
        v1_rows.append({**body, "digest": _digest(body)})
    return {"format": "ldn-desktop/pharmacy", "version": 1, "records": v1_rows}


def _v1_liquid_row() -> dict[str, Any]:
    """A liquid record as v1 wrote it: no report, and no balance readability in the result."""
    batch = calculate_liquid(
        LiquidInput(
            Q_(1, "mg/mL"),
            Q_(50, "mL"),
            source=ApiSource(Decimal("0.99")),
            compounded_on=date(2026, 3, 1),
        )
    )
    draft = liquid_record_draft(batch, RecordDetails(preparer="AB", checker="CD"))
    from ldn_desktop.core.compounding import CompoundingRecord

    record = CompoundingRecord(
        "20260301-01", __import__("datetime").datetime(2026, 3, 1, 9).astimezone(), draft
    )
    row = record_to_json(record)
    for key in ("balance_readability_mg", "report", "steps", "dose_table_exact", "balance"):
        row["result"].pop(key, None)
    return row


def test_a_v1_liquid_record_from_api_loads_with_its_weighing_at_the_saved_readability(
    tmp_path: Path,
) -> None:
    (tmp_path / PHARMACY_DOC).write_text(json.dumps(_v1_document([_v1_liquid_row()])))
    record = CompoundingRecords(DataStore.open(tmp_path)).all()[0]
    report = record.draft.report
    assert report.kind == "liquid" and report.readability_mg == Decimal("0.1")
    assert [w.shown for w in report.weighings] == ["50.5 mg"]
    assert report_from_json(report_to_json(report)) == report


def test_a_v1_record_changed_outside_the_program_is_still_refused_when_migrating(
    tmp_path: Path,
) -> None:
    document = _v1_document([_v1_liquid_row()])
    document["records"][0]["result"]["drug_mg"] = 500  # edited after release, digest not updated
    (tmp_path / PHARMACY_DOC).write_text(json.dumps(document))
    with pytest.raises(CorruptDocumentError):
        CompoundingRecords(DataStore.open(tmp_path)).all()
