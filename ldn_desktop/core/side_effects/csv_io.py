"""CSV export and import of the side-effect log (RFC 4180, UTF-8, ISO 8601 dates, one header row).

The file round-trips: importing what was exported gives back the same entries (same ids). Import
*merges* into the saved log and never overwrites:

- a row whose id is already saved is skipped (a *duplicate* if it is the same, a *conflict* if it
  differs: the saved entry is kept);
- a row without id, or with a new id, describing the same moment and symptom as a saved entry is
  skipped: a *duplicate* if every detail is the same, else a *conflict* (a different severity,
  sleep, dose or note is not the same entry twice; issue 12 item 11). The report names each
  conflict and the entry kept. A saved entry whose id is also in the file is not matched this way:
  the file itself lists it as another entry;
- rows of one file are different entries unless every detail is the same (a repeated row is a
  duplicate): the log may hold two entries for one moment and symptom (the same date logged twice),
  and its own export must import whole;
- every other row is added. A file with any invalid row adds nothing: the report names the line.

Doses are written in ISMP notation (``1.5 mg``) or ``missed``; sleep hours without trailing zeros.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ldn_desktop.core.dates import format_day, format_moment
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects.entries import (
    LogEntry,
    format_hours,
    make_entry,
    new_entry_id,
    parse_dose_taken,
    parse_dose_time,
    parse_severity,
    parse_sleep_hours,
    parse_sleep_quality,
)
from ldn_desktop.core.side_effects.symptoms import Symptom, resolve_symptom
from ldn_desktop.core.side_effects.times import checked_time
from ldn_desktop.core.words import counted, grouped

COLUMNS = (
    "id",
    "date_time",
    "symptom",
    "detail",
    "severity",
    "sleep_hours",
    "sleep_quality",
    "dose",
    "dose_time",
    "note",
)
REQUIRED = frozenset({"date_time", "symptom", "severity"})
MAX_ROWS = 500_000
CONFLICTS_SHOWN = 10  # the report names this many conflicts, then counts the rest


# A cell starting with one of these is run as a formula by spreadsheet programs (OWASP "CSV
# injection"): free text is written with a leading apostrophe, which reading takes off again.
_FORMULA_START = frozenset("=+-@\t\r")


def _needs_quote_mark(text: str) -> bool:
    if not text:
        return False
    if text[0] in _FORMULA_START:
        return True
    return text[0] == "'" and len(text) > 1 and (text[1] in _FORMULA_START or text[1] == "'")


def safe_cell(text: str) -> str:
    """Free text for a CSV cell that a spreadsheet shows as text, never runs as a formula."""
    return "'" + text if _needs_quote_mark(text) else text


def cell_text(cell: str) -> str:
    """The inverse of ``safe_cell``."""
    return cell[1:] if cell.startswith("'") and _needs_quote_mark(cell[1:]) else cell


def entry_row(entry: LogEntry) -> list[str]:
    return [
        entry.id,
        entry.at.isoformat(timespec="seconds"),
        safe_cell(entry.symptom),
        safe_cell(entry.detail),
        str(entry.severity),
        format_hours(entry.sleep_hours),
        "" if entry.sleep_quality is None else str(entry.sleep_quality),
        entry.dose_text,
        "" if entry.dose_time is None else entry.dose_time.strftime("%H:%M"),
        safe_cell(entry.note),
    ]


def write_csv(entries: Iterable[LogEntry]) -> str:
    """The CSV text (CRLF line ends as RFC 4180 says); write it with ``newline=""``, UTF-8."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(COLUMNS)
    for entry in sorted(entries, key=lambda e: e.at):
        writer.writerow(entry_row(entry))
    return out.getvalue()


def _datetime(text: str, now: datetime) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"date_time: '{text[:30]}' is not an ISO 8601 date-time.", "at") from None
    return checked_time(parsed.replace(microsecond=0), now)


def row_entry(row: dict[str, str], now: datetime, symptoms: tuple[Symptom, ...]) -> LogEntry:
    """One CSV row as a validated entry (raises InputError)."""
    at = _datetime(row["date_time"], now)
    symptom_text = cell_text(row["symptom"].strip())
    detail = cell_text((row.get("detail") or "").strip())
    if detail:
        symptom_text = f"{symptom_text}: {detail}"
    symptom, detail = resolve_symptom(symptom_text, symptoms)
    dose, missed = parse_dose_taken(row.get("dose"))
    return make_entry(
        entry_id=(row.get("id") or "").strip() or new_entry_id(),
        at=at,
        symptom=symptom,
        detail=detail,
        severity=parse_severity(row["severity"]),
        sleep_hours=parse_sleep_hours(row.get("sleep_hours")),
        sleep_quality=parse_sleep_quality(row.get("sleep_quality")),
        dose=dose,
        dose_missed=missed,
        dose_time=parse_dose_time(row.get("dose_time")),
        note=cell_text(row.get("note") or ""),
        now=now,
    )


