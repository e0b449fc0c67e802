"""Help: the user guide opens with F1 at the current page's part; the shortcuts list is read from
the window's own actions (issue 13)."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication

from ldn_desktop.paths import resource_path
from ldn_desktop.ui.help_dialogs import GUIDE, ShortcutsDialog, guide_anchor, shortcut_rows
from ldn_desktop.ui.main_window import MainWindow
from ldn_desktop.ui.page_stack import PAGE_SPECS


@pytest.fixture
def window(main_window: MainWindow, qtbot: Any) -> MainWindow:
    qtbot.waitExposed(main_window)
    main_window.activateWindow()
    return main_window


def test_the_guide_has_a_part_for_every_page_and_every_reader() -> None:
    html = resource_path(*GUIDE).read_text(encoding="utf-8")
    for spec in PAGE_SPECS:
        assert f'name="{guide_anchor(spec.title)}"' in html, spec.title
    for reader in ("Prescriber", "Pharmacist", "Patient"):
        assert f"<b>{reader}:</b>" in html


def test_f1_opens_the_guide_at_the_page_on_screen(window: MainWindow, qtbot: Any) -> None:
    window.show_page_at(0)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.guide
    assert guide is not None and guide.isVisible()
    assert "LDN Desktop — user guide" in guide.browser.toPlainText()
    at_washout = guide.browser.verticalScrollBar().value()
    row = next(r for r, s in enumerate(PAGE_SPECS) if s.title == "Side effects")
    window.show_page_at(row)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F1)
    assert window.guide is guide  # one guide window, moved to the new part
    assert guide.browser.verticalScrollBar().value() > at_washout
    guide.close()


def test_every_shortcut_that_works_is_listed(window: MainWindow) -> None:
    _ = window.pages
    rows = shortcut_rows(window)
    listed = {(r.keys, r.what) for r in rows}
    for action in window.findChildren(QAction):
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys and action.isVisible():
            assert any(k.startswith(keys) for k, _ in listed), (keys, action.text())
    assert ("F1", "User guide") in listed
    assert any(r.keys == "Ctrl+P" and r.where == "File" for r in rows)
    assert any(r.keys == "Ctrl+2" and r.what == "Titration" for r in rows)
    assert any(r.what == "Add tonight's entry" and r.where == "Side effects" for r in rows)
    assert all(r.what for r in rows)  # every shortcut says what it does


def test_help_menu_opens_the_shortcuts_list(window: MainWindow, qtbot: Any) -> None:
    seen: list[int] = []

    def look_and_close() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, ShortcutsDialog):
            QTimer.singleShot(10, look_and_close)
            return
        seen.append(dialog.table.rowCount())
        dialog.reject()

    QTimer.singleShot(0, look_and_close)
    window.shortcuts_action.trigger()
    assert seen and seen[0] >= 12


def test_the_guide_gives_the_missed_dose_advice_of_the_calendar() -> None:
    """The guide repeats clinical wording only from its one source: the missed-dose advice is the
    calendar's (resources/data/titration.json, seed 004 §5), never a copy that can drift (the guide
    said 'skipped, never doubled' after the calendar had moved to the seed's advice)."""
    import html

    from ldn_desktop.core.titration import missed_dose_advice
    from ldn_desktop.ui.help_dialogs import guide_html

    text = guide_html(resource_path(*GUIDE))
    assert html.escape(missed_dose_advice().text) in text
    assert "{{" not in text and "skipped, never doubled" not in text
