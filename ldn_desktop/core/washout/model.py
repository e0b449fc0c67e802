"""Values of the washout checker: statuses and results (reference washout.md §5); the inputs
are in ``request`` (re-exported here), which a form can load without the results."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import date, datetime

from ldn_desktop.core.washout.request import (  # re-exported: the checker's values
    MedicationInput as MedicationInput,
    Screening as Screening,
    TimePoint as TimePoint,
    UrineScreen as UrineScreen,
    WashoutRequest as WashoutRequest,
)


class Status(enum.StrEnum):
    """A check's answer. ``severity`` orders them for combining (reference §5 step 8)."""

    REFER_SPECIALIST = "REFER_SPECIALIST"
    NOT_CLEAR = "NOT_CLEAR"
    UNKNOWN_VERIFY = "UNKNOWN_VERIFY"
    CLEAR_VERIFY = "CLEAR_VERIFY"
    CLEAR_WITH_FLAG = "CLEAR_WITH_FLAG"
    CLEAR = "CLEAR"

    @property
    def severity(self) -> int:
        return len(_ORDER) - _ORDER.index(self)

    @property
    def words(self) -> str:
        return _WORDS[self]

    @property
    def short(self) -> str:
        """A few words for tables and lists ("Not clear", "Minimum met — verify")."""
        return _SHORT[self]


_ORDER = tuple(Status)
_WORDS = {
    Status.REFER_SPECIALIST: "Refer to a specialist: no date can be computed",
    Status.NOT_CLEAR: "Not clear: the minimum opioid-free interval is not met",
    Status.UNKNOWN_VERIFY: "Unknown: a medication could not be identified — verify",
    Status.CLEAR_VERIFY: "Minimum interval met — confirm with the clinician / a test",
    Status.CLEAR_WITH_FLAG: "Minimum interval met, with a flag to read",
    Status.CLEAR: "Minimum interval met",
}


_SHORT = {
    Status.REFER_SPECIALIST: "Refer to a specialist",
    Status.NOT_CLEAR: "Not clear",
    Status.UNKNOWN_VERIFY: "Unknown — verify",
    Status.CLEAR_VERIFY: "Minimum met — verify",
    Status.CLEAR_WITH_FLAG: "Minimum met — flag",
    Status.CLEAR: "Minimum met",
}


def most_severe(statuses: list[Status]) -> Status:
    """REFER_SPECIALIST > NOT_CLEAR > UNKNOWN_VERIFY > CLEAR_VERIFY > CLEAR_WITH_FLAG > CLEAR."""
    return max(statuses, key=lambda s: s.severity, default=Status.CLEAR)


@dataclass(frozen=True)
class ComponentResult:
    """One opioid or antagonist ingredient of a medication."""

    entry_id: str
    generic: str
    form: str | None
    washout_class: str
    status: Status
    earliest_start: datetime | None
    recommended_start: datetime | None
    wait_days: int | None
    reason: str
    source: str
    # the last dose / removal it counts from is after the moment of the check: a stop to come
    after_check: bool = False


@dataclass(frozen=True)
class DrugResult:
    input: str
    matched: str | None
    washout_class: str
    status: Status
    earliest_start: datetime | None
    recommended_start: datetime | None
    reason: str
    source: str
    suggestions: tuple[str, ...] = ()
    components: tuple[ComponentResult, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def after_check(self) -> bool:
        """A last dose or patch removal of it lies after the moment of the check: the dates hold
        only if that stop happens as entered (see ``rules``)."""
        return any(c.after_check for c in self.components)


@dataclass(frozen=True)
class InteractionHit:
    id: str
    title: str
    severity: str
    effect: str
    advice: str
    source: str
    because_of: tuple[str, ...]


@dataclass(frozen=True)
class WashoutResult:
    status: Status
    earliest_start: datetime | None
    recommended_start: datetime | None
    planned_start: datetime
    drugs: tuple[DrugResult, ...]
    interactions: tuple[InteractionHit, ...]
    notes: tuple[str, ...]
    reason: str

    @property
    def earliest_start_day(self) -> date | None:
        """The first whole day (from 00:00) at or after the earliest start."""
        from ldn_desktop.core.washout.times import first_whole_day  # times imports this module

        return None if self.earliest_start is None else first_whole_day(self.earliest_start)


@dataclass(frozen=True)
class StopBeforeResult:
    """The reverse question: last LDN dose before planned opioid use (reference §1.5, §4)."""

    planned_opioid_use: datetime
    last_ldn_dose: datetime
    hold_hours: int
    reason: str
    source: str
    notes: tuple[str, ...]
    hold_passed: bool = False  # the last LDN dose moment was already past when asked
