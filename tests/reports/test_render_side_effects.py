"""The prescriber's side-effect report: HTML by text, then the PDF by its text and a PNG render."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from ldn_desktop.core.side_effects.entries import LogEntry
from ldn_desktop.core.side_effects.summary import summarise
from ldn_desktop.reports.render_side_effects import render_side_effects_report
from tests.core.test_side_effects_summary import worked_example

NOW = datetime(2026, 2, 1, 9, 0, tzinfo=UTC)


def _html(entries: list[LogEntry], chart: bytes | None = None) -> str:
    return render_side_effects_report(
        patient_label="Ann <Lee> (P1)",
        entries=entries,
        steps=summarise(entries),
        first=date(2026, 1, 1),
        last=date(2026, 1, 25),
        generated_at=NOW,
        chart_png=chart,
    )


def test_sections_in_order_and_text_escaped() -> None:
    html = _html(worked_example(), chart=b"\x89PNG fake")
    order = [html.index(h) for h in ("Dose steps", "Chart", "Summary per dose step", "Entries")]
    assert order == sorted(order)
    assert "Ann &lt;Lee&gt; (P1)" in html and "<Lee>" not in html
    assert "Nights 1 Jan 2026 – 25 Jan 2026 · 26 entries" in html
    assert 'src="data:image/png;base64,iVBORyBmYWtl"' in html
    assert "page-break-before: always" in html


def test_summary_figures_and_ismp_doses() -> None:
    html = _html(worked_example())
    assert (
        "First 14 days (from 1 Jan 2026, the first night logged): 8 of 14 nights; after: 0 of 6 "
        "nights (fewer)." in html
    )
    assert "<td>1.5&nbsp;mg</td>" in html and "<td>3&nbsp;mg</td>" in html
    assert "3.0 mg" not in html and ">.5" not in html
    assert "<td>vivid dreams</td>" in html
    assert "Chart" not in html.split("Summary per dose step")[0].split("Dose steps")[1]


def test_empty_range() -> None:
    html = render_side_effects_report(
        patient_label="X", entries=[], steps=[], first=None, last=None, generated_at=NOW
    )
    assert "No nights logged" in html and html.count("No entries in this range.") == 3


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdf_text_and_png_render(qapp: object, tmp_path: Path) -> None:
    from ldn_desktop.reports.side_effects_pdf import write_side_effects_pdf

    pdf = write_side_effects_pdf(tmp_path / "report.pdf", "Ann Lee (P1)", worked_example())
    raw = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    text = unicodedata.normalize("NFKC", raw.stdout)
    for expected in ("Side-effect log", "Ann Lee (P1)", "Dose steps", "1.5 mg", "3 mg",
                     "vivid dreams", "trouble falling asleep", "Summary per dose step"):  # fmt: skip
        assert expected in text
    assert "3.0 mg" not in text
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")],
                   check=True)  # fmt: skip
    png = next(tmp_path.glob("p-*.png"))
    assert png.read_bytes().startswith(b"\x89PNG") and png.stat().st_size > 5000


def test_chart_png_is_drawn(qapp: object) -> None:
    from ldn_desktop.core.side_effects.summary import chart_data
    from ldn_desktop.reports.side_effects_chart import render_chart_png

    data = chart_data(worked_example(), date(2026, 1, 1), date(2026, 1, 25))
    png = render_chart_png(data, 600, 300)
    from PySide6.QtGui import QImage

    image = QImage.fromData(png)
    assert image.width() == 600 and image.height() > 300  # the legend is drawn under the plot
    colours = {image.pixelColor(x, y).name() for x in range(0, 600, 3) for y in range(0, 300, 3)}
    assert len(colours) > 10  # axes, text, series: not a blank image


def test_time_column_is_the_clock_time_only() -> None:
    """Issue 13: "06 Jan 07:00" broke across two lines; a morning entry's time is after its night."""
    morning = LogEntry("m", datetime(2026, 1, 6, 7, 5, tzinfo=UTC), "headache", 2)
    evening = LogEntry("e", datetime(2026, 1, 6, 22, 30, tzinfo=UTC), "nausea", 1)
    table = _html([morning, evening]).split(">Entries</span>")[1]
    assert "<td>5&nbsp;Jan&nbsp;2026</td><td>07:05</td>" in table
    assert "<td>6&nbsp;Jan&nbsp;2026</td><td>22:30</td>" in table
    assert "06 Jan" not in table


def test_one_entry_is_singular() -> None:
    html = _html([LogEntry("a", datetime(2026, 1, 6, 22, 0, tzinfo=UTC), "nausea", 1)])
    assert "· 1 entry<br/>" in html and "1 entries" not in html
    assert "1 night logged." in html and "1 nights" not in html


def test_legend_lists_every_series_in_full() -> None:
    from ldn_desktop.core.side_effects.summary import chart_data
    from ldn_desktop.reports.side_effects_chart import legend_html

    html = legend_html(chart_data(worked_example(), date(2026, 1, 1), date(2026, 1, 25)))
    for name in ("vivid dreams", "headache", "trouble falling asleep", "dose (mg)"):
        assert name.replace(" ", "&nbsp;") in html  # never broken inside a name


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_no_page_ends_on_a_heading(qapp: object, tmp_path: Path) -> None:
    """Nine weekly dose steps (Gentle) with several symptoms: every section and step heading
    is its table's header row, so it never stands alone at the foot of a page."""
    import re
    from datetime import timedelta

    from ldn_desktop.core.units.quantities import Q_
    from ldn_desktop.reports.side_effects_pdf import write_side_effects_pdf

    names = ["vivid dreams", "headache", "nausea", "insomnia", "early waking", "fatigue"]
    entries = [
        LogEntry(
            f"g{i}-{k}",
            datetime(2026, 1, 1, 22, k, tzinfo=UTC) + timedelta(days=i),
            names[(i + k) % len(names)],
            1 + (i + k) % 9,
            dose=Q_(min(4.5, 0.5 * (1 + i // 7)), "mg"),
        )
        for i in range(63)
        for k in range(2)
    ]
    pdf = write_side_effects_pdf(tmp_path / "report.pdf", "Ann Lee", entries)
    raw = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True)
    pages = [p for p in unicodedata.normalize("NFKC", raw.stdout).split("\f") if p.strip()]
    assert len(pages) > 2
    heading = re.compile(r"^(Dose steps|Chart|Summary per dose step|Entries|[\d.]+ mg: .* – .*)$")
    for page in pages[:-1]:
        last = [line.strip() for line in page.splitlines() if line.strip()][-2]  # [-1]: page number
        assert not heading.match(last), last


def test_the_printed_time_is_in_the_people_style() -> None:
    html = render_side_effects_report(
        patient_label="X", entries=[], steps=[], first=None, last=None, generated_at=NOW
    )
    assert "Printed 1 Feb 2026 09:00 by LDN Desktop" in html
    assert "2026-02-01" not in html
