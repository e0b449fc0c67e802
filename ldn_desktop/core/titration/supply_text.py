"""The words for a dispensing: what a patient takes per dose, and the pharmacy's summary lines.

One wording for the calendar cells, the CSV, the page's dispensing panel, the CLI and the printed
pharmacist copy. Doses and strengths go through the one ISMP formatter (docs/reference/compounding.md
§8); numbers and units are joined by a no-break space where a printout must not split them.
"""

from __future__ import annotations

from ldn_desktop.core.titration.schedule import format_day, format_days, mg
from ldn_desktop.core.titration.supply import (
    LIQUID_BUDS,
    Dispensing,
    DoseForm,
    DoseSupply,
    LiquidForm,
    fill_limits,
)
from ldn_desktop.core.units.quantities import Quantity, format_dose, format_quantity

ML_DECIMALS = 2


def _strength(key: str, decimal_mark: str) -> str:
    return format_dose(mg(key), decimal_mark=decimal_mark)


def volume_text(volume: Quantity, decimal_mark: str = ".") -> str:
    """``4.5 mL`` (at most 2 decimals: an oral syringe reads 0.01–0.1 mL)."""
    return format_quantity(volume, ML_DECIMALS, decimal_mark)


def take_text(supply: DoseSupply, decimal_mark: str = ".") -> str:
    """What to take for one dose: ``1 × 1.5 mg capsule``, ``2 × 1.5 mg capsules``,
    ``1 × 3 mg + 1 × 1.5 mg capsules``, ``4.5 mL``; "" when the dose cannot be made."""
    if supply.volume is not None:
        return volume_text(supply.volume, decimal_mark)
    if not supply.capsules:
        return ""
    parts = sorted(supply.capsules, key=lambda kv: -float(kv[0]))
    text = " + ".join(f"{n} × {_strength(k, decimal_mark)}" for k, n in parts)
    return text + (" capsule" if supply.capsule_count == 1 else " capsules")


def not_made_text(form: DoseForm | None) -> str:
    """Why a dose has no ``take_text`` in this form (the CSV's ``take`` column, the calendar's
    legend)."""
    if isinstance(form, LiquidForm):
        return "cannot be measured with an oral syringe at this concentration"
    return "cannot be made from these capsules"


def form_text(dispensing: Dispensing, decimal_mark: str = ".") -> str:
    """``1.5 mg, 3 mg and 4.5 mg capsules`` or ``a 1 mg/mL oral liquid``."""
    form = dispensing.form
    if isinstance(form, LiquidForm):
        return f"a {format_quantity(form.concentration, 4, decimal_mark)} oral liquid"
    names = [format_dose(s, decimal_mark=decimal_mark) for s in form.strengths]
    joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    return f"{joined} capsules"


def window_text(dispensing: Dispensing) -> str:
    """``1 Dec 2026 – 30 Dec 2026 (30 days)``; one day: ``1 Dec 2026 (1 day)``."""
    return format_days(dispensing.first, dispensing.last)


def supply_lines(dispensing: Dispensing, decimal_mark: str = ".") -> tuple[str, ...]:
    """What to dispense: one line per strength (or the liquid total)."""
    if dispensing.total_volume is not None:
        partial = " (the doses that can be measured)" if dispensing.cannot_make else ""
        return (
            f"{volume_text(dispensing.total_volume, decimal_mark)} of "
            f"{form_text(dispensing, decimal_mark)}{partial}",
        )
    return tuple(
        f"{count} × {_strength(key, decimal_mark)} {_capsules(count)}"
        for key, count in dispensing.capsules.items()
        if count
    )


def _capsules(count: int) -> str:
    return "capsule" if count == 1 else "capsules"


def total_text(dispensing: Dispensing) -> str:
    """``Total 60 capsules`` (``Total 1 capsule``), marked when some doses cannot be made;
    "" for a liquid."""
    if dispensing.total_volume is not None:
        return ""
    count = dispensing.total_capsules
    partial = " (only the doses that can be made)" if dispensing.cannot_make else ""
    return f"Total {count} {_capsules(count)}{partial}"


