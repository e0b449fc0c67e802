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
    CapsuleSupply as CapsuleSupply,
)
from ldn_desktop.core.titration.dispensing import (
    LiquidSupply as LiquidSupply,
)
from ldn_desktop.core.titration.dispensing import (
    capsule_supply as capsule_supply,
)
from ldn_desktop.core.titration.dispensing import (
    liquid_supply as liquid_supply,
)
from ldn_desktop.core.titration.dispensing import (
    parse_strengths as parse_strengths,
)
from ldn_desktop.core.titration.dispensing import (
    supply_window as supply_window,
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
