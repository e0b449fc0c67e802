"""The aliquot (dry trituration) method for a quantity below the balance's minimum weight.

Reference/compounding.md §6.3: to get Q (< MWQ) of a drug, weigh W ≥ MWQ, dilute it with diluent to
T = F × W (a 1-in-F trituration), mix by geometric dilution, then weigh the portion A = F × Q, which
contains Q. Every weighing (W, the diluent T − W, the portion A, and the filler still to add) must be
at or above the minimum weight. Choosing F = ceil(MWQ / Q) makes A ≥ MWQ, and F ≥ 2 makes the
diluent W × (F − 1) ≥ W ≥ MWQ.

Classic example (§6.3): Q = 12 mg, MWQ = 120 mg → W = 120 mg, F = 10, diluent 1080 mg,
T = 1200 mg, portion 120 mg (contains 12 mg).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal


@dataclass(frozen=True, slots=True)
class AliquotPlan:
    """An aliquot plan; all masses in mg, exact."""

    required_mg: Decimal  # Q, the drug material the batch needs
    drug_weighed_mg: Decimal  # W
    factor: int  # F (a 1-in-F trituration)
    mix_total_mg: Decimal  # T = F × W
    diluent_mg: Decimal  # T − W
    portion_mg: Decimal  # A = F × Q
    filler_remaining_mg: Decimal  # filler still to add to the portion to make the blend
    minimum_mg: Decimal

    @property
    def leftover_mg(self) -> Decimal:
        """Trituration not used (T − A)."""
        return self.mix_total_mg - self.portion_mg

    @property
    def feasible(self) -> bool:
        """True when every weighing of the plan is at or above the minimum weight."""
        weighings = (self.drug_weighed_mg, self.diluent_mg, self.portion_mg)
        ok = all(w >= self.minimum_mg for w in weighings)
        return ok and self.filler_remaining_mg >= self.minimum_mg


def drug_weighing_mg(minimum_mg: Decimal) -> Decimal:
    """W: the minimum weight rounded up to a whole mg (to 0.01 mg below 1 mg), easy to weigh."""
    step = Decimal(1) if minimum_mg >= 1 else Decimal("0.01")
    return (minimum_mg / step).to_integral_value(rounding=ROUND_CEILING) * step


def plan_aliquot(
    required_mg: Decimal, filler_total_mg: Decimal, minimum_mg: Decimal
) -> AliquotPlan | None:
    """The plan for weighing ``required_mg`` on a balance of minimum ``minimum_mg`` (None: not needed).

    ``filler_total_mg`` is the batch's filler; the diluent in the portion (A − Q) counts toward it,
    so the filler still to add is ``filler_total − (A − Q)``. The diluent must be the batch filler.
    """
    if required_mg <= 0 or minimum_mg <= 0:
        raise ValueError("quantities must be positive")
    if required_mg >= minimum_mg:
        return None
    factor = int((minimum_mg / required_mg).to_integral_value(rounding=ROUND_CEILING))
    factor = max(factor, 2)
    weighed = drug_weighing_mg(minimum_mg)
    mix_total = weighed * factor
    portion = required_mg * factor
    return AliquotPlan(
        required_mg=required_mg,
        drug_weighed_mg=weighed,
        factor=factor,
        mix_total_mg=mix_total,
        diluent_mg=mix_total - weighed,
        portion_mg=portion,
        filler_remaining_mg=filler_total_mg - (portion - required_mg),
        minimum_mg=minimum_mg,
    )


def smallest_feasible_count(
    drug_per_capsule_mg: Decimal, filler_per_capsule_mg: Decimal, count: int, minimum_mg: Decimal
) -> int | None:
    """The fewest capsules (more than ``count``, at most 10,000) whose aliquot plan is feasible."""
    for n in range(count + 1, 10_001):
        plan = plan_aliquot(drug_per_capsule_mg * n, filler_per_capsule_mg * n, minimum_mg)
        if plan is None or plan.feasible:
            return n
    return None
