"""Start-up help for PySide6: tell it which modules use no ``__feature__`` before they load;
give actions their keys without building the ``Qt`` namespace (``shortcut_keys``).

PySide6 watches every import made after it is loaded: for each new module it reads the module's
source (``inspect.getsource``) to see whether the text "PySide6" appears, so that modules using
PySide take part in ``from __feature__ import snake_case``-style switching
(``shibokensupport/feature.py``, ``feature_imported``). That costs ~0.15 ms a module, and the window
imports ~110 of ours before the first page is ready (12-24 ms measured, issue 14); the Compounding
page then loads ~100 modules of pint.

No module of this program selects a ``__feature__`` (``tests/ui/test_start_up.py`` checks the
sources), so the answer PySide would work out is known in advance: ours take part with no feature
selected (``0``, what PySide gives a module mentioning PySide6); the standard library and the
pure-Python packages we load (pint, icalendar) are ignored (``-1``, what it gives a module that
does not mention it). The check runs on every module an ``import`` statement names, including
``os`` or ``typing`` loaded long before (~70 of them at start-up). So the standard-library modules
already loaded are entered in PySide's own table at once, and a finder placed first on
``sys.meta_path`` enters each new module of ours, of the standard library or of those packages
as it is looked up (it finds nothing itself: the normal finders load the module). PySide then
skips the source reads; nothing else changes. If a PySide6 release moves that table, nothing is registered
and start-up is as before.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from importlib.machinery import ModuleSpec
from types import ModuleType

from PySide6.QtGui import QKeySequence

FEATURE_MODULE = "PySide6.support.feature"
# top-level package -> PySide's feature flag for its modules (0: no feature; -1: not PySide)
KNOWN_PACKAGES: dict[str, int] = {
    "ldn_desktop": 0,
    "pint": -1,
    "flexcache": -1,
    "flexparser": -1,
    "icalendar": -1,
    "dateutil": -1,
}


def _flag(name: str) -> int | None:
    """PySide's answer for module ``name``, when it is known without reading the source."""
    top = name.partition(".")[0]
    flag = KNOWN_PACKAGES.get(top)
    if flag is None and top in sys.stdlib_module_names:
        return -1
    return flag


def _feature_table() -> dict[str, int] | None:
    table = getattr(sys.modules.get(FEATURE_MODULE), "pyside_feature_dict", None)
    return table if isinstance(table, dict) else None


class FeatureFlagFinder:
    """A meta-path finder that only registers names (``find_spec`` always returns None)."""

    def __init__(self, table: dict[str, int]) -> None:
        self.table = table

    def find_spec(
        self, fullname: str, path: Sequence[str] | None = None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        flag = _flag(fullname)
        if flag is not None:
            self.table.setdefault(fullname, flag)
        return None

    def invalidate_caches(self) -> None:
        return None


def skip_pyside_source_scan() -> bool:
    """Install the finder once (call it after PySide6 is imported); False if PySide6's feature
    table is not there (not loaded yet, or a release that keeps it elsewhere)."""
    if any(isinstance(finder, FeatureFlagFinder) for finder in sys.meta_path):
        return True
    table = _feature_table()
    if table is None:
        return False
    for name in list(sys.modules):  # loaded before PySide6 or by it: os, typing, inspect...
        flag = _flag(name)
        if flag is not None:
            table.setdefault(name, flag)
    sys.meta_path.insert(0, FeatureFlagFinder(table))
    return True


def shortcut_keys(key: QKeySequence | QKeySequence.StandardKey | str) -> list[QKeySequence]:
    """``key`` as the one-item list ``QAction.setShortcuts`` takes: the same keys as
    ``setShortcut(key)`` (a standard key's first binding). ``setShortcut`` itself has overloads
    whose checking makes PySide6 build the ``Qt`` namespace, 93 enum types, 15-20 ms that the
    window's first paint does not otherwise need (``ui/main_window``, issue 14 row 1)."""
    return [key] if isinstance(key, QKeySequence) else [QKeySequence(key)]
