"""The Washout page's live result: status (symbol, words and a standard icon), dates, a card per
medication with its reason and clickable suggestions, interactions and notes.

The view is built with the first page, before anything is checked, so building it does not use
PySide6's ``Qt`` namespace (``ui/main_window``): its labels get their text format (plain, or rich
where the program writes the markup) and become selectable, and the headline gets its large bold
font, with the first message or result. Until then they show only the program's constant hints
(``show_hint``), which hold no markup; a hint is an instruction, in the page's own font.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core import washout
from ldn_desktop.core.washout import people
from ldn_desktop.ui import plain_text

if TYPE_CHECKING:
    from PySide6.QtGui import QFont

    from ldn_desktop.core.washout import DrugResult, Status, WashoutResult

EMPTY_MESSAGE = (
    "Enter each opioid and other medication the patient takes or took (name, and the last dose "
    "or patch removal), the planned start and the screening answers — or tick “No medications "
    "(confirmed)”. The earliest and recommended start appear here."
)
START_HINT = "Enter the medications and the planned start."
# the Washout page is the first one shown: QStyle (a large class to set up), the result types and
# the printout's status words are loaded when the first result is, not when the page is built
_ICON_NAMES = {  # Status value -> the style's standard icon
    "REFER_SPECIALIST": "SP_MessageBoxCritical",
    "NOT_CLEAR": "SP_MessageBoxCritical",
    "UNKNOWN_VERIFY": "SP_MessageBoxQuestion",
    "CLEAR_VERIFY": "SP_MessageBoxWarning",
    "CLEAR_WITH_FLAG": "SP_MessageBoxInformation",
    "CLEAR": "SP_DialogApplyButton",
}


def status_icon(widget: QWidget, status: Status) -> QIcon:
    """The style's standard icon for a status (critical, question, warning, information, OK)."""
    from PySide6.QtWidgets import QStyle

    return widget.style().standardIcon(getattr(QStyle.StandardPixmap, _ICON_NAMES[status.value]))


def _format(label: QLabel, *, rich: bool) -> None:
    """Plain text (a name typed by the user is never read as markup), or rich where the program
    escapes what it puts in; selectable, to copy."""
    from PySide6.QtCore import Qt

    if rich:
        plain_text.rich(label)
    else:
        plain_text.plain(label)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)


def _label(text: str = "", *, rich: bool = False, formatted: bool = True) -> QLabel:
    """A word-wrapped label; ``formatted=False``: its format is set later (``_format``), before
    any text other than a constant without markup."""
    label = QLabel()
    label.setWordWrap(True)
    if formatted:
        _format(label, rich=rich)
    label.setText(text)
    return label


