"""The printed titration calendar: a page per month, every day, ISMP doses, instructions (issue #5)."""

from __future__ import annotations

import calendar
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest

from ldn_desktop.core.titration.changes import change_dose_time
from ldn_desktop.core.titration.dispensing import parse_strengths
from ldn_desktop.core.titration.protocols import protocol_steps
from ldn_desktop.core.titration.reference import missed_dose_advice
from ldn_desktop.core.titration.schedule import build_schedule, make_plan, window_end
from ldn_desktop.core.titration.supply import CapsuleForm, LiquidForm, dispense
from ldn_desktop.core.units.quantities import Q_
from ldn_desktop.reports.render_titration import CalendarHeader, months_of, render_calendar

HEADER = CalendarHeader(
    "Jane <Example>",
    "P7",
    "Dr Ada Lovelace",
    "555-0100",
    "Main St Pharmacy",
    "1 Main St",
    "555-0199",
)
START = date(2026, 12, 1)


def _three_months():
    plan = make_plan(START, protocol_steps("standard"), protocol="standard")
    return plan, build_schedule(plan, window_end(START, 90))


def _pdf_pages(html: str, path: Path) -> list[str]:
    from pypdf import PdfReader

    from ldn_desktop.reports.printing import page_layout, write_pdf

    write_pdf(html, path, layout=page_layout())
    return [" ".join(page.extract_text().split()) for page in PdfReader(str(path)).pages]


def _day_numbers(text: str) -> set[int]:
    tokens = text.split()
    return {
        int(token)
        for token, following in zip(tokens, [*tokens[1:], ""], strict=True)
        if token.isdigit() and following != "mg"
    }


def test_html_has_a_page_per_month_and_escapes_names() -> None:
    plan, days = _three_months()
    html = render_calendar(plan, days, HEADER)
    assert months_of(days) == [(2026, 12), (2027, 1), (2027, 2)]
    assert html.count("page-break-before: always") == 2
    assert "Jane &lt;Example&gt;" in html and "<Example>" not in html
    assert "3.0 mg" not in html and " .5 mg" not in html


def test_three_month_calendar_pdf_text(qapp, tmp_path: Path) -> None:
    plan, days = _three_months()
    pages = _pdf_pages(render_calendar(plan, days, HEADER), tmp_path / "calendar.pdf")
    assert len(pages) == 3  # one page per month
    for text, (year, month) in zip(pages, [(2026, 12), (2027, 1), (2027, 2)], strict=True):
        assert f"{calendar.month_name[month]} {year}" in text
        assert "Jane <Example>" in text and "Dr Ada Lovelace" in text and "555-0199" in text
        assert "Start date: 1 Dec 2026" in text and "at bedtime" in text
        last_day = calendar.monthrange(year, month)[1]
        assert set(range(1, last_day + 1)) <= _day_numbers(text)  # every day present
        assert " ".join(missed_dose_advice().text.split()) in text
        assert "Vivid dreams" in text and "morning" in text
        assert not re.search(r"\d\.0 mg|(?<!\d)\.\d mg|mg\.0", text)  # ISMP notation
    december, january, february = pages
    assert december.count("1.5 mg") == 14 + 1  # 14 days + the legend
    assert december.count("4.5 mg") == 3 + 1
    assert "▶ START" in december and december.count("▶ NEW") == 2 + 1  # 2 changes + legend
    assert january.count("4.5 mg") == 31 + 1
    assert february.count("4.5 mg") == 28 + 1 + 1  # + the legend and "continue 4.5 mg daily"
    assert "After 28 Feb 2027: continue 4.5 mg daily at bedtime — ask your pharmacy" in february
    assert "1.5 mg" not in february and "☐" in february


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_calendar_pdf_renders_to_png(qapp, tmp_path: Path) -> None:
    plan, days = _three_months()
    pdf = tmp_path / "calendar.pdf"
    _pdf_pages(render_calendar(plan, days, HEADER), pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True)
    assert len(list(tmp_path.glob("page-*.png"))) == 3


