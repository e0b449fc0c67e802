"""Titration: protocols, schedules, plan changes, dispensing quantities and calendar exports.

The public surface of ``ldn_desktop.core.titration``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from ldn_desktop.core.titration.changes import (
    CHANGE_KINDS as CHANGE_KINDS,
)
from ldn_desktop.core.titration.changes import (
    Change as Change,
)
from ldn_desktop.core.titration.changes import (
    ChangeKind as ChangeKind,
)
from ldn_desktop.core.titration.changes import (
    change_dose_time as change_dose_time,
)
from ldn_desktop.core.titration.changes import (
    hold as hold,
)
from ldn_desktop.core.titration.changes import (
    step_back as step_back,
)
from ldn_desktop.core.titration.dispensing import (
    SUPPLY_DAYS as SUPPLY_DAYS,
)
from ldn_desktop.core.titration.dispensing import (
    capsule_counts as capsule_counts,
)
from ldn_desktop.core.titration.dispensing import (
    parse_strengths as parse_strengths,
)
from ldn_desktop.core.titration.dispensing import (
    strength_key as strength_key,
)
from ldn_desktop.core.titration.dispensing import (
    supply_window as supply_window,
)
from ldn_desktop.core.titration.doses import (
    check_dose as check_dose,
)
from ldn_desktop.core.titration.export import (
    schedule_csv as schedule_csv,
)
from ldn_desktop.core.titration.export import (
    schedule_ics as schedule_ics,
)
from ldn_desktop.core.titration.export import (
    schedule_json as schedule_json,
)
from ldn_desktop.core.titration.protocols import (
    PROTOCOL_KEYS as PROTOCOL_KEYS,
)
from ldn_desktop.core.titration.protocols import (
    PROTOCOLS as PROTOCOLS,
)
from ldn_desktop.core.titration.protocols import (
    apply_target as apply_target,
)
from ldn_desktop.core.titration.protocols import (
    format_steps as format_steps,
)
from ldn_desktop.core.titration.protocols import (
    parse_steps as parse_steps,
)
from ldn_desktop.core.titration.protocols import (
    protocol_steps as protocol_steps,
)
from ldn_desktop.core.titration.reference import (
    Advice as Advice,
)
from ldn_desktop.core.titration.reference import (
    DoseRange as DoseRange,
)
from ldn_desktop.core.titration.reference import (
    dose_range as dose_range,
)
from ldn_desktop.core.titration.reference import (
    missed_dose_advice as missed_dose_advice,
)
from ldn_desktop.core.titration.schedule import (
    MAX_STEP_DAYS as MAX_STEP_DAYS,
)
from ldn_desktop.core.titration.schedule import (
    MAX_STEPS as MAX_STEPS,
)
from ldn_desktop.core.titration.schedule import (
    DoseTime as DoseTime,
)
from ldn_desktop.core.titration.schedule import (
    DoseTimeChange as DoseTimeChange,
)
from ldn_desktop.core.titration.schedule import (
    Plan as Plan,
)
from ldn_desktop.core.titration.schedule import (
    ScheduledDay as ScheduledDay,
)
from ldn_desktop.core.titration.schedule import (
    Step as Step,
)
from ldn_desktop.core.titration.schedule import (
    build_schedule as build_schedule,
)
from ldn_desktop.core.titration.schedule import (
    describe_steps as describe_steps,
)
from ldn_desktop.core.titration.schedule import (
    dose_mg as dose_mg,
)
from ldn_desktop.core.titration.schedule import (
    dose_on as dose_on,
)
from ldn_desktop.core.titration.schedule import (
    format_day as format_day,
)
from ldn_desktop.core.titration.schedule import (
    make_plan as make_plan,
)
from ldn_desktop.core.titration.schedule import (
    mg as mg,
)
from ldn_desktop.core.titration.schedule import (
    parse_dose as parse_dose,
)
from ldn_desktop.core.titration.schedule import (
    plan_warnings as plan_warnings,
)
from ldn_desktop.core.titration.schedule import (
    window_end as window_end,
)
from ldn_desktop.core.titration.schedule import (
    with_start as with_start,
)
from ldn_desktop.core.titration.start import (
    StartVerdict as StartVerdict,
)
from ldn_desktop.core.titration.start import (
    TitrationStart as TitrationStart,
)
from ldn_desktop.core.titration.start import (
    check_start_plausible as check_start_plausible,
)
from ldn_desktop.core.titration.start import (
    default_start as default_start,
)
from ldn_desktop.core.titration.start import (
    titration_start as titration_start,
)
from ldn_desktop.core.titration.summary import (
    continue_note as continue_note,
)
from ldn_desktop.core.titration.summary import (
    plan_author as plan_author,
)
from ldn_desktop.core.titration.summary import (
    plan_summary as plan_summary,
)
from ldn_desktop.core.titration.summary import (
    protocol_label as protocol_label,
)
from ldn_desktop.core.titration.summary import (
    version_change as version_change,
)
from ldn_desktop.core.titration.supply import (
    CapsuleForm as CapsuleForm,
)
from ldn_desktop.core.titration.supply import (
    Dispensing as Dispensing,
)
from ldn_desktop.core.titration.supply import (
    DoseDays as DoseDays,
)
from ldn_desktop.core.titration.supply import (
    DoseForm as DoseForm,
)
from ldn_desktop.core.titration.supply import (
    DoseSupply as DoseSupply,
)
from ldn_desktop.core.titration.supply import (
    LiquidForm as LiquidForm,
)
from ldn_desktop.core.titration.supply import (
    Proposal as Proposal,
)
from ldn_desktop.core.titration.supply import (
    default_liquid as default_liquid,
)
from ldn_desktop.core.titration.supply import (
    dispense as dispense,
)
from ldn_desktop.core.titration.supply import (
    dose_supply as dose_supply,
)
from ldn_desktop.core.titration.supply import (
    liquid_form as liquid_form,
)
from ldn_desktop.core.titration.supply import (
    propose_strength as propose_strength,
)
from ldn_desktop.core.titration.supply_text import (
    dispensing_lines as dispensing_lines,
)
from ldn_desktop.core.titration.supply_text import (
    form_text as form_text,
)
from ldn_desktop.core.titration.supply_text import (
    problem_lines as problem_lines,
)
from ldn_desktop.core.titration.supply_text import (
    supply_lines as supply_lines,
)
from ldn_desktop.core.titration.supply_text import (
    take_text as take_text,
)
from ldn_desktop.core.titration.supply_text import (
    volume_text as volume_text,
)
from ldn_desktop.core.titration.supply_text import (
    window_text as window_text,
)
