"""The side-effect log: one entry per symptom felt (or one "no side effects tonight"), with sleep.

Low-dose naltrexone is taken at bedtime; the effects patients report early in a titration are mostly
about the night: vivid dreams and disturbed sleep, which "typically resolve within 1-2 weeks"
(shared/seeds: LDN initiation, 1.5 mg for two weeks, then titrate), plus insomnia, diarrhoea and
self-limited headache (shared/seeds: minimal adverse effects). The symptom list ships in
``resources/data/symptoms.json`` (issue 6); a patient may add their own.

An entry belongs to a *night*: the evening dose and the sleep after it. Anything logged before noon
belongs to the night before (``night_of``), so a morning entry about last night counts with last
night's dose.

Limits (issue 6): severity 0-10 (whole numbers; 0 only for "no side effects"), sleep hours 0-24,
sleep quality 1-5; the entry's time is checked in ``times``.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Collection
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects.symptoms import NO_SIDE_EFFECTS
from ldn_desktop.core.side_effects.times import (
    check_entry_time as check_entry_time,
    parse_entry_time as parse_entry_time,
)
from ldn_desktop.core.titration import dose_range
from ldn_desktop.core.units.quantities import (
    NumberStyle,
    Quantity,
    format_dose,
    format_number,
    parse_quantity,
)

SEVERITY_MAX = 10
SLEEP_HOURS_MAX = 24.0
# 7:30, 7h30, 7 h 30, 7h (hours and minutes of sleep; the minutes two digits)
_HOURS_MINUTES = re.compile(r"(?P<hours>\d{1,2})\s*(?::\s*(?P<m1>\d{2})|[hH]\s*(?P<m2>\d{2})?)")
SLEEP_QUALITY_MIN, SLEEP_QUALITY_MAX = 1, 5
SLEEP_QUALITY_WORDS = {1: "very poor", 2: "poor", 3: "fair", 4: "good", 5: "very good"}
NOTE_MAX = 2000
_WHOLE = re.compile(r"[0-9]{1,3}")  # ASCII digits only: '¹' or '٣' are not typed severities
MISSED_WORDS = frozenset({"missed", "skipped", "not taken"})


@dataclass(frozen=True, slots=True)
class LogEntry:
    """One logged symptom (or "no side effects"), with sleep and the dose taken that evening.

    ``dose`` is None when not known; ``dose_missed`` when the patient skipped the dose.
    ``at`` is time-zone aware. ``id`` is stable across edits, exports and imports.
    """

    id: str
    at: datetime
    symptom: str
    severity: int
    detail: str = ""
    sleep_hours: float | None = None
    sleep_quality: int | None = None
    dose: Quantity | None = None
    dose_missed: bool = False
    dose_time: time | None = None
    note: str = ""

    @property
    def night(self) -> date:
        return night_of(self.at)

    @property
    def is_symptom(self) -> bool:
        return self.symptom != NO_SIDE_EFFECTS

    @property
    def symptom_text(self) -> str:
        """``other: restless legs``, ``vivid dreams``, ``no side effects``."""
        return f"{self.symptom}: {self.detail}" if self.detail else self.symptom

    @property
    def dose_text(self) -> str:
        """ISMP dose text (``1.5 mg``), ``missed`` or empty when unknown."""
        return self.dose_label()

    def dose_label(self, decimal_mark: str = ".") -> str:
        """``dose_text`` in the user's notation (``1,5 mg`` in a decimal-comma locale)."""
        if self.dose_missed:
            return "missed"
        return format_dose(self.dose, decimal_mark=decimal_mark) if self.dose is not None else ""

    @property
    def dose_mg(self) -> float | None:
        return None if self.dose is None else float(self.dose.to("milligram").magnitude)


def new_entry_id() -> str:
    return uuid.uuid4().hex


def night_of(at: datetime) -> date:
    """The night an entry belongs to: before noon counts for the previous evening's dose."""
    return at.date() - timedelta(days=1) if at.hour < 12 else at.date()


def parse_severity(text: str | int) -> int:
    """A whole number from 0 (none) to 10 (worst imaginable)."""
    raw = str(text).strip()
    if not _WHOLE.fullmatch(raw) or int(raw) > SEVERITY_MAX:
        raise InputError(
            f"Severity: '{raw[:20]}' is not a whole number from 1 (mild) to {SEVERITY_MAX} "
            "(worst), or 0 with 'no side effects'.",
            "severity",
        )
    return int(raw)


