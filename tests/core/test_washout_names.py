"""Name normalisation and whole-word matching (washout.md §5 steps 1–2)."""

from __future__ import annotations

import pytest

from ldn_desktop.core.washout.match import match_name, suggest
from ldn_desktop.core.washout.names import normalise
from ldn_desktop.core.washout.opioid_table import shipped_reference

TABLES = shipped_reference()


@pytest.mark.parametrize(
    ("typed", "normal"),
    [
        ("  PERCOCET® 5/325 ", "percocet"),
        ("OxyContin™ 20 mg", "oxycontin"),
        ("Duragesic 25 mcg/h", "duragesic"),
        ("Butrans 10mcg/hr patch", "butrans patch"),
        ("morphine 10 mg/5 mL", "morphine"),
        ("Tylenol #3", "tylenol #3"),
        ("M30", "m30"),
        ("co-codamol 30/500", "co codamol"),
        ("Oxycodone\tIR", "oxycodone ir"),
        ("", ""),
    ],
)
def test_normalise(typed: str, normal: str) -> None:
    assert normalise(typed) == normal


@pytest.mark.parametrize(
    ("typed", "entry", "form"),
    [
        ("Percocet", "oxycodone", "ir"),
        ("OXYCONTIN", "oxycodone", "er"),
        ("Tylenol #3", "codeine", "ir"),
        ("Robitussin AC", "codeine", "ir"),
        ("Robitussin DM", "dextromethorphan", "ir"),
        ("Suboxone", "buprenorphine", "ir"),
        ("Sublocade", "buprenorphine_depot", "depot"),
        ("Duragesic", "fentanyl_transdermal", "patch"),
        ("Nucynta ER", "tapentadol", "er"),
        ("Nucynta", "tapentadol", "ir"),
        ("H", "heroin", "ir"),
        ("DM", "dextromethorphan", None),
    ],
)
def test_exact_names(typed: str, entry: str, form: str | None) -> None:
    found = match_name(typed, TABLES)
    assert found.exact
    target = found.targets[0]
    assert target.entry_id == entry
    assert (target.product.form if target.product else None) == form


def test_formulation_words_are_hints_not_names() -> None:
    found = match_name("oxycodone ER 10 mg tablets", TABLES)
    assert found.exact and found.form_hints == ("er",)
    assert found.targets[0].entry_id == "oxycodone"


def test_combination_of_generic_names() -> None:
    found = match_name("oxycodone/acetaminophen 5/325", TABLES)
    assert found.exact
    assert [t.kind for t in found.targets] == ["generic", "other"]


@pytest.mark.parametrize(
    "typed", ["oxy", "tram", "trandolapril", "Oxytrol", "codein", "morphin", "vitamin h", "hdm"]
)
def test_no_substring_or_fuzzy_match(typed: str) -> None:
    found = match_name(typed, TABLES)
    assert not found.exact


def test_short_names_only_match_alone() -> None:
    assert match_name("H", TABLES).exact
    assert not match_name("vitamin H", TABLES).exact
    assert match_name("vitamin H", TABLES).targets == ()


def test_suggestions_are_offered_not_applied() -> None:
    assert suggest("Percoset", TABLES)[0] == "Percocet"
    assert set(suggest("robitussin", TABLES)) >= {"Robitussin AC", "Robitussin DM"}
    assert suggest("", TABLES) == ()
    assert not match_name("Percoset", TABLES).targets
