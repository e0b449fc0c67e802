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
        for path in sorted((PACKAGE / folder).rglob("*.py")):
            parts = path.relative_to(PACKAGE).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            names.append(".".join(("ldn_desktop", *parts)))
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
    assert "ldn_desktop.core.washout.check" in modules  # subpackages are walked too


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


CORE_DOMAINS = ("units", "washout", "titration", "side_effects", "compounding")
REPO = PACKAGE.parent


def test_other_layers_use_each_core_domain_through_its_public_surface() -> None:
    """ui/, commands/, storage/, reports/, app and cli import ``ldn_desktop.core.<domain>``, never
    a module inside it: each domain has one public surface (its ``__init__``)."""
    import ast

    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE)
        if rel.parts[0] == "core":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                parts = node.module.split(".")
                inner = parts[:2] == ["ldn_desktop", "core"] and len(parts) > 3
                if inner and parts[2] in CORE_DOMAINS:
                    offenders.append(f"{rel}:{node.lineno} {node.module}")
    assert offenders == []


def _citations() -> list[tuple[str, str, str]]:
    """(where, file, section) for every ``docs/reference/<file>.md §N`` cited in code and data
    (also the short form ``washout.md §2.2`` for a file of docs/reference)."""
    import re

    names = "|".join(re.escape(p.name) for p in (REPO / "docs" / "reference").glob("*.md"))
    pattern = re.compile(rf"(?:docs/reference/)?\b({names})(?:\s*§\s*(\d+(?:\.\d+)*))?")
    found = []
    sources = [*PACKAGE.rglob("*.py"), *(REPO / "resources").rglob("*.json")]
    for path in sources:
        for match in pattern.finditer(path.read_text(encoding="utf-8")):
            found.append((str(path.relative_to(REPO)), match.group(1), match.group(2) or ""))
    return found


def test_every_cited_reference_resolves_in_the_repository() -> None:
    """Every ``docs/reference/X.md §N`` the code or the data cites names a file in the clone and a
    section heading that exists in it, so a reviewer can follow each rule to its source."""
    import re

    citations = _citations()
    assert len(citations) >= 20
    missing = []
    for where, name, section in citations:
        doc = REPO / "docs" / "reference" / name
        if not doc.is_file():
            missing.append(f"{where}: {name}")
            continue
        if section:
            heading = re.compile(rf"^#+\s+{re.escape(section)}(\.|\s)", re.MULTILINE)
            if not heading.search(doc.read_text(encoding="utf-8")):
                missing.append(f"{where}: {name} §{section}")
    assert missing == []


def test_each_core_domain_surface_lists_every_name_once_and_resolves_it() -> None:
    """A domain's ``_EXPORTS`` (used at run time) and its ``TYPE_CHECKING`` imports (read by mypy)
    name the same things from the same modules; every name resolves to the module's object, and no
    name shadows a module of the package (the module would win once imported)."""
    import ast
    import importlib

    for domain in CORE_DOMAINS:
        package = importlib.import_module(f"ldn_desktop.core.{domain}")
        init = Path(package.__file__)
        typed = {}
        for node in ast.walk(ast.parse(init.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module.startswith(package.__name__):
                typed.update({a.name: node.module.rsplit(".", 1)[1] for a in node.names})
        assert typed == package._EXPORTS, domain
        modules = {p.stem for p in init.parent.glob("*.py")}
        assert not modules & set(package._EXPORTS), domain
        for name, module in package._EXPORTS.items():
            inner = importlib.import_module(f"{package.__name__}.{module}")
            assert getattr(package, name) is getattr(inner, name)
        assert set(package._EXPORTS) <= set(dir(package))
