"""What ``ldn-desktop schedule`` prints and writes: text, ``--json``, ``--csv``, ``--ics``, ``--pdf``.

Every output takes its dispensing from the one core decision (``dispense``), so the terminal, the
JSON, the CSV and the pharmacist copy cannot disagree with each other or with the Titration page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ldn_desktop.core.errors import StorageError
from ldn_desktop.core.titration import Plan, ScheduledDay, describe_steps
from ldn_desktop.storage.atomic import write_export


def _write(path_text: str, data: bytes | str, field: str) -> None:
    path = Path(path_text)
    try:
        write_export(path, data)
    except OSError as exc:
        raise StorageError(f"Could not write {path}: {exc.strerror or exc}.") from None


def write_outputs(
    args: argparse.Namespace,
    plan: Plan,
    days: tuple[ScheduledDay, ...],
    strengths: tuple[Any, ...],
    header: Any,
    context: Any,
) -> None:
    from ldn_desktop.core.titration import (
        CapsuleForm,
        dispense,
        dispensing_lines,
        missed_dose_advice,
        problem_lines,
        schedule_csv,
        schedule_ics,
        schedule_json,
    )

    form = _liquid(args) if args.liquid else CapsuleForm(tuple(strengths))
    dispensing = dispense(days, form)  # the one decision: text, JSON, CSV and pharmacist copy
    if dispensing.cannot_make:
        sys.stderr.write(f"ldn-desktop: warning: {' '.join(problem_lines(dispensing))}\n")
    if args.json:
        context.print_json(schedule_json(plan, days, dispensing))
    if args.ics:
        ics = schedule_ics(
            plan,
            days,
            patient_id=header.patient_id,
            patient_name=header.patient_name,
            reminders=args.reminders,
        )
        _write(args.ics, ics, "ics")
    if args.csv:
        _write(args.csv, schedule_csv(days, form), "csv")
    if args.pdf:
        _write_pdf(args, plan, days, header, dispensing)
    if not (args.json or args.pdf or args.ics or args.csv):
        for line in describe_steps(plan):
            print(line)
        print(dispensing_lines(dispensing)[0])
        for line in dispensing_lines(dispensing)[1:]:
            print(f"  {line}")
        print(missed_dose_advice().text)


def _liquid(args: argparse.Namespace) -> Any:
    from ldn_desktop.core.titration import liquid_form
    from ldn_desktop.core.units import parse_quantity

    concentration = parse_quantity(
        args.liquid, field="liquid", dimension="concentration", default_unit="mg/mL", maximum=100
    )
    return liquid_form(concentration)


def _write_pdf(
    args: argparse.Namespace,
    plan: Plan,
    days: tuple[ScheduledDay, ...],
    header: Any,
    dispensing: Any,
) -> None:
    from ldn_desktop.reports.printing import page_layout, write_pdf
    from ldn_desktop.reports.render_titration import render_calendar

    html = render_calendar(
        plan,
        days,
        header,
        first_weekday=6 if args.week_start == "sunday" else 0,
        dispensing=dispensing,
        pharmacist_copy=args.pharmacist_copy,
    )
    try:
        write_pdf(html, Path(args.pdf), layout=page_layout(), title="LDN titration calendar")
    except OSError as exc:
        raise StorageError(f"Could not write {args.pdf}: {exc}.") from None
