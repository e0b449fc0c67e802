"""Counts in words, grouped so that no count reads as a decimal in the user's notation.

Under a decimal comma the window said "over all 1,200 nights" and "20,000 entries": read as
1.2 nights and 20 entries. With a comma for decimals, thousands are grouped with a no-break space
(the convention of those locales and of the SI), never with either mark; with a point, a comma
(as ISMP advises for numbers of 1,000 and more).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from ldn_desktop.core.words import counted, grouped

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("count", "point", "comma"),
    [(1, "1", "1"), (999, "999", "999"), (1200, "1,200", f"1{NBSP}200"),
     (20000, "20,000", f"20{NBSP}000"), (1234567, "1,234,567", f"1{NBSP}234{NBSP}567")],
)  # fmt: skip
def test_grouped(count: int, point: str, comma: str) -> None:
    assert grouped(count) == grouped(count, ".") == point
    assert grouped(count, ",") == comma


def test_counted_in_either_notation() -> None:
    assert counted(1, "night") == "1 night"
    assert counted(1200, "night") == "1,200 nights"
    assert counted(1200, "entry", "entries", decimal_mark=",") == f"1{NBSP}200 entries"


def test_the_summary_line_groups_counts_in_the_users_notation() -> None:
    from ldn_desktop.core.side_effects import make_entry, summarise
    from ldn_desktop.core.units import Q_

    start = datetime(2020, 1, 1, 22, 0).astimezone()
    now = start + timedelta(days=1300)
    entries = [
        make_entry(
            at=start + timedelta(days=n),
            symptom="headache" if n % 2 else "no side effects",
            severity=3 if n % 2 else 0,
            dose=Q_(1.5, "mg"),
            now=now,
        )
        for n in range(1200)
    ]
    (step,) = summarise(entries, (), decimal_mark=",")
    assert f"1{NBSP}200 nights logged" in step.line
    assert f"over all 1{NBSP}200 nights" in step.line
    assert "1,200" not in step.line and "1,2" not in step.line.replace("1,5 mg", "")
    (step,) = summarise(entries)
    assert "1,200 nights logged" in step.line and "over all 1,200 nights" in step.line
    assert step.first_night == date(2020, 1, 1)
