"""Every text a page shows, read like a user reads it: labels, fields and their placeholders,
drop-down items, buttons, tooltips, text views, lists, table cells and headers, chart axes.

For tests that check one notation across a whole page (``decimal_points``: a number written with
a point, where the locale writes a comma).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from PySide6.QtCharts import QChartView, QValueAxis
from PySide6.QtCore import QAbstractItemModel, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QTabWidget,
    QTextEdit,
    QWidget,
)

# a decimal number written with a point; not a section of a reference ("§2.2")
POINT_DECIMAL = re.compile(r"(?<![§\d.,])\d+\.\d+(?![\d.])")
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)


def _model_texts(model: QAbstractItemModel) -> list[str]:
    texts = []
    for column in range(model.columnCount()):
        texts.append(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            texts += [str(model.data(index, role) or "") for role in ROLES]
    return texts


def _axis_texts(view: QChartView) -> list[str]:
    """Axis titles and the value axes' tick labels (as the axis writes them with its format)."""
    texts = []
    for axis in view.chart().axes():
        texts.append(axis.titleText())
        if isinstance(axis, QValueAxis) and axis.tickCount() > 1:
            step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
            ticks = [axis.min() + i * step for i in range(axis.tickCount())]
            texts += [axis.labelFormat().replace("%d", "%g") % tick for tick in ticks]
    return texts


def _own_texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip(), widget.accessibleName()]
    if isinstance(widget, QLabel | QAbstractButton):
        texts.append(widget.text())
    if isinstance(widget, QLineEdit):
        texts += [widget.text(), widget.placeholderText()]
    if isinstance(widget, QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QTextEdit):
        texts.append(widget.toPlainText())
    if isinstance(widget, QGroupBox):
        texts.append(widget.title())
    if isinstance(widget, QTabWidget):
        texts += [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QListWidget):
        texts += [widget.item(i).text() for i in range(widget.count())]
    elif isinstance(widget, QAbstractItemView) and widget.model() is not None:
        texts += _model_texts(widget.model())
    if isinstance(widget, QChartView) and widget.chart() is not None:
        texts += _axis_texts(widget)
    return texts


def shown_texts(page: QWidget) -> list[str]:
    """The texts of ``page`` and every widget in it (hidden tabs included)."""
    texts: list[str] = []
    for widget in [page, *page.findChildren(QWidget)]:
        texts += [text for text in _own_texts(widget) if text]
    return texts


def decimal_points(texts: Iterable[str]) -> list[str]:
    """The texts that write a decimal number with a point."""
    return [text for text in texts if POINT_DECIMAL.search(text)]
