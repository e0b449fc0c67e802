"""The compounding report as JSON for records (versioned), and the conversion of v1 records.

``report_to_json`` / ``report_from_json`` round-trip exactly (decimals as text). Records released
before the report existed (pharmacy.json v1) kept only the CLI result object; ``report_from_result``
turns that object into a report with the same weighings, warnings and BUD text, so an old record
shows and prints what was released.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ldn_desktop.core.compounding.reference import compounding_reference
from ldn_desktop.core.compounding.report import (
    CompoundingReport,
    DoseLine,
    ReportLine,
    Weighing,
    weighing,
)
from ldn_desktop.core.compounding.report_build import (
    DEFAULT_CAPSULE_DIRECTIONS,
    DEFAULT_LIQUID_DIRECTIONS,
    capsules_text,
)
from ldn_desktop.core.units.quantities import Q_, format_dose, format_number, format_quantity

REPORT_VERSION = 1
Json = dict[str, Any]


def report_to_json(report: CompoundingReport) -> Json:
    def w(item: Weighing) -> Json:
        return {"label": item.label, "calculated_mg": str(item.calculated_mg), "shown": item.shown}

    return {
        "report_version": REPORT_VERSION,
        "kind": report.kind,
        "title": report.title,
        "summary": report.summary,
        "quantity_label": report.quantity_label,
        "product_line": report.product_line,
        "plan_problem": report.plan_problem,
        "weighings": [w(item) for item in report.weighings],
        "total": None if report.total is None else w(report.total),
        "steps": list(report.steps),
        "details": [{"label": line.label, "text": line.text} for line in report.details],
        "doses": [
            {
                "dose": d.dose,
                "volume": d.volume,
                "exact_ml": str(d.exact_ml),
                "measurable": d.measurable,
            }
            for d in report.doses
        ],
        "patient_dose": report.patient_dose,
        "directions": report.directions,
        "warnings": list(report.warnings),
        "compounded_on": report.compounded_on.isoformat(),
        "bud": report.bud.isoformat(),
        "bud_rule": report.bud_rule,
        "storage": report.storage,
        "balance": report.balance,
        "readability_mg": str(report.readability_mg),
        "min_weighable_mg": str(report.min_weighable_mg),
        "cautions": list(report.cautions),
        "rules_version": report.rules_version,
    }


def report_from_json(data: Json) -> CompoundingReport:
    """A report saved by ``report_to_json`` (raises KeyError/ValueError on a bad document)."""
    if data.get("report_version") != REPORT_VERSION:
        raise ValueError(f"unknown report version {data.get('report_version')!r}")

    def w(item: Json) -> Weighing:
        return Weighing(str(item["label"]), Decimal(item["calculated_mg"]), str(item["shown"]))

    return CompoundingReport(
        kind=data["kind"],
        title=data["title"],
        summary=data["summary"],
        quantity_label=data["quantity_label"],
        product_line=data["product_line"],
        plan_problem=data["plan_problem"],
        weighings=tuple(w(item) for item in data["weighings"]),
        total=None if data["total"] is None else w(data["total"]),
        steps=tuple(data["steps"]),
        details=tuple(ReportLine(line["label"], line["text"]) for line in data["details"]),
        doses=tuple(
            DoseLine(d["dose"], d["volume"], Decimal(d["exact_ml"]), bool(d["measurable"]))
            for d in data["doses"]
        ),
        patient_dose=data["patient_dose"],
        directions=data["directions"],
        warnings=tuple(data["warnings"]),
        compounded_on=date.fromisoformat(data["compounded_on"]),
        bud=date.fromisoformat(data["bud"]),
        bud_rule=data["bud_rule"],
        storage=data["storage"],
        balance=data["balance"],
        readability_mg=Decimal(data["readability_mg"]),
        min_weighable_mg=Decimal(data["min_weighable_mg"]),
        cautions=tuple(data["cautions"]),
        rules_version=data["rules_version"],
    )


def _dec(value: Any) -> Decimal:
    return Decimal(repr(float(value)))


def _legacy_readability(result: Json, inputs: Json) -> Decimal:
    """v1 liquid results lacked the readability: take it from the saved balance (Class III: 1 mg)."""
    if "balance_readability_mg" in result:
        return _dec(result["balance_readability_mg"])
    balance = inputs.get("balance") or {}
    if balance.get("kind") == "class-iii":
        return Decimal(1)
    readability = balance.get("readability") or {}
    if readability.get("unit") == "mg":
        return Decimal(str(readability["value"]))
    return compounding_reference().default_readability_mg


def _legacy_capsule_parts(result: Json, d: Decimal) -> tuple[tuple[Weighing, ...], tuple[str, ...]]:
    drug, filler, plan = result["drug_name"], result["filler_name"], result.get("aliquot")
    rows: tuple[Weighing, ...]
    if not plan:
        rows = (
            weighing(drug, _dec(result["drug_total_mg"]), d),
            weighing(filler, _dec(result["filler_total_mg"]), d),
        )
        return rows, ("Mix the drug with the filler by geometric dilution until uniform.",)
    rows = (
        weighing(
            f"{drug} (for the 1-in-{plan['factor']} trituration)", _dec(plan["drug_weighed_mg"]), d
        ),
        weighing(f"{filler} (diluent of the trituration)", _dec(plan["diluent_mg"]), d),
        weighing("Trituration portion (contains the batch's drug)", _dec(plan["portion_mg"]), d),
        weighing(f"{filler} (rest of the filler)", _dec(plan["filler_remaining_mg"]), d),
    )
    steps = (
        f"Weigh {rows[0].shown} of {drug}.",
        f"Add {rows[1].shown} of {filler} by geometric dilution (1-in-{plan['factor']}).",
        f"Weigh {rows[2].shown} of the trituration.",
        f"Add {rows[3].shown} of {filler} to the portion by geometric dilution.",
    )
    return rows, steps


def _legacy_capsules(result: Json, d: Decimal) -> dict[str, Any]:
    weighings, steps = _legacy_capsule_parts(result, d)
    feasible = result["fits"] and (not result.get("aliquot") or result["aliquot"]["feasible"])
    other = (
        f"{format_dose(Q_(result['strength_base_mg'], 'mg'), max_decimals=2)} naltrexone base"
        if result["basis"] == "hcl"
        else f"{format_dose(Q_(result['strength_hcl_mg'], 'mg'), max_decimals=2)} naltrexone HCl"
    )
    made = result["capsules_total"] - result["capsules_prescribed"]
    product = result["title"]
    if result["basis"] != "hcl":
        product += f" (each capsule contains {other})"
    return {
        "summary": f"{capsules_text(result['capsules_total'])} made "
        f"({result['capsules_prescribed']} prescribed + {made}), size {result['capsule_size']}, "
        f"{result['filler_name']}",
        "quantity_label": capsules_text(result["capsules_prescribed"]),
        "product_line": product,
        "plan_problem": None if feasible else "no weighing plan was possible (see the warnings)",
        "weighings": weighings if feasible else (),
        "total": weighing("Blend total", _dec(result["blend_total_mg"]), d) if feasible else None,
        "steps": steps if feasible else (),
        "details": (
            ReportLine("Strength", f"{result['strength']} per capsule (= {other})"),
            ReportLine("Drug source", result["drug_name"]),
            ReportLine(
                "Capsule / filler", f"size {result['capsule_size']}, {result['filler_name']}"
            ),
            ReportLine("Balance", result["balance"]),
        ),
        "doses": (),
        "patient_dose": "",
        "directions": DEFAULT_CAPSULE_DIRECTIONS,
    }


def _legacy_liquid(result: Json, d: Decimal) -> dict[str, Any]:
    volume = format_quantity(Q_(result["volume_ml"], "mL"), 2)
    weighings: tuple[Weighing, ...] = ()
    if result.get("powder_mg") is not None:
        weighings = (weighing("API powder", _dec(result["powder_mg"]), d),)
        steps = (f"Weigh {weighings[0].shown} of API powder.", f"Make up to {volume}.")
    else:
        steps = (
            f"Crush {result['tablets_needed']} × "
            f"{format_number(result['tablet_strength_mg'], 3)} mg tablet(s).",
            f"Make up to {format_quantity(Q_(result['whole_tablet_volume_ml'], 'mL'), 2)}.",
        )
    doses = tuple(
        DoseLine(f"{dose} mg", f"{format_number(ml, 3)} mL", _dec(ml), True)
        for dose, ml in result["dose_table"].items()
    )
    return {
        "summary": f"{volume} containing {format_quantity(Q_(result['drug_mg'], 'mg'), 4)} of drug",
        "quantity_label": volume,
        "product_line": result["title"],
        "plan_problem": None,
        "weighings": weighings,
        "total": None,
        "steps": steps,
        "details": (),
        "doses": doses,
        "patient_dose": "",
        "directions": DEFAULT_LIQUID_DIRECTIONS,
    }


def report_from_result(kind: str, result: Json, inputs: Json) -> CompoundingReport:
    """The report of a v1 record from its saved result object (and inputs, for the balance)."""
    d = _legacy_readability(result, inputs)
    parts = _legacy_liquid(result, d) if kind == "liquid" else _legacy_capsules(result, d)
    return CompoundingReport(
        kind="liquid" if kind == "liquid" else "capsules",
        title=result["title"],
        warnings=tuple(result["warnings"]),
        compounded_on=date.fromisoformat(result["compounded_on"]),
        bud=date.fromisoformat(result["bud"]),
        bud_rule=result["bud_rule"],
        storage=result["storage"],
        balance=str(result.get("balance", "")),
        readability_mg=d,
        min_weighable_mg=_dec(result["min_weighable_mg"]),
        cautions=compounding_reference().label_cautions,
        rules_version=result["rules_version"],
        **parts,
    )
