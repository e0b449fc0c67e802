"""Headless subcommands of ``ldn-desktop`` (one module each, registered in ``cli.py``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date


def day_option(text: str | None, field: str, *, years: tuple[int, int] = (1, 9999)) -> date | None:
    """A date given to an option (None when it was not given), read by ``core.dates.parse_day``,
    the reader of every date people type: ``3 Oct 2026`` as the program shows it, or ISO
    ``2026-10-03``. A numeric date such as ``03/10/2026`` is refused: nothing on a command line
    says which order it is in. The range of dates a command accepts is the core's rule (e.g. a
    titration start at most a year ahead); ``years`` bounds what the reader itself accepts."""
    if text is None:
        return None
    from ldn_desktop.core.dates import parse_day

    return parse_day(
        text, field=field, label=f"--{field.replace('_', '-')}", day_first=None, years=years
    )
