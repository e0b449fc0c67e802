"""Child process for ``startup_costs``: ``probe_window`` with counters on what start-up spends
Python time on, reported with its JSON line when the window is ready.

``python benchmarks/probe_costs.py bare``  or  ``python benchmarks/probe_costs.py app DATA``

Counted up to "ready" (the bare window painted; the app's first page painted and idle):

- ``enum_*``: Python enum types made through the ``enum`` functional API. PySide6 makes one for
  every C++ enum of a Qt class the first time the class is used (our own ``class X(Enum)``
  statements do not go through it). ``qt_enum_*`` is the part of the ``Qt`` namespace.
- ``dataclass_*``: classes processed by ``@dataclass``.
- ``regex_*``: regular expressions compiled (``re`` caches them: each pattern once).
- ``gc_*``: garbage-collector runs and their time.
- ``modules_ours`` / ``modules_all``: modules loaded.

The counters cost time themselves (a few ms), so these processes are slower than
``probe_window.py``'s: use the figures to compare the two windows, not as rows 1 and 8.
"""

from __future__ import annotations

import dataclasses
import enum
import gc
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))  # probe_window, as a script would

import probe_window

_counts: dict[str, float] = {
    "regex_count": 0,
    "regex_ms": 0.0,
    "gc_runs": 0,
    "gc_ms": 0.0,
}
_made: dict[str, list[tuple[Any, float]]] = {"enum": [], "dataclass": []}  # (made, seconds)


def _timed(original: Callable[..., Any], key: str) -> Callable[..., Any]:
    """``original`` with each call's result and duration kept under ``key``."""

    def counted(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        made = original(*args, **kwargs)
        _made[key].append((made, time.perf_counter() - start))
        return made

    return counted


def _compile_counted(pattern: Any, flags: Any) -> Any:
    cached = (type(pattern), pattern, flags) in re._cache  # type: ignore[attr-defined]
    start = time.perf_counter()
    compiled = _original_compile(pattern, flags)
    if not cached and not isinstance(pattern, re.Pattern):
        _counts["regex_count"] += 1
        _counts["regex_ms"] += (time.perf_counter() - start) * 1000
    return compiled


_gc_started = [0.0]


def _gc_timer(phase: str, _info: dict[str, int]) -> None:
    if phase == "start":
        _gc_started[0] = time.perf_counter()
    else:
        _counts["gc_runs"] += 1
        _counts["gc_ms"] += (time.perf_counter() - _gc_started[0]) * 1000


def report() -> dict[str, float]:
    figures = dict(_counts)
    enums, dataclasses_made = _made["enum"], _made["dataclass"]
    # PySide names an enum type after creating it: read the names now
    qt = [
        spent
        for kind, spent in enums
        if kind.__module__ == "PySide6.QtCore" and kind.__qualname__.startswith("Qt.")
    ]
    figures["enum_types"] = len(enums)
    figures["enum_members"] = float(sum(len(kind.__members__) for kind, _ in enums))
    figures["enum_ms"] = sum(spent for _, spent in enums) * 1000
    figures["qt_enum_types"] = len(qt)
    figures["qt_enum_ms"] = sum(qt) * 1000
    figures["dataclass_count"] = len(dataclasses_made)
    figures["dataclass_ms"] = sum(spent for _, spent in dataclasses_made) * 1000
    figures["modules_ours"] = float(sum(name.startswith("ldn_desktop") for name in sys.modules))
    figures["modules_all"] = len(sys.modules)
    return figures


_original_compile = re._compile  # type: ignore[attr-defined]


def install() -> None:
    enum.EnumType._create_ = _timed(enum.EnumType._create_, "enum")  # type: ignore[attr-defined]
    dataclasses._process_class = _timed(dataclasses._process_class, "dataclass")  # type: ignore[attr-defined]
    re._compile = _compile_counted  # type: ignore[attr-defined]
    gc.callbacks.append(_gc_timer)
    probe_window.REPORTERS.append(report)


if __name__ == "__main__":
    install()
    sys.exit(probe_window.main())
