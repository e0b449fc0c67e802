"""Releasing a compounding record: confirm what will be signed (a released record never changes)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ldn_desktop.core.compounding import RecordDraft
from ldn_desktop.core.dates import format_day


def release_summary(draft: RecordDraft) -> str:
    """What the pharmacist signs: product, quantity, people, patient, weighings, BUD, warnings."""
    report = draft.report
    lines = [
        f"{draft.title} — {draft.quantity_label}",
        f"Patient: {draft.patient_name or '—'}; Rx: {draft.prescription or '—'}; "
        f"prescriber: {draft.prescriber or '—'}",
        f"Prepared by {draft.preparer}, checked by {draft.checker}, on "
        f"{format_day(draft.compounded_on)}",
        *(f"Weigh {w.shown} — {w.label}" for w in report.weighings),
        f"Beyond-use date {format_day(report.bud)}",
        *(f"⚠ {w}" for w in report.warnings),
    ]
    return "\n".join(lines)


def confirm_release(parent: QWidget, draft: RecordDraft) -> bool:
    """Ask before releasing; the dialog lists everything the pharmacist signs."""
    box = QMessageBox(parent)
    box.setWindowTitle("Release compounding record")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(release_summary(draft))
    box.setInformativeText("A released record can no longer be changed, only corrected.")
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Ok).setText("Release and sign")
    return box.exec() == QMessageBox.StandardButton.Ok
