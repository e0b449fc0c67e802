"""Washout requests and results as JSON (the CLI's ``--json`` and the saved assessments).

Datetimes are ISO 8601 (with the UTC offset when a time zone was given), null where none can be
computed; statuses are the names of ``Status`` exactly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ldn_desktop.core.washout.model import (
    MedicationInput,
    Screening,
    StopBeforeResult,
    TimePoint,
    UrineScreen,
    WashoutRequest,
    WashoutResult,
)
from ldn_desktop.core.washout.times import parse_time_point


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def point_text(point: TimePoint | None) -> str | None:
    """The text a time point was entered as (a date alone stays a date alone)."""
    if point is None:
        return None
    if point.date_only:
        return point.value.date().isoformat()
    return point.value.isoformat(timespec="minutes")


def result_to_json(result: WashoutResult) -> dict[str, Any]:
    """The ``--json`` shape of issue 4, plus ``reason``, ``planned_start`` and per-drug extras."""
    return {
        "status": result.status.value,
        "earliest_start": iso(result.earliest_start),
        "recommended_start": iso(result.recommended_start),
        "planned_start": iso(result.planned_start),
        "reason": result.reason,
        "drugs": [
            {
                "input": d.input,
                "matched": d.matched,
                "class": d.washout_class,
                "status": d.status.value,
                "earliest_start": iso(d.earliest_start),
                "recommended_start": iso(d.recommended_start),
                "reason": d.reason,
                "source": d.source,
                "suggestions": list(d.suggestions),
                "notes": list(d.notes),
                "after_check": d.after_check,
            }
            for d in result.drugs
        ],
        "interactions": [
            {
                "title": i.title,
                "severity": i.severity,
                "effect": i.effect,
                "advice": i.advice,
                "because_of": list(i.because_of),
                "source": i.source,
            }
            for i in result.interactions
        ],
        "notes": list(result.notes),
    }


def request_to_json(request: WashoutRequest) -> dict[str, Any]:
    """The inputs of a check, as stored with a saved assessment."""
    return {
        "medications": [
            {
                "name": m.name,
                "form": m.form,
                "last": point_text(m.last),
                "removed": point_text(m.removed),
                "current": m.current,
                "misuse": m.misuse,
            }
            for m in request.medications
        ],
        "planned_start": point_text(request.planned_start),
        "time_zone": request.time_zone,
        "uds_positive": request.screening.urine_screen == UrineScreen.POSITIVE,
        "uds_negative": request.screening.urine_screen == UrineScreen.NEGATIVE,
        "withdrawal": request.screening.withdrawal_now,
        "naloxone_failed": request.screening.naloxone_failed,
    }


def request_from_json(data: dict[str, Any]) -> WashoutRequest:
    """Inverse of ``request_to_json`` (for showing an earlier assessment again)."""

    def point(text: str | None) -> TimePoint | None:
        return parse_time_point(text, "med") if text else None

    meds = tuple(
        MedicationInput(
            m["name"],
            m.get("form"),
            point(m.get("last")),
            point(m.get("removed")),
            bool(m.get("current")),
            bool(m.get("misuse")),
        )
        for m in data["medications"]
    )
    screen = UrineScreen.NOT_DONE
    if data.get("uds_positive"):
        screen = UrineScreen.POSITIVE
    elif data.get("uds_negative"):
        screen = UrineScreen.NEGATIVE
    screening = Screening(screen, bool(data.get("withdrawal")), bool(data.get("naloxone_failed")))
    planned = parse_time_point(data["planned_start"], "start")
    return WashoutRequest(meds, planned, data.get("time_zone"), screening)


def stop_before_to_json(result: StopBeforeResult) -> dict[str, Any]:
    return {
        "planned_opioid_use": iso(result.planned_opioid_use),
        "last_ldn_dose": iso(result.last_ldn_dose),
        "hold_hours": result.hold_hours,
        "hold_passed": result.hold_passed,
        "reason": result.reason,
        "source": result.source,
        "notes": list(result.notes),
    }
