"""What a pharmacist enters for a capsule batch or a liquid: frozen values, checked on creation.

Masses, volumes and densities are pint Quantities from ``core.units``; fractions (assay, water,
overage) are exact Decimals. The symbols follow docs/reference/compounding.md §2.0 and §10.
Each check raises ``InputError`` whose ``field`` is the option name shared by the form and the CLI
(``strength``, ``quantity``, ``assay`` …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

from ldn_desktop.core.compounding.reference import compounding_reference
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import Q_, Quantity, format_number

Basis = Literal["hcl", "base"]
AssayBasis = Literal["as-is", "anhydrous", "dried"]
BalanceKind = Literal["usp41", "class-iii"]

BASIS_NAMES: dict[str, str] = {"hcl": "naltrexone HCl", "base": "naltrexone base"}


def decimal_of(quantity: Quantity, unit: str) -> Decimal:
    """The exact decimal magnitude of a quantity in ``unit`` (shortest repr of the float)."""
    return Decimal(repr(float(quantity.to(unit).magnitude)))


def _check_fraction(value: Decimal, name: str, label: str, *, upper: Decimal) -> None:
    if not value.is_finite() or value < 0 or value > upper:
        raise InputError(f"{label}: must be between 0% and {format_number(upper * 100, 6)}%.", name)


@dataclass(frozen=True, slots=True)
class ApiSource:
    """(a) Naltrexone API powder with its certificate of analysis (§3.3, §3.4).

    ``assay`` is the CoA assay as a fraction on ``assay_basis``; ``water`` is the KF water (anhydrous
    basis) or loss on drying (dried basis) — required for those bases (None: not entered; the
    certificate's 0 % must be entered as 0 %, never assumed); ``solvents`` the residual solvents. ``form`` is the
    chemical form weighed (the anhydrous-salt molecular weight is used; the water correction is the
    only hydrate correction, so a hydrate is never corrected twice — §3.3).
    """

    assay: Decimal
    assay_basis: AssayBasis = "as-is"
    water: Decimal | None = None
    solvents: Decimal = Decimal(0)
    form: Basis = "hcl"

    def __post_init__(self) -> None:
        if not self.assay.is_finite() or not Decimal("0.5") <= self.assay <= Decimal("1.1"):
            raise InputError("Assay: must be between 50% and 110%.", "assay")
        if self.water is None and self.assay_basis != "as-is":
            what = "water content (KF)" if self.assay_basis == "anhydrous" else "loss on drying"
            raise InputError(
                f"Water: an assay on the {self.assay_basis} basis needs the certificate's "
                f"{what} to give the as-is potency (§3.4); enter 0% only if the "
                "certificate reports none.",
                "water",
            )
        water = self.water or Decimal(0)
        _check_fraction(water, "water", "Water", upper=Decimal("0.5"))
        _check_fraction(self.solvents, "solvents", "Solvents", upper=Decimal("0.5"))
        if water + self.solvents >= Decimal("0.5"):
            raise InputError("Water + solvents: must be less than 50%.", "water")


@dataclass(frozen=True, slots=True)
class TabletSource:
    """(b) Commercial naltrexone HCl tablets (§4.1, §4.2): label strength, count, intact weight."""

    tablet_strength: Quantity
    tablets: int
    tablets_weight: Quantity

    def __post_init__(self) -> None:
        if not 1 <= self.tablets <= 1000:
            raise InputError("Tablets: must be between 1 and 1000.", "tablets")
        strength = decimal_of(self.tablet_strength, "mg")
        if strength <= 0:
            raise InputError("Tablet strength: must be more than zero.", "tablet_strength")
        if decimal_of(self.tablets_weight, "mg") < strength * self.tablets:
            raise InputError(
                "Tablets weight: the intact tablets cannot weigh less than the drug they contain.",
                "tablets_weight",
            )


@dataclass(frozen=True, slots=True)
class TriturationSource:
    """(c) A stock trituration: ``concentration`` = mg naltrexone HCl per mg of mix (§6.3, TV12b)."""

    concentration: Decimal

    def __post_init__(self) -> None:
        if not self.concentration.is_finite() or not 0 < self.concentration <= 1:
            raise InputError(
                "Trituration strength: must be more than 0 and at most 1 (mg of drug per mg of mix).",
                "trituration_strength",
            )


DrugSource = ApiSource | TabletSource | TriturationSource


@dataclass(frozen=True, slots=True)
class MeasuredFill:
    """Method A (§2.1): E, the measured net excipient fill of one capsule (None: filler chart)."""

    fill_weight: Quantity | None = None


@dataclass(frozen=True, slots=True)
class DisplacementFill:
    """Method B (§2.2): E and P_api, the API's packing statistic (DF = P_api / E)."""

    api_fill_weight: Quantity
    fill_weight: Quantity | None = None


@dataclass(frozen=True, slots=True)
class VolumetricFill:
    """Method C (§2.3): capsule volume from its size, filler and drug densities (packed/tapped)."""

    api_density: Quantity
    filler_density: Quantity | None = None


FillMethod = MeasuredFill | DisplacementFill | VolumetricFill


@dataclass(frozen=True, slots=True)
class Balance:
    """A balance (§6): USP <41> readability d and repeatability s, or a Class III Rx balance."""

    kind: BalanceKind = "usp41"
    readability: Quantity = field(
        default_factory=lambda: Q_(compounding_reference().default_readability_mg, "mg")
    )
    repeatability_sd: Quantity = field(
        default_factory=lambda: Q_(compounding_reference().default_repeatability_mg, "mg")
    )
    safety_factor: Decimal = Decimal(1)

    def __post_init__(self) -> None:
        if not Decimal(1) <= self.safety_factor <= Decimal(10):
            raise InputError("Safety factor: must be between 1 and 10.", "balance_safety_factor")
        if not Decimal("0.000001") <= decimal_of(self.readability, "mg") <= Decimal(1000):
            raise InputError(
                "Balance readability: must be between 0.001 mcg and 1 g.", "balance_readability"
            )
        if not Decimal(0) <= decimal_of(self.repeatability_sd, "mg") <= Decimal(1000):
            raise InputError("Repeatability SD: must be between 0 and 1 g.", "balance_sd")


@dataclass(frozen=True, slots=True)
class ComponentExpiry:
    """A component's expiry date (API, tablets, trituration or filler lot) — caps the BUD (§7.1)."""

    component: str
    expires_on: date


@dataclass(frozen=True, slots=True)
class CapsuleBatchInput:
    """Everything needed to calculate a capsule batch (§10 "Inputs")."""

    strength: Quantity
    quantity: int
    source: DrugSource
    basis: Basis = "hcl"
    extra: int | None = None
    overage: Decimal | None = None
    method: FillMethod = field(default_factory=MeasuredFill)
    capsule_size: str = "1"
    filler: str = "mcc"
    balance: Balance = field(default_factory=Balance)
    compounded_on: date = field(default_factory=date.today)
    expiries: tuple[ComponentExpiry, ...] = ()
    fill_confirmed: bool = False  # the pharmacist confirmed an unusual measured fill (§1.2, §2.5)

    def __post_init__(self) -> None:
        if not 1 <= self.quantity <= 10_000:
            raise InputError("Capsules: must be between 1 and 10,000.", "quantity")
        if self.extra is not None and self.overage is not None:
            raise InputError("Overage: give extra capsules or a percentage, not both.", "overage")
        if self.extra is not None and not 0 <= self.extra <= 1000:
            raise InputError("Extra capsules: must be between 0 and 1000.", "extra")
        if self.overage is not None and not Decimal(0) <= self.overage <= Decimal(1):
            raise InputError("Overage: must be between 0% and 100%.", "overage")


@dataclass(frozen=True, slots=True)
class LiquidInput:
    """An oral liquid (§4.3): concentration (default 1 mg/mL naltrexone HCl) and volume."""

    concentration: Quantity
    volume: Quantity
    source: ApiSource | None = None  # None: commercial tablets of ``tablet_strength``
    tablet_strength: Quantity = field(
        default_factory=lambda: Q_(compounding_reference().liquid.tablet_strength_mg, "mg")
    )
    basis: Basis = "hcl"
    preserved: bool = False
    nonaqueous: bool = False
    balance: Balance = field(default_factory=Balance)
    compounded_on: date = field(default_factory=date.today)
    expiries: tuple[ComponentExpiry, ...] = ()
    dose: Quantity | None = None  # the patient's dose (label in mL, supply length)
    days: int | None = None  # days of supply wanted (split into fills within the BUD)

    def __post_init__(self) -> None:
        solubility = compounding_reference().liquid.solubility_mg_per_ml
        concentration = decimal_of(self.concentration, "mg/mL")
        if concentration <= 0:
            raise InputError("Concentration: must be more than zero.", "concentration")
        if concentration > solubility:
            raise InputError(
                f"Concentration: above {format_number(solubility, 3)} mg/mL "
                "(the solubility of naltrexone HCl, §3.3).",
                "concentration",
            )
        if self.dose is not None and decimal_of(self.dose, "mg") <= 0:
            raise InputError("Dose: must be more than zero.", "dose")
        if self.days is not None and not 1 <= self.days <= 366:
            raise InputError("Days: must be between 1 and 366.", "days")
        if self.days is not None and self.dose is None:
            raise InputError("Days: give the daily dose too, to know how long it lasts.", "days")
        if not Decimal(1) <= decimal_of(self.volume, "mL") <= Decimal(5000):
            raise InputError("Volume: must be between 1 mL and 5000 mL.", "volume")
        if self.preserved and self.nonaqueous:
            raise InputError("Preserved: applies to aqueous liquids only.", "preserved")
