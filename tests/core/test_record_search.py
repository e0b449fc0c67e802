"""RecordSearch: the records list's search, made once for a list searched as the user types.

It must find exactly what the definition finds: every word of the text in one of a record's
fields (``matches``), newest first. Its oracle here is that definition, applied record by record.
"""

from __future__ import annotations

import dataclasses
import random
from datetime import date, datetime, timedelta

import pytest

from ldn_desktop.core.compounding import RecordSearch, search_records
from ldn_desktop.core.compounding.record import CompoundingRecord, matches
from tests.storage.test_pharmacy_records import draft

PIECES = [
    "Ada",
    "ada",
    "LOVELACE",
    "Σίσυφος",
    "ΟΔΥΣΣΕΥΣ",
    "İstanbul",
    "x-1",
    "RX-10",
    "2023",
    "05",
    "-",
]


def _definition(records: list[CompoundingRecord], text: str) -> list[CompoundingRecord]:
    found = [r for r in records if all(matches(r, word) for word in text.split())]
    return sorted(found, key=lambda r: (r.draft.compounded_on, r.lot), reverse=True)


def _records(rng: random.Random, count: int) -> list[CompoundingRecord]:
    base_draft = draft()
    base = CompoundingRecord(
        lot="", created_at=datetime(2023, 1, 1, 9).astimezone(), draft=base_draft
    )
    made = []
    for number in range(count):
        day = date(2023, 1, 1) + timedelta(days=rng.randrange(400))
        name = " ".join(rng.choice(PIECES) for _ in range(rng.randint(0, 3)))
        made.append(
            dataclasses.replace(
                base,
                lot=f"{day:%Y%m%d}-{number + 1:02d}",
                draft=dataclasses.replace(
                    base_draft,
                    compounded_on=day,
                    patient_name=name,
                    patient_id=rng.choice(["", "p-ada", "p-Σ"]),
                    prescription=rng.choice(PIECES) + rng.choice(PIECES),
                ),
            )
        )
    return made


@pytest.mark.parametrize("seed", range(25))
def test_the_same_records_as_the_definition_in_the_same_order(seed: int) -> None:
    rng = random.Random(seed)
    records = _records(rng, rng.randint(0, 40))
    search = RecordSearch(records)
    texts = ["", "   ", "2023", "2023-0", "0101", "ada lovelace", "ς", "σ", "ΣΊΣ", "i̇", "x-1 rx"]
    texts += [" ".join(rng.choice(PIECES) for _ in range(rng.randint(1, 3))) for _ in range(10)]
    texts += [rng.choice(PIECES)[1:] + rng.choice(PIECES)[:2] for _ in range(10)]  # across fields
    for text in texts:
        expected = _definition(records, text)
        assert search.find(text) == expected, text
        assert search_records(records, text) == expected, text
