"""Reusable widgets: a field with its error message underneath, and a quantity editor.

The first page is built from these, so building one does not use PySide6's ``Qt`` namespace
(``ui/main_window``): what needs it waits for its first use (a message shown, a completion list
made). The units module, too, waits for the first quantity field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QCompleter, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ldn_desktop.core.errors import InputError
from ldn_desktop.ui import marked_style
from ldn_desktop.ui.plain_text import plain

if TYPE_CHECKING:
    from ldn_desktop.core.units import Dimension, Quantity


class FieldError(QLabel):
    """The message shown right under a field whose text is not accepted (icon + words, not colour)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, message: str) -> None:
        """``message`` often quotes what was typed: shown as plain text, never read as markup."""
        from PySide6.QtCore import Qt

        plain(self)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy
        self.setText(f"⚠ {message}")
        self.setAccessibleName(f"Error: {message}")
        marked_style.apply(self)
        self.show()

    def clear_message(self) -> None:
        self.clear()
        self.hide()


class CompleteOnFocus(QObject):
    """Gives a line edit its completion list the first time it gets the focus.

    For lists that take time to build (every time zone; every name of the opioid table, which is
    loaded for it): the page they are on opens without them, the list is there by the first key.
    ``contains``: offer the names containing the typed text anywhere, not only at the start.
    """

    def __init__(
        self, editor: QLineEdit, items: Callable[[], Iterable[str]], *, contains: bool = False
    ) -> None:
        super().__init__(editor)
        self.editor = editor
        self.items = items
        self.contains = contains
        editor.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn:
            self.complete_now()
        return False

    def complete_now(self) -> QCompleter:
        """The editor's completer, set up now if it has none yet."""
        existing = self.editor.completer()
        if existing is not None:
            return existing
        from PySide6.QtCore import Qt

        completer = QCompleter(list(self.items()), self.editor)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        if self.contains:
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self.editor.setCompleter(completer)
        self.editor.removeEventFilter(self)
        return completer


def without_completion(editor: QLineEdit) -> None:
    """No completion list on ``editor``, now or on its next focus (e.g. where no popup can show)."""
    for pending in editor.findChildren(CompleteOnFocus):
        editor.removeEventFilter(pending)
        pending.setParent(None)
    editor.setCompleter(None)


class ValidatedField(QWidget):
    """An editor with its FieldError underneath.

    ``parser(text)`` returns the value or raises InputError; ``value()`` re-parses and shows or
    clears the message. Signals: edited() when the text changed.
    """

    edited = Signal()

    def __init__(
        self, editor: QLineEdit, parser: Callable[[str], Any], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.editor = editor
        self.parser = parser
        self.error = FieldError(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(editor)
        layout.addWidget(self.error)
        self.setFocusProxy(editor)
        editor.textChanged.connect(self.edited)

    def text(self) -> str:
        return self.editor.text()

    def set_text(self, text: str) -> None:
        self.editor.setText(text)

    def value(self) -> Any:
        """The parsed value; shows the message next to the field and re-raises on bad input."""
        try:
            result = self.parser(self.editor.text())
        except InputError as exc:
            self.error.show_message(str(exc))
            self.editor.setProperty("invalid", True)
            raise
        self.error.clear_message()
        self.editor.setProperty("invalid", False)
        return result

    def show_error(self, message: str) -> None:
        self.error.show_message(message)

    def clear_error(self) -> None:
        self.error.clear_message()


class QuantityEdit(ValidatedField):
    """A unit-aware text field: ``4.5 mg``, ``4500 mcg``, ``4,5`` (decimal comma locales)."""

    def __init__(
        self,
        field: str,
        dimension: Dimension = "mass",
        *,
        decimal_mark: str = ".",
        default_unit: str | None = None,
        minimum: float | None = None,
        maximum: float | None = None,
        placeholder: str = "",
        parent: QWidget | None = None,
    ) -> None:
        editor = QLineEdit()
        editor.setMaxLength(64)
        editor.setPlaceholderText(placeholder)
        editor.setAccessibleName(field)
        # units are loaded with the first quantity field (Titration, Compounding), not with the
        # first page (Washout, which has none)
        from ldn_desktop.core.units import NumberStyle, parse_quantity

        style = NumberStyle(decimal_mark)

        def parse(text: str) -> Quantity:
            return parse_quantity(
                text,
                field=field,
                dimension=dimension,
                default_unit=default_unit,
                style=style,
                minimum=minimum,
                maximum=maximum,
            )

        super().__init__(editor, parse, parent)


def align_form_labels(root: QWidget, also: Iterable[QLabel] = ()) -> None:
    """One label column for every QFormLayout under ``root`` (group boxes, stacked pages): each
    label as wide as the widest, so the fields start at one place down the whole form. Forms
    nested in a row that spans both columns must have no left margin of their own. ``also``:
    the first-column labels of a grid laid out like a form (Settings' data folder rows)."""
    labels = [
        item.widget()
        for form in root.findChildren(QFormLayout)
        for row in range(form.rowCount())
        if (item := form.itemAt(row, QFormLayout.ItemRole.LabelRole)) is not None
        and isinstance(item.widget(), QLabel)
    ]
    labels += also
    width = max((label.sizeHint().width() for label in labels), default=0)
    for label in labels:
        label.setMinimumWidth(width)


def chain_tab_order(widgets: Sequence[QWidget]) -> None:
    """Tab goes through ``widgets`` in this order (hidden or disabled ones are passed over, as
    Tab passes them over). For widgets made after their neighbours on screen (a row added, a
    button per result), which Qt otherwise puts at the end of the window's Tab chain."""
    for first, second in pairwise(widgets):
        QWidget.setTabOrder(first, second)
