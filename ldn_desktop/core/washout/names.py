"""Medication-name normalisation for the washout checker (reference washout.md §5 step 1).

The same function normalises the table's lookup keys and what the user typed, so a name matches
only when its words are the same words: lower case, trimmed, whitespace collapsed, ®/™/© and
punctuation removed except "#" (for "Tylenol #3"), strengths such as "5 mg", "5/325" and
"25 mcg/h" removed. Nothing here guesses: no substrings, no fuzzy matching.
"""

from __future__ import annotations

import re
import unicodedata

_NUMBER = r"\d+(?:[.,]\d+)?"
_UNIT = r"(?:mcg|µg|μg|ug|mg|g|ml|l|iu|units?|%|mmol|microgram|micrograms|milligrams?)"
_PER = r"(?:h|hr|hrs|hour|hours|ml|l|day|d|dose|actuation|spray|tab|tablet|24h)"
# "5 mg", "5/325", "25 mcg/h", "12.5 mcg/hr", "5 mg/5 ml", "20mg" — never the "3" of "#3"
# nor the "30" of "m30".
_STRENGTH = re.compile(
    rf"(?<![#\w]){_NUMBER}(?:\s*/\s*{_NUMBER})*\s*{_UNIT}?"
    rf"(?:\s*/\s*(?:{_NUMBER}\s*)?{_PER})?(?!\w)"
)
_MARKS = re.compile(r"[®™©℠]")
_PUNCTUATION = re.compile(r"[^\w#\s]|_")
_SPACES = re.compile(r"\s+")

# Words that say how the product is made (a formulation hint, reference §2.1 formulation defaults).
FORM_WORDS: dict[str, str] = {
    "ir": "ir",
    "immediate": "ir",
    "injection": "ir",
    "inj": "ir",
    "iv": "ir",
    "im": "ir",
    "nasal": "ir",
    "buccal": "ir",
    "sublingual": "ir",
    "sl": "ir",
    "lozenge": "ir",
    "er": "er",
    "xr": "er",
    "sr": "er",
    "cr": "er",
    "la": "er",
    "xl": "er",
    "mr": "er",
    "extended": "er",
    "controlled": "er",
    "modified": "er",
    "sustained": "er",
    "prolonged": "er",
    "retard": "er",
    "patch": "patch",
    "patches": "patch",
    "transdermal": "patch",
    "td": "patch",
    "depot": "depot",
    "implant": "depot",
}
# Words that neither name a drug nor change the class: dosage forms, salts, connectors.
IGNORED_WORDS = frozenset(
    [
        "tablet",
        "tablets",
        "tab",
        "tabs",
        "capsule",
        "capsules",
        "cap",
        "caps",
        "oral",
        "solution",
        "syrup",
        "liquid",
        "suspension",
        "drops",
        "elixir",
        "linctus",
        "film",
        "films",
        "strip",
        "spray",
        "release",
        "releasing",
        "hydrochloride",
        "hcl",
        "sulfate",
        "sulphate",
        "tartrate",
        "bitartrate",
        "citrate",
        "phosphate",
        "acetate",
        "mg",
        "mcg",
        "ml",
        "generic",
        "with",
        "and",
        "plus",
        "w",
    ]
)
FORM_NAMES = {
    "ir": "immediate release",
    "er": "extended release",
    "patch": "patch",
    "depot": "depot/implant",
}


def normalise(text: str) -> str:
    """The comparable form of a medication name.

    >>> normalise("  PERCOCET® 5/325 ")
    'percocet'
    >>> normalise("Duragesic 25 mcg/h patch")
    'duragesic patch'
    >>> normalise("Tylenol #3")
    'tylenol #3'
    """
    # marks first: NFKC would turn ™ into "TM" and ℠ into "SM"
    folded = unicodedata.normalize("NFKC", _MARKS.sub(" ", text)).lower()
    folded = _STRENGTH.sub(" ", folded)
    folded = _PUNCTUATION.sub(" ", folded)
    folded = _STRENGTH.sub(" ", folded)
    return _SPACES.sub(" ", folded).strip()


def tokens(text: str) -> tuple[str, ...]:
    """The words of the normalised text."""
    normal = normalise(text)
    return tuple(normal.split(" ")) if normal else ()
