"""Issue 12 items 9, 11 and 15, reproduced through the CLI as the attack found them (the
per-command tests in tests/e2e go into more detail): a retried ``schedule --save``, a CSV row that
differs only in severity, and year-9999 / seconds-offset dates in every option that takes one."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.titration import load_versions
from tests.stress.session import run_cli

TOMORROW = (date.today() + timedelta(days=1)).isoformat()


def _patient(data: Path) -> str:
    status, out, err = run_cli(data, "patient", "add", "--name", "Mallory Test")
    assert status == 0, err
    return out.strip()


def _versions(data: Path, patient: str) -> int:
    store = DataStore.open(data, read_only=True)
    try:
        return len(load_versions(store, patient))
    finally:
        store.close()


def test_item_9_a_retried_save_reports_what_happened_and_never_duplicates(tmp_path: Path) -> None:
    data = tmp_path / "d"
    patient = _patient(data)
    save = ("schedule", "--patient", patient, "--protocol", "standard", "--start", TOMORROW,
            "--save", "--override-reason", "no opioids, confirmed by phone")  # fmt: skip
    first = run_cli(data, *save)
    assert first[0] == 0 and "saved plan version 1" in first[2], first
    for _ in range(3):  # a script retrying after a timeout
        again = run_cli(data, *save)
        assert again[0] == 0 and "unchanged" in again[2], again
    assert _versions(data, patient) == 1


def test_item_9_a_plan_starting_in_year_9999_is_refused_and_the_log_keeps_working(
    tmp_path: Path,
) -> None:
    data = tmp_path / "d"
    patient = _patient(data)
    status, _out, err = run_cli(
        data, "schedule", "--patient", patient, "--protocol", "standard",
        "--start", "9999-12-31", "--save", "--override-reason", "x",
    )  # fmt: skip
    assert status == 2 and len(err.strip().splitlines()) == 1, err
    assert _versions(data, patient) == 0
    status, _out, err = run_cli(
        data, "log", "add", "--patient", patient, "--symptom", "nausea", "--severity", "2"
    )
    assert status == 0, err


def test_item_11_a_row_differing_only_in_severity_is_a_conflict_not_a_duplicate(
    tmp_path: Path,
) -> None:
    data = tmp_path / "d"
    patient = _patient(data)
    at = "2026-02-01T22:00:00+00:00"
    added = run_cli(data, "log", "add", "--patient", patient, "--symptom", "headache",
                    "--severity", "4", "--at", at)  # fmt: skip
    assert added[0] == 0, added
    csv = tmp_path / "other.csv"
    csv.write_text(f"date_time,symptom,severity\r\n{at},headache,7\r\n", encoding="utf-8")
    status, out, err = run_cli(data, "log", "import", "--patient", patient, str(csv), "--json")
    assert status == 0, err
    report = json.loads(out)
    assert report["duplicates"] == 0
    assert report["conflict_details"][0]["differs"] == ["severity"]


@pytest.mark.parametrize(
    "words",
    [
        ("log", "add", "--symptom", "nausea", "--severity", "2", "--at", "9999-12-31"),
        ("log", "add", "--symptom", "nausea", "--severity", "2", "--at", "9999-12-31T23:59+14:00"),
        ("log", "add", "--symptom", "nausea", "--severity", "2",
         "--at", "2026-01-05T22:00+05:30:15"),
        ("log", "list", "--from", "0001-01-01", "--to", "9999-12-31"),
        ("schedule", "--protocol", "standard", "--start", "9999-12-31"),
        ("washout", "--med", "oxycodone;last=9999-12-31", "--start", "9999-12-31"),
        ("compound", "--strength", "1.5mg", "--quantity", "30", "--source", "api",
         "--assay", "99.5%", "--method", "measured", "--fill-weight", "240mg",
         "--date", "9999-12-31"),
    ],
    ids=["log-at", "log-at-offset", "log-at-seconds-offset", "log-list", "schedule", "washout",
         "compound"],
)  # fmt: skip
def test_item_15_extreme_dates_are_one_line_never_a_traceback(
    tmp_path: Path, words: tuple[str, ...]
) -> None:
    data = tmp_path / "d"
    patient = _patient(data)
    args = [*words[:2], "--patient", patient, *words[2:]] if words[0] == "log" else list(words)
    status, out, err = run_cli(data, *args)
    assert "Traceback" not in out + err
    assert status in (0, 2), (status, err)
    if status == 2:
        assert len(err.strip().splitlines()) == 1, err
