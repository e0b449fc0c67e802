"""Issue 12 items 6 and 15: a stored document either loads into data every reader can use, or is
refused with the typed storage error. Never another exception.

Every document kind (patient, settings, washout, titration plan, side-effect month, the patient's
own symptom list, pharmacy records) starts from a real document made through the CLI. Hypothesis replaces one field (or
removes it) with a hostile but JSON-valid value: huge and negative numbers, year 9999 and 0001
dates, wrong types, empty and NaN-like strings, very long strings, unknown units. Pharmacy records
keep a valid checksum, as a hostile archive's would. Then:

- the store's check (``load_document``) and the archive's check (import and restore) agree;
- when the document is accepted, the readers run without an exception: ``patient list/show``,
  ``log list/summary/export/add``, ``schedule`` for the patient, the settings' balance, the
  compounding records; when refused, reading raises a StorageError and the CLI exits 1 with one
  line.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ldn_desktop.core.errors import StorageError
from ldn_desktop.storage.archive import (
    ArchiveRefusedError,
    known_kinds as archive_kinds,
    validate_document,
)
from ldn_desktop.storage.documents import DataStore, load_document
from ldn_desktop.storage.errors import InvalidDocumentError
from tests.stress.session import run_cli

HOSTILE_NUMBERS = [0, -1, -(10**30), 10**30, 2**63, 1e308, -1e308, 0.5, 1e-300, 99999, 1.5]
HOSTILE_TEXTS = [
    "",
    " ",
    "NaN",
    "nan",
    "Infinity",
    "-Infinity",
    "1e309",
    "-0",
    "0",
    "-1",
    "1e-400",
    "9" * 400,
    "x" * 30_000,
    "\x00",
    "\u202e",
    "ab:cd",
    "99:99",
    "24:00",
    "mg",
    "kg",
    "true",
]
HOSTILE_DATES = [
    "9999-12-31",
    "0001-01-01",
    "9999-12-31T23:59:59+00:00",
    "9999-12-31T23:59:59-14:00",
    "0001-01-01T00:00:00+14:00",
    "0001-01-01T00:00:00",
    "9999-12-31T23:59:59",
    "2026-02-30",
    "2026-01-05T22:30:00+23:59",
    "2026-01-05T22:30:00.123456+05:30:15",
    "2026-01-05",
    "1900-01-01",
    "2199-12-31",
]
HOSTILE_QUANTITIES = [
    {"value": "1", "unit": "kg"},
    {"value": "1", "unit": "mcg"},
    {"value": "1", "unit": "g"},
    {"value": "NaN", "unit": "mg"},
    {"value": "1e400", "unit": "mg"},
    {"value": "1e30", "unit": "mg"},
    {"value": True, "unit": "mg"},
    {"value": "-4.5", "unit": "mg"},
    {"value": "0", "unit": "mg"},
    {"value": 4.5, "unit": "mg"},
    {"value": "4.5"},
    {"unit": "mg"},
]
WRONG_TYPES: list[Any] = [None, True, False, [], {}, [1], {"value": "1"}, [None]]

hostile_values = st.one_of(
    st.sampled_from(HOSTILE_NUMBERS),
    st.sampled_from(HOSTILE_TEXTS),
    st.sampled_from(HOSTILE_DATES),
    st.sampled_from(HOSTILE_QUANTITIES),
    st.sampled_from(WRONG_TYPES),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=12),
)

REMOVE = object()
EXAMPLES = int(os.environ.get("LDN_STRESS_EXAMPLES", "80"))  # per document kind
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


# -- the base folder: one real document of every kind -----------------------------------------


def _ok(data: Path, *args: str) -> str:
    status, out, err = run_cli(data, *args)
    assert status == 0, f"ldn-desktop {' '.join(args)}: {err}"
    return out


@pytest.fixture(scope="module")
def base() -> Iterator[tuple[Path, str]]:
    folder = Path(tempfile.mkdtemp(prefix="ldn-props-"))
    data = folder / "data"
    patient = _ok(data, "patient", "add", "--name", "Ada Lovelace", "--birth-date", "1980-12-10")
    patient = patient.strip()
    _ok(
        data,
        *("washout", "--med", "tramadol;form=ir;last=2026-01-01T08:00"),
        *("--start", "2026-01-10", "--patient", patient, "--save"),
    )
    _ok(
        data,
        *("schedule", "--protocol", "standard", "--patient", patient, "--start", "2026-01-12"),
        *("--save", "--by", "Dr X", "--override-reason", "test data"),
    )
    for day, extra in ((13, ["--sleep-hours", "6.5", "--sleep-quality", "3"]), (14, [])):
        _ok(
            data,
            *("log", "add", "--patient", patient, "--symptom", "vivid dreams"),
            *("--severity", "3", "--at", f"2026-01-{day}T22:30", "--note", "n", *extra),
        )
    _ok(data, "log", "add", "--patient", patient, "--symptom", "headache", "--severity", "2")
    _ok(
        data,
        *("log", "add", "--patient", patient, "--symptom", "headache", "--severity", "1"),
        *("--at", "2026-01-15T22:30", "--dose", "missed"),
    )
    _ok(
        data,
        *("compound", "--strength", "4.5mg", "--quantity", "30", "--assay", "99.5%", "--save"),
        *("--preparer", "AB", "--checker", "CD", "--patient", patient, "--rx", "RX1"),
        *("--date", "2026-01-10", "--api-lot", "L1", "--api-expiry", "2027-01-01"),
    )
    _ok(data, "compound", "--strength", "3mg", "--quantity", "60", "--assay", "99.5%")
    store = DataStore.open(data)
    try:
        from ldn_desktop.core.side_effects import validate_custom_symptom
        from ldn_desktop.storage.settings import load_settings, save_settings
        from ldn_desktop.storage.side_effect_log import SideEffectLog

        values = load_settings(store)
        values["pharmacy"]["name"] = "Corner Pharmacy"
        save_settings(store, values)
        own = SideEffectLog(store, patient)
        for label in ("tingling", "jaw ache"):  # the patient's own symptoms (Side effects page)
            own.add_custom_symptom(validate_custom_symptom(label, own.symptoms()))
    finally:
        store.close()
    _ok(
        data,
        *("log", "add", "--patient", patient, "--symptom", "tingling", "--severity", "4"),
        *("--at", "2026-01-16T22:30"),
    )
    _move_a_month_out_of_pharmacy_json(data)
    shutil.rmtree(data / ".backups", ignore_errors=True)
    yield data, patient
    shutil.rmtree(folder, ignore_errors=True)


def _move_a_month_out_of_pharmacy_json(data: Path) -> None:
    """A December record in its month document, as a large pharmacy's older months are."""
    _ok(
        data,
        *("compound", "--strength", "3mg", "--quantity", "60", "--assay", "99.5%", "--save"),
        *("--preparer", "AB", "--checker", "CD", "--date", "2025-12-10"),
    )
    from ldn_desktop.storage.pharmacy import MONTH_KIND, PHARMACY_KIND, month_document

    store = DataStore.open(data)
    try:
        document = store.read("pharmacy.json", PHARMACY_KIND)
        assert document is not None
        current = document["records"]
        december = [row for row in current if row["lot"].startswith("202512")]
        body = {"month": "2025-12", "records": december}
        store.write(month_document("2025-12"), MONTH_KIND, body)
        kept = [row for row in current if row not in december]
        store.write("pharmacy.json", PHARMACY_KIND, {"records": kept})
    finally:
        store.close()


