"""The layering rule: core, storage and reports.render never load PySide6 (checked in a subprocess)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import ldn_desktop

PACKAGE = Path(ldn_desktop.__file__).parent


def _qt_free_modules() -> list[str]:
    names = []
    for folder in ("core", "storage"):
        for path in sorted((PACKAGE / folder).glob("*.py")):
            stem = "" if path.stem == "__init__" else f".{path.stem}"
            names.append(f"ldn_desktop.{folder}{stem}")
    names += [
        f"ldn_desktop.reports.{p.stem}" for p in sorted((PACKAGE / "reports").glob("render*.py"))
    ]
    names += ["ldn_desktop.paths", "ldn_desktop.commands.patient"]
    return names


def test_core_storage_and_render_import_without_pyside6() -> None:
    """Importing every Qt-free module in a fresh interpreter loads no PySide6 module."""
    modules = _qt_free_modules()
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "", f"Qt loaded by the Qt-free layers: {result.stdout}"
    assert len(modules) >= 8


def test_headless_cli_help_and_version_load_no_qt() -> None:
    """`ldn-desktop --help` and `--version` need no display and load no Qt."""
    code = (
        "import sys\nfrom ldn_desktop.cli import main\n"
        "try:\n    main(['--version'])\nexcept SystemExit:\n    pass\n"
        "print(any(m.startswith('PySide6') for m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert result.stdout.strip().endswith("False")
    assert "ldn-desktop" in result.stdout
