"""Excipient per capsule by fill method, and whether the fill fits the capsule (§2.1–§2.4).

- Method A, measured fill (§2.1): ``f = E − a`` (E = net fill of a capsule packed with filler alone,
  measured with the pharmacy's own technique; without a measurement the filler chart value for the
  size is used, §1.2).
- Method B, displacement (§2.2): ``f = E × (1 − a / P_api)`` = ``E − a / DF`` with DF = P_api / E.
  TV5: E = 230 mg, P_api = 320 mg, a = 4.5 mg → f = 226.765625 mg.
- Method C, volumetric (§2.3): ``f = (V − a / ρ_api) × ρ_exc``.
  TV6: V = 0.30 mL, ρ_exc = 0.43 g/mL, ρ_api = 0.6 g/mL, a = 3.045685 mg → f = 126.8173 mg.

A fill fits when the drug leaves room for a non-negative amount of filler. Otherwise the smallest
size that fits is suggested (§2.4), scaling measured packing statistics by the capsule volume.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ldn_desktop.core.compounding.inputs import (
    DisplacementFill,
    FillMethod,
    MeasuredFill,
    VolumetricFill,
    decimal_of,
)
from ldn_desktop.core.compounding.reference import CapsuleSize, CompoundingReference, Filler
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import format_number

METHOD_NAMES = {
    "measured": "A: measured fill weight",
    "displacement": "B: displacement (packing statistics)",
    "volumetric": "C: volumetric (densities)",
}


@dataclass(frozen=True, slots=True)
class FillResult:
    """Filler per capsule (unclamped; negative means the drug does not fit) and its basis."""

    filler_mg: Decimal
    capacity_mg: Decimal  # what the capsule holds of filler alone (E, or V × ρ_exc)
    fill_weight_mg: Decimal | None  # E used (A, B)
    filler_density_g_ml: Decimal | None  # ρ_exc used (C)
    from_chart: bool  # E or ρ_exc came from the filler chart, not a measurement


def method_key(method: FillMethod) -> str:
    if isinstance(method, DisplacementFill):
        return "displacement"
    if isinstance(method, VolumetricFill):
        return "volumetric"
    return "measured"


def filler_per_capsule(
    method: FillMethod,
    drug_mg: Decimal,
    size: CapsuleSize,
    filler: Filler,
    *,
    scale_from: CapsuleSize | None = None,
) -> FillResult:
    """f for one capsule of ``size``; ``scale_from`` rescales measured statistics to another size."""
    ratio = size.volume_ml / scale_from.volume_ml if scale_from is not None else Decimal(1)
    if isinstance(method, VolumetricFill):
        rho_api = decimal_of(method.api_density, "g/mL") * 1000  # mg/mL
        chart = method.filler_density is None
        rho_exc_g = filler.packed_density(size) if chart else _density(method)
        rho_exc = rho_exc_g * 1000
        filler_mg = (size.volume_ml - drug_mg / rho_api) * rho_exc
        return FillResult(filler_mg, size.volume_ml * rho_exc, None, rho_exc_g, chart)
    chart = method.fill_weight is None
    if method.fill_weight is None:
        e = filler.chart_fill_mg(size)
    else:
        e = decimal_of(method.fill_weight, "mg") * ratio
    if isinstance(method, DisplacementFill):
        p_api = decimal_of(method.api_fill_weight, "mg") * ratio
        return FillResult(e * (1 - drug_mg / p_api), e, e, None, chart)
    assert isinstance(method, MeasuredFill)
    return FillResult(e - drug_mg, e, e, None, chart)


def _density(method: VolumetricFill) -> Decimal:
    assert method.filler_density is not None
    return decimal_of(method.filler_density, "g/mL")


def smallest_fitting_size(
    method: FillMethod,
    drug_mg: Decimal,
    chosen: CapsuleSize,
    filler: Filler,
    reference: CompoundingReference,
) -> str | None:
    """The smallest capsule size whose fill leaves room for the drug (None if none does)."""
    for name in reference.sizes_smallest_first():
        size = reference.capsule(name)
        result = filler_per_capsule(method, drug_mg, size, filler, scale_from=chosen)
        if result.filler_mg >= 0:
            return name
    return None


def fill_weight_from_weighings(filled_total: Decimal, empty_total: Decimal, count: int) -> Decimal:
    """E from n capsules filled with excipient alone and n empty shells (§2.1, TV0).

    TV0: (3162.0 − 760.0) / 10 = 240.2 mg.
    """
    if count < 1:
        raise InputError("Capsules weighed: at least 1.", "count")
    if filled_total <= empty_total:
        raise InputError("Filled capsules: must weigh more than the empty shells.", "filled_total")
    return (filled_total - empty_total) / count


def _measured_densities(method: FillMethod, size: CapsuleSize) -> list[tuple[str, str, Decimal]]:
    """(field, label, packed density g/mL) of every measured fill statistic the method uses."""
    found: list[tuple[str, str, Decimal]] = []
    if isinstance(method, VolumetricFill):
        found.append(("api_density", "Drug density", decimal_of(method.api_density, "g/mL")))
        if method.filler_density is not None:
            density = decimal_of(method.filler_density, "g/mL")
            found.append(("filler_density", "Filler density", density))
        return found
    if method.fill_weight is not None:
        fill = decimal_of(method.fill_weight, "mg")
        found.append(("fill_weight", "Fill weight", fill / size.volume_ml / 1000))
    if isinstance(method, DisplacementFill):
        fill = decimal_of(method.api_fill_weight, "mg")
        found.append(("api_fill_weight", "Drug fill weight", fill / size.volume_ml / 1000))
    return found


def check_fill_plausibility(
    method: FillMethod, size: CapsuleSize, reference: CompoundingReference, *, confirmed: bool
) -> list[str]:
    """Refuse a measured fill whose packed density is outside the plausible range (§1.2, §2.5).

    A size 1 capsule (0.50 mL) packed at 0.2–1.5 g/mL holds 100–750 mg, so 23 mg or 2300 mg is a
    mis-entry (a total typed as one capsule, grams for mg …). Unless ``confirmed``, raises
    InputError naming the field; confirmed, the same finding comes back as a warning.
    """
    low, high = reference.packed_density_min, reference.packed_density_max
    warnings = []
    for field, label, density in _measured_densities(method, size):
        if low <= density <= high:
            continue
        what = (
            f"{format_number(density, 3)} g/mL"
            if field.endswith("density")
            else f"{format_number(density * size.volume_ml * 1000, 4)} mg in a size {size.size} "
            f"capsule ({format_number(size.volume_ml, 3)} mL) is a packed density of "
            f"{format_number(density, 3)} g/mL"
        )
        holds = (
            f"; a size {size.size} capsule holds about "
            f"{format_number(low * size.volume_ml * 1000, 4)}–"
            f"{format_number(high * size.volume_ml * 1000, 4)} mg"
            if not field.endswith("density")
            else ""
        )
        message = (
            f"{label}: {what}, outside what powders pack to ({format_number(low, 2)}–"
            f"{format_number(high, 2)} g/mL){holds}."
        )
        if not confirmed:
            raise InputError(
                f"{message} Check the measurement (one capsule, in mg), or confirm the fill if it "
                "is right.",
                field,
            )
        warnings.append(f"{message} Confirmed by the pharmacist.")
    return warnings
