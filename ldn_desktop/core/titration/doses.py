"""LDN doses: exact mg values, and the one check of a dose against the range from data.

Dose range: ``resources/data/titration.json`` ``dose_mg`` (seeds 001 "1.5 to 4.5 mg/d", 002 "0.5 to
5.0 mg/d", seed 004 §5 "1.5-4.5mg"; issue #5): the usual LDN dose is 0.5–4.5 mg; from 0.1 mg and up
to 5 mg it is accepted with a warning; anything else is refused. ``check_dose`` applies it for the
plan, the steps table, the target and (through ``parse_dose``) every typed dose.
"""

from __future__ import annotations

from decimal import Decimal

from ldn_desktop.core.errors import InputError
from ldn_desktop.core.titration.reference import dose_range
from ldn_desktop.core.units.quantities import (
    Q_,
    Quantity,
    format_dose,
    format_number,
    parse_quantity,
)

# dose_mg by the dose object: a schedule's days share their step's dose, and the Titration page
# asks for each day's mg several times per keystroke (calendar colours, legend, dispensing); a pint
# conversion each time cost ~40 ms a key for a 13-month plan. The cached object is kept with its
# value, so its id cannot be reused while the entry stands.
_MG_BY_OBJECT: dict[int, tuple[Quantity, Decimal]] = {}
_MG_CACHE_SIZE = 512


def dose_mg(dose: Quantity) -> Decimal:
    """A dose as an exact Decimal in mg, rounded to 1 mcg (keys, comparisons, JSON)."""
    known = _MG_BY_OBJECT.get(id(dose))
    if known is not None and known[0] is dose:
        return known[1]
    value = Decimal(format_number(float(dose.to("milligram").magnitude), 3))
    if len(_MG_BY_OBJECT) >= _MG_CACHE_SIZE:
        _MG_BY_OBJECT.clear()
    _MG_BY_OBJECT[id(dose)] = (dose, value)
    return value


def mg(value: Decimal | str | float) -> Quantity:
    return Q_(Decimal(str(value)), "mg")


def check_dose(dose: Quantity, field: str = "dose") -> str | None:
    """Refuse a dose outside the LDN range from data; return a warning outside the usual range.

    Range: ``resources/data/titration.json`` ``dose_mg`` (refused below 0.1 mg and above 5 mg,
    a warning below 0.5 mg or above 4.5 mg). Example: ``check_dose(mg("4.8"))`` -> "4.8 mg is
    above the usual LDN maximum of 4.5 mg; check the prescription."
    """
    limits = dose_range()
    value = dose_mg(dose)
    shown = format_dose(dose)
    if value < limits.minimum:
        raise InputError(
            f"{field}: {shown} is below the lowest LDN dose of {_mg_text(limits.minimum)}.", field
        )
    if value > limits.maximum:
        raise InputError(
            f"{field}: {shown} is above {_mg_text(limits.maximum)}; this is not a low dose of "
            "naltrexone.",
            field,
        )
    if value > limits.usual_maximum:
        return (
            f"{shown} is above the usual LDN maximum of {_mg_text(limits.usual_maximum)}; "
            "check the prescription."
        )
    if value < limits.usual_minimum:
        return (
            f"{shown} is below the usual lowest LDN dose of {_mg_text(limits.usual_minimum)}; "
            "check the prescription."
        )
    return None


def _mg_text(value: Decimal) -> str:
    return format_dose(mg(value))


def parse_dose(text: str, field: str = "dose", decimal_mark: str = ".") -> Quantity:
    """A dose typed by a user (``1.5``, ``1.5 mg``, ``500 mcg``), checked against the LDN range."""
    from ldn_desktop.core.units.quantities import NumberStyle

    dose = parse_quantity(
        text, field=field, dimension="mass", default_unit="mg", style=NumberStyle(decimal_mark)
    )
    check_dose(dose, field)
    return mg(dose_mg(dose))
