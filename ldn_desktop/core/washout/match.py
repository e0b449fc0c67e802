"""Matching a typed medication name against the opioid table (reference washout.md §5 steps 1–2).

Whole words only, after ``normalise``: the longest table name that fits a run of whole words wins
("robitussin ac" before anything shorter). Short names (one or two letters, like "H" or "DM") only
match when they are the whole text. Words that are formulation hints ("ER", "patch"), dosage forms,
salts or connectors ("with", "and") are set aside; any other word is unrecognised, and a name with
unrecognised words can never be cleared (§5 step 1: no substring or fuzzy auto-matching). Close
spellings are offered as suggestions only.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ldn_desktop.core.washout.lookup import LookupTarget
from ldn_desktop.core.washout.names import FORM_WORDS, IGNORED_WORDS, normalise
from ldn_desktop.core.washout.opioid_table import ReferenceTables

SHORT_KEY = 2
_PRODUCT_NUMBER = re.compile(r"#\d+")  # "Tylenol with codeine #3": a strength number
MAX_SUGGESTIONS = 6


@dataclass(frozen=True)
class NameMatch:
    """What a typed name was recognised as."""

    text: str
    targets: tuple[LookupTarget, ...]
    leftovers: tuple[str, ...]
    form_hints: tuple[str, ...]

    @property
    def exact(self) -> bool:
        """Every word belongs to a table name (or is a strength, form word or connector)."""
        return bool(self.targets) and not self.leftovers


def match_name(text: str, tables: ReferenceTables) -> NameMatch:
    """Recognise the table names in ``text`` (see the module docstring)."""
    normal = normalise(text)
    words = normal.split(" ") if normal else []
    whole = tables.lookup.get(normal)
    if whole is not None:
        return NameMatch(text, (whole,), (), ())
    targets: list[LookupTarget] = []
    leftovers: list[str] = []
    hints: list[str] = []
    index = 0
    longest = tables.longest_key
    while index < len(words):
        found = None
        for size in range(min(longest, len(words) - index), 0, -1):
            key = " ".join(words[index : index + size])
            target = tables.lookup.get(key)
            if target is not None and len(key) > SHORT_KEY:
                found = (target, size)
                break
        if found is not None:
            targets.append(found[0])
            index += found[1]
            continue
        word = words[index]
        if word in FORM_WORDS:
            hints.append(FORM_WORDS[word])
        elif word not in IGNORED_WORDS and not _PRODUCT_NUMBER.fullmatch(word):
            leftovers.append(word)
        index += 1
    return NameMatch(text, tuple(targets), tuple(leftovers), tuple(dict.fromkeys(hints)))


def suggest(text: str, tables: ReferenceTables, limit: int = MAX_SUGGESTIONS) -> tuple[str, ...]:
    """Table names close to ``text`` ("did you mean …?"): close spellings (difflib) of the whole
    text and of each unrecognised word, then names that begin with a typed word. Never applied
    automatically."""
    normal = normalise(text)
    if not normal:
        return ()
    keys = list(tables.lookup)
    found: list[str] = []
    probes = [p for p in (normal, *match_name(text, tables).leftovers[:5]) if len(p) <= 60]
    for probe in probes:
        found += difflib.get_close_matches(probe, keys, n=limit, cutoff=0.75)
    for probe in probes:
        if len(probe) >= 3:
            found += sorted(
                k for k in keys if any(w.startswith(probe) for w in k.split(" ")) and k != probe
            )[:limit]
    names: dict[object, str] = {}
    for key in dict.fromkeys(found):
        target = tables.lookup[key]
        identity = (target.kind, target.entry_id, target.product) if target.entry_id else key
        names.setdefault(identity, target.display)
    return tuple(dict.fromkeys(names.values()))[:limit]