def test_pharmacist_copy_adds_the_dispensing_summary(qapp, tmp_path: Path) -> None:
    plan, days = _three_months()
    supply = dispense(days, CapsuleForm(parse_strengths("1.5,3,4.5")))
    html = render_calendar(plan, days, HEADER, dispensing=supply, pharmacist_copy=True)
    pages = _pdf_pages(html, tmp_path / "p.pdf")
    assert len(pages) == 4
    assert "Pharmacist copy" in pages[0]
    summary = pages[-1]
    assert "dispensing summary" in summary
    assert "14 × 1.5 mg capsules" in summary and "62 × 4.5 mg capsules" in summary
    assert "Total 90 capsules" in summary
    assert "1 Dec 2026 – 28 Feb 2027 (90 days)" in summary


def test_liquid_summary(qapp) -> None:
    plan, days = _three_months()
    liquid = dispense(days, LiquidForm(Q_(1, "mg/mL")))
    html = render_calendar(plan, days, HEADER, dispensing=liquid, pharmacist_copy=True)
    assert "342 mL of a 1 mg/mL oral liquid" in html  # 21 + 42 + 62 × 4.5 = 342


def test_morning_dose_and_blank_contacts() -> None:
    plan, days = _three_months()
    morning, _ = change_dose_time(plan, START, "morning")
    html = render_calendar(morning, days, CalendarHeader("Jo"))
    assert "in the morning, as your prescriber told you" in html
    assert "your prescriber, phone ______________" in html


def test_days_outside_the_plan_have_no_dose() -> None:
    plan = make_plan(date(2026, 12, 15), protocol_steps("standard"))
    days = build_schedule(plan, date(2026, 12, 31))
    html = render_calendar(plan, days, HEADER)
    assert html.count("☐") == 17 + 1  # 15–31 Dec, plus the legend's explanation
    assert "<b>14</b>" in html  # the day is on the grid, without a dose


def test_twelve_month_calendar_has_twelve_pages() -> None:
    plan, _ = _three_months()
    days = build_schedule(plan, date(2027, 11, 30))
    html = render_calendar(plan, days, HEADER, first_weekday=6)
    assert html.count("page-break-before") == 11
    assert re.search(r">Sun</th><th [^>]*>Mon</th>", html)


@pytest.mark.parametrize("first_weekday", [0, 6])
def test_twelve_months_with_long_names_stay_one_page_per_month(
    qapp, tmp_path, first_weekday
) -> None:
    """Six-week months, dose-time changes and long names must not spill onto a second page."""
    plan = make_plan(date(2027, 1, 1), protocol_steps("gentle"))
    plan, _ = change_dose_time(plan, date(2027, 1, 10), "morning")
    days = build_schedule(plan, date(2027, 12, 31))
    header = CalendarHeader(
        "Maximilian Alexander Bartholomew-Smythe",
        "MABS-2027",
        "Dr Ada Lovelace-Babbage",
        "+44 20 7946 0958",
        "The Very Long Name Compounding Pharmacy Ltd",
        "1 Main St",
        "+44 20 7946 0000",
    )
    html = render_calendar(plan, days, header, first_weekday=first_weekday)
    pages = _pdf_pages(html, tmp_path / "year.pdf")
    assert len(pages) == 12
    assert "in the morning from 10 Jan 2027" in pages[0]
    assert "MORNING" in pages[0]  # the day the dose time changes is marked
    for number, text in enumerate(pages, start=1):
        assert f"{calendar.month_name[number]} 2027" in text
        last_day = calendar.monthrange(2027, number)[1]
        assert set(range(1, last_day + 1)) <= _day_numbers(text)


def test_decimal_comma_for_comma_locales() -> None:
    plan, days = _three_months()
    html = render_calendar(plan, days, HEADER, decimal_mark=",").replace("&nbsp;", " ")
    assert "1,5 mg" in html and "4,5 mg" in html and "1.5 mg" not in html


