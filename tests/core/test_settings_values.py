"""What the Settings page accepts: strength lists, phone numbers, printout details, balances."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.settings_values import (
    parse_phone,
    parse_print_detail,
    parse_readability,
    parse_repeatability_sd,
    parse_strength_list,
    quantity_to_json,
    strengths_to_json,
    strengths_to_text,
)


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("1.5; 3; 4.5", ".", ["1.5", "3", "4.5"]),
        ("4.5, 1.5, 3", ".", ["1.5", "3", "4.5"]),
        ("1,5; 3; 4,5", ",", ["1.5", "3", "4.5"]),
        ("500 mcg; 1 mg", ".", ["0.5", "1"]),
        ("0.1", ".", ["0.1"]),
        ("50 mg", ".", ["50"]),
    ],
)
def test_strength_lists(text: str, mark: str, expected: list[str]) -> None:
    assert strengths_to_json(parse_strength_list(text, decimal_mark=mark)) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("", "at least one"),
        ("3; 3 mg", "listed twice"),
        ("3; 3000 mcg", "listed twice"),
        ("0.05", "at least 0.1 mg"),
        ("51", "at most 50 mg"),
        ("3 tsp", "not accepted"),
        ("; ".join(["1"] * 13), "at most 12"),
        ("abc", "not a quantity"),
    ],
)
def test_bad_strength_lists(text: str, words: str) -> None:
    with pytest.raises(InputError, match=words) as caught:
        parse_strength_list(text)
    assert caught.value.field == "Capsule strengths"


def test_strengths_shown_in_the_users_notation() -> None:
    assert strengths_to_text(["1.5", "3", "4.5"]) == "1.5; 3; 4.5"
    assert strengths_to_text(["0.5", "3.0"], ",") == "0,5; 3"


@pytest.mark.parametrize("text", ["", "+1 (555) 010-2030", "0161 496 0000 ext. 12", "555.0100 x4"])
def test_phone_numbers(text: str) -> None:
    assert parse_phone(text) == " ".join(text.split())


@pytest.mark.parametrize("text", ["call me", "12345678901234567890123456789012345678901", "---"])
def test_bad_phone_numbers(text: str) -> None:
    with pytest.raises(InputError, match="Phone"):
        parse_phone(text)


def test_print_details() -> None:
    assert parse_print_detail("  Corner Pharmacy ", "Name") == "Corner Pharmacy"
    with pytest.raises(InputError, match="at most 200"):
        parse_print_detail("x" * 201, "Name")
    with pytest.raises(InputError, match="control characters"):
        parse_print_detail("a\x07b", "Address")


def test_balance_values() -> None:
    assert quantity_to_json(parse_readability("0.1 mg")) == {"value": "0.1", "unit": "mg"}
    assert quantity_to_json(parse_readability("10 mcg")) == {"value": "0.01", "unit": "mg"}
    assert quantity_to_json(parse_readability("0,001 g", ",")) == {"value": "1", "unit": "mg"}
    assert quantity_to_json(parse_repeatability_sd("0")) == {"value": "0", "unit": "mg"}
    for bad in ("0", "2 g", "-1 mg", "0.1 mL"):
        with pytest.raises(InputError, match="Readability"):
            parse_readability(bad)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_parsers_never_crash(text: str) -> None:
    for parser in (
        parse_strength_list,
        parse_phone,
        lambda t: parse_print_detail(t, "Name"),
        parse_readability,
        parse_repeatability_sd,
    ):
        try:
            parser(text)
        except InputError as exc:
            assert str(exc)
