"""``ldn-desktop compound`` (capsule batch) and ``ldn-desktop liquid`` (oral liquid).

Every option is parsed by core.units, so the CLI accepts and refuses exactly what the form does.
Bad input exits 2 with one line naming the option; nothing is written. PySide6 is imported only to
write ``--pdf`` / ``--label-pdf``.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path
from typing import Any

from ldn_desktop.commands.compound_options import (
    add_capsule_options,
    add_liquid_options,
    capsule_input_from_args,
    liquid_input_from_args,
    record_details_from_args,
    reraise_for_cli,
)
from ldn_desktop.core.dates import format_day
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units import Q_, format_quantity


def register(subparsers: Any) -> None:
    compound = subparsers.add_parser(
        "compound",
        help="calculate a naltrexone capsule batch (weighings, aliquot, BUD)",
        description="Calculate an LDN capsule batch. Quantities take units: 4.5mg, 4500mcg, "
        "0.43g/mL; percentages: 99.5%.",
    )
    add_capsule_options(compound)
    compound.set_defaults(handler=_compound)
    liquid = subparsers.add_parser(
        "liquid",
        help="calculate an LDN oral liquid (drug, tablets, dose table, BUD)",
        description="Calculate an LDN oral liquid from 50 mg tablets or API powder.",
    )
    add_liquid_options(liquid)
    liquid.set_defaults(handler=_liquid)


RECORD_ONLY_OPTIONS = (
    "preparer", "checker", "patient", "patient_name", "rx", "prescriber", "api_lot", "filler_lot",
)  # fmt: skip


def _refuse_record_details_without_save(args: argparse.Namespace) -> None:
    """The record's people, patient and lots are kept only by ``--save``: without it they would be
    silently dropped (the worksheet and label of an unsaved batch print as a DRAFT without them)."""
    if args.save:
        return
    for name in RECORD_ONLY_OPTIONS:
        if getattr(args, name, None):
            option = "--" + name.replace("_", "-")
            raise InputError(
                f"{option}: kept only with --save (it goes on the released record and its label); "
                "without --save the worksheet and label print as an unsaved DRAFT.",
                option,
            )


def _check_output(path: str | None, option: str) -> Path | None:
    if path is None:
        return None
    target = Path(path).expanduser()
    if target.is_dir() or not target.parent.is_dir():
        raise InputError(f"{option}: '{path}' is not a file in an existing folder.", option)
    return target


def _pharmacy_balance(args: argparse.Namespace, context: Any) -> Any:
    """The balance saved in Settings (settings.json), unless the command line names one."""
    from ldn_desktop.commands.compound_options import balance_given
    from ldn_desktop.core.errors import LdnError
    from ldn_desktop.storage.settings import SETTINGS_DOC, load_settings, pharmacy_balance

    if balance_given(args) or not (context.data_dir / SETTINGS_DOC).is_file():
        return None
    try:
        return pharmacy_balance(load_settings(context.open_store(read_only=True))["defaults"])
    except LdnError as exc:
        sys.stderr.write(f"ldn-desktop: warning: {exc} Using the default balance.\n")
        return None


def _compound(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.core.compounding import (
        calculate_capsule_batch,
        capsule_batch_json,
        capsule_record_draft,
        capsule_report,
    )

    _refuse_record_details_without_save(args)
    pdf = _check_output(args.pdf, "--pdf")
    label_pdf = _check_output(args.label_pdf, "--label-pdf")
    with reraise_for_cli():
        batch = calculate_capsule_batch(
            capsule_input_from_args(args, _pharmacy_balance(args, context))
        )
        details = record_details_from_args(args) if args.save else None
        draft = capsule_record_draft(batch, details) if details is not None else None
    return _finish(
        args, context, capsule_batch_json(batch), capsule_report(batch), draft, pdf, label_pdf
    )


def _finish(
    args: argparse.Namespace,
    context: Any,
    result: dict[str, Any],
    report: Any,
    draft: Any,
    pdf: Path | None,
    label_pdf: Path | None,
) -> int:
    """Save (if asked), print the JSON or the text, write the PDFs — the same for both products."""
    from ldn_desktop.core.compounding import report_to_json

    record = None
    if draft is not None:
        record = _save(draft, context)
        report = record.draft.report
        result["lot"] = record.lot
        result["report"] = report_to_json(report)
    if args.json:
        context.print_json(result)
    else:
        print(report_text(report, record.lot if record else None))
    if pdf or label_pdf:
        _write_pdfs(report, record, pdf, label_pdf, args.directions or "", context)
    return 0


def _save(draft: Any, context: Any) -> Any:
    """Validate everything first (nothing is written on bad input), then release the record."""
    from dataclasses import replace

    from ldn_desktop.storage.patients import PatientRepository
    from ldn_desktop.storage.pharmacy import CompoundingRecords

    if draft.patient_id and not context.data_dir.exists():
        raise InputError(f"--patient: no patient with id '{draft.patient_id[:32]}'.", "--patient")
    store = context.open_store()
    try:
        if draft.patient_id:
            with reraise_for_cli():
                profile = PatientRepository(store).get(draft.patient_id)
            draft = replace(draft, patient_name=draft.patient_name or profile.name)
        return CompoundingRecords(store).release(draft)
    finally:
        store.close()


def _printed_details(context: Any) -> dict[str, str]:
    """The pharmacy's name, address and phone from Settings (printed on worksheet and label)."""
    from ldn_desktop.core.errors import LdnError
    from ldn_desktop.storage.settings import SETTINGS_DOC, load_settings

    if not (context.data_dir / SETTINGS_DOC).is_file():
        return {}
    try:
        pharmacy = load_settings(context.open_store(read_only=True)).get("pharmacy") or {}
    except LdnError:
        return {}
    return {key: str(value) for key, value in pharmacy.items() if isinstance(value, str)}


