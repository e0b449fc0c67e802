"""User-facing sources of the washout data read as published references (issue 11)."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from ldn_desktop.core.washout import (
    MedicationInput,
    TimePoint,
    WashoutRequest,
    check_washout,
    stop_before,
)
from ldn_desktop.paths import resource_path

INTERNAL = re.compile(r"📘|✅|⚠|not re-read|\[label\]|\[checked\]|\[opinion\]|\(verify\)")


def _rows() -> list[tuple[str, dict[str, object]]]:
    folder = resource_path("data")
    rows = []
    for name, key in (
        ("opioids.json", "entries"),
        ("washout_classes.json", "classes"),
        ("interactions.json", "interactions"),
    ):
        data = json.loads((folder / name).read_text(encoding="utf-8"))
        rows += [(f"{name} {row['id']}", row) for row in data[key]]
    return rows


@pytest.mark.parametrize(("where", "row"), _rows(), ids=[w for w, _ in _rows()])
def test_sources_are_published_references(where: str, row: dict[str, object]) -> None:
    source = str(row["source"])
    assert not INTERNAL.search(source), source
    assert "docs/reference/washout.md §" in source
    for key in ("notes", "effect", "advice", "half_life", "patch_wear_source"):
        assert not INTERNAL.search(str(row.get(key, ""))), key
    assert isinstance(row["verified"], bool)  # the review state stays as data
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(row["reviewed_on"]))


def test_results_carry_no_internal_marks() -> None:
    meds = tuple(
        MedicationInput(name, last=TimePoint(datetime(2026, 1, 1)))
        for name in ("morphine", "Suboxone", "Contrave", "yohimbine", "Movantik", "kratom")
    )
    result = check_washout(WashoutRequest(meds, TimePoint(datetime(2026, 3, 1))))
    texts = [d.source for d in result.drugs] + [i.source for i in result.interactions]
    texts += list(result.notes) + [d.reason for d in result.drugs]
    texts.append(stop_before(TimePoint(datetime(2026, 3, 1))).source)
    for text in texts:
        assert not INTERNAL.search(text), text
