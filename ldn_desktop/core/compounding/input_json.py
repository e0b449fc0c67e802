"""Compounding inputs as JSON for compounding records, and back (exact: decimals kept as text).

Quantities are written as ``{"value": "4.5", "unit": "mg"}`` and fractions as decimal text, so a
record read back gives exactly the inputs that were saved.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any, TypeVar

from ldn_desktop.core.compounding.inputs import (
    ApiSource,
    Balance,
    CapsuleBatchInput,
    ComponentExpiry,
    DisplacementFill,
    FillMethod,
    LiquidInput,
    MeasuredFill,
    TabletSource,
    TriturationSource,
    VolumetricFill,
    decimal_of,
)
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import Q_, Quantity

Json = dict[str, Any]


def _q(quantity: Quantity | None, unit: str) -> Json | None:
    if quantity is None:
        return None
    return {"value": str(decimal_of(quantity, unit)), "unit": unit}


def _unq(data: Json | None) -> Quantity | None:
    return None if data is None else Q_(Decimal(data["value"]), data["unit"])


def _need(data: Json | None) -> Quantity:
    """A quantity the saved inputs must have."""
    found = _unq(data)
    if found is None:
        raise ValueError("a required quantity is missing")
    return found


def _method_json(method: FillMethod) -> Json:
    if isinstance(method, DisplacementFill):
        return {
            "kind": "displacement",
            "fill_weight": _q(method.fill_weight, "mg"),
            "api_fill_weight": _q(method.api_fill_weight, "mg"),
        }
    if isinstance(method, VolumetricFill):
        return {
            "kind": "volumetric",
            "filler_density": _q(method.filler_density, "g/mL"),
            "api_density": _q(method.api_density, "g/mL"),
        }
    return {"kind": "measured", "fill_weight": _q(method.fill_weight, "mg")}


def _source_json(source: ApiSource | TabletSource | TriturationSource | None) -> Json | None:
    if isinstance(source, ApiSource):
        return {
            "kind": "api",
            "assay": str(source.assay),
            "assay_basis": source.assay_basis,
            "water": None if source.water is None else str(source.water),
            "solvents": str(source.solvents),
            "form": source.form,
        }
    if isinstance(source, TabletSource):
        return {
            "kind": "tablets",
            "tablet_strength": _q(source.tablet_strength, "mg"),
            "tablets": source.tablets,
            "tablets_weight": _q(source.tablets_weight, "mg"),
        }
    if isinstance(source, TriturationSource):
        return {"kind": "trituration", "concentration": str(source.concentration)}
    return None


def _balance_json(balance: Balance) -> Json:
    return {
        "kind": balance.kind,
        "readability": _q(balance.readability, "mg"),
        "repeatability_sd": _q(balance.repeatability_sd, "mg"),
        "safety_factor": str(balance.safety_factor),
    }


def _expiries_json(expiries: tuple[ComponentExpiry, ...]) -> list[Json]:
    return [{"component": e.component, "expires_on": e.expires_on.isoformat()} for e in expiries]


def capsule_input_json(inputs: CapsuleBatchInput) -> Json:
    return {
        "kind": "capsules",
        "strength": _q(inputs.strength, "mg"),
        "basis": inputs.basis,
        "quantity": inputs.quantity,
        "extra": inputs.extra,
        "overage": None if inputs.overage is None else str(inputs.overage),
        "source": _source_json(inputs.source),
        "method": _method_json(inputs.method),
        "capsule_size": inputs.capsule_size,
        "filler": inputs.filler,
        "balance": _balance_json(inputs.balance),
        "compounded_on": inputs.compounded_on.isoformat(),
        "expiries": _expiries_json(inputs.expiries),
        "fill_confirmed": inputs.fill_confirmed,
    }


def liquid_input_json(inputs: LiquidInput) -> Json:
    return {
        "kind": "liquid",
        "concentration": _q(inputs.concentration, "mg/mL"),
        "volume": _q(inputs.volume, "mL"),
        "source": _source_json(inputs.source),
        "tablet_strength": _q(inputs.tablet_strength, "mg"),
        "basis": inputs.basis,
        "preserved": inputs.preserved,
        "nonaqueous": inputs.nonaqueous,
        "balance": _balance_json(inputs.balance),
        "compounded_on": inputs.compounded_on.isoformat(),
        "expiries": _expiries_json(inputs.expiries),
        "dose": _q(inputs.dose, "mg"),
        "days": inputs.days,
    }


def _source_from(data: Json | None) -> ApiSource | TabletSource | TriturationSource | None:
    if data is None:
        return None
    if data["kind"] == "api":
        return ApiSource(
            Decimal(data["assay"]),
            data["assay_basis"],
            None if data["water"] is None else Decimal(data["water"]),
            Decimal(data["solvents"]),
            data["form"],
        )
    if data["kind"] == "tablets":
        strength, weight = _need(data["tablet_strength"]), _need(data["tablets_weight"])
        return TabletSource(strength, int(data["tablets"]), weight)
    return TriturationSource(Decimal(data["concentration"]))


def _method_from(data: Json) -> FillMethod:
    if data["kind"] == "displacement":
        return DisplacementFill(_need(data["api_fill_weight"]), _unq(data["fill_weight"]))
    if data["kind"] == "volumetric":
        return VolumetricFill(_need(data["api_density"]), _unq(data["filler_density"]))
    return MeasuredFill(_unq(data["fill_weight"]))


def _balance_from(data: Json) -> Balance:
    readability, sd = _need(data["readability"]), _need(data["repeatability_sd"])
    return Balance(data["kind"], readability, sd, Decimal(data["safety_factor"]))


def _expiries_from(rows: list[Json]) -> tuple[ComponentExpiry, ...]:
    return tuple(ComponentExpiry(r["component"], date.fromisoformat(r["expires_on"])) for r in rows)


T = TypeVar("T")
# what a damaged value raises while being read back (Decimal("") is an ArithmeticError)
_UNREADABLE = (KeyError, IndexError, ValueError, TypeError, AttributeError, ArithmeticError)


def _read(reader: Callable[[Json], T], data: Json) -> T:
    try:
        return reader(data)
    except InputError:
        raise
    except _UNREADABLE as exc:
        raise InputError(
            f"The saved inputs cannot be read ({type(exc).__name__}).", "inputs"
        ) from None


def capsule_input_from_json(data: Json) -> CapsuleBatchInput:
    """The inputs saved by ``capsule_input_json``; InputError for a damaged document, never
    another exception (a released record is reopened from them)."""
    return _read(_capsule_input_from_json, data)


def liquid_input_from_json(data: Json) -> LiquidInput:
    """The inputs saved by ``liquid_input_json``; InputError for a damaged document."""
    return _read(_liquid_input_from_json, data)


def _capsule_input_from_json(data: Json) -> CapsuleBatchInput:
    source = _source_from(data["source"])
    strength = _unq(data["strength"])
    if source is None or strength is None:
        raise InputError("The saved inputs have no drug source or strength.", "source")
    return CapsuleBatchInput(
        strength=strength,
        quantity=int(data["quantity"]),
        source=source,
        basis=data["basis"],
        extra=data["extra"],
        overage=None if data["overage"] is None else Decimal(data["overage"]),
        method=_method_from(data["method"]),
        capsule_size=data["capsule_size"],
        filler=data["filler"],
        balance=_balance_from(data["balance"]),
        compounded_on=date.fromisoformat(data["compounded_on"]),
        expiries=_expiries_from(data["expiries"]),
        fill_confirmed=bool(data.get("fill_confirmed", False)),
    )


def _liquid_input_from_json(data: Json) -> LiquidInput:
    source = _source_from(data["source"])
    concentration, volume = _need(data["concentration"]), _need(data["volume"])
    tablet = _need(data["tablet_strength"])
    return LiquidInput(
        concentration=concentration,
        volume=volume,
        source=source if isinstance(source, ApiSource) else None,
        tablet_strength=tablet,
        basis=data["basis"],
        preserved=bool(data["preserved"]),
        nonaqueous=bool(data["nonaqueous"]),
        balance=_balance_from(data["balance"]),
        compounded_on=date.fromisoformat(data["compounded_on"]),
        expiries=_expiries_from(data["expiries"]),
        dose=_unq(data.get("dose")),
        days=data.get("days"),
    )
