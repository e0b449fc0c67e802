"""pharmacy.json stays small: once it grows past ``ROLLOVER_BYTES``, the records of all but its
two newest months move to ``pharmacy/<YYYY-MM>.json``.

Every record in one document meant a release read, validated and rewrote all of them (~1 s with
2,000 records), and at ~4,000 records (~32 MB) the document could no longer be read back at all.
A small pharmacy never reaches the threshold and keeps everything in pharmacy.json as before.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ldn_desktop.core.errors import InputError, StorageError
from ldn_desktop.storage import pharmacy
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError
from ldn_desktop.storage.pharmacy import (
    MONTH_KIND,
    PHARMACY_DOC,
    PHARMACY_KIND,
    CompoundingRecords,
    month_document,
)
from tests.storage.test_pharmacy_records import draft

SMALL = 40_000  # bytes: a few records (each ~8 kB)


@pytest.fixture
def small_rollover(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pharmacy, "ROLLOVER_BYTES", SMALL)


def _release_over_months(records: CompoundingRecords, first: date, count: int) -> list[str]:
    """``count`` records, one every 9 days from ``first`` (a few a month)."""
    return [records.release(draft(on=first + timedelta(days=9 * n))).lot for n in range(count)]


def _lots_in(store: DataStore, rel: str) -> list[str]:
    return [row["lot"] for row in json.loads(store.path(rel).read_text())["records"]]


def test_a_small_pharmacy_keeps_every_record_in_pharmacy_json(store: DataStore) -> None:
    records = CompoundingRecords(store)
    lots = _release_over_months(records, date(2026, 1, 3), 12)
    assert _lots_in(store, PHARMACY_DOC) == lots
    assert not store.path("pharmacy").exists()


def test_older_months_move_out_and_every_record_still_reads(
    store: DataStore, small_rollover: None
) -> None:
    records = CompoundingRecords(store)
    lots = _release_over_months(records, date(2026, 1, 3), 15)  # 2026-01-03 .. 2026-05-08
    current = _lots_in(store, PHARMACY_DOC)
    months = sorted(p.name for p in store.path("pharmacy").iterdir())
    assert months and all(name.endswith(".json") for name in months)
    # pharmacy.json holds its two newest months; each older month its own document
    newest = {lot[:6] for lot in current}
    assert len(newest) <= 2 and max(newest) == lots[-1][:6]
    moved = [lot for name in months for lot in _lots_in(store, f"pharmacy/{name}")]
    assert sorted(moved + current) == sorted(lots) and not set(moved) & set(current)
    for name in months:
        assert {lot[:6] for lot in _lots_in(store, f"pharmacy/{name}")} == {name[:4] + name[5:7]}
    again = CompoundingRecords(store)
    assert [r.lot for r in again.all()] == lots  # the order they were released in
    assert again.get(lots[0]).lot == lots[0]
    assert [r.lot for r in again.search("2026-01")] == sorted(
        (lot for lot in lots if lot.startswith("202601")), reverse=True
    )


def test_corrections_and_lots_across_the_moved_months(
    store: DataStore, small_rollover: None
) -> None:
    records = CompoundingRecords(store)
    lots = _release_over_months(records, date(2026, 1, 3), 15)
    first = lots[0]
    assert _lots_in(store, month_document("2026-01")).count(first) == 1  # moved out
    fixed = records.release(draft(on=date(2026, 1, 3)), replaces=first, reason="wrong strength")
    assert fixed.lot == "20260103-02"  # the day's lots are counted where they are stored
    assert records.replaced_by(first) == fixed.lot
    with pytest.raises(InputError, match="already corrected"):
        records.release(draft(), replaces=first, reason="again")
    with pytest.raises(InputError):
        records.release(draft(), replaces="20250101-01", reason="no such lot")
    assert [r.lot for r in CompoundingRecords(store).all()] == [*lots, fixed.lot]


def test_a_record_changed_in_a_moved_month_is_detected(
    store: DataStore, small_rollover: None
) -> None:
    records = CompoundingRecords(store)
    _release_over_months(records, date(2026, 1, 3), 15)
    path = store.path(month_document("2026-01"))
    data = json.loads(path.read_text())
    data["records"][0]["result"]["drug_total_mg"] = 14.47
    path.write_text(json.dumps(data))
    with pytest.raises(CorruptDocumentError, match="changed after it was released"):
        CompoundingRecords(store).all()


def test_a_month_document_must_hold_its_own_month(store: DataStore, small_rollover: None) -> None:
    records = CompoundingRecords(store)
    _release_over_months(records, date(2026, 1, 3), 15)
    january = store.path(month_document("2026-01"))
    january.rename(store.path(month_document("2026-02")).with_name("2025-12.json"))
    with pytest.raises(CorruptDocumentError):
        CompoundingRecords(store).all()


def test_interrupted_between_the_month_and_pharmacy_json(
    store: DataStore, small_rollover: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The months are written first: a stop before pharmacy.json is rewritten leaves records in
    both places, read once, and moved again by the next release. The release itself was saved
    and says so (a failure reported after it was saved would make the pharmacist release the
    batch twice)."""
    records = CompoundingRecords(store)
    lots = _release_over_months(records, date(2026, 1, 3), 6)  # January and February
    assert not store.path("pharmacy").exists()
    real_write = store.write
    stops: list[str] = []

    def stop_at_pharmacy_json(rel: str, kind: object, body: object) -> None:
        if rel == PHARMACY_DOC and len(body["records"]) < len(lots) + 1:  # type: ignore[index]
            stops.append(rel)
            raise StorageError("the power went off")
        real_write(rel, kind, body)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "write", stop_at_pharmacy_json)
    monkeypatch.setattr(pharmacy, "ROLLOVER_BYTES", 20_000)
    lots.append(records.release(draft(on=date(2026, 3, 9))).lot)
    assert stops and store.path(month_document("2026-01")).exists()
    monkeypatch.undo()
    monkeypatch.setattr(pharmacy, "ROLLOVER_BYTES", 20_000)
    listed = [r.lot for r in CompoundingRecords(store).all()]
    assert listed == lots and lots[-1] == "20260309-01"  # saved; nothing listed twice
    later = records.release(draft(on=date(2026, 3, 10))).lot
    assert [r.lot for r in CompoundingRecords(store).all()] == [*listed, later]
    current = set(_lots_in(store, PHARMACY_DOC))
    moved = {
        lot
        for p in store.path("pharmacy").iterdir()
        for lot in _lots_in(store, f"pharmacy/{p.name}")
    }
    assert not current & moved


