"""Reading the settings (before the window's first paint) never loads pint (~0.3 s of start-up),
while the balance in them is still checked by the Settings page's own parsers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.settings_values import (
    parse_readability,
    parse_repeatability_sd,
    readability_mg,
    repeatability_sd_mg,
)
from ldn_desktop.core.units import Q_

CHILD = """
import json, sys
from pathlib import Path
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.settings import load_settings, save_settings
store = DataStore.open(Path(sys.argv[1]))
settings = load_settings(store)
save_settings(store, settings)
assert "pint" not in sys.modules, "saving defaults loaded pint"
settings = load_settings(store)
print(json.dumps({"pint": "pint" in sys.modules, "balance": settings["defaults"]["balance"]}))
"""


def test_reading_settings_does_not_load_pint(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "data")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["pint"] is False and report["balance"]["readability"]["unit"] == "mg"


@pytest.mark.parametrize(
    "text", ["0.1 mg", "100 mcg", "0.0001 g", "1 g", "0,01 mg", "0.000001 mg", "1000 mg"]
)
def test_checks_agree_with_the_parsers(text: str) -> None:
    mark = "," if "," in text else "."
    assert parse_readability(text, mark) == Q_(readability_mg(text, mark), "mg")
    assert parse_repeatability_sd(text, mark) == Q_(repeatability_sd_mg(text, mark), "mg")


@pytest.mark.parametrize("text", ["0 mg", "2 g", "0.0000001 mg", "1 mL", "", "five mg", "-1 mg"])
def test_checks_refuse_what_the_parsers_refuse(text: str) -> None:
    for check, parse in (
        (readability_mg, parse_readability),
        (repeatability_sd_mg, parse_repeatability_sd),
    ):
        try:
            parse(text)
        except InputError as refused:
            with pytest.raises(InputError, match=str(refused).split(":")[0]):
                check(text)
        else:
            assert Q_(check(text), "mg") == parse(text)
