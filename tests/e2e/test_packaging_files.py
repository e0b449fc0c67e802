"""The desktop integration files: .desktop entry, AppStream metainfo, icons, bundle spec."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TOP = Path(__file__).resolve().parents[2]
PACKAGING = TOP / "packaging"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (apt package: see packaging/apt-packages.txt)")
    return path


def test_desktop_file_validates() -> None:
    tool = _tool("desktop-file-validate")
    result = subprocess.run(
        [tool, str(PACKAGING / "ldn-desktop.desktop")], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "error" not in result.stdout.lower()


def test_desktop_file_entries() -> None:
    entries = dict(
        line.split("=", 1)
        for line in (PACKAGING / "ldn-desktop.desktop").read_text(encoding="utf-8").splitlines()
        if "=" in line
    )
    assert entries["Icon"] == "ldn-desktop"
    assert entries["Exec"].split()[0] == "ldn-desktop"
    assert entries["StartupWMClass"] == "ldn-desktop"
    categories = entries["Categories"].rstrip(";").split(";")
    assert "MedicalSoftware" in categories
    assert {"Office", "Science", "Education"} & set(categories)  # a Main category


def test_metainfo_validates() -> None:
    tool = _tool("appstreamcli")
    metainfo = PACKAGING / "io.github.ldn_desktop.LdnDesktop.metainfo.xml"
    result = subprocess.run(
        [tool, "validate", "--no-net", str(metainfo)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert '<launchable type="desktop-id">ldn-desktop.desktop</launchable>' in metainfo.read_text(
        encoding="utf-8"
    )


def test_icons_exist_in_every_size() -> None:
    svg = TOP / "resources" / "icons" / "ldn-desktop.svg"
    assert svg.is_file() and "<svg" in svg.read_text(encoding="utf-8")
    for size in SIZES:
        png = PACKAGING / "icons" / "hicolor" / f"{size}x{size}" / "apps" / "ldn-desktop.png"
        assert png.is_file(), png
        header = png.read_bytes()[:24]
        assert header[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
        assert (width, height) == (size, size)


def test_icon_renders_with_qt(qapp: object) -> None:
    """The SVG is valid for Qt's renderer (the window icon and render_icons.py use it)."""
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(TOP / "resources" / "icons" / "ldn-desktop.svg"))
    assert renderer.isValid()
    assert renderer.defaultSize().width() == renderer.defaultSize().height() == 256


def test_scripts_are_valid_shell() -> None:
    for script in ("build_bundle.sh", "install.sh"):
        path = PACKAGING / script
        result = subprocess.run(["bash", "-n", str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
        assert os.access(path, os.X_OK), f"{script} is not executable"


def test_spec_names_every_command_module() -> None:
    """cli.py imports commands by name; the spec must collect them (collect_submodules)."""
    spec = (PACKAGING / "ldn_desktop.spec").read_text(encoding="utf-8")
    assert 'collect_submodules("ldn_desktop")' in spec
    assert '(str(top / "resources"), "resources")' in spec
    assert "QtWebEngineCore" in spec and "PySide6.QtCharts" in spec


def test_install_script_puts_files_in_the_users_folders(tmp_path: Path) -> None:
    """install.sh with a stand-in bundle: program, launcher, menu entry, icons, metainfo."""
    fake_top = tmp_path / "checkout"
    shutil.copytree(PACKAGING, fake_top / "packaging")
    shutil.copytree(TOP / "resources" / "icons", fake_top / "resources" / "icons")
    bundle = fake_top / "dist" / "ldn-desktop"
    bundle.mkdir(parents=True)
    (bundle / "ldn-desktop").write_text("#!/bin/sh\necho bundled\n")
    (bundle / "ldn-desktop").chmod(0o755)
    home = tmp_path / "home"
    env = {"HOME": str(home), "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    run = subprocess.run(
        ["bash", str(fake_top / "packaging" / "install.sh")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    launcher = home / ".local" / "bin" / "ldn-desktop"
    assert subprocess.run([str(launcher)], capture_output=True, text=True).stdout == "bundled\n"
    share = home / ".local" / "share"
    desktop = (share / "applications" / "ldn-desktop.desktop").read_text()
    assert f"Exec={home}/.local/opt/ldn-desktop/ldn-desktop" in desktop
    assert (share / "icons/hicolor/48x48/apps/ldn-desktop.png").is_file()
    assert (share / "icons/hicolor/scalable/apps/ldn-desktop.svg").is_file()
    assert (share / "metainfo/io.github.ldn_desktop.LdnDesktop.metainfo.xml").is_file()
    run = subprocess.run(
        ["bash", str(fake_top / "packaging" / "install.sh"), "--uninstall"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert not launcher.exists() and not (home / ".local" / "opt" / "ldn-desktop").exists()
    assert not (share / "applications" / "ldn-desktop.desktop").exists()


def test_render_icons_script_runs(tmp_path: Path) -> None:
    """render_icons.py writes every size (into a copy, so the committed PNGs stay as they are)."""
    copy = tmp_path / "checkout"
    (copy / "packaging").mkdir(parents=True)
    shutil.copy(PACKAGING / "render_icons.py", copy / "packaging")
    shutil.copytree(TOP / "resources" / "icons", copy / "resources" / "icons")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, str(copy / "packaging" / "render_icons.py")],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    for size in SIZES:
        assert (copy / f"packaging/icons/hicolor/{size}x{size}/apps/ldn-desktop.png").is_file()
