"""``patients/<id>/titration.json``: a patient's titration plan and every earlier version of it.

Every change (a new plan, an edit, a hold, a step back, a new dose time, a new start) appends a
version with when, who and why; earlier versions are never changed and stay readable. The active
plan is the newest version. ``planned_dose`` is what the side-effect log compares entries with.

A start before the patient's saved washout earliest start is refused unless an override reason is
recorded with the plan (issue #5).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, cast

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration import (
    CHANGE_KINDS,
    MAX_STEP_DAYS,
    Change,
    ChangeKind,
    DoseTime,
    DoseTimeChange,
    Plan,
    Step,
    build_schedule,
    check_start_after_washout,
    dose_mg,
    dose_on,
    make_plan,
    mg,
    save_start_decision,
)
from ldn_desktop.core.units import Quantity
from ldn_desktop.storage.documents import DataStore, Document, DocumentKind
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.patients import patient_dir
from ldn_desktop.storage.schema import (
    need,
    need_date,
    need_datetime,
    need_number,
    need_quantity,
    need_text,
)
from ldn_desktop.storage.washout import latest_assessment, latest_earliest_start

MAX_VERSIONS = 10_000


def titration_doc(patient_id: str) -> str:
    return f"{patient_dir(patient_id)}/titration.json"


@dataclass(frozen=True)
class PlanVersion:
    """One saved version: number (1, 2, ...), when, who, why, what changed and the whole plan."""

    number: int
    created_at: datetime
    by: str
    reason: str
    change: Change
    plan: Plan


# -- validation ---------------------------------------------------------------------------------


def _validate_plan(plan: Any, where: str) -> None:
    need_date(plan, "start", where)
    if need_text(plan, "dose_time", where) not in {t.value for t in DoseTime}:
        raise InvalidDocumentError(f"{where}: 'dose_time' must be bedtime or morning")
    need_text(plan, "protocol", where, max_length=40)
    need_text(plan, "start_override_reason", where, max_length=2000)
    steps = need(plan, "steps", list, where)
    if not steps:
        raise InvalidDocumentError(f"{where}: 'steps' is empty")
    for index, step in enumerate(steps):
        # 50 mg (full-dose naltrexone) bounds any LDN step; core's dose range then decides
        need_quantity(step, "dose", f"{where}.steps[{index}]", {"mg"}, maximum=50)
        need_number(step, "days", f"{where}.steps[{index}]", optional=True, minimum=1, whole=True)
    for index, change in enumerate(need(plan, "dose_time_changes", list, where)):
        need_date(change, "start", f"{where}.dose_time_changes[{index}]")
        if need_text(change, "dose_time", where) not in {t.value for t in DoseTime}:
            raise InvalidDocumentError(f"{where}: dose_time_changes[{index}] has a bad dose time")
    try:
        _plan_from_json(plan)
    except (InputError, ValueError) as exc:
        raise InvalidDocumentError(f"{where}: {exc}") from None


def _validate(document: Document) -> None:
    versions = need(document, "versions", list, "titration")
    if len(versions) > MAX_VERSIONS:
        raise InvalidDocumentError("titration: too many versions")
    for index, version in enumerate(versions):
        where = f"titration.versions[{index}]"
        if need(version, "number", int, where) != index + 1:
            raise InvalidDocumentError(f"{where}: 'number' must be {index + 1}")
        need_datetime(version, "created_at", where)
        need_text(version, "by", where, max_length=200)
        need_text(version, "reason", where, max_length=5000)
        change = need(version, "change", dict, where)
        if need_text(change, "kind", f"{where}.change") not in CHANGE_KINDS:
            raise InvalidDocumentError(f"{where}.change: unknown kind")
        need_text(change, "summary", f"{where}.change", max_length=2000)
        need_date(change, "start", f"{where}.change", optional=True)
        _validate_change_details(change, f"{where}.change")
        _validate_plan(need(version, "plan", dict, where), f"{where}.plan")


def _validate_change_details(change: dict[str, Any], where: str) -> None:
    """The optional days and dose time of a change, as ``_change_from_json`` reads them."""
    need_number(change, "days", where, optional=True, minimum=1, maximum=MAX_STEP_DAYS, whole=True)
    dose_time = need_text(change, "dose_time", where, optional=True, max_length=20)
    if dose_time and dose_time not in {t.value for t in DoseTime}:
        raise InvalidDocumentError(f"{where}: 'dose_time' must be bedtime or morning")


TITRATION_KIND = DocumentKind("titration", 1, _validate)


# -- conversion ---------------------------------------------------------------------------------


def plan_to_json(plan: Plan) -> dict[str, Any]:
    return {
        "start": plan.start.isoformat(),
        "dose_time": plan.dose_time.value,
        "protocol": plan.protocol,
        "start_override_reason": plan.start_override_reason,
        "steps": [
            {"dose": {"value": str(dose_mg(s.dose)), "unit": "mg"}, "days": s.days}
            for s in plan.steps
        ],
        "dose_time_changes": [
            {"start": c.start.isoformat(), "dose_time": c.dose_time.value}
            for c in plan.dose_time_changes
        ],
    }


def _plan_from_json(data: dict[str, Any]) -> Plan:
    steps = tuple(
        Step(mg(s["dose"]["value"]), None if s.get("days") is None else int(s["days"]))
        for s in data["steps"]
    )
    changes = tuple(
        DoseTimeChange(date.fromisoformat(c["start"]), DoseTime(c["dose_time"]))
        for c in data["dose_time_changes"]
    )
    return make_plan(
        date.fromisoformat(data["start"]),
        steps,
        dose_time=DoseTime(data["dose_time"]),
        protocol=data["protocol"],
        dose_time_changes=changes,
        start_override_reason=data["start_override_reason"],
    )


def _change_to_json(change: Change) -> dict[str, Any]:
    return {
        "kind": change.kind,
        "summary": change.summary,
        "start": change.start.isoformat() if change.start else None,
        "days": change.days,
        "dose_time": change.dose_time.value if change.dose_time else None,
    }


def _change_from_json(data: dict[str, Any]) -> Change:
    return Change(
        cast(ChangeKind, data["kind"]),
        data["summary"],
        date.fromisoformat(data["start"]) if data.get("start") else None,
        data.get("days"),
        DoseTime(data["dose_time"]) if data.get("dose_time") else None,
    )


def _version_from_json(data: dict[str, Any]) -> PlanVersion:
    created = datetime.fromisoformat(data["created_at"])
    return PlanVersion(
        number=data["number"],
        created_at=created if created.tzinfo else created.replace(tzinfo=UTC),
        by=data["by"],
        reason=data["reason"],
        change=_change_from_json(data["change"]),
        plan=_plan_from_json(data["plan"]),
    )


# -- reading and writing ------------------------------------------------------------------------


def load_versions(store: DataStore, patient_id: str) -> tuple[PlanVersion, ...]:
    """Every saved version, oldest first (empty when the patient has no plan)."""
    document = store.read(titration_doc(patient_id), TITRATION_KIND)
    if document is None:
        return ()
    return tuple(_version_from_json(v) for v in document["versions"])


def active_plan(store: DataStore, patient_id: str) -> PlanVersion | None:
    """The newest version (the plan in force), or None."""
    versions = load_versions(store, patient_id)
    return versions[-1] if versions else None


def planned_dose(store: DataStore, patient_id: str, day: date) -> Quantity | None:
    """The dose of the patient's active plan on ``day``; None if no plan covers that day."""
    version = active_plan(store, patient_id)
    if version is None:
        return None
    try:
        return dose_on(version.plan, day)
    except OverflowError:  # a plan saved before starts were checked (e.g. 9999-12-31)
        return None


