"""The unit registry from pint's disk cache: used when it agrees with the unit table, emptied and
rebuilt when it cannot be read or disagrees, never a reason for a calculation to fail.

``registry()`` is made once per process; these tests build one afresh each with
``unit_registry.build_registry``.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pint
import pytest

from ldn_desktop.core.units import quantities, unit_cache, unit_registry
from ldn_desktop.paths import CACHE_DIR_ENV, cache_dir

build = unit_registry.build_registry


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "cache"))
    return tmp_path / "cache" / unit_cache.UNIT_CACHE_SUBFOLDER


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
    assert unit_registry.unit_table_disagreements(pint.UnitRegistry()) == []


def test_a_wrong_factor_in_the_table_is_a_disagreement(monkeypatch: pytest.MonkeyPatch) -> None:
    from decimal import Decimal

    aliases = dict(quantities._UNIT_ALIASES)
    aliases["mcg"] = ("microgram", "mass", Decimal("0.01"))  # a slipped decimal point
    monkeypatch.setattr(quantities, "_UNIT_ALIASES", aliases)
    problems = unit_registry.unit_table_disagreements(pint.UnitRegistry())
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
    monkeypatch.setattr(unit_registry, "unit_table_disagreements", lambda _units: next(verdicts))
    units = build()
    assert units.cache_folder is None
    assert _cached_files(folder) == []


def test_definitions_that_disagree_with_the_table_stop_every_calculation(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(unit_registry, "unit_table_disagreements", lambda _units: ["1 mg = 2 mg"])
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
    assert unit_cache.unit_cache_folder() == tmp_path / "mine" / "pint"


@pytest.fixture
def no_registry_yet(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """``registry()`` as in a fresh process, with a builder that records its calls and is slow
    enough for two threads to overlap in it."""
    import time

    monkeypatch.setattr(unit_registry, "_registry", [])
    built: list[object] = []

    def slow_build() -> object:
        time.sleep(0.05)
        built.append(object())
        return built[-1]

    monkeypatch.setattr(unit_registry, "build_registry", slow_build)
    return built


def test_two_threads_asking_at_once_get_one_registry(no_registry_yet: list[object]) -> None:
    import threading

    got: list[object] = []
    threads = [
        threading.Thread(target=lambda: got.append(unit_registry.registry())) for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(no_registry_yet) == 1
    assert got == [no_registry_yet[0]] * 4


def test_the_background_build_is_the_registry_later_calls_get(
    no_registry_yet: list[object],
) -> None:
    thread = unit_registry.build_registry_in_background()
    assert thread.name == "unit registry" and not thread.daemon
    assert unit_registry.registry() is no_registry_yet[0]  # waited for the thread, built once
    thread.join()
    assert len(no_registry_yet) == 1


def test_a_failed_background_build_is_reported_by_the_first_calculation(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(unit_registry, "_registry", [])
    calls: list[int] = []

    def failing_build() -> object:
        calls.append(1)
        raise RuntimeError("pint's units disagree with the unit table: 1 mg = 2 mg")

    monkeypatch.setattr(unit_registry, "build_registry", failing_build)
    unit_registry.build_registry_in_background().join()  # quietly: no thread exception
    with pytest.raises(RuntimeError, match="1 mg = 2 mg"):
        quantities.Q_(1, "mg")
    assert len(calls) == 2


# -- pickle runs code when read: only a cache nobody else could have written is read ----------


def test_a_new_cache_folder_is_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(CACHE_DIR_ENV, str(tmp_path / "not yet" / "cache"))  # parents missing too
    units = build()
    folder = tmp_path / "not yet" / "cache" / "pint"
    assert units.cache_folder == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_cache_folder_others_could_open_is_closed_first(folder: Path) -> None:
    folder.mkdir(parents=True, mode=0o755)
    folder.chmod(0o755)
    assert build().cache_folder == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def _unsafe_link(folder: Path) -> None:
    elsewhere = folder.parent.parent / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    folder.parent.mkdir(mode=0o700)
    folder.symlink_to(elsewhere)


def _unsafe_writable_parent(folder: Path) -> None:
    folder.parent.mkdir(mode=0o700)
    folder.parent.chmod(0o777)  # anyone could swap the pint folder


def _unsafe_linked_file(folder: Path) -> None:
    build()
    pickle = next(p for p in folder.iterdir() if p.suffix == ".pickle")
    target = folder.parent.parent / "planted.pickle"
    target.write_bytes(pickle.read_bytes())
    pickle.unlink()
    pickle.symlink_to(target)


@pytest.mark.parametrize(
    "make_unsafe", [_unsafe_link, _unsafe_writable_parent, _unsafe_linked_file]
)
def test_a_cache_someone_else_could_have_written_is_not_read(
    folder: Path, make_unsafe: Any, caplog: pytest.LogCaptureFixture
) -> None:
    make_unsafe(folder)
    before = sorted(p.name for p in folder.parent.parent.rglob("*"))
    units = build()
    assert units.cache_folder is None
    assert _conversions(units) == _conversions(pint.UnitRegistry())
    assert sorted(p.name for p in folder.parent.parent.rglob("*")) == before  # left as it was
    assert "without its cache" in caplog.text


@pytest.mark.skipif(not hasattr(os, "getuid") or os.getuid() != 0, reason="needs chown")
def test_a_cache_file_of_another_user_is_not_read(folder: Path) -> None:
    build()
    pickle = next(p for p in folder.iterdir() if p.suffix == ".pickle")
    os.chown(pickle, 65534, 65534)  # nobody
    units = build()
    assert units.cache_folder is None
    assert pickle.exists()


def test_without_owner_and_group_bits_the_folder_is_not_judged_by_them(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows reports every folder as writable by all (0o777): the cache must still be used
    there, or it never would be."""
    folder.parent.mkdir(mode=0o700)
    folder.parent.chmod(0o777)
    monkeypatch.setattr(unit_cache, "_OWNER_BITS", False)
    assert unit_cache.private_unit_cache_folder() == folder
