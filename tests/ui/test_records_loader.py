"""Many compounding records are read on a thread: the Compounding page opens at once and its list
fills when they are read (with 6,000 records the first visit had frozen for ~3 s)."""

from __future__ import annotations

import json
import threading
from datetime import date, timedelta
from typing import Any

import pytest

from ldn_desktop.storage.pharmacy import CompoundingRecords
from ldn_desktop.ui.compounding import records_loader
from tests.storage.test_pharmacy_records import draft
from tests.ui.test_compounding_page import fill_tv1_with_people, make_page


@pytest.fixture
def threaded(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every reading on a thread; the names of the threads that read the records."""
    monkeypatch.setattr(records_loader, "THREAD_BYTES", 0)
    readers: list[str] = []
    real_all = CompoundingRecords.all

    def watched(self: CompoundingRecords) -> Any:
        readers.append(threading.current_thread().name)
        return real_all(self)

    monkeypatch.setattr(CompoundingRecords, "all", watched)
    return readers


def _release(store: Any, count: int) -> list[str]:
    records = CompoundingRecords(store)
    return [
        records.release(draft(on=date(2026, 3, 1) + timedelta(days=n))).lot for n in range(count)
    ]


def test_the_page_opens_before_the_records_are_read(
    qtbot: Any, app_context: Any, store: Any, threaded: list[str]
) -> None:
    lots = _release(store, 4)
    page = make_page(qtbot, app_context)
    # nothing delivered yet: the page is built, the list says it is reading
    assert page.records.records == [] and not page.records.reading.isHidden()
    assert not page.records.table.isEnabled() and not page.records.open_button.isEnabled()
    qtbot.waitUntil(lambda: page.records.records != [], timeout=10_000)
    assert [r.lot for r in page.records.records] == lots
    assert page.records.reading.isHidden() and page.records.table.isEnabled()
    assert threaded and all(name == "compounding-records" for name in threaded)


def test_few_records_are_read_at_once(qtbot: Any, app_context: Any, store: Any) -> None:
    """Below the threshold nothing changes: the list is there when the page is."""
    readers: list[str] = []
    real_all = CompoundingRecords.all

    def watched(self: CompoundingRecords) -> Any:
        readers.append(threading.current_thread().name)
        return real_all(self)

    lots = _release(store, 2)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(CompoundingRecords, "all", watched)
        page = make_page(qtbot, app_context)
    assert [r.lot for r in page.records.records] == lots
    assert readers == [threading.main_thread().name]


def test_a_release_while_the_records_are_read_lists_every_record(
    qtbot: Any, app_context: Any, store: Any, threaded: list[str]
) -> None:
    """The release waits for the reading (it holds the store's write lock); the list, not read
    yet, is read again after it, and the first reading's result is dropped."""
    lots = _release(store, 3)
    page = make_page(qtbot, app_context)
    fill_tv1_with_people(page)
    page.save_record()  # the first reading has not reported yet
    assert page.record is not None
    qtbot.waitUntil(lambda: page._records_read, timeout=10_000)
    qtbot.wait(50)  # a stale result, if any, is delivered and dropped
    assert [r.lot for r in page.records.records] == [*lots, page.record.lot]
    assert [r.lot for r in page.records.records] == [r.lot for r in CompoundingRecords(store).all()]


def test_a_damaged_document_read_on_the_thread_is_reported_in_the_banner(
    qtbot: Any, app_context: Any, store: Any, threaded: list[str]
) -> None:
    _release(store, 2)
    path = store.path("pharmacy.json")
    data = json.loads(path.read_text())
    data["records"][0]["result"]["drug_total_mg"] = 1.0
    path.write_text(json.dumps(data))
    page = make_page(qtbot, app_context)
    qtbot.waitUntil(lambda: "could not be read" in page.banner.text(), timeout=10_000)
    assert page.records.records == [] and page.records.reading.isHidden()
    assert "changed after it was released" in page.banner.text()


def test_a_page_closed_while_reading_is_no_trouble(
    qtbot: Any, app_context: Any, store: Any, threaded: list[str]
) -> None:
    from PySide6.QtWidgets import QApplication

    _release(store, 3)
    from ldn_desktop.ui.compounding_page import CompoundingPage

    page = CompoundingPage(app_context)
    loader = page.records_loader
    page.deleteLater()
    QApplication.processEvents()
    qtbot.wait(300)  # the thread finishes and reports to no one
    assert loader is not None


def test_a_disk_error_on_the_thread_is_said_and_a_defect_is_not_swallowed(
    qtbot: Any, app_context: Any, store: Any, threaded: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A disk that refuses the reading is a message in the banner; anything else is a defect and
    reaches the program's error report, instead of a list that says "reading" for ever."""
    _release(store, 2)

    def refused(self: CompoundingRecords) -> Any:
        raise PermissionError(13, "Permission denied", "pharmacy.json")

    monkeypatch.setattr(CompoundingRecords, "all", refused)
    page = make_page(qtbot, app_context)
    qtbot.waitUntil(lambda: "Permission denied" in page.banner.text(), timeout=10_000)
    assert page.records.reading.isHidden()

    def broken(self: CompoundingRecords) -> Any:
        raise ZeroDivisionError("a defect")

    monkeypatch.setattr(CompoundingRecords, "all", broken)
    with qtbot.captureExceptions() as raised:
        page.refresh_records()
        qtbot.waitUntil(lambda: bool(raised), timeout=10_000)
    assert isinstance(raised[0][1], ZeroDivisionError)
    assert page.records.reading.isHidden() and "a defect" in page.banner.text()
