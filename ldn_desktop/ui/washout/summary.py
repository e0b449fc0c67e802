"""The Washout page's printed summary: header from the patient and settings, then the renderer."""

from __future__ import annotations

from datetime import datetime

from ldn_desktop.core.errors import LdnError
from ldn_desktop.core.washout import ReferenceTables, WashoutRequest, WashoutResult
from ldn_desktop.reports.render_washout import SummaryHeader, render_washout_summary
from ldn_desktop.ui.app_context import AppContext


def summary_html(
    context: AppContext,
    tables: ReferenceTables,
    request: WashoutRequest,
    result: WashoutResult,
    assessed_at: datetime | None = None,
) -> str:
    """The printable HTML for the current check of the current patient (if any)."""
    patient = context.current_patient_id
    name = ""
    if patient:
        try:
            name = context.patients.get(patient).name
        except LdnError:
            name = ""
    header = SummaryHeader.from_settings(
        context.settings(), name, patient or "", assessed_at or datetime.now(), tables.reviewed_on
    )
    return render_washout_summary(request, result, header)
