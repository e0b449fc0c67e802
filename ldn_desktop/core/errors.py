"""One error hierarchy. Messages are written for the pharmacist, prescriber or patient who reads them."""

from __future__ import annotations


class LdnError(Exception):
    """Base of every expected error the program reports to its user."""


class InputError(ValueError, LdnError):
    """A value typed by the user is not acceptable.

    ``field`` names the input it came from (a form field or a CLI option), so the UI can show the
    message next to that field and the CLI can name the option.
    """

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.message = message

    def __str__(self) -> str:
        return self.message

    def with_field(self, field: str) -> InputError:
        """The same error, attributed to ``field`` (keeps an existing attribution)."""
        if self.field:
            return self
        return type(self)(self.message, field)


class ReferenceDataError(ValueError, LdnError):
    """A shipped or edited reference-data file (resources/data) is invalid."""


class StorageError(OSError, LdnError):
    """A document could not be read or written."""
