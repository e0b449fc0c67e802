"""Titration reference data: dose range, protocols, liquid default and missed-dose advice.

The numbers and the patient wording live in ``resources/data/titration.json`` (each block with its
``source``), read once and validated here, so every reader (window, CLI, printouts, side-effect log)
applies the same rule. Sources: seed 004 §5 (standard schedule, missed dose), seeds 001/002 (dose
range); see docs/reference/seeds/.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from ldn_desktop.core.errors import ReferenceDataError

FILE = "titration.json"


@dataclass(frozen=True)
class DoseRange:
    """LDN doses in mg: refused outside ``minimum``–``maximum``, warned outside the usual range.

    ``ceiling`` (50 mg, the standard naltrexone dose) bounds capsule strengths and logged doses.
    """

    minimum: Decimal
    usual_minimum: Decimal
    usual_maximum: Decimal
    maximum: Decimal
    ceiling: Decimal
    source: str


@dataclass(frozen=True)
class ProtocolRule:
    """A built-in ladder: ``first_mg``, +``step_mg`` every ``days`` days, up to the usual maximum."""

    key: str
    label: str
    description: str
    first_mg: Decimal
    step_mg: Decimal
    days: int
    source: str


@dataclass(frozen=True)
class Advice:
    """Patient wording with where it comes from (``short`` fits a calendar footer or an .ics)."""

    text: str
    short: str
    source: str


@dataclass(frozen=True)
class TitrationReference:
    dose_range: DoseRange
    liquid_concentration_mg_per_ml: Decimal
    liquid_source: str
    missed_dose: Advice
    protocols: tuple[ProtocolRule, ...]


def _dec(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ReferenceDataError(f"{FILE}: {where} is not a number") from None
    if not number.is_finite() or number <= 0:
        raise ReferenceDataError(f"{FILE}: {where} must be more than zero")
    return number


def _text(block: dict[str, Any], key: str, where: str) -> str:
    value = block.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ReferenceDataError(f"{FILE}: {where}.{key} is missing")
    return value.strip()


def _dose_range(block: dict[str, Any]) -> DoseRange:
    keys = ("minimum", "usual_minimum", "usual_maximum", "maximum", "ceiling")
    values = [_dec(block.get(k), f"dose_mg.{k}") for k in keys]
    if values != sorted(values):
        raise ReferenceDataError(f"{FILE}: dose_mg values must increase in the order {keys}")
    low, usual_low, usual_high, high, ceiling = values
    return DoseRange(low, usual_low, usual_high, high, ceiling, _text(block, "source", "dose_mg"))


def _protocol(row: dict[str, Any], usual_maximum: Decimal) -> ProtocolRule:
    key = _text(row, "key", "protocols[]")
    days = row.get("days")
    if not isinstance(days, int) or isinstance(days, bool) or not 1 <= days <= 365:
        raise ReferenceDataError(f"{FILE}: protocol {key!r} needs days from 1 to 365")
    first = _dec(row.get("first_mg"), f"protocol {key}.first_mg")
    if first > usual_maximum:
        raise ReferenceDataError(f"{FILE}: protocol {key!r} starts above the usual maximum")
    return ProtocolRule(
        key,
        _text(row, "label", key),
        _text(row, "description", key),
        first,
        _dec(row.get("step_mg"), f"protocol {key}.step_mg"),
        days,
        _text(row, "source", key),
    )


def load_titration_reference(path: Path | None = None) -> TitrationReference:
    """Read and validate ``titration.json`` (raises ReferenceDataError naming the problem)."""
    if path is None:
        from ldn_desktop.paths import resource_path

        path = resource_path("data", FILE)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{FILE}: cannot be read ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != "ldn-desktop/titration":
        raise ReferenceDataError(f"{FILE}: not an ldn-desktop/titration file")
    doses = _dose_range(document.get("dose_mg") or {})
    liquid = document.get("liquid") or {}
    missed = document.get("missed_dose") or {}
    rows = document.get("protocols")
    if not isinstance(rows, list) or not rows:
        raise ReferenceDataError(f"{FILE}: protocols are missing")
    protocols = tuple(_protocol(row, doses.usual_maximum) for row in rows)
    if len({p.key for p in protocols}) != len(protocols) or "custom" in {p.key for p in protocols}:
        raise ReferenceDataError(f"{FILE}: protocol keys must be distinct and not 'custom'")
    return TitrationReference(
        dose_range=doses,
        liquid_concentration_mg_per_ml=_dec(
            liquid.get("concentration_mg_per_ml"), "liquid.concentration_mg_per_ml"
        ),
        liquid_source=_text(liquid, "source", "liquid"),
        missed_dose=Advice(
            _text(missed, "text", "missed_dose"),
            _text(missed, "short", "missed_dose"),
            _text(missed, "source", "missed_dose"),
        ),
        protocols=protocols,
    )


@cache
def titration_reference() -> TitrationReference:
    """The shipped titration data (read once)."""
    return load_titration_reference()


def dose_range() -> DoseRange:
    """The LDN dose range every dose is checked against (``resources/data/titration.json``)."""
    return titration_reference().dose_range


def missed_dose_advice() -> Advice:
    """The one missed-dose text for calendar, page, CLI and .ics (seed 004 §5)."""
    return titration_reference().missed_dose
