"""Side-effect log: entries, the symptom list, CSV exchange and per-step summaries.

The public surface of ``ldn_desktop.core.side_effects``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from ldn_desktop.core.side_effects.csv_io import (
    merge as merge,
)
from ldn_desktop.core.side_effects.csv_io import (
    read_csv as read_csv,
)
from ldn_desktop.core.side_effects.csv_io import (
    write_csv as write_csv,
)
from ldn_desktop.core.side_effects.entries import (
    SLEEP_QUALITY_WORDS as SLEEP_QUALITY_WORDS,
)
from ldn_desktop.core.side_effects.entries import (
    LogEntry as LogEntry,
)
from ldn_desktop.core.side_effects.entries import (
    check_entry_time as check_entry_time,
)
from ldn_desktop.core.side_effects.entries import (
    check_logged_dose as check_logged_dose,
)
from ldn_desktop.core.side_effects.entries import (
    check_severity as check_severity,
)
from ldn_desktop.core.side_effects.entries import (
    format_hours as format_hours,
)
from ldn_desktop.core.side_effects.entries import (
    make_entry as make_entry,
)
from ldn_desktop.core.side_effects.entries import (
    new_entry_id as new_entry_id,
)
from ldn_desktop.core.side_effects.entries import (
    night_of as night_of,
)
from ldn_desktop.core.side_effects.entries import (
    parse_dose_taken as parse_dose_taken,
)
from ldn_desktop.core.side_effects.entries import (
    parse_dose_time as parse_dose_time,
)
from ldn_desktop.core.side_effects.entries import (
    parse_entry_time as parse_entry_time,
)
from ldn_desktop.core.side_effects.entries import (
    parse_severity as parse_severity,
)
from ldn_desktop.core.side_effects.entries import (
    parse_sleep_hours as parse_sleep_hours,
)
from ldn_desktop.core.side_effects.entries import (
    parse_sleep_quality as parse_sleep_quality,
)
from ldn_desktop.core.side_effects.entries import (
    severity_for as severity_for,
)
from ldn_desktop.core.side_effects.entries import (
    with_changes as with_changes,
)
from ldn_desktop.core.side_effects.steps import (
    PlannedStep as PlannedStep,
)
from ldn_desktop.core.side_effects.steps import (
    night_warning as night_warning,
)
from ldn_desktop.core.side_effects.steps import (
    planned_steps as planned_steps,
)
from ldn_desktop.core.side_effects.summary import (
    EARLY_DAYS as EARLY_DAYS,
)
from ldn_desktop.core.side_effects.summary import (
    ChartData as ChartData,
)
from ldn_desktop.core.side_effects.summary import (
    PeriodStats as PeriodStats,
)
from ldn_desktop.core.side_effects.summary import (
    StepSummary as StepSummary,
)
from ldn_desktop.core.side_effects.summary import (
    chart_data as chart_data,
)
from ldn_desktop.core.side_effects.summary import (
    format_day as format_day,
)
from ldn_desktop.core.side_effects.summary import (
    plural as plural,
)
from ldn_desktop.core.side_effects.summary import (
    summarise as summarise,
)
from ldn_desktop.core.side_effects.symptoms import (
    NO_SIDE_EFFECTS as NO_SIDE_EFFECTS,
)
from ldn_desktop.core.side_effects.symptoms import (
    Symptom as Symptom,
)
from ldn_desktop.core.side_effects.symptoms import (
    resolve_symptom as resolve_symptom,
)
from ldn_desktop.core.side_effects.symptoms import (
    shipped_symptoms as shipped_symptoms,
)
from ldn_desktop.core.side_effects.symptoms import (
    validate_custom_symptom as validate_custom_symptom,
)
from ldn_desktop.core.side_effects.times import (
    checked_time as checked_time,
)
