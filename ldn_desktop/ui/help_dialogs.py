"""Help: the user guide (F1, opened at the current page's part) and the keyboard shortcuts.

The guide is ``resources/help/guide.html`` (one section per page, for prescriber, pharmacist and
patient), shown in a QTextBrowser. The shortcuts list is built from the window's actual QActions
and QShortcuts each time it opens, so it can never disagree with the keys that work.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QMainWindow,
    QMenu,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.paths import resource_path

GUIDE = ("help", "guide.html")


def guide_anchor(page_title: str) -> str:
    """The guide's section for a page: ``Side effects`` -> ``side-effects``."""
    return page_title.strip().lower().replace(" ", "-")


def guide_html(path: Path) -> str:
    """The guide's HTML with the clinical wording it repeats taken from the one source (the
    missed-dose advice in ``resources/data/titration.json``), so the guide cannot drift from the
    calendar, the page and the CLI."""
    from ldn_desktop.core.titration import missed_dose_advice

    return path.read_text(encoding="utf-8").replace(
        "{{missed_dose}}", html.escape(missed_dose_advice().text)
    )


class GuideDialog(QDialog):
    """The user guide; stays open beside the window (not modal) while the user works."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle("LDN Desktop — user guide")
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName("User guide")
        path = resource_path(*GUIDE)
        self.browser.setSearchPaths([str(path.parent)])
        self.browser.setHtml(guide_html(path))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        self.resize(760, 620)

    def show_section(self, anchor: str) -> None:
        """Show the guide at ``anchor`` (the top if the guide has no such section)."""
        self.browser.scrollToAnchor(anchor)
        self.show()
        self.activateWindow()  # brings an open guide to the front


@dataclass(frozen=True)
class ShortcutRow:
    keys: str  # as the platform writes them, e.g. "Ctrl+Shift+E"
    what: str  # the action, e.g. "Export PDF"
    where: str  # the menu or page, e.g. "File"


def _plain(text: str) -> str:
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


def _keys(sequences: list[QKeySequence]) -> str:
    shown = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in sequences]
    return ", ".join(s for s in shown if s)


def _owner_title(obj: object) -> str:
    """The page (or window) an action or shortcut belongs to, by its parents."""
    from ldn_desktop.ui.page import Page

    parent = obj.parent() if hasattr(obj, "parent") else None
    while parent is not None:
        if isinstance(parent, Page):
            return parent.title
        parent = parent.parent()
    return "Window"


def shortcut_rows(window: QMainWindow) -> list[ShortcutRow]:
    """Every keyboard shortcut of ``window``: menu actions (by menu), then the pages' own
    actions and shortcuts. Built pages only; the caller builds the pages it wants listed."""
    rows: list[ShortcutRow] = []
    seen: set[int] = set()

    def walk(menu: QMenu, where: str) -> None:
        for action in menu.actions():
            if action.menu() is not None:
                walk(action.menu(), f"{where} ▸ {_plain(action.text())}")
            elif keys := _keys(action.shortcuts()):
                rows.append(ShortcutRow(keys, _plain(action.text()), where))
                seen.add(id(action))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), _plain(top.text()))
    for action in window.findChildren(QAction):
        if id(action) not in seen and action.isVisible() and (keys := _keys(action.shortcuts())):
            what = _plain(action.text()) or action.toolTip()
            rows.append(ShortcutRow(keys, what, _owner_title(action)))
            seen.add(id(action))
    for shortcut in window.findChildren(QShortcut):
        if keys := _keys([shortcut.key()]):
            target = shortcut.parent()
            place = target.accessibleName() if isinstance(target, QWidget) else ""
            what = shortcut.whatsThis() or (f"a key of {place}" if place else "a key of the page")
            rows.append(ShortcutRow(keys, what, _owner_title(shortcut)))
    return rows


class ShortcutsDialog(QDialog):
    """Help ▸ Keyboard shortcuts: a table of ``shortcut_rows``."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.rows = shortcut_rows(window)
        self.table = QTableWidget(len(self.rows), 3)
        self.table.setAccessibleName("Keyboard shortcuts")
        self.table.setHorizontalHeaderLabels(["Keys", "Does", "Where"])
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        for row, entry in enumerate(self.rows):
            for column, text in enumerate((entry.keys, entry.what, entry.where)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(560, 520)

    @classmethod
    def ask(cls, window: QMainWindow) -> None:
        cls(window).exec()
