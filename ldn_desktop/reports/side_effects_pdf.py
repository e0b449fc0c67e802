"""Print side of the side-effect report: chart PNG + HTML -> PDF or print preview (Qt)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ldn_desktop.core.side_effects import LogEntry, PlannedStep, chart_data, summarise
from ldn_desktop.reports.render_side_effects import render_side_effects_report

TITLE = "Side-effect log"


def report_html(
    patient_label: str,
    entries: Sequence[LogEntry],
    first: date | None = None,
    last: date | None = None,
    *,
    now: datetime | None = None,
    plan: Sequence[PlannedStep] = (),
) -> str:
    """The report over the nights first..last (default: every night logged); ``plan``: the
    titration plan's dose runs, so steps and "first 14 days" read as on the page and CLI."""
    from ldn_desktop.reports.side_effects_chart import render_chart_png

    if entries:
        first = first or min(e.night for e in entries)
        last = last or max(e.night for e in entries)
    chosen = [e for e in entries if first and last and first <= e.night <= last]
    chart = (
        render_chart_png(chart_data(chosen, first, last, plan))
        if chosen and first and last
        else None
    )
    return render_side_effects_report(
        patient_label=patient_label,
        entries=chosen,
        steps=summarise(chosen, plan),
        first=first if chosen else None,
        last=last if chosen else None,
        generated_at=now or datetime.now().astimezone(),
        chart_png=chart,
    )


def write_side_effects_pdf(
    path: Path,
    patient_label: str,
    entries: Sequence[LogEntry],
    first: date | None = None,
    last: date | None = None,
    *,
    plan: Sequence[PlannedStep] = (),
) -> Path:
    from ldn_desktop.reports.printing import write_pdf

    html = report_html(patient_label, entries, first, last, plan=plan)
    return write_pdf(html, path, title=f"{TITLE}: {patient_label}", point_size=9)


def preview_side_effects(
    parent: Any,
    patient_label: str,
    entries: Sequence[LogEntry],
    first: date | None = None,
    last: date | None = None,
    *,
    plan: Sequence[PlannedStep] = (),
) -> int:
    from ldn_desktop.reports.printing import preview

    html = report_html(patient_label, entries, first, last, plan=plan)
    return preview(parent, html, title=f"{TITLE}: {patient_label}", point_size=9)
