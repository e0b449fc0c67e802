"""The side-effect report for the prescriber, as HTML (pure; printed by reports.printing).

Layout: each section's heading (and each dose step's heading and line) is the first header row of
its table, so a heading never ends a page alone; column shares are fixed, so no header or time
breaks inside a word.

Sections: patient and date range; dose steps; the chart (a PNG made by the printing side); the
summary per dose step (the plain-language line, first 14 days against the rest, each symptom);
then every entry of the range. Doses in ISMP notation through ``format_dose``.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from datetime import date, datetime
from html import escape

from ldn_desktop.core.dates import format_moment
from ldn_desktop.core.side_effects import (
    EARLY_DAYS,
    SLEEP_QUALITY_WORDS,
    LogEntry,
    PeriodStats,
    StepSummary,
    format_day,
    format_hours,
    plural,
)
from ldn_desktop.core.units import format_number
from ldn_desktop.core.words import grouped

WRAPPING = {2, 5, 8}  # symptom, sleep quality and note may wrap between words; the others never
PERIOD_WIDTHS = (27, 11, 14, 12, 9, 14, 13)
STYLE = """
<style>
 body { font-family: 'DejaVu Sans'; }
 h1 { font-size: 16pt; margin-bottom: 2px; }
 h2 { font-size: 12pt; margin-top: 14px; margin-bottom: 4px; }
 h3 { font-size: 10pt; margin-top: 10px; margin-bottom: 2px; }
 table { border-collapse: collapse; }
 th { background-color: #e8e8e8; text-align: left; }
 .muted { color: #555555; font-size: 8pt; }
 .line { margin-top: 2px; margin-bottom: 4px; }
 table.small { font-size: 8pt; }
 th.section { background-color: #ffffff; border: none; font-weight: normal; padding: 0px; }
 .heading2 { font-size: 12pt; font-weight: bold; }
 .heading3 { font-size: 10pt; font-weight: bold; }
</style>
"""


def _table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: set[int],
    widths: Sequence[int] | None = None,
    css_class: str = "",
    caption: str = "",
) -> str:
    """A table; ``caption`` (HTML) is its first header row, kept with the rows on every page."""

    def cell(tag: str, i: int, text: str, with_width: bool) -> str:
        width = f' width="{widths[i]}%"' if with_width and widths else ""
        align = ' align="right"' if i in numeric else ""
        shown = escape(text)
        if css_class == "small" and i not in WRAPPING:
            shown = shown.replace(" ", "&nbsp;")
        return f"<{tag}{width}{align}>{shown}</{tag}>"

    head = "".join(cell("th", i, h, True) for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(cell("td", i, c, False) for i, c in enumerate(row)) + "</tr>"
        for row in rows
    )
    top = f'<tr><th class="section" colspan="{len(headers)}">{caption}</th></tr>' if caption else ""
    return (
        f'<table class="{css_class}" border="1" cellspacing="0" cellpadding="3" width="100%">'
        f"<thead>{top}<tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )


def _heading(text: str, level: int = 2) -> str:
    """A section heading inside a caption row (``_table``)."""
    return f'<p><span class="heading{level}">{escape(text)}</span></p>'


def _section_heading(text: str) -> str:
    """A section heading of its own (a section without a table)."""
    return f"<h2>{escape(text)}</h2>"


def _mean(value: float | None, decimal_mark: str = ".") -> str:
    return "–" if value is None else format_number(value, 1, decimal_mark)


def _whole(value: int | None) -> str:
    return "–" if value is None else str(value)


def dose_steps_html(steps: Sequence[StepSummary], title: str = "") -> str:
    rows = [
        [
            s.dose_text,
            format_day(s.first_night),
            format_day(s.last_night),
            grouped(s.overall.nights_logged),
            grouped(s.overall.missed_doses),
        ]
        for s in steps
    ]
    headers = ["Dose", "From night", "To night", "Nights logged", "Doses missed"]
    caption = _heading(title) if title else ""
    return _table(headers, rows, {3, 4}, (16, 24, 24, 18, 18), caption=caption)


def _period_row(label: str, period: PeriodStats, decimal_mark: str) -> list[str]:
    # counts grouped as the step's line groups them ("1,200 nights"; "1 200" by a decimal comma)
    return [
        label,
        grouped(period.nights_logged, decimal_mark),
        grouped(period.nights_with_symptoms, decimal_mark),
        _mean(period.mean_severity, decimal_mark),
        _whole(period.worst_severity),
        _mean(period.mean_sleep_hours, decimal_mark),
        grouped(period.missed_doses, decimal_mark),
    ]


def summary_html(steps: Sequence[StepSummary], title: str = "", decimal_mark: str = ".") -> str:
    """Per dose step: the plain-language line, periods compared, and each symptom; ``title``
    heads the first step's table. ``decimal_mark``: the Side effects page's summary follows the
    locale (its ``steps`` summarised with the same mark); the printed report keeps the point."""
    if not steps:
        return (_section_heading(title) if title else "") + "<p>No entries in this range.</p>"
    parts = []
    for number, step in enumerate(steps):
        caption = (
            (_heading(title) if title and number == 0 else "")
            + _heading(
                f"{step.dose_label(decimal_mark)}: "
                f"{format_day(step.first_night)} – {format_day(step.last_night)}",
                3,
            )
            + f'<p class="line">{escape(step.line)}</p>'
        )
        first_days = f"First {EARLY_DAYS} days (from {format_day(step.day_one)})"
        rows = [
            _period_row("Whole step", step.overall, decimal_mark),
            _period_row(first_days, step.early, decimal_mark),
        ]
        if step.later.nights_logged:
            rows.append(_period_row(f"After day {EARLY_DAYS}", step.later, decimal_mark))
        headers = ["Period", "Nights", "With side effects", "Mean severity", "Worst"]
        parts.append(
            _table(
                [*headers, "Mean sleep (h)", "Missed"],
                rows,
                {1, 2, 3, 4, 5, 6},
                PERIOD_WIDTHS,  # fixed shares: no header breaks inside a word
                caption=caption,
            )
        )
        if step.overall.symptoms:
            symptom_rows = [
                [
                    s.symptom,
                    grouped(s.nights, decimal_mark),
                    _mean(s.mean_severity, decimal_mark),
                    str(s.worst_severity),
                ]
                for s in step.overall.symptoms
            ]
            parts.append("<p></p>")
            parts.append(
                _table(["Symptom", "Nights", "Mean severity", "Worst"], symptom_rows, {1, 2, 3})
            )
    return "".join(parts)


def entries_html(entries: Sequence[LogEntry]) -> str:
    """Every entry, one line each (the night, then what was logged). The time is the clock time
    only (it never breaks across lines): a time before 12:00 is the morning after the night."""
    rows = [
        [
            format_day(e.night),
            f"{e.at:%H:%M}",
            e.symptom_text,
            str(e.severity),
            format_hours(e.sleep_hours),
            "" if e.sleep_quality is None else SLEEP_QUALITY_WORDS[e.sleep_quality],
            e.dose_text,
            "" if e.dose_time is None else e.dose_time.strftime("%H:%M"),
            e.note,
        ]
        for e in entries
    ]
    headers = ["Night", "Time", "Symptom", "Sev.", "Hours", "Sleep", "Dose", "Taken", "Note"]
    widths = [15, 7, 19, 6, 8, 12, 9, 8, 16]
    return _table(headers, rows, {3, 4}, widths, "small", _heading("Entries"))


def render_side_effects_report(
    *,
    patient_label: str,
    entries: Sequence[LogEntry],
    steps: Sequence[StepSummary],
    first: date | None,
    last: date | None,
    generated_at: datetime,
    chart_png: bytes | None = None,
) -> str:
    """The whole report; ``entries`` and ``steps`` already limited to the range."""
    span = (
        f"Nights {format_day(first)} – {format_day(last)}" if first and last else "No nights logged"
    )
    parts = [
        "<html><head>",
        STYLE,
        "</head><body>",
        "<h1>Side-effect log</h1>",
        f"<p><b>{escape(patient_label)}</b><br/>{span} · {plural(len(entries), 'entry', 'entries')}<br/>"
        f'<span class="muted">Printed {format_moment(generated_at)} by LDN Desktop. '
        "Severity 1 (mild) to 10 (worst), 0 for no side effects; a night is the evening dose and "
        "the sleep after it (entries before noon count for the night before: a time before 12:00 "
        "is the next morning). Hours: hours slept.</span></p>",
        dose_steps_html(steps, "Dose steps")
        if steps
        else _section_heading("Dose steps") + "<p>No entries in this range.</p>",
    ]
    if chart_png:
        encoded = base64.b64encode(chart_png).decode("ascii")
        parts.append(
            '<table border="0" cellspacing="0" cellpadding="0" width="100%"><thead><tr>'
            f'<th class="section">{_heading("Chart")}</th></tr></thead><tbody><tr><td>'
            f'<img src="data:image/png;base64,{encoded}" width="580"/></td></tr></tbody></table>'
        )
    parts += [summary_html(steps, "Summary per dose step")]
    parts += [
        '<div style="page-break-before: always"></div>',
        entries_html(entries)
        if entries
        else _section_heading("Entries") + "<p>No entries in this range.</p>",
        "</body></html>",
    ]
    return "".join(parts)
