"""Compounding worksheet and container label as HTML (pure: no Qt; printed by reports.printing).

Both render from the result JSON of a calculation (``core.compounding_json``) and, once saved, the
compounding record, so a reopened record prints exactly what was released. Doses use the one ISMP
formatter (``3 mg``, ``0.5 mg``, never ``3.0 mg``); weighings use the balance's readability
(docs/reference/compounding.md §8). Label content: USP <795> §7.5 and ISMP (patient, drug and strength
with its salt, quantity, directions, lot, BUD, storage).
"""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from ldn_desktop.core.compounding import CompoundingRecord
from ldn_desktop.core.units import Q_, format_dose, format_number, format_quantity, format_weighing

LABEL_SIZE_MM = (89.0, 51.0)  # a common 3.5 × 2 inch prescription label

_STYLE = """
<style>
 body { font-family: 'DejaVu Sans'; }
 h1 { font-size: 15pt; margin: 0 0 4pt 0; }
 h2 { font-size: 11.5pt; margin: 10pt 0 3pt 0; }
 table.grid { border-collapse: collapse; }
 table.grid td, table.grid th { border: 1px solid #555; padding: 3pt 5pt; }
 th { background: #e8e8e8; text-align: left; }
 .num { text-align: right; }
 .warn { color: #8a3b00; }
 .small { font-size: 8pt; color: #444; }
</style>
"""


def _mg(value: float | None, decimals: int = 4) -> str:
    return "—" if value is None else format_quantity(Q_(value, "mg"), decimals)


def _weigh(value: float, readability_mg: float) -> str:
    return format_weighing(Q_(value, "mg"), Q_(readability_mg, "mg"))


def _row(*cells: str, header: bool = False) -> str:
    tag = "th" if header else "td"
    return "<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in cells) + "</tr>"


def _meta(result: Mapping[str, Any], record: CompoundingRecord | None) -> str:
    if record is None:
        lot, who, patient, rx = "not saved (draft)", "—", "—", "—"
    else:
        draft = record.draft
        lot = escape(record.lot)
        who = f"{escape(draft.preparer)} / {escape(draft.checker)}"
        patient = escape(draft.patient_name or "—")
        rx = escape(draft.prescription or "—")
    rows = [
        _row("Lot", f"<b>{lot}</b>", "Compounded", escape(result["compounded_on"])),
        _row("Beyond-use date", f"<b>{escape(result['bud'])}</b>", "Prepared / checked by", who),
        _row("Patient", patient, "Prescription", rx),
    ]
    if record is not None and record.replaces:
        reason = escape(record.correction_reason)
        rows.append(_row("Replaces", escape(record.replaces), "Reason", reason))
    return "<table class='grid' width='100%'>" + "".join(rows) + "</table>"


def _formula(result: Mapping[str, Any]) -> str:
    basis_other = (
        f"= {format_dose(Q_(result['strength_base_mg'], 'mg'), max_decimals=2)} naltrexone base"
        if result["basis"] == "hcl"
        else f"= {format_dose(Q_(result['strength_hcl_mg'], 'mg'), max_decimals=2)} naltrexone HCl"
    )
    made = result["capsules_total"] - result["capsules_prescribed"]
    rows = [
        ("Strength", f"{escape(result['strength'])} per capsule ({basis_other})"),
        (
            "Capsules",
            f"{result['capsules_prescribed']} prescribed + {made} overage = "
            f"<b>{result['capsules_total']} made</b>",
        ),
        (
            "Drug source",
            f"{escape(result['drug_name'])}; "
            f"{format_number(result['potency'] * 100, 4)}% drug as weighed; salt factor "
            f"{format_number(result['salt_factor'], 6)}",
        ),
        (
            "Capsule / filler",
            f"size {escape(result['capsule_size'])}, {escape(result['filler_name'])}",
        ),
        ("Fill method", escape(_method_text(result))),
        (
            "Fill per capsule",
            f"{_mg(result['fill_per_capsule_mg'])} "
            f"(drug {_mg(result['drug_per_capsule_mg'])} + filler {_mg(result['filler_per_capsule_mg'])})",
        ),
        (
            "Capsule check weight",
            f"{_mg(result['target_capsule_weight_mg'], 1)} each "
            f"(fill + empty shell {_mg(result['shell_mg'], 0)})",
        ),
        ("Balance", escape(result["balance"])),
    ]
    body = "".join(_row(f"<b>{k}</b>", v) for k, v in rows)
    return f"<h2>Formula</h2><table class='grid' width='100%'>{body}</table>"