def _missing_doses(dispensing: Dispensing, mark: str) -> str:
    return ", ".join(
        f"{format_dose(d.supply.dose, decimal_mark=mark)} ({d.days} "
        f"{'day' if d.days == 1 else 'days'} from {format_day(d.first)})"
        for d in dispensing.cannot_make
    )


def problem_lines(dispensing: Dispensing, decimal_mark: str = ".") -> tuple[str, ...]:
    """What cannot be made (or measured) and what would make it; empty when all can be."""
    proposal = dispensing.proposal
    if not dispensing.cannot_make or proposal is None:
        return ()
    doses = _missing_doses(dispensing, decimal_mark)
    liquid_conc = format_quantity(proposal.liquid.concentration, 4, decimal_mark)
    form = dispensing.form
    if isinstance(form, LiquidForm):
        first = f"An oral syringe cannot measure these doses of {form_text(dispensing, decimal_mark)}: {doses}."
        if form.concentration == proposal.liquid.concentration:
            return (
                first,
                "Use a weaker liquid, or ask the prescriber for a dose the syringe can measure.",
            )
        return (
            first,
            f"Dispense the {liquid_conc} oral liquid instead "
            f"({volume_text(proposal.liquid_volume, decimal_mark)} for the whole window).",
        )
    lines = [f"Cannot be made from {form_text(dispensing, decimal_mark)}: {doses}."]
    liquid = (
        f"dispense {volume_text(proposal.liquid_volume, decimal_mark)} of "
        f"{liquid_conc} oral liquid for the whole window"
    )
    if proposal.strength is not None:
        extra = format_dose(proposal.strength, decimal_mark=decimal_mark)
        total = sum(proposal.strength_capsules.values())
        lines.append(
            f"Add a {extra} strength (every dose can then be made: {total} capsules), or {liquid}."
        )
    else:
        lines.append(f"No single extra strength makes every dose: {liquid}.")
    return tuple(lines)


def fill_lines(dispensing: Dispensing) -> tuple[str, ...]:
    """When the window is longer than the beyond-use date (``fill_limits``): in how many fills
    at least; empty when one fill can last it."""
    limits = fill_limits(dispensing)
    if not limits:
        return ()
    days = f"{dispensing.days} days"
    if not isinstance(dispensing.form, LiquidForm):
        (limit,) = limits
        return (
            f"{days} is longer than the capsules' beyond-use date (at most {limit.bud_days} days "
            f"after compounding, USP <795>): dispense in at least {limit.fills} fills.",
        )
    kinds = [
        f"{limit.fills} of a {limit.label.lower()} ({limit.bud_days} days each)" for limit in limits
    ]
    kinds[0] = f"at least {kinds[0].replace(' of ', ' fills of ', 1)}"
    text = f"{days} is longer than an oral liquid's beyond-use date (USP <795>): dispense it in "
    text += kinds[0] if len(kinds) == 1 else ", ".join(kinds[:-1]) + " or " + kinds[-1]
    listed = {limit.category for limit in limits}
    from ldn_desktop.core.compounding import compounding_reference

    lasting = [
        category
        for key, category in compounding_reference().bud_categories.items()
        if key in LIQUID_BUDS and key not in listed
    ]
    if lasting:
        longest = max(lasting, key=lambda c: c.days)
        text += f"; a {longest.label.lower()} ({longest.days} days) lasts the whole window"
    return (text + ".",)


def dispensing_lines(dispensing: Dispensing, decimal_mark: str = ".") -> tuple[str, ...]:
    """The whole summary: window, what to dispense, in how many fills when the window is longer
    than the beyond-use date, then any problem and its proposal."""
    head = f"Dispense for {window_text(dispensing)}:"
    supply = supply_lines(dispensing, decimal_mark)
    if dispensing.total_volume is None:
        supply = (*supply, total_text(dispensing))
    fills = fill_lines(dispensing)
    return (head, *supply, *fills, *problem_lines(dispensing, decimal_mark))
