"""A bare number under 1 in a percentage field is refused, not guessed (GUI, CLI and core alike).

``--overage 0.1`` made 31 capsules for 30 prescribed: 0.1 was read as 0.1 %, while the same
program reads a trituration strength of ``0.1`` as the fraction 0.1 (10 %). A pharmacist who
meant 10 % got no warning. Now a bare 0 < x < 1 in any percentage (overage, assay, water,
solvents) is refused with both readings named; ``0.1%`` and ``10`` (or ``10%``) are read as
written. The trituration strength, a fraction or a percentage, is one core rule both front ends
call (``parse_fraction_or_percent``).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from ldn_desktop.cli import main
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units import NumberStyle, parse_fraction_or_percent, parse_percent

TV1 = ["compound", "--strength", "4.5mg", "--quantity", "30", "--assay", "99.5%"]


@pytest.mark.parametrize("typed", ["0.1", "0,1", ".5", "0,995", "0.05"])
def test_a_bare_number_under_one_is_ambiguous(typed: str) -> None:
    with pytest.raises(InputError, match=r"Overage: .* could be .*% or .*%; write it with %"):
        parse_percent(typed, field="Overage", style=NumberStyle(","))


@pytest.mark.parametrize(
    ("typed", "fraction"),
    [
        ("0.1%", "0.001"),
        ("10", "0.1"),
        ("10%", "0.1"),
        ("0", "0"),
        ("1", "0.01"),
        ("0,5 %", "0.005"),
    ],
)
def test_percentages_written_as_such_are_read_as_written(typed: str, fraction: str) -> None:
    assert parse_percent(typed, field="Overage", style=NumberStyle(",")) == Decimal(fraction)


@pytest.mark.parametrize(
    ("typed", "fraction"), [("0.0995", "0.0995"), ("9.95%", "0.0995"), ("0,1", "0.1"), ("1", "1")]
)
def test_a_trituration_strength_is_a_fraction_or_a_percentage(typed: str, fraction: str) -> None:
    style = NumberStyle(",")
    assert parse_fraction_or_percent(typed, field="T", style=style) == Decimal(fraction)


@pytest.mark.parametrize("typed", ["10", "1.5", "0", "0%"])
def test_a_trituration_strength_above_one_or_zero_is_refused(typed: str) -> None:
    with pytest.raises(InputError):
        parse_fraction_or_percent(typed, field="T")


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_overage_under_one_without_percent_is_refused(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, out, err = _run(capsys, tmp_path / "d", *TV1, "--overage", "0.1", "--json")
    assert code == 2 and out == ""
    assert "--overage: '0.1' could be 0.1% or 10%; write it with %" in err
    code, out, err = _run(capsys, tmp_path / "d", *TV1, "--overage", "0.1%", "--json")
    assert code == 0, err
    assert json.loads(out)["capsules_total"] == 31  # ceil(30 × 1.001)
    code, out, err = _run(capsys, tmp_path / "d", *TV1, "--overage", "10", "--json")
    assert code == 0, err
    assert json.loads(out)["capsules_total"] == 33


def _page(qtbot: Any, app_context: Any) -> Any:
    from ldn_desktop.ui.compounding_page import CompoundingPage

    page = CompoundingPage(app_context)
    qtbot.addWidget(page)
    page.show()
    fields = page.form.fields
    fields["strength"].set_text("4.5 mg")
    fields["quantity"].set_text("30")
    fields["assay"].set_text("99.5%")
    fields["fill_weight"].set_text("240 mg")
    return page


def test_gui_overage_under_one_without_percent_is_refused_next_to_the_field(
    qtbot: Any, app_context: Any
) -> None:
    page = _page(qtbot, app_context)
    page.form.overage_kind.setCurrentIndex(page.form.overage_kind.findData("percent"))
    page.form.fields["overage"].set_text("0.1")
    page.calculate()
    error = page.form.fields["overage"].error
    assert page.results.result is None
    assert error.isVisibleTo(page) and "could be 0.1% or 10%" in error.text()
    page.form.fields["overage"].set_text("10%")
    page.calculate()
    assert not error.isVisibleTo(page)
    assert page.results.result is not None and page.results.result["capsules_total"] == 33


@pytest.mark.parametrize(("typed", "fraction"), [("0.1", "0.1"), ("10%", "0.1")])
def test_gui_and_cli_read_a_trituration_strength_alike(
    qtbot: Any, app_context: Any, capsys: pytest.CaptureFixture[str], tmp_path: Path,
    typed: str, fraction: str,
) -> None:  # fmt: skip
    page = _page(qtbot, app_context)
    parser = page.form.fields["trituration_strength"].parser
    assert parser(typed) == Decimal(fraction)
    args = [*TV1[:5], "--source", "trituration", "--trituration-strength", typed, "--json"]
    code, out, err = _run(capsys, tmp_path / "d", *args)
    assert code == 0, err
    drug = Decimal(str(json.loads(out)["drug_total_mg"]))
    assert drug > 0
