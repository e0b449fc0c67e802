"""A patient's washout assessments: ``patients/<id>/washout.json``.

Each saved check is appended with the moment it was saved; earlier ones are never changed, so the
history of what was checked (inputs) and what the program answered (result) stays viewable. The
result part has the same shape as ``ldn-desktop washout --json``.

Document (version 1)::

    {"format": "ldn-desktop/washout", "version": 1,
     "assessments": [{"id": "...", "saved_at": "2026-03-01T09:00:00+00:00",
                      "inputs": {"medications": [...], "planned_start": "...", "time_zone": null,
                                 "uds_positive": false, "withdrawal": false,
                                 "naloxone_failed": false},
                      "result": {"status": "NOT_CLEAR", "earliest_start": "...", ...}}]}
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ldn_desktop.core import washout
from ldn_desktop.storage.atomic import random_token
from ldn_desktop.storage.documents import DataStore, Document, DocumentKind
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.patients import patient_dir
from ldn_desktop.storage.schema import need, need_datetime, need_text

if TYPE_CHECKING:  # the assessment module loads when a plan asks for one, not with the page
    from ldn_desktop.core.washout import WashoutAssessment

STATUSES = (
    "REFER_SPECIALIST",
    "NOT_CLEAR",
    "UNKNOWN_VERIFY",
    "CLEAR_VERIFY",
    "CLEAR_WITH_FLAG",
    "CLEAR",
)
MAX_ASSESSMENTS = 1000


def washout_doc(patient_id: str) -> str:
    return f"{patient_dir(patient_id)}/washout.json"


def _validate_medication(med: Any, where: str) -> None:
    need_text(med, "name", where, max_length=500)
    form = need_text(med, "form", where, optional=True, max_length=10)
    if form not in (None, "ir", "er", "patch"):
        raise InvalidDocumentError(f"{where}: 'form' must be ir, er, patch or null")
    need_text(med, "last", where, optional=True, max_length=40)
    need_text(med, "removed", where, optional=True, max_length=40)
    need(med, "current", bool, where)
    need(med, "misuse", bool, where)


def _validate_inputs(inputs: Any, where: str) -> None:
    meds = need(inputs, "medications", list, where)
    for index, med in enumerate(meds):
        _validate_medication(med, f"{where} medication {index + 1}")
    need_text(inputs, "planned_start", where, max_length=40)
    need_text(inputs, "time_zone", where, optional=True, max_length=80)
    for flag in ("uds_positive", "withdrawal", "naloxone_failed"):
        need(inputs, flag, bool, where)


def _validate_result(result: Any, where: str) -> None:
    status = need_text(result, "status", where)
    if status not in STATUSES:
        raise InvalidDocumentError(f"{where}: unknown status {status!r}")
    need_datetime(result, "earliest_start", where, optional=True)
    need_datetime(result, "recommended_start", where, optional=True)
    for key in ("drugs", "interactions", "notes"):
        need(result, key, list, where)


def _validate(document: Document) -> None:
    assessments = need(document, "assessments", list, "washout")
    if len(assessments) > MAX_ASSESSMENTS:
        raise InvalidDocumentError(f"washout: more than {MAX_ASSESSMENTS} assessments")
    for index, item in enumerate(assessments):
        where = f"assessment {index + 1}"
        need_text(item, "id", where, non_empty=True, max_length=40)
        saved = need_datetime(item, "saved_at", where)
        if saved is not None and saved.tzinfo is None:
            raise InvalidDocumentError(f"{where}: 'saved_at' needs a UTC offset")
        _validate_inputs(need(item, "inputs", dict, where), f"{where} inputs")
        _validate_result(need(item, "result", dict, where), f"{where} result")


WASHOUT_KIND = DocumentKind("washout", 1, _validate)


@dataclass(frozen=True)
class SavedAssessment:
    """One stored check: when it was saved, what was entered and what the checker answered."""

    id: str
    saved_at: datetime
    inputs: dict[str, Any]
    result: dict[str, Any]

    @property
    def status(self) -> str:
        return str(self.result["status"])

    @property
    def earliest_start(self) -> datetime | None:
        value = self.result.get("earliest_start")
        return datetime.fromisoformat(value) if value else None


def list_assessments(store: DataStore, patient_id: str) -> list[SavedAssessment]:
    """The patient's saved assessments, oldest first (empty when none was saved)."""
    document = store.read(washout_doc(patient_id), WASHOUT_KIND)
    if document is None:
        return []
    items = [
        SavedAssessment(
            id=item["id"],
            saved_at=datetime.fromisoformat(item["saved_at"]),
            inputs=item["inputs"],
            result=item["result"],
        )
        for item in document["assessments"]
    ]
    return sorted(items, key=lambda a: a.saved_at)


def save_assessment(
    store: DataStore,
    patient_id: str,
    inputs: dict[str, Any],
    result: dict[str, Any],
    saved_at: datetime,
) -> SavedAssessment:
    """Append one assessment (``saved_at`` must carry a UTC offset); earlier ones stay unchanged."""
    if saved_at.tzinfo is None:
        raise ValueError("saved_at needs a time zone")
    rel = washout_doc(patient_id)
    document = store.read(rel, WASHOUT_KIND) or {"assessments": []}
    entry_id = random_token(6)
    entry: dict[str, Any] = {
        "id": entry_id,
        "saved_at": saved_at.isoformat(),
        "inputs": inputs,
        "result": result,
    }
    assessments = [*document["assessments"], entry][-MAX_ASSESSMENTS:]
    store.write(rel, WASHOUT_KIND, {"assessments": assessments})
    return SavedAssessment(entry_id, saved_at, inputs, result)


def first_clear_day(earliest: datetime) -> date:
    """The first calendar day whose 00:00 is at or after ``earliest`` (reference §5 step 4).

    A date-only planned start counts as 00:00 that day, so this is the first date the checker
    accepts when given as a date only: 2026-03-08 20:00 → 2026-03-09; 2026-03-09 00:00 → 2026-03-09.
    """
    return washout.first_whole_day(earliest)


def latest_earliest_start(store: DataStore, patient_id: str) -> date | None:
    """The first start date allowed by the patient's most recent saved assessment.

    None when no assessment was saved or the latest one has no computable date (depot
    buprenorphine → refer, a drug still being taken, or only unknown names). The date is the
    first whole day at or after the assessment's earliest start (see ``first_clear_day``); it is a
    lower bound, never a promise that starting is safe — the assessment's status says that.
    """
    assessments = list_assessments(store, patient_id)
    if not assessments:
        return None
    earliest = assessments[-1].earliest_start
    return first_clear_day(earliest) if earliest is not None else None


def latest_assessment(store: DataStore, patient_id: str) -> WashoutAssessment | None:
    """The patient's most recent saved check as the titration start decision reads it (None when
    no check was saved). See ``core.titration.titration_start``."""
    assessments = list_assessments(store, patient_id)
    if not assessments:
        return None
    last = assessments[-1]
    return washout.assessment_from_json(last.inputs, last.result, last.saved_at)
