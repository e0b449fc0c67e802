"""The Washout page's printed summary: header from the patient and settings, then the renderer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from ldn_desktop.core.errors import LdnError
from ldn_desktop.core.washout import ReferenceTables, WashoutRequest, WashoutResult
from ldn_desktop.reports.render_washout import SummaryHeader, render_washout_summary
from ldn_desktop.ui import messages
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


def export_summary_pdf(page: Any, write_pdf: Callable[[Path], Path]) -> None:
    """Ask where to save the summary PDF, write it, and say so (or why not)."""
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(
        page, "Export washout summary", str(Path.home() / "washout-summary.pdf"), "PDF (*.pdf)"
    )
    if name:
        try:
            write_pdf(Path(name))
        except OSError as exc:
            messages.show_error(page, f"Could not write the PDF: {exc}")
        else:
            page.context.post_status(f"Saved {name}")
