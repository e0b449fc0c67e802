"""The printed washout summary: content by text, and a PDF rendered to PNG."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from ldn_desktop.core.washout.check import check_washout
from ldn_desktop.core.washout.model import MedicationInput, Screening, UrineScreen, WashoutRequest
from ldn_desktop.core.washout.times import parse_time_point
from ldn_desktop.reports.render_washout import (
    STATUS_SYMBOLS,
    SummaryHeader,
    render_washout_summary,
    status_label,
)


def _request() -> WashoutRequest:
    meds = (
        MedicationInput("OxyContin 20 mg", last=parse_time_point("2026-02-01T08:00", "m")),
        MedicationInput("Robitussin DM", last=parse_time_point("2026-02-05", "m")),
        MedicationInput("oxycodon <b>", current=True),
        MedicationInput("levothyroxine"),
    )
    return WashoutRequest(
        meds,
        parse_time_point("2026-02-08T08:00", "s"),
        screening=Screening(urine_screen=UrineScreen.NEGATIVE),
    )


def _html() -> str:
    request = _request()
    header = SummaryHeader(
        "Ann Lee", "p1", datetime(2026, 2, 1, 9, 30), "Dr Who", "Main St Pharmacy"
    )
    return render_washout_summary(request, check_washout(request), header)


def test_summary_text() -> None:
    html = _html()
    assert "Ann Lee" in html and "1 Feb 2026 09:30" in html  # the people date style
    assert status_label(check_washout(_request()).status, short=True) in html
    assert "UNKNOWN_VERIFY" in html or "NOT_CLEAR" in html
    assert "Earliest start: <b>11 Feb 2026 08:00</b>" in html
    assert "Recommended start: <b>15 Feb 2026 08:00</b>" in html
    # the headline leads with the earliest and recommended start, before the status
    lead = "Earliest start 11 Feb 2026 08:00 · recommended 15 Feb 2026 08:00"
    assert lead in html and html.index(lead) < html.index("Status code")
    assert "dextromethorphan" in html
    assert "Did you mean" in html and "oxycodone" in html
    assert "Levothyroxine" in html and "moderate" in html
    assert "does not shorten" in html
    assert "oxycodon &lt;b&gt;" in html  # typed text is escaped
    assert "Source:" in html


def test_every_status_has_a_symbol() -> None:
    assert len(set(STATUS_SYMBOLS.values())) == len(STATUS_SYMBOLS) == 6


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_renders(qapp: object, tmp_path: Path) -> None:
    from ldn_desktop.reports.printing import write_pdf

    pdf = write_pdf(_html(), tmp_path / "washout.pdf", title="Washout")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Opioid washout check" in text and "OxyContin" in text
    assert "11 Feb 2026 08:00" in text


def test_a_patch_shows_its_last_application() -> None:
    request = WashoutRequest(
        (MedicationInput("Duragesic", last=parse_time_point("2026-02-01T08:00", "m")),),
        parse_time_point("2026-03-01", "s"),
    )
    html = render_washout_summary(request, check_washout(request), SummaryHeader())
    assert "last application 1 Feb 2026 08:00" in html
    assert "Enter the removal time" in html
