"""The one dispensing decision: what to hand out for a supply window, and what cannot be made.

``dispense(days, form)`` is called by the Titration page's dispensing panel, the CLI (text and
``--json``), the CSV and the printed pharmacist copy, so they cannot disagree (issue 11).

- Capsules (``CapsuleForm``): each distinct dose is made from the fewest capsules of the chosen
  strengths (``capsule_counts``). A dose no combination makes is never rounded
  (docs/reference/compounding.md §9): it is listed in ``cannot_make`` with its days, the capsule
  totals count only the doses that can be made, and a ``Proposal`` names one extra strength that
  would make every dose (if there is one) and the liquid that makes any dose.
- Liquid (``LiquidForm``): mL per dose = dose ÷ concentration (docs/reference/compounding.md §4.3).

Worked example: Gentle from 1 Dec 2026, 30 days, strengths 1.5, 3, 4.5 mg -> 1.5 mg (7 days) and
3 mg (2 days) are made (7 × 1.5 mg, 2 × 3 mg); 0.5, 1, 2 and 2.5 mg cannot be: add a 0.5 mg
strength, or dispense 52 mL of the 1 mg/mL liquid.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from math import gcd

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.dispensing import capsule_counts, strength_key
from ldn_desktop.core.titration.reference import dose_range, titration_reference
from ldn_desktop.core.titration.schedule import ScheduledDay, dose_mg, mg
from ldn_desktop.core.units.quantities import Q_, Quantity, format_number

MAX_CONCENTRATION_MG_PER_ML = 100


@dataclass(frozen=True)
class CapsuleForm:
    """Capsules in these strengths (mg), smallest first."""

    strengths: tuple[Quantity, ...]


@dataclass(frozen=True)
class LiquidForm:
    """An oral liquid at ``concentration`` (mg/mL)."""

    concentration: Quantity


DoseForm = CapsuleForm | LiquidForm


def default_liquid() -> LiquidForm:
    """The liquid proposed when capsules cannot make a dose (1 mg/mL, ``titration.json``)."""
    return LiquidForm(Q_(titration_reference().liquid_concentration_mg_per_ml, "mg/mL"))


def liquid_form(concentration: Quantity) -> LiquidForm:
    """A checked liquid form (more than 0, at most 100 mg/mL)."""
    value = _per_ml(concentration)
    if value <= 0:
        raise InputError("concentration: must be more than zero.", "concentration")
    if value > MAX_CONCENTRATION_MG_PER_ML:
        raise InputError("concentration: must be at most 100 mg/mL.", "concentration")
    return LiquidForm(Q_(value, "mg/mL"))


def _per_ml(concentration: Quantity) -> Decimal:
    return Decimal(format_number(float(concentration.to("mg/mL").magnitude), 6))


@dataclass(frozen=True)
class DoseSupply:
    """How one dose is taken: capsules per strength (count > 0 only), or mL; None: cannot be made."""

    dose: Quantity
    capsules: tuple[tuple[str, int], ...] | None = None
    volume: Quantity | None = None

    @property
    def made(self) -> bool:
        return self.capsules is not None or self.volume is not None

    @property
    def capsule_count(self) -> int:
        return sum(n for _, n in self.capsules or ())


@dataclass(frozen=True)
class DoseDays:
    """A distinct dose in the window: how it is taken, on how many days, from which day."""

    supply: DoseSupply
    days: int
    first: date


@dataclass(frozen=True)
class Proposal:
    """What would make every dose: one more capsule strength (None if no single one does, with
    the capsule totals it gives), or the liquid at ``liquid.concentration`` (``liquid_volume``)."""

    strength: Quantity | None
    strength_capsules: dict[str, int]
    liquid: LiquidForm
    liquid_volume: Quantity


@dataclass(frozen=True)
class Dispensing:
    """What to dispense for ``first``–``last`` (``days`` planned days)."""

    first: date
    last: date
    days: int
    form: DoseForm
    doses: tuple[DoseDays, ...]
    capsules: dict[str, int]  # every strength listed; only doses that can be made are counted
    total_volume: Quantity | None  # liquid only
    proposal: Proposal | None  # only when some dose cannot be made

    @property
    def total_capsules(self) -> int:
        return sum(self.capsules.values())

    @property
    def cannot_make(self) -> tuple[DoseDays, ...]:
        return tuple(d for d in self.doses if not d.supply.made)


def measured_volume(dose: Quantity, form: LiquidForm) -> Decimal | None:
    """mL of the liquid for ``dose`` as an oral syringe measures it, or None when the syringe
    cannot measure it within the allowed error (the same rule as the compounding page's label
    and dose table: ``core.compounding.dose_volume``, docs/reference/compounding.md §4.3).
    Example: 2.25 mg at 1 mg/mL -> 2.3 mL (a syringe read to 0.1 mL); 0.5 mg at 10 mg/mL -> None.
    """
    from ldn_desktop.core.compounding import compounding_reference, dose_volume

    rules = compounding_reference().liquid
    volume = dose_volume(dose_mg(dose), _per_ml(form.concentration), rules)
    return volume.measured_ml if volume.error <= rules.max_dose_error else None


def dose_supply(dose: Quantity, form: DoseForm) -> DoseSupply:
    """How ``dose`` is taken in ``form``: ``1.5 mg`` from 1.5 mg capsules only -> 1 × 1.5 mg;
    4.5 mg of a 1 mg/mL liquid -> 4.5 mL. Not made: no capsule combination, or a volume the
    syringe cannot measure."""
    if isinstance(form, LiquidForm):
        volume = measured_volume(dose, form)
        return DoseSupply(dose) if volume is None else DoseSupply(dose, volume=Q_(volume, "mL"))
    counts = capsule_counts(dose, form.strengths)
    if counts is None:
        return DoseSupply(dose)
    return DoseSupply(dose, capsules=tuple((k, n) for k, n in counts.items() if n))


def _grouped(days: Sequence[ScheduledDay]) -> list[tuple[Quantity, int, date]]:
    """(dose, days at it, first day) per distinct dose, in order of first appearance."""
    counts: dict[Decimal, int] = {}
    firsts: dict[Decimal, tuple[Quantity, date]] = {}
    for day in days:
        key = dose_mg(day.dose)
        counts[key] = counts.get(key, 0) + 1
        firsts.setdefault(key, (day.dose, day.day))
    return [(firsts[key][0], count, firsts[key][1]) for key, count in counts.items()]


def _capsule_totals(groups: Sequence[DoseDays], strengths: Sequence[Quantity]) -> dict[str, int]:
    totals = {strength_key(s): 0 for s in sorted(strengths, key=dose_mg)}
    for group in groups:
        for key, count in group.supply.capsules or ():
            totals[key] += count * group.days
    return totals


def _liquid_volume(groups: Sequence[DoseDays]) -> Quantity:
    """The measured mL of every day whose dose the syringe can measure."""
    total = sum(
        (Decimal(str(g.supply.volume.magnitude)) * g.days for g in groups if g.supply.volume),
        Decimal(0),
    )
    return Q_(total, "mL")


def dispense(days: Sequence[ScheduledDay], form: DoseForm) -> Dispensing:
    """The dispensing for the scheduled ``days`` (from ``build_schedule``) in ``form``."""
    if not days:
        raise InputError("days: no planned doses in this window.", "days")
    groups = tuple(
        DoseDays(dose_supply(dose, form), count, first) for dose, count, first in _grouped(days)
    )
    first, last = days[0].day, days[-1].day
    missing = any(not g.supply.made for g in groups)
    if isinstance(form, LiquidForm):
        volume = _liquid_volume(groups)
        proposal = _proposal(days, groups, ()) if missing else None
        return Dispensing(first, last, len(days), form, groups, {}, volume, proposal)
    totals = _capsule_totals(groups, form.strengths)
    proposal = _proposal(days, groups, form.strengths) if missing else None
    return Dispensing(first, last, len(days), form, groups, totals, None, proposal)


CAPSULE_BUD = "nonaqueous-solid"
LIQUID_BUDS = ("nonpreserved-aqueous", "preserved-aqueous", "nonaqueous-oral-liquid")


@dataclass(frozen=True)
class FillLimit:
    """A beyond-use category whose BUD is shorter than the supply window: the window needs at
    least ``fills`` fills of that kind (each made at most ``bud_days`` before its last day)."""

    category: str  # compounding_rules.json beyond_use key
    label: str
    bud_days: int
    fills: int


def fill_limits(dispensing: Dispensing) -> tuple[FillLimit, ...]:
    """The beyond-use limits the window is longer than (USP <795> maximum BUDs in
    ``compounding_rules.json``, docs/reference/compounding.md §7.1): capsules keep 180 days; an
    oral liquid 14 (non-preserved aqueous), 35 (preserved aqueous) or 90 days (nonaqueous), and
    which one the pharmacy makes is theirs to choose, so each is listed. Empty: one fill can last
    the window. Example: 400 days of capsules -> at least 3 fills; 60 days of liquid -> 5 fills
    non-preserved, 2 preserved."""
    from ldn_desktop.core.compounding import compounding_reference

    categories = compounding_reference().bud_categories
    keys = LIQUID_BUDS if isinstance(dispensing.form, LiquidForm) else (CAPSULE_BUD,)
    limits = []
    for key in keys:
        category = categories[key]
        if dispensing.days > category.days:
            fills = -(-dispensing.days // category.days)
            limits.append(FillLimit(key, category.label, category.days, fills))
    return tuple(limits)


def _proposal(
    days: Sequence[ScheduledDay], groups: Sequence[DoseDays], strengths: Sequence[Quantity]
) -> Proposal:
    """What would make every dose: one more capsule strength (capsules only) or the liquid."""
    liquid = default_liquid()
    strength = propose_strength([g.supply.dose for g in groups], strengths) if strengths else None
    extra: dict[str, int] = {}
    if strength is not None:
        wider = CapsuleForm(tuple(sorted((*strengths, strength), key=dose_mg)))
        extra = dispense(days, wider).capsules
    in_liquid = tuple(DoseDays(dose_supply(g.supply.dose, liquid), g.days, g.first) for g in groups)
    return Proposal(strength, extra, liquid, _liquid_volume(in_liquid))


MAX_CANDIDATES = 16


def _candidates(missing: Sequence[Quantity], strengths: Sequence[Quantity]) -> list[Decimal]:
    """Extra strengths worth trying, best first. Any answer must make the smallest missing dose
    d together with the current strengths: d = k × extra + (a sum of current capsules), k ≤ 3."""
    smallest = min(dose_mg(d) for d in missing)
    sums = {Decimal(0)}
    for _ in range(3):  # up to three current capsules alongside the extra strength
        sums |= {t + dose_mg(s) for t in sums for s in strengths if t + dose_mg(s) < smallest}
    floor = dose_range().minimum
    found = {
        (smallest - rest) / k for rest in sums for k in (1, 2, 3) if (smallest - rest) / k >= floor
    }
    exact = [c for c in found if c == round(c, 3)]
    current = [int(dose_mg(s) * 1000) for s in strengths]
    # "round" strengths first (a 0.5 mg capsule next to 1.5 mg ones), then the larger
    exact.sort(key=lambda c: (-gcd(int(c * 1000), *current), -c))
    return exact[:MAX_CANDIDATES]


def propose_strength(doses: Sequence[Quantity], strengths: Sequence[Quantity]) -> Quantity | None:
    """One extra strength with which every dose can be made (fewest capsules per dose, then the
    largest), or None. Example: Gentle doses, strengths 1.5, 3, 4.5 mg -> 0.5 mg."""
    distinct = sorted({dose_mg(d): d for d in doses}.items())
    missing = [d for _, d in distinct if capsule_counts(d, strengths) is None]
    if not missing:
        return None
    best: tuple[tuple[int, int, Decimal], Decimal] | None = None
    for candidate in _candidates(missing, strengths):
        wider = (*strengths, mg(candidate))
        sizes: list[int] = []
        for _, dose in distinct:
            counts = capsule_counts(dose, wider)
            if counts is None:
                break
            sizes.append(sum(counts.values()))
        else:
            score = (max(sizes), sum(sizes), -candidate)
            if best is None or score < best[0]:
                best = (score, candidate)
    return None if best is None else mg(best[1])
