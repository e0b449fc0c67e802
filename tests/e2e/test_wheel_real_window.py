"""The mouse wheel in a real window (xcb on Xvfb, wheel clicks from the X server with xdotool):
scrolling over the Titration start date and the months field changes neither (issue 13)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.xvfb import XvfbUnavailableError, xvfb_display

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def display() -> Any:
    if shutil.which("xdotool") is None:
        pytest.skip("xdotool is not installed (Debian: apt-get install xdotool)")
    try:
        with xvfb_display(1280, 800) as name:
            yield name
    except XvfbUnavailableError as exc:
        pytest.skip(f"no real X server: {exc}")


def test_wheel_scrolls_the_form_and_changes_no_field(display: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
    env.update({"DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "LANG": "C.UTF-8"})
    result = subprocess.run(
        [sys.executable, "-m", "tests.e2e.wheel_app"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    start, months = seen["Start date"], seen["Months to print"]
    assert start["after"] == start["before"]
    assert months["after"] == months["before"]
    assert start["scroll_after"] > start["scroll_before"]  # the form scrolled instead
