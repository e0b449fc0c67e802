"""Build the ``CompoundingReport`` of a capsule batch or a liquid (docs/reference/compounding.md §2–§8).

TV1 (§11): 30 × 4.5 mg HCl, +2, 99.5 % API, E = 240 mg on a 0.1 mg balance → weighings
"144.7 mg" of API and "7.5353 g" of filler, blend "7.6800 g"; BUD 180 days.
"""

from __future__ import annotations

from decimal import Decimal

from ldn_desktop.core.compounding.balances import describe_balance
from ldn_desktop.core.compounding.capsules import CapsuleBatch
from ldn_desktop.core.compounding.inputs import CapsuleBatchInput
from ldn_desktop.core.compounding.liquid import LiquidBatch, liquid_title
from ldn_desktop.core.compounding.liquid_dosing import DoseVolume
from ldn_desktop.core.compounding.reference import compounding_reference
from ldn_desktop.core.compounding.report import (
    CompoundingReport,
    DoseLine,
    ReportLine,
    Weighing,
    weighing,
)
from ldn_desktop.core.units.quantities import Q_, format_dose, format_number, format_quantity

DEFAULT_CAPSULE_DIRECTIONS = "Take 1 capsule by mouth at bedtime, or as directed by the prescriber."
DEFAULT_LIQUID_DIRECTIONS = "Shake well. Measure the dose with an oral syringe, or as directed."


def liquid_directions(batch: LiquidBatch) -> str:
    """Default directions; with the patient's dose, in mL of this liquid (§4.3)."""
    dose = batch.patient_dose
    if dose is None:
        return DEFAULT_LIQUID_DIRECTIONS
    return (
        f"Shake well. Take {format_number(dose.measured_ml, 3)} mL "
        f"({format_dose(Q_(dose.dose_mg, 'mg'))}) by mouth at bedtime, measured with an oral "
        "syringe, or as directed."
    )


def capsule_title(inputs: CapsuleBatchInput) -> str:
    """'Naltrexone HCl 4.5 mg capsules' (ISMP notation, basis shown — §3.3, §8)."""
    basis = "HCl" if inputs.basis == "hcl" else "base"
    return f"Naltrexone {basis} {format_dose(inputs.strength)} capsules"


def _mg(mg: Decimal, decimals: int = 4) -> str:
    return format_quantity(Q_(mg, "mg"), decimals)


def _other_basis(basis: str, hcl_mg: Decimal, base_mg: Decimal) -> str:
    if basis == "hcl":
        return f"{format_dose(Q_(base_mg, 'mg'), max_decimals=2)} naltrexone base"
    return f"{format_dose(Q_(hcl_mg, 'mg'), max_decimals=2)} naltrexone HCl"


def _capsule_weighings(batch: CapsuleBatch, d: Decimal) -> tuple[Weighing, ...]:
    if not batch.plan_possible:
        return ()
    drug, filler, plan = batch.drug_name, batch.filler_name, batch.aliquot
    if plan is None:
        return (weighing(drug, batch.drug_total_mg, d), weighing(filler, batch.filler_total_mg, d))
    return (
        weighing(f"{drug} (for the 1-in-{plan.factor} trituration)", plan.drug_weighed_mg, d),
        weighing(f"{filler} (diluent of the trituration)", plan.diluent_mg, d),
        weighing("Trituration portion (contains the batch's drug)", plan.portion_mg, d),
        weighing(f"{filler} (rest of the filler)", plan.filler_remaining_mg, d),
    )