def check_severity(symptom: str, severity: int) -> int:
    """The one rule for severity against the symptom: "no side effects" is 0; a named symptom is
    1-10. A symptom at severity 0 is refused rather than stored: 0 means it was not felt, and a
    form's default 0 left unchanged must not turn a symptom into "none" (issue 11).

    Example: ``check_severity("headache", 0)`` raises "Severity: 0 means none ...".
    """
    if symptom == NO_SIDE_EFFECTS:
        if severity != 0:
            raise InputError("Severity: 'no side effects' has severity 0.", "severity")
        return 0
    if severity == 0:
        raise InputError(
            f"Severity: 0 means none; give {symptom} 1 (mild) to {SEVERITY_MAX} (worst), "
            "or log 'No side effects'.",
            "severity",
        )
    return severity


def severity_for(symptom: str, text: str | int | None) -> int:
    """The severity typed for ``symptom``; none given is 0 for "no side effects" and refused for a
    named symptom (``log add --symptom none`` needs no ``--severity``)."""
    if text is None or str(text).strip() == "":
        if symptom == NO_SIDE_EFFECTS:
            return 0
        raise InputError(
            f"Severity: required for {symptom}, from 1 (mild) to {SEVERITY_MAX} (worst).",
            "severity",
        )
    return check_severity(symptom, parse_severity(text))


def parse_sleep_hours(text: str | float | None) -> float | None:
    """Hours slept, 0-24 (blank: not recorded); at most two decimals (``6.5``, ``7.25``), or
    hours and minutes as people write a night's sleep (``7:30``, ``7h30``, ``7h``: 7.5, 7.5, 7)."""
    raw = "" if text is None else str(text).strip().replace(",", ".")
    if not raw:
        return None
    clock = _HOURS_MINUTES.fullmatch(raw)
    try:
        if clock is not None:
            minutes = int(clock["m1"] or clock["m2"] or 0)
            if minutes > 59:
                raise ValueError(raw)
            hours = int(clock["hours"]) + minutes / 60
        else:
            hours = float(raw)
    except ValueError:
        raise InputError(
            f"Sleep hours: '{raw[:20]}' is not a number of hours; write it as 6.5 or 6:30.",
            "sleep_hours",
        ) from None
    if not 0 <= hours <= SLEEP_HOURS_MAX:
        raise InputError("Sleep hours: must be between 0 and 24.", "sleep_hours")
    return round(hours, 2)


def parse_sleep_quality(text: str | int | None) -> int | None:
    """1 (very poor) to 5 (very good); blank: not recorded."""
    raw = "" if text is None else str(text).strip()
    if not raw:
        return None
    if not _WHOLE.fullmatch(raw) or not SLEEP_QUALITY_MIN <= int(raw) <= SLEEP_QUALITY_MAX:
        raise InputError(
            f"Sleep quality: '{raw[:20]}' is not a whole number from 1 to 5.", "sleep_quality"
        )
    return int(raw)


def parse_dose_taken(text: str | None, decimal_mark: str = ".") -> tuple[Quantity | None, bool]:
    """``"1.5 mg"`` -> (1.5 mg, False); ``"missed"`` -> (None, True); blank -> (None, False).

    ``decimal_mark``: the user's (``1,5 mg``; the other mark is read too unless ambiguous)."""
    raw = (text or "").strip()
    if not raw:
        return None, False
    if raw.lower() in MISSED_WORDS:
        return None, True
    try:
        dose = parse_quantity(
            raw,
            field="Dose",
            dimension="mass",
            default_unit="mg",
            style=NumberStyle(decimal_mark),
        )
    except InputError as exc:
        raise InputError(f"{exc} Or write 'missed' if it was not taken.", "dose") from None
    return check_logged_dose(dose, decimal_mark), False


def check_logged_dose(dose: Quantity, decimal_mark: str = ".") -> Quantity:
    """A dose taken must be within the LDN dose range that titration plans are checked against
    (``resources/data/titration.json`` ``dose_mg``, read by ``core.titration.dose_range``): 7 mg is
    not a low dose of naltrexone and is refused as a typo rather than logged."""
    limits = dose_range()
    low, high = limits.minimum, limits.maximum
    # compared and shown to 0.1 mcg, the precision the log stores: a refused dose is never
    # shown rounded onto the limit it broke ("0.1 mg is outside ... 0.1-5 mg" for 0.0999 mg)
    typed = format_number(float(dose.to("milligram").magnitude), 4)
    mg = Decimal(typed)
    if not low <= mg <= high:
        shown = [format_number(v, n, decimal_mark) for v, n in ((mg, 4), (low, 3), (high, 3))]
        raise InputError(
            f"Dose: {shown[0]} mg is outside the LDN dose range of "
            f"{shown[1]}–{shown[2]} mg; check the dose, "
            "or write 'missed' if it was not taken.",
            "dose",
        )
    return dose


