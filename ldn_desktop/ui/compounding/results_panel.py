"""The results of a capsule batch or a liquid: weighings or dose table, steps, warnings, BUD.

Shown from the typed ``CompoundingReport`` (the value the CLI, worksheet and label render), so the
screen says what the paper says; a reopened record shows its saved report, not a recalculation.
"""

from __future__ import annotations

from decimal import Decimal
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.compounding import CompoundingReport, weighing_text
from ldn_desktop.core.dates import format_day
from ldn_desktop.core.units import Q_, format_quantity, with_decimal_mark
from ldn_desktop.ui import plain_text


def _label(word_wrap: bool = True, *, rich: bool = True) -> QLabel:
    """Rich text (``ResultsPanel._shown`` escapes every line), or plain (``rich=False``)."""
    label = plain_text.rich(QLabel()) if rich else plain_text.plain(QLabel())
    label.setWordWrap(word_wrap)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


INTRO = "Enter the batch on the left: the weighings appear here."


class ResultsPanel(QWidget):
    """Shows one result, or a short message when there is none (invalid input)."""

    def __init__(self, mark: str = ".", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mark = mark
        self.result: dict[str, Any] | None = None
        self.report: CompoundingReport | None = None
        layout = QVBoxLayout(self)
        self.title = _label()
        self.title.setObjectName("resultTitle")
        self.message = _label(rich=False)  # it may quote a field as typed
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("weighingTable")
        self.table.setHorizontalHeaderLabels(["Weigh", "Calculated", "On the balance"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setAccessibleName("Weighings")
        self.details = _label()
        self.steps = _label()
        self.steps.setObjectName("aliquotSteps")
        self.warnings = _label()
        self.warnings.setObjectName("warnings")
        self.bud = _label()
        for widget in (
            self.title,
            self.message,
            self.table,
            self.details,
            self.steps,
            self.warnings,
            self.bud,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        self.clear(INTRO)

    def clear(self, message: str) -> None:
        """No result (e.g. invalid input): only the message."""
        self.result = None
        self.report = None
        self.title.clear()
        self.message.setText(message)
        self.message.show()
        for widget in (self.table, self.details, self.steps, self.warnings, self.bud):
            widget.hide()

    def show_report(
        self, report: CompoundingReport, result: dict[str, Any], heading: str = ""
    ) -> None:
        """Show a report (the one value the CLI, worksheet and label render too)."""
        self.report, self.result = report, result
        shown = self._shown
        self.title.setText(
            f"<h3>{shown(report.title)}</h3>{escape(heading)}<p>{shown(report.summary)}</p>"
        )
        self.message.hide()
        if report.kind == "liquid":
            self._show_doses(report)
        else:
            self._show_weighings(report)
        lines = [f"{line.label}: {line.text}" for line in report.details]
        if report.kind == "liquid":
            lines = [*(f"Weigh {w.shown} of {w.label}" for w in report.weighings), *lines]
        if report.patient_dose:
            lines.append(report.patient_dose)
        self.details.setText("<br>".join(shown(line) for line in lines))
        self.details.setVisible(bool(lines))
        self.steps.setText(
            "<b>Procedure</b><ol>" + "".join(f"<li>{shown(s)}</li>" for s in report.steps) + "</ol>"
        )
        self.steps.setVisible(bool(report.steps))
        stop = (
            f"<p><b>⛔ No weighing plan is possible: {shown(report.plan_problem)}.</b></p>"
            if report.plan_problem
            else ""
        )
        self.warnings.setText(stop + "".join(f"<p>⚠ {shown(w)}</p>" for w in report.warnings))
        self.warnings.setVisible(bool(stop or report.warnings))
        self.bud.setText(
            f"<p><b>Beyond-use date: {format_day(report.bud)}</b><br>{shown(report.bud_rule)}"
            f"<br>Storage: {shown(report.storage)}</p>"
        )
        self.bud.show()

    def _shown(self, text: str) -> str:
        """A line of the report (written with a point, as on paper) in the user's notation,
        escaped for a rich-text label."""
        return escape(with_decimal_mark(text, self.mark))

    def _show_weighings(self, report: CompoundingReport) -> None:
        self.table.setHorizontalHeaderLabels(["Weigh", "Calculated", "On the balance"])
        self.table.setColumnHidden(2, False)
        rows = [*report.weighings, *([report.total] if report.total else [])]
        self._set_rows(
            [
                (
                    with_decimal_mark(w.label, self.mark),
                    self._mg(w.calculated_mg),
                    self._weigh(w.calculated_mg),
                )
                for w in rows
            ]
        )
        self.table.setVisible(bool(rows))

    def _show_doses(self, report: CompoundingReport) -> None:
        self.table.setHorizontalHeaderLabels(["Dose", "Measure", "Exact"])
        self.table.setColumnHidden(2, False)
        self._set_rows(
            [
                (
                    with_decimal_mark(d.dose, self.mark),
                    with_decimal_mark(d.volume, self.mark) + ("" if d.measurable else " ⚠"),
                    format_quantity(Q_(d.exact_ml, "mL"), 4, self.mark),
                )
                for d in report.doses
            ]
        )
        self.table.setVisible(bool(report.doses))

    def _mg(self, mg: Decimal, decimals: int = 4) -> str:
        return format_quantity(Q_(mg, "mg"), decimals, self.mark)

    def _weigh(self, mg: Decimal) -> str:
        assert self.report is not None
        return weighing_text(mg, self.report.readability_mg, self.mark)

    def _set_rows(self, rows: list[tuple[str, str, str]]) -> None:
        self.table.setRowCount(len(rows))
        for row, cells in enumerate(rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        height = self.table.horizontalHeader().height() + 4
        height += sum(self.table.rowHeight(r) for r in range(len(rows)))
        self.table.setFixedHeight(height)
