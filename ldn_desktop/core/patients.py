"""Patient profiles: the identity every assessment, plan and log entry hangs off."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime

from ldn_desktop.core.dates import format_day, parse_day
from ldn_desktop.core.errors import InputError

MAX_NAME_LENGTH = 120
_ID_RE = re.compile(r"^[a-z0-9]{4,32}$")


@dataclass(frozen=True, slots=True)
class PatientProfile:
    """Who the data is about. ``id`` is short and stable; the name may change."""

    id: str
    name: str
    birth_date: date | None
    created_at: datetime
    archived: bool = False
    notes: str = ""

    def renamed(self, name: str) -> PatientProfile:
        return replace(self, name=validate_patient_name(name))

    def with_archived(self, archived: bool) -> PatientProfile:
        return replace(self, archived=archived)

    @property
    def label(self) -> str:
        """How the patient is shown in lists: name, and birth date when known."""
        if self.birth_date is None:
            return self.name
        return f"{self.name} (born {format_day(self.birth_date)})"


def validate_patient_name(text: str) -> str:
    """A name of 1–120 printable characters, surrounding spaces removed."""
    if not isinstance(text, str):
        raise InputError("Name: enter the patient's name.", "name")
    name = " ".join(text.split())
    if not name:
        raise InputError("Name: enter the patient's name.", "name")
    if len(name) > MAX_NAME_LENGTH:
        raise InputError(f"Name: at most {MAX_NAME_LENGTH} characters.", "name")
    if any(not ch.isprintable() for ch in name):
        raise InputError("Name: contains control characters.", "name")
    return name


def parse_birth_date(text: str | None, today: date | None = None) -> date | None:
    """A date (``1970-01-02`` or ``2 Jan 1970``, never the ambiguous 02/01/1970; ``core.dates``)
    not in the future and not before 1900; empty means unknown."""
    if text is None or not text.strip():
        return None
    value = parse_day(text, field="birth_date", label="Birth date", day_first=None, years=(1, 9999))
    today = today or date.today()
    if value > today:
        raise InputError("Birth date: cannot be in the future.", "birth_date")
    if value.year < 1900:
        raise InputError("Birth date: before 1900; please check.", "birth_date")
    return value


def validate_patient_id(text: str) -> str:
    """A patient id as printed by ``patient add`` (lower-case letters and digits)."""
    if not isinstance(text, str) or not _ID_RE.match(text.strip()):
        raise InputError(f"Patient: '{str(text)[:40]}' is not a patient id.", "patient")
    return text.strip()


def new_patient(
    name: str, birth_date: date | None = None, taken: set[str] | frozenset[str] = frozenset()
) -> PatientProfile:
    """A new profile with a fresh id not in ``taken``."""
    while True:
        candidate = os.urandom(4).hex()  # what secrets.token_hex does, without its imports
        if candidate not in taken:
            break
    return PatientProfile(
        id=candidate,
        name=validate_patient_name(name),
        birth_date=birth_date,
        created_at=datetime.now(UTC).replace(microsecond=0),
    )
