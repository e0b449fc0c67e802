"""Titration: protocols, schedules, plan changes, dispensing quantities and calendar exports.

The public surface of ``ldn_desktop.core.titration``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ldn_desktop.core.lazy_surface import lazy_surface

if TYPE_CHECKING:
    from ldn_desktop.core.titration.changes import (
        CHANGE_KINDS as CHANGE_KINDS,
        Change as Change,
        ChangeKind as ChangeKind,
        change_dose_time as change_dose_time,
        hold as hold,
        step_back as step_back,
    )
    from ldn_desktop.core.titration.dispensing import (
        SUPPLY_DAYS as SUPPLY_DAYS,
        capsule_counts as capsule_counts,
        parse_strengths as parse_strengths,
        strength_key as strength_key,
        supply_window as supply_window,
    )
    from ldn_desktop.core.titration.doses import (
        check_dose as check_dose,
    )
    from ldn_desktop.core.titration.export import (
        schedule_csv as schedule_csv,
        schedule_ics as schedule_ics,
        schedule_json as schedule_json,
    )
    from ldn_desktop.core.titration.protocols import (
        PROTOCOL_KEYS as PROTOCOL_KEYS,
        PROTOCOLS as PROTOCOLS,
        apply_target as apply_target,
        format_steps as format_steps,
        parse_steps as parse_steps,
        protocol_steps as protocol_steps,
    )
    from ldn_desktop.core.titration.reference import (
        Advice as Advice,
        DoseRange as DoseRange,
        dose_range as dose_range,
        missed_dose_advice as missed_dose_advice,
    )
    from ldn_desktop.core.titration.schedule import (
        MAX_STEP_DAYS as MAX_STEP_DAYS,
        MAX_STEPS as MAX_STEPS,
        DoseTime as DoseTime,
        DoseTimeChange as DoseTimeChange,
        Plan as Plan,
        ScheduledDay as ScheduledDay,
        Step as Step,
        build_schedule as build_schedule,
        describe_steps as describe_steps,
        dose_mg as dose_mg,
        dose_on as dose_on,
        format_day as format_day,
        make_plan as make_plan,
        mg as mg,
        parse_dose as parse_dose,
        plan_warnings as plan_warnings,
        window_end as window_end,
        with_start as with_start,
    )
    from ldn_desktop.core.titration.start import (
        StartVerdict as StartVerdict,
        TitrationStart as TitrationStart,
        check_start_after_washout as check_start_after_washout,
        check_start_plausible as check_start_plausible,
        default_start as default_start,
        save_start_decision as save_start_decision,
        start_decision_needed as start_decision_needed,
        titration_start as titration_start,
    )
    from ldn_desktop.core.titration.summary import (
        continue_note as continue_note,
        plan_author as plan_author,
        plan_summary as plan_summary,
        protocol_label as protocol_label,
        version_change as version_change,
    )
    from ldn_desktop.core.titration.supply import (
        CapsuleForm as CapsuleForm,
        Dispensing as Dispensing,
        DoseDays as DoseDays,
        DoseForm as DoseForm,
        DoseSupply as DoseSupply,
        FillLimit as FillLimit,
        LiquidForm as LiquidForm,
        Proposal as Proposal,
        default_liquid as default_liquid,
        dispense as dispense,
        dose_supply as dose_supply,
        fill_limits as fill_limits,
        liquid_form as liquid_form,
        propose_strength as propose_strength,
    )
    from ldn_desktop.core.titration.supply_text import (
        dispensing_lines as dispensing_lines,
        fill_lines as fill_lines,
        form_text as form_text,
        not_made_text as not_made_text,
        problem_lines as problem_lines,
        supply_lines as supply_lines,
        take_text as take_text,
        total_text as total_text,
        volume_text as volume_text,
        window_text as window_text,
    )

# each name -> the module of this package that defines it, imported the first time the name is
# asked for: a page that needs one function does not pay for the whole domain at start-up
_EXPORTS = {
    "Advice": "reference",
    "apply_target": "protocols",
    "build_schedule": "schedule",
    "capsule_counts": "dispensing",
    "CapsuleForm": "supply",
    "Change": "changes",
    "change_dose_time": "changes",
    "CHANGE_KINDS": "changes",
    "ChangeKind": "changes",
    "check_dose": "doses",
    "check_start_after_washout": "start",
    "check_start_plausible": "start",
    "continue_note": "summary",
    "default_liquid": "supply",
    "default_start": "start",
    "describe_steps": "schedule",
    "dispense": "supply",
    "Dispensing": "supply",
    "dispensing_lines": "supply_text",
    "dose_mg": "schedule",
    "dose_on": "schedule",
    "dose_range": "reference",
    "dose_supply": "supply",
    "DoseDays": "supply",
    "DoseForm": "supply",
    "DoseRange": "reference",
    "DoseSupply": "supply",
    "DoseTime": "schedule",
    "DoseTimeChange": "schedule",
    "FillLimit": "supply",
    "fill_limits": "supply",
    "fill_lines": "supply_text",
    "form_text": "supply_text",
    "format_day": "schedule",
    "format_steps": "protocols",
    "hold": "changes",
    "liquid_form": "supply",
    "LiquidForm": "supply",
    "make_plan": "schedule",
    "MAX_STEP_DAYS": "schedule",
    "MAX_STEPS": "schedule",
    "mg": "schedule",
    "not_made_text": "supply_text",
    "missed_dose_advice": "reference",
    "parse_dose": "schedule",
    "parse_steps": "protocols",
    "parse_strengths": "dispensing",
    "Plan": "schedule",
    "plan_author": "summary",
    "plan_summary": "summary",
    "plan_warnings": "schedule",
    "problem_lines": "supply_text",
    "Proposal": "supply",
    "propose_strength": "supply",
    "PROTOCOL_KEYS": "protocols",
    "protocol_label": "summary",
    "protocol_steps": "protocols",
    "PROTOCOLS": "protocols",
    "schedule_csv": "export",
    "schedule_ics": "export",
    "schedule_json": "export",
    "ScheduledDay": "schedule",
    "StartVerdict": "start",
    "Step": "schedule",
    "step_back": "changes",
    "strength_key": "dispensing",
    "SUPPLY_DAYS": "dispensing",
    "supply_lines": "supply_text",
    "supply_window": "dispensing",
    "take_text": "supply_text",
    "total_text": "supply_text",
    "save_start_decision": "start",
    "start_decision_needed": "start",
    "titration_start": "start",
    "TitrationStart": "start",
    "version_change": "summary",
    "volume_text": "supply_text",
    "window_end": "schedule",
    "window_text": "supply_text",
    "with_start": "schedule",
}

__getattr__, __dir__ = lazy_surface(globals(), _EXPORTS)
