"""The Side effects page's dialogs: CSV import/export, PDF report, print preview, own symptoms (a mixin)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QInputDialog

from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.side_effects import (
    LogEntry,
    PlannedStep,
    merge,
    plural,
    read_csv,
    validate_custom_symptom,
    write_csv,
)
from ldn_desktop.storage.atomic import write_export
from ldn_desktop.ui import messages
from ldn_desktop.ui.side_effects.file_names import export_file_name
from ldn_desktop.ui.side_effects.undo_commands import AddEntries

if TYPE_CHECKING:
    from ldn_desktop.ui.side_effects_page import SideEffectsPage

    _Base = SideEffectsPage
else:
    _Base = object


class LogFileActions(_Base):
    """``import_csv`` merges (undoable as one step) and reports; ``export_csv`` writes every entry;
    the report covers the chart's range of nights."""

    def import_csv(self, path: Path) -> str:
        """Merge a CSV export (undoable as one step); returns the report of what was added."""
        assert self.log is not None
        try:
            text = path.read_bytes().decode("utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"Cannot read {path.name}: {exc}", "csv") from None
        incoming = read_csv(text, datetime.now().astimezone(), self.log.symptoms())
        result = merge(self.model.entries, incoming)
        if result.added:
            added = list(result.added)
            self._do(AddEntries(self, added, "imported entries"), lambda: self.save_added(added))
        return result.describe(self.context.decimal_mark)

    def _ask_import(self) -> None:
        name, _ = QFileDialog.getOpenFileName(self, "Import side-effect log", "", "CSV (*.csv)")
        if name:
            try:
                messages.inform(self, self.import_csv(Path(name)), "Import")
            except LdnError as exc:
                messages.show_error(self, exc)

    def export_csv(self, path: Path) -> None:
        write_export(path, write_csv(self.model.entries))

    def _ask_export_csv(self) -> None:
        default = export_file_name("side-effects", self._patient_label(), "csv")
        name, _ = QFileDialog.getSaveFileName(
            self, "Export side-effect log", default, "CSV (*.csv)"
        )
        if name:
            try:
                self.export_csv(Path(name))
                count = plural(
                    len(self.model.entries), "entry", "entries",
                    decimal_mark=self.context.decimal_mark,
                )  # fmt: skip
                self.context.post_status(f"Exported {count} to {name}.")
            except OSError as exc:
                messages.show_error(self, f"Could not write {name}: {exc.strerror or exc}")

    # -- printing ----------------------------------------------------------------------------

    def can_print(self) -> bool:
        return self.log is not None and bool(self.model.entries)

    def _report_args(self) -> tuple[str, list[LogEntry], date, date]:
        first, last = sorted(self.chart.date_range())
        return self._patient_label(), list(self.model.entries), first, last

    def _report_plan(self) -> tuple[PlannedStep, ...]:
        return tuple(self.plan)

    def print_preview(self) -> None:
        from ldn_desktop.reports.side_effects_pdf import preview_side_effects

        if self.can_print():
            preview_side_effects(self, *self._report_args(), plan=self._report_plan())

    def export_pdf(self, path: Path | None = None) -> Path | None:
        from ldn_desktop.reports.side_effects_pdf import write_side_effects_pdf

        if not self.can_print():
            return None
        label, entries, first, last = self._report_args()
        if path is None:
            default = export_file_name("side-effects-report", label, "pdf", first, last)
            name, _ = QFileDialog.getSaveFileName(self, "Export PDF", default, "PDF (*.pdf)")
            if not name:
                return None
            path = Path(name if name.lower().endswith(".pdf") else f"{name}.pdf")
        written = write_side_effects_pdf(
            path, label, entries, first, last, plan=self._report_plan()
        )
        self.context.post_status(f"Saved the report as {written}.")
        return written

    def _ask_custom_symptom(self) -> None:
        if self.log is None:
            return
        text, ok = QInputDialog.getText(
            self, "Add a symptom", "Symptom (it joins this patient's list):"
        )
        if not ok or not text.strip():
            return
        try:
            symptom = validate_custom_symptom(text, self.log.symptoms())
            self.log.add_custom_symptom(symptom)
        except LdnError as exc:
            messages.show_error(self, exc)
            return
        self.model.symptoms = self.log.symptoms()
        self.form.set_symptoms(self.model.symptoms, select=symptom.label)
        self.filters.set_symptoms(self.model.symptoms)