def _document(data: Path, patient: str, kind: str) -> str:
    return {
        "patient": f"patients/{patient}/patient.json",
        "settings": "settings.json",
        "washout": f"patients/{patient}/washout.json",
        "titration": f"patients/{patient}/titration.json",
        "side-effect-log": f"patients/{patient}/log/2026-01.json",
        "pharmacy": "pharmacy.json",
        "pharmacy-month": "pharmacy/2025-12.json",
        "side-effect-symptoms": f"patients/{patient}/symptoms.json",
    }[kind]


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every field's path below the envelope (format and version are the envelope's test)."""
    found: list[tuple[Any, ...]] = []
    items: Any = value.items() if isinstance(value, dict) else enumerate(value)
    for key, item in items:
        if not prefix and key in {"format", "version"}:
            continue
        path = (*prefix, key)
        found.append(path)
        if isinstance(item, (dict, list)):
            found.extend(_paths(item, path))
    return found


def _mutated(document: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(document)
    parent: Any = changed
    for key in path[:-1]:
        parent = parent[key]
    if value is REMOVE:
        del parent[path[-1]]
    else:
        parent[path[-1]] = copy.deepcopy(value)
    return changed


def _reseal(kind: str, document: dict[str, Any]) -> None:
    """A hostile archive recomputes the pharmacy records' checksums: so does the fuzzer."""
    if kind not in {"pharmacy", "pharmacy-month"} or not isinstance(document.get("records"), list):
        return
    from ldn_desktop.storage.pharmacy_rows import digest

    for row in document["records"]:
        if isinstance(row, dict):
            body = {key: value for key, value in row.items() if key != "digest"}
            row["digest"] = digest(body)


