"""Where the shipped resources are, and where the user's data lives by default.

``resource_dir()`` is the one place that knows the three layouts: a PyInstaller bundle
(``sys._MEIPASS/resources``), an installed wheel (``ldn_desktop/resources``, put there by the wheel
build) and a checkout or editable install (the top-level ``resources/``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_NAME = "ldn-desktop"
DATA_DIR_ENV = "LDN_DESKTOP_DATA_DIR"
CACHE_DIR_ENV = "LDN_DESKTOP_CACHE_DIR"


def resource_dir() -> Path:
    """The folder holding ``data/`` (reference tables) and ``icons/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(bundle) / "resources"
    package = Path(__file__).resolve().parent
    installed = package / "resources"
    if installed.is_dir():
        return installed
    return package.parent / "resources"


def resource_path(*parts: str) -> Path:
    """A file under the resources folder, e.g. ``resource_path("data", "opioids.json")``."""
    return resource_dir().joinpath(*parts)


def default_data_dir() -> Path:
    """The per-user application-data folder, following each platform's convention.

    Linux: ``$XDG_DATA_HOME/ldn-desktop`` (default ``~/.local/share/ldn-desktop``), the same place
    ``QStandardPaths.AppDataLocation`` gives; macOS: ``~/Library/Application Support/ldn-desktop``;
    Windows: ``%APPDATA%\\ldn-desktop``. Resolved here without Qt so the CLI needs no Qt.
    """
    if sys.platform == "win32":
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def resolve_data_dir(cli_value: str | os.PathLike[str] | None) -> Path:
    """``--data-dir`` wins, then ``$LDN_DESKTOP_DATA_DIR``, then the platform default."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env = os.environ.get(DATA_DIR_ENV)
    if env:
        return Path(env).expanduser().resolve()
    return default_data_dir()


def cache_dir() -> Path:
    """The per-user cache folder: what can be rebuilt at any time and is never the user's data
    (``$LDN_DESKTOP_CACHE_DIR``, else the platform's cache folder: ``$XDG_CACHE_HOME/ldn-desktop``,
    default ``~/.cache/ldn-desktop``; ``~/Library/Caches/ldn-desktop`` on macOS;
    ``%LOCALAPPDATA%\\ldn-desktop\\Cache`` on Windows, as ``platformdirs`` gives them)."""
    env = os.environ.get(CACHE_DIR_ENV)
    if env:
        return Path(env).expanduser()
    import platformdirs  # pint's own dependency; loaded with pint, never at start-up

    return platformdirs.user_cache_path(APP_NAME, appauthor=False)
