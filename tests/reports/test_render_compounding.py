"""Worksheet and label HTML/PDF: content and ISMP notation (docs/reference/compounding.md §7.4, §7.5, §8)."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from ldn_desktop.core.compounding import CompoundingReport, capsule_report, liquid_report
from ldn_desktop.core.compounding.capsules import calculate_capsule_batch
from ldn_desktop.core.compounding.drafts import RecordDetails, capsule_record_draft
from ldn_desktop.core.compounding.inputs import ApiSource, CapsuleBatchInput, MeasuredFill
from ldn_desktop.core.compounding.record import CompoundingRecord, Ingredient
from ldn_desktop.core.units.quantities import Q_
from ldn_desktop.reports.render_compounding import render_label, render_worksheet


def result_for(strength: str, **changes: object) -> CompoundingReport:
    values: dict[str, object] = {
        "strength": Q_(strength, "mg"),
        "quantity": 30,
        "source": ApiSource(Decimal("0.995")),
        "method": MeasuredFill(Q_(240, "mg")),
        "compounded_on": date(2026, 3, 1),
    }
    values.update(changes)
    return capsule_report(calculate_capsule_batch(CapsuleBatchInput(**values)))  # type: ignore[arg-type]


def record_for(result_strength: str = "3") -> tuple[CompoundingReport, CompoundingRecord]:
    batch = calculate_capsule_batch(
        CapsuleBatchInput(
            Q_(result_strength, "mg"),
            30,
            ApiSource(Decimal("0.995")),
            compounded_on=date(2026, 3, 1),
        )
    )
    details = RecordDetails(
        preparer="AB",
        checker="CD",
        patient_name="Ada <Lovelace>",
        prescription="RX-5",
        ingredients=(Ingredient("Naltrexone HCl", "Letco", "L-77", date(2027, 1, 31)),),
    )
    draft = capsule_record_draft(batch, details)
    record = CompoundingRecord(
        "20260301-02",
        __import__("datetime").datetime(2026, 3, 1, 9, 0).astimezone(),
        draft,
        "20260301-01",
        "wrong filler",
    )
    return draft.report, record


def visible(html: str) -> str:
    return re.sub(r"<[^>]+>", " ", html)


def test_worksheet_without_aliquot() -> None:
    html = render_worksheet(result_for("4.5"))
    text = visible(html)
    assert "Naltrexone HCl 4.5 mg capsules" in text
    assert "not saved (draft)" in text
    assert "135.7 mg" in text  # 30 × 4.5 / 0.995 = 135.678 mg on a 0.1 mg balance
    assert "trituration" not in text


def test_worksheet_with_aliquot_lists_every_step() -> None:
    result = result_for("0.5")
    steps = result.steps
    assert len(steps) == 8  # five aliquot steps, then fill, check weights, yield
    assert steps[0].startswith("Weigh 82.0 mg")
    text = visible(render_worksheet(result))
    assert "1-in-6 trituration" in text
    assert "Trituration portion" in text


def test_saved_record_shows_lot_people_patient_components_and_correction() -> None:
    result, record = record_for()
    text = visible(render_worksheet(result, record, {"name": "Main St Pharmacy"}))
    for expected in (
        "20260301-02",
        "AB / CD",
        "RX-5",
        "L-77",
        "31 Jan 2027",  # component expiry, in the one date style for people
        "Replaces",
        "20260301-01",
        "wrong filler",
        "Main St Pharmacy",
    ):
        assert expected in text
    assert "Ada &lt;Lovelace&gt;" in text  # escaped


def test_label_carries_what_usp_795_and_ismp_ask_for() -> None:
    result, record = record_for("3")
    text = visible(render_label(result, record, {"name": "Main St Pharmacy", "phone": "555"}))
    for expected in (
        "Naltrexone HCl 3 mg capsules",
        "Ada &lt;Lovelace&gt;",
        "30 capsules",
        "at bedtime",
        "20260301-02",
        "28 Aug 2026",  # the BUD as people read it (issue 13)
        "room temperature",
        "Compounded preparation",
        "RX-5",
    ):
        assert expected in text


@pytest.mark.parametrize("strength", ["3", "0.5", "1.5", "4.5"])
def test_notation_in_html(strength: str) -> None:
    result, record = record_for(strength)
    for html in (render_worksheet(result, record), render_label(result, record)):
        text = visible(html)
        assert f"{strength} mg" in text
        # doses never end in .0 (weighings may keep the balance's decimals, §8)
        doses = re.findall(
            r"Naltrexone HCl (\S+) mg|(\S+) mg per capsule|= (\S+) mg naltrexone", text
        )
        assert doses
        assert not any(d.endswith(".0") for found in doses for d in found)
        assert not re.search(r"(?<![\d])\.\d+ mg", text)
        assert "µg" not in text


def test_pdfs_have_the_notation_in_their_text(qapp: object, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from ldn_desktop.reports.printing import custom_page_layout, write_pdf
    from ldn_desktop.reports.render_compounding import LABEL_SIZE_MM

    result, record = record_for("3")
    sheet = write_pdf(render_worksheet(result, record), tmp_path / "w.pdf")
    label = write_pdf(
        render_label(result, record),
        tmp_path / "l.pdf",
        layout=custom_page_layout(*LABEL_SIZE_MM),
        fit_page=True,
    )
    for path in (sheet, label):
        text = " ".join(" ".join(p.extract_text() for p in PdfReader(path).pages).split())
        assert "Naltrexone HCl 3 mg capsules" in text
        assert "3.0 mg" not in text
        assert "20260301-02" in text
    assert len(PdfReader(label).pages) == 1


def test_liquid_worksheet_uses_whole_tablets() -> None:
    from ldn_desktop.core.compounding.inputs import LiquidInput
    from ldn_desktop.core.compounding.liquid import calculate_liquid
    from ldn_desktop.reports.render_compounding_liquid import render_liquid_worksheet

    result = liquid_report(
        calculate_liquid(LiquidInput(Q_(1, "mg/mL"), Q_(30, "mL"), compounded_on=date(2026, 3, 1)))
    )
    text = visible(render_liquid_worksheet(result))
    assert "Naltrexone HCl 1 mg/mL oral liquid" in text
    assert "make up to 50 mL" in text and "dispense 30 mL" in text
    assert "4.5 mg" in text and "15 Mar 2026" in text and "2026-03-15" not in text
    assert "Shake well" in visible(render_label(result, directions="Shake well."))
    assert "30 mL" in visible(render_label(result))


def test_every_worksheet_heading_travels_with_its_table_and_columns_have_shares() -> None:
    """No orphaned headings: each section title is the header row of its own table (repeated on a
    new page with the rows), and the first row's cells carry explicit widths (issue 13 layout)."""
    html = render_worksheet(result_for("0.5"))
    assert "<h2>" not in html
    for title in ("Record", "Formula", "Weighings", "Procedure", "Warnings", "Components"):
        assert re.search(rf"<thead><tr><th class='section' colspan='\d'>{title}</th></tr>", html)
    assert "<th width='4%'>#</th>" in html and "<th width='36%'>Weigh</th>" in html


def test_pdf_pages_never_end_with_a_section_heading(qapp: object, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from ldn_desktop.reports.printing import write_pdf

    sheet = write_pdf(render_worksheet(result_for("0.5")), tmp_path / "w.pdf")
    titles = {"Record", "Formula", "Weighings", "Procedure", "Warnings", "Components", "Dose table"}
    for page in PdfReader(sheet).pages:
        lines = [line.strip() for line in page.extract_text().splitlines() if line.strip()]
        last = [line for line in lines if not line.isdigit()][-1]
        assert last not in titles
