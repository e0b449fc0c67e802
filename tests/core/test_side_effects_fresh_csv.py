"""Fresh cases of the CSV import merge (found by exporting one log and importing it elsewhere)."""

from __future__ import annotations

from datetime import UTC, datetime

from ldn_desktop.core.side_effects import LogEntry, merge, read_csv, summarise, write_csv
from ldn_desktop.core.side_effects.symptoms import shipped_symptoms

NOW = datetime(2026, 12, 3, 21, 0, tzinfo=UTC)
AT = datetime(2026, 10, 3, 21, 0, tzinfo=UTC)  # `log add --at 2026-10-03` twice: both 21:00


def _log() -> list[LogEntry]:
    """Two headaches the log holds for the same moment (logged twice for one date)."""
    return [LogEntry("first", AT, "headache", 5), LogEntry("second", AT, "headache", 10)]


def test_an_export_imported_into_an_empty_log_keeps_every_entry() -> None:
    """The 10/10 headache was dropped as a 'conflict' with the 5/10 row above it, so the log
    restored from the export said worst 5/10."""
    incoming = read_csv(write_csv(_log()), NOW, shipped_symptoms())
    result = merge([], incoming)
    assert sorted(e.severity for e in result.added) == [5, 10]
    assert result.conflicts == () and result.duplicates == ()
    (step,) = summarise(result.added)
    assert step.overall.worst_severity == 10


def test_an_export_imported_where_one_of_its_entries_is_saved_adds_the_other() -> None:
    """The file itself says 'first' and 'second' are two entries: 'second' is not 'first' again."""
    incoming = read_csv(write_csv(_log()), NOW, shipped_symptoms())
    result = merge(_log()[:1], incoming)
    assert [e.id for e in result.added] == ["second"]
    assert [e.id for e in result.duplicates] == ["first"] and result.conflicts == ()


def test_a_row_repeated_in_one_file_is_still_one_entry() -> None:
    text = "date_time,symptom,severity\r\n" + "2026-10-03T21:00:00+00:00,headache,5\r\n" * 2
    result = merge([], read_csv(text, NOW, shipped_symptoms()))
    assert len(result.added) == 1 and len(result.duplicates) == 1


def test_a_row_of_another_log_at_a_saved_moment_is_still_a_conflict() -> None:
    """Issue 12 item 11 still holds: the same moment and symptom logged elsewhere (another id,
    another severity) is reported, the saved entry kept."""
    other = LogEntry("elsewhere", AT, "headache", 7)
    result = merge(_log()[:1], [other])
    assert result.added == () and result.conflicts[0].kept.id == "first"
