"""Opioid washout: the opioid table, matching, the checker (docs/reference/washout.md §5) and the start decision.

The public surface of ``ldn_desktop.core.washout``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ldn_desktop.core.lazy_surface import lazy_surface

if TYPE_CHECKING:
    from ldn_desktop.core.washout.assessment import (
        WashoutAssessment as WashoutAssessment,
        assessment_from_json as assessment_from_json,
        assessment_of as assessment_of,
    )
    from ldn_desktop.core.washout.check import (
        check_washout as check_washout,
        stop_before as stop_before,
    )
    from ldn_desktop.core.washout.codec import (
        point_text as point_text,
        request_from_json as request_from_json,
        request_to_json as request_to_json,
        result_to_json as result_to_json,
        stop_before_to_json as stop_before_to_json,
    )
    from ldn_desktop.core.washout.headlines import (
        drug_earliest as drug_earliest,
        headline as headline,
    )
    from ldn_desktop.core.washout.model import (
        DrugResult as DrugResult,
        Status as Status,
        WashoutResult as WashoutResult,
    )
    from ldn_desktop.core.washout.names import (
        FORM_NAMES as FORM_NAMES,
    )
    from ldn_desktop.core.washout.opioid_table import (
        ReferenceTables as ReferenceTables,
        shipped_reference as shipped_reference,
    )
    from ldn_desktop.core.washout.request import (
        MedicationInput as MedicationInput,
        Screening as Screening,
        TimePoint as TimePoint,
        UrineScreen as UrineScreen,
        WashoutRequest as WashoutRequest,
    )
    from ldn_desktop.core.washout.times import (
        first_whole_day as first_whole_day,
        parse_time_point as parse_time_point,
        people as people,
        point_people as point_people,
        quoted as quoted,
        show as show,
        zone as zone,
    )

# each name -> the module of this package that defines it, imported the first time the name is
# asked for: a page that needs one function does not pay for the whole domain at start-up
_EXPORTS = {
    "assessment_from_json": "assessment",
    "assessment_of": "assessment",
    "check_washout": "check",
    "DrugResult": "model",
    "first_whole_day": "times",
    "FORM_NAMES": "names",
    "headline": "headlines",
    "drug_earliest": "headlines",
    "MedicationInput": "request",
    "parse_time_point": "times",
    "people": "times",
    "point_people": "times",
    "point_text": "codec",
    "quoted": "times",
    "ReferenceTables": "opioid_table",
    "request_from_json": "codec",
    "request_to_json": "codec",
    "result_to_json": "codec",
    "Screening": "request",
    "shipped_reference": "opioid_table",
    "show": "times",
    "Status": "model",
    "stop_before": "check",
    "stop_before_to_json": "codec",
    "TimePoint": "request",
    "UrineScreen": "request",
    "WashoutAssessment": "assessment",
    "WashoutRequest": "request",
    "WashoutResult": "model",
    "zone": "times",
}

__getattr__, __dir__ = lazy_surface(globals(), _EXPORTS)
