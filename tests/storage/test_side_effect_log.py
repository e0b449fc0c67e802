"""The log on disk: one document per month, stable ids, strict validation, the dose from the plan."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects.entries import LogEntry, with_changes
from ldn_desktop.core.side_effects.symptoms import Symptom
from ldn_desktop.core.units.quantities import Q_
from ldn_desktop.storage import side_effect_log
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError
from ldn_desktop.storage.patients import PatientRepository, UnknownPatientError
from ldn_desktop.storage.side_effect_log import EntryNotFoundError, SideEffectLog, planned_dose

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def log(store: DataStore) -> SideEffectLog:
    patient = PatientRepository(store).create("Ann Example", None)
    return SideEffectLog(store, patient.id)


def entry(entry_id: str, day: date, symptom: str = "vivid dreams", severity: int = 3) -> LogEntry:
    return LogEntry(
        entry_id,
        datetime(day.year, day.month, day.day, 22, 15, tzinfo=UTC),
        symptom,
        severity,
        sleep_hours=6.5,
        sleep_quality=2,
        dose=Q_(1.5, "mg"),
    )


def test_unknown_patient(store: DataStore) -> None:
    with pytest.raises(UnknownPatientError):
        SideEffectLog(store, "nobody")


def test_entries_are_sharded_by_month_and_load_back_equal(log: SideEffectLog) -> None:
    saved = [
        entry("a", date(2026, 1, 31)),
        entry("b", date(2026, 2, 1)),
        entry("c", date(2026, 1, 2)),
    ]
    log.add(saved)
    assert log.months() == ["2026-01", "2026-02"]
    assert log.load() == sorted(saved, key=lambda e: e.at)
    doc = json.loads(log.store.path(log.month_document("2026-01")).read_text())
    assert doc["format"] == "ldn-desktop/side-effect-log" and doc["version"] == 1
    assert [e["id"] for e in doc["entries"]] == ["c", "a"]
    assert doc["entries"][0]["dose"] == {"value": "1.5", "unit": "mg"}


def test_adding_one_entry_rewrites_only_its_month(log: SideEffectLog) -> None:
    log.add([entry(f"e{i}", date(2025, 1, 1) + timedelta(days=i)) for i in range(120)])
    before = {p.name: p.stat().st_mtime_ns for p in log.store.path(log.folder).glob("*.json")}
    written = log.add(entry("new", date(2025, 2, 10)))
    after = {p.name: p.stat().st_mtime_ns for p in log.store.path(log.folder).glob("*.json")}
    changed = sorted(name for name in after if after[name] != before[name])
    assert changed == ["2025-02.json"]
    assert written == log.store.path(log.month_document("2025-02")).stat().st_size


def test_edit_and_delete_find_entries_by_id(log: SideEffectLog) -> None:
    first = entry("a", date(2026, 1, 5))
    log.add([first, entry("b", date(2026, 1, 6))])
    edited = with_changes(first, NOW, severity=7, note="worse")
    log.replace(first, edited)
    assert log.load()[0] == edited
    moved = with_changes(edited, NOW, at=datetime(2026, 2, 3, 22, 0, tzinfo=UTC))
    log.replace(edited, moved)
    assert [m for m in log.months()] == ["2026-01", "2026-02"]
    assert [e.id for e in log.load(first=date(2026, 2, 1))] == ["a"]
    log.delete(moved)
    assert [e.id for e in log.load()] == ["b"]
    with pytest.raises(EntryNotFoundError):
        log.delete(moved)
    with pytest.raises(EntryNotFoundError):
        log.replace(moved, moved)
    with pytest.raises(InputError, match="already saved"):
        log.add(entry("b", date(2026, 1, 6)))


def test_load_by_night_range(log: SideEffectLog) -> None:
    morning = LogEntry("m", datetime(2026, 3, 1, 7, 0, tzinfo=UTC), "headache", 2)
    log.add([entry("x", date(2026, 2, 27)), morning, entry("y", date(2026, 3, 2))])
    assert [e.id for e in log.load(first=date(2026, 2, 28), last=date(2026, 2, 28))] == ["m"]
    assert [e.id for e in log.load(last=date(2026, 2, 28))] == ["x", "m"]


def test_a_damaged_month_is_quarantined_not_overwritten(log: SideEffectLog) -> None:
    log.add(entry("a", date(2026, 1, 5)))
    path = log.store.path(log.month_document("2026-01"))
    doc = json.loads(path.read_text())
    doc["entries"][0]["severity"] = 11
    path.write_text(json.dumps(doc))
    with pytest.raises(CorruptDocumentError):
        log.load()
    assert any(p.name.startswith("2026-01.json.corrupt-") for p in path.parent.iterdir())


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("at", "2026-02-05T22:00:00+00:00"),  # not in the document's month
        ("at", "2026-01-05T22:00:00"),  # no offset
        ("sleep_hours", 25),
        ("sleep_quality", 0),
        ("dose", {"value": "60", "unit": "mg"}),
        ("id", "../x"),
        ("dose_missed", "no"),
    ],
)
def test_validation_is_strict(log: SideEffectLog, key: str, value: object) -> None:
    log.add(entry("a", date(2026, 1, 5)))
    path = log.store.path(log.month_document("2026-01"))
    doc = json.loads(path.read_text())
    doc["entries"][0][key] = value
    path.write_text(json.dumps(doc))
    with pytest.raises(CorruptDocumentError):
        log.load()


def test_custom_symptoms_are_kept_per_patient(log: SideEffectLog) -> None:
    log.add_custom_symptom(Symptom("restless legs", custom=True))
    assert log.custom_symptoms() == (Symptom("restless legs", custom=True),)
    assert log.symptoms()[-1].label == "restless legs"
    assert log.symptoms()[0].label == "vivid dreams"


def test_planned_dose_without_titration_feature(
    store: DataStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import builtins

    real_import = builtins.__import__

    def no_titration(name: str, *args: object, **kwargs: object) -> object:
        if name == "ldn_desktop.storage.titration":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_titration)
    assert planned_dose(store, "p", date(2026, 1, 1)) is None


def test_planned_dose_delegates_to_the_titration_plan(
    store: DataStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys
    import types

    calls: list[tuple[str, date]] = []
    fake = types.ModuleType("ldn_desktop.storage.titration")

    def fake_planned(_store: DataStore, patient_id: str, day: date) -> object:
        calls.append((patient_id, day))
        return Q_(3, "mg") if day >= date(2026, 1, 15) else Q_(1.5, "mg")

    fake.planned_dose = fake_planned  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "ldn_desktop.storage.titration", fake)
    assert planned_dose(store, "p", date(2026, 1, 20)) == Q_(3, "mg")
    assert calls == [("p", date(2026, 1, 20))]
    assert side_effect_log.planned_dose(store, "p", date(2026, 1, 2)) == Q_(1.5, "mg")


def test_sample_version_1_document_keeps_loading(log: SideEffectLog, tmp_path: Path) -> None:
    sample = Path(__file__).parent / "samples" / "side-effect-log-v1.json"
    doc = json.loads(sample.read_text())
    doc["patient_id"] = log.patient_id
    target = log.store.path(log.month_document("2026-01"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(doc))
    (loaded,) = log.load()
    assert (loaded.symptom, loaded.dose_text, loaded.sleep_hours) == ("vivid dreams", "1.5 mg", 6.5)


def test_planned_dose_from_a_real_saved_plan(log: SideEffectLog) -> None:
    from ldn_desktop.core.side_effects.entries import night_of
    from ldn_desktop.core.titration.changes import Change
    from ldn_desktop.core.titration.protocols import protocol_steps
    from ldn_desktop.core.titration.schedule import make_plan
    from ldn_desktop.storage.titration import save_version

    plan = make_plan(
        date(2026, 1, 1),
        protocol_steps("standard"),
        protocol="standard",
        start_override_reason="started before this record: history confirmed",
    )
    save_version(log.store, log.patient_id, plan, Change("new", "Standard"), by="Dr A", now=NOW)
    assert planned_dose(log.store, log.patient_id, date(2025, 12, 31)) is None
    assert planned_dose(log.store, log.patient_id, date(2026, 1, 14)) == Q_(1.5, "mg")
    # a morning entry on 15 Jan belongs to the night of 14 Jan: still 1.5 mg
    morning = night_of(datetime(2026, 1, 15, 7, 0, tzinfo=UTC))
    assert planned_dose(log.store, log.patient_id, morning) == Q_(1.5, "mg")
    assert planned_dose(log.store, log.patient_id, date(2026, 1, 15)) == Q_(3, "mg")


@pytest.mark.parametrize(
    "labels",
    [["Tingling"], ["jaw  ache"], ["a:b"], ["none"], ["no side effects"], ["x"], ["ok", "ok"]],
)
def test_an_own_symptom_list_that_could_not_be_chosen_from_is_refused(
    log: SideEffectLog, store: DataStore, labels: list[str]
) -> None:
    """Found by fuzzing: a stored 'NaN' loaded, then could never be chosen (choosing lower-cases
    what is typed). A stored list follows the rules of adding one (core custom_label_problem)."""
    path = store.path(f"patients/{log.patient_id}/symptoms.json")
    path.parent.mkdir(parents=True, exist_ok=True)
    rows = [{"label": label} for label in labels]
    envelope = {"format": side_effect_log.SYMPTOMS_KIND.format, "version": 1, "symptoms": rows}
    path.write_text(json.dumps(envelope))
    with pytest.raises(CorruptDocumentError, match="symptom"):
        log.custom_symptoms()


def test_an_own_symptom_the_shipped_list_now_has_is_listed_once(
    log: SideEffectLog, store: DataStore
) -> None:
    rows = [{"label": "headache"}, {"label": "tingling"}]  # 'headache' shipped later
    rel = f"patients/{log.patient_id}/symptoms.json"
    store.write(rel, side_effect_log.SYMPTOMS_KIND, {"symptoms": rows})
    labels = [s.label for s in log.symptoms()]
    assert labels.count("headache") == 1 and labels[-1] == "tingling"
