"""Print preview and PDF export of the compounding worksheet and the container label."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from ldn_desktop.core.compounding import CompoundingRecord, CompoundingReport
from ldn_desktop.reports.render_compounding import (
    LABEL_SIZE_MM,
    default_directions,
    render_label,
    render_worksheet,
)

# ``reports.printing`` is imported where it prints: it loads QtPrintSupport and its page sizes,
# ~12 ms of the page's first opening otherwise (issue 14)


class CompoundingPrinter:
    """What to print: the current result and, once saved, its record."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.report: CompoundingReport | None = None
        self.record: CompoundingRecord | None = None
        self.pharmacy: dict[str, str] = {}
        self.directions = ""

    def worksheet_html(self) -> str:
        assert self.report is not None
        return render_worksheet(self.report, self.record, self.pharmacy)

    def label_html(self) -> str:
        assert self.report is not None
        directions = self.directions or default_directions(self.report)
        return render_label(self.report, self.record, self.pharmacy, directions)

    def preview_worksheet(self) -> None:
        from ldn_desktop.reports import printing

        printing.preview(self.parent, self.worksheet_html(), title="Compounding worksheet")

    def preview_label(self) -> None:
        from ldn_desktop.reports import printing

        printing.preview(
            self.parent,
            self.label_html(),
            layout=printing.custom_page_layout(*LABEL_SIZE_MM),
            title="Label",
            fit_page=True,
        )

    def suggested_name(self, what: str) -> str:
        lot = self.record.lot if self.record else "draft"
        return f"{what}-{lot}.pdf"

    def write_worksheet(self, path: Path) -> Path:
        from ldn_desktop.reports import printing

        return printing.write_pdf(self.worksheet_html(), path, title="Compounding worksheet")

    def write_label(self, path: Path) -> Path:
        from ldn_desktop.reports import printing

        layout = printing.custom_page_layout(*LABEL_SIZE_MM)
        return printing.write_pdf(
            self.label_html(), path, layout=layout, title="Label", fit_page=True
        )
