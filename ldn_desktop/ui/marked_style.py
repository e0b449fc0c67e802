"""The look of the few marked widgets (a field's error, the banners, a caution), from
``resources/style.qss``, given to each of them when it is first shown.

The style sheet holds only ``#objectName`` rules. Set on the application, it made Qt polish and
draw every widget of every page through its style-sheet style: the Washout page, the first one
shown, took ~15 ms longer to build (issue 14). Set on a marked widget when it first has something
to show, it styles that widget only, and a page whose fields are all accepted pays nothing.

``refresh()`` re-applies it after the colours change (``palette()`` in the sheet is resolved when
a widget is polished), as ``ColourSchemeFollower`` does when the system goes light or dark.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtWidgets import QApplication, QWidget

from ldn_desktop.paths import resource_path

STYLED = "ldnMarkedStyle"  # dynamic property on the widgets given the sheet


@cache
def style_sheet() -> str:
    """The marked widgets' style sheet (empty if the resource is missing)."""
    path = resource_path("style.qss")
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def apply(widget: QWidget) -> None:
    """Give a marked widget the style sheet (once; call it before showing the widget)."""
    if widget.property(STYLED):
        return
    widget.setStyleSheet(style_sheet())
    widget.setProperty(STYLED, True)


def refresh() -> int:
    """Re-apply the sheet to every widget that has it (new palette colours); returns how many."""
    count = 0
    for widget in QApplication.allWidgets():
        if widget.property(STYLED):
            widget.setStyleSheet(style_sheet())
            count += 1
    return count