# -- the readers -------------------------------------------------------------------------------


def _cli_readers(patient: str) -> dict[str, list[tuple[str, ...]]]:
    schedule = ("schedule", "--patient", patient, "--protocol", "standard", "--start", "2026-12-20")
    log_add = ("log", "add", "--patient", patient, "--symptom", "nausea", "--severity", "2")
    return {
        "patient": [
            ("patient", "list"),
            ("patient", "show", patient),
            ("log", "list", "--patient", patient),
        ],
        "settings": [
            ("compound", "--strength", "4.5mg", "--quantity", "30", "--assay", "99.5%"),
            ("schedule", "--protocol", "standard", "--start", "2026-12-20"),
        ],
        "washout": [schedule, (*schedule, "--save", "--by", "X", "--reason", "r")],
        "titration": [
            ("schedule", "--patient", patient),
            ("schedule", "--patient", patient, "--json"),
            schedule,
            ("log", "list", "--patient", patient),
            ("log", "summary", "--patient", patient),
            (*log_add, "--at", "2026-01-20T22:00"),
        ],
        "side-effect-log": [
            ("log", "list", "--patient", patient),
            ("log", "list", "--patient", patient, "--json"),
            ("log", "summary", "--patient", patient),
            ("log", "summary", "--patient", patient, "--json"),
            (*log_add, "--at", "2026-01-20T22:00"),
        ],
        "side-effect-symptoms": [
            ("log", "list", "--patient", patient),
            ("log", "summary", "--patient", patient),
            (*log_add, "--at", "2026-01-20T22:00"),
            ("log", "add", "--patient", patient, "--symptom", "tingling", "--severity", "2"),
        ],
        "pharmacy": [
            ("compound", "--strength", "4.5mg", "--quantity", "30", "--assay", "99.5%"),
            (
                *("compound", "--strength", "4.5mg", "--quantity", "30", "--assay", "99.5%"),
                *("--save", "--preparer", "AB", "--checker", "CD", "--date", "2026-01-10"),
            ),
        ],
        "pharmacy-month": [  # a batch dated in the month reads its lots
            (
                *("compound", "--strength", "4.5mg", "--quantity", "30", "--assay", "99.5%"),
                *("--save", "--preparer", "AB", "--checker", "CD", "--date", "2025-12-11"),
            ),
        ],
    }


def _plain_reads(patient: str) -> set[tuple[str, ...]]:
    """Commands that only read: when the document was accepted they must work (exit 0)."""
    return {
        ("patient", "list"),
        ("patient", "show", patient),
        ("log", "list", "--patient", patient),
        ("log", "list", "--patient", patient, "--json"),
        ("log", "summary", "--patient", patient),
        ("log", "summary", "--patient", patient, "--json"),
        ("compound", "--strength", "4.5mg", "--quantity", "30", "--assay", "99.5%"),
        ("schedule", "--protocol", "standard", "--start", "2026-12-20"),
    }


