"""``ldn-desktop log add|list|summary|export|import``: the side-effect log without a window.

``log add`` validates everything before it opens the data folder for writing, and returns 0 only
after the entry's month document is durably written. Without ``--dose`` the dose is the one the
patient's active titration plan has for that night (none if there is no plan).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ldn_desktop.commands import day_option
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects import (
    NO_SIDE_EFFECTS,
    LogEntry,
    PeriodStats,
    StepSummary,
    check_note,
    make_entry,
    merge,
    night_warning,
    parse_dose_taken,
    parse_entry_time,
    parse_sleep_hours,
    parse_sleep_quality,
    plural,
    read_csv,
    resolve_symptom,
    severity_for,
    summarise,
    with_changes,
    write_csv,
)
from ldn_desktop.core.units import format_dose, format_number
from ldn_desktop.storage.atomic import write_export


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("log", help="the nightly side-effect log")
    actions = parser.add_subparsers(
        dest="action", metavar="ACTION", required=True, parser_class=type(parser)
    )
    add = actions.add_parser("add", help="log a symptom (or --symptom none) for a night")
    add.add_argument("--patient", required=True, metavar="ID")
    add.add_argument(
        "--symptom", required=True, help="e.g. 'vivid dreams', 'other: dry mouth', none"
    )
    add.add_argument("--severity", help="1 (mild) to 10 (worst); not needed with --symptom none")
    add.add_argument("--at", metavar="DATETIME", help="e.g. 2026-01-05T22:30 (default: now)")
    add.add_argument("--sleep-hours", metavar="HOURS", help="0 to 24, e.g. 6.5 or 6:30")
    add.add_argument("--sleep-quality", metavar="1-5", help="1 very poor ... 5 very good")
    add.add_argument("--dose", help="e.g. 1.5mg, or missed (default: the titration plan's dose)")
    add.add_argument("--note", default="", metavar="TEXT", help="free text (one line or more)")
    add.add_argument("--json", action="store_true")
    add.set_defaults(handler=_add)
    listing = actions.add_parser("list", help="list entries, oldest first")
    listing.add_argument("--patient", required=True, metavar="ID")
    listing.add_argument(
        "--from", dest="first", metavar="DATE", help="first night, e.g. 3 Oct 2026 or 2026-10-03"
    )
    listing.add_argument("--to", dest="last", metavar="DATE", help="last night (as --from)")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=_list)
    edit = actions.add_parser(
        "edit", help="change a saved entry (only the options given; its id stays the same)"
    )
    edit.add_argument("--patient", required=True, metavar="ID")
    edit.add_argument("entry", metavar="ENTRY", help="its id, or the first 6+ characters of it")
    edit.add_argument("--symptom", help="as for add (e.g. 'headache', none)")
    edit.add_argument("--severity", help="0 to 10 (0 only with --symptom none)")
    edit.add_argument("--at", metavar="DATETIME", help="e.g. 2026-01-05T22:30 or 5 Jan 2026 22:30")
    edit.add_argument("--sleep-hours", metavar="HOURS", help="0 to 24; '' clears it")
    edit.add_argument("--sleep-quality", metavar="1-5", help="'' clears it")
    edit.add_argument("--dose", help="e.g. 1.5mg, missed; '' clears it")
    edit.add_argument("--note", metavar="TEXT", help='new note ("" removes it)')
    edit.add_argument("--json", action="store_true")
    edit.set_defaults(handler=_edit)
    delete = actions.add_parser("delete", help="remove saved entries (printed as they were)")
    delete.add_argument("--patient", required=True, metavar="ID")
    delete.add_argument(
        "entries", nargs="+", metavar="ENTRY", help="ids, or their first 6+ characters"
    )
    delete.add_argument("--json", action="store_true")
    delete.set_defaults(handler=_delete)
    summary = actions.add_parser("summary", help="figures per dose step, for the prescriber")
    summary.add_argument("--patient", required=True, metavar="ID")
    summary.add_argument("--json", action="store_true")
    summary.set_defaults(handler=_summary)
    export = actions.add_parser("export", help="write the log as CSV or a PDF report")
    export.add_argument("--patient", required=True, metavar="ID")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--csv", metavar="OUT.csv", type=Path, help="every entry, one row each")
    target.add_argument(
        "--pdf", metavar="OUT.pdf", type=Path, help="the report: summary, chart and entries"
    )
    export.set_defaults(handler=_export)
    importer = actions.add_parser("import", help="merge a CSV export (duplicates are skipped)")
    importer.add_argument("--patient", required=True, metavar="ID")
    importer.add_argument("csv_file", metavar="in.csv", type=Path)
    importer.add_argument("--json", action="store_true")
    importer.set_defaults(handler=_import)


def _read_log(context: Any, patient_id: str) -> Any:
    from ldn_desktop.storage.side_effect_log import SideEffectLog

    return SideEffectLog(context.open_store(read_only=True), patient_id)


def _write_log(context: Any, patient_id: str) -> Any:
    from ldn_desktop.storage.side_effect_log import SideEffectLog

    store = context.open_store()
    try:
        return SideEffectLog(store, patient_id)
    except BaseException:
        store.close()
        raise


def entry_json(entry: LogEntry) -> dict[str, Any]:
    from ldn_desktop.storage.side_effect_log import entry_to_json

    return {**entry_to_json(entry), "night": entry.night.isoformat(), "dose_text": entry.dose_text}


def _add(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.storage.side_effect_log import planned_dose

    now = datetime.now().astimezone()
    at = parse_entry_time(args.at, now) if args.at else now
    sleep_hours = parse_sleep_hours(args.sleep_hours)
    sleep_quality = parse_sleep_quality(args.sleep_quality)
    dose, missed = parse_dose_taken(args.dose)
    reader = _read_log(context, args.patient)  # unknown patient: exit 2, nothing written
    symptom, detail = resolve_symptom(args.symptom, reader.symptoms())
    severity = severity_for(symptom, args.severity)
    source = "given" if args.dose else "none"
    if args.dose is None:
        dose = planned_dose(reader.store, args.patient, _night(at))
        source = "plan" if dose is not None else "none"
    entry = make_entry(
        at=at,
        symptom=symptom,
        detail=detail,
        severity=severity,
        sleep_hours=sleep_hours,
        sleep_quality=sleep_quality,
        dose=dose,
        dose_missed=missed,
        note=args.note,
        now=now,
    )
    warning = night_warning(reader.load(first=entry.night, last=entry.night), entry)
    log = _write_log(context, args.patient)
    try:
        log.add(entry)
    finally:
        log.store.close()
    if warning:
        print(f"ldn-desktop: warning: {warning}", file=sys.stderr)
    if args.json:
        context.print_json({**entry_json(entry), "dose_source": source, "warning": warning})
    else:
        print(f"saved {entry.id}: {_line(entry)}")
    return 0


def _night(at: datetime) -> date:
    from ldn_desktop.core.side_effects import night_of

    return night_of(at)


def _line(entry: LogEntry) -> str:
    parts = [f"{entry.at:%Y-%m-%d %H:%M}", entry.symptom_text, f"severity {entry.severity}"]
    if entry.sleep_hours is not None:
        parts.append(f"slept {format_number(entry.sleep_hours, 2)} h")
    if entry.sleep_quality is not None:
        parts.append(f"sleep quality {entry.sleep_quality}/5")
    if entry.dose_text:
        parts.append(f"dose {entry.dose_text}")
    if entry.note:
        parts.append(f"note: {entry.note}")
    return ", ".join(parts)


def _list(args: argparse.Namespace, context: Any) -> int:
    first, last = day_option(args.first, "from"), day_option(args.last, "to")
    if first and last and first > last:
        raise InputError("--from is after --to.", "from")
    entries = _read_log(context, args.patient).load(first=first, last=last)
    if args.json:
        context.print_json([entry_json(e) for e in entries])
    else:
        for entry in entries:
            print(f"{entry.id[:SHORT_ID]}  {_line(entry)}")
    return 0


SHORT_ID = 8  # the id's characters shown by ``log list``
MIN_ID_PREFIX = 6


def _find(entries: list[LogEntry], given: str) -> LogEntry:
    """The entry named by its id or a unique beginning of it (at least 6 characters)."""
    wanted = given.strip().lower()
    if len(wanted) < MIN_ID_PREFIX:
        raise InputError(
            f"Entry: '{given[:40]}' is too short; give at least {MIN_ID_PREFIX} characters of "
            "its id (log list shows them).",
            "entry",
        )
    found = [e for e in entries if e.id.lower().startswith(wanted)]
    if not found:
        raise InputError(f"Entry: no entry '{given[:40]}' in this patient's log.", "entry")
    if len(found) > 1:
        raise InputError(
            f"Entry: '{given[:40]}' begins {len(found)} entries' ids; give more of it.", "entry"
        )
    return found[0]


def _edit(args: argparse.Namespace, context: Any) -> int:
    """One entry changed through ``with_changes`` (the rules of the window's edit), written
    once; nothing is written when any change is refused."""
    now = datetime.now().astimezone()
    given = {
        name: getattr(args, name)
        for name in ("symptom", "severity", "at", "sleep_hours", "sleep_quality", "dose", "note")
        if getattr(args, name) is not None
    }
    if not given:
        raise InputError(
            "give at least one change (--symptom, --severity, --at, --sleep-hours, "
            "--sleep-quality, --dose or --note).",
            "entry",
        )
    reader = _read_log(context, args.patient)
    saved = reader.load()
    old = _find(saved, args.entry)
    changes: dict[str, Any] = {}
    if "at" in given:
        changes["at"] = parse_entry_time(given["at"], now)
    symptom = old.symptom
    if "symptom" in given:
        symptom, changes["detail"] = resolve_symptom(given["symptom"], reader.symptoms())
        changes["symptom"] = symptom
    if "severity" in given or "symptom" in given:
        # as for add: 'none' needs no severity; another symptom keeps the saved one if allowed
        kept = None if symptom == NO_SIDE_EFFECTS else old.severity
        changes["severity"] = severity_for(symptom, given.get("severity", kept))
    if "sleep_hours" in given:
        changes["sleep_hours"] = parse_sleep_hours(given["sleep_hours"])
    if "sleep_quality" in given:
        changes["sleep_quality"] = parse_sleep_quality(given["sleep_quality"])
    if "dose" in given:
        changes["dose"], changes["dose_missed"] = parse_dose_taken(given["dose"])
    if "note" in given:
        changes["note"] = check_note(given["note"])
    new = with_changes(old, now, **changes)
    warning = night_warning(saved, new)
    log = _write_log(context, args.patient)
    try:
        log.replace(old, new)
    finally:
        log.store.close()
    if warning:
        print(f"ldn-desktop: warning: {warning}", file=sys.stderr)
    if args.json:
        context.print_json({**entry_json(new), "warning": warning})
    else:
        print(f"changed {new.id[:SHORT_ID]}: {_line(new)}")
    return 0


def _delete(args: argparse.Namespace, context: Any) -> int:
    """The named entries removed together (each month rewritten once); all are found before
    anything is written."""
    saved = _read_log(context, args.patient).load()
    chosen = list({e.id: e for e in (_find(saved, given) for given in args.entries)}.values())
    log = _write_log(context, args.patient)
    try:
        log.delete(chosen)
    finally:
        log.store.close()
    if args.json:
        context.print_json({"deleted": [entry_json(e) for e in chosen]})
    else:
        for entry in chosen:
            print(f"deleted {entry.id[:SHORT_ID]}: {_line(entry)}")
    return 0


def _period_json(period: PeriodStats) -> dict[str, Any]:
    return {**asdict(period), "symptoms": [asdict(s) for s in period.symptoms]}


def step_json(step: StepSummary) -> dict[str, Any]:
    return {
        "dose": step.dose_text,
        # the dose as a number for scripts: null when not recorded ("dose" then says so)
        "dose_mg": None if step.dose is None else float(step.dose.to("mg").magnitude),
        "first_night": step.first_night.isoformat(),
        "last_night": step.last_night.isoformat(),
        "overall": _period_json(step.overall),
        "first_14_days": _period_json(step.early),
        "after_14_days": _period_json(step.later),
        "day_one": step.day_one.isoformat(),
        "day_one_from": "plan" if step.day_one_from_plan else "first night logged",
        "other_dose_nights": [
            {"night": day.isoformat(), "dose": format_dose(dose)} for day, dose in step.other_doses
        ],
        "line": step.line,
    }


def _summary(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.storage.side_effect_log import plan_steps

    log = _read_log(context, args.patient)
    steps = summarise(log.load(), plan_steps(log.store, args.patient))
    if args.json:
        context.print_json({"patient": args.patient, "steps": [step_json(s) for s in steps]})
    elif not steps:
        print("No entries logged.")
    else:
        for step in steps:
            print(step.line)
    return 0


def _export(args: argparse.Namespace, context: Any) -> int:
    log = _read_log(context, args.patient)
    entries = log.load()
    if args.csv is not None:
        _write_text(args.csv, write_csv(entries), "csv")
        print(f"wrote {plural(len(entries), 'entry', 'entries')} to {args.csv}")
        return 0
    from ldn_desktop.reports.side_effects_pdf import write_side_effects_pdf
    from ldn_desktop.storage.patients import PatientRepository
    from ldn_desktop.storage.side_effect_log import plan_steps

    profile = PatientRepository(log.store).get(args.patient)
    write_side_effects_pdf(
        args.pdf, profile.label, entries, plan=plan_steps(log.store, args.patient)
    )
    print(f"wrote {args.pdf}")
    return 0


def _write_text(path: Path, text: str, field: str) -> None:
    try:
        write_export(path, text)
    except OSError as exc:
        raise InputError(f"cannot write {path}: {exc.strerror or exc}", field) from None


def _import(args: argparse.Namespace, context: Any) -> int:
    try:
        text = args.csv_file.read_bytes().decode("utf-8")
    except OSError as exc:
        raise InputError(f"cannot read {args.csv_file}: {exc.strerror or exc}", "csv") from None
    except UnicodeDecodeError:
        raise InputError(f"{args.csv_file} is not UTF-8 text.", "csv") from None
    reader = _read_log(context, args.patient)
    incoming = read_csv(text, datetime.now().astimezone(), reader.symptoms())
    result = merge(reader.load(), incoming)
    if result.added:
        log = _write_log(context, args.patient)
        try:
            log.add(result.added)
        finally:
            log.store.close()
    if args.json:
        context.print_json(
            {
                "added": [entry_json(e) for e in result.added],
                "duplicates": len(result.duplicates),
                "conflicts": [c.row.id for c in result.conflicts],
                "conflict_details": [
                    {
                        "row_id": c.row.id,
                        "kept_id": c.kept.id,
                        "at": c.kept.at.isoformat(timespec="seconds"),
                        "symptom": c.kept.symptom_text,
                        "differs": list(c.differs),
                    }
                    for c in result.conflicts
                ],
                "message": result.describe(),
            }
        )
    else:
        print(result.describe(), file=sys.stdout)
    return 0
