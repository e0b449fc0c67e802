"""CSV export and import of the side-effect log (RFC 4180, UTF-8, ISO 8601 dates, one header row).

The file round-trips: importing what was exported gives back the same entries (same ids). Import
*merges* into the saved log and never overwrites:

- a row whose id is already saved is skipped (a *duplicate* if it is the same, a *conflict* if it
  differs: the saved entry is kept);
- a row without id, or with a new id, describing the same moment and symptom as a saved entry (or an
  earlier row of the file) is skipped as a duplicate;
- every other row is added. A file with any invalid row adds nothing: the report names the line.

Doses are written in ISMP notation (``1.5 mg``) or ``missed``; sleep hours without trailing zeros.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects.entries import (
    LogEntry,
    check_entry_time,
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


def _datetime(text: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"date_time: '{text[:30]}' is not an ISO 8601 date-time.", "at") from None
    return parsed if parsed.tzinfo is not None else parsed.astimezone()


def row_entry(row: dict[str, str], now: datetime, symptoms: tuple[Symptom, ...]) -> LogEntry:
    """One CSV row as a validated entry (raises InputError)."""
    at = check_entry_time(_datetime(row["date_time"]).replace(microsecond=0), now)
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
class MergeResult:
    """What an import adds, and what it skipped and why."""

    added: tuple[LogEntry, ...]
    duplicates: tuple[LogEntry, ...]
    conflicts: tuple[LogEntry, ...]

    def describe(self) -> str:
        """``Added 12 entries (3 Jan 2026 – 20 Jan 2026); skipped 4 duplicates.``"""
        text = f"Added {len(self.added)} entr{'y' if len(self.added) == 1 else 'ies'}"
        if self.added:
            first = min(e.at for e in self.added)
            last = max(e.at for e in self.added)
            text += f" ({first:%Y-%m-%d} – {last:%Y-%m-%d})"
        text += (
            f"; skipped {len(self.duplicates)} duplicate{'' if len(self.duplicates) == 1 else 's'}"
        )
        if self.conflicts:
            text += (
                f" and {len(self.conflicts)} row{'' if len(self.conflicts) == 1 else 's'} "
                "whose id is saved with different details (the saved entries were kept)"
            )
        return text + "."


def _same(a: LogEntry, b: LogEntry) -> bool:
    return entry_row(a) == entry_row(b)


def content_key(entry: LogEntry) -> tuple[datetime, str, str]:
    return (entry.at, entry.symptom, entry.detail)


def merge(existing: Sequence[LogEntry], incoming: Sequence[LogEntry]) -> MergeResult:
    """Decide row by row what to add; nothing saved is changed (see the module docstring)."""
    by_id = {e.id: e for e in existing}
    seen = {content_key(e) for e in existing}
    added: list[LogEntry] = []
    duplicates: list[LogEntry] = []
    conflicts: list[LogEntry] = []
    for entry in incoming:
        saved = by_id.get(entry.id)
        if saved is not None:
            (duplicates if _same(saved, entry) else conflicts).append(entry)
        elif content_key(entry) in seen:
            duplicates.append(entry)
        else:
            added.append(entry)
            by_id[entry.id] = entry
            seen.add(content_key(entry))
    return MergeResult(tuple(added), tuple(duplicates), tuple(conflicts))
