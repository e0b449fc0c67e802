"""One opioid or antagonist ingredient → class, earliest start and status (washout.md §2.1, §5).

Class resolution (§2.1 formulation defaults, §5 step 3): a brand fixes the formulation; a generic
sold as both immediate and extended release without a stated formulation counts as extended
release (long-acting), with a note; when hints disagree the most conservative class is used.
Loperamide and the other peripheral agonists become long-acting when misuse is reported (§2.1
PERIPH, §2.2 loperamide row). Status (§5 steps 4–6): still taking / patch on → NOT_CLEAR with
"stop + N days"; otherwise anchor + minimum days, inclusive, then the class's status once met.

A last dose or patch removal later than the moment of the check is a stop still to come (a
planned stop, or a slip in the year): status and dates stay those of the entered times, so a check
gives the same answer whenever it is run (§5: reproducible outputs), and the component is flagged
``after_check`` with a sentence saying the opioid is still being taken and the dates hold only if
that is the last dose. A date without a time is after the check only from the next day on (the day
of the check itself counts as taken; the interval still counts from 23:59). Example: checked
3 Dec 2026 19:30, morphine IR last dose 5 Dec 2026 22:00, planned start 20 Dec → CLEAR, earliest
12 Dec 2026 22:00, flagged: "The last dose is after this check (3 Dec 2026 19:30), so it is still
being taken: …".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ldn_desktop.core.washout.model import ComponentResult, MedicationInput, Status, most_severe
from ldn_desktop.core.washout.names import FORM_NAMES
from ldn_desktop.core.washout.opioid_table import (
    OpioidEntry,
    Product,
    ReferenceTables,
    WashoutClass,
)
from ldn_desktop.core.washout.times import add_days, add_hours, anchor_moment, show, show_gap

MISUSE_VERIFY = (
    "Misuse or high doses reported: at least CLEAR_VERIFY — confirm with the clinician and a "
    "drug-specific urine test (washout.md §1.4, §4)."
)

_NO_WASHOUT_REASON = {
    "PERIPH": "{name} acts mainly in the gut at labelled doses: no washout, but naltrexone may "
    "cancel its antidiarrhoeal effect. Ask about misuse or high doses (then it counts as "
    "long-acting).",
    "NONOPIOID": "{name} is not an opioid-receptor agonist: no washout. Check every other "
    "ingredient of the product.",
    "ANTAGONIST": "{name} is an opioid antagonist: no washout, but see the interaction flag "
    "(duplicate antagonist; a peripheral antagonist suggests ongoing opioid use — ask).",
}


@dataclass(frozen=True)
class ResolvedClass:
    form: str | None
    washout_class: WashoutClass
    notes: tuple[str, ...]


def conservativeness(cls: WashoutClass) -> tuple[int, int, int]:
    """Orders classes from least to most conservative (refer, then longest wait, then status)."""
    refer = 1 if cls.min_days is None else 0
    return refer, cls.min_days or 0, cls.status_after.severity


def resolve_class(
    entry: OpioidEntry,
    product: Product | None,
    hints: tuple[str, ...],
    misuse: bool,
    tables: ReferenceTables,
) -> ResolvedClass:
    """The class for this ingredient (see the module docstring)."""
    notes: list[str] = []
    options: list[tuple[str | None, str]] = []
    if product is not None:
        options.append(
            (product.form, product.class_override or entry.class_for(product.form) or "")
        )
    for hint in hints:
        cls = entry.class_for(hint)
        if cls and (product is None or hint in entry.classes):
            options.append((hint, cls))
    if not options:
        single = entry.class_for(None)
        if single is not None:
            options.append((None, single))
        else:
            options.append((entry.default_form, entry.classes[entry.default_form or ""]))
            notes.append(entry.default_note.format(generic=entry.generic.lower()))
    form, class_id = max(options, key=lambda o: conservativeness(tables.classes[o[1]]))
    if len({c for _, c in options}) > 1:
        notes.append(
            f"The formulations given for {entry.generic.lower()} disagree; the most conservative "
            f"({FORM_NAMES.get(form or '', form)}) was used."
        )
    if misuse and entry.misuse_class:
        class_id = entry.misuse_class
        notes.append(
            f"Misuse or high doses of {entry.generic.lower()} reported: counted as long-acting "
            "(reference §2.1 PERIPH; FDA 2016 loperamide safety communication)."
        )
    return ResolvedClass(form, tables.classes[class_id], tuple(notes))


def evaluate_component(
    entry: OpioidEntry,
    resolved: ResolvedClass,
    med: MedicationInput,
    planned: datetime,
    tz: ZoneInfo | None,
    checked: datetime,
) -> ComponentResult:
    """Status and dates of one ingredient under its class (§5 steps 4–6); ``checked`` is the
    moment of the check on the clock of ``planned`` (aware in ``tz``, else naive wall clock)."""
    cls = resolved.washout_class
    several = entry.classes.get("ir") == "SA" and entry.classes.get("er") == "LA"
    form_words = f", {FORM_NAMES[resolved.form]}" if several and resolved.form in FORM_NAMES else ""
    name = f"{entry.generic}{form_words}"
    kind = f"{name} — class {cls.id} ({cls.name})"
    source = f"{cls.source.rstrip('.')}. Drug: {entry.source.rstrip('.')}."

    def result(
        status: Status,
        reason: str,
        earliest: datetime | None = None,
        recommended: datetime | None = None,
        *,
        after_check: bool = False,
    ) -> ComponentResult:
        return ComponentResult(
            entry.id,
            entry.generic,
            resolved.form,
            cls.id,
            status,
            earliest,
            recommended,
            cls.min_days,
            reason,
            source,
            after_check,
        )

    if cls.min_days is None:
        return result(
            Status.REFER_SPECIALIST,
            f"{kind}: its effect lasts months (terminal half-life "
            "43–60 days), so no date is computed. Refer to a specialist.",
        )
    if cls.min_days == 0:
        text = _NO_WASHOUT_REASON.get(cls.id, "{name}: no washout.").format(name=name)
        if med.misuse and cls.id not in ("NONOPIOID", "ANTAGONIST"):
            return result(
                most_severe([cls.status_after, Status.CLEAR_VERIFY]), f"{text} {MISUSE_VERIFY}"
            )
        return result(cls.status_after, text)
    wait = f"{cls.min_days} days"
    if med.current:
        what = "the patch is still on" if resolved.form == "patch" else "it is still being taken"
        return result(
            Status.NOT_CLEAR,
            f"{kind}: {what}. Stop (remove) it, then wait at least {wait}: "
            f"earliest start = stop + {wait}.",
        )
    if med.removed is None and med.last is None:
        return result(
            Status.NOT_CLEAR,
            f"{kind}: at least {wait}, but no last dose was entered, so the "
            "interval cannot be checked.",
        )
    found = _anchor(entry, resolved, med, tz)
    anchor, anchor_word, patch_note = found.moment, found.word, found.note
    earliest = add_days(anchor, cls.min_days)
    recommended = add_days(anchor, cls.recommended_days or cls.min_days)
    advised = ""
    if cls.recommended_days and cls.recommended_days > cls.min_days:
        advised = f"; {cls.recommended_days} days advised ({show(recommended)})"
    base = (
        f"{kind}: at least {wait} after the {anchor_word} ({show(anchor)}) → "
        f"earliest {show(earliest)}{advised}"
    )
    after_check = _after(found, checked)
    later = f" {_still_to_come(found, resolved, checked)}." if after_check else ""
    if planned >= earliest:
        tail = "The planned start is on or after it."
        if cls.status_after is Status.CLEAR_VERIFY:
            tail += " Confirm with the clinician and a drug-specific urine test: withdrawal has been reported even after this interval."
        status = cls.status_after
        if patch_note:
            status = most_severe([status, Status.CLEAR_VERIFY])
            tail += f" {patch_note}"
        if med.misuse:
            status = most_severe([status, Status.CLEAR_VERIFY])
            tail += f" {MISUSE_VERIFY}"
        return result(
            status, f"{base}. {tail}{later}", earliest, recommended, after_check=after_check
        )
    gap = show_gap(planned, earliest)
    text = (
        f"{base}. The planned start is {gap} too early."
        + (f" {patch_note}" if patch_note else "")
        + later
    )
    return result(Status.NOT_CLEAR, text, earliest, recommended, after_check=after_check)


class Anchor(NamedTuple):
    """The moment the interval counts from, its name, a note when it was estimated, and whether
    it is a date typed without a time (counted as 23:59 that day)."""

    moment: datetime
    word: str
    note: str
    date_only: bool = False


def _still_to_come(anchor: Anchor, resolved: ResolvedClass, checked: datetime) -> str:
    """The sentence for a stop after the moment of the check (see the module docstring)."""
    if resolved.form != "patch":
        now, then, done = "it is still being taken", "it is the last one", "taken"
    else:
        on = "may still be on" if anchor.word == "estimated patch removal" else "is still on"
        now, then, done = f"the patch {on}", "it comes off then", "removed"
    return (
        f"The {anchor.word} is after this check ({show(checked)}), so {now}: these dates hold "
        f"only if {then}. Check again once it has been {done}"
    )


def _after(anchor: Anchor, checked: datetime) -> bool:
    """Whether the anchor lies after the moment of the check; a date alone from the next day on
    (see the module docstring)."""
    if anchor.date_only:
        return anchor.moment.date() > checked.date()
    return anchor.moment > checked


def _anchor(
    entry: OpioidEntry, resolved: ResolvedClass, med: MedicationInput, tz: ZoneInfo | None
) -> Anchor:
    """The moment the interval counts from, its name, and a note when it was estimated.

    A patch counts from its removal (washout.md §2.1 LA/BUP, §5 step 4). A patch given only
    with its last application (``last=``) is counted conservatively from application + the
    patch's wear time (data: ``patch_wear_hours``, e.g. 72 h fentanyl, 7 days Butrans), and the
    removal time is asked for. Example: Duragesic applied 2026-03-01 08:00 → counted as removed
    2026-03-04 08:00 → earliest 2026-03-14 08:00.
    """
    if med.removed is not None:
        points = [med.removed] if med.last is None else [med.removed, med.last]
        moment, point = max(((anchor_moment(p, tz), p) for p in points), key=lambda m: m[0])
        return Anchor(moment, "removal", "", point.date_only)
    assert med.last is not None
    last = anchor_moment(med.last, tz)
    if resolved.form != "patch":
        return Anchor(last, "last dose", "", med.last.date_only)
    wear = entry.patch_wear_hours
    if wear is None:
        note = (
            "Only the last application was given and no wear time is known for this patch: "
            "enter the removal time (counted from the application, which may be too early)."
        )
        return Anchor(last, "last application", note, med.last.date_only)
    removal = add_hours(last, wear)
    note = (
        f"The patch removal time was not given: counted from the last application "
        f"({show(last)}) + {_hours_words(wear)} wear time = {show(removal)} "
        f"({entry.patch_wear_source}). Enter the removal time if known."
    )
    return Anchor(removal, "estimated patch removal", note)


def _hours_words(hours: int) -> str:
    return f"{hours // 24} days" if hours % 24 == 0 and hours >= 96 else f"{hours} h"
