"""The pharmacist copy's last page: the plan, who made it, and what to dispense for the window.

Everything comes from the one dispensing decision (``core.titration.dispense``) and its wording
(``dispensing_lines``/``problem_lines``/``take_text``), so the page, the CLI and this copy agree;
the plan sentence and its author come from ``plan_summary`` and the saved version (``plan_author``).
Tables have fixed column widths, and each heading sits in the same block as what it introduces.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from ldn_desktop.core.titration import (
    Dispensing,
    Plan,
    describe_steps,
    fill_lines,
    form_text,
    plan_summary,
    problem_lines,
    supply_lines,
    take_text,
    total_text,
    window_text,
)
from ldn_desktop.core.units import format_dose

if TYPE_CHECKING:
    from ldn_desktop.reports.render_titration import CalendarHeader

TABLE = (
    "<table width='100%' border='1' cellspacing='0' cellpadding='3' "
    "style='border-collapse:collapse; margin-top:4px'>"
)


def _escape(text: str) -> str:
    return escape(text, quote=True)


def _nobreak(text: str) -> str:
    return _escape(text).replace(" ", "&nbsp;")


def contact(name: str, phone: str, fallback: str) -> str:
    """``Dr A, phone 555-0100`` with blanks to fill in by hand when a detail is missing; a phone
    number never breaks across lines."""
    who = _escape(name) if name.strip() else fallback
    number = _nobreak(phone) if phone.strip() else "______________"
    return f"{who}, phone {number}"


def _per_dose_table(dispensing: Dispensing, mark: str) -> str:
    rows = []
    for group in dispensing.doses:
        take = take_text(group.supply, mark)
        shown = _nobreak(take) if take else "<b>cannot be made</b>"
        rows.append(
            f"<tr><td>{_nobreak(format_dose(group.supply.dose, decimal_mark=mark))}</td>"
            f"<td align='right'>{group.days}</td><td>{shown}</td></tr>"
        )
    return (
        f"{TABLE}<thead><tr><th width='18%' align='left'>Dose</th>"
        "<th width='14%' align='right'>Days</th>"
        "<th width='68%' align='left'>Each dose</th></tr></thead>" + "".join(rows) + "</table>"
    )


def _headed(title: str, *rows: str) -> str:
    """A heading and its lines as one table: the heading row repeats on a new page, so it is never
    left alone at the foot of a page."""
    body = "".join(f"<tr><td>• {row}</td></tr>" for row in rows)
    return (
        "<table width='100%' cellspacing='0' cellpadding='1' style='margin-top:8px'>"
        f"<thead><tr><th align='left'>{title}</th></tr></thead>{body}</table>"
    )


def _totals(dispensing: Dispensing, mark: str) -> str:
    lines = [f"<b>{_escape(line)}</b>" for line in supply_lines(dispensing, mark)]
    if dispensing.total_volume is None:
        lines.append(_escape(total_text(dispensing)))
    lines += [_escape(line) for line in fill_lines(dispensing)]
    return "".join(f"<tr><td>• {line}</td></tr>" for line in lines)


def _problems(dispensing: Dispensing, mark: str) -> str:
    lines = problem_lines(dispensing, mark)
    if not lines:
        return ""
    body = "<br/>".join(_escape(line).replace("mg/mL", "mg/&#8288;mL") for line in lines)
    return (
        "<table width='100%' border='1' cellspacing='0' cellpadding='6' "
        "style='border-collapse:collapse; border-color:#b91c1c; margin-top:6px'>"
        f"<tr><td><b>⚠ Action needed</b><br/>{body}</td></tr></table>"
    )


def dispensing_html(
    header: CalendarHeader, plan: Plan, dispensing: Dispensing, decimal_mark: str = "."
) -> str:
    """The dispensing page of the pharmacist copy."""
    author = (
        f"<br/>Plan by: <b>{_escape(header.plan_author)}</b>" if header.plan_author.strip() else ""
    )
    head = (
        "<p style='font-size:15pt; font-weight:bold; margin-bottom:4px'>"
        "Pharmacist copy: dispensing summary</p>"
        f"<p style='margin-top:0'>Patient: <b>{_escape(header.patient_name)}</b> "
        f"{_escape(header.patient_id)}<br/>Supply: {_escape(window_text(dispensing))}, as "
        f"{_escape(form_text(dispensing, decimal_mark))}"
        f"<br/>Plan: {_escape(plan_summary(plan, decimal_mark=decimal_mark))}{author}</p>"
    )
    gap = "<p style='margin:0; font-size:4pt'>&nbsp;</p>"  # Qt nests a table that follows one
    supply_block = (
        "<table width='100%' cellspacing='0' cellpadding='1' style='margin-top:8px'>"
        "<thead><tr><th align='left'>Dispense</th></tr></thead>"
        f"{_totals(dispensing, decimal_mark)}</table>{gap}"
        + _per_dose_table(dispensing, decimal_mark)
    )
    sign = (
        "<p style='margin-top:10px'>Prescriber: "
        f"{contact(header.prescriber_name, header.prescriber_phone, '______________')}"
        f"<br/>Pharmacy: {contact(header.pharmacy_name, header.pharmacy_phone, '______________')}"
        f" {_escape(header.pharmacy_address)}<br/><br/>Dispensed by: _______________ &nbsp; "
        "Checked by: _______________ &nbsp; Date: __________</p>"
    )
    problems = _problems(dispensing, decimal_mark)
    steps = _headed("Steps", *map(_escape, describe_steps(plan, decimal_mark)))
    body = (problems + gap if problems else "") + steps + gap + supply_block + sign
    return f"{head}<div style='font-size:9pt'>{body}</div>"
