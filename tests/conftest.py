"""Shared test set-up: offscreen Qt, and no test ever touches the real user's folders."""

from __future__ import annotations

import os

# Before any QApplication exists (pytest-qt creates it lazily): no display needed.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")
os.environ.setdefault("LC_ALL", "C.UTF-8")

from collections.abc import Iterator
from pathlib import Path

import pytest

from ldn_desktop.storage.documents import DataStore


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Data folder, XDG folders and QSettings all point into a fresh temporary folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "xdg-data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "xdg-config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg-cache"))
    monkeypatch.setenv("LDN_DESKTOP_DATA_DIR", str(home / "ldn-data"))
    # the one cache of the run (pint's parsed units), so each command a test starts reads it
    # instead of writing its own (tests/core/test_unit_cache.py tests the cache itself)
    monkeypatch.setenv("LDN_DESKTOP_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(home / "qsettings")
    )


@pytest.fixture(autouse=True)
def _no_bare_gui_application() -> Iterator[None]:
    """A test that writes a PDF or a chart in-process without the ``qapp`` fixture makes the
    CLI's QGuiApplication, and every later Qt test of the run then errors on pytest-qt's
    "Existing QApplication is not an instance of QApplication": fail that test instead."""
    yield
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    app = QGuiApplication.instance()
    if app is not None and not isinstance(app, QApplication):
        pytest.fail(
            "this test made a QGuiApplication (a PDF or chart written in-process): ask for the "
            "qapp fixture, so the run's one application is pytest-qt's QApplication"
        )


@pytest.fixture(scope="session")
def french_locale(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """fr_FR.UTF-8 compiled once for the run (``tests/locale_support.py``)."""
    from tests.locale_support import compile_french

    return compile_french(tmp_path_factory.mktemp("locales"))


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder path that does not exist yet."""
    return tmp_path / "data"


@pytest.fixture
def store(data_dir: Path) -> Iterator[DataStore]:
    """An open, locked DataStore on a fresh folder."""
    opened = DataStore.open(data_dir)
    yield opened
    opened.close()


@pytest.fixture
def app_context(qapp: object, store: DataStore) -> Iterator[object]:
    """The UI's shared context over a fresh store (accepting the disclaimer)."""
    from ldn_desktop.ui.app_context import AppContext

    context = AppContext(store)
    yield context
    context.deleteLater()


@pytest.fixture
def main_window(qtbot: object, app_context: object) -> Iterator[object]:
    """The main window, shown offscreen (closed at the end without asking about unsaved work)."""
    from ldn_desktop.ui.main_window import MainWindow

    window = MainWindow(app_context)  # type: ignore[arg-type]
    window.show()
    yield window
    # closed here, not by qtbot (which closes before fixtures end): a page a test left edited
    # would otherwise ask Save / Discard / Cancel with nobody there to answer
    window.settle_unsaved_changes = lambda *_a, **_k: True  # type: ignore[method-assign]
    window.close()
    window.deleteLater()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that use qtbot get the ``gui`` marker, so ``-m "not gui"`` is a fast loop."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)
