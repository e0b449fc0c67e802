"""The washout → titration start decision: may a plan start on this day, and which day by default.

One function, ``titration_start``, answers for ``schedule --save`` and the Titration page (and the
Washout page's "Use as titration start"), so they never disagree.

Rules (docs/reference/washout.md §4 items 3–5, §5 steps 6–8; issue 11):

* Blocked — the washout check is NOT_CLEAR, UNKNOWN_VERIFY or REFER_SPECIALIST, the urine opioid
  screen is positive, there are withdrawal symptoms now, a naloxone challenge failed, or an opioid
  is still being taken. Only a recorded override reason lets a plan be saved then.
* Needs a reason — no washout check at all, a start in the past (backdated), or a start before
  the washout's earliest start (its first whole day, §5 step 4).
* Allowed otherwise, with warnings (confirm CLEAR_VERIFY with a test, read a flag, a start before
  the recommended start).

Default start: the latest of the check's planned start day, the first whole day at or after its
earliest start, and today — never in the past. Example: planned 1 Dec 2026, earliest
2026-12-04 20:00, today 3 Dec 2026 → 5 Dec 2026; a check from last month → today.

A start more than ``MAX_DAYS_AHEAD`` days ahead or ``MAX_DAYS_BACK`` days back is refused as
implausible (a typed year 9999 or 2062 for 2026), before anything is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.schedule import Plan, format_day
from ldn_desktop.core.washout import Status, WashoutAssessment

MAX_DAYS_AHEAD = 366
MAX_DAYS_BACK = 5 * 366
BLOCKING_STATUSES = (Status.NOT_CLEAR, Status.UNKNOWN_VERIFY, Status.REFER_SPECIALIST)

_BLOCKING_WORDS = {
    Status.NOT_CLEAR: "the washout check is NOT_CLEAR (the minimum opioid-free interval is not "
    "met for its planned start)",
    Status.UNKNOWN_VERIFY: "the washout check is UNKNOWN_VERIFY (a medication could not be "
    "identified: verify it)",
    Status.REFER_SPECIALIST: "the washout check says REFER_SPECIALIST (no start date can be "
    "computed)",
}


class StartVerdict(StrEnum):
    ALLOWED = "allowed"
    NEEDS_REASON = "needs_reason"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class TitrationStart:
    """The answer for one start day. ``blocked_because`` and ``reason_needed_because`` are plain
    sentences; ``override_reason`` is the reason given (empty when none)."""

    verdict: StartVerdict
    start: date
    default_start: date
    earliest_day: date | None
    recommended_day: date | None
    blocked_because: tuple[str, ...]
    reason_needed_because: tuple[str, ...]
    warnings: tuple[str, ...]
    override_reason: str = ""

    @property
    def can_save(self) -> bool:
        """Allowed, or a reason for the exception was given."""
        return self.verdict is StartVerdict.ALLOWED or bool(self.override_reason.strip())

    @property
    def problems(self) -> tuple[str, ...]:
        return self.blocked_because + self.reason_needed_because

    def refusal(self) -> str:
        """One line: why the plan cannot be saved as it is, and what to do."""
        what = "Not saved" if self.verdict is StartVerdict.BLOCKED else "A reason is needed"
        return f"{what}: {'; '.join(self.problems)}. Record a reason to save anyway."


def check_start_plausible(start: date, today: date, field: str = "start") -> None:
    """Refuse a start too far ahead or back to be meant (InputError naming ``field``)."""
    if start > today + timedelta(days=MAX_DAYS_AHEAD):
        raise InputError(
            f"{field}: {format_day(start)} is more than a year ahead; check the year "
            f"(latest accepted: {format_day(today + timedelta(days=MAX_DAYS_AHEAD))}).",
            field,
        )
    if start < today - timedelta(days=MAX_DAYS_BACK):
        raise InputError(
            f"{field}: {format_day(start)} is more than 5 years ago; check the year.", field
        )


def start_decision_needed(plan: Plan, saved_start: date | None) -> bool:
    """Whether saving ``plan`` needs the start decision: a new plan (``saved_start`` None) or a
    new start does; holds, step-backs and dose-time changes keep the start and are not asked
    again."""
    return saved_start is None or saved_start != plan.start


def save_start_decision(
    plan: Plan, saved_start: date | None, assessment: WashoutAssessment | None, *, today: date
) -> TitrationStart | None:
    """The start decision saving ``plan`` needs: ``titration_start`` for a new plan
    (``saved_start`` None) or a new start, with the reason the plan records; None when the saved
    plan's start is kept (holds, step-backs and dose-time changes are not asked again).

    The page and ``schedule --save`` ask it before saving (the page then asks for the reason);
    ``storage.titration.save_version`` refuses what it refuses, as the last guard."""
    if not start_decision_needed(plan, saved_start):
        return None
    return titration_start(
        assessment, today=today, start=plan.start, override_reason=plan.start_override_reason
    )


def check_start_after_washout(plan: Plan, earliest: date | None) -> None:
    """What may be saved, and what may go on paper (calendar, PDF, .ics, CSV) from the Titration
    page or ``schedule``: a plan starting before the washout's earliest start (its first whole
    day) only with the reason for starting earlier recorded in the plan. InputError otherwise.

    The one rule the page, the command line and ``storage.titration.save_version`` apply;
    ``titration_start`` gives the whole decision (and its wording) for a new plan or start."""
    if earliest is None or plan.start >= earliest or plan.start_override_reason:
        return
    raise InputError(
        f"start: {format_day(plan.start)} is before the earliest start after the washout "
        f"({format_day(earliest)}). Choose a later start or record a reason for starting earlier.",
        "start",
    )


def default_start(assessment: WashoutAssessment | None, today: date) -> date:
    """The latest of the planned start day, the earliest start's first whole day and today."""
    days = [today]
    if assessment is not None:
        if assessment.planned_start is not None:
            days.append(assessment.planned_start.date())
        if assessment.earliest_day is not None:
            days.append(assessment.earliest_day)
    return max(days)


