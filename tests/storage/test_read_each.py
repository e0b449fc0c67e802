"""Reading many documents at once (``DataStore.read_each``, ``storage.bounded.parse_json_each``).

The stack is padded once per batch of documents instead of once per document (issue 14 row 2: a
patient's 120 log months). Reading them together must be indistinguishable from reading them one
by one: the same bodies, the same refusal at the same document, the same files moved aside or
migrated and the ones after a refusal untouched.
"""

from __future__ import annotations

import gc
import json
import os
import re
import shutil
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ldn_desktop.storage import documents
from ldn_desktop.storage.bounded import (
    MAX_DEPTH,
    cycle_collection_paused,
    parse_json,
    parse_json_each,
    read_document_bytes,
)
from ldn_desktop.storage.documents import DataStore, DocumentKind, load_document
from ldn_desktop.storage.errors import (
    CorruptDocumentError,
    InvalidDocumentError,
    NewerDocumentError,
    NewerVersionError,
)
from ldn_desktop.storage.patients import PatientRepository, patient_doc
from ldn_desktop.storage.schema import need_number


def _validate_counter(document: dict[str, Any]) -> None:
    need_number(document, "count", "counter", minimum=0)


def _from_v1(document: dict[str, Any]) -> dict[str, Any]:
    return {**document, "count": document.pop("n")}


COUNTER = DocumentKind("counter", 2, _validate_counter, migrations={1: _from_v1})


def _nested(levels: int) -> str:
    return "[" * levels + "]" * levels


# what a document in the folder may be (None: no file at all)
CONDITIONS: dict[str, bytes | None] = {
    "valid": b'{"format": "ldn-desktop/counter", "version": 2, "count": 3}',
    "valid_other": b'{"format": "ldn-desktop/counter", "version": 2, "count": 0.5, "x": [[1]]}',
    "old_version": b'{"format": "ldn-desktop/counter", "version": 1, "n": 4}',
    "missing": None,
    "empty": b"  \n",
    "not_json": b'{"format": "ldn-desktop/counter", ',
    "not_utf8": b'{"format": "\xff"}',
    "nan": b'{"format": "ldn-desktop/counter", "version": 2, "count": NaN}',
    "invalid_body": b'{"format": "ldn-desktop/counter", "version": 2, "count": -1}',
    "wrong_format": b'{"format": "ldn-desktop/other", "version": 2, "count": 1}',
    "newer": b'{"format": "ldn-desktop/counter", "version": 9, "count": 1}',
    "list_top": b"[1, 2]",
    "deep_within": (
        '{"format": "ldn-desktop/counter", "version": 2, "count": 1, "x": '
        + _nested(MAX_DEPTH - 2)
        + "}"
    ).encode(),
    "deep_between": (
        '{"format": "ldn-desktop/counter", "version": 2, "count": 1, "x": ' + _nested(40) + "}"
    ).encode(),
    "too_deep": (
        '{"format": "ldn-desktop/counter", "version": 2, "count": 1, "x": '
        + _nested(MAX_DEPTH + 5)
        + "}"
    ).encode(),
    "hostile_deep": _nested(5000).encode(),
}
SPECIAL = ("folder", "symlink")  # not regular files: refused before parsing


def _make(root: Path, conditions: list[str]) -> list[str]:
    rels = []
    for number, condition in enumerate(conditions):
        rel = f"docs/d{number:02d}.json"
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if condition == "folder":
            path.mkdir()
        elif condition == "symlink":
            (root / "docs" / f"target{number}").write_bytes(CONDITIONS["valid"] or b"")
            path.symlink_to(f"target{number}")
        elif CONDITIONS[condition] is not None:
            path.write_bytes(CONDITIONS[condition] or b"")
        rels.append(rel)
    return rels


def _shown(outcome: Any) -> Any:
    """An outcome with the moment in a quarantined file's name taken out."""
    if isinstance(outcome, Exception):
        return type(outcome).__name__, re.sub(r"\d{8}T\d{6,}Z", "<t>", str(outcome))
    return outcome


def _files(root: Path) -> list[tuple[str, bytes | str]]:
    found = []
    for folder, _dirs, names in os.walk(root):
        for name in names:
            path = Path(folder, name)
            rel = re.sub(r"\d{8}T\d{6,}Z", "<t>", str(path.relative_to(root)))
            if rel.endswith(".lock"):
                continue
            body = f"-> {os.readlink(path)}" if path.is_symlink() else path.read_bytes()
            found.append((rel, body))
    return sorted(found)


def _read_as_before(store: DataStore, rel: str) -> dict[str, Any] | None:
    """``DataStore.read`` as it was before documents were read in batches: the oracle."""
    path = store.path(rel)
    try:
        data, version = load_document(read_document_bytes(path), COUNTER, rel)
    except FileNotFoundError:
        return None
    except NewerDocumentError as exc:
        raise NewerVersionError(path, exc.found, exc.supported) from None
    except InvalidDocumentError as exc:
        raise store._quarantine(rel, path, str(exc), COUNTER) from None
    if version < COUNTER.version:
        store._keep_migrated(rel, data, version, COUNTER)
    return data


