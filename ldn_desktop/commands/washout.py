"""`ldn-desktop washout` (not built yet: its issue adds it)."""

from __future__ import annotations

from typing import Any


def register(subparsers: Any) -> None:
    """Registers nothing until the feature lands."""