def _blocked_because(assessment: WashoutAssessment) -> list[str]:
    reasons = []
    if assessment.status in _BLOCKING_WORDS:
        words = _BLOCKING_WORDS[assessment.status]
        earliest = assessment.earliest_day
        if assessment.status is Status.NOT_CLEAR and earliest is not None:
            words += f"; check again with a planned start on or after {format_day(earliest)}"
        reasons.append(words)
    if assessment.current_use:
        reasons.append("still taking an opioid: " + ", ".join(assessment.current_use))
    if assessment.positive_screen:
        reasons.append("the urine opioid screen is positive")
    if assessment.withdrawal_now:
        reasons.append("there are withdrawal symptoms now")
    if assessment.naloxone_failed:
        reasons.append("the naloxone challenge failed")
    return reasons


def _reason_needed_because(
    assessment: WashoutAssessment | None, start: date, today: date
) -> list[str]:
    reasons = []
    if assessment is None:
        reasons.append("no washout check is saved for this patient (confirm the opioid history)")
    if start < today:
        reasons.append(f"the start {format_day(start)} is in the past (backdated plan)")
    earliest = assessment.earliest_day if assessment else None
    if earliest is not None and start < earliest:
        reasons.append(
            f"the start {format_day(start)} is before the washout's earliest start "
            f"({format_day(earliest)})"
        )
    return reasons


def _warnings(assessment: WashoutAssessment | None, start: date, default: date) -> list[str]:
    if assessment is None:
        return []
    warnings = []
    if assessment.status is Status.CLEAR_VERIFY:
        warnings.append(
            "Minimum interval met — confirm with the clinician and a drug-specific urine test."
        )
    if assessment.status is Status.CLEAR_WITH_FLAG:
        warnings.append("The washout check has a flag to read (an interaction or a note).")
    if assessment.stop_to_come:
        warnings.append(
            "The washout check counted from a last dose still to come when it was checked ("
            + ", ".join(assessment.stop_to_come)
            + "): confirm it was taken as the last one before the first LDN dose."
        )
    recommended, earliest = assessment.recommended_day, assessment.earliest_day
    if recommended is not None and (earliest is None or start >= earliest) and start < recommended:
        warnings.append(f"The start is before the recommended start ({format_day(recommended)}).")
    planned = assessment.planned_start.date() if assessment.planned_start else None
    if start == default and planned is not None and planned < start and earliest != start:
        warnings.append(
            f"The washout's planned start ({format_day(planned)}) has passed: the plan starts "
            f"{format_day(start)} with its first step."
        )
    return warnings


def titration_start(
    assessment: WashoutAssessment | None,
    *,
    today: date,
    start: date | None = None,
    override_reason: str = "",
) -> TitrationStart:
    """Decide whether a titration may start on ``start`` (default: ``default_start``).

    Raises InputError for an implausible ``start`` (see ``check_start_plausible``).
    """
    default = default_start(assessment, today)
    chosen = default if start is None else start
    check_start_plausible(chosen, today)
    blocked = _blocked_because(assessment) if assessment is not None else []
    needed = _reason_needed_because(assessment, chosen, today)
    if blocked:
        verdict = StartVerdict.BLOCKED
    elif needed:
        verdict = StartVerdict.NEEDS_REASON
    else:
        verdict = StartVerdict.ALLOWED
    return TitrationStart(
        verdict=verdict,
        start=chosen,
        default_start=default,
        earliest_day=assessment.earliest_day if assessment else None,
        recommended_day=assessment.recommended_day if assessment else None,
        blocked_because=tuple(blocked),
        reason_needed_because=tuple(needed),
        warnings=tuple(_warnings(assessment, chosen, default)),
        override_reason=override_reason.strip(),
    )
