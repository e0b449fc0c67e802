"""Titration plans on disk: versions with when/who/why, planned_dose, the washout start rule."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.changes import Change, change_dose_time, hold, step_back
from ldn_desktop.core.titration.protocols import protocol_steps
from ldn_desktop.core.titration.schedule import DoseTime, dose_mg, make_plan, with_start
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError
from ldn_desktop.storage.titration import (
    active_plan,
    load_versions,
    planned_dose,
    planned_doses,
    save_version,
    titration_doc,
)
from ldn_desktop.storage.washout import save_assessment

PATIENT = "P1"
NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


# most tests save plans with no washout check and a start that may be past: the reason the page
# and the CLI would ask for (save_version applies core's start decision)
NO_WASHOUT = "opioid-naive: history confirmed"


def _standard(start: date = date(2026, 12, 1), reason: str = NO_WASHOUT):
    return make_plan(
        start, protocol_steps("standard"), protocol="standard", start_override_reason=reason
    )


def _save_washout(store: DataStore, earliest: str) -> None:
    inputs = {
        "medications": [],
        "planned_start": "2026-12-01",
        "time_zone": None,
        "uds_positive": False,
        "withdrawal": False,
        "naloxone_failed": False,
    }
    result = {
        "status": "CLEAR",
        "earliest_start": earliest,
        "recommended_start": None,
        "drugs": [],
        "interactions": [],
        "notes": [],
    }
    save_assessment(store, PATIENT, inputs, result, NOW)


def test_no_plan_means_no_planned_dose(store: DataStore) -> None:
    assert planned_dose(store, PATIENT, date(2026, 12, 1)) is None
    assert load_versions(store, PATIENT) == ()


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 11, 30), None),
        (date(2026, 12, 1), "1.5"),
        (date(2026, 12, 14), "1.5"),
        (date(2026, 12, 15), "3"),
        (date(2026, 12, 28), "3"),
        (date(2026, 12, 29), "4.5"),
        (date(2027, 6, 1), "4.5"),
    ],
)
def test_planned_dose_follows_the_active_plan(store: DataStore, day: date, expected) -> None:
    save_version(store, PATIENT, _standard(), Change("new", "Standard"), by="Dr A", now=NOW)
    dose = planned_dose(store, PATIENT, day)
    assert (None if dose is None else str(dose_mg(dose))) == expected


def test_every_change_is_a_new_version_and_old_ones_stay_readable(store: DataStore) -> None:
    plan = _standard()
    save_version(store, PATIENT, plan, Change("new", "Standard"), by="Dr A", now=NOW)
    held, change = hold(plan, date(2026, 12, 15), 7)
    save_version(store, PATIENT, held, change, by="Dr A", reason="dreams", now=NOW)
    back, change = step_back(held, date(2026, 12, 20))
    save_version(store, PATIENT, back, change, by="Pharm B", reason="insomnia", now=NOW)
    morning, change = change_dose_time(back, date(2027, 1, 1), DoseTime.MORNING)
    save_version(store, PATIENT, morning, change, by="Pharm B", reason="sleep", now=NOW)

    versions = load_versions(store, PATIENT)
    assert [v.number for v in versions] == [1, 2, 3, 4]
    assert [v.change.kind for v in versions] == ["new", "hold", "step_back", "dose_time"]
    assert versions[0].plan == plan
    assert versions[1].plan == held and versions[1].reason == "dreams"
    assert versions[2].by == "Pharm B"
    assert versions[3].created_at == NOW
    assert active_plan(store, PATIENT).plan == morning
    # held (3 mg to 4 Jan), then stepped back on 20 Dec: 1.5 mg 20 Dec-2 Jan
    assert str(dose_mg(planned_dose(store, PATIENT, date(2026, 12, 29)))) == "1.5"


def test_a_change_needs_who_and_why(store: DataStore) -> None:
    with pytest.raises(InputError) as who:
        save_version(store, PATIENT, _standard(), Change("new", "x"), by="  ")
    assert who.value.field == "by"
    save_version(store, PATIENT, _standard(), Change("new", "x"), by="Dr A")
    with pytest.raises(InputError) as why:
        save_version(store, PATIENT, _standard(), Change("edit", "x"), by="Dr A", reason="")
    assert why.value.field == "reason"
    assert len(load_versions(store, PATIENT)) == 1


def test_start_before_the_washout_is_refused_without_a_reason(store: DataStore) -> None:
    _save_washout(store, "2026-12-05T00:00:00+00:00")
    with pytest.raises(InputError) as refused:
        save_version(store, PATIENT, _standard(reason=""), Change("new", "x"), by="Dr A")
    assert refused.value.field == "start"
    assert "5 Dec 2026" in str(refused.value)
    assert load_versions(store, PATIENT) == ()
    override = with_start(_standard(), date(2026, 12, 1), "opioid stopped earlier; confirmed")
    saved = save_version(store, PATIENT, override, Change("new", "x"), by="Dr A")
    assert saved.plan.start_override_reason == "opioid stopped earlier; confirmed"
    assert active_plan(store, PATIENT).plan.start_override_reason.startswith("opioid")


def test_start_on_or_after_the_washout_is_accepted(store: DataStore) -> None:
    _save_washout(store, "2026-12-04T18:00:00+00:00")  # first clear day: 5 Dec
    save_version(store, PATIENT, _standard(date(2026, 12, 5)), Change("new", "x"), by="Dr A")
    with pytest.raises(InputError):
        save_version(
            store,
            PATIENT,
            _standard(date(2026, 12, 4), reason=""),
            Change("edit", "x"),
            by="A",
            reason="r",
        )


def test_document_format_on_disk(store: DataStore) -> None:
    save_version(store, PATIENT, _standard(), Change("new", "Standard"), by="Dr A", now=NOW)
    data = json.loads(store.path(titration_doc(PATIENT)).read_text())
    assert data["format"] == "ldn-desktop/titration" and data["version"] == 1
    plan = data["versions"][0]["plan"]
    assert plan["steps"][0] == {"dose": {"value": "1.5", "unit": "mg"}, "days": 14}
    assert plan["steps"][-1] == {"dose": {"value": "4.5", "unit": "mg"}, "days": None}
    assert data["versions"][0]["created_at"] == "2026-11-20T09:30:00+00:00"


def test_a_damaged_document_is_quarantined_not_overwritten(store: DataStore) -> None:
    save_version(store, PATIENT, _standard(), Change("new", "Standard"), by="Dr A", now=NOW)
    path = store.path(titration_doc(PATIENT))
    data = json.loads(path.read_text())
    data["versions"][0]["plan"]["steps"][0]["dose"]["value"] = "50"
    path.write_text(json.dumps(data))
    with pytest.raises(CorruptDocumentError):
        planned_dose(store, PATIENT, date(2026, 12, 1))
    assert not path.exists()


def test_planned_doses_for_a_chart(store: DataStore) -> None:
    assert planned_doses(store, PATIENT, date(2026, 12, 1), date(2026, 12, 31)) == {}
    save_version(store, PATIENT, _standard(), Change("new", "Standard"), by="Dr A", now=NOW)
    doses = planned_doses(store, PATIENT, date(2026, 11, 25), date(2027, 1, 5))
    assert min(doses) == date(2026, 12, 1) and max(doses) == date(2027, 1, 5)
    assert len(doses) == 36
    assert all(doses[d] == planned_dose(store, PATIENT, d) for d in doses)


def test_the_version_1_sample_keeps_loading(store: DataStore) -> None:
    """A real version-1 document (held, then moved to the morning) must load in every release."""
    sample = Path(__file__).parent / "samples" / "titration-v1.json"
    target = store.path(titration_doc(PATIENT))
    target.parent.mkdir(parents=True)
    target.write_bytes(sample.read_bytes())
    versions = load_versions(store, PATIENT)
    assert [v.change.kind for v in versions] == ["new", "hold", "dose_time"]
    assert versions[1].reason == "vivid dreams at 3 mg"
    assert str(dose_mg(planned_dose(store, PATIENT, date(2027, 1, 4)))) == "3"
    assert str(dose_mg(planned_dose(store, PATIENT, date(2027, 1, 5)))) == "4.5"
    assert versions[-1].plan.dose_time_on(date(2026, 12, 20)) is DoseTime.MORNING


def test_save_version_applies_the_whole_start_decision_to_a_new_plan_or_start(
    store: DataStore,
) -> None:
    """The last guard is core's ``titration_start``, as the page and ``schedule --save`` ask it
    first: a new plan or a new start without a washout check (or backdated, or after a blocking
    check) is saved only with the reason recorded in the plan; holds, step-backs and dose-time
    changes keep the start and are not asked again."""
    with pytest.raises(InputError, match="no washout check is saved") as refused:
        save_version(store, PATIENT, _standard(reason=""), Change("new", "x"), by="Dr A", now=NOW)
    assert refused.value.field == "start" and load_versions(store, PATIENT) == ()
    reason = "opioid-naive: history confirmed"
    plan = with_start(_standard(), date(2026, 12, 1), reason)
    save_version(store, PATIENT, plan, Change("new", "x"), by="Dr A", now=NOW)
    held, change = hold(plan, date(2026, 12, 10), 7)
    save_version(store, PATIENT, held, change, by="Dr A", reason="dreams", now=NOW)
    moved = with_start(held, date(2026, 11, 1))  # a new start, backdated, with no reason of its own
    with pytest.raises(InputError, match="in the past"):
        save_version(store, PATIENT, moved, Change("edit", "x"), by="Dr A", reason="r", now=NOW)
    assert len(load_versions(store, PATIENT)) == 2
