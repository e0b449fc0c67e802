"""A refused logged dose is shown as typed, never rounded onto the limit it broke."""

from __future__ import annotations

import pytest

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.side_effects import parse_dose_taken


@pytest.mark.parametrize(
    ("typed", "shown"),
    [("0.0999 mg", "0.0999 mg"), ("5.0004 mg", "5.0004 mg"), ("0.0001mg", "0.0001 mg")],
)
def test_a_dose_just_outside_the_range_is_shown_as_typed(typed: str, shown: str) -> None:
    """'Dose: 0.1 mg is outside the LDN dose range of 0.1–5 mg' (typed 0.0999 mg) and 'Dose: 0 mg
    is outside ...' (typed 0.0001 mg) contradicted themselves."""
    with pytest.raises(InputError) as caught:
        parse_dose_taken(typed)
    assert str(caught.value).startswith(f"Dose: {shown} is outside the LDN dose range of 0.1–5 mg")
