"""Releasing a compounding record: confirm what will be signed (a released record never changes)."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ldn_desktop.core.compounding import RecordDraft
from ldn_desktop.core.dates import format_day
from ldn_desktop.core.units import with_decimal_mark
from ldn_desktop.ui.plain_text import plain_message_box


def release_summary(draft: RecordDraft, decimal_mark: str = ".") -> str:
    """What the pharmacist signs: product, quantity, people, patient, weighings, BUD, warnings;
    the amounts in the window's notation (``decimal_mark``), as the results beside it. What
    people typed (names, Rx) is shown as typed."""
    report = draft.report

    def amounts(text: str) -> str:
        return with_decimal_mark(text, decimal_mark)

    lines = [
        amounts(f"{draft.title} — {draft.quantity_label}"),
        f"Patient: {draft.patient_name or '—'}; Rx: {draft.prescription or '—'}; "
        f"prescriber: {draft.prescriber or '—'}",
        f"Prepared by {draft.preparer}, checked by {draft.checker}, on "
        f"{format_day(draft.compounded_on)}",
        *(amounts(f"Weigh {w.shown} — {w.label}") for w in report.weighings),
        f"Beyond-use date {format_day(report.bud)}",
        *(amounts(f"⚠ {w}") for w in report.warnings),
    ]
    return "\n".join(lines)


def confirm_release(parent: QWidget, draft: RecordDraft, decimal_mark: str = ".") -> bool:
    """Ask before releasing; the dialog lists everything the pharmacist signs."""
    box = QMessageBox(parent)
    box.setWindowTitle("Release compounding record")
    box.setIcon(QMessageBox.Icon.Question)
    box.setText(release_summary(draft, decimal_mark))
    box.setInformativeText("A released record can no longer be changed, only corrected.")
    plain_message_box(box)  # names and the Rx as typed
    box.setStandardButtons(QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Ok).setText("Release and sign")
    return box.exec() == QMessageBox.StandardButton.Ok
