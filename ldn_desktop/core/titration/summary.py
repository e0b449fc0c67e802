"""What a saved plan version says about itself: its summary sentence and who made it.

One function each, used by the Titration page (save dialog), the CLI (``schedule --save``) and the
printed pharmacist copy, so the history, the paper and the terminal read the same.

- ``plan_summary``: ``Standard plan from 1 Dec 2026 at bedtime: 1.5 mg for 14 days, 3 mg for
  14 days, then 4.5 mg``, then the
  changes made with it (hold, step back …) and, when the start is new, the early-start reason.
- ``continue_note``: what the patient does after the last printed day (continue and refill, or
  ask the prescriber when the plan ends), so a calendar never just stops.
- ``plan_author``: who makes the change: the name given, else the prescriber in Settings, else the
  login name (issue 13: the prescriber, not the login, when Settings names one).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.changes import Change
from ldn_desktop.core.titration.protocols import PROTOCOLS
from ldn_desktop.core.titration.schedule import Plan, Step, format_day, segment_on
from ldn_desktop.core.units.quantities import format_dose

MAX_AUTHOR = 200


def protocol_label(plan: Plan) -> str:
    """``Standard``, ``Gentle``, ``Weekly 1 mg`` or ``Custom``."""
    protocol = PROTOCOLS.get(plan.protocol)
    return protocol.label if protocol is not None else "Custom"


def plan_summary(
    plan: Plan,
    changes: Sequence[Change] = (),
    previous: Plan | None = None,
    *,
    decimal_mark: str = ".",
) -> str:
    """The sentence kept with a plan version (and printed on the pharmacist copy).

    ``previous`` is the plan it replaces: the early-start reason is added when the start is new.
    Example: ``Gentle plan from 1 Dec 2026 at bedtime: 0.5 mg for 7 days, 1 mg for 7 days, …``.
    The page and the printout pass the user's ``decimal_mark``; what is stored keeps the point.
    """
    parts = [
        f"{protocol_label(plan)} plan from {format_day(plan.start)} {plan.dose_time.label}: "
        f"{describe_steps(plan.steps, decimal_mark)}",
        *(change.summary for change in changes),
    ]
    new_start = previous is None or previous.start != plan.start
    if plan.start_override_reason and new_start:
        parts.append(f"start reason: {plan.start_override_reason}")
    return "; ".join(parts)


def describe_steps(steps: Sequence[Step], decimal_mark: str = ".") -> str:
    """The steps in words, each dose in ISMP notation (the ``1.5mg:14`` notation is for typing):
    ``1.5 mg for 14 days, 3 mg for 14 days, then 4.5 mg``; a last step with days ends the plan."""
    parts = []
    for index, step in enumerate(steps):
        dose = format_dose(step.dose, decimal_mark=decimal_mark)
        if step.days is None:
            parts.append(f"then {dose}" if index else f"{dose} ongoing")
        else:
            parts.append(f"{dose} for {step.days} day{'' if step.days == 1 else 's'}")
    return ", ".join(parts)


def plan_author(
    given: str | None, prescriber: str = "", login: str = "", *, required: bool = True
) -> str:
    """Who makes a plan change: ``given`` if any, else the prescriber, else the login name.

    Printouts pass no login (a login name is not a prescriber) and ``required=False``: "" when
    nobody is known. Raises InputError when required and all are empty, or a name is longer than
    200 characters.
    """
    for name in (given, prescriber, login):
        text = (name or "").strip()
        if text:
            if len(text) > MAX_AUTHOR:
                raise InputError(f"by: at most {MAX_AUTHOR} characters.", "by")
            return text
    if required:
        raise InputError("by: say who makes this change.", "by")
    return ""


def version_change(
    plan: Plan,
    changes: Sequence[Change] = (),
    previous: Plan | None = None,
    *,
    of_previous: bool = False,
) -> Change:
    """The ``Change`` a new version records: one hold/step-back/dose-time applied to the saved plan
    as it was (``of_previous``) keeps its own kind; anything else is ``new`` (first version) or
    ``edit`` with the summary."""
    if previous is not None and of_previous and len(changes) == 1:
        return changes[0]
    summary = plan_summary(plan, changes, previous)
    if previous is None:
        return Change("new", summary, start=plan.start)
    return Change("edit", summary, start=plan.start)


def continue_note(plan: Plan, last_shown: date, decimal_mark: str = ".") -> str:
    """What to do after the calendar's last day (printed on its last month).

    Example: Standard from 1 Dec 2026 printed to 28 Feb 2027 -> "After 28 Feb 2027: continue
    4.5 mg daily at bedtime — ask your pharmacy for a refill before it runs out."
    """
    following = last_shown + timedelta(days=1)
    segment = segment_on(plan, following)
    if segment is None:
        end = plan.end or last_shown
        return (
            f"The plan ends on {format_day(end)}. Ask your prescriber before then whether to go "
            "on, change or stop."
        )
    dose = format_dose(segment.dose, decimal_mark=decimal_mark)
    when = plan.dose_time_on(following).label
    if segment.last is None:
        return (
            f"After {format_day(last_shown)}: continue {dose} daily {when} — ask your pharmacy "
            "for a refill before it runs out."
        )
    return (
        f"After {format_day(last_shown)} the plan goes on ({dose} daily {when} from "
        f"{format_day(following)}) — ask your pharmacy for a refill and the next calendar."
    )