def _storage_readers(kind: str, patient: str) -> Callable[[DataStore], object]:
    def read(store: DataStore) -> object:
        from datetime import date

        if kind == "settings":
            from ldn_desktop.storage.settings import load_settings, pharmacy_balance

            return pharmacy_balance(load_settings(store)["defaults"])
        if kind == "washout":
            from ldn_desktop.core.errors import InputError
            from ldn_desktop.core.washout import request_from_json
            from ldn_desktop.storage.washout import latest_earliest_start, list_assessments
            from ldn_desktop.ui.washout.history import describe

            for saved in list_assessments(store, patient):  # the Washout page's history
                describe(saved)
                with contextlib.suppress(InputError, KeyError, TypeError):  # the page says so
                    request_from_json(saved.inputs)
            return latest_earliest_start(store, patient)
        if kind == "titration":
            from ldn_desktop.storage.titration import load_versions, planned_doses

            return load_versions(store, patient), planned_doses(
                store, patient, date(2025, 1, 1), date(2027, 12, 31)
            )
        if kind == "side-effect-log":
            from ldn_desktop.storage.side_effect_log import SideEffectLog

            return SideEffectLog(store, patient).load()
        if kind == "side-effect-symptoms":
            from ldn_desktop.core.errors import InputError
            from ldn_desktop.core.side_effects import resolve_symptom, validate_custom_symptom
            from ldn_desktop.storage.side_effect_log import SideEffectLog

            own = SideEffectLog(store, patient)
            known = own.symptoms()
            for symptom in known:  # every symptom on the list can be chosen
                resolve_symptom(symptom.label + (": x" if symptom.needs_detail else ""), known)
            with contextlib.suppress(InputError):  # the page's "Add your own…"
                own.add_custom_symptom(validate_custom_symptom("restless legs", known))
            return own.load(), own.symptoms()
        if kind in {"pharmacy", "pharmacy-month"}:
            from ldn_desktop.reports.render_compounding import render_label, render_worksheet
            from ldn_desktop.storage.pharmacy import CompoundingRecords

            records = CompoundingRecords(store)
            for record in records.all():  # reprinting a released record
                render_worksheet(record.draft.report, record, {"name": "Corner Pharmacy"})
                render_label(record.draft.report, record, {}, record.draft.directions)
            return records.search("a")
        from ldn_desktop.storage.patients import PatientRepository

        return PatientRepository(store).list()

    return read


def _check(base_data: Path, patient: str, kind: str, document: dict[str, Any]) -> None:
    rel = _document(base_data, patient, kind)
    raw = json.dumps(document, ensure_ascii=False).encode()
    store_kind = archive_kinds()[kind]
    try:
        load_document(raw, store_kind, rel)
        accepted = True
    except InvalidDocumentError:
        accepted = False
    try:
        validate_document(rel, raw)
        imported = True
    except ArchiveRefusedError:
        imported = False
    assert accepted == imported, "reading and import disagree"
    folder = Path(tempfile.mkdtemp(prefix="ldn-prop-case-"))
    try:
        data = folder / "data"
        shutil.copytree(base_data, data, symlinks=True)
        (data / rel).write_bytes(raw)
        store = DataStore.open(data)
        try:
            if accepted:
                _storage_readers(kind, patient)(store)
            else:
                with pytest.raises(StorageError):
                    store.read(rel, store_kind)
        finally:
            store.close()
        if not accepted:
            (data / rel).write_bytes(raw)  # reading moved it aside: the CLI meets it too
        for words in _cli_readers(patient)[kind]:
            status, _out, err = run_cli(data, *words)
            assert "Traceback" not in err
            if not accepted and status != 0:
                assert err.count("\n") <= 3, err
            if accepted and words in _plain_reads(patient):
                assert status == 0, f"ldn-desktop {' '.join(words)}: {err}"
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def draw_hostile_document(
    base: tuple[Path, str], kind: str, data: st.DataObject
) -> tuple[str, dict[str, Any]]:
    """A real document of ``kind`` from the base folder with one field replaced by a hostile
    value or removed (pharmacy records resealed): its path and the changed document."""
    base_data, patient = base
    rel = _document(base_data, patient, kind)
    document = json.loads((base_data / rel).read_bytes())
    path = data.draw(st.sampled_from(_paths(document)), label="field")
    value = data.draw(st.one_of(st.just(REMOVE), hostile_values), label="value")
    changed = _mutated(document, path, value)
    _reseal(kind, changed)
    return rel, changed