def planned_doses(
    store: DataStore, patient_id: str, first: date, last: date
) -> dict[date, Quantity]:
    """Planned dose per day from ``first`` to ``last`` (days without a dose are left out).

    One read of the document for a whole chart, instead of one per day.
    """
    version = active_plan(store, patient_id)
    if version is None or last < first:
        return {}
    try:
        days = build_schedule(version.plan, last, first)
    except OverflowError:  # a plan saved before starts were checked (e.g. 9999-12-31)
        return {}
    return {d.day: d.dose for d in days}


def washout_earliest_start(store: DataStore, patient_id: str) -> date | None:
    """The latest saved washout's earliest start (None when no washout is saved)."""
    return latest_earliest_start(store, patient_id)


def save_version(
    store: DataStore,
    patient_id: str,
    plan: Plan,
    change: Change,
    *,
    by: str,
    reason: str = "",
    now: datetime | None = None,
) -> PlanVersion:
    """Append ``plan`` as a new version; every change after the first needs a reason.

    A plan equal to the newest version is not appended again (that version is returned), so a
    retried save never duplicates. A new plan or a new start must pass core's start decision
    (``save_start_decision``: no washout check, a backdated or implausible start, a blocking
    check need the reason recorded in the plan), and no plan may start before the washout's
    earliest start without one (``check_start_after_washout``): the rules the page and
    ``schedule --save`` apply first.
    """
    by = by.strip()
    reason = reason.strip()
    if not by:
        raise InputError("by: say who makes this change.", "by")
    document = store.read(titration_doc(patient_id), TITRATION_KIND)
    versions: list[dict[str, Any]] = list(document["versions"]) if document else []
    if versions and not reason:
        raise InputError(
            "reason: say why the plan changes (it is kept with the version).", "reason"
        )
    check_start_after_washout(plan, washout_earliest_start(store, patient_id))  # core's rule
    moment = now or datetime.now().astimezone()
    last = _version_from_json(versions[-1]) if versions else None
    if last is not None and last.plan == plan:
        return last  # a repeated save (a retry) never adds a duplicate version
    # a new plan or start: core's whole start decision (implausible dates included), the reason
    # being the plan's own
    decision = save_start_decision(
        plan,
        last.plan.start if last else None,
        latest_assessment(store, patient_id),
        today=moment.date(),
    )
    if decision is not None and not decision.can_save:
        raise InputError(f"start: {decision.refusal()}", "start")
    stamp = moment.isoformat(timespec="seconds")
    entry = {
        "number": len(versions) + 1,
        "created_at": stamp,
        "by": by,
        "reason": reason,
        "change": _change_to_json(change),
        "plan": plan_to_json(plan),
    }
    store.write(titration_doc(patient_id), TITRATION_KIND, {"versions": [*versions, entry]})
    return _version_from_json(entry)
