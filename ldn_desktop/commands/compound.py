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
from ldn_desktop.core.errors import InputError


def register(subparsers: Any) -> None:
    compound = subparsers.add_parser(
        "compound",
        help="calculate a naltrexone capsule batch (weighings, aliquot, BUD)",
        description="Calculate an LDN capsule batch. Quantities take units: 4.5mg, 4500mcg, "
        "0.43g/mL; percentages: 99.5%%.",
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
    from ldn_desktop.core.compounding import calculate_capsule_batch, capsule_batch_json

    pdf = _check_output(args.pdf, "--pdf")
    label_pdf = _check_output(args.label_pdf, "--label-pdf")
    with reraise_for_cli():
        batch = calculate_capsule_batch(
            capsule_input_from_args(args, _pharmacy_balance(args, context))
        )
        details = record_details_from_args(args) if args.save else None
    result = capsule_batch_json(batch)
    record = None
    if details is not None:
        record = _save(batch, details, context)
        result["lot"] = record.lot
    if args.json:
        context.print_json(result)
    else:
        print(capsule_summary(result))
    if pdf or label_pdf:
        _write_pdfs(result, record, pdf, label_pdf, args.directions or "")
    return 0


def _save(batch: Any, details: Any, context: Any) -> Any:
    """Validate everything first (nothing is written on bad input), then release the record."""
    from dataclasses import replace

    from ldn_desktop.core.compounding import capsule_record_draft
    from ldn_desktop.storage.patients import PatientRepository
    from ldn_desktop.storage.pharmacy import CompoundingRecords

    with reraise_for_cli():
        draft = capsule_record_draft(batch, details)
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


def _write_pdfs(
    result: dict[str, Any], record: Any, pdf: Path | None, label_pdf: Path | None, directions: str
) -> None:
    from ldn_desktop.core.compounding import DEFAULT_CAPSULE_DIRECTIONS
    from ldn_desktop.reports.printing import custom_page_layout, write_pdf
    from ldn_desktop.reports.render_compounding import (
        LABEL_SIZE_MM,
        render_label,
        render_worksheet,
    )

    if pdf is not None:
        write_pdf(render_worksheet(result, record), pdf, title="Compounding worksheet")
    if label_pdf is not None:
        html = render_label(result, record, directions=directions or DEFAULT_CAPSULE_DIRECTIONS)
        layout = custom_page_layout(*LABEL_SIZE_MM)
        write_pdf(html, label_pdf, layout=layout, title="Label", fit_page=True)


def capsule_summary(result: dict[str, Any]) -> str:
    """The plain-text answer of ``compound`` (without --json)."""
    from ldn_desktop.core.units import Q_, format_quantity, format_weighing
    from ldn_desktop.reports.render_compounding import aliquot_steps

    d = Q_(result["balance_readability_mg"], "mg")
    rows = [
        (result["drug_name"], result["drug_total_mg"]),
        (result["filler_name"], result["filler_total_mg"]),
        ("blend total", result["blend_total_mg"]),
    ]
    width = max(len(name) for name, _ in rows)
    lines = [
        f"{result['title']}: {result['capsules_total']} capsules made "
        f"({result['capsules_prescribed']} prescribed)",
        *(
            f"  {name:<{width}}  {format_weighing(Q_(mg, 'mg'), d):>11}"
            f"   (calculated {format_quantity(Q_(mg, 'mg'), 6)})"
            for name, mg in rows
        ),
        f"  fill per capsule: {format_quantity(Q_(result['fill_per_capsule_mg'], 'mg'), 4)}",
        f"  minimum weighable: {format_quantity(Q_(result['min_weighable_mg'], 'mg'), 3)}",
    ]
    if result["tablets_needed"] is not None:
        lines.append(
            f"  tablets: {result['tablets_needed']} needed, {result['tablets_used']} used "
            f"(margin {format_quantity(Q_(result['tablet_drug_margin_mg'], 'mg'), 2)})"
        )
    lines += [f"  aliquot {n}. {step}" for n, step in enumerate(aliquot_steps(result), 1)]
    lines.append(f"  beyond-use date: {result['bud']} ({result['bud_rule']})")
    lines.append(f"  storage: {result['storage']}")
    if "lot" in result:
        lines.append(f"  saved as lot {result['lot']}")
    lines += [f"warning: {w}" for w in result["warnings"]]
    return "\n".join(lines)


def _liquid(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.core.compounding import calculate_liquid, liquid_batch_json

    with reraise_for_cli():
        batch = calculate_liquid(liquid_input_from_args(args, _pharmacy_balance(args, context)))
    result = liquid_batch_json(batch)
    if args.json:
        context.print_json(result)
        return 0
    print(f"{result['title']}: {result['volume_ml']:g} mL, {result['drug_mg']:g} mg of drug")
    if result["tablets_needed"] is not None:
        print(f"  tablets: {result['tablets_needed']} × {result['tablet_strength_mg']:g} mg")
    if result["powder_mg"] is not None:
        print(f"  API powder to weigh: {result['powder_mg']:.4f} mg")
    for dose, ml in result["dose_table"].items():
        print(f"  {dose} mg = {ml:g} mL")
    print(f"  beyond-use date: {result['bud']} ({result['bud_rule']})")
    print(f"  storage: {result['storage']}")
    for warning in result["warnings"]:
        print(f"warning: {warning}")
    return 0


def today() -> date:
    return date.today()
