"""The name → drug lookup of the opioid table (washout.md §5 step 1): every generic, brand,
synonym, non-opioid ingredient and interaction-table name, normalised; one name, one meaning."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ldn_desktop.core.errors import ReferenceDataError
from ldn_desktop.core.washout.names import normalise

if TYPE_CHECKING:
    from ldn_desktop.core.washout.opioid_table import Interaction, OpioidEntry, Product

OPIOID_FILE = "opioids.json"
INTERACTIONS_FILE = "interactions.json"


def _fail(file: str, row: str, problem: str) -> ReferenceDataError:
    return ReferenceDataError(f"{file}, {row}: {problem}")


def _texts(row: Mapping[str, Any], key: str, file: str, where: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(file, where, f"'{key}' must be a list of names")
    return tuple(value)


@dataclass(frozen=True)
class LookupTarget:
    """What a normalised name stands for: a generic, a product of an entry, a non-opioid
    ingredient ("other") or a drug known only from the interaction table ("interaction")."""

    kind: str
    key: str
    display: str
    entry_id: str | None = None
    product: Product | None = None


class _Lookup:
    """Builds the name → target map; a name may stand for one thing only."""

    def __init__(self) -> None:
        self.map: dict[str, LookupTarget] = {}

    def add(self, name: str, target: LookupTarget, file: str, where: str) -> None:
        key = normalise(name)
        if not key:
            raise _fail(file, where, f"name {name!r} is empty after normalisation")
        target = LookupTarget(target.kind, key, name, target.entry_id, target.product)
        known = self.map.get(key)
        if known is not None and (known.entry_id, known.product, known.kind) != (
            target.entry_id,
            target.product,
            target.kind,
        ):
            raise _fail(file, where, f"name {name!r} already stands for {known.display!r}")
        self.map.setdefault(key, target)


def build_lookup(
    entries: Mapping[str, OpioidEntry],
    others: list[Any],
    interactions: tuple[Interaction, ...],
) -> dict[str, LookupTarget]:
    lookup = _Lookup()
    for entry in entries.values():
        where = f"entry {entry.id}"
        for name in entry.generic_names:
            lookup.add(name, LookupTarget("generic", "", name, entry.id), OPIOID_FILE, where)
        for product in entry.products:
            for name in product.names:
                target = LookupTarget("product", "", name, entry.id, product)
                lookup.add(name, target, OPIOID_FILE, where)
    for index, other in enumerate(others):
        where = f"other ingredient {index + 1}"
        if not isinstance(other, dict):
            raise _fail(OPIOID_FILE, where, "must be an object")
        canonical = other.get("name")
        if not isinstance(canonical, str) or not canonical.strip():
            raise _fail(OPIOID_FILE, where, "'name' must be a non-empty text")
        for name in (canonical, *_texts(other, "synonyms", OPIOID_FILE, where)):
            lookup.add(name, LookupTarget("other", "", canonical), OPIOID_FILE, where)
    for item in interactions:
        for name in item.names:
            target = LookupTarget("interaction", "", name, item.id)
            lookup.add(name, target, INTERACTIONS_FILE, f"interaction {item.id}")
    return lookup.map