def _counted(count: int, noun: str) -> str:
    """``1 tablet``, ``2 tablets``, ``1 size 1 capsule`` (a one-capsule batch read "1 capsules
    made"); no thousands separator, as the counts are typed."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def capsules_text(count: int, size: str | None = None) -> str:
    """``1 capsule``, ``30 capsules``, ``30 size 1 capsules``."""
    return _counted(count, "capsule" if size is None else f"size {size} capsule")


def _capsule_steps(batch: CapsuleBatch, d: Decimal) -> tuple[str, ...]:
    if not batch.plan_possible:
        return ()
    w = {key: weighing("", value, d).shown for key, value in _aliquot_masses(batch).items()}
    drug, filler, steps = batch.drug_name, batch.filler_name, []
    if batch.tablets is not None:
        t = batch.tablets
        them = "it" if t.used == 1 else "them"
        steps.append(
            f"Weigh the {_counted(t.used, 'tablet')} intact, crush {them} to a fine powder ({t.needed} "
            f"needed at least, {t.recommended} to allow for crushing loss)."
        )
    plan = batch.aliquot
    if plan is not None:
        steps += [
            f"Weigh {w['drug']} of {drug}.",
            f"Add {w['diluent']} of {filler} by geometric dilution: {w['mix']} of a "
            f"1-in-{plan.factor} trituration.",
            f"Weigh {w['portion']} of the trituration: it contains {_mg(plan.required_mg)} of {drug}.",
            f"Add {w['rest']} of {filler} to the portion by geometric dilution, to {w['blend']} "
            "of blend.",
            f"Discard the rest of the trituration ({w['leftover']}) or keep it as a labelled "
            "stock per your SOP.",
        ]
    else:
        steps.append("Mix the drug with the filler by geometric dilution until uniform.")
    target = batch.fill_per_capsule_mg + _shell_mg(batch)
    steps += [
        f"Fill {capsules_text(batch.capsules_total, batch.inputs.capsule_size)} completely.",
        f"Check weights: each filled capsule about {_mg(target, 1)}; record average and range.",
        f"Record the yield: {capsules_text(batch.capsules_total)} theoretical, ______ actual "
        "(goal 95–105%).",
    ]
    return tuple(steps)


def _aliquot_masses(batch: CapsuleBatch) -> dict[str, Decimal]:
    plan = batch.aliquot
    masses = {"blend": batch.blend_total_mg}
    if plan is not None:
        masses.update(
            drug=plan.drug_weighed_mg,
            diluent=plan.diluent_mg,
            mix=plan.mix_total_mg,
            portion=plan.portion_mg,
            rest=plan.filler_remaining_mg,
            leftover=plan.leftover_mg,
        )
    return masses


def _shell_mg(batch: CapsuleBatch) -> Decimal:
    size = compounding_reference().capsule_sizes.get(batch.inputs.capsule_size)
    return size.shell_mg if size else Decimal(0)


def _method_text(batch: CapsuleBatch) -> str:
    if batch.method == "volumetric" and batch.filler_density_g_ml is not None:
        density = format_number(batch.filler_density_g_ml, 3)
        return f"C: volumetric, filler packed density {density} g/mL"
    name = "A: measured fill" if batch.method == "measured" else "B: displacement"
    return f"{name}, filler alone fills {_mg(batch.capacity_mg, 2)} per capsule"


def _capsule_details(batch: CapsuleBatch, balance: str) -> tuple[ReportLine, ...]:
    inputs = batch.inputs
    made = batch.capsules_total - inputs.quantity
    other = _other_basis(inputs.basis, batch.strength_hcl_mg, batch.strength_base_mg)
    shell = _shell_mg(batch)
    return (
        ReportLine("Strength", f"{format_dose(inputs.strength)} per capsule (= {other})"),
        ReportLine(
            "Capsules",
            f"{inputs.quantity} prescribed + {made} overage = {batch.capsules_total} made",
        ),
        ReportLine(
            "Drug source",
            f"{batch.drug_name}; {format_number(batch.potency * 100, 4)}% drug as weighed; "
            f"salt factor {format_number(batch.salt_factor, 6)}",
        ),
        ReportLine("Capsule / filler", f"size {inputs.capsule_size}, {batch.filler_name}"),
        ReportLine("Fill method", _method_text(batch)),
        ReportLine(
            "Fill per capsule",
            f"{_mg(batch.fill_per_capsule_mg)} (drug {_mg(batch.drug_per_capsule_mg)} + filler "
            f"{_mg(batch.filler_per_capsule_mg)})",
        ),
        ReportLine(
            "Capsule check weight",
            f"{_mg(batch.fill_per_capsule_mg + shell, 1)} each (fill + empty shell {_mg(shell, 0)})",
        ),
        ReportLine("Balance", balance),
    )


def _product_line(title: str, basis: str, hcl_mg: Decimal, per: str) -> str:
    """The label's drug line; a base-labelled product states its HCl content (§3.3, §7.5)."""
    if basis == "hcl":
        return title
    return (
        f"{title} ({per} contains {format_dose(Q_(hcl_mg, 'mg'), max_decimals=2)} naltrexone HCl)"
    )


def capsule_report(batch: CapsuleBatch) -> CompoundingReport:
    """The report of a capsule batch."""
    inputs = batch.inputs
    d = Decimal(repr(float(batch.readability.to("mg").magnitude)))
    title = capsule_title(inputs)
    balance = describe_balance(inputs.balance, batch.min_weighable_mg)
    made = batch.capsules_total - inputs.quantity
    total = weighing("Blend total", batch.blend_total_mg, d) if batch.plan_possible else None
    return CompoundingReport(
        kind="capsules",
        title=title,
        summary=f"{capsules_text(batch.capsules_total)} made ({inputs.quantity} prescribed + "
        f"{made}), size {inputs.capsule_size}, {batch.filler_name}",
        quantity_label=capsules_text(inputs.quantity),
        product_line=_product_line(title, inputs.basis, batch.strength_hcl_mg, "each capsule"),
        plan_problem=batch.plan_problem,
        weighings=_capsule_weighings(batch, d),
        total=total,
        steps=_capsule_steps(batch, d),
        details=_capsule_details(batch, balance),
        doses=(),
        patient_dose="",
        directions=DEFAULT_CAPSULE_DIRECTIONS,
        warnings=batch.warnings,
        compounded_on=inputs.compounded_on,
        bud=batch.beyond_use.bud,
        bud_rule=batch.beyond_use.explanation(),
        storage=batch.beyond_use.storage,
        balance=balance,
        readability_mg=d,
        min_weighable_mg=batch.min_weighable_mg,
        cautions=compounding_reference().label_cautions,
        rules_version=batch.rules_version,
    )