def _method_text(result: Mapping[str, Any]) -> str:
    method = result["method"]
    if method == "volumetric":
        density = result.get("filler_density_g_ml")
        return f"C: volumetric, filler packed density {format_number(density, 3)} g/mL"
    name = "A: measured fill" if method == "measured" else "B: displacement"
    return f"{name}, filler alone fills {_mg(result['capacity_mg'], 2)} per capsule"


def _weighing_rows(result: Mapping[str, Any]) -> list[tuple[str, float]]:
    plan = result.get("aliquot")
    drug, filler = escape(result["drug_name"]), escape(result["filler_name"])
    if not plan:
        return [(drug, result["drug_total_mg"]), (filler, result["filler_total_mg"])]
    return [
        (f"{drug} (for the 1-in-{plan['factor']} trituration)", plan["drug_weighed_mg"]),
        (f"{filler} (diluent of the trituration)", plan["diluent_mg"]),
        ("Trituration portion (contains the batch's drug)", plan["portion_mg"]),
        (f"{filler} (rest of the filler)", plan["filler_remaining_mg"]),
    ]


def _weighings(result: Mapping[str, Any]) -> str:
    readability = result["balance_readability_mg"]
    head = _row("#", "Weigh", "Calculated", "On the balance", "Weighed", "Initials", header=True)
    rows = [
        _row(
            str(n),
            name,
            f"<span class='num'>{_mg(mg)}</span>",
            f"<b>{_weigh(mg, readability)}</b>",
            "&nbsp;" * 16,
            "&nbsp;" * 8,
        )
        for n, (name, mg) in enumerate(_weighing_rows(result), start=1)
    ]
    total = _row(
        "",
        "<b>Blend total</b>",
        _mg(result["blend_total_mg"]),
        _weigh(result["blend_total_mg"], readability),
        "",
        "",
    )
    minimum = f"Minimum weighable quantity: {_mg(result['min_weighable_mg'], 2)}."
    return (
        f"<h2>Weighings</h2><table class='grid' width='100%'>{head}{''.join(rows)}{total}"
        f"</table><p class='small'>{minimum} Calculated values are unrounded; weigh the "
        "amount shown at the balance's readability.</p>"
    )


def aliquot_steps(result: Mapping[str, Any]) -> list[str]:
    """The aliquot method in words (§6.3), or [] when no aliquot is needed."""
    plan = result.get("aliquot")
    if not plan:
        return []
    r = result["balance_readability_mg"]
    drug, filler = result["drug_name"], result["filler_name"]
    return [
        f"Weigh {_weigh(plan['drug_weighed_mg'], r)} of {drug}.",
        f"Add {_weigh(plan['diluent_mg'], r)} of {filler} by geometric dilution: "
        f"{_weigh(plan['mix_total_mg'], r)} of a 1-in-{plan['factor']} trituration.",
        f"Weigh {_weigh(plan['portion_mg'], r)} of the trituration: it contains "
        f"{_mg(plan['required_mg'])} of {drug}.",
        f"Add {_weigh(plan['filler_remaining_mg'], r)} of {filler} to the portion by geometric "
        f"dilution, to {_weigh(result['blend_total_mg'], r)} of blend.",
        f"Discard the rest of the trituration ({_weigh(plan['leftover_mg'], r)}) or keep it as "
        "a labelled stock per your SOP.",
    ]


def _procedure(result: Mapping[str, Any]) -> str:
    steps = list(aliquot_steps(result))
    if result.get("tablets_needed"):
        steps.insert(
            0,
            f"Weigh the {result['tablets_used']} intact tablets, crush them to a fine "
            f"powder ({result['tablets_needed']} needed at least, "
            f"{result['tablets_recommended']} to allow for crushing loss).",
        )
    if not result.get("aliquot"):
        steps.append("Mix the drug with the filler by geometric dilution until uniform.")
    steps += [
        f"Fill {result['capsules_total']} size {result['capsule_size']} capsules completely.",
        f"Check weights: each filled capsule about "
        f"{_mg(result['target_capsule_weight_mg'], 1)}; record average and range.",
        f"Record the yield: {result['capsules_total']} capsules theoretical, ______ actual "
        "(goal 95–105%).",
    ]
    items = "".join(f"<li>{escape(s)}</li>" for s in steps)
    return f"<h2>Procedure</h2><ol>{items}</ol>"


