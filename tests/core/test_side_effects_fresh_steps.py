"""Fresh cases of the side-effect summary against the titration plan (found by trying the CLI)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from ldn_desktop.core.side_effects import LogEntry, planned_steps, summarise
from ldn_desktop.core.titration import make_plan, protocol_steps
from ldn_desktop.core.units.quantities import Q_

# 1.5 mg 1-14 Jan, 3 mg 15-28 Jan, 4.5 mg from 29 Jan
STANDARD = planned_steps(make_plan(date(2026, 1, 1), protocol_steps("standard")))


def _nights(first: date, count: int, dose: float | None, severity: int = 3) -> list[LogEntry]:
    symptom = "insomnia" if severity else "no side effects"
    return [
        LogEntry(
            f"{first}-{i}",
            datetime.combine(first + timedelta(days=i), datetime.min.time(), UTC)
            + timedelta(hours=22),
            symptom,
            severity,
            dose=None if dose is None else Q_(dose, "mg"),
        )
        for i in range(count)
    ]


def test_a_late_step_up_counts_its_first_14_days_from_the_first_night_at_the_new_dose() -> None:
    """The plan goes to 4.5 mg on 29 Jan, but the log shows 3 mg every night up to 4 Feb: the
    patient's first night at 4.5 mg was 5 Feb, so its first 14 days are 5-18 Feb, not 29 Jan -
    11 Feb (which would put nights 12-18 Feb, still in the first two weeks at 4.5 mg, 'after')."""
    entries = _nights(date(2026, 1, 15), 21, 3, severity=0) + _nights(date(2026, 2, 5), 14, 4.5)
    three, four_and_a_half = summarise(entries, STANDARD)
    assert three.day_one == date(2026, 1, 15) and three.day_one_from_plan
    assert four_and_a_half.first_night == date(2026, 2, 5)
    assert four_and_a_half.day_one == date(2026, 2, 5)
    assert not four_and_a_half.day_one_from_plan
    assert (four_and_a_half.early.nights_logged, four_and_a_half.later.nights_logged) == (14, 0)
    assert "First 14 days (from 5 Feb 2026, the first night logged): 14 of 14 nights" in (
        four_and_a_half.line
    )


def test_missed_or_unrecorded_nights_after_the_plans_date_do_not_move_day_one() -> None:
    """Nights without a dose taken (missed, or not recorded) say nothing about the dose: the plan's
    start of the step stays day one."""
    entries = _nights(date(2026, 1, 15), 14, 3, severity=0)
    missed = _nights(date(2026, 1, 29), 2, None, severity=0)
    missed = [LogEntry(e.id, e.at, e.symptom, 0, dose_missed=True) for e in missed]
    entries += missed + _nights(date(2026, 1, 31), 10, 4.5)
    last = summarise(entries, STANDARD)[-1]
    assert (last.day_one, last.day_one_from_plan) == (date(2026, 1, 29), True)
