"""Compounding worksheet for an oral liquid (docs/reference/compounding.md §4.3, §7.1): pure HTML.

The liquid and the capsule worksheet are one renderer of the typed report; this name stays for
callers that choose by product.
"""

from __future__ import annotations

from collections.abc import Mapping

from ldn_desktop.core.compounding import CompoundingRecord, CompoundingReport
from ldn_desktop.reports.render_compounding import render_worksheet


def render_liquid_worksheet(
    report: CompoundingReport,
    record: CompoundingRecord | None = None,
    pharmacy: Mapping[str, str] | None = None,
) -> str:
    """The worksheet for a liquid: what to use, the steps, the dose → mL table, BUD, storage."""
    return render_worksheet(report, record, pharmacy)
