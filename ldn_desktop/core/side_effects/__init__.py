"""Side-effect log: entries, the symptom list, CSV exchange and per-step summaries.

The public surface of ``ldn_desktop.core.side_effects``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ldn_desktop.core.lazy_surface import lazy_surface

if TYPE_CHECKING:
    from ldn_desktop.core.side_effects.csv_io import (
        merge as merge,
        read_csv as read_csv,
        write_csv as write_csv,
    )
    from ldn_desktop.core.side_effects.entries import (
        SLEEP_QUALITY_WORDS as SLEEP_QUALITY_WORDS,
        LogEntry as LogEntry,
        check_entry_time as check_entry_time,
        check_logged_dose as check_logged_dose,
        check_note as check_note,
        check_severity as check_severity,
        format_hours as format_hours,
        make_entry as make_entry,
        new_entry_id as new_entry_id,
        night_of as night_of,
        parse_dose_taken as parse_dose_taken,
        parse_dose_time as parse_dose_time,
        parse_entry_time as parse_entry_time,
        parse_severity as parse_severity,
        parse_sleep_hours as parse_sleep_hours,
        parse_sleep_quality as parse_sleep_quality,
        severity_for as severity_for,
        with_changes as with_changes,
    )
    from ldn_desktop.core.side_effects.steps import (
        PlannedStep as PlannedStep,
        night_warning as night_warning,
        planned_steps as planned_steps,
    )
    from ldn_desktop.core.side_effects.summary import (
        EARLY_DAYS as EARLY_DAYS,
        ChartData as ChartData,
        PeriodStats as PeriodStats,
        StepSummary as StepSummary,
        chart_data as chart_data,
        format_day as format_day,
        plural as plural,
        summarise as summarise,
    )
    from ldn_desktop.core.side_effects.symptoms import (
        NO_SIDE_EFFECTS as NO_SIDE_EFFECTS,
        Symptom as Symptom,
        custom_label_problem as custom_label_problem,
        resolve_symptom as resolve_symptom,
        shipped_symptoms as shipped_symptoms,
        validate_custom_symptom as validate_custom_symptom,
    )
    from ldn_desktop.core.side_effects.times import (
        checked_time as checked_time,
    )

# each name -> the module of this package that defines it, imported the first time the name is
# asked for: a page that needs one function does not pay for the whole domain at start-up
_EXPORTS = {
    "chart_data": "summary",
    "ChartData": "summary",
    "check_entry_time": "entries",
    "check_logged_dose": "entries",
    "check_severity": "entries",
    "checked_time": "times",
    "EARLY_DAYS": "summary",
    "format_day": "summary",
    "format_hours": "entries",
    "LogEntry": "entries",
    "check_note": "entries",
    "make_entry": "entries",
    "merge": "csv_io",
    "new_entry_id": "entries",
    "night_of": "entries",
    "night_warning": "steps",
    "NO_SIDE_EFFECTS": "symptoms",
    "parse_dose_taken": "entries",
    "parse_dose_time": "entries",
    "parse_entry_time": "entries",
    "parse_severity": "entries",
    "parse_sleep_hours": "entries",
    "parse_sleep_quality": "entries",
    "PeriodStats": "summary",
    "planned_steps": "steps",
    "PlannedStep": "steps",
    "plural": "summary",
    "read_csv": "csv_io",
    "resolve_symptom": "symptoms",
    "severity_for": "entries",
    "shipped_symptoms": "symptoms",
    "SLEEP_QUALITY_WORDS": "entries",
    "StepSummary": "summary",
    "summarise": "summary",
    "Symptom": "symptoms",
    "custom_label_problem": "symptoms",
    "validate_custom_symptom": "symptoms",
    "with_changes": "entries",
    "write_csv": "csv_io",
}

__getattr__, __dir__ = lazy_surface(globals(), _EXPORTS)
