"""``ldn-desktop washout``: earliest safe naltrexone/LDN start from an opioid history.

::

    ldn-desktop washout --med "NAME[;form=ir|er|patch][;last=DATETIME|DATE][;removed=DATETIME][;current][;misuse]"
                        --start DATETIME|DATE [--tz Area/City] [--uds-positive] [--withdrawal]
                        [--naloxone-failed] [--patient ID --save] [--json] [--pdf FILE]
    ldn-desktop washout --stop-before DATETIME --json

Rules: docs/reference/washout.md §5 (see ``ldn_desktop.core.washout.check``).
"""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.washout import (
    MedicationInput,
    Screening,
    UrineScreen,
    WashoutRequest,
    WashoutResult,
    check_washout,
    headline,
    parse_time_point,
    quoted,
    result_to_json,
    show,
    stop_before,
    stop_before_to_json,
)

FORMS = ("ir", "er", "patch")
MAX_NAME = 200
MED_HELP = (
    'a medication: "NAME[;form=ir|er|patch][;last=DATETIME|DATE][;removed=DATETIME]'
    '[;current][;misuse]" (repeatable). For a patch, last= is the last application (counted '
    "conservatively as removed after its wear time, e.g. 72 h fentanyl, 7 days Butrans): give "
    "removed= when the removal time is known"
)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "washout",
        help="earliest safe naltrexone start from the patient's opioid history",
        description="Checks the opioid-free interval before naltrexone/LDN (minimums from labels "
        "and guidelines; never a guarantee). Dates alone: a last dose counts as 23:59, a planned "
        "start as 00:00.",
    )
    parser.add_argument("--med", action="append", default=[], metavar="SPEC", help=MED_HELP)
    parser.add_argument("--start", metavar="DATETIME|DATE", help="planned naltrexone/LDN start")
    parser.add_argument(
        "--tz", metavar="Area/City", help="time zone: count elapsed time (DST-safe)"
    )
    parser.add_argument("--uds-positive", action="store_true", help="urine opioid screen positive")
    parser.add_argument("--withdrawal", action="store_true", help="withdrawal symptoms now")
    parser.add_argument("--naloxone-failed", action="store_true", help="failed naloxone challenge")
    parser.add_argument(
        "--stop-before",
        metavar="DATETIME",
        help="planned opioid use (surgery, opioid course): print the last LDN dose before it",
    )
    parser.add_argument("--patient", metavar="ID", help="the patient (with --save)")
    parser.add_argument(
        "--save", action="store_true", help="save the assessment with the patient's records"
    )
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--pdf",
        metavar="FILE",
        help="also write the printable washout summary (the Washout page's Export PDF)",
    )
    parser.set_defaults(handler=_run)


def parse_med_spec(spec: str) -> MedicationInput:
    """One ``--med`` value (see MED_HELP); raises InputError naming the problem."""
    name, *options = [part.strip() for part in spec.split(";")]
    if not name:
        raise InputError(f"{quoted(spec)}: the medication name is missing.", "med")
    if len(name) > MAX_NAME:
        raise InputError(
            f"{quoted(name)}: a medication name has at most {MAX_NAME} characters.", "med"
        )
    shown = quoted(name)
    values: dict[str, Any] = {"form": None, "last": None, "removed": None}
    flags = {"current": False, "misuse": False}
    for option in options:
        key, sep, value = (s.strip() for s in option.partition("="))
        if not sep and key in flags:
            flags[key] = True
        elif sep and key == "form":
            if value.lower() not in FORMS:
                raise InputError(
                    f"{shown}: form must be ir, er or patch, not {quoted(value)}.", "med"
                )
            values["form"] = value.lower()
        elif sep and key in ("last", "removed"):
            try:
                values[key] = parse_time_point(value, "med")
            except InputError as exc:
                raise InputError(f"{shown}: {key}={exc}", "med") from None
        elif option:
            raise InputError(
                f"{shown}: unknown part {quoted(option)} (use form=, last=, removed=, current, "
                "misuse).",
                "med",
            )
    return MedicationInput(name, values["form"], values["last"], values["removed"], **flags)


