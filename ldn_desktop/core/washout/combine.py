"""Combining per-medication results, overrides and interactions (washout.md §3, §4, §5 steps 7–8).

Overall status = the most severe of the medications' statuses (REFER_SPECIALIST > NOT_CLEAR >
UNKNOWN_VERIFY > CLEAR_VERIFY > CLEAR_WITH_FLAG > CLEAR). Overall earliest = the latest earliest
start of the medications with a computable date, reported as a lower bound when something could
not be dated. A positive urine opioid screen, withdrawal symptoms now or a failed naloxone
challenge make the whole check NOT_CLEAR; a negative screen never shortens a washout.
"""

from __future__ import annotations

from datetime import datetime

from ldn_desktop.core.washout.match import match_name
from ldn_desktop.core.washout.model import (
    DrugResult,
    InteractionHit,
    Screening,
    Status,
    UrineScreen,
    WashoutRequest,
    WashoutResult,
    most_severe,
)
from ldn_desktop.core.washout.opioid_table import ReferenceTables
from ldn_desktop.core.washout.times import show

OVERRIDE_SOURCE = (
    "Naltrexone hydrochloride tablets and Vivitrol US prescribing information "
    "(contraindications); docs/reference/washout.md §4 items 3–5 and §5 step 7."
)


def override_reasons(screening: Screening) -> list[str]:
    """The screening answers that make the whole check NOT_CLEAR (§4 items 3–5, §5 step 7)."""
    reasons = []
    if screening.urine_screen == UrineScreen.POSITIVE:
        reasons.append(
            "Positive urine opioid screen: not clear until a repeat test is negative, whatever "
            "the dates say."
        )
    if screening.withdrawal_now:
        reasons.append(
            "Withdrawal symptoms now (acute withdrawal is a contraindication): not clear."
        )
    if screening.naloxone_failed:
        reasons.append(
            "Failed naloxone challenge: not clear; the label allows a repeat challenge after 24 h."
        )
    return reasons


GENERAL_NOTES = (
    "These are minimum intervals from labels and guidelines, not a guarantee that no withdrawal "
    "will happen; the Vivitrol label says no method is completely reliable (washout.md §1.2).",
    "Full-dose naltrexone rules are applied to LDN: no LDN-specific washout has been validated "
    "(washout.md §1.5, §5 step 9).",
)
NEGATIVE_SCREEN_NOTE = (
    "A negative urine screen does not shorten any washout. Standard opiate immunoassays miss "
    "fentanyl, methadone, buprenorphine, tramadol, tapentadol, meperidine, kratom and often "
    "oxycodone: use a drug-specific test (washout.md §1.4)."
)


def combine(
    drugs: tuple[DrugResult, ...],
    planned: datetime,
    screening: Screening,
    interactions: tuple[InteractionHit, ...],
) -> WashoutResult:
    """The overall answer (see the module docstring)."""
    statuses = [d.status for d in drugs]
    notes: list[str] = []
    overrides = override_reasons(screening)
    if overrides:
        statuses.append(Status.NOT_CLEAR)
    if not drugs:
        statuses.append(Status.CLEAR_VERIFY)
    status = most_severe(statuses)
    dated = [d for d in drugs if d.earliest_start is not None]
    earliest = max((d.earliest_start for d in dated if d.earliest_start), default=None)
    recommended = max((d.recommended_start for d in dated if d.recommended_start), default=None)
    undated = [
        d
        for d in drugs
        if d.earliest_start is None and d.status.severity >= Status.UNKNOWN_VERIFY.severity
    ]
    if earliest is not None and undated:
        notes.append(
            f"The earliest start {show(earliest)} is only a lower bound: "
            f"{', '.join(repr(d.input) for d in undated)} could not be dated."
        )
    if screening.urine_screen == UrineScreen.NEGATIVE:
        notes.append(NEGATIVE_SCREEN_NOTE)
    for drug in drugs:
        notes += drug.notes
    notes += GENERAL_NOTES
    reason = _overall_reason(status, drugs, overrides, planned)
    return WashoutResult(
        status,
        earliest,
        recommended,
        planned,
        drugs,
        interactions,
        tuple(dict.fromkeys([*overrides, *notes])),
        reason,
    )


def _overall_reason(
    status: Status, drugs: tuple[DrugResult, ...], overrides: list[str], planned: datetime
) -> str:
    if not drugs:
        return (
            "No medication was entered: nothing to wait for, provided the patient takes no "
            "opioid — confirm the medication history."
            + (" " + " ".join(overrides) if overrides else "")
        )
    if overrides and status is Status.NOT_CLEAR:
        return " ".join(overrides)
    causes = [d for d in drugs if d.status is status]
    names = ", ".join(d.input for d in causes)
    return f"{status.words} (planned start {show(planned)}); because of: {names}."


def interactions_for(
    drugs: tuple[DrugResult, ...], request: WashoutRequest, tables: ReferenceTables
) -> tuple[InteractionHit, ...]:
    """§3 interactions triggered by the medications (by name, by drug or by class)."""
    reasons: dict[str, list[str]] = {}
    for drug, med in zip(drugs, request.medications, strict=True):
        entry_ids = {c.entry_id for c in drug.components}
        classes = {c.washout_class for c in drug.components}
        named = {
            t.entry_id for t in match_name(med.name, tables).targets if t.kind == "interaction"
        }
        for item in tables.interactions:
            if (
                item.id in named
                or entry_ids.intersection(item.entries)
                or classes.intersection(item.classes)
            ):
                reasons.setdefault(item.id, []).append(drug.input)
    hits = []
    for item in tables.interactions:
        if item.id in reasons:
            hits.append(
                InteractionHit(
                    item.id,
                    item.title,
                    item.severity,
                    item.effect,
                    item.advice,
                    item.source,
                    tuple(dict.fromkeys(reasons[item.id])),
                )
            )
    return tuple(hits)
