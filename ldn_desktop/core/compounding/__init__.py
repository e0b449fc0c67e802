"""Compounding: capsule and liquid calculations, balances and aliquots, BUDs and records.

The public surface of ``ldn_desktop.core.compounding``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from ldn_desktop.core.compounding.balances import (
    describe_balance as describe_balance,
)
from ldn_desktop.core.compounding.balances import (
    minimum_weight_mg as minimum_weight_mg,
)
from ldn_desktop.core.compounding.beyond_use import (
    parse_date as parse_date,
)
from ldn_desktop.core.compounding.beyond_use import (
    parse_expiry as parse_expiry,
)
from ldn_desktop.core.compounding.capsules import (
    CapsuleBatch as CapsuleBatch,
)
from ldn_desktop.core.compounding.capsules import (
    calculate_capsule_batch as calculate_capsule_batch,
)
from ldn_desktop.core.compounding.drafts import (
    DEFAULT_CAPSULE_DIRECTIONS as DEFAULT_CAPSULE_DIRECTIONS,
)
from ldn_desktop.core.compounding.drafts import (
    DEFAULT_LIQUID_DIRECTIONS as DEFAULT_LIQUID_DIRECTIONS,
)
from ldn_desktop.core.compounding.drafts import (
    RecordDetails as RecordDetails,
)
from ldn_desktop.core.compounding.drafts import (
    capsule_record_draft as capsule_record_draft,
)
from ldn_desktop.core.compounding.drafts import (
    liquid_record_draft as liquid_record_draft,
)
from ldn_desktop.core.compounding.drafts import (
    record_warnings as record_warnings,
)
from ldn_desktop.core.compounding.input_json import (
    capsule_input_from_json as capsule_input_from_json,
)
from ldn_desktop.core.compounding.input_json import (
    liquid_input_from_json as liquid_input_from_json,
)
from ldn_desktop.core.compounding.inputs import (
    ApiSource as ApiSource,
)
from ldn_desktop.core.compounding.inputs import (
    Balance as Balance,
)
from ldn_desktop.core.compounding.inputs import (
    CapsuleBatchInput as CapsuleBatchInput,
)
from ldn_desktop.core.compounding.inputs import (
    ComponentExpiry as ComponentExpiry,
)
from ldn_desktop.core.compounding.inputs import (
    DisplacementFill as DisplacementFill,
)
from ldn_desktop.core.compounding.inputs import (
    DrugSource as DrugSource,
)
from ldn_desktop.core.compounding.inputs import (
    FillMethod as FillMethod,
)
from ldn_desktop.core.compounding.inputs import (
    LiquidInput as LiquidInput,
)
from ldn_desktop.core.compounding.inputs import (
    MeasuredFill as MeasuredFill,
)
from ldn_desktop.core.compounding.inputs import (
    TabletSource as TabletSource,
)
from ldn_desktop.core.compounding.inputs import (
    TriturationSource as TriturationSource,
)
from ldn_desktop.core.compounding.inputs import (
    VolumetricFill as VolumetricFill,
)
from ldn_desktop.core.compounding.inputs import (
    decimal_of as decimal_of,
)
from ldn_desktop.core.compounding.liquid import (
    LiquidBatch as LiquidBatch,
)
from ldn_desktop.core.compounding.liquid import (
    calculate_liquid as calculate_liquid,
)
from ldn_desktop.core.compounding.liquid import (
    liquid_title as liquid_title,
)
from ldn_desktop.core.compounding.liquid_dosing import (
    DoseVolume as DoseVolume,
)
from ldn_desktop.core.compounding.liquid_dosing import (
    LiquidFills as LiquidFills,
)
from ldn_desktop.core.compounding.liquid_dosing import (
    dose_volume as dose_volume,
)
from ldn_desktop.core.compounding.liquid_dosing import (
    split_supply as split_supply,
)
from ldn_desktop.core.compounding.record import (
    LOT_PATTERN as LOT_PATTERN,
)
from ldn_desktop.core.compounding.record import (
    CompoundingRecord as CompoundingRecord,
)
from ldn_desktop.core.compounding.record import (
    Ingredient as Ingredient,
)
from ldn_desktop.core.compounding.record import (
    RecordDraft as RecordDraft,
)
from ldn_desktop.core.compounding.record import (
    next_lot as next_lot,
)
from ldn_desktop.core.compounding.record import (
    search_records as search_records,
)
from ldn_desktop.core.compounding.record import (
    validate_initials as validate_initials,
)
from ldn_desktop.core.compounding.record import (
    validate_text as validate_text,
)
from ldn_desktop.core.compounding.reference import (
    CompoundingReference as CompoundingReference,
)
from ldn_desktop.core.compounding.reference import (
    compounding_reference as compounding_reference,
)
from ldn_desktop.core.compounding.report import (
    CompoundingReport as CompoundingReport,
)
from ldn_desktop.core.compounding.report import (
    DoseLine as DoseLine,
)
from ldn_desktop.core.compounding.report import (
    ReportLine as ReportLine,
)
from ldn_desktop.core.compounding.report import (
    Weighing as Weighing,
)
from ldn_desktop.core.compounding.report_build import (
    capsule_report as capsule_report,
)
from ldn_desktop.core.compounding.report_build import (
    capsule_title as capsule_title,
)
from ldn_desktop.core.compounding.report_build import (
    liquid_directions as liquid_directions,
)
from ldn_desktop.core.compounding.report_build import (
    liquid_report as liquid_report,
)
from ldn_desktop.core.compounding.report_codec import (
    report_from_json as report_from_json,
)
from ldn_desktop.core.compounding.report_codec import (
    report_from_result as report_from_result,
)
from ldn_desktop.core.compounding.report_codec import (
    report_to_json as report_to_json,
)
from ldn_desktop.core.compounding.report_json import (
    capsule_batch_json as capsule_batch_json,
)
from ldn_desktop.core.compounding.report_json import (
    liquid_batch_json as liquid_batch_json,
)
