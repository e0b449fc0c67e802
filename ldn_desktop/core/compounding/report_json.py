"""Compounding inputs and results as plain JSON values (CLI ``--json``, compounding records).

Results keep every number unrounded (floats from the exact decimals). Inputs are written with
quantities as ``{"value": "4.5", "unit": "mg"}`` and fractions as decimal text, so a record read
back gives exactly the inputs that were saved.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from ldn_desktop.core.compounding.aliquots import AliquotPlan
from ldn_desktop.core.compounding.balances import describe_balance
from ldn_desktop.core.compounding.capsules import CapsuleBatch
from ldn_desktop.core.compounding.inputs import (
    ApiSource,
    CapsuleBatchInput,
    TabletSource,
)
from ldn_desktop.core.compounding.liquid import LiquidBatch, liquid_title
from ldn_desktop.core.compounding.reference import compounding_reference
from ldn_desktop.core.compounding.report_build import (
    capsule_report,
    capsule_title,
    liquid_report,
)
from ldn_desktop.core.compounding.report_codec import report_to_json
from ldn_desktop.core.units.quantities import Q_, format_dose, magnitude

Json = dict[str, Any]


def _f(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _aliquot_json(plan: AliquotPlan | None) -> Json | None:
    if plan is None:
        return None
    return {
        "drug_weighed_mg": float(plan.drug_weighed_mg),
        "diluent_mg": float(plan.diluent_mg),
        "mix_total_mg": float(plan.mix_total_mg),
        "portion_mg": float(plan.portion_mg),
        "factor": plan.factor,
        "required_mg": float(plan.required_mg),
        "filler_remaining_mg": float(plan.filler_remaining_mg),
        "leftover_mg": float(plan.leftover_mg),
        "feasible": plan.feasible,
    }


def capsule_batch_json(batch: CapsuleBatch) -> Json:
    """The ``compound --json`` object (the issue's keys, and more)."""
    inputs = batch.inputs
    size = compounding_reference().capsule_sizes.get(inputs.capsule_size)
    shell = size.shell_mg if size else Decimal(0)
    tablets = batch.tablets
    return {
        "kind": "capsules",
        "title": capsule_title(inputs),
        "strength": format_dose(inputs.strength),
        "strength_mg": magnitude(inputs.strength, "mg"),
        "basis": inputs.basis,
        "strength_hcl_mg": float(batch.strength_hcl_mg),
        "strength_base_mg": float(batch.strength_base_mg),
        "capsules_prescribed": inputs.quantity,
        "capsules_total": batch.capsules_total,
        "source": source_kind(inputs),
        "drug_name": batch.drug_name,
        "potency": float(batch.potency),
        "salt_factor": float(batch.salt_factor),
        "method": batch.method,
        "capsule_size": inputs.capsule_size,
        "filler": inputs.filler,
        "filler_name": batch.filler_name,
        "drug_per_capsule_mg": float(batch.drug_per_capsule_mg),
        "drug_total_mg": float(batch.drug_total_mg),
        "filler_per_capsule_mg": float(batch.filler_per_capsule_mg),
        "filler_total_mg": float(batch.filler_total_mg),
        "blend_total_mg": float(batch.blend_total_mg),
        "fill_per_capsule_mg": float(batch.fill_per_capsule_mg),
        "capacity_mg": float(batch.capacity_mg),
        "fill_weight_mg": _f(batch.fill_weight_mg),
        "filler_density_g_ml": _f(batch.filler_density_g_ml),
        "fits": batch.fits,
        "suggested_capsule_size": batch.suggested_size,
        "shell_mg": float(shell),
        "target_capsule_weight_mg": float(batch.fill_per_capsule_mg + shell),
        "min_weighable_mg": float(batch.min_weighable_mg),
        "balance": describe_balance(inputs.balance, batch.min_weighable_mg),
        "balance_readability_mg": magnitude(batch.readability, "mg"),
        "aliquot": _aliquot_json(batch.aliquot),
        "tablets_needed": tablets.needed if tablets else None,
        "tablets_recommended": tablets.recommended if tablets else None,
        "tablets_used": tablets.used if tablets else None,
        "tablet_drug_margin_mg": float(tablets.margin_mg) if tablets else None,
        "compounded_on": inputs.compounded_on.isoformat(),
        "bud": batch.beyond_use.bud.isoformat(),
        "bud_rule": batch.beyond_use.explanation(),
        "storage": batch.beyond_use.storage,
        "warnings": list(batch.warnings),
        "rules_version": batch.rules_version,
        "plan_possible": batch.plan_possible,
        "plan_problem": batch.plan_problem,
        "fill_confirmed": inputs.fill_confirmed,
        "report": report_to_json(capsule_report(batch)),
    }


def liquid_batch_json(batch: LiquidBatch) -> Json:
    """The ``liquid --json`` object."""
    inputs = batch.inputs
    return {
        "kind": "liquid",
        "title": liquid_title(batch),
        "steps": list(liquid_report(batch).steps),
        "basis": inputs.basis,
        "concentration_mg_per_ml": float(batch.concentration_mg_per_ml),
        "volume_ml": float(batch.volume_ml),
        "source": "api" if inputs.source is not None else "tablets",
        "drug_mg": float(batch.drug_mg),
        "drug_hcl_mg": float(batch.drug_hcl_mg),
        "powder_mg": _f(batch.powder_mg),
        "tablet_strength_mg": None if inputs.source else magnitude(inputs.tablet_strength, "mg"),
        "tablets_exact": _f(batch.tablets_exact),
        "tablets_needed": batch.tablets_needed,
        "whole_tablet_volume_ml": _f(batch.whole_tablet_volume_ml),
        "dose_table": {_key(v.dose_mg): float(v.measured_ml) for v in batch.dose_volumes},
        "dose_table_exact": {_key(dose): float(ml) for dose, ml in batch.dose_table},
        "dose_ml": None if batch.patient_dose is None else float(batch.patient_dose.measured_ml),
        # why no label or record may be made for this dose (null: they may)
        "label_refused": batch.label_refused,
        "fills": None
        if batch.fills is None
        else {
            "days": batch.fills.days,
            "count": batch.fills.fills,
            "days_per_fill": batch.fills.days_per_fill,
            "fill_ml": float(batch.fills.fill_ml),
            "total_ml": float(batch.fills.total_ml),
        },
        "min_weighable_mg": float(batch.min_weighable_mg),
        "balance": describe_balance(inputs.balance, batch.min_weighable_mg),
        "balance_readability_mg": magnitude(batch.readability, "mg"),
        "compounded_on": inputs.compounded_on.isoformat(),
        "bud": batch.beyond_use.bud.isoformat(),
        "bud_rule": batch.beyond_use.explanation(),
        "storage": batch.storage,
        "warnings": list(batch.warnings),
        "rules_version": batch.rules_version,
        "report": report_to_json(liquid_report(batch)),
    }


def _key(dose: Decimal) -> str:
    return format_dose(Q_(dose, "mg")).removesuffix(" mg")


def source_kind(inputs: CapsuleBatchInput) -> str:
    if isinstance(inputs.source, ApiSource):
        return "api"
    return "tablets" if isinstance(inputs.source, TabletSource) else "trituration"