def parse_dose_time(text: str | None) -> time | None:
    """The clock time the dose was taken, ``HH:MM`` (24-hour); blank: not recorded."""
    raw = (text or "").strip()
    if not raw:
        return None
    try:
        parsed = time.fromisoformat(raw)
    except ValueError:
        raise InputError(
            f"Dose time: '{raw[:20]}' is not a time; write it as HH:MM, e.g. 22:30.", "dose_time"
        ) from None
    return parsed.replace(second=0, microsecond=0, tzinfo=None)


def check_note(text: str) -> str:
    """At most ``NOTE_MAX`` characters; line breaks and tabs, but no control characters (an
    escape sequence in a note would drive the terminal of whoever lists the log)."""
    if len(text) > NOTE_MAX:
        raise InputError(f"Note: longer than {NOTE_MAX} characters.", "note")
    text = text.replace("\r\n", "\n")
    if any(ch not in "\n\t" and unicodedata.category(ch) == "Cc" for ch in text):
        raise InputError("Note: contains control characters; type it as plain text.", "note")
    return text.strip()


def validate_entry(
    entry: LogEntry, now: datetime, *, fields: Collection[str] | None = None
) -> LogEntry:
    """Checks an entry built elsewhere (an edit, an import); returns it or raises InputError.

    ``fields``: only the rules that read one of these fields (an edit checks what it changes, and
    what goes with it: a symptom with its severity, a dose with "missed"). The rest was accepted
    when it was saved and stays exactly as saved, even where today's rules for typing are
    stricter than what storage accepts (a note with a control character, a dose above 5 mg)."""

    def asked(*names: str) -> bool:
        return fields is None or any(name in fields for name in names)

    if asked("at"):
        check_entry_time(entry.at, now)
    if asked("symptom", "severity"):
        check_severity(entry.symptom, parse_severity(entry.severity))
    if asked("sleep_hours") and entry.sleep_hours is not None:
        parse_sleep_hours(entry.sleep_hours)
    if asked("sleep_quality") and entry.sleep_quality is not None:
        parse_sleep_quality(entry.sleep_quality)
    if asked("dose", "dose_missed") and entry.dose_missed and entry.dose is not None:
        raise InputError("Dose: a missed dose has no amount.", "dose")
    if asked("dose") and entry.dose is not None:
        check_logged_dose(entry.dose)
    if asked("note"):
        check_note(entry.note)
    return entry


def make_entry(
    *,
    at: datetime,
    symptom: str,
    severity: int,
    now: datetime,
    detail: str = "",
    sleep_hours: float | None = None,
    sleep_quality: int | None = None,
    dose: Quantity | None = None,
    dose_missed: bool = False,
    dose_time: time | None = None,
    note: str = "",
    entry_id: str | None = None,
) -> LogEntry:
    """A new validated entry (a fresh id unless given)."""
    entry = LogEntry(
        id=entry_id or new_entry_id(),
        at=at.replace(microsecond=0),
        symptom=symptom,
        severity=severity,
        detail=detail,
        sleep_hours=sleep_hours,
        sleep_quality=sleep_quality,
        dose=dose,
        dose_missed=dose_missed,
        dose_time=dose_time,
        note=check_note(note),
    )
    return validate_entry(entry, now)


def no_side_effects_entry(at: datetime, now: datetime, **fields: Any) -> LogEntry:
    """The one-action "No side effects tonight" entry (severity 0; sleep and dose may be given)."""
    return make_entry(at=at, symptom=NO_SIDE_EFFECTS, severity=0, now=now, **fields)


def with_changes(entry: LogEntry, now: datetime, **changes: Any) -> LogEntry:
    """The same entry (same id) with some fields changed, the changes validated (the fields
    not changed stay as saved: ``validate_entry``). The window's and the command line's edit."""
    return validate_entry(replace(entry, **changes), now, fields=changes.keys())


def format_hours(hours: float | None, decimal_mark: str = ".") -> str:
    """Sleep hours as shown (``6.5``; ``6,5`` with a decimal comma), empty when not recorded."""
    return "" if hours is None else format_number(hours, 2, decimal_mark)
