"""core.units: parsing typed quantities and ISMP formatting (docs/reference/compounding.md §8, TV9)."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units.quantities import (
    Q_,
    NumberStyle,
    format_dose,
    format_weighing,
    parse_count,
    parse_decimal,
    parse_percent,
    parse_quantity,
)


@pytest.mark.parametrize(
    ("text", "mg"),
    [
        ("4.5 mg", 4.5),
        ("4.5mg", 4.5),
        ("4500 mcg", 4.5),
        ("4500 µg", 4.5),  # micro sign
        ("4500 μg", 4.5),  # Greek mu
        ("0.0045 g", 4.5),
        ("4.5", 4.5),  # bare number takes the field's unit
        ("1500 mcg", 1.5),
        ("3.0 mg", 3.0),
        (".5 mg", 0.5),
        ("500 µg", 0.5),
        ("  4.5   MG ", 4.5),
    ],
)
def test_accepted_masses_give_the_exact_canonical_value(text: str, mg: float) -> None:
    quantity = parse_quantity(text, field="strength")
    assert str(quantity.units) == "milligram"
    assert quantity.magnitude == mg  # exact: decimal conversion, not float arithmetic


def test_decimal_comma_in_a_comma_locale_and_bare_number_default_unit() -> None:
    comma = NumberStyle(",")
    assert parse_quantity("4,5 mg", field="strength", style=comma).magnitude == 4.5
    assert parse_quantity("4,5", field="strength", style=comma).magnitude == 4.5
    assert parse_quantity("0,5", field="volume", dimension="volume", style=comma).magnitude == 0.5
    assert parse_quantity("2", field="x", default_unit="g").magnitude == 2000


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("4.5 mL", "not a mass"),
        ("1 tsp", "household"),
        ("2 drops", "household"),
        ("1 cup", "household"),
        ("5 cc", "household"),
        ("1 grain", "household"),
        ("0 mg", "more than zero"),
        ("-1 mg", "more than zero"),
        ("nan mg", "not a quantity"),
        ("inf mg", "not a quantity"),
        ("1e400 mg", "not a quantity"),
        ("2**9999999 mg", "not a quantity"),
        ("4.5 mg twice", "not a quantity"),
        ("999999999 kg", "at most"),
        ("0.0000001 mg", "too small"),
        ("x" * 65, "too long"),
        ("", "required"),
        ("4.5 furlongs", "unknown unit"),
        ("4,500 mg", "ambiguous"),
    ],
)
def test_refused_text_names_the_field(text: str, words: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_quantity(text, field="strength")
    assert caught.value.field == "strength"
    assert str(caught.value).startswith("strength:")
    assert words in str(caught.value)


def test_densities_and_concentrations() -> None:
    assert parse_quantity("0.43g/mL", field="d", dimension="density").magnitude == 0.43
    assert parse_quantity("430 mg/mL", field="d", dimension="density").magnitude == 0.43
    assert parse_quantity("1mg/mL", field="c", dimension="concentration").magnitude == 1
    with pytest.raises(InputError, match="not a density"):
        parse_quantity("4 mg", field="d", dimension="density")


def test_percent_count_and_decimal_parsers_are_exact() -> None:
    assert parse_percent("99.5%", field="assay") == Decimal("0.995")
    assert parse_percent("10", field="overage") == Decimal("0.1")
    assert parse_count("30", field="quantity") == 30
    assert parse_decimal("0.0995", field="t") == Decimal("0.0995")
    for bad in ("30.5", "-3", "3e2", "", "0"):
        with pytest.raises(InputError):
            parse_count(bad, field="quantity")
    with pytest.raises(InputError, match="between"):
        parse_percent("101%", field="assay")


@pytest.mark.parametrize(
    ("mg", "text"),
    [(1.5, "1.5 mg"), (4.5, "4.5 mg"), (3.0, "3 mg"), (0.5, "0.5 mg"), (1.25, "1.25 mg")],
)
def test_dose_notation_is_ismp(mg: float, text: str) -> None:
    """TV9 / §8: no trailing zero, always a leading zero, mcg never µg."""
    assert format_dose(Q_(mg, "mg")) == text
    assert format_dose(Q_(0.5, "mg"), unit="mcg") == "500 mcg"


def test_weighing_at_the_balance_readability() -> None:
    """TV1/TV9: 144.723618 mg → 144.7 mg; 7535.276382 mg → 7.5353 g on a 0.1 mg balance."""
    d = Q_(0.1, "mg")
    assert format_weighing(Q_(144.723618, "mg"), d) == "144.7 mg"
    assert format_weighing(Q_(7535.276382, "mg"), d) == "7.5353 g"
    assert format_weighing(Q_(144.723618, "mg"), Q_(1, "mg")) == "145 mg"


@settings(max_examples=400, deadline=timedelta(seconds=2))
@given(st.text(max_size=120))
def test_no_text_crashes_or_hangs_the_parser(text: str) -> None:
    """Any text gives a Quantity or an InputError naming the field, never another error."""
    try:
        quantity = parse_quantity(text, field="strength")
    except InputError as exc:
        assert exc.field == "strength"
    else:
        assert 0 < quantity.magnitude <= 1e7


@settings(max_examples=200, deadline=timedelta(seconds=2))
@given(
    st.from_regex(r"\A[0-9 .,eE*+\-^µμgmclLtspdro%/]{0,80}\Z", fullmatch=True),
    st.sampled_from([".", ","]),
)
def test_number_like_text_never_crashes(text: str, mark: str) -> None:
    for dimension in ("mass", "volume", "concentration", "density"):
        with contextlib.suppress(InputError):
            parse_quantity(text, field="f", dimension=dimension, style=NumberStyle(mark))
    with contextlib.suppress(InputError):
        parse_percent(text, field="f")


def test_huge_power_expression_fails_at_once() -> None:
    """`2**9999999 mg` is never handed to an expression evaluator (it would hang)."""
    with pytest.raises(InputError, match="not a quantity"):
        parse_quantity("2**9999999 mg", field="strength")
    with pytest.raises(InputError, match="too long"):
        parse_quantity("9" * 10_000 + " mg", field="strength")