def _fuzz(kind: str) -> Any:
    @PROPERTY
    @given(data=st.data())
    def run(base: tuple[Path, str], data: st.DataObject) -> None:
        _rel, changed = draw_hostile_document(base, kind, data)
        _check(base[0], base[1], kind, changed)

    return run


test_patient_documents = _fuzz("patient")
test_settings_documents = _fuzz("settings")
test_washout_documents = _fuzz("washout")
test_titration_documents = _fuzz("titration")
test_side_effect_months = _fuzz("side-effect-log")
test_pharmacy_records = _fuzz("pharmacy")
test_pharmacy_months = _fuzz("pharmacy-month")
test_own_symptom_lists = _fuzz("side-effect-symptoms")


# -- the crashes the fuzzing found, kept as fixed examples -------------------------------------

FOUND = [
    ("settings", ("defaults", "balance", "repeatability_sd", "value"), "1e30"),
    ("settings", ("defaults", "balance", "readability", "value"), 1e308),
    ("settings", ("defaults", "capsule_strengths_mg", 0), True),
    ("settings", ("defaults", "capsule_strengths_mg", 0), "1e-300"),
    ("settings", ("defaults", "capsule_strengths_mg", 1), 1e-300),
    ("titration", ("versions", 0, "plan", "steps", 0, "dose"), {"value": "1e30", "unit": "mg"}),
    ("titration", ("versions", 0, "change", "dose_time"), "9" * 400),
    ("titration", ("versions", 0, "change", "days"), 10**30),
    ("titration", ("versions", 0, "plan", "steps", 0, "days"), 1.5),
    ("titration", ("versions", 0, "plan", "start"), "9999-12-31"),
    ("titration", ("versions", 0, "plan", "start"), "0001-01-01"),
    ("titration", ("versions", 0, "created_at"), "9999-12-31T23:59:59-14:00"),
    ("side-effect-log", ("entries", 0, "dose", "value"), True),
    ("side-effect-log", ("entries", 0, "dose_time"), "99:99"),
    ("side-effect-log", ("entries", 0, "dose_time"), "ab:cd"),
    ("washout", ("assessments", 0, "result", "earliest_start"), "9999-12-31T23:59:59"),
    ("washout", ("assessments", 0, "saved_at"), "0001-01-01T00:00:00+14:00"),
    ("patient", ("profile", "created_at"), "9999-12-31T23:59:59-14:00"),
    ("patient", ("profile", "birth_date"), "0001-01-01"),
    ("pharmacy", ("records", 0, "bud"), "9999-12-31"),
    ("pharmacy", ("records", 0, "created_at"), "0001-01-01T00:00:00+14:00"),
    ("pharmacy", ("records", 0, "ingredients", 1, "expires_on"), REMOVE),
    ("pharmacy", ("records", 0, "replaces"), REMOVE),
    ("patient", ("profile", "id"), "true"),
    ("patient", ("profile", "id"), "abcd1234"),
    ("side-effect-symptoms", ("symptoms", 0, "label"), "NaN"),  # loaded, could not be chosen
    ("side-effect-log", ("entries", 2, "dose_time"), ""),  # passed the fast check, crashed load
]


@pytest.mark.parametrize(("kind", "path", "value"), FOUND)
def test_found_crashes_stay_fixed(
    base: tuple[Path, str], kind: str, path: tuple[Any, ...], value: Any
) -> None:
    base_data, patient = base
    document = json.loads((base_data / _document(base_data, patient, kind)).read_bytes())
    changed = _mutated(document, path, value)
    _reseal(kind, changed)
    _check(base_data, patient, kind, changed)