def _warnings(result: Mapping[str, Any]) -> str:
    if not result["warnings"]:
        return ""
    items = "".join(f"<li class='warn'>{escape(w)}</li>" for w in result["warnings"])
    return f"<h2>Warnings</h2><ul>{items}</ul>"


def _ingredients(record: CompoundingRecord | None) -> str:
    rows = [_row("Component", "Vendor", "Lot", "Expiry", header=True)]
    items = record.draft.ingredients if record else ()
    for item in items:
        expiry = item.expires_on.isoformat() if item.expires_on else "—"
        rows.append(_row(escape(item.name), escape(item.vendor), escape(item.lot), expiry))
    if not items:
        rows.extend(_row("&nbsp;", "", "", "") for _ in range(3))
    return f"<h2>Components</h2><table class='grid' width='100%'>{''.join(rows)}</table>"


def render_worksheet(
    result: Mapping[str, Any],
    record: CompoundingRecord | None = None,
    pharmacy: Mapping[str, str] | None = None,
) -> str:
    """The compounding worksheet (A4) for a capsule batch."""
    name = escape((pharmacy or {}).get("name", "") or "")
    bud = (
        f"<p><b>Beyond-use date {escape(result['bud'])}</b> — {escape(result['bud_rule'])}. "
        f"Storage: {escape(result['storage'])}</p>"
    )
    sign = (
        "<p>Prepared by: ____________ &nbsp; Checked by: ____________ &nbsp; Date: ____________</p>"
    )
    footer = (
        f"<p class='small'>Rules {escape(result['rules_version'])} (reference: compounding.md "
        "§2–§7). Decision support for a licensed pharmacist: check every number.</p>"
    )
    return (
        f"<html><head>{_STYLE}</head><body><p class='small'>{name}</p>"
        f"<h1>Compounding worksheet: {escape(result['title'])}</h1>"
        f"{_meta(result, record)}{_formula(result)}{_weighings(result)}{_procedure(result)}"
        f"{_warnings(result)}{bud}{_ingredients(record)}{sign}{footer}</body></html>"
    )


def render_label(
    result: Mapping[str, Any],
    record: CompoundingRecord | None = None,
    pharmacy: Mapping[str, str] | None = None,
    directions: str = "",
) -> str:
    """The container label: patient, drug and strength with its salt (ISMP), quantity, directions,
    lot, beyond-use date and storage (§7.5, §8)."""
    draft = record.draft if record else None
    patient = escape(draft.patient_name if draft and draft.patient_name else "—")
    rx = escape(draft.prescription) if draft and draft.prescription else "—"
    lot = escape(record.lot) if record else "DRAFT — not saved"
    quantity = escape(draft.quantity_label if draft else _quantity(result))
    text = escape(draft.directions if draft else directions)
    shop = pharmacy or {}
    head = " · ".join(escape(v) for v in (shop.get("name", ""), shop.get("phone", "")) if v)
    return (
        "<html><body style=\"font-family: 'DejaVu Sans'\">"
        f"<div style='font-size:6.5pt'>{head or 'Compounding pharmacy'}</div>"
        f"<div style='font-size:8pt'>Patient: <b>{patient}</b> &nbsp; Rx: {rx}</div>"
        f"<div style='font-size:10.5pt'><b>{escape(result['title'])}</b></div>"
        f"<div style='font-size:7.5pt'>Qty: {quantity} &nbsp; Compounded preparation</div>"
        f"<div style='font-size:8pt'>{text}</div>"
        f"<div style='font-size:7.5pt'>Lot <b>{lot}</b> &nbsp; Use by (BUD) "
        f"<b>{escape(result['bud'])}</b></div>"
        f"<div style='font-size:6.5pt'>{escape(result['storage'])}</div>"
        "</body></html>"
    )


def _quantity(result: Mapping[str, Any]) -> str:
    if result.get("kind") == "liquid":
        return format_quantity(Q_(result["volume_ml"], "mL"), 2)
    return f"{result['capsules_prescribed']} capsules"
