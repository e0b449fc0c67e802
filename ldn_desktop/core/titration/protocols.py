"""Built-in titration protocols and the ``"1.5mg:14,3mg:14,4.5mg"`` step notation.

The ladders are data (``resources/data/titration.json`` ``protocols``, each with its source):
- **Standard**: 1.5 mg days 1–14, 3 mg days 15–28, 4.5 mg from day 29 (seed 004 §5 "Titration
  Schedule for LDN": weeks 1–2 1.5 mg, weeks 3–4 3 mg, week 5 on 4.5 mg).
- **Gentle**: 0.5 mg, +0.5 mg every 7 days up to 4.5 mg.
- **Weekly 1 mg**: 1 mg, +1 mg every 7 days (1, 2, 3, 4 mg), then 4.5 mg.
- **Custom**: the prescriber's own steps.

A target below 4.5 mg stops the climb there: the steps below the target are kept and the target is
the ongoing dose (Standard with target 3 mg: 1.5 mg × 14 days, then 3 mg). A target above 4.5 mg
(at most 5 mg, with a warning) keeps 4.5 mg for one more step length before the target.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.reference import ProtocolRule, dose_range, titration_reference
from ldn_desktop.core.titration.schedule import (
    MAX_STEP_DAYS,
    Step,
    check_dose,
    dose_mg,
    mg,
    parse_dose,
)
from ldn_desktop.core.units.quantities import Quantity, format_dose


@dataclass(frozen=True)
class Protocol:
    """A named dose ladder: (dose in mg, days) rungs ending at the usual maximum (4.5 mg)."""

    key: str
    label: str
    description: str
    ladder: tuple[tuple[Decimal, int], ...]
    source: str = ""


def _ladder(rule: ProtocolRule, top: Decimal) -> tuple[tuple[Decimal, int], ...]:
    rungs = []
    dose = rule.first_mg
    while dose < top:
        rungs.append((dose, rule.days))
        dose += rule.step_mg
    rungs.append((top, rule.days))
    return tuple(rungs)


def _protocols() -> dict[str, Protocol]:
    top = dose_range().usual_maximum
    return {
        rule.key: Protocol(rule.key, rule.label, rule.description, _ladder(rule, top), rule.source)
        for rule in titration_reference().protocols
    }


PROTOCOLS: dict[str, Protocol] = _protocols()
PROTOCOL_KEYS = (*PROTOCOLS, "custom")


def protocol_steps(key: str, target: Quantity | None = None) -> tuple[Step, ...]:
    """The steps of a built-in protocol, climbing to ``target`` (default 4.5 mg).

    Example: ``protocol_steps("standard", mg(3))`` -> 1.5 mg × 14 days, then 3 mg ongoing.
    """
    protocol = PROTOCOLS.get(key)
    if protocol is None:
        choices = ", ".join(PROTOCOL_KEYS)
        raise InputError(f"protocol: '{key}' is not one of {choices}.", "protocol")
    goal = dose_range().usual_maximum
    if target is not None:
        check_dose(target, "target")
        goal = dose_mg(target)
    steps = [Step(mg(dose), days) for dose, days in protocol.ladder if dose < goal]
    steps.append(Step(mg(goal), None))
    return tuple(steps)


def apply_target(steps: tuple[Step, ...], target: Quantity) -> tuple[Step, ...]:
    """Custom steps capped at ``target``: later steps above it are replaced by the target, ongoing."""
    check_dose(target, "target")
    goal = dose_mg(target)
    kept = [step for step in steps if dose_mg(step.dose) < goal and step.days is not None]
    return (*kept, Step(mg(goal), None))


def parse_steps(text: str, decimal_mark: str = ".") -> tuple[Step, ...]:
    """``"1.5mg:14,3mg:14,4.5mg"`` -> steps; the last one may leave out its days (ongoing).

    Raises InputError naming the step that is wrong.
    """
    if not isinstance(text, str) or not text.strip():
        raise InputError("steps: write steps like 1.5mg:14,3mg:14,4.5mg.", "steps")
    if len(text) > 2000:
        raise InputError("steps: too long.", "steps")
    separator = ";" if decimal_mark == "," else ","
    parts = [part.strip() for part in text.split(separator)]
    steps = []
    for number, part in enumerate(parts, start=1):
        dose_text, colon, days_text = part.partition(":")
        try:
            dose = parse_dose(dose_text.strip(), "steps", decimal_mark)
        except InputError as exc:
            raise InputError(f"steps: step {number}: {_strip_field(exc)}", "steps") from None
        days: int | None = None
        if colon:
            days = _parse_days(days_text.strip(), number)
        elif number != len(parts):
            raise InputError(
                f"steps: step {number} ({format_dose(dose)}) needs a number of days, "
                "e.g. 1.5mg:14.",
                "steps",
            )
        steps.append(Step(dose, days))
    return tuple(steps)


def _parse_days(text: str, number: int) -> int:
    if not text.isdigit() or not 1 <= int(text) <= MAX_STEP_DAYS:
        raise InputError(
            f"steps: step {number}: days must be a whole number from 1 to {MAX_STEP_DAYS}, "
            f"not '{text[:12]}'.",
            "steps",
        )
    return int(text)


def _strip_field(exc: InputError) -> str:
    message = str(exc)
    return message.removeprefix("steps: ")


def format_steps(steps: tuple[Step, ...]) -> str:
    """The inverse of ``parse_steps``: ``1.5mg:14,3mg:14,4.5mg``."""
    parts = []
    for step in steps:
        text = format_dose(step.dose).replace(" ", "")
        parts.append(text if step.days is None else f"{text}:{step.days}")
    return ",".join(parts)
