"""Tab goes through a page in the order it reads. Widgets made after the page (a medication row
added, a "Send to compounding" button per strength) went to the end of the window's Tab chain:
on the Washout page Tab reached "Add medication" before the first row's fields, and on the
Titration page the Send buttons (left column) came after the whole calendar side."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from shiboken6 import Shiboken


def tab_sequence(root: QWidget) -> list[QWidget]:
    """The widgets under ``root`` that Tab stops at, in Tab order (the window's focus chain)."""
    stops: list[QWidget] = []
    seen: set[int] = set()
    widget = root.nextInFocusChain()
    while widget is not None and Shiboken.getCppPointer(widget)[0] not in seen:
        seen.add(Shiboken.getCppPointer(widget)[0])
        if (
            root.isAncestorOf(widget)
            and widget.isVisible()
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        ):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def _index(stops: list[QWidget], widget: QWidget) -> int:
    return next(i for i, stop in enumerate(stops) if stop is widget)


def test_washout_rows_then_add_medication(main_window: Any, qtbot: Any) -> None:
    page = main_window.washout_page
    main_window.show_page(page)
    meds = page.meds
    meds.add_button.click()  # a second row, made after the button
    qtbot.wait(1)
    expected = [*meds.rows[0].tab_stops(), *meds.rows[1].tab_stops(), meds.add_button]
    stops = tab_sequence(page)
    first = _index(stops, expected[0])
    assert stops[first : first + len(expected)] == expected
    meds.rows[0].remove_button.click()  # the rows left still come before the button
    qtbot.wait(1)
    expected = [*meds.rows[0].tab_stops(), meds.add_button]
    stops = tab_sequence(page)
    first = _index(stops, expected[0])
    assert stops[first : first + len(expected)] == expected


def test_titration_send_buttons_follow_the_dispensing_panel(main_window: Any, qtbot: Any) -> None:
    page = main_window.titration_page
    main_window.show_page(page)
    qtbot.wait(1)
    panel = page.dispensing
    assert len(panel.send_buttons) == 3  # the Standard plan: 1.5, 3 and 4.5 mg
    stops = tab_sequence(page)
    inside = [i for i, stop in enumerate(stops) if panel.isAncestorOf(stop)]
    assert inside == list(range(inside[0], inside[-1] + 1))  # one stretch, not split
    assert stops[inside[-1] - 2 : inside[-1] + 1] == panel.send_buttons
