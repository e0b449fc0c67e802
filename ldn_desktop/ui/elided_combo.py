"""A drop-down whose cut text says it is cut.

Qt cuts a combo box's text at its edge with no sign: at the window's default size the Titration
protocol read "Standard: 1.5 mg days 1–14, 3 mg days 15–28, 4", a dose cut to "4", and a narrow
window could cut a patient's birth year. ``ElidedComboBox`` ends cut text in "…" and keeps the
whole text as its tooltip.

The patient list is painted in the window's first paint, so nothing here uses PySide6's ``Qt``
namespace or its ``QStyle`` class unless the text may have to be cut (issue 14, rows 1 and 8:
building their enum types costs 15-20 ms and ~5 ms). When the text certainly fits, Qt paints the
box itself; otherwise the style is asked for the text field's width and the text cut to it.
"""

from __future__ import annotations

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QComboBox, QWidget

from ldn_desktop.ui.plain_text import tooltip


class ElidedComboBox(QComboBox):
    """A QComboBox painting its current text whole, or cut with "…" to fit; tooltip: the text."""

    def __init__(self, parent: QWidget | None = None, *, characters: int | None = None) -> None:
        """``characters``: as narrow as that many characters (and the arrow) when the layout is
        short of room, instead of as wide as the longest item; its text is then cut with "…"."""
        super().__init__(parent)
        self.currentTextChanged.connect(self._show_whole_in_tooltip)
        if characters is not None:
            self.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            self.setMinimumContentsLength(characters)

    def _show_whole_in_tooltip(self, text: str) -> None:
        """The whole text (a patient's name, as typed: never read as markup) on hover."""
        self.setToolTip(tooltip(text))

    def fits_whole(self) -> bool:
        """Whether the current text certainly shows whole, known without asking the style.

        Qt's contract for ``minimumContentsLength``: at its size hint the box has room for that
        many characters, counted as "X" (the size hint adds the icon and the arrow to them). So a
        box at least as wide as its hint shows whole any text no wider than that many X. Anything
        else (a narrower box, a longer text) is not known to fit: ``shown_text`` measures it."""
        text = self.currentText()
        if not text:
            return True
        metrics = self.fontMetrics()
        room = self.minimumContentsLength() * metrics.horizontalAdvance("X")
        return metrics.horizontalAdvance(text) <= room and self.width() >= self.sizeHint().width()

    def shown_text(self) -> str:
        """The current text as painted: whole, or cut with "…" to the text field's width."""
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

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
        if self.fits_whole():
            super().paintEvent(event)  # Qt's own painting, the text whole
            return
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter

        painter = QStylePainter(self)
        option = QStyleOptionComboBox()
        self.initStyleOption(option)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, option)
        option.currentText = self.shown_text()
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, option)
