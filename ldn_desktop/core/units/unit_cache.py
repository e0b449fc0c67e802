"""Where pint keeps its parsed unit definitions between runs, and who may have written them.

pint's disk cache (``pint.UnitRegistry(cache_folder=...)``, through ``flexcache``) stores
``pickle`` files, and reading a pickle runs whatever code it names. So the cache is read only from
a folder of this user's own, in the per-user cache folder (``paths.cache_dir()``, never the data
folder, which backups, imports and restores fill): a real folder (not a link), owned by the user
and made ``0700`` (no one else can open what is in it), in a cache folder no one else can write
to, holding only regular files that are the user's. Anyone able to put a file there could already
change the user's own start-up files. Where that cannot be shown, the registry is built from pint's definitions instead (as
before the cache; ``unit_registry.build_registry``).
"""

from __future__ import annotations

import os
import stat
from contextlib import suppress
from pathlib import Path

UNIT_CACHE_SUBFOLDER = "pint"  # in ``paths.cache_dir()``: ours alone, so it can be emptied
_WRITTEN_BY_PINT = (".pickle", ".json")
_OWNER_BITS = os.name == "posix"  # file modes say who owns and who may write (not on Windows)


class UnsafeCacheError(OSError):
    """The cache folder or a file in it could have been written by someone else."""


def unit_cache_folder() -> Path:
    """Where pint keeps its parsed definitions for the next start (not made or checked here)."""
    from ldn_desktop.paths import cache_dir

    return cache_dir() / UNIT_CACHE_SUBFOLDER


def private_unit_cache_folder() -> Path:
    """The unit cache folder, made if missing and checked as the module says: the cache folder
    and its ``pint`` folder are real folders of the user's that no one else can write to (the
    ``pint`` folder is made ``0700``, so no one else can even open what is in it), and every file
    in it is a regular file of the user's.

    Raises OSError (``UnsafeCacheError`` when someone else could have written there)."""
    folder = unit_cache_folder()
    folder.parent.parent.mkdir(parents=True, exist_ok=True)  # e.g. ~/.cache on a new account
    for path in (folder.parent, folder):
        with suppress(FileExistsError):
            path.mkdir(mode=0o700)
        _check_ours(path, folder=True)
    if stat.S_IMODE(os.lstat(folder).st_mode) != 0o700:
        os.chmod(folder, 0o700)
    for name in os.listdir(folder):
        _check_ours(folder / name, folder=False)
    return folder


def _check_ours(path: Path, *, folder: bool) -> None:
    info = os.lstat(path)  # a link is refused, not followed
    if not (stat.S_ISDIR if folder else stat.S_ISREG)(info.st_mode):
        raise UnsafeCacheError(f"{path} is not a {'folder' if folder else 'regular file'}")
    if not _OWNER_BITS:  # Windows: no owner or group bits; the user's profile is the guard
        return
    if info.st_uid != os.getuid():
        raise UnsafeCacheError(f"{path} belongs to another user")
    if folder and info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise UnsafeCacheError(f"{path} can be written by other users")


def clear_unit_cache(folder: Path) -> None:
    """Remove what pint wrote in ``folder`` (its ``.pickle`` files and their ``.json`` headers)."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for name in names:
        if name.endswith(_WRITTEN_BY_PINT):
            with suppress(OSError):
                os.unlink(folder / name)
