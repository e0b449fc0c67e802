"""CSV export/import (RFC 4180) and the import merge rules (issue 6)."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, time, timedelta, timezone

import pytest
from hypothesis import given, settings, strategies as st

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects.csv_io import COLUMNS, merge, read_csv, write_csv
from ldn_desktop.core.side_effects.entries import LogEntry
from ldn_desktop.core.side_effects.symptoms import shipped_symptoms
from ldn_desktop.core.units.quantities import Q_

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
SYMPTOMS = shipped_symptoms()
PLUS2 = timezone(timedelta(hours=2))


def sample() -> list[LogEntry]:
    return [
        LogEntry(
            "a1",
            datetime(2026, 1, 5, 22, 30, tzinfo=PLUS2),
            "vivid dreams",
            4,
            sleep_hours=6.5,
            sleep_quality=3,
            dose=Q_(1.5, "mg"),
            dose_time=time(22, 0),
            note='woke at 3, "weird" dream,\nthen slept',
        ),
        LogEntry("b2", datetime(2026, 1, 6, 7, 0, tzinfo=UTC), "other", 2, detail="dry mouth"),
        LogEntry(
            "c3", datetime(2026, 1, 6, 22, 0, tzinfo=UTC), "no side effects", 0, dose_missed=True
        ),
    ]


def test_header_quoting_and_crlf() -> None:
    text = write_csv(sample())
    lines = text.split("\r\n")
    assert lines[0] == ",".join(COLUMNS)
    assert lines[1].startswith("a1,2026-01-05T22:30:00+02:00,vivid dreams,,4,6.5,3,1.5 mg,22:00,")
    assert (
        '"woke at 3, ""weird"" dream,\r\nthen slept"' in text
        or '"woke at 3, ""weird"" dream,\nthen slept"' in text
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][-1] == 'woke at 3, "weird" dream,\nthen slept'
    assert rows[3][7] == "missed"


def test_round_trip_gives_the_same_entries() -> None:
    assert read_csv(write_csv(sample()), NOW, SYMPTOMS) == sorted(sample(), key=lambda e: e.at)


def test_byte_order_mark_and_spreadsheet_rows_without_id() -> None:
    text = "\ufeffdate_time,symptom,severity\r\n2026-01-07T22:00:00+00:00,Nausea,3\r\n"
    (entry,) = read_csv(text, NOW, SYMPTOMS)
    assert (entry.symptom, entry.severity, len(entry.id)) == ("nausea", 3, 32)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("id,symptom\r\n", "no column date_time, severity"),
        ("date_time,symptom,severity\r\n2026-01-07T22:00,nausea,12\r\n", "CSV line 2: Severity"),
        ("date_time,symptom,severity\r\n2026-01-07T22:00,nausea\r\n", "CSV line 2: has 2 fields"),
        ("date_time,symptom,severity\r\n2027-01-07T22:00,nausea,1\r\n", "future"),
        ("date_time,symptom,severity\r\nsoon,nausea,1\r\n", "ISO 8601"),
    ],
)
def test_bad_files_name_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        read_csv(text, NOW, SYMPTOMS)


def test_merge_skips_duplicates_and_never_overwrites() -> None:
    saved = sample()[:2]
    changed = LogEntry("a1", saved[0].at, "vivid dreams", 9)  # same id, other details
    same_moment = LogEntry("new-id", saved[1].at, "other", 2, detail="dry mouth")
    fresh = sample()[2]
    twice = LogEntry("z9", fresh.at, fresh.symptom, 0, dose_missed=True)  # as an earlier row
    result = merge(saved, [saved[0], changed, same_moment, fresh, twice])
    assert result.added == (fresh,)
    assert result.duplicates == (saved[0], same_moment, twice)
    assert [(c.row, c.kept) for c in result.conflicts] == [(changed, saved[0])]
    assert result.describe().startswith(
        "Added 1 entry (nights of 6 Jan 2026 – 6 Jan 2026); skipped 3 duplicates and 1 "
        "conflicting row (same entry, other details: the entry already saved or read first was "
        "kept):\n- 5 Jan 2026 22:30 vivid dreams: severity 9 in the file, 4 kept; "
    )


@pytest.mark.parametrize("new_id", ["", "other-id"])
def test_a_row_differing_only_in_severity_is_a_conflict_not_a_duplicate(new_id: str) -> None:
    """Issue 12 item 11: the same night and symptom at another severity is reported, and the
    report says which one is kept."""
    saved = sample()[:1]
    text = (
        ",".join(COLUMNS)
        + f"\r\n{new_id},2026-01-05T22:30:00+02:00,vivid dreams,,7,6.5,3,1.5 mg,22:00,"
        + '"woke at 3, ""weird"" dream,\nthen slept"\r\n'
    )
    (row,) = read_csv(text, NOW, SYMPTOMS)
    result = merge(saved, [row])
    assert result.added == () and result.duplicates == ()
    (conflict,) = result.conflicts
    assert conflict.kept == saved[0] and conflict.differs == ("severity",)
    assert "severity 7 in the file, 4 kept" in result.describe()
    # two rows of one file that differ are two entries (the log can hold both; its export must
    # import whole): see tests/core/test_side_effects_fresh_csv.py
    inside_file = merge([], [saved[0], row])
    assert inside_file.added == (saved[0], row) and inside_file.conflicts == ()


def test_importing_an_export_twice_adds_nothing() -> None:
    entries = read_csv(write_csv(sample()), NOW, SYMPTOMS)
    result = merge(sample(), entries)
    assert (len(result.added), len(result.duplicates), len(result.conflicts)) == (0, 3, 0)


entry_strategy = st.builds(
    LogEntry,
    id=st.from_regex(r"[a-f0-9]{8}", fullmatch=True),
    at=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2026, 5, 30), timezones=st.just(PLUS2)
    ).map(lambda d: d.replace(microsecond=0)),
    symptom=st.sampled_from([s.label for s in SYMPTOMS if s.label != "other"]),
    severity=st.integers(1, 10),  # a named symptom: 1-10 (0 is 'no side effects')
    sleep_hours=st.none() | st.decimals(0, 24, places=2).map(float),
    sleep_quality=st.none() | st.integers(1, 5),
    dose=st.none()
    | st.sampled_from([Q_(0.5, "mg"), Q_(1.5, "mg"), Q_(4.5, "mg"), Q_(0.125, "mg")]),
    dose_time=st.none() | st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    note=st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=40).map(str.strip)
    | st.sampled_from(["a,b", 'x "y"', "line\nbreak"]),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(entry_strategy, max_size=8, unique_by=lambda e: e.id))
def test_round_trip_property(entries: list[LogEntry]) -> None:
    back = read_csv(write_csv(entries), NOW, SYMPTOMS)
    assert back == sorted(entries, key=lambda e: e.at)


@pytest.mark.parametrize(
    "note", ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "'=x", "''", "'", "'plain", "plain"]
)
def test_csv_cells_never_start_a_formula_and_round_trip(note: str) -> None:
    """Notes that a spreadsheet would run as formulas are written with a leading apostrophe."""
    from ldn_desktop.core.side_effects.csv_io import cell_text, safe_cell

    written = safe_cell(note)
    assert written[:1] not in {"=", "+", "-", "@"}
    assert cell_text(written) == note


@pytest.mark.parametrize(
    "when",
    [
        "0001-01-01",
        "0001-01-01T00:00",
        "9999-12-31T23:59",
        "9999-12-31",
        "2026-01-05T22:00+05:30:15",
    ],
)
def test_extreme_date_times_in_a_file_are_one_line_error(when: str) -> None:
    """Issue 12 item 15 for CSV import: no calendar overflow, one message naming the line."""
    text = f"date_time,symptom,severity\r\n{when},headache,3\r\n"
    with pytest.raises(InputError, match=r"^CSV line 2: Date and time: ") as caught:
        read_csv(text, NOW, SYMPTOMS)
    assert "\n" not in str(caught.value)
