"""A guard that fails a test if anything tries to reach the network.

Use it as a fixture (import it into a test module, or list it in ``usefixtures``)::

    from tests.stress.network_guard import no_network  # noqa: F401  (pytest fixture)

    def test_journey(no_network, ...):
        ...

or as a context manager around a block: ``with forbid_network() as attempts: ...``.

While active, ``socket.socket.connect``/``connect_ex``/``sendto``, ``socket.create_connection``,
``socket.getaddrinfo``, ``socket.gethostbyname(_ex)`` and ``socket.gethostbyaddr`` raise
``NetworkAccessError`` and record the attempt (Unix-domain sockets stay allowed: they are local
IPC, e.g. a session bus). The fixture also fails at teardown if an attempt was swallowed by an
``except`` somewhere. In a child process, call ``install()`` first (see ``GUARDED_PYTHON``).

Qt's own C++ networking does not go through Python's socket module, so ``qt_network_modules()``
lists any Qt networking module that got loaded: a run that never loads one cannot open a Qt socket.
"""

from __future__ import annotations

import socket
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest


class NetworkAccessError(AssertionError):
    """Something tried to use the network while the guard was active."""


_MODULE_FUNCTIONS = (
    "create_connection",
    "getaddrinfo",
    "gethostbyname",
    "gethostbyname_ex",
    "gethostbyaddr",
)
_SOCKET_METHODS = ("connect", "connect_ex", "sendto")
QT_NETWORK_MODULES = ("PySide6.QtNetwork", "PySide6.QtWebEngineCore", "PySide6.QtWebSockets")

GUARDED_PYTHON = (
    "import sys; from tests.stress.network_guard import install; install(); "
    "from ldn_desktop.cli import main; sys.exit(main(sys.argv[1:]))"
)


def _is_local(sock: socket.socket) -> bool:
    return getattr(socket, "AF_UNIX", None) is not None and sock.family == socket.AF_UNIX


def _module_guard(name: str, attempts: list[str]) -> Callable[..., Any]:
    def refuse(*args: object, **_kwargs: object) -> Any:
        attempts.append(f"socket.{name}{args!r}")
        raise NetworkAccessError(f"network access attempted: socket.{name}{args!r}")

    return refuse


def _method_guard(name: str, real: Callable[..., Any], attempts: list[str]) -> Callable[..., Any]:
    def refuse(self: socket.socket, *args: object) -> Any:
        if _is_local(self):
            return real(self, *args)
        attempts.append(f"socket.socket.{name}{args!r}")
        raise NetworkAccessError(f"network access attempted: socket.{name}{args!r}")

    return refuse


@contextmanager
def forbid_network() -> Iterator[list[str]]:
    """Within the block, every attempt to reach the network raises and is recorded."""
    attempts: list[str] = []
    saved_functions = {name: getattr(socket, name) for name in _MODULE_FUNCTIONS}
    saved_methods = {name: getattr(socket.socket, name) for name in _SOCKET_METHODS}
    for name in _MODULE_FUNCTIONS:
        setattr(socket, name, _module_guard(name, attempts))
    for name, real in saved_methods.items():
        setattr(socket.socket, name, _method_guard(name, real, attempts))
    try:
        yield attempts
    finally:
        for name, function in saved_functions.items():
            setattr(socket, name, function)
        for name, method in saved_methods.items():
            setattr(socket.socket, name, method)


def install() -> list[str]:
    """Activate the guard for the rest of this process (for a child process); returns attempts."""
    guard = forbid_network()
    return guard.__enter__()


def qt_network_modules() -> list[str]:
    """Qt networking modules loaded in this process (there should be none)."""
    return [name for name in QT_NETWORK_MODULES if name in sys.modules]


@pytest.fixture
def no_network() -> Iterator[list[str]]:
    """Fails the test if anything tried to reach the network, even if the error was swallowed."""
    with forbid_network() as attempts:
        yield attempts
    assert attempts == [], f"network access attempted: {attempts}"
