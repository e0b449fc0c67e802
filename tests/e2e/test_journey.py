"""The whole journey in a real window (xcb on Xvfb, started here), then again after a restart.

Screenshots of every page are taken into the test's temporary folder; with
``$LDN_SCREENSHOTS_DIR`` set, the README's six images are copied there under the names the README
uses (``LDN_SCREENSHOTS_DIR=packaging/screenshots``), and nothing else is written there.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.xvfb import XvfbUnavailableError, xvfb_display

# the journey's screenshot -> the README's image (packaging/screenshots/<name>.png)
README_IMAGES = {
    "washout": "washout",
    "titration": "titration",
    "compounding": "compounding",
    "side_effects": "side-effects",
    "chart": "chart",
    "settings": "settings",
}

ROOT = Path(__file__).resolve().parents[2]


def _run_phase(phase: str, display: str, data: Path, shots: Path, out: Path) -> dict[str, Any]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "LANG": "C.UTF-8"})
    result = subprocess.run(
        [sys.executable, "-m", "tests.e2e.journey_app", phase, str(data), str(shots), str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, (
        f"{phase} phase failed:\n{result.stdout}\n{result.stderr[-4000:]}"
    )
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    seen: dict[str, Any] = json.loads(out.read_text())
    assert seen["network_attempts"] == [], "the journey tried to reach the network"
    assert seen["qt_network_modules"] == []
    return seen


@pytest.fixture(scope="module")
def display() -> Any:
    try:
        with xvfb_display() as name:
            yield name
    except XvfbUnavailableError as exc:
        pytest.skip(f"no real X server for the journey: {exc}")


def test_journey_in_a_real_window_survives_a_restart(display: str, tmp_path: Path) -> None:
    """Patient → washout → titration → PDF → compounding → 14 nights → chart → restart → all there."""
    data = tmp_path / "data"
    shots = tmp_path / "shots"
    first = _run_phase("first", display, data, shots, tmp_path / "first.json")
    assert first["disclaimer"] is True
    assert first["title"] == "LDN Desktop — Journey Patient"
    assert first["washout_status"] in {"CLEAR", "CLEAR_WITH_FLAG"}
    assert first["on_titration_page"] is True
    planned = date.today() - timedelta(days=20)
    assert first["handed_over_start"] == date.today().isoformat()  # the default is never past
    assert first["titration_start"] == planned.isoformat()
    assert first["titration_versions"] == 1
    pdf = Path(first["calendar_pdf"])
    assert pdf.read_bytes().startswith(b"%PDF")
    assert first["on_compounding_page"] is True
    # dispensing counts from today: 20 days into the Standard plan the 1.5 mg step is over
    assert first["send_buttons"][0].startswith("Send 8 × 3 mg"), first["send_buttons"]
    assert first["prefilled_strength"] == "3 mg"
    assert int(first["prefilled_quantity"]) > 0
    assert first["capsules_total"] >= int(first["prefilled_quantity"])
    assert first["lot"]
    assert first["log_rows"] == 14
    assert first["doses"] == ["1.5 milligram"], "the log's dose comes from the plan"
    assert first["symptoms"] == ["trouble falling asleep", "vivid dreams"]
    assert first["chart_series"] >= 3  # two symptoms and the dose
    again = _run_phase("again", display, data, shots, tmp_path / "again.json")
    assert again["patient_id"] == first["patient_id"]
    assert again["title"] == first["title"]
    assert again["washout_saved"] >= 1
    assert again["titration_versions"] == 1
    assert again["titration_start"] == planned.isoformat()
    assert again["log_rows"] == 14
    assert first["lot"] in again["records"]
    pages = {p.stem for p in shots.glob("again-*.png")}
    assert len(pages) == 5
    readme = os.environ.get("LDN_SCREENSHOTS_DIR")
    if readme:
        for taken, name in README_IMAGES.items():
            shutil.copyfile(shots / f"{taken}.png", Path(readme) / f"{name}.png")
