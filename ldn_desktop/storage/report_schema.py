"""The stored compounding report of a pharmacy record, checked field by field (issue 12 item 6).

``core.compounding.report_from_json`` builds a ``CompoundingReport`` from whatever it is given; a
record whose report holds a number where a text belongs (or a decimal like ``1e30``) was accepted
and then crashed the worksheet and label reprint. A released record's report is checked here
against the shape ``report_to_json`` writes, so every reader gets texts, decimals and dates.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.schema import need, need_date, need_text

_TEXTS = (
    "title",
    "summary",
    "quantity_label",
    "product_line",
    "patient_dose",
    "directions",
    "bud_rule",
    "storage",
    "balance",
    "rules_version",
)
_TEXT_LISTS = ("steps", "warnings", "cautions")
MAX_TEXT = 5000
MAX_ITEMS = 200
MAX_MG = Decimal(10**9)  # far above any batch (a kilogram is 10**6 mg)


def _decimal(data: Any, key: str, where: str) -> None:
    text = need_text(data, key, where, max_length=40)
    try:
        value = Decimal(text or "")
    except InvalidOperation:
        raise InvalidDocumentError(f"{where}: '{key}' is not a decimal number") from None
    if not value.is_finite() or not 0 <= value <= MAX_MG:
        raise InvalidDocumentError(f"{where}: '{key}' is out of range")


def _items(data: Any, key: str, where: str) -> list[Any]:
    items: list[Any] = need(data, key, list, where)
    if len(items) > MAX_ITEMS:
        raise InvalidDocumentError(f"{where}: '{key}' has more than {MAX_ITEMS} items")
    return items


def _weighing(item: Any, where: str) -> None:
    need_text(item, "label", where, max_length=MAX_TEXT)
    need_text(item, "shown", where, max_length=200)
    _decimal(item, "calculated_mg", where)


def validate_report(report: Any, where: str) -> None:
    """Raise InvalidDocumentError unless ``report`` has the shape ``report_to_json`` writes."""
    if need(report, "report_version", int, where) != 1:
        raise InvalidDocumentError(f"{where}: unknown report version")
    if need_text(report, "kind", where) not in {"capsules", "liquid"}:
        raise InvalidDocumentError(f"{where}: 'kind' must be capsules or liquid")
    for key in _TEXTS:
        need_text(report, key, where, max_length=MAX_TEXT)
    need_text(report, "plan_problem", where, optional=True, max_length=MAX_TEXT)
    for key in _TEXT_LISTS:
        for index, line in enumerate(_items(report, key, where)):
            if not isinstance(line, str) or len(line) > MAX_TEXT:
                raise InvalidDocumentError(f"{where}: {key}[{index}] must be a text")
    for index, item in enumerate(_items(report, "weighings", where)):
        _weighing(item, f"{where}.weighings[{index}]")
    if need(report, "total", dict, where, optional=True) is not None:
        _weighing(report["total"], f"{where}.total")
    for index, line in enumerate(_items(report, "details", where)):
        need_text(line, "label", f"{where}.details[{index}]", max_length=MAX_TEXT)
        need_text(line, "text", f"{where}.details[{index}]", max_length=MAX_TEXT)
    for index, dose in enumerate(_items(report, "doses", where)):
        inner = f"{where}.doses[{index}]"
        need_text(dose, "dose", inner, max_length=200)
        need_text(dose, "volume", inner, max_length=200)
        _decimal(dose, "exact_ml", inner)
        need(dose, "measurable", bool, inner)
    need_date(report, "compounded_on", where)
    need_date(report, "bud", where)
    _decimal(report, "readability_mg", where)
    _decimal(report, "min_weighable_mg", where)