def read_csv(text: str, now: datetime, symptoms: tuple[Symptom, ...]) -> list[LogEntry]:
    """All rows as entries; the first bad row raises InputError naming its line."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise InputError("The CSV file is empty.", "csv") from None
    missing = sorted(REQUIRED - set(header))
    if missing:
        raise InputError(f"The CSV file has no column {', '.join(missing)}.", "csv")
    entries = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue
            if len(values) != len(header):
                raise InputError(f"has {len(values)} fields, the header has {len(header)}")
            entries.append(row_entry(dict(zip(header, values, strict=True)), now, symptoms))
            if len(entries) > MAX_ROWS:
                raise InputError(f"more than {MAX_ROWS} rows")
    except InputError as exc:
        raise InputError(f"CSV line {reader.line_num}: {exc}", "csv") from None
    except csv.Error as exc:
        raise InputError(f"CSV line {reader.line_num}: {exc}", "csv") from None
    return entries


@dataclass(frozen=True, slots=True)
class Conflict:
    """A row skipped because an entry already saved has the same id or the same moment and
    symptom (or an earlier row the same id), with other details; ``kept`` is the entry that
    stays."""

    row: LogEntry
    kept: LogEntry
    differs: tuple[str, ...]  # CSV column names, e.g. ("severity",)

    def describe(self) -> str:
        """``5 Jan 2026 22:30 headache: the file has severity 6, the saved entry 4 (kept)``."""
        changes = "; ".join(
            f"{name.replace('_', ' ')} {_cell(self.row, name) or 'blank'} in the file, "
            f"{_cell(self.kept, name) or 'blank'} kept"
            for name in self.differs
        )
        return f"{format_moment(self.kept.at)} {self.kept.symptom_text}: {changes}"


@dataclass(frozen=True, slots=True)
class MergeResult:
    """What an import adds, and what it skipped and why."""

    added: tuple[LogEntry, ...]
    duplicates: tuple[LogEntry, ...]
    conflicts: tuple[Conflict, ...]

    def describe(self, decimal_mark: str = ".") -> str:
        """``Added 12 entries (nights of 3 Jan 2026 – 20 Jan 2026); skipped 4 duplicates.`` then
        one line per conflict, naming the entry kept. Counts as ``core.words.counted`` writes
        them (``decimal_mark``: the window's, so that 1,200 is not read as a decimal)."""
        mark = decimal_mark
        text = f"Added {counted(len(self.added), 'entry', 'entries', mark)}"
        if self.added:
            first = min(e.night for e in self.added)
            last = max(e.night for e in self.added)
            text += f" (nights of {format_day(first)} – {format_day(last)})"
        text += f"; skipped {counted(len(self.duplicates), 'duplicate', decimal_mark=mark)}"
        if not self.conflicts:
            return text + "."
        text += (
            f" and {counted(len(self.conflicts), 'conflicting row', decimal_mark=mark)} "
            "(same entry, other details: the entry already saved or read first was kept):"
        )
        lines = [f"- {c.describe()}" for c in self.conflicts[:CONFLICTS_SHOWN]]
        if len(self.conflicts) > CONFLICTS_SHOWN:
            lines.append(f"- and {grouped(len(self.conflicts) - CONFLICTS_SHOWN, mark)} more")
        return "\n".join([text, *lines])


def _cell(entry: LogEntry, column: str) -> str:
    return dict(zip(COLUMNS, entry_row(entry), strict=True))[column]


def _differences(row: LogEntry, kept: LogEntry) -> tuple[str, ...]:
    """The columns (other than id) in which two entries differ."""
    pairs = zip(COLUMNS, entry_row(row), entry_row(kept), strict=True)
    return tuple(name for name, a, b in pairs if name != "id" and a != b)


def content_key(entry: LogEntry) -> tuple[datetime, str, str]:
    return (entry.at, entry.symptom, entry.detail)


def merge(existing: Sequence[LogEntry], incoming: Sequence[LogEntry]) -> MergeResult:
    """Decide row by row what to add; nothing saved is changed (see the module docstring)."""
    in_file = {e.id for e in incoming}
    by_id = {e.id: e for e in existing}
    by_content = {content_key(e): e for e in existing if e.id not in in_file}
    rows: dict[tuple[datetime, str, str], list[LogEntry]] = {}  # rows added, by moment
    added: list[LogEntry] = []
    duplicates: list[LogEntry] = []
    conflicts: list[Conflict] = []
    for entry in incoming:
        key = content_key(entry)
        kept = by_id.get(entry.id) or by_content.get(key)
        if kept is not None:
            differs = _differences(entry, kept)
            if differs:
                conflicts.append(Conflict(entry, kept, differs))
            else:
                duplicates.append(entry)
        elif any(not _differences(entry, row) for row in rows.get(key, ())):
            duplicates.append(entry)
        else:
            added.append(entry)
            by_id[entry.id] = entry
            rows.setdefault(key, []).append(entry)
    return MergeResult(tuple(added), tuple(duplicates), tuple(conflicts))