def _one_by_one(store: DataStore, rels: list[str], keep_going: bool) -> list[Any]:
    outcomes: list[Any] = []
    for rel in rels:
        try:
            outcomes.append(_read_as_before(store, rel))
        except (CorruptDocumentError, NewerVersionError) as exc:
            outcomes.append(exc)
            if not keep_going:
                break
    return outcomes


def _together(store: DataStore, rels: list[str], keep_going: bool) -> list[Any]:
    if keep_going:
        return list(store.read_each_reporting(rels, COUNTER))
    try:
        return list(store.read_each(rels, COUNTER))
    except (CorruptDocumentError, NewerVersionError) as exc:
        # read_each raises at the first refusal: what came before it was returned to nobody, so
        # compare what one-by-one reading saw up to there through the files left on disk
        return [exc]


def _compare(tmp: Path, conditions: list[str], keep_going: bool) -> None:
    shutil.rmtree(tmp, ignore_errors=True)
    one, both = tmp / "one" / "data", tmp / "both" / "data"
    rels = _make(one, conditions)
    _make(both, conditions)
    first, second = DataStore.open(one), DataStore.open(both)
    try:
        expected = _one_by_one(first, rels, keep_going)
        got = _together(second, rels, keep_going)
    finally:
        first.close()
        second.close()
    if keep_going or not any(isinstance(o, Exception) for o in expected):
        assert [_shown(o) for o in got] == [_shown(o) for o in expected]
    else:
        assert [_shown(o) for o in got] == [_shown(expected[-1])]
    assert _files(both) == _files(one)  # the same moved aside, migrated, kept and untouched


CONDITION_NAMES = st.sampled_from([*CONDITIONS, *SPECIAL])


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    conditions=st.lists(st.one_of(st.just("valid"), CONDITION_NAMES), min_size=0, max_size=40),
    keep_going=st.booleans(),
)
def test_reading_together_is_reading_one_by_one(
    tmp_path: Path, conditions: list[str], keep_going: bool
) -> None:
    _compare(tmp_path / "case", conditions, keep_going)


@pytest.mark.parametrize("keep_going", [False, True])
def test_a_refusal_after_a_batch_boundary(tmp_path: Path, keep_going: bool) -> None:
    """More documents than one batch, refusals on both sides of a boundary, migrations between."""
    batch = documents.READ_BATCH
    conditions = ["valid"] * (batch + 5)
    conditions[batch - 1] = "old_version"
    conditions[batch] = "not_json"
    conditions[batch + 2] = "newer"
    conditions[batch + 3] = "old_version"
    _compare(tmp_path / "case", conditions, keep_going)


@pytest.mark.parametrize(
    ("count", "padding", "batches"),
    [
        (40, 0, -(-40 // documents.READ_BATCH)),  # small documents: READ_BATCH at a time
        (6, 150_000, 3),  # large ones: about READ_BATCH_BYTES at a time (two of 150 kB)
    ],
)
def test_read_each_pads_the_stack_once_per_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, count: int, padding: int, batches: int
) -> None:
    """The point of it: the stack is padded once per batch, not once per document, and a batch
    holds about ``READ_BATCH_BYTES`` of JSON at most."""
    from ldn_desktop.storage import bounded

    calls = []
    original = bounded._padding

    def counted() -> int:
        calls.append(1)
        return original()

    monkeypatch.setattr(bounded, "_padding", counted)
    data = tmp_path / "data"
    rels = _make(data, ["valid"] * count)
    for rel in rels:
        body = json.loads(CONDITIONS["valid"] or b"")
        body["filler"] = "x" * padding
        (data / rel).write_text(json.dumps(body))
    store = DataStore.open(data)
    try:
        bodies = list(store.read_each(rels, COUNTER))
    finally:
        store.close()
    assert [b["count"] for b in bodies if b] == [3] * count
    assert len(calls) == batches


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from([v for v in CONDITIONS.values() if v is not None]),
            st.binary(max_size=40),
            st.recursive(
                st.none() | st.booleans() | st.integers() | st.text(max_size=5),
                lambda inner: (
                    st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=3), inner, max_size=3)
                ),
                max_leaves=20,
            ).map(lambda v: json.dumps(v).encode()),
        ),
        max_size=12,
    )
)
def test_parse_json_each_is_parse_json_of_each(raws: list[bytes]) -> None:
    """Against a plain oracle (json.loads, then the depth counted), and ``parse_json`` alike."""
    got = [_refusal_or_value(v) for v in parse_json_each(raws)]
    assert got == [_parsed_plainly(raw) for raw in raws]
    one_by_one = []
    for raw in raws:
        try:
            one_by_one.append(parse_json(raw))
        except InvalidDocumentError as exc:
            one_by_one.append(exc)
    assert [_refusal_or_value(v) for v in one_by_one] == got


