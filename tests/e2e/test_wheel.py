"""The wheel carries resources/ and finds them when installed into a fresh environment."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "build",
            "--wheel",
            "--no-isolation",
            "--outdir",
            str(out),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (built,) = out.glob("ldn_desktop-*.whl")
    return built


def test_wheel_contains_resources(wheel: Path) -> None:
    """Every file of resources/data is inside the wheel under ldn_desktop/resources."""
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = sorted(
        p.relative_to(ROOT).as_posix() for p in (ROOT / "resources").rglob("*") if p.is_file()
    )
    assert shipped
    for name in shipped:
        assert f"ldn_desktop/{name}" in names


def test_installed_wheel_reads_a_resource(wheel: Path, tmp_path: Path) -> None:
    """Installed into a fresh venv, the package finds and reads its resources (not the checkout's)."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(env_dir)
    python = env_dir / "bin" / "python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    code = (
        "import json; from ldn_desktop.paths import resource_dir\n"
        "root = resource_dir(); files = sorted((root / 'data').glob('*.json')) or sorted(root.rglob('*.*'))\n"
        "assert 'site-packages' in str(root), root\n"
        "print(root, len(files), files[0].read_bytes()[:1])\n"
    )
    result = subprocess.run(
        [str(python), "-c", code],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "site-packages" in result.stdout
