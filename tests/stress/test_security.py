"""Security: private files, no network, no code execution from data.

- After a realistic session (even under a careless umask), every file in the data folder is 0600
  and every folder 0700.
- Nothing tries to reach the network while the window is used and CLI commands run (the guard in
  ``network_guard.py``), and no Qt networking module gets loaded.
- No eval/exec, pickle, marshal, shelve or yaml.load anywhere in the package (an AST scan).
"""

from __future__ import annotations

import ast
import json
import os
import socket
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ldn_desktop
from tests.stress.network_guard import (
    GUARDED_PYTHON,
    NetworkAccessError,
    forbid_network,
    qt_network_modules,
)
from tests.stress.session import realistic_session, run_cli

PACKAGE = Path(ldn_desktop.__file__).parent
REPO = PACKAGE.parent


@pytest.fixture(params=[0o022, 0o000], ids=["umask 022", "umask 000"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield request.param
    finally:
        os.umask(previous)


def test_data_files_0600_and_folders_0700_after_a_session(tmp_path: Path, umask: int) -> None:
    data = tmp_path / "data"
    realistic_session(data, tmp_path)
    run_cli(data, "patient", "delete", "--yes", run_cli(data, "patient", "add", "--name", "T")[1])
    loose = []
    for path in [data, *data.rglob("*")]:
        mode = stat.S_IMODE(path.lstat().st_mode)
        expected = 0o700 if path.is_dir() else 0o600
        if mode != expected:
            loose.append(f"{oct(mode)} {path.relative_to(tmp_path)}")
    assert loose == [], "\n".join(loose)
    assert len(list(data.rglob("*.json"))) >= 3


def test_archive_exports_are_private(tmp_path: Path, umask: int) -> None:
    """An archive of all the data is as private as the folder it came from."""
    data = tmp_path / "data"
    realistic_session(data, tmp_path)
    status, _, err = run_cli(data, "data", "export", str(tmp_path / "again.zip"))
    assert status == 0, err
    assert stat.S_IMODE((tmp_path / "again.zip").stat().st_mode) == 0o600


# -- no network -------------------------------------------------------------------------------


def test_the_guard_catches_attempts() -> None:
    """The guard itself works: TCP, UDP and name lookups are refused, Unix sockets are not."""
    with forbid_network() as attempts:
        with pytest.raises(NetworkAccessError):
            socket.create_connection(("192.0.2.1", 80), timeout=0.1)
        with pytest.raises(NetworkAccessError):
            socket.getaddrinfo("example.org", 443)
        with (
            socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp,
            pytest.raises(NetworkAccessError),
        ):
            tcp.connect(("192.0.2.1", 80))
        with (
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp,
            pytest.raises(NetworkAccessError),
        ):
            udp.sendto(b"x", ("192.0.2.1", 53))
        left, right = socket.socketpair()
        left.close()
        right.close()
    assert len(attempts) == 4
    socket.getaddrinfo("localhost", None)  # restored afterwards


def _visit_every_page(window: Any, qtbot: Any) -> None:
    for row in range(window.navigation.count()):
        window.show_page_at(row)
        qtbot.wait(1)
        assert window.current_page() is window.pages[row]


def test_no_network_while_the_window_and_cli_are_used(
    no_network: list[str], tmp_path: Path, qtbot: Any
) -> None:
    from ldn_desktop.app import build_main_window
    from ldn_desktop.storage.documents import DataStore

    data = tmp_path / "data"
    ids = realistic_session(data, tmp_path)
    store = DataStore.open(data)
    try:
        window = build_main_window(store)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        window.context.set_current_patient(ids["patient"])  # type: ignore[attr-defined]
        _visit_every_page(window, qtbot)
        window.close()
    finally:
        store.close()
    for args in (["patient", "list", "--json"], ["patient", "show", ids["patient"]]):
        assert run_cli(data, *args)[0] == 0
    assert qt_network_modules() == []
    assert no_network == []


def test_no_network_in_a_child_process(tmp_path: Path) -> None:
    """The installed guard works across a fresh interpreter running the CLI."""
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    probe = (
        "import json, sys\n"
        "from tests.stress.network_guard import install, qt_network_modules\n"
        "attempts = install()\n"
        "from ldn_desktop.cli import main\n"
        "main(['--data-dir', sys.argv[1], 'patient', 'add', '--name', 'Net Check'])\n"
        "main(['--data-dir', sys.argv[1], 'patient', 'list'])\n"
        "print(json.dumps({'attempts': attempts, 'qt_network': qt_network_modules()}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(data)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {"attempts": [], "qt_network": []}
    guarded = subprocess.run(
        [sys.executable, "-c", GUARDED_PYTHON, "--data-dir", str(data), "patient", "list"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=120,
    )
    assert guarded.returncode == 0 and "Net Check" in guarded.stdout, guarded.stderr


# -- no code execution from data ---------------------------------------------------------------

FORBIDDEN_MODULES = {"pickle", "cPickle", "marshal", "shelve", "dill", "cloudpickle", "jsonpickle"}
NETWORK_MODULES = {"urllib", "http", "requests", "httpx", "ftplib", "smtplib", "xmlrpc", "ssl"}
FORBIDDEN_CALLS = {"eval", "exec"}
DYNAMIC_CALLS = {"__import__", "compile"}  # allowed only with a literal argument


def _python_files() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _problems(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    rel = path.relative_to(REPO)
    found = []
    for node in ast.walk(tree):
        names: list[str] = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            top = name.split(".")[0]
            if top in FORBIDDEN_MODULES | NETWORK_MODULES or name.startswith("PySide6.QtNetwork"):
                found.append(f"{rel}:{node.lineno}: imports {name}")
            if top == "yaml":
                found.append(f"{rel}:{node.lineno}: imports yaml (use JSON)")
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append(f"{rel}:{node.lineno}: calls {func.id}()")
            literal = bool(node.args) and isinstance(node.args[0], ast.Constant)
            if isinstance(func, ast.Name) and func.id in DYNAMIC_CALLS and not literal:
                found.append(f"{rel}:{node.lineno}: calls {func.id}() on a computed value")
            if isinstance(func, ast.Attribute) and func.attr in {"load", "unsafe_load"}:
                owner = func.value
                if isinstance(owner, ast.Name) and owner.id in {"yaml", "pickle", "marshal"}:
                    found.append(f"{rel}:{node.lineno}: calls {owner.id}.{func.attr}()")
    return found


def test_no_eval_exec_pickle_or_network_modules_in_the_package() -> None:
    files = _python_files()
    assert len(files) > 20
    problems = [problem for path in files for problem in _problems(path)]
    assert problems == [], "\n".join(problems)


def test_the_only_socket_use_is_the_lock_files_host_name() -> None:
    """``socket`` appears only to name the host holding the data folder's lock."""
    uses = []
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id == "socket"
            ):
                uses.append(f"{path.relative_to(PACKAGE)}:{node.attr}")
    assert set(uses) <= {"storage/lock.py:gethostname"}, uses