def _refusal_or_value(value: Any) -> Any:
    if isinstance(value, InvalidDocumentError):
        text = str(value)
        return ("refused", text.split(" (")[0] if text.startswith("not ") else text)
    return value


def _depth(value: Any) -> int:
    if isinstance(value, dict):
        return 1 + max(map(_depth, value.values()), default=0)
    if isinstance(value, list):
        return 1 + max(map(_depth, value), default=0)
    return 0


def _parsed_plainly(raw: bytes) -> Any:
    if not raw.strip():
        return ("refused", "the file is empty")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return ("refused", "not UTF-8 text")

    def refuse(name: str) -> Any:
        raise ValueError(name)

    try:
        value = json.loads(text, parse_constant=refuse)
    except RecursionError:
        return ("refused", f"it is nested more than {MAX_DEPTH} levels deep")
    except ValueError:
        return ("refused", "not valid JSON")
    if _depth(value) > MAX_DEPTH:
        return ("refused", f"it is nested more than {MAX_DEPTH} levels deep")
    return value


def test_parse_json_each_from_a_deep_caller() -> None:
    """Called with little of the stack left, shallow documents still parse and deep ones are
    still refused (never a RecursionError)."""
    raws = [b'{"a": [1, {"b": 2}]}', _nested(MAX_DEPTH + 1).encode(), _nested(20).encode()]

    def near_the_limit(frames: int) -> list[Any]:
        return near_the_limit(frames - 1) if frames else parse_json_each(raws)

    got = near_the_limit(sys.getrecursionlimit() - 90)
    assert got[0] == {"a": [1, {"b": 2}]}
    assert isinstance(got[1], InvalidDocumentError) and "nested more than" in str(got[1])
    assert got[2] == json.loads(raws[2])


def test_the_patient_list_reads_every_profile_and_names_the_damaged_ones(
    tmp_path: Path,
) -> None:
    """More patients than one batch, one profile damaged in the middle: every other patient is
    listed and the damaged one named (reading stops at nothing)."""
    data = tmp_path / "data"
    store = DataStore.open(data)
    try:
        repository = PatientRepository(store)
        made = [repository.create(f"Patient {n:02d}") for n in range(documents.READ_BATCH + 4)]
        damaged = made[documents.READ_BATCH // 2]
        store.path(patient_doc(damaged.id)).write_text("{not json")
        profiles, problems = repository.list()
    finally:
        store.close()
    assert [p.id for p in profiles] == [p.id for p in made if p is not damaged]
    assert len(problems) == 1 and "patient.json" in problems[0]


def test_the_cycle_collector_is_paused_only_for_the_read_and_always_resumed() -> None:
    assert gc.isenabled()
    with cycle_collection_paused():
        assert not gc.isenabled()
        with cycle_collection_paused():  # nested: the inner one leaves it to the outer
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(RuntimeError), cycle_collection_paused():
        raise RuntimeError("a read that fails")
    assert gc.isenabled()
    gc.disable()  # paused by someone else: still paused after
    try:
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_opening_a_log_pauses_the_cycle_collector(tmp_path: Path) -> None:
    """A log's months are read and their entries built with the collector paused (~20 % of
    opening a 20,000-entry log was its passes over acyclic JSON); it runs again afterwards."""
    from ldn_desktop.core.side_effects import LogEntry, new_entry_id
    from ldn_desktop.core.units import Q_
    from ldn_desktop.storage.side_effect_log import SideEffectLog
    from ldn_desktop.storage.stored_entries import StoredEntries

    store = DataStore.open(tmp_path / "data")
    try:
        patient = PatientRepository(store).create("Many Months")
        log = SideEffectLog(store, patient.id)
        start = datetime(2024, 1, 1, 22, 0, tzinfo=UTC)
        log.add(
            LogEntry(new_entry_id(), start + timedelta(days=d), "headache", 2, dose=Q_(3, "mg"))
            for d in range(0, 700, 2)
        )
        collector_on: list[bool] = []
        read_each, from_columns = store.read_each, StoredEntries.from_columns

        def reading(*args: Any) -> Any:
            for body in read_each(*args):
                collector_on.append(gc.isenabled())
                yield body

        def building(columns: Any) -> StoredEntries:
            collector_on.append(gc.isenabled())
            return from_columns(columns)

        store.read_each = reading  # type: ignore[method-assign]
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(StoredEntries, "from_columns", building)
            entries = log.load_lazy()
        assert len(entries) == 350
        assert collector_on == [False] * (len(log.months()) + 1)
        assert gc.isenabled()
    finally:
        store.close()