def test_every_dose_of_the_gentle_protocol_has_its_own_colour() -> None:
    """Nine doses (0.5 to 4.5 mg) get nine different fills in the calendar and its legend."""
    from datetime import date as _date

    from ldn_desktop.core.titration.protocols import protocol_steps
    from ldn_desktop.core.titration.schedule import build_schedule, make_plan
    from ldn_desktop.reports.render_titration import dose_colours

    plan = make_plan(_date(2026, 12, 1), protocol_steps("gentle"))
    colours = dose_colours(build_schedule(plan, _date(2027, 3, 1)))
    assert len(colours) == 9
    assert len(set(colours.values())) == 9


def _pdftotext_pages(path: Path) -> list[list[str]]:
    """Each page's non-empty lines (the page number left out)."""
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in text.split("\f"):
        lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
        if lines and lines[-1].isdigit():
            lines = lines[:-1]
        if lines:
            pages.append(lines)
    return pages


@pytest.mark.parametrize("first_weekday", [0, 6])
def test_a_year_with_capsule_combinations_keeps_one_page_per_month(
    qapp, tmp_path, first_weekday
) -> None:
    """Each cell also says what to take (up to "1 × 1.5 mg + 2 × 0.5 mg capsules"): still one
    page per month, with long names and six-week months."""
    plan = make_plan(date(2027, 1, 1), protocol_steps("gentle"))
    days = build_schedule(plan, date(2027, 12, 31))
    header = CalendarHeader(
        "Maximilian Alexander Bartholomew-Smythe",
        "MABS-2027",
        "Dr Ada Lovelace-Babbage",
        "+44 20 7946 0958",
        "The Very Long Name Compounding Pharmacy Ltd",
        "1 Main St",
        "+44 20 7946 0000",
    )
    supply = dispense(days, CapsuleForm(parse_strengths("0.5,1.5")))
    html = render_calendar(plan, days, header, first_weekday=first_weekday, dispensing=supply)
    pages = _pdf_pages(html, tmp_path / "year.pdf")
    assert len(pages) == 12
    assert "1 × 1.5 mg + 2 × 0.5 mg" in pages[0].replace("\xa0", " ")  # 2.5 mg


def test_headings_are_never_left_alone_at_the_foot_of_a_page(qapp, tmp_path: Path) -> None:
    """A 40-step plan makes the pharmacist copy run over pages: no page ends on a heading."""
    from ldn_desktop.core.titration.protocols import parse_steps

    steps = ",".join(f"{0.5 + (i % 8) * 0.5:g}mg:3" for i in range(40)) + ",4.5mg"
    plan = make_plan(START, parse_steps(steps))
    days = build_schedule(plan, window_end(START, 150))
    supply = dispense(days, CapsuleForm(parse_strengths("1.5,3,4.5")))
    html = render_calendar(plan, days, HEADER, dispensing=supply, pharmacist_copy=True)
    path = tmp_path / "long.pdf"
    _pdf_pages(html, path)
    pages = _pdftotext_pages(path)
    headings = {"Steps", "Dispense", "How to take it", "⚠ Action needed", "Dose Days Each dose"}
    assert len(pages) > 6  # five months and a copy of more than one page
    for lines in pages:
        assert lines[-1] not in headings, lines[-3:]


def test_days_after_a_calendar_that_ends_mid_step_follow_the_plan() -> None:
    """Printed to 20 Dec: 21–28 Dec continue 3 mg, 29 Dec is a new dose (4.5 mg), never blank."""
    plan = make_plan(START, protocol_steps("standard"))
    html = render_calendar(plan, build_schedule(plan, date(2026, 12, 20)), HEADER)
    html = html.replace("&nbsp;", " ")
    assert html.count(">continue<") == 8 + 2  # 21–28 Dec, 30–31 Dec
    assert html.count(">new dose<") == 1  # 29 Dec
    assert "REFILL" in html
    assert "After 20 Dec 2026 the plan goes on (3 mg daily at bedtime from 21 Dec 2026)" in html
