"""The symptom list of the side-effect log: shipped in ``resources/data/symptoms.json`` (issue 6).

The list follows what LDN patients report (shared/seeds): vivid dreams and sleep disturbance early
on, insomnia, diarrhoea, self-limited headache; a patient may add their own symptoms, which are kept
in their own data (``storage.side_effect_log``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ldn_desktop.core.errors import InputError, ReferenceDataError

NO_SIDE_EFFECTS = "no side effects"
OTHER = "other"
DETAIL_MAX = 200


@dataclass(frozen=True, slots=True)
class Symptom:
    """One symptom of the list: its label as shown and stored, and whether it needs a description."""

    label: str
    night: bool = False
    needs_detail: bool = False
    custom: bool = False


def load_symptoms(path: Path) -> tuple[Symptom, ...]:
    """The shipped symptom list (``resources/data/symptoms.json``). Raises ReferenceDataError."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not data.get("source") or not data.get("reviewed_on"):
            raise ReferenceDataError(f"{path.name}: 'source' and 'reviewed_on' are required")
        symptoms = tuple(
            Symptom(
                label=str(row["label"]).strip().lower(),
                night=bool(row.get("night", False)),
                needs_detail=bool(row.get("needs_detail", False)),
            )
            for row in data["symptoms"]
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ReferenceDataError(f"Cannot read the symptom list {path.name}: {exc}") from None
    if not symptoms or len({s.label for s in symptoms}) != len(symptoms):
        raise ReferenceDataError(f"{path.name}: the symptom list is empty or has duplicates")
    return symptoms


def custom_label_problem(label: str) -> str | None:
    """Why ``label`` cannot be on a patient's own list, or None. The rules hold when a symptom is
    added (``validate_custom_symptom``) and when the list is read back (``storage``), so every
    label on the list can be chosen again (``resolve_symptom``): lower case with single spaces,
    2-60 characters, no ':' (it starts the description of 'other: …'), and neither 'none' nor
    'no side effects' (they mean a night without side effects)."""
    if label != " ".join(label.split()).lower():
        return f"'{label[:60]}' must be lower case with single spaces."
    if not 2 <= len(label) <= 60:
        return "write 2 to 60 characters."
    if label in {"none", NO_SIDE_EFFECTS}:
        return f"'{label}' means a night without side effects."
    if ":" in label:
        return "a name cannot contain ':'."
    return None


def validate_custom_symptom(text: str, known: tuple[Symptom, ...]) -> Symptom:
    """A symptom the patient adds to their own list (lower case, 2-60 characters, not a duplicate)."""
    label = " ".join(text.split()).lower()
    problem = custom_label_problem(label)
    if problem is not None:
        raise InputError(f"Symptom: {problem}", "symptom")
    if label in {s.label for s in known}:
        raise InputError(f"Symptom: '{label}' is already in the list.", "symptom")
    return Symptom(label=label, custom=True)


def resolve_symptom(text: str, known: tuple[Symptom, ...]) -> tuple[str, str]:
    """``"Vivid dreams"`` -> ``("vivid dreams", "")``; ``"other: restless legs"`` -> (other, detail).

    ``none`` or ``no side effects`` mean the "no side effects tonight" entry.
    """
    label, _, detail = " ".join(str(text).split()).partition(":")
    label, detail = label.strip().lower(), detail.strip()
    if label in {"none", NO_SIDE_EFFECTS} and not detail:
        return NO_SIDE_EFFECTS, ""
    found = next((s for s in known if s.label == label), None)
    if found is None:
        names = ", ".join(s.label for s in known)
        raise InputError(
            f"Symptom: '{text.strip()[:40]}' is not in the list ({names}; or 'none'). "
            "Use 'other: <description>' for anything else.",
            "symptom",
        )
    if found.needs_detail and not detail:
        raise InputError("Symptom: describe it, e.g. 'other: restless legs'.", "symptom")
    if len(detail) > DETAIL_MAX:
        raise InputError(
            f"Symptom: the description is longer than {DETAIL_MAX} characters.", "symptom"
        )
    return found.label, detail


@cache
def shipped_symptoms() -> tuple[Symptom, ...]:
    """The list shipped in ``resources/data/symptoms.json`` (read once)."""
    from ldn_desktop.paths import resource_path

    return load_symptoms(resource_path("data", "symptoms.json"))
