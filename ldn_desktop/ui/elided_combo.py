"""A drop-down whose cut text says it is cut.

Qt cuts a combo box's text at its edge with no sign: at the window's default size the Titration
protocol read "Standard: 1.5 mg days 1–14, 3 mg days 15–28, 4", a dose cut to "4", and a narrow
window could cut a patient's birth year. ``ElidedComboBox`` ends cut text in "…" and keeps the
whole text as its tooltip.

The patient list is painted in the window's first paint, so nothing here uses PySide6's ``Qt``
namespace unless the text must be cut (``ui/main_window``: building it costs 15-20 ms).
"""

from __future__ import annotations

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QStyle, QStyleOptionComboBox, QStylePainter, QWidget


class ElidedComboBox(QComboBox):
    """A QComboBox painting its current text whole, or cut with "…" to fit; tooltip: the text."""

    def __init__(self, parent: QWidget | None = None, *, characters: int | None = None) -> None:
        """``characters``: as narrow as that many characters (and the arrow) when the layout is
        short of room, instead of as wide as the longest item; its text is then cut with "…"."""
        super().__init__(parent)
        self.currentTextChanged.connect(self.setToolTip)
        if characters is not None:
            self.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            self.setMinimumContentsLength(characters)

    def shown_text(self) -> str:
        """The current text as painted: whole, or cut with "…" to the text field's width."""
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        width = (
            self.style()
            .subControlRect(
                QStyle.ComplexControl.CC_ComboBox,
                option,
                QStyle.SubControl.SC_ComboBoxEditField,
                self,
            )
            .width()
        )
        text = self.currentText()
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(text) <= width:
            return text
        from PySide6.QtCore import Qt

        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
