"""The pharmacist copy's last page: the plan and what to dispense for the supply window."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ldn_desktop.core.titration import CapsuleSupply, LiquidSupply, Plan, describe_steps, format_day
from ldn_desktop.core.units import format_dose, format_quantity

if TYPE_CHECKING:
    from ldn_desktop.reports.render_titration import CalendarHeader


def dispensing_html(
    header: CalendarHeader, plan: Plan, supply: CapsuleSupply | LiquidSupply
) -> str:
    head = (
        "<h2>Pharmacist copy: dispensing summary</h2>"
        f"<p>Patient: <b>{_escape(header.patient_name)}</b> {_escape(header.patient_id)} &nbsp;·&nbsp; "
        f"Supply: {format_day(supply.first)} – {format_day(supply.last)} ({supply.days} days)</p>"
    )
    rows = "".join(f"<li>{_escape(line)}</li>" for line in describe_steps(plan))
    steps = f"<p><b>Plan</b></p><ul>{rows}</ul>"
    if isinstance(supply, CapsuleSupply):
        body = "".join(
            f"<tr><td>Naltrexone HCl {key} mg capsules</td><td align='right'><b>{count}</b></td></tr>"
            for key, count in supply.capsules.items()
            if count
        )
        table = (
            "<table border='1' cellspacing='0' cellpadding='6' style='border-collapse:collapse'>"
            f"<tr><th>Strength</th><th>Capsules</th></tr>{body}"
            f"<tr><td>Total</td><td align='right'><b>{supply.total}</b></td></tr></table>"
        )
    else:
        doses = "".join(
            f"<tr><td>{format_dose(d)}</td><td align='right'>{format_quantity(v, 3)}</td></tr>"
            for d, v in supply.dose_volumes
        )
        table = (
            f"<p>Liquid at {format_quantity(supply.concentration)}: total "
            f"<b>{format_quantity(supply.total_volume, 2)}</b></p>"
            "<table border='1' cellspacing='0' cellpadding='6' style='border-collapse:collapse'>"
            f"<tr><th>Dose</th><th>Volume per dose</th></tr>{doses}</table>"
        )
    sign = (
        "<p style='margin-top:18px'>Prescriber: "
        f"{contact(header.prescriber_name, header.prescriber_phone, '______________')}"
        f"<br/>Pharmacy: {contact(header.pharmacy_name, header.pharmacy_phone, '______________')}"
        f" {_escape(header.pharmacy_address)}</p>"
        "<p style='margin-top:18px'>Dispensed by: ____________________ &nbsp; "
        "Checked by: ____________________ &nbsp; Date: ____________</p>"
    )
    return head + steps + table + sign


def _escape(text: str) -> str:
    from html import escape

    return escape(text, quote=True)


def contact(name: str, phone: str, fallback: str) -> str:
    """``Dr A, phone 555-0100`` with blanks to fill in by hand when a detail is missing."""
    who = _escape(name) if name.strip() else fallback
    number = _escape(phone) if phone.strip() else "______________"
    return f"{who}, phone {number}"