def _dose_line(volume: DoseVolume, max_error: Decimal) -> DoseLine:
    return DoseLine(
        format_dose(Q_(volume.dose_mg, "mg")),
        f"{format_number(volume.measured_ml, 3)} mL",
        volume.exact_ml,
        volume.error <= max_error,
    )


def _liquid_steps(batch: LiquidBatch, d: Decimal) -> tuple[str, ...]:
    inputs = batch.inputs
    volume = format_quantity(Q_(batch.volume_ml, "mL"), 2)
    if batch.powder_mg is not None:
        form = (
            "naltrexone HCl" if inputs.source and inputs.source.form == "hcl" else "naltrexone base"
        )
        shown = weighing("", batch.powder_mg, d).shown
        return (
            f"Weigh {shown} of {form} API powder (calculated {_mg(batch.powder_mg)}).",
            f"Dissolve in part of the vehicle and make up to {volume}.",
            "Transfer to an amber bottle.",
        )
    assert batch.tablets_needed is not None and batch.whole_tablet_volume_ml is not None
    n, made = batch.tablets_needed, format_quantity(Q_(batch.whole_tablet_volume_ml, "mL"), 2)
    strength = format_dose(inputs.tablet_strength)
    tablets = f"{n} × {strength} naltrexone HCl tablet{'s' if n > 1 else ''}"
    make_up = f"make up to {made}"
    if made != volume:
        make_up += f" ({n} whole tablet{'s' if n > 1 else ''} at this strength); dispense {volume}"
    return (
        f"Crush {tablets} to a fine powder.",
        f"Add the vehicle in portions, mixing well, and {make_up}.",
        "Transfer to an amber bottle; label 'Shake well'.",
    )


def _patient_dose_line(batch: LiquidBatch) -> str:
    """``Dose 4.5 mg = 4.5 mL``; flagged as the dose table flags it when the syringe cannot
    measure it (then no label is made: ``LiquidBatch.label_refused``)."""
    dose = batch.patient_dose
    if dose is None:
        return ""
    flag = " (not measurable: no label for this dose)" if batch.label_refused else ""
    return f"Dose {dose.text}{flag}"


def liquid_report(batch: LiquidBatch) -> CompoundingReport:
    """The report of an oral liquid."""
    inputs = batch.inputs
    d = Decimal(repr(float(batch.readability.to("mg").magnitude)))
    title = liquid_title(batch)
    ref = compounding_reference()
    balance = describe_balance(inputs.balance, batch.min_weighable_mg)
    weighings = () if batch.powder_mg is None else (weighing("API powder", batch.powder_mg, d),)
    hcl_per_ml = batch.drug_hcl_mg / batch.volume_ml
    details = [ReportLine("Balance", balance)] if weighings else []
    if batch.fills is not None:
        fills = batch.fills
        details.append(
            ReportLine(
                "Supply",
                f"{fills.days} days in {fills.fills} fill{'s' if fills.fills > 1 else ''} of at "
                f"most {format_quantity(Q_(fills.fill_ml, 'mL'), 1)} ({fills.days_per_fill} days each)",
            )
        )
    return CompoundingReport(
        kind="liquid",
        title=title,
        summary=f"{format_quantity(Q_(batch.volume_ml, 'mL'), 3)} containing "
        f"{_mg(batch.drug_mg)} of drug",
        quantity_label=format_quantity(Q_(batch.volume_ml, "mL"), 2),
        product_line=_product_line(title, inputs.basis, hcl_per_ml, "each mL"),
        plan_problem=None,
        weighings=weighings,
        total=None,
        steps=_liquid_steps(batch, d),
        details=tuple(details),
        doses=tuple(_dose_line(v, ref.liquid.max_dose_error) for v in batch.dose_volumes),
        patient_dose=_patient_dose_line(batch),
        directions=liquid_directions(batch),
        warnings=batch.warnings,
        compounded_on=inputs.compounded_on,
        bud=batch.beyond_use.bud,
        bud_rule=batch.beyond_use.explanation(),
        storage=batch.storage,
        balance=balance,
        readability_mg=d,
        min_weighable_mg=batch.min_weighable_mg,
        cautions=ref.label_cautions,
        rules_version=batch.rules_version,
    )
