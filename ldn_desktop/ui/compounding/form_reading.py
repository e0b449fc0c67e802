"""Reading the capsule form into ``CapsuleBatchInput`` (values already parsed field by field)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any

from ldn_desktop.core.compounding import (
    ApiSource,
    Balance,
    CapsuleBatchInput,
    ComponentExpiry,
    DisplacementFill,
    DrugSource,
    FillMethod,
    MeasuredFill,
    TabletSource,
    TriturationSource,
    VolumetricFill,
)

if TYPE_CHECKING:
    from ldn_desktop.ui.compounding.capsule_form import CapsuleForm


def build_inputs(form: CapsuleForm, v: dict[str, Any]) -> CapsuleBatchInput:
    percent = form.overage_kind.currentData() == "percent"
    return CapsuleBatchInput(
        strength=v["strength"],
        quantity=v["quantity"],
        source=_source(form, v),
        basis=form.basis.currentData(),
        extra=None if percent else v["overage"],
        overage=v["overage"] if percent else None,
        method=_method(form, v),
        capsule_size=form.capsule_size.currentData(),
        filler=form.filler.currentData(),
        balance=_balance(form, v),
        compounded_on=form.compounded_on(),
        expiries=_expiries(form, v),
        fill_confirmed=form.confirm_fill.isChecked(),
    )


def _source(form: CapsuleForm, v: dict[str, Any]) -> DrugSource:
    kind = form.source.currentData()
    if kind == "tablets":
        return TabletSource(v["tablet_strength"], v["tablets"], v["tablets_weight"])
    if kind == "trituration":
        return TriturationSource(v["trituration_strength"])
    return ApiSource(
        v["assay"],
        form.assay_basis.currentData(),
        v["water"],
        v["solvents"] or Decimal(0),
    )


def _method(form: CapsuleForm, v: dict[str, Any]) -> FillMethod:
    kind = form.method.currentData()
    if kind == "displacement":
        return DisplacementFill(v["api_fill_weight"], v["fill_weight_b"])
    if kind == "volumetric":
        return VolumetricFill(v["api_density"], v["filler_density"])
    return MeasuredFill(v["fill_weight"])


def _balance(form: CapsuleForm, v: dict[str, Any]) -> Balance:
    if form.balance.currentData() == "class-iii":
        return Balance("class-iii")
    return Balance("usp41", v["balance_readability"], v["balance_sd"])


def _expiries(form: CapsuleForm, v: dict[str, Any]) -> tuple[ComponentExpiry, ...]:
    drug = {"api": "API", "tablets": "tablets", "trituration": "trituration"}[
        form.source.currentData()
    ]
    found = [ComponentExpiry(drug, v["api_expiry"])] if v["api_expiry"] else []
    if v["filler_expiry"]:
        found.append(ComponentExpiry("filler", v["filler_expiry"]))
    return tuple(found)


def visible_keys(form: CapsuleForm) -> list[str]:
    """The fields that matter for the chosen source, method and balance."""
    keys = ["strength", "quantity", "overage", "api_expiry", "filler_expiry"]
    keys += {
        "api": ["assay", "water", "solvents"],
        "tablets": ["tablet_strength", "tablets", "tablets_weight"],
        "trituration": ["trituration_strength"],
    }[form.source.currentData()]
    keys += {
        "measured": ["fill_weight"],
        "displacement": ["fill_weight_b", "api_fill_weight"],
        "volumetric": ["filler_density", "api_density"],
    }[form.method.currentData()]
    if form.balance.currentData() == "usp41":
        keys += ["balance_readability", "balance_sd"]
    return keys
