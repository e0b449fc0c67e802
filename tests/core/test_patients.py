"""Patient profile rules."""

from __future__ import annotations

from datetime import date

import pytest

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.patients import (
    new_patient,
    parse_birth_date,
    validate_patient_id,
    validate_patient_name,
)


@pytest.mark.parametrize(
    ("text", "expected"), [("  Ann   Lee ", "Ann Lee"), ("Zoë O'Brien", "Zoë O'Brien")]
)
def test_names_are_tidied(text: str, expected: str) -> None:
    """Surrounding and repeated spaces go; letters of every language stay."""
    assert validate_patient_name(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "x" * 121, "a\x00b"])
def test_bad_names_refused(text: str) -> None:
    """Empty, overlong and control-character names are refused with a message naming the field."""
    with pytest.raises(InputError, match="Name"):
        validate_patient_name(text)


def test_birth_date_rules() -> None:
    """ISO dates only, not in the future, not before 1900; empty means unknown."""
    today = date(2026, 11, 22)
    assert parse_birth_date("1970-01-02", today) == date(1970, 1, 2)
    assert parse_birth_date("", today) is None
    for bad in ("2026-11-23", "1899-12-31", "02/03/1970", "soon"):
        with pytest.raises(InputError, match="Birth date"):
            parse_birth_date(bad, today)


def test_ids_are_unique_and_valid() -> None:
    """New ids never collide with taken ones and pass the id check."""
    taken = {new_patient("A").id for _ in range(50)}
    fresh = new_patient("B", taken=frozenset(taken))
    assert fresh.id not in taken
    assert validate_patient_id(fresh.id) == fresh.id
    with pytest.raises(InputError):
        validate_patient_id("../x")


def test_the_list_label_shows_the_birth_date_in_the_people_style() -> None:
    """'Jane Example (born 12 Apr 1968)' in the patient bar and `patient list`, like every date a
    person reads; `patient list --json` keeps ISO."""
    assert new_patient("Jane Example", date(1968, 4, 12)).label == "Jane Example (born 12 Apr 1968)"
    assert new_patient("Sam Roe").label == "Sam Roe"