def _write_pdfs(
    report: Any,
    record: Any,
    pdf: Path | None,
    label_pdf: Path | None,
    directions: str,
    context: Any,
) -> None:
    from ldn_desktop.reports.printing import custom_page_layout, write_pdf
    from ldn_desktop.reports.render_compounding import (
        LABEL_SIZE_MM,
        default_directions,
        render_label,
        render_worksheet,
    )

    pharmacy = _printed_details(context)
    if pdf is not None:
        write_pdf(render_worksheet(report, record, pharmacy), pdf, title="Compounding worksheet")
    if label_pdf is not None:
        text = directions or default_directions(report)
        html = render_label(report, record, pharmacy, directions=text)
        layout = custom_page_layout(*LABEL_SIZE_MM)
        write_pdf(html, label_pdf, layout=layout, title="Label", fit_page=True)


def report_text(report: Any, lot: str | None = None) -> str:
    """The plain-text answer of ``compound`` / ``liquid`` (without --json), from the report."""
    lines = [f"{report.title}: {report.summary}"]
    if report.plan_problem:
        lines.append(f"  NO WEIGHING PLAN IS POSSIBLE: {report.plan_problem}.")
    rows = [*report.weighings, *([report.total] if report.total else [])]
    width = max((len(row.label) for row in rows), default=0)
    lines += [
        f"  {row.label:<{width}}  {row.shown:>11}   (calculated "
        f"{format_quantity(Q_(row.calculated_mg, 'mg'), 6)})"
        for row in rows
    ]
    lines += [f"  {line.label.lower()}: {line.text}" for line in report.details]
    lines += [f"  {n}. {step}" for n, step in enumerate(report.steps, 1)]
    lines += [
        f"  {d.dose} = {d.volume}{'' if d.measurable else '  (cannot be measured reliably)'}"
        for d in report.doses
    ]
    if report.patient_dose:
        lines.append(f"  {report.patient_dose}")
    lines.append(f"  beyond-use date: {format_day(report.bud)} ({report.bud_rule})")
    lines.append(f"  storage: {report.storage}")
    if lot:
        lines.append(f"  saved as lot {lot}")
    lines += [f"warning: {w}" for w in report.warnings]
    return "\n".join(lines)


def _liquid(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.core.compounding import (
        calculate_liquid,
        liquid_batch_json,
        liquid_record_draft,
        liquid_report,
    )

    _refuse_record_details_without_save(args)
    pdf = _check_output(args.pdf, "--pdf")
    label_pdf = _check_output(args.label_pdf, "--label-pdf")
    with reraise_for_cli():
        batch = calculate_liquid(liquid_input_from_args(args, _pharmacy_balance(args, context)))
        if batch.label_refused and (label_pdf or args.save):
            option = "--label-pdf" if label_pdf else "--save"
            raise InputError(
                f"{option}: no label or record for this dose: {batch.label_refused}", option
            )
        details = record_details_from_args(args, liquid=True) if args.save else None
        draft = liquid_record_draft(batch, details) if details is not None else None
    return _finish(
        args, context, liquid_batch_json(batch), liquid_report(batch), draft, pdf, label_pdf
    )


def today() -> date:
    return date.today()