def test_a_lot_stored_twice_differently_is_reported(store: DataStore, small_rollover: None) -> None:
    records = CompoundingRecords(store)
    lots = _release_over_months(records, date(2026, 1, 3), 15)
    january = json.loads(store.path(month_document("2026-01")).read_text())
    other = CompoundingRecords(store).get(lots[-1])  # a valid record of another lot...
    row = pharmacy.record_to_json(
        dataclasses.replace(other, lot=lots[0])
    )  # ...stored under January's first lot
    current = json.loads(store.path(PHARMACY_DOC).read_text())
    store.write(PHARMACY_DOC, PHARMACY_KIND, {"records": [*current["records"], row]})
    assert january["records"][0]["lot"] == lots[0]
    with pytest.raises(StorageError, match=f"{lots[0]}.*twice"):
        CompoundingRecords(store).all()


def test_a_read_only_store_reads_the_moved_months(tmp_path: Path, small_rollover: None) -> None:
    store = DataStore.open(tmp_path / "data")
    lots = _release_over_months(CompoundingRecords(store), date(2026, 1, 3), 15)
    store.close()
    reader = DataStore.open(tmp_path / "data", read_only=True)
    assert [r.lot for r in CompoundingRecords(reader).all()] == lots


def test_roll_over_moves_a_large_pharmacy_json_at_once(
    store: DataStore, small_rollover: None
) -> None:
    """A folder from before this change (everything in pharmacy.json) is rolled over by its next
    release, or by ``roll_over``."""
    rows = []
    for n in range(12):
        record = CompoundingRecords(store).release(
            draft(on=date(2025, 1, 5) + timedelta(days=30 * n))
        )
        rows.append(record.lot)
    everything = [
        row
        for p in [*sorted(store.path("pharmacy").glob("*.json")), store.path(PHARMACY_DOC)]
        for row in json.loads(p.read_text())["records"]
    ]
    for p in store.path("pharmacy").glob("*.json"):
        p.unlink()
    store.write(PHARMACY_DOC, PHARMACY_KIND, {"records": everything})
    CompoundingRecords(store).roll_over()
    assert len(_lots_in(store, PHARMACY_DOC)) == 2  # its two newest months, one record each
    assert [r.lot for r in CompoundingRecords(store).all()] == rows
    assert MONTH_KIND.remember_valid


