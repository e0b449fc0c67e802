"""The opioid table, washout classes and interactions (resources/data), loaded and validated.

Source: docs/reference/washout.md §2.1 (classes), §2.2 (drug table), §3 (interactions). The
numbers live in the data files, each row with its source, so a reviewer can change a rule marked
unverified without touching code. Any problem raises ReferenceDataError naming the file and row.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from ldn_desktop.core.errors import ReferenceDataError
from ldn_desktop.core.washout.lookup import LookupTarget, build_lookup
from ldn_desktop.core.washout.model import Status

FORMS = ("ir", "er", "patch", "depot")
SEVERITIES = ("major", "moderate", "minor", "theoretical", "informational")
OPIOID_FILE = "opioids.json"
CLASSES_FILE = "washout_classes.json"
INTERACTIONS_FILE = "interactions.json"


@dataclass(frozen=True)
class WashoutClass:
    id: str
    name: str
    min_days: int | None
    recommended_days: int | None
    status_after: Status
    anchor: str
    source: str
    verified: bool


@dataclass(frozen=True)
class Product:
    names: tuple[str, ...]
    form: str
    with_: tuple[str, ...] = ()
    class_override: str | None = None


@dataclass(frozen=True)
class OpioidEntry:
    id: str
    generic: str
    generic_names: tuple[str, ...]
    receptor_activity: str
    classes: Mapping[str, str]
    default_form: str | None
    default_note: str
    misuse_class: str | None
    products: tuple[Product, ...]
    half_life: str
    notes: str
    source: str
    patch_wear_hours: int | None = None  # how long one patch is worn (a "last" application)
    patch_wear_source: str = ""

    def class_for(self, form: str | None) -> str | None:
        """The washout class for ``form`` (None when the formulation matters and is unknown)."""
        distinct = set(self.classes.values())
        if len(distinct) == 1:
            return next(iter(distinct))
        return self.classes.get(form) if form else None


@dataclass(frozen=True)
class Interaction:
    id: str
    title: str
    names: tuple[str, ...]
    entries: tuple[str, ...]
    classes: tuple[str, ...]
    effect: str
    severity: str
    advice: str
    source: str


@dataclass(frozen=True)
class ReferenceTables:
    entries: Mapping[str, OpioidEntry]
    classes: Mapping[str, WashoutClass]
    interactions: tuple[Interaction, ...]
    lookup: Mapping[str, LookupTarget]
    source: str
    reviewed_on: str

    @property
    def longest_key(self) -> int:
        """The most words in one lookup name."""
        return max(len(key.split(" ")) for key in self.lookup)

    @property
    def display_names(self) -> tuple[str, ...]:
        """Every name a user may type (generics, brands, synonyms), for completion."""
        return tuple(sorted({t.display for t in self.lookup.values()}, key=str.lower))


def _fail(file: str, row: str, problem: str) -> ReferenceDataError:
    return ReferenceDataError(f"{file}, {row}: {problem}")


def _read(folder: Path, name: str) -> dict[str, Any]:
    try:
        data = json.loads((folder / name).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{name}: cannot be read ({exc})") from None
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{name}: the top level is not an object")
    return data


def _text(row: Mapping[str, Any], key: str, file: str, where: str, *, empty: bool = False) -> str:
    value = row.get(key)
    if not isinstance(value, str) or (not empty and not value.strip()):
        raise _fail(file, where, f"'{key}' must be a non-empty text")
    return value


def _texts(row: Mapping[str, Any], key: str, file: str, where: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(file, where, f"'{key}' must be a list of names")
    return tuple(value)


def _days(row: Mapping[str, Any], key: str, file: str, where: str) -> int | None:
    value = row.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 365:
        raise _fail(file, where, f"'{key}' must be a whole number of days (0–365) or null")
    return value


def load_classes(folder: Path) -> dict[str, WashoutClass]:
    """Washout classes of reference §2.1 (minimum and recommended days, status once met)."""
    data = _read(folder, CLASSES_FILE)
    result: dict[str, WashoutClass] = {}
    for index, row in enumerate(data.get("classes") or []):
        where = f"class {index + 1} ({row.get('id', '?') if isinstance(row, dict) else '?'})"
        if not isinstance(row, dict):
            raise _fail(CLASSES_FILE, where, "must be an object")
        try:
            status = Status(str(row.get("status_after")))
        except ValueError:
            raise _fail(CLASSES_FILE, where, "'status_after' is not a status") from None
        item = WashoutClass(
            id=_text(row, "id", CLASSES_FILE, where),
            name=_text(row, "name", CLASSES_FILE, where),
            min_days=_days(row, "min_days", CLASSES_FILE, where),
            recommended_days=_days(row, "recommended_days", CLASSES_FILE, where),
            status_after=status,
            anchor=_text(row, "anchor", CLASSES_FILE, where),
            source=_text(row, "source", CLASSES_FILE, where),
            verified=bool(row.get("verified")),
        )
        if item.min_days is None and status is not Status.REFER_SPECIALIST:
            raise _fail(CLASSES_FILE, where, "only a refer class may have no minimum")
        if item.id in result:
            raise _fail(CLASSES_FILE, where, "duplicate class id")
        result[item.id] = item
    if not result:
        raise ReferenceDataError(f"{CLASSES_FILE}: no classes")
    return result


def _product(row: Any, file: str, where: str, classes: Mapping[str, WashoutClass]) -> Product:
    if not isinstance(row, dict):
        raise _fail(file, where, "a product must be an object")
    form = row.get("form")
    if form not in FORMS:
        raise _fail(file, where, f"product form must be one of {', '.join(FORMS)}")
    override = row.get("class")
    if override is not None and override not in classes:
        raise _fail(file, where, f"unknown class {override!r}")
    names = _texts(row, "names", file, where)
    if not names:
        raise _fail(file, where, "a product needs at least one name")
    return Product(names, form, _texts(row, "with", file, where), override)


def _entry(row: Any, where: str, classes: Mapping[str, WashoutClass]) -> OpioidEntry:
    file = OPIOID_FILE
    if not isinstance(row, dict):
        raise _fail(file, where, "must be an object")
    mapping = row.get("classes")
    if not isinstance(mapping, dict) or not mapping:
        raise _fail(file, where, "'classes' must map formulations to classes")
    for form, cls in mapping.items():
        if form not in FORMS or cls not in classes:
            raise _fail(file, where, f"bad formulation/class pair {form!r}: {cls!r}")
    default_form = row.get("default_form")
    if len(set(mapping.values())) > 1 and default_form not in mapping:
        raise _fail(file, where, "a drug sold in several classes needs a 'default_form'")
    misuse = row.get("misuse_class")
    if misuse is not None and misuse not in classes:
        raise _fail(file, where, f"unknown misuse class {misuse!r}")
    products = tuple(
        _product(p, file, f"{where} product {i + 1}", classes)
        for i, p in enumerate(row.get("products") or [])
    )
    wear = row.get("patch_wear_hours")
    if wear is not None and (
        not isinstance(wear, int) or isinstance(wear, bool) or not 1 <= wear <= 336
    ):
        raise _fail(file, where, "'patch_wear_hours' must be whole hours (1–336) or absent")
    return OpioidEntry(
        id=_text(row, "id", file, where),
        generic=_text(row, "generic", file, where),
        generic_names=_texts(row, "generic_names", file, where),
        receptor_activity=_text(row, "receptor_activity", file, where),
        classes=dict(mapping),
        default_form=default_form,
        default_note=str(row.get("default_note") or ""),
        misuse_class=misuse,
        products=products,
        half_life=_text(row, "half_life", file, where),
        notes=_text(row, "notes", file, where, empty=True),
        source=_text(row, "source", file, where),
        patch_wear_hours=wear,
        patch_wear_source=_text(row, "patch_wear_source", file, where) if wear else "",
    )


def _interaction(row: Any, where: str, entries: Mapping[str, OpioidEntry]) -> Interaction:
    file = INTERACTIONS_FILE
    if not isinstance(row, dict):
        raise _fail(file, where, "must be an object")
    item = Interaction(
        id=_text(row, "id", file, where),
        title=_text(row, "title", file, where),
        names=_texts(row, "names", file, where),
        entries=_texts(row, "entries", file, where),
        classes=_texts(row, "classes", file, where),
        effect=_text(row, "effect", file, where),
        severity=_text(row, "severity", file, where),
        advice=_text(row, "advice", file, where),
        source=_text(row, "source", file, where),
    )
    if item.severity not in SEVERITIES:
        raise _fail(file, where, f"severity must be one of {', '.join(SEVERITIES)}")
    unknown = [e for e in item.entries if e not in entries]
    if unknown:
        raise _fail(file, where, f"unknown drug ids {unknown}")
    if not (item.names or item.entries or item.classes):
        raise _fail(file, where, "matches nothing")
    return item


def load_reference(folder: Path) -> ReferenceTables:
    """Read and validate the three files in ``folder``; raises ReferenceDataError."""
    classes = load_classes(folder)
    data = _read(folder, OPIOID_FILE)
    entries: dict[str, OpioidEntry] = {}
    for index, row in enumerate(data.get("entries") or []):
        name = row.get("id", "?") if isinstance(row, dict) else "?"
        entry = _entry(row, f"entry {index + 1} ({name})", classes)
        if entry.id in entries:
            raise _fail(OPIOID_FILE, f"entry {index + 1}", f"duplicate id {entry.id!r}")
        entries[entry.id] = entry
    raw_inter = _read(folder, INTERACTIONS_FILE).get("interactions") or []
    interactions = tuple(
        _interaction(row, f"interaction {i + 1}", entries) for i, row in enumerate(raw_inter)
    )
    lookup = build_lookup(entries, data.get("other_ingredients") or [], interactions)
    others = {t.display for t in lookup.values() if t.kind == "other"}
    for entry in entries.values():
        for product in entry.products:
            for part in product.with_:
                if part not in entries and part not in others:
                    raise _fail(OPIOID_FILE, f"entry {entry.id}", f"unknown ingredient {part!r}")
    return ReferenceTables(
        entries,
        classes,
        interactions,
        lookup,
        str(data.get("source", "")),
        str(data.get("reviewed_on", "")),
    )


@lru_cache(maxsize=1)
def shipped_reference() -> ReferenceTables:
    """The tables shipped in resources/data (read once)."""
    from ldn_desktop.paths import resource_path

    return load_reference(resource_path("data"))
