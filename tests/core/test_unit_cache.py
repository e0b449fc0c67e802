"""The unit registry from pint's disk cache: used when it agrees with the unit table, emptied and
rebuilt when it cannot be read or disagrees, never a reason for a calculation to fail.

``registry()`` is made once per process (``functools.cache``); these tests build one afresh each
with ``registry.__wrapped__``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pint
import pytest

from ldn_desktop.core.units import quantities
from ldn_desktop.paths import CACHE_DIR_ENV, cache_dir

build = quantities.registry.__wrapped__


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / quantities.UNIT_CACHE_SUBFOLDER


def _cached_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


def _conversions(units: pint.UnitRegistry[Any]) -> list[float]:
    return [
        units.Quantity(4.5, "milligram").to("microgram").magnitude,
        units.Quantity(30, "milligram / milliliter").to("gram / liter").magnitude,
        units.Quantity(0.25, "gram / centimeter ** 3").to("mg/mL").magnitude,
    ]


def test_the_unit_table_agrees_with_pint() -> None:
    """Every exact factor of the alias table is what pint's own definitions give."""
    assert quantities.unit_table_disagreements(pint.UnitRegistry()) == []


def test_a_wrong_factor_in_the_table_is_a_disagreement(monkeypatch: pytest.MonkeyPatch) -> None:
    from decimal import Decimal

    aliases = dict(quantities._UNIT_ALIASES)
    aliases["mcg"] = ("microgram", "mass", Decimal("0.01"))  # a slipped decimal point
    monkeypatch.setattr(quantities, "_UNIT_ALIASES", aliases)
    problems = quantities.unit_table_disagreements(pint.UnitRegistry())
    assert problems == ["1 microgram = 0.001 mg, the table says 0.01"]


def test_the_cache_is_written_once_and_then_used(folder: Path) -> None:
    first = build()
    written = _cached_files(folder)
    assert any(name.endswith(".pickle") for name in written)
    stamps = {name: (folder / name).stat().st_mtime_ns for name in written}
    second = build()
    assert second.cache_folder == folder
    assert {name: (folder / name).stat().st_mtime_ns for name in written} == stamps
    assert _conversions(second) == _conversions(first) == _conversions(pint.UnitRegistry())


def _garbage(data: bytes) -> bytes:
    return b"\x80\x04 not a pickle"


def _cut_short(data: bytes) -> bytes:
    """Two programs writing the cache at once, or a full disk: a pickle cut short."""
    return data[: len(data) // 2]


@pytest.mark.parametrize("damage", [_garbage, _cut_short])
def test_a_damaged_cache_is_emptied_and_the_registry_built_from_the_definitions(
    folder: Path, damage: Any
) -> None:
    build()
    for name in _cached_files(folder):
        if name.endswith(".pickle"):
            (folder / name).write_bytes(damage((folder / name).read_bytes()))
    units = build()
    assert units.cache_folder is None  # built without the cache
    assert _cached_files(folder) == []  # and the damaged files are gone: the next start rewrites
    assert _conversions(units) == _conversions(pint.UnitRegistry())
    assert build().cache_folder == folder  # the next start writes a good cache again


def test_a_cache_folder_that_cannot_be_made_is_no_obstacle(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(CACHE_DIR_ENV, str(blocker))
    units = build()
    assert units.cache_folder is None
    assert _conversions(units) == _conversions(pint.UnitRegistry())


def test_a_cache_that_disagrees_with_the_table_is_not_used(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build()
    assert _cached_files(folder)
    verdicts = iter([["1 microgram = 0.01 mg, the table says 0.001"], []])
    monkeypatch.setattr(quantities, "unit_table_disagreements", lambda _units: next(verdicts))
    units = build()
    assert units.cache_folder is None
    assert _cached_files(folder) == []


def test_definitions_that_disagree_with_the_table_stop_every_calculation(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(quantities, "unit_table_disagreements", lambda _units: ["1 mg = 2 mg"])
    with pytest.raises(RuntimeError, match="disagree with the unit table: 1 mg = 2 mg"):
        build()


def test_the_cache_folder_follows_the_platform_and_the_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(CACHE_DIR_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    if pytest.importorskip("sys").platform.startswith("linux"):
        assert cache_dir() == tmp_path / "xdg" / "ldn-desktop"
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "mine"))
    assert quantities.unit_cache_folder() == tmp_path / "mine" / "pint"
