"""The one-line answer a washout check leads with: the earliest and recommended start (issue 13).

Shared by the Washout page, the printed summary and ``ldn-desktop washout``. Dates are in the
people style (``11 Feb 2026 08:00``); the status follows in the next line, never instead of them.
Example: ``Earliest start 11 Feb 2026 08:00 · recommended 15 Feb 2026 08:00``.
"""

from __future__ import annotations

from ldn_desktop.core.washout.model import DrugResult, Status, WashoutResult
from ldn_desktop.core.washout.times import people

# after the dates that count from a last dose or removal later than the check (``after_check``)
STOP_TO_COME = "only once the last dose entered has been taken"


def drug_earliest(drug: DrugResult) -> str:
    """One medication's earliest start as its card and the printout show it:
    ``earliest 12 Dec 2026 22:00`` (``… (only once the last dose entered has been taken)``)."""
    text = f"earliest {people(drug.earliest_start)}"
    return f"{text} ({STOP_TO_COME})" if drug.after_check else text


def headline(result: WashoutResult) -> str:
    """Earliest and recommended start first; when no date can be computed, why not."""
    if result.status is Status.REFER_SPECIALIST:
        return "No start date: refer to a specialist"
    if result.earliest_start is not None:
        text = f"Earliest start {people(result.earliest_start)}"
        if result.recommended_start and result.recommended_start != result.earliest_start:
            text += f" · recommended {people(result.recommended_start)}"
        if any(
            d.earliest_start is None and d.status.severity >= Status.UNKNOWN_VERIFY.severity
            for d in result.drugs
        ):
            text += " (at least: a medication could not be dated)"
        if any(d.after_check for d in result.drugs):
            text += f" ({STOP_TO_COME})"
        return text
    if result.status is Status.UNKNOWN_VERIFY:
        return "No start date until every medication is identified"
    if result.status is Status.NOT_CLEAR:
        return "No start date yet: the opioid is still taken or has no last dose"
    return f"No washout needed: earliest start = the planned start {people(result.planned_start)}"
