"""Filling the capsule form: from the settings' defaults, or from saved inputs (reopened record)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate

from ldn_desktop.core.compounding import (
    ApiSource,
    Balance,
    CapsuleBatchInput,
    DisplacementFill,
    TabletSource,
    TriturationSource,
    VolumetricFill,
)
from ldn_desktop.core.units import Q_, Quantity, format_number, format_quantity
from ldn_desktop.storage.settings import overage_default, stored_quantity
from ldn_desktop.ui.compounding.fields import select

if TYPE_CHECKING:
    from ldn_desktop.ui.compounding.capsule_form import CapsuleForm


def _text(quantity: Quantity | None, unit: str, mark: str) -> str:
    return "" if quantity is None else format_quantity(quantity.to(unit), 6, mark)


def _percent(fraction: Decimal, mark: str) -> str:
    return f"{format_number(fraction * 100, 6, mark)}%"


def apply_defaults(form: CapsuleForm, defaults: dict[str, Any]) -> None:
    """Balance, filler and capsule size from ``settings()["defaults"]``; a blank new batch."""
    apply_balance(form, defaults)
    select(form.filler, str(defaults.get("filler", "mcc")))
    select(form.capsule_size, str(defaults.get("capsule_size", "1")))
    tablet = Q_(form.reference.liquid.tablet_strength_mg, "mg")
    form.fields["tablet_strength"].set_text(_text(tablet, "mg", form.mark))
    select(form.overage_kind, "extra")
    extra = overage_default(defaults, form.reference.default_extra_capsules)
    form.fields["overage"].set_text(str(extra))


def apply_balance(form: CapsuleForm, defaults: dict[str, Any]) -> None:
    """The pharmacy's balance from the settings."""
    mark = form.mark
    balance = defaults.get("balance") or {}
    select(form.balance, str(balance.get("kind", "usp41")))
    form.fields["balance_readability"].set_text(
        _text(stored_quantity(balance.get("readability")) or Balance().readability, "mg", mark)
    )
    form.fields["balance_sd"].set_text(
        _text(
            stored_quantity(balance.get("repeatability_sd")) or Balance().repeatability_sd,
            "mg",
            mark,
        )
    )
    form._balance_kind_changed()


def load_inputs(form: CapsuleForm, inputs: CapsuleBatchInput) -> None:
    """Show saved inputs exactly (used when a record is reopened)."""
    mark = form.mark
    f = form.fields
    f["strength"].set_text(_text(inputs.strength, "mg", mark))
    select(form.basis, inputs.basis)
    f["quantity"].set_text(str(inputs.quantity))
    if inputs.overage is not None:
        select(form.overage_kind, "percent")
        f["overage"].set_text(_percent(inputs.overage, mark))
    else:
        select(form.overage_kind, "extra")
        f["overage"].set_text(str(inputs.extra or 0))
    form.date.setDate(QDate(inputs.compounded_on))
    _load_source(form, inputs)
    _load_method(form, inputs)
    select(form.capsule_size, inputs.capsule_size)
    select(form.filler, inputs.filler)
    select(form.balance, inputs.balance.kind)
    f["balance_readability"].set_text(_text(inputs.balance.readability, "mg", mark))
    f["balance_sd"].set_text(_text(inputs.balance.repeatability_sd, "mg", mark))
    form.confirm_fill.setChecked(inputs.fill_confirmed)
    drug = next((e for e in inputs.expiries if e.component != "filler"), None)
    filler = next((e for e in inputs.expiries if e.component == "filler"), None)
    f["api_expiry"].set_text(_date(drug.expires_on if drug else None))
    f["filler_expiry"].set_text(_date(filler.expires_on if filler else None))


def _date(value: date | None) -> str:
    return value.isoformat() if value else ""


def _load_source(form: CapsuleForm, inputs: CapsuleBatchInput) -> None:
    mark, f, source = form.mark, form.fields, inputs.source
    if isinstance(source, ApiSource):
        select(form.source, "api")
        f["assay"].set_text(_percent(source.assay, mark))
        select(form.assay_basis, source.assay_basis)
        f["water"].set_text(_percent(source.water, mark) if source.water else "")
        f["solvents"].set_text(_percent(source.solvents, mark) if source.solvents else "")
    elif isinstance(source, TabletSource):
        select(form.source, "tablets")
        f["tablet_strength"].set_text(_text(source.tablet_strength, "mg", mark))
        f["tablets"].set_text(str(source.tablets))
        f["tablets_weight"].set_text(_text(source.tablets_weight, "mg", mark))
    elif isinstance(source, TriturationSource):
        select(form.source, "trituration")
        f["trituration_strength"].set_text(format_number(source.concentration, 12, mark))


def _load_method(form: CapsuleForm, inputs: CapsuleBatchInput) -> None:
    mark, f, method = form.mark, form.fields, inputs.method
    if isinstance(method, DisplacementFill):
        select(form.method, "displacement")
        f["fill_weight_b"].set_text(_text(method.fill_weight, "mg", mark))
        f["api_fill_weight"].set_text(_text(method.api_fill_weight, "mg", mark))
    elif isinstance(method, VolumetricFill):
        select(form.method, "volumetric")
        f["filler_density"].set_text(_text(method.filler_density, "g/mL", mark))
        f["api_density"].set_text(_text(method.api_density, "g/mL", mark))
    else:
        select(form.method, "measured")
        f["fill_weight"].set_text(_text(method.fill_weight, "mg", mark))
