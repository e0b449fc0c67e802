"""One opioid or antagonist ingredient → class, earliest start and status (washout.md §2.1, §5).

Class resolution (§2.1 formulation defaults, §5 step 3): a brand fixes the formulation; a generic
sold as both immediate and extended release without a stated formulation counts as extended
release (long-acting), with a note; when hints disagree the most conservative class is used.
Loperamide and the other peripheral agonists become long-acting when misuse is reported (§2.1
PERIPH, §2.2 loperamide row). Status (§5 steps 4–6): still taking / patch on → NOT_CLEAR with
"stop + N days"; otherwise anchor + minimum days, inclusive, then the class's status once met.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from ldn_desktop.core.washout.model import ComponentResult, MedicationInput, Status
from ldn_desktop.core.washout.names import FORM_NAMES
from ldn_desktop.core.washout.opioid_table import (
    OpioidEntry,
    Product,
    ReferenceTables,
    WashoutClass,
)
from ldn_desktop.core.washout.times import add_days, anchor_moment, show, show_gap

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
) -> ComponentResult:
    """Status and dates of one ingredient under its class (§5 steps 4–6)."""
    cls = resolved.washout_class
    several = entry.classes.get("ir") == "SA" and entry.classes.get("er") == "LA"
    form_words = f", {FORM_NAMES[resolved.form]}" if several and resolved.form in FORM_NAMES else ""
    name = f"{entry.generic}{form_words}"
    kind = f"{name} — class {cls.id} ({cls.name})"
    source = f"{cls.source} Drug: {entry.source}."

    def result(
        status: Status,
        reason: str,
        earliest: datetime | None = None,
        recommended: datetime | None = None,
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
        )

    if cls.min_days is None:
        return result(
            Status.REFER_SPECIALIST,
            f"{kind}: its effect lasts months (terminal half-life "
            "43–60 days), so no date is computed. Refer to a specialist.",
        )
    if cls.min_days == 0:
        text = _NO_WASHOUT_REASON.get(cls.id, "{name}: no washout.").format(name=name)
        return result(cls.status_after, text)
    wait = f"{cls.min_days} days"
    if med.current:
        what = "the patch is still on" if resolved.form == "patch" else "it is still being taken"
        return result(
            Status.NOT_CLEAR,
            f"{kind}: {what}. Stop (remove) it, then wait at least {wait}: "
            f"earliest start = stop + {wait}.",
        )
    points = [p for p in (med.removed, med.last) if p is not None]
    if not points:
        return result(
            Status.NOT_CLEAR,
            f"{kind}: at least {wait}, but no last dose was entered, so the "
            "interval cannot be checked.",
        )
    anchor = max(anchor_moment(p, tz) for p in points)
    earliest = add_days(anchor, cls.min_days)
    recommended = add_days(anchor, cls.recommended_days or cls.min_days)
    anchor_word = "removal" if med.removed is not None or resolved.form == "patch" else "last dose"
    base = (
        f"{kind}: at least {wait} after the {anchor_word} ({show(anchor)}) → "
        f"earliest {show(earliest)}"
    )
    if cls.recommended_days and cls.recommended_days > cls.min_days:
        base += f"; {cls.recommended_days} days advised ({show(recommended)})"
    if planned >= earliest:
        tail = "The planned start is on or after it."
        if cls.status_after is Status.CLEAR_VERIFY:
            tail += " Confirm with the clinician and a drug-specific urine test: withdrawal has been reported even after this interval."
        return result(cls.status_after, f"{base}. {tail}", earliest, recommended)
    gap = show_gap(planned, earliest)
    return result(
        Status.NOT_CLEAR, f"{base}. The planned start is {gap} too early.", earliest, recommended
    )
