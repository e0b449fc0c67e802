"""``settings.json``: the user's and the pharmacy's defaults, and details printed on paper.

Window geometry and other per-machine UI state live in QSettings, not here.
"""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from typing import Any

from ldn_desktop.storage.documents import DataStore, Document, DocumentKind
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.schema import (
    need,
    need_datetime,
    need_number,
    need_quantity,
    need_text,
    stored_number,
)

SETTINGS_DOC = "settings.json"
STRENGTH_RE = re.compile(r"^[0-9]{1,2}(?:\.[0-9]{1,6})?\Z")

DEFAULT_SETTINGS: dict[str, Any] = {
    "disclaimer_accepted_at": None,
    "last_patient_id": None,
    "pharmacy": {"name": "", "address": "", "phone": ""},
    "prescriber": {"name": "", "credentials": "", "phone": ""},  # the default prescriber
    "other_prescribers": [],  # the others, same shape (Settings page: several prescribers)
    "defaults": {
        "balance": {
            "kind": "usp41",
            "readability": {"value": "0.1", "unit": "mg"},
            "repeatability_sd": {"value": "0.03", "unit": "mg"},
        },
        "filler": "mcc",
        "capsule_size": "1",
        "capsule_strengths_mg": ["1.5", "3", "4.5"],
    },
}


def _validate(document: Document) -> None:
    need_datetime(document, "disclaimer_accepted_at", "settings", optional=True)
    need_text(document, "last_patient_id", "settings", optional=True, max_length=32)
    pharmacy = need(document, "pharmacy", dict, "settings")
    for key in ("name", "address", "phone"):
        need_text(pharmacy, key, "settings.pharmacy", max_length=500)
    prescriber = need(document, "prescriber", dict, "settings")
    for key in ("name", "phone"):
        need_text(prescriber, key, "settings.prescriber", max_length=500)
    need_text(prescriber, "credentials", "settings.prescriber", optional=True, max_length=500)
    others = need(document, "other_prescribers", list, "settings", optional=True) or []
    if len(others) > 20:
        raise InvalidDocumentError("settings: at most 20 'other_prescribers'")
    for row_number, other in enumerate(others, start=1):
        where = f"settings.other_prescribers[{row_number}]"
        for key in ("name", "credentials", "phone"):  # need_text: the row must be an object
            need_text(other, key, where, optional=key != "name", max_length=500)
    defaults = need(document, "defaults", dict, "settings")
    balance = need(defaults, "balance", dict, "settings.defaults")
    if need_text(balance, "kind", "settings.defaults.balance") not in {"usp41", "class-iii"}:
        raise InvalidDocumentError("settings.defaults.balance: 'kind' must be usp41 or class-iii")
    for key in ("readability", "repeatability_sd"):
        _need_balance_mass(balance, key)
    # the Compounding page's overage for a new batch (extra capsules); absent: the rules' default
    need_number(
        defaults, "overage_extra_capsules", "settings.defaults", optional=True,
        minimum=0, maximum=MAX_OVERAGE_EXTRA, whole=True,
    )  # fmt: skip
    need_text(defaults, "filler", "settings.defaults", max_length=40, non_empty=True)
    need_text(defaults, "capsule_size", "settings.defaults", max_length=4, non_empty=True)
    strengths = need(defaults, "capsule_strengths_mg", list, "settings.defaults")
    if not strengths or len(strengths) > 12:
        raise InvalidDocumentError(
            "settings.defaults: 'capsule_strengths_mg' needs 1 to 12 strengths"
        )
    for value in strengths:
        number = stored_number(value, "settings.defaults: a capsule strength")
        text = value if isinstance(value, str) else repr(value)
        # plain decimal mg, as the Settings page saves it; the schedule parses these (no 1e-3)
        if not STRENGTH_RE.match(text) or not 0 < number <= 50:
            raise InvalidDocumentError(
                f"settings.defaults: strength {text[:20]!r} is not a dose from 0 to 50 mg"
            )


_MASS_UNITS = {"mcg", "mg", "g"}
MAX_OVERAGE_EXTRA = 100  # extra capsules a new batch may default to


def _need_balance_mass(balance: Any, key: str) -> None:
    """A balance's readability or repeatability, checked by the parser the Settings page uses
    (core ``settings_values``): a stored value is never one the page would refuse."""
    from ldn_desktop.core.errors import InputError
    from ldn_desktop.core.settings_values import readability_mg, repeatability_sd_mg

    stored = need_quantity(balance, key, "settings.defaults.balance", _MASS_UNITS)
    assert stored is not None  # not optional
    # the parsers' own check, without building a pint Quantity: settings are read before the
    # window's first paint, and pint costs about 0.3 s to load
    parse = readability_mg if key == "readability" else repeatability_sd_mg
    try:
        value = balance[key]["value"]
        text = value if isinstance(value, str) else format(Decimal(repr(value)), "f")
        parse(f"{text} {stored[1]}")
    except InputError as exc:
        raise InvalidDocumentError(f"settings.defaults.balance: {exc}") from None


SETTINGS_KIND = DocumentKind("settings", 1, _validate)


def load_settings(store: DataStore) -> dict[str, Any]:
    """The saved settings merged over the defaults (missing file: defaults)."""
    document = store.read(SETTINGS_DOC, SETTINGS_KIND)
    merged = copy.deepcopy(DEFAULT_SETTINGS)
    if document is None:
        return merged
    for key, value in document.items():
        if key in {"format", "version"}:
            continue
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key].update(value)
        else:
            merged[key] = value
    return merged


def overage_default(defaults: dict[str, Any], rules_default: int | None = None) -> int:
    """Extra capsules a new compounding batch starts with: the pharmacy's choice in Settings, else
    the rules' default (*rules_default*, or ``compounding_rules.json``; compounding.md §5)."""
    saved = defaults.get("overage_extra_capsules")
    if saved is not None:
        return int(saved)
    if rules_default is not None:
        return rules_default
    from ldn_desktop.core.compounding import compounding_reference

    return compounding_reference().default_extra_capsules


def save_settings(store: DataStore, settings: dict[str, Any]) -> None:
    store.write(SETTINGS_DOC, SETTINGS_KIND, settings)


def stored_quantity(value: Any) -> Any:
    """A quantity stored as ``{"value": "0.1", "unit": "mg"}`` (None if missing or unreadable)."""
    if not isinstance(value, dict):
        return None
    from decimal import Decimal

    from ldn_desktop.core.units import Q_

    try:
        return Q_(Decimal(str(value["value"])), str(value["unit"]))
    except (KeyError, ArithmeticError, ValueError, TypeError):
        return None


def pharmacy_balance(defaults: dict[str, Any]) -> Any:
    """The pharmacy's balance from ``settings["defaults"]`` (USP <41>, 0.1 mg / 0.03 mg if unset).

    Used by the Compounding page and by ``ldn-desktop compound`` when no balance option is given.
    """
    from ldn_desktop.core.compounding import Balance
    from ldn_desktop.core.errors import InputError
    from ldn_desktop.core.units import Q_

    balance = defaults.get("balance") or {}
    if balance.get("kind") == "class-iii":
        return Balance("class-iii")
    readability = stored_quantity(balance.get("readability")) or Q_("0.1", "mg")
    sd = stored_quantity(balance.get("repeatability_sd")) or Q_("0.03", "mg")
    try:
        return Balance("usp41", readability, sd)
    except InputError:
        return Balance()
