"""Child process for rows 19 and 20: a pharmacy with many compounding records, searched as it is
typed, then one more released.

``python benchmarks/probe_records.py DATA [COUNT]``: writes COUNT records (default 2,000; one
calculated TV1 batch released on successive days, three a day) into DATA's ``pharmacy.json`` if
it has none, and moves its older months out as releases would have (``pharmacy/<YYYY-MM>.json``).
Then starts the main window as the program does, goes to the Compounding page and its Records
tab, types a search into the field (``probe_typing.type_into``: real key events at 15 keys/s,
latency from when each key was due to the field's next paint), and opens a record from the
list.

Then releases one more batch as the pharmacist does (TV1, initials, the confirmation answered):
from the click on Save to the record shown read-only and the list updated.

Prints one JSON line: ``latency_ms`` (one per key), ``first_visit_ms`` (the Compounding page built
and painted), ``records_read_ms`` (from the same click to the list filled: the records are read
on a thread), ``open_ms`` (a record opened from the list), ``release_ms`` (None if nothing
was released), ``records``, ``as_typed``.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # probe_typing, as a script would

SEARCH = "2023-05" + "\b" * 2 + "03"  # a month, then another
COUNT = 2000


def _write_records(data: Path, count: int) -> None:
    from decimal import Decimal

    from ldn_desktop.core.compounding.capsules import calculate_capsule_batch
    from ldn_desktop.core.compounding.drafts import RecordDetails, capsule_record_draft
    from ldn_desktop.core.compounding.inputs import ApiSource, CapsuleBatchInput, MeasuredFill
    from ldn_desktop.core.compounding.record import CompoundingRecord, Ingredient
    from ldn_desktop.core.units.quantities import Q_
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.pharmacy import (
        PHARMACY_DOC,
        PHARMACY_KIND,
        CompoundingRecords,
        record_to_json,
    )

    store = DataStore.open(data)
    try:
        if store.path(PHARMACY_DOC).exists():
            return
        first = date(2022, 1, 1)
        batch = calculate_capsule_batch(
            CapsuleBatchInput(
                strength=Q_("4.5", "mg"),
                quantity=30,
                source=ApiSource(Decimal("0.995")),
                extra=2,
                method=MeasuredFill(Q_(240, "mg")),
                compounded_on=first,
            )
        )
        details = RecordDetails(
            preparer="AB",
            checker="CD",
            patient_id="p-ada",
            patient_name="Ada Lovelace",
            prescription="RX-1001",
            ingredients=(Ingredient("Naltrexone HCl", "Letco", "L123", date(2027, 1, 31)),),
        )
        draft = capsule_record_draft(batch, details)
        base = CompoundingRecord(
            lot="", created_at=datetime(2022, 1, 1, 9).astimezone(), draft=draft
        )
        rows = []
        for number in range(count):
            day = first + timedelta(days=number // 3)
            record = dataclasses.replace(
                base,
                lot=f"{day:%Y%m%d}-{number % 3 + 1:02d}",
                draft=dataclasses.replace(draft, compounded_on=day),
            )
            rows.append(record_to_json(record))
        # as if released one by one: pharmacy.json moves its older months out as it grows (a
        # thousand at a time: all of them in one document would pass the 32 MB a document holds)
        records = CompoundingRecords(store)
        for start in range(0, len(rows), 1000):
            current = records._rows()
            store.write(
                PHARMACY_DOC, PHARMACY_KIND, {"records": current + rows[start : start + 1000]}
            )
            records.roll_over()
    finally:
        store.close()


def _release(app: Any, page: Any) -> float | None:
    """Milliseconds to release a new TV1 batch (None if it was not released, or not listed)."""
    page.new_batch()
    fields = page.form.fields
    for name, text in (
        ("strength", "4.5 mg"),
        ("quantity", "30"),
        ("overage", "2"),
        ("assay", "99.5%"),
        ("fill_weight", "240 mg"),
    ):
        fields[name].set_text(text)
    page.record_box.preparer.set_text("AB")
    page.record_box.checker.set_text("CD")
    page.ask_release = lambda draft: True  # the confirmation dialog, answered
    before = len(page.records.records)
    app.processEvents()
    start = time.perf_counter()
    page.save_record()
    app.processEvents()
    spent = (time.perf_counter() - start) * 1000
    listed = len(page.records.records) == before + 1
    return spent if page.record is not None and listed else None


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    data = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else COUNT
    _write_records(data, count)
    import probe_typing

    app, store, window = probe_typing.start_window(data)
    window.resize(1180, 780)
    window.show()
    probe_typing._run_until(app, time.perf_counter() + 0.5)
    start = time.perf_counter()
    page = window.compounding_page
    window.show_page(page)
    app.processEvents()
    first_visit = (time.perf_counter() - start) * 1000
    page.tabs.setCurrentWidget(page.records)
    while not page._records_read and time.perf_counter() - start < 60:  # read on a thread
        app.processEvents()
        time.sleep(0.002)
    records_read = (time.perf_counter() - start) * 1000
    probe_typing._run_until(app, time.perf_counter() + 0.3)
    field = page.records.search
    latencies = probe_typing.type_into(app, field, SEARCH, probe_typing.KEYS_PER_SECOND)
    as_typed = field.text() == probe_typing.typed_text(SEARCH)
    lots = page.records.visible_lots()
    page.records.table.selectRow(0)
    start = time.perf_counter()
    page.records.open_button.click()
    app.processEvents()
    opened = (time.perf_counter() - start) * 1000
    ok = page.record is not None and bool(lots) and page.record.lot == lots[0]
    released = _release(app, page)
    report = {
        "latency_ms": latencies,
        "first_visit_ms": first_visit,
        "records_read_ms": records_read,
        "open_ms": opened if ok else None,
        "release_ms": released,
        "records": count,
        "as_typed": as_typed,
    }
    print(json.dumps(report), flush=True)
    store.close()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())
