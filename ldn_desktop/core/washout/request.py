"""What the washout checker is asked (reference washout.md §4, §5): the medications, the planned
start and the screening answers.

Apart from the results (``model``) so that the Washout page, the first page shown, can read its
form without loading the result types (issue 14).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class UrineScreen(enum.StrEnum):
    NOT_DONE = "not_done"
    NEGATIVE = "negative"
    POSITIVE = "positive"


@dataclass(frozen=True)
class TimePoint:
    """A moment the user entered: ``value`` is naive local time or aware; ``date_only`` if no time
    was typed (the checker then uses 23:59 for a last dose and 00:00 for a planned start)."""

    value: datetime
    date_only: bool = False


@dataclass(frozen=True)
class MedicationInput:
    """One medication row: the name as typed, an optional formulation (ir/er/patch), the last
    dose or patch removal, "still taking / patch still on" (``current``) and reported misuse."""

    name: str
    form: str | None = None
    last: TimePoint | None = None
    removed: TimePoint | None = None
    current: bool = False
    misuse: bool = False


@dataclass(frozen=True)
class Screening:
    """The screening answers (reference §4 items 3–5, §5 step 7)."""

    urine_screen: UrineScreen = UrineScreen.NOT_DONE
    withdrawal_now: bool = False
    naloxone_failed: bool = False

    def __post_init__(self) -> None:
        # "positive" from a widget or JSON becomes UrineScreen.POSITIVE (ValueError otherwise),
        # so an answer can never be silently ignored by an identity comparison.
        object.__setattr__(self, "urine_screen", UrineScreen(self.urine_screen))


@dataclass(frozen=True)
class WashoutRequest:
    """``checked_at``: the moment of the check (None: now, read by ``check_washout``); a last
    dose or patch removal after it is flagged as a stop still to come. Aware, or naive for a
    wall-clock time like the other times of a check without a time zone."""

    medications: tuple[MedicationInput, ...]
    planned_start: TimePoint
    time_zone: str | None = None
    screening: Screening = field(default_factory=Screening)
    checked_at: datetime | None = None
