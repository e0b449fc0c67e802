"""The one pint unit registry: built once per process, from pint's disk cache when it can be,
checked against the unit table, and in the background once the window has started.

``quantities`` makes every Quantity from it (``Q_``); nothing else builds a registry.
"""

from __future__ import annotations

import logging
import math
import threading
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ldn_desktop.core.units.unit_cache import (
    UnsafeCacheError,
    clear_unit_cache,
    private_unit_cache_folder,
)

if TYPE_CHECKING:
    import pint

log = logging.getLogger(__name__)

_registry: list[pint.UnitRegistry[Any]] = []  # the one registry, once built
_registry_lock = threading.Lock()


def registry() -> pint.UnitRegistry[Any]:
    """The application-wide unit registry (built on first use, never at import time).

    One registry even when two threads ask at once (the window builds it in the background once
    it has started, ``build_registry_in_background``): quantities of two registries cannot be
    combined.
    """
    if not _registry:
        with _registry_lock:
            if not _registry:
                _registry.append(build_registry())
    return _registry[0]


def build_registry_in_background() -> threading.Thread:
    """Start building the registry on a thread of its own, so that the first page that needs
    units does not wait for pint (~0.2 s even from its cache). A failure there is left to the
    first calculation, which builds the registry again and reports it. Not a daemon thread: a
    program closed at once waits for it rather than stopping it inside an import."""

    def build() -> None:
        with suppress(Exception):
            registry()

    thread = threading.Thread(target=build, name="unit registry", daemon=False)
    thread.start()
    return thread


def build_registry() -> pint.UnitRegistry[Any]:
    """A new registry, from pint's disk cache when it can be.

    Building it from pint's definition file took ~0.2 s of the first Titration or Compounding page
    and of every command that uses units, the cache ~0.03 s (``benchmarks/README.md``). Either
    way the registry must give the exact factors of the unit table (``unit_table_disagreements``).
    A cache that does not, or that pint cannot read, is emptied; one that someone else could have
    written (``unit_cache``) is left as it is. Then the registry is built from the definitions,
    which must agree.
    """
    import pint  # here, not at import time: pint costs ~0.3 s and the window paints without it

    folder: Path | None = None
    try:
        folder = private_unit_cache_folder()  # pickle: only files the user wrote (unit_cache)
        cached: pint.UnitRegistry[Any] = pint.UnitRegistry(cache_folder=folder)
    except UnsafeCacheError as exc:  # not ours to empty either
        log.warning("unit registry built without its cache: %s", exc)
    except Exception as exc:  # the cache only saves time: it must never stop a calculation
        log.info("unit registry built without its cache (%s: %s)", type(exc).__name__, exc)
    else:
        if not unit_table_disagreements(cached):
            return cached
        log.warning("the unit registry's cache disagreed with the unit table: rebuilt")
    if folder is not None:
        clear_unit_cache(folder)
    fresh: pint.UnitRegistry[Any] = pint.UnitRegistry()
    problems = unit_table_disagreements(fresh)
    if problems:  # pint's definitions themselves: no conversion can be trusted
        raise RuntimeError("pint's units disagree with the unit table: " + "; ".join(problems))
    return fresh


def unit_table_disagreements(units: pint.UnitRegistry[Any]) -> list[str]:
    """The unit table's entries whose exact factor to the canonical unit ``units`` does not give
    (relative difference above 1e-12); empty when all agree."""
    from ldn_desktop.core.units.quantities import _UNIT_ALIASES, CANONICAL_UNIT

    problems: list[str] = []
    for name, dimension, factor in sorted(set(_UNIT_ALIASES.values())):
        canonical = CANONICAL_UNIT[dimension]
        try:
            got = units.Quantity(1.0, name).to(canonical).magnitude
        except Exception as exc:  # a unit pint no longer knows is a disagreement
            problems.append(f"{name} -> {canonical}: {type(exc).__name__}")
            continue
        if not math.isclose(got, float(factor), rel_tol=1e-12, abs_tol=0.0):
            problems.append(f"1 {name} = {got!r} {canonical}, the table says {factor}")
    return problems
