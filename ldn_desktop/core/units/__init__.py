"""Units: the one pint registry, parsing of typed amounts and the one dose formatter (ISMP notation).

The public surface of ``ldn_desktop.core.units``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from ldn_desktop.core.units.quantities import (
    Q_ as Q_,
)
from ldn_desktop.core.units.quantities import (
    Dimension as Dimension,
)
from ldn_desktop.core.units.quantities import (
    NumberStyle as NumberStyle,
)
from ldn_desktop.core.units.quantities import (
    Quantity as Quantity,
)
from ldn_desktop.core.units.quantities import (
    format_dose as format_dose,
)
from ldn_desktop.core.units.quantities import (
    format_number as format_number,
)
from ldn_desktop.core.units.quantities import (
    format_quantity as format_quantity,
)
from ldn_desktop.core.units.quantities import (
    format_weighing as format_weighing,
)
from ldn_desktop.core.units.quantities import (
    parse_count as parse_count,
)
from ldn_desktop.core.units.quantities import (
    parse_decimal as parse_decimal,
)
from ldn_desktop.core.units.quantities import (
    parse_percent as parse_percent,
)
from ldn_desktop.core.units.quantities import (
    parse_quantity as parse_quantity,
)
from ldn_desktop.core.units.quantities import (
    quantity_value as quantity_value,
)
from ldn_desktop.core.units.quantities import (
    registry as registry,
)
