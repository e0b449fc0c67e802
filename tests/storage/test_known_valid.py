"""A large document read again unchanged is not validated again (``DocumentKind.remember_valid``).

``pharmacy.json`` holds every compounding record; with 2,000 of them validating it took ~0.3 s
(each record's digest is re-computed), and releasing a record read it, then wrote it: the same
bytes validated once more on every read. The store remembers the SHA-256 of the bytes it last
found valid (or wrote after validating) for each path and kind; bytes that differ in any way,
whatever their size and time stamps, are validated in full.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from ldn_desktop.storage.documents import DataStore, DocumentKind
from ldn_desktop.storage.errors import CorruptDocumentError
from ldn_desktop.storage.schema import need_number

CHECKED: list[object] = []


def _validate(document: dict[str, object]) -> None:
    CHECKED.append(document.get("count"))
    need_number(document, "count", "counter", minimum=0)


REMEMBERED = DocumentKind("counter", 1, _validate, remember_valid=True)
FORGETFUL = DocumentKind("counter", 1, _validate)


@pytest.fixture(autouse=True)
def _fresh() -> None:
    CHECKED.clear()


def _same_size_edit(path: Path, old: bytes, new: bytes) -> None:
    """Change the file in place, same size, time stamps put back (as a careful hand would)."""
    info = path.stat()
    raw = path.read_bytes()
    assert len(old) == len(new) and old in raw
    with path.open("r+b") as handle:
        handle.write(raw.replace(old, new))
    os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))


def test_unchanged_bytes_are_validated_once(store: DataStore) -> None:
    store.write("c.json", REMEMBERED, {"count": 3})
    assert CHECKED == [3]  # the write's own check
    for _ in range(3):
        assert store.read("c.json", REMEMBERED)["count"] == 3  # type: ignore[index]
    assert CHECKED == [3]
    store.write("c.json", FORGETFUL, {"count": 4})
    store.read("c.json", FORGETFUL)
    store.read("c.json", FORGETFUL)
    assert CHECKED == [3, 4, 4, 4]  # a kind that does not remember checks every read


def test_bytes_changed_behind_the_store_are_validated_again(store: DataStore) -> None:
    store.write("c.json", REMEMBERED, {"count": 3})
    store.read("c.json", REMEMBERED)
    path = store.path("c.json")
    _same_size_edit(path, b'"count": 3', b'"count": 7')
    assert store.read("c.json", REMEMBERED)["count"] == 7  # type: ignore[index]
    assert CHECKED == [3, 7]
    store.read("c.json", REMEMBERED)
    assert CHECKED == [3, 7]  # valid: remembered in turn

    _same_size_edit(path, b'"count": 7', b'"count":-7')  # refused, same size and time
    with pytest.raises(CorruptDocumentError):
        store.read("c.json", REMEMBERED)
    assert not path.exists()  # moved aside, as any damaged document is


def test_an_earlier_valid_state_put_back_is_not_checked_again(store: DataStore) -> None:
    """The memory is of content: the same bytes give the same verdict."""
    store.write("c.json", REMEMBERED, {"count": 3})
    raw = store.path("c.json").read_bytes()
    store.path("c.json").write_bytes(raw.replace(b'"count": 3', b'"count": 5'))
    assert store.read("c.json", REMEMBERED)["count"] == 5  # type: ignore[index]
    store.path("c.json").write_bytes(raw)
    assert store.read("c.json", REMEMBERED)["count"] == 3  # type: ignore[index]
    assert CHECKED == [3, 5, 3]  # only the last valid bytes are remembered


def test_remembered_per_path_and_per_kind(store: DataStore) -> None:
    store.write("a.json", REMEMBERED, {"count": 1})
    raw = store.path("a.json").read_bytes()
    store.path("b.json").write_bytes(raw)  # same bytes, another place
    store.read("b.json", REMEMBERED)
    other = DocumentKind("counter", 1, _validate, remember_valid=True)
    store.read("a.json", other)  # same bytes, another kind
    assert CHECKED == [1, 1, 1]


def test_a_failed_write_forgets(store: DataStore, monkeypatch: pytest.MonkeyPatch) -> None:
    from ldn_desktop.storage import documents

    store.write("c.json", REMEMBERED, {"count": 1})

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(documents, "write_atomic", full_disk)
    with pytest.raises(Exception, match=r"space|full|disk"):
        store.write("c.json", REMEMBERED, {"count": 2})
    monkeypatch.undo()
    assert store.read("c.json", REMEMBERED)["count"] == 1  # type: ignore[index]


def test_a_fresh_store_validates(tmp_path: Path) -> None:
    """The memory lives with one open store, not in the folder: another process checks all."""
    first = DataStore.open(tmp_path / "data")
    first.write("c.json", REMEMBERED, {"count": 2})
    first.close()
    second = DataStore.open(tmp_path / "data")
    assert second.read("c.json", REMEMBERED)["count"] == 2  # type: ignore[index]
    second.close()
    assert CHECKED == [2, 2]
    assert json.loads((tmp_path / "data" / "c.json").read_text())["count"] == 2


def test_pharmacy_records_remember_and_a_release_reads_without_validating(
    store: DataStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ldn_desktop.storage import pharmacy
    from tests.storage.test_pharmacy_records import draft

    assert pharmacy.PHARMACY_KIND.remember_valid
    records = pharmacy.CompoundingRecords(store)
    records.release(draft())
    validated: list[int] = []
    real = pharmacy.validate_record
    monkeypatch.setattr(pharmacy, "validate_record", lambda *a: validated.append(1) or real(*a))
    records.all()
    records.release(draft())  # reads (remembered), then writes: the write checks both records
    assert validated == [1, 1]
    assert len(records.all()) == 2 and validated == [1, 1]
