"""No label tells a patient to measure a volume that is not their dose.

``liquid --concentration 10mg/mL --dose 0.5mg --label-pdf`` printed "Take 0.1 mL (0.5 mg)": the
syringe cannot measure 0.05 mL, 0.1 mL of 10 mg/mL is 1 mg, twice the dose. It was only a
warning. Now the core marks such a batch (``LiquidBatch.label_refused``, the warning's words) and
both front ends refuse the label and the record for that patient (the worksheet and the
calculation stay available: the liquid itself can be made), saying what concentration would do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ldn_desktop.cli import main

UNMEASURABLE = ["liquid", "--volume", "30mL", "--concentration", "10mg/mL", "--dose", "0.5mg"]


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_core_marks_the_batch() -> None:
    from datetime import date

    from ldn_desktop.core.compounding import LiquidInput, calculate_liquid
    from ldn_desktop.core.units import Q_

    def batch(concentration: float, dose: float) -> Any:
        return calculate_liquid(
            LiquidInput(
                concentration=Q_(concentration, "mg/mL"), volume=Q_(30, "mL"),
                dose=Q_(dose, "mg"), compounded_on=date(2026, 12, 4),
            )
        )  # fmt: skip

    refused = batch(10, 0.5).label_refused
    assert refused is not None and "0.05 mL" in refused and "Use at most" in refused
    assert batch(1, 0.5).label_refused is None  # 0.5 mL: measurable
    assert batch(1, 4.5).label_refused is None


@pytest.mark.parametrize(
    ("extra", "option"),
    [(["--label-pdf", "LABEL"], "--label-pdf"), (["--save", "--preparer", "AB", "--checker", "CD"],
                                                 "--save")],
)  # fmt: skip
def test_the_cli_refuses_the_label_and_the_record(
    qapp: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: list[str], option: str
) -> None:
    label = tmp_path / "label.pdf"
    args = [label.as_posix() if a == "LABEL" else a for a in extra]
    code, out, err = _run(capsys, tmp_path / "d", *UNMEASURABLE, *args)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert f"{option}: no label or record for this dose:" in err and "Use at most" in err
    assert not label.exists()
    assert not (tmp_path / "d" / "pharmacy.json").exists()


def test_the_dose_line_is_flagged_as_the_table_is() -> None:
    from datetime import date

    from ldn_desktop.core.compounding import LiquidInput, calculate_liquid, liquid_report
    from ldn_desktop.core.units import Q_

    def line(concentration: float) -> str:
        batch = calculate_liquid(
            LiquidInput(
                concentration=Q_(concentration, "mg/mL"), volume=Q_(30, "mL"),
                dose=Q_(0.5, "mg"), compounded_on=date(2026, 12, 4),
            )
        )  # fmt: skip
        return liquid_report(batch).patient_dose

    assert line(10) == "Dose 0.5 mg = 0.1 mL (not measurable: no label for this dose)"
    assert line(1) == "Dose 0.5 mg = 0.5 mL"


def test_the_json_says_why(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import json

    code, out, _ = _run(capsys, tmp_path / "d", *UNMEASURABLE, "--json")
    assert code == 0 and "Use at most" in json.loads(out)["label_refused"]
    at_one = [*UNMEASURABLE[:4], "1mg/mL", *UNMEASURABLE[5:]]  # 0.5 mg = 0.5 mL: measurable
    code, out, _ = _run(capsys, tmp_path / "d", *at_one, "--json")
    assert code == 0 and json.loads(out)["label_refused"] is None


def test_the_cli_still_calculates_and_prints_the_worksheet(
    qapp: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    worksheet = tmp_path / "worksheet.pdf"
    code, out, err = _run(capsys, tmp_path / "d", *UNMEASURABLE, "--pdf", str(worksheet))
    assert code == 0 and worksheet.is_file()
    assert "0.05 mL" in out + err  # the warning says why no label can be made


def test_the_window_disables_label_and_release_with_the_reason(
    qtbot: Any, app_context: Any
) -> None:
    from ldn_desktop.ui.compounding_page import CompoundingPage

    page = CompoundingPage(app_context)
    qtbot.addWidget(page)
    page.show()
    page.form_tabs.setCurrentIndex(1)  # Oral liquid
    fields = page.liquid_form.fields
    fields["concentration"].set_text("10 mg/mL")
    fields["volume"].set_text("30 mL")
    fields["dose"].set_text("0.5 mg")
    page.calculate()
    assert page.results.result is not None
    assert page.print_button.isEnabled()  # the worksheet: the liquid can be made
    for button in (page.label_button, page.export_label_button, page.save_button):
        assert not button.isEnabled()
        assert "Use at most" in button.toolTip()
    fields["concentration"].set_text("1 mg/mL")
    page.calculate()
    for button in (page.label_button, page.export_label_button, page.save_button):
        assert button.isEnabled() and "Use at most" not in button.toolTip()
