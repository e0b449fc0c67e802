"""Saved washout assessments: appended, time-stamped, earlier ones kept; the titration hand-off."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError
from ldn_desktop.storage.washout import (
    first_clear_day,
    latest_earliest_start,
    list_assessments,
    save_assessment,
    washout_doc,
)

INPUTS = {
    "medications": [
        {
            "name": "oxycodone IR 5 mg",
            "form": None,
            "last": "2026-03-01T20:00",
            "removed": None,
            "current": False,
            "misuse": False,
        }
    ],
    "planned_start": "2026-03-06",
    "time_zone": None,
    "uds_positive": False,
    "withdrawal": False,
    "naloxone_failed": False,
}


def _result(status: str, earliest: str | None) -> dict[str, object]:
    return {
        "status": status,
        "earliest_start": earliest,
        "recommended_start": None,
        "drugs": [],
        "interactions": [],
        "notes": [],
    }


def test_no_assessment_gives_none(store: DataStore) -> None:
    assert list_assessments(store, "p1") == []
    assert latest_earliest_start(store, "p1") is None


def test_assessments_append_and_latest_wins(store: DataStore) -> None:
    first = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    save_assessment(store, "p1", INPUTS, _result("NOT_CLEAR", "2026-03-08T20:00:00"), first)
    save_assessment(
        store, "p1", INPUTS, _result("CLEAR", "2026-03-10T00:00:00"), first + timedelta(hours=1)
    )
    saved = list_assessments(store, "p1")
    assert [a.status for a in saved] == ["NOT_CLEAR", "CLEAR"]
    assert saved[0].result["earliest_start"] == "2026-03-08T20:00:00"
    assert saved[0].inputs == INPUTS
    assert latest_earliest_start(store, "p1") == date(2026, 3, 10)


def test_latest_without_date_gives_none(store: DataStore) -> None:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    save_assessment(store, "p1", INPUTS, _result("NOT_CLEAR", "2026-03-08T20:00:00"), now)
    assert latest_earliest_start(store, "p1") == date(2026, 3, 9)
    save_assessment(
        store, "p1", INPUTS, _result("REFER_SPECIALIST", None), now + timedelta(minutes=5)
    )
    assert latest_earliest_start(store, "p1") is None


@pytest.mark.parametrize(
    ("earliest", "day"),
    [
        (datetime(2026, 3, 8, 20, 0), date(2026, 3, 9)),
        (datetime(2026, 3, 9, 0, 0), date(2026, 3, 9)),
        (datetime(2026, 3, 8, 0, 0, 1), date(2026, 3, 9)),
        (datetime(2026, 3, 8, 21, 0, tzinfo=timezone(timedelta(hours=-4))), date(2026, 3, 9)),
    ],
)
def test_first_clear_day(earliest: datetime, day: date) -> None:
    assert first_clear_day(earliest) == day


def test_naive_saved_at_refused(store: DataStore) -> None:
    with pytest.raises(ValueError, match="time zone"):
        save_assessment(store, "p1", INPUTS, _result("CLEAR", None), datetime(2026, 3, 1))


def test_bad_status_is_quarantined(store: DataStore) -> None:
    now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    save_assessment(store, "p1", INPUTS, _result("CLEAR", None), now)
    path = store.path(washout_doc("p1"))
    data = json.loads(path.read_text())
    data["assessments"][0]["result"]["status"] = "SAFE"
    path.write_text(json.dumps(data))
    with pytest.raises(CorruptDocumentError):
        list_assessments(store, "p1")


# A real version-1 document as the program writes it; it must keep loading in later versions.
SAMPLE_V1 = """{
 "format": "ldn-desktop/washout",
 "version": 1,
 "assessments": [
  {
   "id": "a1b2c3d4e5f6",
   "saved_at": "2026-03-01T09:00:00+00:00",
   "inputs": {
    "medications": [
     {"name": "oxycodone IR 5 mg", "form": null, "last": "2026-03-01T20:00", "removed": null,
      "current": false, "misuse": false}
    ],
    "planned_start": "2026-03-06",
    "time_zone": "America/New_York",
    "uds_positive": false,
    "uds_negative": false,
    "withdrawal": false,
    "naloxone_failed": false
   },
   "result": {
    "status": "NOT_CLEAR",
    "earliest_start": "2026-03-08T21:00:00-04:00",
    "recommended_start": "2026-03-11T21:00:00-04:00",
    "planned_start": "2026-03-06T00:00:00-05:00",
    "reason": "Not clear.",
    "drugs": [],
    "interactions": [],
    "notes": []
   }
  }
 ]
}
"""


def test_version_1_sample_keeps_loading(store: DataStore) -> None:
    from ldn_desktop.core.washout.codec import request_from_json

    path = store.path(washout_doc("p9"))
    path.parent.mkdir(parents=True)
    path.write_text(SAMPLE_V1, encoding="utf-8")
    saved = list_assessments(store, "p9")
    assert saved[0].status == "NOT_CLEAR"
    assert latest_earliest_start(store, "p9") == date(2026, 3, 9)
    request = request_from_json(saved[0].inputs)
    assert request.time_zone == "America/New_York"
    assert request.planned_start.date_only
