"""What people typed, shown exactly as typed: never read as markup.

A QLabel, a QMessageBox and a tooltip guess their text's format (``Qt.TextFormat.AutoText``):
a first line that looks like HTML (``<b>Ann</b>``, or ``&lt;`` anywhere in it) is shown as rich
text, so a patient called ``<b>Ann</b>`` would be shown as a bold "Ann" and ``<x>`` would vanish.
A label that may show a name, a note, a symptom, a reason, a path or an error quoting any of them
is ``plain``; a label whose markup the program writes is ``rich`` and escapes every text it
puts in (``html.escape``) (an AutoText label would show ``&amp;`` as typed when its text happens to have no tag).

Qt is imported inside the functions: some of these widgets are built before the
first page is ready, which does without the ``Qt`` namespace (tests/ui/test_start_up.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QLabel, QMessageBox


def plain(label: QLabel) -> QLabel:
    """``label`` shows its text as plain text from now on; returns it."""
    from PySide6.QtCore import Qt

    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


def rich(label: QLabel) -> QLabel:
    """``label`` shows its text as rich text from now on (the caller escapes what it puts in)."""
    from PySide6.QtCore import Qt

    label.setTextFormat(Qt.TextFormat.RichText)
    return label


def tooltip(text: str) -> str:
    """``text`` for ``setToolTip`` or a model's tooltip: unchanged unless Qt would read it as
    markup, then written as rich text that shows it as typed (tooltips have no plain format).
    A text without "<" or "&" never is: that is answered without Qt (the patient list's tooltip
    is set before the first paint)."""
    if "<" not in text and "&" not in text:
        return text
    from PySide6.QtGui import Qt

    return Qt.convertFromPlainText(text) if Qt.mightBeRichText(text) else text


def plain_message_box(box: QMessageBox) -> QMessageBox:
    """A message box's text and informative text shown as plain text (call it after
    ``setInformativeText``: Qt makes that label then); returns it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLabel

    box.setTextFormat(Qt.TextFormat.PlainText)
    informative = box.findChild(QLabel, "qt_msgbox_informativelabel")
    if informative is not None:
        plain(informative)
    return box
