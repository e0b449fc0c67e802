"""Storage errors, each with a message a user can act on."""

from __future__ import annotations

from pathlib import Path

from ldn_desktop.core.errors import StorageError


class InvalidDocumentError(ValueError):
    """Raised by a document validator; the message names the first problem found."""


class NewerDocumentError(InvalidDocumentError):
    """The bytes are a document of a newer version than this program reads (see NewerVersionError)."""

    def __init__(self, found: int, supported: int) -> None:
        self.found = found
        self.supported = supported
        super().__init__("it was written by a newer version of LDN Desktop")


class CorruptDocumentError(StorageError):
    """A document could not be read; it was moved aside and never overwritten.

    ``newest_backup`` is the newest backup that loads and validates (None if there is none).
    """

    def __init__(
        self,
        path: Path,
        problem: str,
        moved_to: Path | None,
        newest_backup: Path | None,
        rel: str | None = None,
    ) -> None:
        self.path = path
        self.rel = rel  # its path inside the data folder: says whose it is (patients/<id>/...)
        self.problem = problem
        self.moved_to = moved_to
        self.newest_backup = newest_backup
        where = f" It was moved aside as {moved_to.name}." if moved_to else ""
        offer = (
            f" A backup from {newest_backup.name} can be restored (ldn-desktop data recover,"
            " or Settings ▸ Data ▸ Recover a document…)."
            if newest_backup
            else " No valid backup was found."
        )
        super().__init__(f"{rel or path.name} is damaged: {problem}.{where}{offer}")

    def __str__(self) -> str:
        return str(self.args[0])


class NewerVersionError(StorageError):
    """A document was written by a newer ldn-desktop; it is never downgraded or overwritten."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        self.path = path
        self.found = found
        self.supported = supported
        super().__init__(
            f"{path.name} was written by a newer version of LDN Desktop (format version {found}; "
            f"this version reads up to {supported}). It is left untouched; update the program "
            "to change it."
        )

    def __str__(self) -> str:
        return str(self.args[0])


class ReadOnlyError(StorageError):
    """A write was attempted while the data folder is open read-only."""

    def __str__(self) -> str:
        return str(self.args[0])


class DataInUseError(StorageError):
    """Another running LDN Desktop holds the data folder."""

    def __str__(self) -> str:
        return str(self.args[0])


class DocumentNotSavedError(StorageError):
    """A document would not pass its own validation (it would be refused when read back)."""

    def __str__(self) -> str:
        return str(self.args[0])


class DiskWriteError(StorageError):
    """The operating system refused a write (full disk, permissions...); nothing was changed."""

    def __str__(self) -> str:
        return str(self.args[0])


class UnsafeFileError(StorageError):
    """A file the program needs (the lock) is a link, a FIFO, a device or a folder: not used."""

    def __str__(self) -> str:
        return str(self.args[0])
