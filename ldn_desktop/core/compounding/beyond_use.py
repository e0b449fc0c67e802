"""Beyond-use dates per USP <795> (2023) (docs/reference/compounding.md §7.1).

Maximum BUDs without preparation-specific stability data: nonaqueous dosage forms such as capsules
180 days; nonaqueous oral liquids 90 days; preserved aqueous 35 days; non-preserved aqueous 14 days
in a refrigerator. The date is counted as *compounding date + N days* (the convention the issue
sets; §7.1 notes a "day 1" SOP convention, which would give one day less) and is **never later than
the earliest expiry date of a component entered** (§7.1, a hard cap).

Example: capsules compounded 2026-03-01 → 2026-08-28 (+180 days); with an API expiring
2026-07-31 → 2026-07-31.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from ldn_desktop.core.compounding.inputs import ComponentExpiry
from ldn_desktop.core.compounding.reference import BudCategory
from ldn_desktop.core.dates import EXAMPLE, format_day, month_number, parse_day
from ldn_desktop.core.errors import InputError

# an expiry given as a month: 2026-07, Jul 2026, July 2026 (its last day)
_MONTH_ONLY = re.compile(
    r"(?P<year>\d{4})-(?P<number>\d{1,2})|(?P<name>[A-Za-z]{3,9})\.?[\s\-/,]*(?P<year2>\d{4})"
)


@dataclass(frozen=True, slots=True)
class BeyondUse:
    """The assigned BUD, the rule it came from, what capped it (if anything) and the storage."""

    bud: date
    category: BudCategory
    rule_date: date
    limited_by: ComponentExpiry | None

    @property
    def storage(self) -> str:
        return self.category.storage

    def explanation(self) -> str:
        rule = (
            f"USP <795> (2023) {self.category.label.lower()}: {self.category.days} days "
            f"→ {format_day(self.rule_date)}"
        )
        if self.limited_by is not None:
            rule += (
                f"; limited by the {self.limited_by.component} expiry "
                f"{format_day(self.limited_by.expires_on)}"
            )
        return rule


COMPOUNDING_YEARS = (2000, 2199)  # records store dates in 1900-2200; BUDs add up to 180 days


def beyond_use_date(
    compounded_on: date, category: BudCategory, expiries: Sequence[ComponentExpiry] = ()
) -> BeyondUse:
    """compounded_on + category.days, capped by the earliest component expiry (§7.1).

    Raises InputError if a component has expired on or before the compounding date, or the
    compounding date is outside the years records are kept for (a year-9999 date overflowed).
    """
    if not COMPOUNDING_YEARS[0] <= compounded_on.year <= COMPOUNDING_YEARS[1]:
        raise InputError(
            f"Compounding date: {format_day(compounded_on)} is outside {COMPOUNDING_YEARS[0]}–"
            f"{COMPOUNDING_YEARS[1]}; please check the date.",
            "date",
        )
    rule_date = compounded_on + timedelta(days=category.days)
    earliest = min(expiries, key=lambda e: e.expires_on, default=None)
    if earliest is not None and earliest.expires_on <= compounded_on:
        raise InputError(
            f"{earliest.component.capitalize()} expiry: {format_day(earliest.expires_on)} is not "
            f"after the compounding date {format_day(compounded_on)}; do not use an expired "
            "component.",
            _field_of(earliest.component),
        )
    if earliest is not None and earliest.expires_on < rule_date:
        return BeyondUse(earliest.expires_on, category, rule_date, earliest)
    return BeyondUse(rule_date, category, rule_date, None)


def past_bud(bud: date, today: date) -> bool:
    """Whether a batch is past its beyond-use date on ``today`` (the BUD day itself is in date:
    "use by")."""
    return bud < today


def _field_of(component: str) -> str:
    return re.sub(r"[^a-z]+", "_", component.lower()).strip("_") + "_expiry"


def parse_expiry(text: str, *, field: str, label: str = "Expiry") -> date:
    """A month, meaning its last day (the usual expiry reading): ``2026-07`` or ``Jul 2026``;
    or a day, read as every typed date is (``core.dates.parse_day``): ``31 Jul 2026``,
    ``2026-07-31``. Numeric dates such as ``07/31/2026`` are refused (which order?)."""
    stripped = " ".join((text or "").split())
    if len(stripped) > 40:
        raise InputError(f"{label}: write the date as {EXAMPLE} or a month, 2026-07.", field)
    month = _MONTH_ONLY.fullmatch(stripped)
    if month is not None:
        year = int(month["year"] or month["year2"])
        number = int(month["number"]) if month["number"] else month_number(month["name"])
        if number is not None and 1 <= number <= 12:
            return date(year, number, calendar.monthrange(year, number)[1])
    try:
        return parse_day(stripped, field=field, label=label, day_first=None)
    except InputError:
        raise InputError(
            f"{label}: '{stripped[:24]}' is not a date; type it as {EXAMPLE}, or a month as "
            "2026-07 or Jul 2026.",
            field,
        ) from None
