"""A washout check reduced to what the titration start decision needs (washout.md §4, §5).

``WashoutAssessment`` is built either from a live check (``assessment_of(request, result)``, the
Washout page) or from a saved one (``assessment_from_json(inputs, result)``, the ``washout.json``
document read by the CLI and the Titration page), so both front ends hand the same typed value to
``core.titration.titration_start``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ldn_desktop.core.washout.model import Status, UrineScreen, WashoutRequest, WashoutResult
from ldn_desktop.core.washout.times import first_whole_day


@dataclass(frozen=True)
class WashoutAssessment:
    """Status, dates and screening answers of one washout check.

    ``current_use`` names the medications still being taken (or a patch still on) that the check
    did not clear; ``stop_to_come`` those whose last dose or removal was after the moment of the
    check (its dates hold only if that stop happened); ``saved_at`` is when the check was saved
    (None for a check on screen).
    """

    status: Status
    earliest_start: datetime | None
    recommended_start: datetime | None
    planned_start: datetime | None
    positive_screen: bool = False
    withdrawal_now: bool = False
    naloxone_failed: bool = False
    current_use: tuple[str, ...] = ()
    saved_at: datetime | None = None
    stop_to_come: tuple[str, ...] = ()

    @property
    def earliest_day(self) -> date | None:
        """The first whole day (from 00:00) at or after the earliest start."""
        return _first_whole_day(self.earliest_start)

    @property
    def recommended_day(self) -> date | None:
        return _first_whole_day(self.recommended_start)


def _first_whole_day(moment: datetime | None) -> date | None:
    return None if moment is None else first_whole_day(moment)


def assessment_of(request: WashoutRequest, result: WashoutResult) -> WashoutAssessment:
    """The assessment of a check computed just now."""
    current = tuple(
        drug.input
        for med, drug in zip(request.medications, result.drugs, strict=True)
        if med.current and drug.status is Status.NOT_CLEAR
    )
    screening = request.screening
    to_come = tuple(drug.input for drug in result.drugs if drug.after_check)
    return WashoutAssessment(
        status=result.status,
        earliest_start=result.earliest_start,
        recommended_start=result.recommended_start,
        planned_start=result.planned_start,
        positive_screen=screening.urine_screen == UrineScreen.POSITIVE,
        withdrawal_now=screening.withdrawal_now,
        naloxone_failed=screening.naloxone_failed,
        current_use=current,
        stop_to_come=to_come,
    )


def _moment(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        return None


def assessment_from_json(
    inputs: Mapping[str, Any], result: Mapping[str, Any], saved_at: datetime | None = None
) -> WashoutAssessment:
    """The assessment of a saved check (the ``inputs``/``result`` of ``washout.json``).

    A status the program does not know counts as UNKNOWN_VERIFY (never as clear).
    """
    try:
        status = Status(str(result.get("status")))
    except ValueError:
        status = Status.UNKNOWN_VERIFY
    meds: Sequence[Any] = inputs.get("medications") or []
    drugs: Sequence[Any] = result.get("drugs") or []
    current = tuple(
        str(drug.get("input") or med.get("name") or "")
        for med, drug in zip(meds, drugs, strict=False)
        if isinstance(med, Mapping)
        and isinstance(drug, Mapping)
        and med.get("current")
        and drug.get("status") == Status.NOT_CLEAR.value
    )
    # "after_check" is in checks saved since it was added; older ones have none
    to_come = tuple(
        str(drug.get("input") or "")
        for drug in drugs
        if isinstance(drug, Mapping) and drug.get("after_check") is True
    )
    return WashoutAssessment(
        status=status,
        earliest_start=_moment(result.get("earliest_start")),
        recommended_start=_moment(result.get("recommended_start")),
        planned_start=_moment(result.get("planned_start")) or _moment(inputs.get("planned_start")),
        positive_screen=bool(inputs.get("uds_positive")),
        withdrawal_now=bool(inputs.get("withdrawal")),
        naloxone_failed=bool(inputs.get("naloxone_failed")),
        current_use=current,
        saved_at=saved_at,
        stop_to_come=to_come,
    )