def test_a_year_9999_month_is_refused(base: tuple[Path, str]) -> None:
    """A month document moved to 9999-12 (entries and file name too) is refused, not shown."""
    base_data, patient = base
    document = json.loads(
        (base_data / _document(base_data, patient, "side-effect-log")).read_bytes()
    )
    document["month"] = "9999-12"
    for entry in document["entries"]:
        entry["at"] = "9999-12" + entry["at"][7:]
    raw = json.dumps(document).encode()
    with pytest.raises(InvalidDocumentError, match="1900 to 2200"):
        load_document(raw, archive_kinds()["side-effect-log"])


# -- the same values arriving in a checksum-valid archive ---------------------------------------


def _archive_with(source: Path, rel: str, document: dict[str, Any], out: Path) -> None:
    """``source`` re-packed with ``rel`` replaced and the manifest's checksums recomputed."""
    import hashlib
    import zipfile

    raw = json.dumps(document).encode()
    with zipfile.ZipFile(source) as archive:
        entries = {info.filename: archive.read(info) for info in archive.infolist()}
    name = next(n for n in entries if n.endswith("/" + rel) or n == rel)
    entries[name] = raw
    manifest_name = next(n for n in entries if "manifest" in n)
    manifest = json.loads(entries[manifest_name])
    for item in manifest["documents"]:
        if item["path"] == rel:
            item["size"], item["sha256"] = len(raw), hashlib.sha256(raw).hexdigest()
    entries[manifest_name] = json.dumps(manifest).encode()
    with zipfile.ZipFile(out, "w") as archive:
        for entry_name, data in entries.items():
            archive.writestr(entry_name, data)


@pytest.mark.parametrize(
    ("kind", "path", "value"),
    [
        ("titration", ("versions", 0, "plan", "start"), "9999-12-31"),
        ("side-effect-log", ("entries", 0, "dose", "value"), True),
        ("settings", ("defaults", "balance", "repeatability_sd", "value"), "1e30"),
    ],
)
@pytest.mark.parametrize("how", [("data", "import"), ("data", "restore", "--yes")])
def test_a_checksum_valid_archive_carrying_them_is_refused(
    base: tuple[Path, str],
    tmp_path: Path,
    kind: str,
    path: tuple[Any, ...],
    value: Any,
    how: tuple[str, ...],
) -> None:
    base_data, patient = base
    data = tmp_path / "data"
    shutil.copytree(base_data, data, symlinks=True)
    _ok(data, "data", "export", str(tmp_path / "all.zip"))
    rel = _document(base_data, patient, kind)
    changed = _mutated(json.loads((data / rel).read_bytes()), path, value)
    _archive_with(tmp_path / "all.zip", rel, changed, tmp_path / "hostile.zip")
    words = (*how, str(tmp_path / "hostile.zip"))
    if how[1] == "restore":
        words = (*words, "--safety-dir", str(tmp_path / "safety"))
    status, _out, err = run_cli(data, *words)
    assert status != 0, err
    assert "Archive refused, nothing was changed" in err and rel in err, err
    for words in _plain_reads(patient):
        status, _out, err = run_cli(data, *words)
        assert status == 0, f"ldn-desktop {' '.join(words)}: {err}"


REPORT_VALUES = [
    (("records", 0, "report", "details", 0, "label"), 0),
    (("records", 0, "report", "weighings", 0, "calculated_mg"), "1e30"),
    (("records", 0, "report", "steps", 0), None),
    (("records", 0, "report", "doses"), [{"dose": 1}]),
    (("records", 0, "report", "readability_mg"), "NaN"),
]


@pytest.mark.parametrize(("path", "value"), REPORT_VALUES)
def test_a_released_records_report_is_checked_field_by_field(
    base: tuple[Path, str], path: tuple[Any, ...], value: Any
) -> None:
    """A number where the report has a text made the worksheet and label reprint crash."""
    base_data, patient = base
    document = json.loads((base_data / _document(base_data, patient, "pharmacy")).read_bytes())
    changed = _mutated(document, path, value)
    _reseal("pharmacy", changed)
    _check(base_data, patient, "pharmacy", changed)
