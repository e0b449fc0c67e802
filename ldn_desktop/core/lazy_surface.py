"""The public surface of a core domain package, importing each module when a name is first used.

A domain package (``core/washout`` …) lists its public names once in ``_EXPORTS`` (name -> module);
``TYPE_CHECKING`` imports give type checkers the same names. PEP 562 module ``__getattr__``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_surface(
    namespace: dict[str, Any], exports: Mapping[str, str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for the package whose ``globals()`` is *namespace*: a name in
    *exports* is read from its module the first time it is asked for (then kept in the namespace);
    any other name is an AttributeError, as for a plain module."""
    package = namespace["__name__"]

    def attribute(name: str) -> Any:
        try:
            module = exports[name]
        except KeyError:
            raise AttributeError(f"module {package!r} has no attribute {name!r}") from None
        value = getattr(importlib.import_module(f"{package}.{module}"), name)
        namespace[name] = value
        return value

    def names() -> list[str]:
        return sorted({*namespace, *exports})

    return attribute, names
