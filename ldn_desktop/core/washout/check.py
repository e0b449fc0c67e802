"""The opioid washout checker: earliest safe naltrexone/LDN start (reference washout.md §5).

``check_washout`` takes the patient's medications, the planned start and the screening answers and
returns a status per medication and overall, the earliest start (the minimum interval) and the
recommended start (the advised interval), the interactions of §3 and notes — each with a reason
in plain words and the source of the rule. It never says "safe": the best answer is "minimum
interval met". ``stop_before`` answers the reverse question (last LDN dose before planned opioid
use, §1.5). Full-dose rules apply to LDN (§1.5, §5 step 9).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.washout.combine import combine, interactions_for
from ldn_desktop.core.washout.match import match_name, suggest
from ldn_desktop.core.washout.model import (
    ComponentResult,
    DrugResult,
    MedicationInput,
    Status,
    StopBeforeResult,
    TimePoint,
    WashoutRequest,
    WashoutResult,
    most_severe,
)
from ldn_desktop.core.washout.opioid_table import ReferenceTables, shipped_reference
from ldn_desktop.core.washout.rules import conservativeness, evaluate_component, resolve_class
from ldn_desktop.core.washout.times import (
    add_hours,
    clock_change_note,
    show,
    start_moment,
    zone,
)

UNKNOWN_SOURCE = "washout.md §2.1 UNKNOWN (product safety requirement) and §5 step 1."
STOP_BEFORE_HOURS = 72
MAX_NAME = 200
STOP_BEFORE_SOURCE = (
    "Naltrexone hydrochloride tablets US prescribing information (6-β-naltrexol half-life about "
    "13 h; 5 half-lives ≈ 65 h); LDN Research Trust (stop 3 days before surgery); Whately & "
    "Stead 2023 (oral naltrexone perioperative advice: 3 days); docs/reference/washout.md §1.5 "
    "and §4."
)


HOLD_PASSED_ADVICE = (
    "Stop LDN now and tell the team who will give the opioid that naltrexone may still block it: "
    "if opioids are given, higher doses will be needed in a monitored setting, watching for "
    "deeper and longer respiratory depression; the label suggests regional anaesthesia, conscious "
    "sedation with a benzodiazepine, non-opioid analgesics or general anaesthesia instead "
    "(naltrexone label; washout.md §4)."
)


def check_washout(request: WashoutRequest, tables: ReferenceTables | None = None) -> WashoutResult:
    """Check every medication and combine them (§5 steps 1–8). Status and dates depend on the
    request alone; ``request.checked_at`` (now when not given: the Washout page and the CLI both
    leave it to this function) only flags a last dose after it (``DrugResult.after_check``)."""
    tables = tables or shipped_reference()
    tz = zone(request.time_zone)
    planned = start_moment(request.planned_start, tz)
    checked = _on_the_checks_clock(request.checked_at or datetime.now(UTC), tz)
    drugs = tuple(_check_drug(med, tables, planned, tz, checked) for med in request.medications)
    result = combine(drugs, planned, request.screening, interactions_for(drugs, request, tables))
    note = clock_change_note(request.planned_start, tz, "the planned start", later=False)
    return replace(result, notes=(note, *result.notes)) if note else result


def _on_the_checks_clock(moment: datetime, tz: ZoneInfo | None) -> datetime:
    """The moment of the check on the clock the check's times are read on: in ``tz``, or as a
    naive wall-clock time of this computer (an already naive moment is taken as one)."""
    if tz is not None:
        return moment.astimezone(tz) if moment.tzinfo else moment.replace(tzinfo=tz)
    return moment.astimezone().replace(tzinfo=None) if moment.tzinfo else moment


def _check_drug(
    med: MedicationInput,
    tables: ReferenceTables,
    planned: datetime,
    tz: ZoneInfo | None,
    checked: datetime,
) -> DrugResult:
    if len(med.name) > MAX_NAME:
        raise InputError(f"A medication name has at most {MAX_NAME} characters.", "med")
    found = match_name(med.name, tables)
    hints = tuple(dict.fromkeys((*found.form_hints, *([med.form] if med.form else []))))
    components: list[ComponentResult] = []
    matched: list[str] = []
    notes = _clock_change_notes(med, tz, patch="patch" in hints)
    for target in found.targets:
        if target.entry_id is None or target.kind == "interaction":
            flag = " — see its interaction" if target.kind == "interaction" else ""
            matched.append(f"{target.display} (not an opioid{flag})")
            continue
        entry = tables.entries[target.entry_id]
        parts = [(entry, target.product)]
        if target.product is not None:
            parts += [
                (tables.entries[w], None) for w in target.product.with_ if w in tables.entries
            ]
            others = [w for w in target.product.with_ if w not in tables.entries]
            label = " + ".join(
                [entry.generic_names[0], *[p.generic_names[0] for p, _ in parts[1:]], *others]
            )
            matched.append(f"{target.display} ({label})")
        else:
            matched.append(entry.generic_names[0])
        for part, product in parts:
            resolved = resolve_class(part, product, hints, med.misuse, tables)
            notes += resolved.notes
            components.append(evaluate_component(part, resolved, med, planned, tz, checked))
    if med.misuse and not any(tables.entries[c.entry_id].misuse_class for c in components):
        notes.append("Misuse reported: consider specialist review; the washout is unchanged.")
    suggestions = suggest(med.name, tables) if found.leftovers or not found.targets else ()
    return _drug_result(med, found.leftovers, tuple(components), matched, notes, suggestions)


def _clock_change_notes(med: MedicationInput, tz: ZoneInfo | None, *, patch: bool) -> list[str]:
    """How a last dose, application or removal typed on a day the clocks change was read."""
    typed = [(med.last, "the last application" if patch else "the last dose")]
    typed.append((med.removed, "the patch removal"))
    notes = [clock_change_note(p, tz, what, later=True) for p, what in typed if p is not None]
    return [note for note in notes if note]


def _drug_result(
    med: MedicationInput,
    leftovers: tuple[str, ...],
    components: tuple[ComponentResult, ...],
    matched: list[str],
    notes: list[str],
    suggestions: tuple[str, ...],
) -> DrugResult:
    name = med.name.strip()
    if not matched:
        return DrugResult(
            name,
            None,
            "UNKNOWN",
            Status.UNKNOWN_VERIFY,
            None,
            None,
            f"'{name}' is not in the opioid table, so it can never be cleared however much time "
            "has passed. Verify what it contains"
            + (", or choose one of the suggestions." if suggestions else "."),
            UNKNOWN_SOURCE,
            suggestions,
        )
    if components:
        worst = max(components, key=lambda c: (c.status.severity, c.wait_days or 0))
        status, cls = worst.status, worst.washout_class
        reason = " ".join(c.reason for c in components)
        source = " | ".join(dict.fromkeys(c.source for c in components))
    else:
        flagged = any("see its interaction" in m for m in matched)
        status = Status.CLEAR_WITH_FLAG if flagged else Status.CLEAR
        cls = "NONOPIOID"
        reason = f"{', '.join(matched)}: no opioid ingredient, so no washout."
        source = "washout.md §2.1 NONOPIOID; §3 for interactions."
    if leftovers:
        status = most_severe([status, Status.UNKNOWN_VERIFY])
        reason += (
            f" The word(s) '{' '.join(leftovers)}' were not recognised, so this medication cannot "
            "be cleared: check every ingredient of the product."
        )
        source += " " + UNKNOWN_SOURCE
    dated = [c for c in components if c.earliest_start is not None]
    earliest = max((c.earliest_start for c in dated if c.earliest_start), default=None)
    recommended = max((c.recommended_start for c in dated if c.recommended_start), default=None)
    return DrugResult(
        name,
        "; ".join(matched),
        cls,
        status,
        earliest,
        recommended,
        reason,
        source,
        suggestions,
        components,
        tuple(dict.fromkeys(notes)),
    )


def stop_before(
    planned_opioid_use: TimePoint, time_zone: str | None = None, *, now: datetime | None = None
) -> StopBeforeResult:
    """Last LDN dose before planned opioid use: 72 h before it (§1.5 conservative choice).

    A date alone counts as 00:00 that day. Example: surgery 2026-05-10 → last LDN dose no later
    than 2026-05-07 00:00. When that moment is already past at ``now`` (default: the clock), the
    hold cannot be kept: the answer says so, and what to do instead (§4, the label's advice for
    opioid analgesia in a patient on naltrexone); the moment itself stays the rule's.
    """
    tz = zone(time_zone)
    planned = start_moment(planned_opioid_use, tz, "stop_before")
    last = add_hours(planned, -STOP_BEFORE_HOURS)
    checked = _on_the_checks_clock(now or datetime.now(UTC), tz)
    passed = last < checked
    clock = clock_change_note(planned_opioid_use, tz, "the planned opioid use", later=False)
    notes: tuple[str, ...] = (
        *([clock] if clock else []),
        "Sources differ (LDN Direct: 48 h; LDN Research Trust and standard-dose advice: 3 days); "
        "the longer hold is used. No guideline deals with LDN specifically (Goel 2024).",
        "Restart LDN only once completely off opioids: apply the washout check to the last "
        "opioid dose (§1.5).",
        "After stopping naltrexone, opioid tolerance is lower: usual opioid doses can be "
        "dangerous (§4, loss of tolerance).",
    )
    reason = (
        f"Planned opioid use {show(planned)}: take the last LDN dose no later than {show(last)} "
        f"({STOP_BEFORE_HOURS} h before), so the blockade has worn off."
    )
    if passed:
        reason += (
            f" That moment has passed (now {show(checked)}): the {STOP_BEFORE_HOURS} h hold can "
            "no longer be kept."
        )
        notes = (HOLD_PASSED_ADVICE, *notes)
    return StopBeforeResult(
        planned, last, STOP_BEFORE_HOURS, reason, STOP_BEFORE_SOURCE, notes, hold_passed=passed
    )


__all__ = ["check_washout", "conservativeness", "stop_before"]
