"""No weighing, filler amount or warning of ``compound`` is ever a negative mass, whatever the
balance (issue 11: "Add -25.5 mg"; a 1000 mg repeatability SD printed "-1992835 mg of filler")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ldn_desktop.cli import main

NEGATIVE_MASS = re.compile(r"(?<![\w.])-\s?\d[\d.,]*\s?(mg|g|mcg)\b")


@pytest.mark.parametrize("sd", ["0.03mg", "0.5mg", "3mg", "40mg", "1000mg"])
@pytest.mark.parametrize("quantity", ["1", "30", "400"])
def test_no_negative_mass_in_the_batch_text(capsys, tmp_path: Path, sd: str, quantity: str) -> None:
    code = main(
        ["--data-dir", str(tmp_path / "d"), "compound", "--strength", "1.5mg", "--quantity",
         quantity, "--source", "api", "--assay", "99.5%", "--method", "measured",
         "--fill-weight", "240mg", "--balance-readability", "0.1mg", "--balance-sd", sd]
    )  # fmt: skip
    out, err = capsys.readouterr()
    assert code in (0, 2), err
    assert not NEGATIVE_MASS.search(out + err), out + err