class DrugCard(QFrame):
    """One medication's result. Signal: suggestion_chosen(input text, chosen name)."""

    suggestion_chosen = Signal(str, str)

    def __init__(self, drug: DrugResult, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from html import escape

        from ldn_desktop.core.washout import drug_earliest
        from ldn_desktop.reports.render_washout import plain_tags, status_label

        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.drug = drug
        layout = QVBoxLayout(self)
        matched = drug.matched or "not recognised"
        self.title = _label(
            f"<b>{escape(status_label(drug.status, short=True))}</b> — "
            f"<b>{escape(drug.input)}</b> → {escape(matched)} (class {escape(drug.washout_class)})"
            f"; {escape(drug_earliest(drug))}",
            rich=True,
        )
        self.reason = _label(drug.reason)
        layout.addWidget(self.title)
        layout.addWidget(self.reason)
        for note in drug.notes:
            layout.addWidget(_label(f"• {note}"))
        source = _label(f"Source: {plain_tags(drug.source)}")
        source.setObjectName("sourceNote")
        layout.addWidget(source)
        self.suggestion_buttons: list[QPushButton] = []
        if drug.suggestions:
            row = QHBoxLayout()
            row.addWidget(QLabel("Did you mean:"))
            for name in drug.suggestions:
                button = QPushButton(name)
                button.setAccessibleName(f"Use {name} for {drug.input}")
                button.clicked.connect(
                    lambda _=False, n=name: self.suggestion_chosen.emit(drug.input, n)
                )
                row.addWidget(button)
                self.suggestion_buttons.append(button)
            row.addStretch(1)
            layout.addLayout(row)


class ResultView(QWidget):
    """Shows a WashoutResult, or why there is none. Signal: suggestion_chosen(input, name)."""

    suggestion_chosen = Signal(str, str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.icon = QLabel()
        self.icon.setFixedSize(36, 36)
        self.headline = _label(formatted=False)
        self.headline.setObjectName("washoutHeadline")
        self.headline.setAccessibleName("Earliest and recommended start")
        self.status = _label(formatted=False)
        self.status.setObjectName("washoutStatus")
        # (hint font, headline font), and the labels' formats: with the first message or result
        # (``_settle``); None until then
        self._fonts: tuple[QFont, QFont] | None = None
        self.dates = _label(formatted=False)
        self.reason = _label(formatted=False)
        header = QHBoxLayout()
        icon_column = QVBoxLayout()  # the icon beside the headline, however long the texts
        icon_column.addWidget(self.icon)
        icon_column.addStretch(1)
        header.addLayout(icon_column)
        texts = QVBoxLayout()
        texts.addWidget(self.headline)
        texts.addWidget(self.status)
        texts.addWidget(self.dates)
        texts.addWidget(self.reason)
        header.addLayout(texts, 1)
        self.cards_box = QVBoxLayout()
        self.interactions = _label(formatted=False)
        self.notes = _label(formatted=False)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addLayout(self.cards_box)
        layout.addWidget(self.interactions)
        layout.addWidget(self.notes)
        self.cards: list[DrugCard] = []
        self.show_hint(START_HINT)

    def _settle(self) -> None:
        """The labels' formats and the headline's large bold font, once, before the first message
        or result (not before a hint)."""
        if self._fonts is None:
            for label in (self.headline, self.status, self.dates, self.reason):
                _format(label, rich=False)
            for label in (self.interactions, self.notes):  # the program's escaped markup
                _format(label, rich=True)
            from PySide6.QtGui import QFont

            hint_font = self.headline.font()
            large = QFont(hint_font)
            large.setPointSizeF(large.pointSizeF() * 1.4)
            large.setBold(True)
            self._fonts = (hint_font, large)
            bold = self.status.font()
            bold.setBold(True)
            self.status.setFont(bold)
        self.headline.setFont(self._fonts[1])

    def headline_text(self) -> str:
        return self.headline.text()

    def _clear_cards(self) -> None:
        for card in self.cards:
            card.setParent(None)
            card.deleteLater()
        self.cards = []

    def show_message(self, text: str) -> None:
        """No result (e.g. a field is invalid): say why, show nothing that could be misread.
        ``text`` may quote what the user typed: always shown as plain text."""
        self._settle()
        self._show_text(text)

    def show_hint(self, text: str) -> None:
        """No result yet: one of the program's own constant hints, which hold no markup, so they
        show as plain text whether or not the labels have their formats yet (Qt reads a label's
        text without "<" or "&" as plain, ``Qt.mightBeRichText``). The empty form's hint is
        shown while the first page is built, without the ``Qt`` namespace (module docstring).
        A hint is an instruction, shown in the page's font; messages and results are large and
        bold."""
        if "<" in text or "&" in text:  # what makes Qt read a label's text as rich text
            raise ValueError(f"a hint is plain text, without markup: {text!r}")
        if self._fonts is not None:  # an instruction, in the page's font (a result is large)
            self.headline.setFont(self._fonts[0])
        self._show_text(text)

    def _show_text(self, text: str) -> None:
        self._clear_cards()
        self.icon.clear()
        self.headline.setText(text)
        self.headline.setAccessibleName(text)
        for label in self._details():
            label.clear()
            label.hide()  # an empty word-wrapped label still takes a line of the page

    def _details(self) -> tuple[QLabel, ...]:
        """The labels under the headline, filled (and shown) only with a result."""
        return (self.status, self.dates, self.reason, self.interactions, self.notes)

    def show_result(self, result: WashoutResult) -> None:
        from html import escape

        from ldn_desktop.reports.render_washout import status_label

        self._settle()
        self._clear_cards()
        self.icon.setPixmap(status_icon(self, result.status).pixmap(32, 32))
        self.icon.setAccessibleName(result.status.value)
        self.headline.setText(washout.headline(result))
        self.headline.setAccessibleName(washout.headline(result))
        self.status.setText(f"{status_label(result.status)} ({result.status.value})")
        self.status.setAccessibleName(result.status.words)
        self.dates.setText(
            f"Earliest start: {people(result.earliest_start)}    "
            f"Recommended start: {people(result.recommended_start)}    "
            f"Planned start: {people(result.planned_start)}"
        )
        self.reason.setText(result.reason)
        for drug in result.drugs:
            card = DrugCard(drug)
            card.suggestion_chosen.connect(self.suggestion_chosen)
            self.cards_box.addWidget(card)
            self.cards.append(card)
        self.interactions.setText(_interactions_html(result))
        notes = "".join(f"<li>{escape(n)}</li>" for n in result.notes)
        self.notes.setText(f"<b>Notes</b><ul>{notes}</ul>")
        for label in self._details():
            label.setVisible(bool(label.text()))


def _interactions_html(result: WashoutResult) -> str:
    from html import escape

    if not result.interactions:
        return "<b>Interactions</b>: none of washout.md §3 applies."
    items = "".join(
        f"<li><b>{escape(i.title)}</b> — severity <b>{escape(i.severity)}</b> "
        f"({escape(', '.join(i.because_of))}): {escape(i.effect)} {escape(i.advice)}</li>"
        for i in result.interactions
    )
    return f"<b>Interactions</b><ul>{items}</ul>"
