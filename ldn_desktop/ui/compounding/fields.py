"""Small field builders for the compounding form: every text field shows its message underneath."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QVBoxLayout, QWidget

from ldn_desktop.core.compounding import parse_expiry
from ldn_desktop.core.units import (
    Dimension,
    NumberStyle,
    Quantity,
    parse_count,
    parse_fraction_or_percent,
    parse_percent,
    parse_quantity,
)
from ldn_desktop.ui.date_field import DateField
from ldn_desktop.ui.widgets import FieldError, ValidatedField


def _editor(label: str, placeholder: str) -> QLineEdit:
    editor = QLineEdit()
    editor.setMaxLength(64)
    editor.setAccessibleName(label)
    editor.setPlaceholderText(placeholder)
    return editor


def _optional(parser: Callable[[str], Any]) -> Callable[[str], Any]:
    def parse(text: str) -> Any:
        return None if not text.strip() else parser(text)

    return parse


def quantity_field(
    label: str,
    mark: str,
    dimension: Dimension = "mass",
    *,
    placeholder: str = "",
    optional: bool = False,
    minimum: float | None = None,
    maximum: float | None = None,
) -> ValidatedField:
    """A unit-aware field (``4.5 mg``, ``4500 mcg``, ``4,5`` in a decimal-comma locale)."""
    style = NumberStyle(mark)

    def parse(text: str) -> Quantity:
        return parse_quantity(
            text, field=label, dimension=dimension, style=style, minimum=minimum, maximum=maximum
        )

    return ValidatedField(_editor(label, placeholder), _optional(parse) if optional else parse)


def percent_field(
    label: str, mark: str, *, placeholder: str = "", maximum: float = 100.0, optional: bool = False
) -> ValidatedField:
    style = NumberStyle(mark)

    def parse(text: str) -> Decimal:
        return parse_percent(text, field=label, style=style, maximum=maximum)

    return ValidatedField(_editor(label, placeholder), _optional(parse) if optional else parse)


def count_field(label: str, *, minimum: int = 1, maximum: int = 10_000) -> ValidatedField:
    def parse(text: str) -> int:
        return parse_count(text, field=label, minimum=minimum, maximum=maximum)

    return ValidatedField(_editor(label, "e.g. 30"), parse)


def fraction_field(label: str, mark: str) -> ValidatedField:
    """mg of drug per mg of mix: ``0.0995`` or ``9.95%``."""
    style = NumberStyle(mark)

    def parse(text: str) -> Decimal:
        return parse_fraction_or_percent(text, field=label, style=style)

    return ValidatedField(_editor(label, f"e.g. 0{mark}1 or 10%"), parse)


def expiry_field(label: str) -> ValidatedField:
    """An optional expiry date: a day (``31 Jul 2026``, ``2026-07-31``) or a month meaning its
    last day (``Jul 2026``, ``2026-07``); ``core.compounding.parse_expiry``."""

    def parse(text: str) -> date | None:
        return None if not text.strip() else parse_expiry(text, field=label, label=label)

    return ValidatedField(_editor(label, "e.g. 31 Jul 2026 or Jul 2026 (optional)"), parse)


def text_field(label: str, placeholder: str = "", max_length: int = 200) -> QLineEdit:
    editor = QLineEdit()
    editor.setMaxLength(max_length)
    editor.setAccessibleName(label)
    editor.setPlaceholderText(placeholder)
    return editor


def combo(label: str, items: list[tuple[str, str]], box: QComboBox | None = None) -> QComboBox:
    """A combo of (data, text) items: a new QComboBox, or ``box`` (e.g. an ``ElidedComboBox``)."""
    box = box if box is not None else QComboBox()
    box.setAccessibleName(label)
    for data, text in items:
        box.addItem(text, data)
    return box


def select(box: QComboBox, data: str) -> None:
    index = box.findData(data)
    if index >= 0:
        box.setCurrentIndex(index)


def emit_edited_on_any_change(form: Any) -> None:
    """Connect every field, combo box and the date of a form to its ``edited`` signal."""
    for field in form.fields.values():
        field.edited.connect(form.edited)
    for box in form.findChildren(QComboBox):
        box.currentIndexChanged.connect(form.edited)
    for check in form.findChildren(QCheckBox):
        check.toggled.connect(form.edited)
    form.date.dateChanged.connect(form.edited)


# a released record's fields: the line edits, and the compounding date (a date editor)
READ_ONLY_STYLE = (
    'QLineEdit[readOnly="true"], QAbstractSpinBox[readOnly="true"] '
    "{ background: palette(window); color: palette(window-text); }"
)


class CompoundingDate(QWidget):
    """The compounding date with its message underneath (a date after today cannot be released,
    ``core.compounding.check_release_date``); the message goes when the date is changed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.date = DateField(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setAccessibleName("Compounding date")
        self.error = FieldError(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.date)
        layout.addWidget(self.error)
        self.setFocusProxy(self.date)
        self.date.dateChanged.connect(self.error.clear_message)
