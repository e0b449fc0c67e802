"""Figures a stress test prints whatever pytest's capture mode (``-s`` or not)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

import pytest


def report_figures(
    title: str,
    figures: Mapping[str, object],
    record_property: Callable[[str, object], None],
    capsys: pytest.CaptureFixture[str],
) -> str:
    """Print ``title: name=value, ...`` on the terminal and attach each figure to the test report."""
    for name, value in figures.items():
        record_property(name, value)
    line = f"{title}: " + ", ".join(f"{name}={value}" for name, value in figures.items())
    with capsys.disabled():
        print(f"\n[stress] {line}", flush=True)
    return line
