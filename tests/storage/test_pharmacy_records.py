"""pharmacy.json: compounding records are released once, never changed, corrected by new records."""

from __future__ import annotations

import json
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ldn_desktop.core.compounding.capsules import calculate_capsule_batch
from ldn_desktop.core.compounding.drafts import RecordDetails, capsule_record_draft
from ldn_desktop.core.compounding.input_json import capsule_input_from_json
from ldn_desktop.core.compounding.inputs import ApiSource, CapsuleBatchInput, MeasuredFill
from ldn_desktop.core.compounding.record import Ingredient, RecordDraft, next_lot
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import Q_
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError
from ldn_desktop.storage.pharmacy import PHARMACY_DOC, CompoundingRecords

SAMPLE_V1 = Path(__file__).with_name("pharmacy_v1_sample.json")


def draft(
    on: date = date(2026, 3, 1), strength: str = "4.5", patient: str = "Ada Lovelace"
) -> RecordDraft:
    batch = calculate_capsule_batch(
        CapsuleBatchInput(
            strength=Q_(strength, "mg"),
            quantity=30,
            source=ApiSource(Decimal("0.995")),
            extra=2,
            method=MeasuredFill(Q_(240, "mg")),
            compounded_on=on,
        )
    )
    details = RecordDetails(
        preparer="ab",
        checker="C.D.",
        patient_id="p-ada",
        patient_name=patient,
        prescription="RX-1001",
        ingredients=(Ingredient("Naltrexone HCl", "Letco", "L123", date(2027, 1, 31)),),
    )
    return capsule_record_draft(batch, details)


def test_lot_numbers_run_per_day() -> None:
    assert next_lot([], date(2026, 3, 1)) == "20260301-01"
    assert (
        next_lot(["20260301-01", "20260301-02", "20260228-07"], date(2026, 3, 1)) == "20260301-03"
    )
    assert (
        next_lot([f"20260301-{n:02d}" for n in range(1, 100)], date(2026, 3, 1)) == "20260301-100"
    )


def test_release_and_reload(store: DataStore) -> None:
    records = CompoundingRecords(store)
    first = records.release(draft())
    second = records.release(draft(strength="1.5"))
    other_day = records.release(draft(on=date(2026, 3, 2)))
    assert [first.lot, second.lot, other_day.lot] == ["20260301-01", "20260301-02", "20260302-01"]
    again = CompoundingRecords(store).get(first.lot)
    assert again == first
    assert again.draft.preparer == "AB" and again.draft.checker == "CD"
    assert again.draft.result["capsules_total"] == 32
    assert again.draft.bud == date(2026, 8, 28)
    assert again.draft.rules_version == "ldn-compounding-rules/1"
    assert again.created_at.tzinfo is not None
    # the saved inputs give back the same calculation
    inputs = capsule_input_from_json(again.draft.inputs)
    assert inputs.strength.magnitude == 4.5


def test_a_released_record_edited_on_disk_is_detected(store: DataStore) -> None:
    CompoundingRecords(store).release(draft())
    path = store.path(PHARMACY_DOC)
    data = json.loads(path.read_text())
    data["records"][0]["result"]["drug_total_mg"] = 14.47
    path.write_text(json.dumps(data))
    with pytest.raises(CorruptDocumentError, match="changed after it was released"):
        CompoundingRecords(store).all()


def test_a_correction_is_a_new_record_pointing_at_the_old_one(store: DataStore) -> None:
    records = CompoundingRecords(store)
    original = records.release(draft())
    with pytest.raises(InputError) as caught:
        records.release(draft(), replaces=original.lot)
    assert caught.value.field == "reason"
    fixed = records.release(draft(strength="3"), replaces=original.lot, reason="wrong strength")
    assert fixed.replaces == original.lot and fixed.lot == "20260301-02"
    assert records.get(original.lot) == original  # unchanged
    assert records.replaced_by(original.lot) == fixed.lot
    with pytest.raises(InputError, match="already corrected"):
        records.release(draft(), replaces=original.lot, reason="again")
    with pytest.raises(InputError):
        records.release(draft(), replaces="20990101-01", reason="x")


def test_search_by_lot_patient_and_date(store: DataStore) -> None:
    records = CompoundingRecords(store)
    ada = records.release(draft())
    bob = records.release(draft(on=date(2026, 4, 2), patient="Bob Byte"))
    assert [r.lot for r in records.search("")] == [bob.lot, ada.lot]
    assert [r.lot for r in records.search("lovelace")] == [ada.lot]
    assert [r.lot for r in records.search("20260402")] == [bob.lot]
    assert [r.lot for r in records.search("2026-03")] == [ada.lot]
    assert [r.lot for r in records.search("bob 2026-04")] == [bob.lot]
    assert records.search("nobody") == []
    with pytest.raises(InputError):
        records.get("20260101-09")


def test_initials_are_required(store: DataStore) -> None:
    with pytest.raises(InputError) as caught:
        capsule_record_draft(
            calculate_capsule_batch(CapsuleBatchInput(Q_(3, "mg"), 30, ApiSource(Decimal(1)))),
            RecordDetails(preparer="", checker="CD"),
        )
    assert caught.value.field == "preparer"


def test_the_version_1_sample_keeps_loading(tmp_path: Path) -> None:
    """A real pharmacy.json written by version 1 (convention 5)."""
    shutil.copy(SAMPLE_V1, tmp_path / PHARMACY_DOC)
    store = DataStore.open(tmp_path, read_only=True)
    records = CompoundingRecords(store).all()
    assert [r.lot for r in records] == ["20260301-01", "20260301-02"]
    assert records[1].replaces == "20260301-01"
    inputs = capsule_input_from_json(records[0].draft.inputs)
    assert (
        calculate_capsule_batch(inputs).capsules_total == records[0].draft.result["capsules_total"]
    )
