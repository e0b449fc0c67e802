"""Opioid washout: the opioid table, matching, the checker (docs/reference/washout.md §5) and the start decision.

The public surface of ``ldn_desktop.core.washout``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from ldn_desktop.core.washout.assessment import (
    WashoutAssessment as WashoutAssessment,
)
from ldn_desktop.core.washout.assessment import (
    assessment_from_json as assessment_from_json,
)
from ldn_desktop.core.washout.assessment import (
    assessment_of as assessment_of,
)
from ldn_desktop.core.washout.check import (
    check_washout as check_washout,
)
from ldn_desktop.core.washout.check import (
    stop_before as stop_before,
)
from ldn_desktop.core.washout.codec import (
    point_text as point_text,
)
from ldn_desktop.core.washout.codec import (
    request_from_json as request_from_json,
)
from ldn_desktop.core.washout.codec import (
    request_to_json as request_to_json,
)
from ldn_desktop.core.washout.codec import (
    result_to_json as result_to_json,
)
from ldn_desktop.core.washout.codec import (
    stop_before_to_json as stop_before_to_json,
)
from ldn_desktop.core.washout.headline import (
    headline as headline,
)
from ldn_desktop.core.washout.model import (
    DrugResult as DrugResult,
)
from ldn_desktop.core.washout.model import (
    MedicationInput as MedicationInput,
)
from ldn_desktop.core.washout.model import (
    Screening as Screening,
)
from ldn_desktop.core.washout.model import (
    Status as Status,
)
from ldn_desktop.core.washout.model import (
    TimePoint as TimePoint,
)
from ldn_desktop.core.washout.model import (
    UrineScreen as UrineScreen,
)
from ldn_desktop.core.washout.model import (
    WashoutRequest as WashoutRequest,
)
from ldn_desktop.core.washout.model import (
    WashoutResult as WashoutResult,
)
from ldn_desktop.core.washout.names import (
    FORM_NAMES as FORM_NAMES,
)
from ldn_desktop.core.washout.opioid_table import (
    ReferenceTables as ReferenceTables,
)
from ldn_desktop.core.washout.opioid_table import (
    shipped_reference as shipped_reference,
)
from ldn_desktop.core.washout.times import (
    first_whole_day as first_whole_day,
)
from ldn_desktop.core.washout.times import (
    parse_time_point as parse_time_point,
)
from ldn_desktop.core.washout.times import (
    people as people,
)
from ldn_desktop.core.washout.times import (
    point_people as point_people,
)
from ldn_desktop.core.washout.times import (
    quoted as quoted,
)
from ldn_desktop.core.washout.times import (
    show as show,
)
from ldn_desktop.core.washout.times import (
    zone as zone,
)
