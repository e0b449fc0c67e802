"""Default file names for what the Side effects page exports: they name the patient and the
nights, so a folder of exports (or an attachment sent to a prescriber) says whose log it is."""

from __future__ import annotations

import re
from datetime import date

_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]+')  # refused by Windows, macOS or Linux
MAX_LABEL = 80


def export_file_name(
    kind: str,
    patient_label: str,
    extension: str,
    first: date | None = None,
    last: date | None = None,
) -> str:
    """``export_file_name("side-effects-chart", "Ann Lee (P1)", "png", d1, d2)`` ->
    ``side-effects-chart Ann Lee (P1) 2026-01-01 to 2026-01-31.png``."""
    label = " ".join(_NOT_IN_NAMES.sub(" ", patient_label).split())[:MAX_LABEL].strip(". ")
    parts = [kind, label] if label else [kind]
    if first is not None and last is not None:
        parts.append(first.isoformat() if first == last else f"{first} to {last}")
    return f"{' '.join(parts)}.{extension}"
