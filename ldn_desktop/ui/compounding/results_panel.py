"""The results of a capsule batch: weighing table, aliquot steps, warnings, beyond-use date.

Shown from the result JSON (``core.compounding_json``), so a reopened record shows exactly what was
released, not a recalculation.
"""

from __future__ import annotations

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

from ldn_desktop.core.units import Q_, format_quantity, format_weighing
from ldn_desktop.reports.render_compounding import aliquot_steps


def _label(word_wrap: bool = True) -> QLabel:
    label = QLabel()
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
        layout = QVBoxLayout(self)
        self.title = _label()
        self.title.setObjectName("resultTitle")
        self.message = _label()
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

    def _mg(self, mg: float, decimals: int = 4) -> str:
        return format_quantity(Q_(mg, "mg"), decimals, self.mark)

    def _weigh(self, mg: float) -> str:
        readability = Q_(self.result["balance_readability_mg"] if self.result else 0.1, "mg")
        return format_weighing(Q_(mg, "mg"), readability, self.mark)

    def clear(self, message: str) -> None:
        """No result (e.g. invalid input): only the message."""
        self.result = None
        self.title.clear()
        self.message.setText(message)
        self.message.show()
        for widget in (self.table, self.details, self.steps, self.warnings, self.bud):
            widget.hide()

    def show_result(self, result: dict[str, Any], heading: str = "") -> None:
        self.result = result
        made = result["capsules_total"] - result["capsules_prescribed"]
        self.title.setText(
            f"<h3>{escape(result['title'])}</h3>{escape(heading)}"
            f"<p>{result['capsules_total']} capsules made ({result['capsules_prescribed']} "
            f"prescribed + {made}), size {escape(result['capsule_size'])}, "
            f"{escape(result['filler_name'])}</p>"
        )
        self.message.hide()
        self._fill_table(result)
        self._fill_details(result)
        steps = aliquot_steps(result)
        self.steps.setText(
            "<b>Aliquot (trituration) plan</b><ol>"
            + "".join(f"<li>{escape(s)}</li>" for s in steps)
            + "</ol>"
            if steps
            else ""
        )
        self.steps.setVisible(bool(steps))
        warnings = result["warnings"]
        self.warnings.setText("".join(f"<p>⚠ {escape(w)}</p>" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        self.bud.setText(
            f"<p><b>Beyond-use date: {escape(result['bud'])}</b><br>{escape(result['bud_rule'])}"
            f"<br>Storage: {escape(result['storage'])}</p>"
        )
        for widget in (self.table, self.details, self.bud):
            widget.show()

    def show_liquid(self, result: dict[str, Any], heading: str = "") -> None:
        """A liquid: what to use, the dose → mL table, warnings, BUD and storage."""
        self.result = result
        self.title.setText(
            f"<h3>{escape(result['title'])}</h3>{escape(heading)}"
            f"<p>{self._amount(result['volume_ml'], 'mL')} containing "
            f"{self._mg(result['drug_mg'])} of drug</p>"
        )
        self.message.hide()
        rows = [
            (f"{dose} mg", f"{self._amount(ml, 'mL')}") for dose, ml in result["dose_table"].items()
        ]
        self.table.setHorizontalHeaderLabels(["Dose", "Volume", ""])
        self.table.setColumnHidden(2, True)
        self._set_rows([(dose, ml, "") for dose, ml in rows])
        self.details.setText(escape(self._liquid_use(result)))
        self.steps.hide()
        warnings = result["warnings"]
        self.warnings.setText("".join(f"<p>⚠ {escape(w)}</p>" for w in warnings))
        self.warnings.setVisible(bool(warnings))
        self.bud.setText(
            f"<p><b>Beyond-use date: {escape(result['bud'])}</b><br>{escape(result['bud_rule'])}"
            f"<br>Storage: {escape(result['storage'])}</p>"
        )
        for widget in (self.table, self.details, self.bud):
            widget.show()

    def _amount(self, value: float, unit: str) -> str:
        return format_quantity(Q_(value, unit), 3, self.mark)

    def _liquid_use(self, result: dict[str, Any]) -> str:
        if result["tablets_needed"] is not None:
            made = result["whole_tablet_volume_ml"]
            text = (
                f"Use {result['tablets_needed']} × {self._mg(result['tablet_strength_mg'])} "
                f"tablet(s), made up to {self._amount(made, 'mL')}"
            )
            if made != result["volume_ml"]:
                text += f"; dispense {self._amount(result['volume_ml'], 'mL')}"
            return text + "."
        return f"Weigh {self._weigh(result['powder_mg'])} of API powder (calculated {self._mg(result['powder_mg'])})."

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

    def _rows(self, result: dict[str, Any]) -> list[tuple[str, float]]:
        plan = result.get("aliquot")
        drug, filler = result["drug_name"], result["filler_name"]
        if not plan:
            return [(drug, result["drug_total_mg"]), (filler, result["filler_total_mg"])]
        return [
            (f"{drug} for the 1-in-{plan['factor']} trituration", plan["drug_weighed_mg"]),
            (f"{filler} (diluent)", plan["diluent_mg"]),
            ("Trituration portion", plan["portion_mg"]),
            (f"{filler} (rest)", plan["filler_remaining_mg"]),
        ]

    def _fill_table(self, result: dict[str, Any]) -> None:
        self.table.setHorizontalHeaderLabels(["Weigh", "Calculated", "On the balance"])
        self.table.setColumnHidden(2, False)
        rows = [*self._rows(result), ("Blend total", result["blend_total_mg"])]
        self._set_rows([(name, self._mg(mg), self._weigh(mg)) for name, mg in rows])

    def _fill_details(self, result: dict[str, Any]) -> None:
        lines = [
            f"Per capsule: drug {self._mg(result['drug_per_capsule_mg'])} + filler "
            f"{self._mg(result['filler_per_capsule_mg'])} = {self._mg(result['fill_per_capsule_mg'])}"
            f" (the filler alone fills {self._mg(result['capacity_mg'], 2)})",
            f"Check weight of a filled capsule: about {self._mg(result['target_capsule_weight_mg'], 1)}",
            f"{result['balance']}",
        ]
        if result.get("tablets_needed") is not None:
            lines.append(
                f"Tablets: {result['tablets_needed']} needed, {result['tablets_used']} crushed "
                f"(drug to spare {self._mg(result['tablet_drug_margin_mg'], 2)})"
            )
        self.details.setText("<br>".join(escape(line) for line in lines))
