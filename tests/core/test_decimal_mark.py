"""Numbers the window shows follow the locale's decimal mark; the CLI, JSON, CSV, stored data and
printouts keep the point (the default ``decimal_mark="."`` everywhere)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from ldn_desktop.core.side_effects import LogEntry, format_hours, parse_dose_taken, summarise
from ldn_desktop.core.side_effects.steps import planned_steps
from ldn_desktop.core.titration import make_plan, protocol_steps
from ldn_desktop.core.units import Q_, format_dose
from ldn_desktop.core.units.format import with_decimal_mark


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("1.5 mg days 1–14, 3 mg days 15–28, 4.5 mg from day 29",
         "1,5 mg days 1–14, 3 mg days 15–28, 4,5 mg from day 29"),
        ("0.5 mg, +0.5 mg every 7 days up to 4.5 mg", "0,5 mg, +0,5 mg every 7 days up to 4,5 mg"),
        ("a fill outside 0.2–1.5 g/mL", "a fill outside 0,2–1,5 g/mL"),
        ("4.5mg:14", "4,5mg:14"),
        ("(= 4.07 mg naltrexone base); 99.5% drug", "(= 4,07 mg naltrexone base); 99,5% drug"),
        ("washout.md §2.2 and §5", "washout.md §2.2 and §5"),  # a section, not a decimal
        ("version 1.2.3, 2026.01.05", "version 1.2.3, 2026.01.05"),  # more than one point
        ("lot A1.2 and PH-105", "lot A1.2 and PH-105"),  # run into letters: a code
        ("1,500 mg, 1,200 nights", "1,500 mg, 1,200 nights"),  # thousands stay as they are
        ("2026-01-05 22:00, days 1–14", "2026-01-05 22:00, days 1–14"),
        ("3 mg", "3 mg"),
    ],
)  # fmt: skip
def test_with_decimal_mark_rewrites_decimals_only(text: str, shown: str) -> None:
    assert with_decimal_mark(text, ",") == shown
    assert with_decimal_mark(text, ".") == text
    assert with_decimal_mark(text) == text


def test_format_hours_takes_the_mark() -> None:
    assert format_hours(6.5) == "6.5"
    assert format_hours(6.5, ",") == "6,5"
    assert format_hours(7.25, decimal_mark=",") == "7,25"
    assert format_hours(None, ",") == ""


def test_dose_label_takes_the_mark() -> None:
    entry = LogEntry("a", datetime(2026, 1, 5, 22, tzinfo=UTC), "headache", 2, dose=Q_(1.5, "mg"))
    assert entry.dose_text == "1.5 mg"
    assert entry.dose_label(",") == "1,5 mg"
    missed = LogEntry("b", datetime(2026, 1, 5, 22, tzinfo=UTC), "headache", 2, dose_missed=True)
    assert missed.dose_label(",") == "missed"


@pytest.mark.parametrize("mark", [".", ","])
def test_a_shown_dose_reads_back(mark: str) -> None:
    """The form's prefilled dose (``format_dose`` with the mark) is read by its parser."""
    shown = format_dose(Q_(1.5, "mg"), decimal_mark=mark)
    dose, missed = parse_dose_taken(shown, mark)
    assert dose is not None and not missed
    assert float(dose.to("mg").magnitude) == 1.5


def test_a_refused_dose_is_explained_in_the_users_notation() -> None:
    with pytest.raises(Exception, match="0,1–5 mg") as refused:
        parse_dose_taken("7 mg", ",")
    assert "0.1" not in str(refused.value)
    with pytest.raises(Exception, match=r"0\.1–5 mg"):
        parse_dose_taken("7 mg")


