"""Units: the one pint registry, parsing of typed amounts and the one dose formatter (ISMP notation).

The public surface of ``ldn_desktop.core.units``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ldn_desktop.core.lazy_surface import lazy_surface

if TYPE_CHECKING:
    from ldn_desktop.core.units.quantities import (
        Q_ as Q_,
        Dimension as Dimension,
        NumberStyle as NumberStyle,
        Quantity as Quantity,
        format_dose as format_dose,
        format_number as format_number,
        format_quantity as format_quantity,
        format_weighing as format_weighing,
        parse_count as parse_count,
        parse_decimal as parse_decimal,
        parse_fraction_or_percent as parse_fraction_or_percent,
        parse_percent as parse_percent,
        parse_quantity as parse_quantity,
        quantity_value as quantity_value,
        with_decimal_mark as with_decimal_mark,
    )
    from ldn_desktop.core.units.unit_registry import (
        build_registry_in_background as build_registry_in_background,
        registry as registry,
    )

# each name -> the module of this package that defines it, imported the first time the name is
# asked for: a page that needs one function does not pay for the whole domain at start-up
_EXPORTS = {
    "build_registry_in_background": "unit_registry",
    "Dimension": "quantities",
    "format_dose": "quantities",
    "format_number": "quantities",
    "format_quantity": "quantities",
    "format_weighing": "quantities",
    "NumberStyle": "quantities",
    "parse_count": "quantities",
    "parse_decimal": "quantities",
    "parse_fraction_or_percent": "quantities",
    "parse_percent": "quantities",
    "parse_quantity": "quantities",
    "Q_": "quantities",
    "Quantity": "quantities",
    "quantity_value": "quantities",
    "registry": "unit_registry",
    "with_decimal_mark": "quantities",
}

__getattr__, __dir__ = lazy_surface(globals(), _EXPORTS)
