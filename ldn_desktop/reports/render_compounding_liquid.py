"""Compounding worksheet for an oral liquid (docs/reference/compounding.md §4.3, §7.1): pure HTML."""

from __future__ import annotations

from collections.abc import Mapping
from html import escape
from typing import Any

from ldn_desktop.core.compounding import CompoundingRecord
from ldn_desktop.core.units import Q_, format_quantity, format_weighing
from ldn_desktop.reports.render_compounding import _STYLE, _ingredients, _meta, _row


def _use(result: Mapping[str, Any]) -> list[str]:
    volume = format_quantity(Q_(result["volume_ml"], "mL"), 2)
    if result["tablets_needed"] is not None:
        strength = format_quantity(Q_(result["tablet_strength_mg"], "mg"), 3)
        made = format_quantity(Q_(result["whole_tablet_volume_ml"], "mL"), 2)
        dispense = f"; dispense {volume}" if made != volume else ""
        return [
            f"Crush {result['tablets_needed']} × {strength} naltrexone HCl tablet(s) to a fine powder.",
            f"Add the vehicle in portions, mixing well, and make up to {made}{dispense}.",
            "Transfer to an amber bottle; label 'Shake well'.",
        ]
    powder = format_weighing(Q_(result["powder_mg"], "mg"), Q_(0.1, "mg"))
    return [
        f"Weigh {powder} of naltrexone API powder.",
        f"Dissolve in part of the vehicle and make up to {volume}.",
        "Transfer to an amber bottle.",
    ]


def render_liquid_worksheet(
    result: Mapping[str, Any],
    record: CompoundingRecord | None = None,
    pharmacy: Mapping[str, str] | None = None,
) -> str:
    """The worksheet for a liquid: what to use, the steps, the dose → mL table, BUD, storage."""
    name = escape((pharmacy or {}).get("name", "") or "")
    doses = "".join(
        _row(f"{escape(dose)} mg", format_quantity(Q_(ml, "mL"), 3))
        for dose, ml in result["dose_table"].items()
    )
    steps = "".join(f"<li>{escape(step)}</li>" for step in _use(result))
    warnings = "".join(f"<li class='warn'>{escape(w)}</li>" for w in result["warnings"])
    return (
        f"<html><head>{_STYLE}</head><body><p class='small'>{name}</p>"
        f"<h1>Compounding worksheet: {escape(result['title'])}</h1>{_meta(result, record)}"
        f"<h2>Procedure</h2><ol>{steps}</ol>"
        f"<h2>Dose table</h2><table class='grid'>{_row('Dose', 'Volume', header=True)}{doses}</table>"
        + (f"<h2>Warnings</h2><ul>{warnings}</ul>" if warnings else "")
        + f"<p><b>Beyond-use date {escape(result['bud'])}</b> — {escape(result['bud_rule'])}. "
        f"Storage: {escape(result['storage'])}</p>{_ingredients(record)}"
        "<p>Prepared by: ____________ &nbsp; Checked by: ____________</p>"
        f"<p class='small'>Rules {escape(result['rules_version'])}. Decision support for a "
        "licensed pharmacist: check every number.</p></body></html>"
    )
