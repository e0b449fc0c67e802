"""Every compounding record read for the Compounding page's list; on a thread when there are many.

With 2,000 records (~16 MB over ``pharmacy.json`` and its month documents) reading and checking
them all took ~0.9 s, and 6,000 ~3 s: the page's first visit froze for that long. Above
``THREAD_BYTES`` the records are read on a thread, so the page opens at once and the list fills
when they are read; a damaged document is reported then, in the page's banner. Below it they are
read at once, as before (a few hundred records read in well under 0.1 s).

The thread holds the data store's write lock while it reads, so nothing this process writes (a
release, a restore) changes a document half-way through its reading, and a document moved aside
as damaged by the reading is never one just written: a release started meanwhile waits for the
reading to finish.
"""

from __future__ import annotations

import contextlib
import threading

from PySide6.QtCore import QObject, QTimer, Signal

from ldn_desktop.core.compounding import CompoundingRecord
from ldn_desktop.core.errors import LdnError
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.pharmacy import PHARMACY_DOC, CompoundingRecords, month_document

THREAD_BYTES = 2 * 1024 * 1024  # about 250 records: read on a thread above this
THREAD_AFTER_MS = 150  # the thread starts once the page has been built and painted


def records_bytes(store: DataStore) -> int:
    """The size of every document of the compounding records."""
    months = [month_document(month) for month in CompoundingRecords(store).months()]
    total = 0
    for rel in (PHARMACY_DOC, *months):
        try:
            total += store.path(rel).stat().st_size
        except OSError:
            continue  # none yet, gone meanwhile or unreadable: the reading itself says so
    return total


class RecordsLoader(QObject):
    """Signals: loaded(int: the reading's number, object: list[CompoundingRecord], or the
    LdnError or OSError that stopped the reading, or on a thread any other exception).

    ``start`` returns the number of the reading it starts; a reading started later makes the
    earlier one's result stale (the page keeps only the latest)."""

    loaded = Signal(int, object)

    def __init__(self, store: DataStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.latest = 0  # the number of the last reading started

    def start(self) -> int:
        """Read every record: on a thread when they are many (``THREAD_BYTES``), else now
        (``loaded`` is then emitted before this returns)."""
        self.latest += 1
        number = self.latest
        if records_bytes(self.store) <= THREAD_BYTES:
            self.loaded.emit(number, _read(self.store))
            return number
        # after the page is painted: the reading holds Python's lock most of the time, and
        # started at once it slowed the page's own building and first paint to ~0.75 s
        QTimer.singleShot(THREAD_AFTER_MS, self, lambda: self._launch(number))
        return number

    def _launch(self, number: int) -> None:
        if number != self.latest:  # a later reading was asked for meanwhile: that one runs
            return
        threading.Thread(
            target=self._read_on_thread, args=(number,), name="compounding-records", daemon=True
        ).start()

    def _read_on_thread(self, number: int) -> None:
        result: list[CompoundingRecord] | Exception
        try:
            with self.store.write_lock:  # see the module's note
                result = _read(self.store)
        except Exception as exc:
            result = exc
        # queued to the page's thread; RuntimeError: the page was closed meanwhile
        with contextlib.suppress(RuntimeError):
            self.loaded.emit(number, result)


def _read(store: DataStore) -> list[CompoundingRecord] | LdnError | OSError:
    """The records, or what stopped their reading: a damaged document (LdnError) or the disk."""
    try:
        return list(CompoundingRecords(store).all())
    except (LdnError, OSError) as exc:
        return exc
