"""``ldn-desktop schedule``: a titration schedule, its dispensing counts, calendar PDF, .ics and CSV.

    ldn-desktop schedule --protocol standard|gentle|weekly|custom [--steps "1.5mg:14,3mg:14,4.5mg"]
                         --start 2026-12-01 [--days 90] [--strengths 1.5,3,4.5] [--target 3mg]
                         [--hold-from DATE --hold-days N] [--json] [--pdf out.pdf] [--ics out.ics]
                         [--csv out.csv]

Extra options: ``--step-back-from DATE [--step-back-days N]``, ``--dose-time morning``,
``--week-start sunday``, ``--pharmacist-copy``, ``--liquid 1mg/mL``, ``--reminders``, and ``--patient ID`` (name on the
calendar, the washout start rule, ``--save`` as a new plan version with ``--by``/``--reason``;
without ``--protocol`` the patient's saved plan is used).

A dose the strengths cannot make (Gentle's 0.5 mg from 1.5/3/4.5 mg capsules) does not stop the
schedule: the dispensing names it and proposes a strength or the 1 mg/mL liquid (stderr warning).
``--json`` keeps ``days``, ``steps``, ``dispense`` and adds ``dispensing`` (per dose, what cannot
be made, the proposal, the wording), ``summary`` and ``missed_dose``; with ``--liquid``, ``liquid``.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from datetime import date
from typing import Any

from ldn_desktop.commands import day_option
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration import (
    PROTOCOL_KEYS,
    PROTOCOLS,
    Change,
    DoseTime,
    Plan,
    apply_target,
    build_schedule,
    change_dose_time,
    format_day,
    hold,
    make_plan,
    parse_steps,
    plan_warnings,
    protocol_steps,
    step_back,
    window_end,
    with_start,
)

__all__ = ["register"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "schedule",
        help="titration schedule, dispensing counts, calendar PDF, .ics and CSV",
        description="Build a titration schedule and print or export it.",
    )
    ladders = "; ".join(f"{key}: {p.description}" for key, p in PROTOCOLS.items())
    parser.add_argument(
        "--protocol",
        choices=PROTOCOL_KEYS,
        help=f"the dose ladder (required): {ladders}; or custom, with --steps",
    )
    parser.add_argument(
        "--steps",
        metavar='"1.5mg:14,3mg:14,4.5mg"',
        help="custom steps (with --protocol custom): DOSE:DAYS, …, the last without days (ongoing)",
    )
    parser.add_argument("--start", metavar="DATE", help="first day, e.g. 3 Oct 2026 or 2026-10-03")
    parser.add_argument("--days", type=int, default=90, help="days shown and dispensed (90)")
    parser.add_argument("--strengths", metavar="1.5,3,4.5", help="capsule strengths in mg")
    parser.add_argument("--target", metavar="DOSE", help="stop the climb at this dose, e.g. 3mg")
    parser.add_argument(
        "--hold-from",
        metavar="DATE",
        help="keep the dose taken on DATE for --hold-days more days; later steps move later",
    )
    parser.add_argument("--hold-days", metavar="N", type=int, help="days held (with --hold-from)")
    parser.add_argument(
        "--step-back-from",
        metavar="DATE",
        help="from DATE, go back to the previous lower dose, then take the step again in full",
    )
    parser.add_argument(
        "--step-back-days",
        metavar="N",
        type=int,
        help="days at the lower dose (default: as long as that step was, else 7)",
    )
    parser.add_argument(
        "--dose-time",
        choices=[t.value for t in DoseTime],
        help="when the dose is taken (default: bedtime)",
    )
    parser.add_argument(
        "--week-start",
        choices=["monday", "sunday"],
        default="monday",
        help="the calendar's first day of the week (default: monday)",
    )
    parser.add_argument("--json", action="store_true", help="print days, steps and dispense")
    parser.add_argument("--pdf", metavar="out.pdf", help="write the printable calendar")
    parser.add_argument("--pharmacist-copy", action="store_true", help="PDF with dispensing")
    parser.add_argument(
        "--liquid", metavar="CONC", help="dispense a liquid at this concentration, e.g. 1mg/mL"
    )
    parser.add_argument("--ics", metavar="out.ics", help="write an iCalendar file")
    parser.add_argument("--reminders", action="store_true", help=".ics: add daily reminders")
    parser.add_argument("--csv", metavar="out.csv", help="write one row per day")
    parser.add_argument("--patient", metavar="ID", help="the patient the schedule is for")
    parser.add_argument("--save", action="store_true", help="save as the patient's plan")
    parser.add_argument(
        "--by",
        metavar="NAME",
        help="who makes the change (default: the prescriber in Settings, else the login name)",
    )
    parser.add_argument("--reason", metavar="TEXT", default="", help="why the plan changes")
    parser.add_argument(
        "--override-reason",
        metavar="TEXT",
        default="",
        help="with --save: why the plan may start although the saved washout check blocks it "
        "(NOT_CLEAR, UNKNOWN_VERIFY, REFER_SPECIALIST, positive screen, withdrawal, opioid still "
        "taken), no washout check is saved, the start is in the past, or it is before the "
        "washout's earliest start; without it such a plan is refused (exit 2). Kept with the plan "
        "and shown in its history",
    )
    parser.set_defaults(handler=_run)


def _base_plan(args: argparse.Namespace, start: date) -> Plan:
    from ldn_desktop.core.titration import parse_dose

    target = parse_dose(args.target, "target") if args.target else None
    if args.protocol == "custom":
        if not args.steps:
            raise InputError(
                "steps: --protocol custom needs --steps, e.g. 1.5mg:14,3mg:14,4.5mg.", "steps"
            )
        steps = parse_steps(args.steps)
        if target is not None:
            steps = apply_target(steps, target)
    else:
        if args.steps:
            raise InputError("steps: --steps goes with --protocol custom.", "steps")
        steps = protocol_steps(args.protocol, target)
    dose_time = DoseTime(args.dose_time) if args.dose_time else DoseTime.BEDTIME
    return make_plan(
        start,
        steps,
        dose_time=dose_time,
        protocol=args.protocol,
        start_override_reason=args.override_reason,
    )


def _changes(args: argparse.Namespace, plan: Plan) -> tuple[Plan, list[Change]]:
    changes: list[Change] = []
    hold_from = day_option(args.hold_from, "hold_from")
    if (hold_from is None) != (args.hold_days is None):
        raise InputError("hold_from: --hold-from and --hold-days go together.", "hold_from")
    if hold_from is not None:
        plan, change = hold(plan, hold_from, args.hold_days)
        changes.append(change)
    back_from = day_option(args.step_back_from, "step_back_from")
    if back_from is not None:
        plan, change = step_back(plan, back_from, args.step_back_days)
        changes.append(change)
    elif args.step_back_days is not None:
        raise InputError("step_back_days: goes with --step-back-from.", "step_back_days")
    return plan, changes


def _run(args: argparse.Namespace, context: Any) -> int:
    from ldn_desktop.core.titration import check_start_after_washout, parse_strengths
    from ldn_desktop.storage.settings import load_settings

    if args.save and args.patient is None:
        raise InputError("save: --save needs --patient ID.", "save")
    store = context.open_store(read_only=not args.save)
    try:
        settings = load_settings(store)
        name, earliest, saved, assessment = _patient_facts(store, args.patient)
        strengths = parse_strengths(
            args.strengths or list(settings["defaults"]["capsule_strengths_mg"])
        )
        start = _start_decision(args, saved, assessment)
        plan, changes = _plan_for(args, saved, start.default_start)
        if not args.save:  # nothing goes on paper that starts too early (the page's rule too)
            check_start_after_washout(plan, earliest)
        # every output is computed before anything is saved: a save never reports a failure
        try:
            days = build_schedule(plan, window_end(plan.start, args.days))
        except OverflowError:  # a plan saved before starts were checked (e.g. 9999-12-31)
            raise InputError(
                f"start: the plan starts {format_day(plan.start)}, too far ahead to show; "
                "save a new plan with a real start.",
                "start",
            ) from None
        if args.save:
            _check_start_for_save(args, plan, saved, assessment)
            _save(store, args, plan, changes, saved)
        elif args.patient is not None:
            _warn_start(plan, saved, assessment)
        author = _author(store, args, plan, settings)
    finally:
        store.close()
    for warning in plan_warnings(plan):
        sys.stderr.write(f"ldn-desktop: warning: {warning}\n")
    from ldn_desktop.reports.render_titration import CalendarHeader

    header = CalendarHeader.from_settings(settings, name, args.patient or "")
    header = replace(header, plan_author=author)
    from ldn_desktop.commands.schedule_outputs import write_outputs

    write_outputs(args, plan, days, strengths, header, context)
    return 0


def _start_decision(args: argparse.Namespace, saved: Plan | None, assessment: Any) -> Any:
    """The start decision for the typed start (or the default one); refuses implausible dates."""
    from ldn_desktop.core.titration import check_start_plausible, titration_start

    start = day_option(args.start, "start")
    if start is not None:
        check_start_plausible(start, date.today())
    return titration_start(assessment, today=date.today(), start=start)


def _check_start_for_save(
    args: argparse.Namespace, plan: Plan, saved: Plan | None, assessment: Any
) -> None:
    """A new plan or a new start must pass the start decision (or carry --override-reason).

    Changes to a saved plan that keep its start (hold, step back, dose time) are not asked again.
    """
    from ldn_desktop.core.titration import save_start_decision

    # the decision save_version applies too, the reason being the plan's (--override-reason)
    decision = save_start_decision(
        plan, saved.start if saved else None, assessment, today=date.today()
    )
    if decision is None:
        return
    if not decision.can_save:
        raise InputError(
            f"start: {decision.refusal().replace('Record a reason', 'Give --override-reason')}",
            "start",
        )
    for warning in decision.warnings:
        sys.stderr.write(f"ldn-desktop: warning: {warning}\n")
    if decision.override_reason and decision.problems:
        sys.stderr.write(
            f"ldn-desktop: warning: saved despite: {'; '.join(decision.problems)} "
            f"(reason: {decision.override_reason})\n"
        )


def _warn_start(plan: Plan, saved: Plan | None, assessment: Any) -> None:
    """Without --save: say what saving this new plan or start would need (nothing is refused)."""
    from ldn_desktop.core.titration import titration_start

    if saved is not None and saved.start == plan.start:
        return
    decision = titration_start(assessment, today=date.today(), start=plan.start)
    if decision.problems:
        sys.stderr.write(
            f"ldn-desktop: warning: saving this plan would need --override-reason: "
            f"{'; '.join(decision.problems)}\n"
        )
    for warning in decision.warnings:
        sys.stderr.write(f"ldn-desktop: warning: {warning}\n")


def _plan_for(
    args: argparse.Namespace, saved: Plan | None, default_start: date
) -> tuple[Plan, list[Change]]:
    start = day_option(args.start, "start")
    if args.protocol is None:
        if saved is None:
            raise InputError(
                "protocol: choose --protocol (standard, gentle, weekly or custom).", "protocol"
            )
        plan = saved
        if start is not None:
            plan = with_start(plan, start, args.override_reason)  # a new start, its own reason
        if args.dose_time:
            plan, _ = change_dose_time(plan, plan.start, DoseTime(args.dose_time))
    else:
        plan = _base_plan(args, start or default_start)
    return _changes(args, plan)


def _patient_facts(store: Any, patient_id: str | None) -> tuple[str, date | None, Plan | None, Any]:
    """Name, washout earliest start day, saved plan and saved washout assessment."""
    if patient_id is None:
        return "", None, None, None
    from ldn_desktop.storage.patients import PatientRepository
    from ldn_desktop.storage.titration import active_plan, washout_earliest_start
    from ldn_desktop.storage.washout import latest_assessment

    profile = PatientRepository(store).get(patient_id)
    version = active_plan(store, patient_id)
    plan = version.plan if version else None
    assessment = latest_assessment(store, patient_id)
    return profile.name, washout_earliest_start(store, patient_id), plan, assessment


def _save(
    store: Any, args: argparse.Namespace, plan: Plan, changes: list[Change], saved: Plan | None
) -> None:
    from ldn_desktop.core.settings_values import default_prescriber
    from ldn_desktop.core.titration import plan_author, version_change
    from ldn_desktop.storage.settings import load_settings
    from ldn_desktop.storage.titration import save_version

    if saved is not None and saved == plan:
        sys.stderr.write(f"ldn-desktop: plan unchanged for {args.patient}: nothing saved\n")
        return
    # the summary and the author come from core, as on the Titration page and its printout
    of_saved = args.protocol is None and args.start is None  # a change of the saved plan as is
    change = version_change(plan, changes, saved, of_previous=of_saved)
    prescriber = default_prescriber(load_settings(store)).name
    by = plan_author(args.by, prescriber, getpass.getuser())
    version = save_version(store, args.patient, plan, change, by=by, reason=args.reason)
    sys.stderr.write(f"ldn-desktop: saved plan version {version.number} for {args.patient}\n")


def _author(store: Any, args: argparse.Namespace, plan: Plan, settings: Any) -> str:
    """Who made the plan printed: the saved version's author when it is the saved plan, else
    --by or the prescriber in Settings (core ``plan_author``, as on the page); "" if none."""
    from ldn_desktop.core.settings_values import default_prescriber
    from ldn_desktop.core.titration import plan_author
    from ldn_desktop.storage.titration import active_plan

    version = active_plan(store, args.patient) if args.patient else None
    if version is not None and version.plan == plan:
        return str(version.by)
    prescriber = default_prescriber(settings).name
    return plan_author(args.by, prescriber, required=False)  # a login is not a prescriber
