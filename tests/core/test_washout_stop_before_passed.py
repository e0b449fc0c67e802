"""``washout --stop-before``: when the last LDN dose it gives is already past.

Surgery tomorrow 08:00 → "take the last LDN dose no later than" three days before, a moment the
patient can no longer keep. The answer must say so and what to do instead (washout.md §1.5, §4:
tell the team giving the opioid; higher doses in a monitored setting, or regional anaesthesia and
non-opioid analgesia). The dates stay the rule's (72 h before the planned use).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ldn_desktop.core.washout import TimePoint, stop_before, stop_before_to_json
from ldn_desktop.core.washout.times import parse_time_point

NOW = datetime(2026, 12, 3, 20, 10)  # a wall-clock moment (no time zone given)


def test_a_last_dose_moment_already_past_is_said_with_what_to_do() -> None:
    answer = stop_before(parse_time_point("2026-12-04T08:00", "t"), now=NOW)
    assert answer.last_ldn_dose == datetime(2026, 12, 1, 8, 0)  # the rule's moment, unchanged
    assert answer.hold_passed
    assert (
        "That moment has passed (now 3 Dec 2026 20:10): the 72 h hold can no longer be kept."
        in answer.reason
    )
    first = answer.notes[0]
    assert first.startswith("Stop LDN now and tell the team who will give the opioid")
    assert "higher doses will be needed in a monitored setting" in first and "regional" in first
    assert stop_before_to_json(answer)["hold_passed"] is True


def test_a_moment_still_ahead_reads_as_before() -> None:
    answer = stop_before(parse_time_point("2026-12-10T08:00", "t"), now=NOW)
    assert not answer.hold_passed and "has passed" not in answer.reason
    assert stop_before_to_json(answer)["hold_passed"] is False
    assert answer.reason == (
        "Planned opioid use 10 Dec 2026 08:00: take the last LDN dose no later than "
        "7 Dec 2026 08:00 (72 h before), so the blockade has worn off."
    )


def test_with_a_time_zone_the_moment_is_compared_as_an_instant() -> None:
    # 7 Dec 08:00 EST = 13:00 UTC; checked at 12:59 and at 13:01 UTC
    planned = parse_time_point("2026-12-10T08:00", "t")
    early = stop_before(planned, "America/New_York", now=datetime(2026, 12, 7, 12, 59, tzinfo=UTC))
    late = stop_before(planned, "America/New_York", now=datetime(2026, 12, 7, 13, 1, tzinfo=UTC))
    assert not early.hold_passed and late.hold_passed
    assert "now 7 Dec 2026 08:01 EST" in late.reason


def test_the_clock_is_read_when_no_moment_is_given() -> None:
    soon = (datetime.now() + timedelta(days=1)).replace(second=0, microsecond=0)
    assert stop_before(TimePoint(soon)).hold_passed
    later = (datetime.now() + timedelta(days=5)).replace(second=0, microsecond=0)
    assert not stop_before(TimePoint(later)).hold_passed
