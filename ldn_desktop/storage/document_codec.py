"""Document kinds and the one check of a document's bytes (issue 12 item 6).

``load_document`` decodes (bounded, see ``storage.bounded``), refuses a newer version, migrates an
older one in memory, validates and checks that the document belongs at its path. Reading from the
data folder (``DataStore.read``), import, restore and recovery all call it, so a document accepted
by one is accepted by all; ``DataStore.write`` runs the same validation before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ldn_desktop.storage.bounded import parse_json
from ldn_desktop.storage.errors import InvalidDocumentError, NewerDocumentError

Document = dict[str, Any]
Migration = Callable[[Document], Document]


@dataclass(frozen=True)
class DocumentKind:
    """A kind of document: its format name, current version, validator and migrations.

    ``migrations[n]`` turns a version-n document into a version-(n+1) one.
    """

    name: str
    version: int
    validate: Callable[[Document], None]
    migrations: Mapping[int, Migration] = field(default_factory=dict)
    # checks that a valid document belongs where it is (e.g. a profile's id is its folder's name)
    check_place: Callable[[str, Document], None] | None = None
    # the store keeps the SHA-256 of the bytes it last found valid (or wrote) at each path and does
    # not validate the same bytes again: for a large document read often (``pharmacy.json``)
    remember_valid: bool = False

    @property
    def format(self) -> str:
        return f"ldn-desktop/{self.name}"


def decode_document(raw: bytes, kind: DocumentKind) -> tuple[Document, int]:
    """Parse and check the envelope; returns the body and its version. Raises InvalidDocumentError."""
    return check_envelope(parse_json(raw), kind)


def check_envelope(data: Any, kind: DocumentKind) -> tuple[Document, int]:
    """A parsed document's envelope checked: the body and its version. Raises InvalidDocumentError."""
    if not isinstance(data, dict):
        raise InvalidDocumentError("the top level is not a JSON object")
    if data.get("format") != kind.format:
        raise InvalidDocumentError(
            f"'format' is {_shown(data.get('format'))}, expected {kind.format!r}"
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise InvalidDocumentError("'version' must be a whole number of 1 or more")
    return data, version


def _shown(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def migrate(data: Document, version: int, kind: DocumentKind) -> Document:
    """An older document brought to the current version in memory. Raises InvalidDocumentError."""
    while version < kind.version:
        step = kind.migrations.get(version)
        if step is None:
            raise InvalidDocumentError(f"no migration from version {version}")
        try:
            data = dict(step(dict(data)))
        except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
            raise InvalidDocumentError(f"cannot migrate from version {version}: {exc}") from None
        version += 1
        data["version"] = version
    return data


def validate(data: Document, kind: DocumentKind) -> None:
    """Run the kind's validator; a validator tripping over a hostile value still says 'invalid'."""
    try:
        kind.validate(data)
    except InvalidDocumentError:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, OverflowError) as exc:
        raise InvalidDocumentError(
            f"a value cannot be read ({type(exc).__name__}: {exc})"
        ) from None


def load_document(raw: bytes, kind: DocumentKind, rel: str | None = None) -> tuple[Document, int]:
    """The one check of a document's bytes (reading, import, restore): the current-version body
    and the version it was stored as.

    Decodes (bounded), refuses a newer version (NewerDocumentError), migrates an older one in
    memory, validates and, given its path ``rel`` in the data folder, checks it belongs there.
    Raises InvalidDocumentError.
    """
    return load_parsed_document(parse_json(raw), kind, rel)


def load_parsed_document(
    parsed: Any, kind: DocumentKind, rel: str | None = None
) -> tuple[Document, int]:
    """``load_document`` of a document ``storage.bounded`` already parsed (reading many at once)."""
    data, version = check_envelope(parsed, kind)
    if version > kind.version:
        raise NewerDocumentError(version, kind.version)
    current = migrate(data, version, kind) if version < kind.version else data
    validate(current, kind)
    if rel is not None and kind.check_place is not None:
        kind.check_place(rel, current)
    return current, version


# one compact line per item, by the json module's C encoder (see encode_document)
_compact = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


def _indented(value: Any) -> str:
    """A value of the document's own keys: a list or object with each item on its own line."""
    if isinstance(value, list) and value:
        return "[\n" + ",\n".join(f"  {_compact(item)}" for item in value) + "\n ]"
    if isinstance(value, dict) and value:
        items = (f"  {_pair(key, _compact(item))}" for key, item in value.items())
        return "{\n" + ",\n".join(items) + "\n }"
    return _compact(value)


def _pair(key: Any, value: str) -> str:
    """``"key": value``, the key made a string exactly as the json module makes it."""
    return _compact({key: None})[1:-7] + ": " + value


def encode_document(body: Document, kind: DocumentKind) -> bytes:
    """Serialise with the envelope first: each key of the document on its own line, and each
    item of its lists and objects (a record, a day's entry) on one line of its own. Readable and
    diffable, and written by the json module's C encoder: ``indent=`` runs its pure-Python one,
    ~0.8 s for a 2,000-record ``pharmacy.json`` (issue 14)."""
    envelope = {"format": kind.format, "version": kind.version}
    envelope.update({k: v for k, v in body.items() if k not in envelope})
    lines = (f" {_pair(key, _indented(value))}" for key, value in envelope.items())
    return ("{\n" + ",\n".join(lines) + "\n}\n").encode()