def test_a_lot_of_pharmacy_json_that_differs_from_its_month_is_never_dropped(
    store: DataStore, small_rollover: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Moving a month out merges it with a month document already there; a lot in both with
    different contents stops the move before anything is written."""
    records = CompoundingRecords(store)
    lots = _release_over_months(records, date(2026, 1, 3), 15)
    january = json.loads(store.path(month_document("2026-01")).read_text())["records"]
    other = CompoundingRecords(store).get(lots[-1])
    twin = pharmacy.record_to_json(dataclasses.replace(other, lot=january[0]["lot"]))
    current = json.loads(store.path(PHARMACY_DOC).read_text())["records"]
    store.write(PHARMACY_DOC, PHARMACY_KIND, {"records": [twin, *current]})
    before = {p.name: p.read_bytes() for p in store.path("pharmacy").iterdir()}
    monkeypatch.setattr(pharmacy, "ROLLOVER_BYTES", 1000)
    with pytest.raises(StorageError, match="twice"):
        CompoundingRecords(store).roll_over()
    assert {p.name: p.read_bytes() for p in store.path("pharmacy").iterdir()} == before
    assert twin in json.loads(store.path(PHARMACY_DOC).read_text())["records"]


def test_the_month_documents_travel_in_exports_backups_and_restores(
    store: DataStore, small_rollover: None, tmp_path: Path
) -> None:
    """They are documents like any other: exported, imported, backed up and restored, and a
    month document under another month's name is refused by the import."""
    import zipfile

    from ldn_desktop.storage.archive import export_archive
    from ldn_desktop.storage.archive_entries import ArchiveRefusedError
    from ldn_desktop.storage.archive_import import apply_import, plan_import
    from ldn_desktop.storage.backup import backup_now, restore_backup

    lots = _release_over_months(CompoundingRecords(store), date(2026, 1, 3), 15)
    assert CompoundingRecords(store).months()
    out = tmp_path / "all.zip"
    export_archive(store.root, out)
    other = DataStore.open(tmp_path / "other")
    apply_import(other, plan_import(other.root, out))
    assert [r.lot for r in CompoundingRecords(other).all()] == lots
    other.close()

    backup = backup_now(store.root, tmp_path / "backups")
    for path in store.path("pharmacy").iterdir():
        path.unlink()
    restore_backup(store, backup)
    assert [r.lot for r in CompoundingRecords(store).all()] == lots

    moved = tmp_path / "moved.zip"
    with zipfile.ZipFile(out) as source, zipfile.ZipFile(moved, "w") as target:
        for item in source.infolist():
            name = item.filename.replace("pharmacy/2026-01.json", "pharmacy/2025-01.json")
            target.writestr(name, source.read(item.filename))
    fresh = DataStore.open(tmp_path / "fresh")
    with pytest.raises(ArchiveRefusedError, match="2025-01"):
        plan_import(fresh.root, moved)
    fresh.close()


def test_a_month_moved_aside_as_damaged_is_not_replaced_by_a_new_one(
    store: DataStore, small_rollover: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recovering a month document writes its backup over the current one: records moved into
    a new document of that month meanwhile would be overwritten. While a month's document is
    moved aside its records stay in pharmacy.json, and a release dated in it is refused (its
    lots are unknown, a new lot could repeat one)."""
    from ldn_desktop.storage.recovery import recover_document

    records = CompoundingRecords(store)
    lots = _release_over_months(records, date(2026, 1, 3), 15)
    january = store.path(month_document("2026-01"))
    good = json.loads(january.read_bytes())
    store.write(month_document("2026-01"), MONTH_KIND, good)  # a backup generation to recover
    january.write_text('{"format": "ldn-desktop/pharmacy-month"')  # damaged
    with pytest.raises(CorruptDocumentError):
        CompoundingRecords(store).all()
    assert not january.exists()  # moved aside
    with pytest.raises(InputError, match=r"2026-01.*moved aside"):
        records.release(draft(on=date(2026, 1, 20)))

    # a January record still in pharmacy.json (a roll-over stopped half-way) stays there
    stray = good["records"][0]
    current = json.loads(store.path(PHARMACY_DOC).read_text())["records"]
    store.write(PHARMACY_DOC, PHARMACY_KIND, {"records": [stray, *current]})
    monkeypatch.setattr(pharmacy, "ROLLOVER_BYTES", 1000)
    CompoundingRecords(store).roll_over()
    assert not january.exists()
    assert stray["lot"] in _lots_in(store, PHARMACY_DOC)

    recover_document(store, month_document("2026-01"))
    assert [r.lot for r in CompoundingRecords(store).all()] == lots
    CompoundingRecords(store).roll_over()  # recovered: January joins its document again
    assert stray["lot"] not in _lots_in(store, PHARMACY_DOC)
    assert _lots_in(store, month_document("2026-01")).count(stray["lot"]) == 1
    assert [r.lot for r in CompoundingRecords(store).all()] == lots


@pytest.mark.parametrize("spread", [False, True])
def test_a_corrected_record_deleted_from_its_document_is_reported(
    store: DataStore, monkeypatch: pytest.MonkeyPatch, spread: bool
) -> None:
    """A correction names the lot it corrects; that lot missing from every document means a
    released record was deleted (pharmacy.json's own check said so before the records could
    span documents). Unless a month document is moved aside as damaged (that is reported on its
    own, and the record may be in it), reading the records says so."""
    if spread:
        monkeypatch.setattr(pharmacy, "ROLLOVER_BYTES", SMALL)
    records = CompoundingRecords(store)
    lots = _release_over_months(records, date(2026, 1, 3), 15 if spread else 3)
    records.release(draft(on=date(2026, 5, 20)), replaces=lots[0], reason="wrong strength")
    rel = month_document("2026-01") if spread else PHARMACY_DOC
    kind = MONTH_KIND if spread else PHARMACY_KIND
    body = json.loads(store.path(rel).read_text())
    body["records"] = [row for row in body["records"] if row["lot"] != lots[0]]
    store.write(rel, kind, body)  # each document on its own is still valid
    with pytest.raises(StorageError, match=f"{lots[0]}.*in no record document"):
        CompoundingRecords(store).all()
    # a document moved aside as damaged explains it (and is reported by its own message)
    aside = store.path(rel).with_name(store.path(rel).name + ".corrupt-20261203T000000Z")
    aside.write_text("{")
    assert len(CompoundingRecords(store).all()) == len(lots)  # the others, and the correction