def test_summary_line_takes_the_mark() -> None:
    plan = make_plan(date(2026, 1, 1), protocol_steps("standard"), protocol="standard")
    entries = [
        LogEntry(
            f"e{day}",
            datetime(2026, 1, day, 22, tzinfo=UTC),
            "vivid dreams",
            3 if day % 2 else 2,
            sleep_hours=6.5,
            dose=Q_(1.5, "mg"),
        )
        for day in range(2, 8)
    ]
    entries.append(
        LogEntry("x", datetime(2026, 1, 8, 22, tzinfo=UTC), "nausea", 2, dose=Q_(0.5, "mg"))
    )
    plan_steps = planned_steps(plan)
    dotted = summarise(entries, plan_steps)
    shown = summarise(entries, plan_steps, decimal_mark=",")
    assert dotted[0].line.startswith("1.5 mg, ")
    assert "mean severity 2.4/10" in dotted[0].line and "Sleep 6.5 h" in dotted[0].line
    assert "0.5 mg on" in dotted[0].line
    line = shown[0].line
    assert line.startswith("1,5 mg, ") and "mean severity 2,4/10" in line
    assert "Sleep 6,5 h" in line and "0,5 mg on" in line
    assert shown[0].dose_label(",") == "1,5 mg" and shown[0].dose_text == "1.5 mg"


def test_on_screen_summary_takes_the_mark_and_the_report_keeps_the_point() -> None:
    """``summary_html`` with ``decimal_mark=","`` is the Side effects page's Summary tab; the
    printed report calls it without a mark and keeps "1.5 mg" and "6.5"."""
    import re

    from ldn_desktop.reports.render_side_effects import summary_html

    entries = [
        LogEntry(f"e{d}", datetime(2026, 1, d, 22, tzinfo=UTC), "headache", 3 + d % 2,
                 sleep_hours=6.5, dose=Q_(1.5, "mg"))
        for d in range(2, 6)
    ]  # fmt: skip
    shown = summary_html(summarise(entries, decimal_mark=","), decimal_mark=",")
    assert "1,5 mg" in shown and "6,5" in shown and "3,5" in shown
    assert not re.search(r"\d\.\d", shown)
    printed = summary_html(summarise(entries))
    assert "1.5 mg" in printed and "6.5" in printed and "3.5" in printed
    assert not re.search(r"\d,\d", printed)


def test_summary_table_counts_are_grouped_as_the_line_is() -> None:
    """Over 1,000 nights the summary's line said "1,200 nights" (or "1 200" under a decimal
    comma) while its table cells said "1200": every count in the table is grouped the same way."""
    from datetime import timedelta

    from ldn_desktop.core.words import NO_BREAK_SPACE
    from ldn_desktop.reports.render_side_effects import dose_steps_html, summary_html

    start = datetime(2022, 1, 1, 22, tzinfo=UTC)
    entries = [
        LogEntry(f"e{night}", start + timedelta(days=night), "headache", 2, dose=Q_(1.5, "mg"))
        for night in range(1200)
    ]
    printed = summary_html(summarise(entries))
    assert ">1,200<" in printed and "1200" not in printed  # nights, with side effects, headache
    steps_table = dose_steps_html(summarise(entries))  # the printed report's first table
    assert ">1,200<" in steps_table and "1200" not in steps_table
    shown = summary_html(summarise(entries, decimal_mark=","), decimal_mark=",")
    assert f">1{NO_BREAK_SPACE}200<" in shown and "1200" not in shown and "1,200" not in shown


def test_a_typing_mistake_is_explained_in_the_users_notation() -> None:
    """The message under a field said "e.g. 99.5%" in a window that writes "99,5%"."""
    from ldn_desktop.core.errors import InputError
    from ldn_desktop.core.units import NumberStyle, parse_percent, parse_quantity

    comma = NumberStyle(",")
    messages = []
    for attempt in (
        lambda style: parse_percent("", field="Assay", style=style),
        lambda style: parse_percent("120", field="Assay", style=style, maximum=100.5),
        lambda style: parse_quantity("lots", field="Strength", style=style),
        lambda style: parse_quantity("2 tsp", field="Strength", style=style),
        lambda style: parse_quantity("0,05 mg", field="Strength", style=style, minimum=0.1),
        lambda style: parse_quantity(
            "9 g/mL", field="Density", dimension="density", style=style, maximum=1.5
        ),
    ):
        for style, mark in ((comma, ","), (NumberStyle(), ".")):
            with pytest.raises(InputError) as refused:
                attempt(style)
            messages.append(str(refused.value))
            assert re.search(rf"\d{re.escape(mark)}\d", str(refused.value)), str(refused.value)
    assert "e.g. 99,5%" in messages[0] and "e.g. 99.5%" in messages[1]