def _request(args: argparse.Namespace) -> WashoutRequest:
    if not args.start:
        raise InputError("give the planned start (--start DATE or DATETIME).", "start")
    meds = tuple(parse_med_spec(spec) for spec in args.med)
    screening = Screening(
        UrineScreen.POSITIVE if args.uds_positive else UrineScreen.NOT_DONE,
        args.withdrawal,
        args.naloxone_failed,
    )
    return WashoutRequest(meds, parse_time_point(args.start, "start"), args.tz, screening)


def _run(args: argparse.Namespace, context: Any) -> int:
    if args.stop_before:
        if args.med or args.start or args.save:
            raise InputError(
                "use --stop-before on its own (without --med, --start, --save).", "stop_before"
            )
        answer = stop_before(parse_time_point(args.stop_before, "stop_before"), args.tz)
        if args.json:
            context.print_json(stop_before_to_json(answer))
        else:
            print(answer.reason)
            for note in answer.notes:
                print(f"  - {note}")
        return 0
    if args.save and not args.patient:
        raise InputError("--save needs --patient ID.", "patient")
    request = _request(args)
    result = check_washout(request)
    if args.pdf:
        _write_pdf(Path(args.pdf), args.patient, request, result, context)
    if args.save:
        _save(args.patient, request, result, context)
    if args.json:
        context.print_json(result_to_json(result))
    else:
        _print_text(result)
    return 0


def _save(patient_id: str, request: WashoutRequest, result: WashoutResult, context: Any) -> None:
    from ldn_desktop.core.washout import request_to_json
    from ldn_desktop.storage.patients import PatientRepository
    from ldn_desktop.storage.washout import save_assessment

    store = context.open_store()
    try:
        PatientRepository(store).get(patient_id)
        save_assessment(
            store,
            patient_id,
            request_to_json(request),
            result_to_json(result),
            datetime.now(UTC),
        )
    finally:
        store.close()


def _write_pdf(
    path: Path, patient_id: str | None, request: WashoutRequest, result: WashoutResult, context: Any
) -> None:
    """The same summary as the Washout page's Export PDF (reports/printing)."""
    from ldn_desktop.core.errors import StorageError
    from ldn_desktop.core.washout import shipped_reference
    from ldn_desktop.reports.printing import write_pdf
    from ldn_desktop.reports.render_washout import SummaryHeader, render_washout_summary
    from ldn_desktop.storage.patients import PatientRepository
    from ldn_desktop.storage.settings import load_settings

    store = context.open_store(read_only=True)
    try:
        settings = load_settings(store)
        name = PatientRepository(store).get(patient_id).name if patient_id else ""
    finally:
        store.close()
    header = SummaryHeader.from_settings(
        settings, name, patient_id or "", datetime.now(), shipped_reference().reviewed_on
    )
    html = render_washout_summary(request, result, header)
    try:
        write_pdf(html, path, title="Washout summary")
    except OSError as exc:
        raise StorageError(f"Could not write {path}: {exc.strerror or exc}.") from None


def _print_text(result: WashoutResult) -> None:
    print(headline(result))
    print(f"{result.status.value}: {result.status.words}")
    print(f"  earliest start:    {show(result.earliest_start)}")
    print(f"  recommended start: {show(result.recommended_start)}")
    for drug in result.drugs:
        print(f"- {drug.input} → {drug.matched or 'not recognised'} [{drug.status.value}]")
        print(f"    {drug.reason}")
        if drug.suggestions:
            print(f"    did you mean: {', '.join(drug.suggestions)}?")
    for hit in result.interactions:
        print(f"! {hit.title} ({hit.severity}): {hit.effect}")
    for note in result.notes:
        print(f"  note: {note}")
