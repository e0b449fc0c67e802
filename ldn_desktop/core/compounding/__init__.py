"""Compounding: capsule and liquid calculations, balances and aliquots, BUDs and records.

The public surface of ``ldn_desktop.core.compounding``: the other layers import from here;
modules inside the package are implementation detail (tests may reach them)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ldn_desktop.core.lazy_surface import lazy_surface

if TYPE_CHECKING:
    from ldn_desktop.core.compounding.balances import (
        describe_balance as describe_balance,
        minimum_weight_mg as minimum_weight_mg,
    )
    from ldn_desktop.core.compounding.beyond_use import (
        parse_expiry as parse_expiry,
        past_bud as past_bud,
    )
    from ldn_desktop.core.compounding.capsule_fill import (
        fill_weight_from_weighings as fill_weight_from_weighings,
    )
    from ldn_desktop.core.compounding.capsules import (
        CapsuleBatch as CapsuleBatch,
        calculate_capsule_batch as calculate_capsule_batch,
    )
    from ldn_desktop.core.compounding.drafts import (
        DEFAULT_CAPSULE_DIRECTIONS as DEFAULT_CAPSULE_DIRECTIONS,
        DEFAULT_LIQUID_DIRECTIONS as DEFAULT_LIQUID_DIRECTIONS,
        RecordDetails as RecordDetails,
        capsule_record_draft as capsule_record_draft,
        liquid_record_draft as liquid_record_draft,
        record_warnings as record_warnings,
    )
    from ldn_desktop.core.compounding.input_json import (
        capsule_input_from_json as capsule_input_from_json,
        liquid_input_from_json as liquid_input_from_json,
    )
    from ldn_desktop.core.compounding.inputs import (
        ApiSource as ApiSource,
        Balance as Balance,
        CapsuleBatchInput as CapsuleBatchInput,
        ComponentExpiry as ComponentExpiry,
        DisplacementFill as DisplacementFill,
        DrugSource as DrugSource,
        FillMethod as FillMethod,
        LiquidInput as LiquidInput,
        MeasuredFill as MeasuredFill,
        TabletSource as TabletSource,
        TriturationSource as TriturationSource,
        VolumetricFill as VolumetricFill,
        decimal_of as decimal_of,
    )
    from ldn_desktop.core.compounding.liquid import (
        LiquidBatch as LiquidBatch,
        calculate_liquid as calculate_liquid,
        liquid_title as liquid_title,
    )
    from ldn_desktop.core.compounding.liquid_dosing import (
        DoseVolume as DoseVolume,
        LiquidFills as LiquidFills,
        dose_volume as dose_volume,
        split_supply as split_supply,
    )
    from ldn_desktop.core.compounding.record import (
        LOT_PATTERN as LOT_PATTERN,
        CompoundingRecord as CompoundingRecord,
        Ingredient as Ingredient,
        RecordDraft as RecordDraft,
        RecordSearch as RecordSearch,
        next_lot as next_lot,
        search_records as search_records,
        validate_initials as validate_initials,
        validate_text as validate_text,
    )
    from ldn_desktop.core.compounding.reference import (
        CompoundingReference as CompoundingReference,
        compounding_reference as compounding_reference,
    )
    from ldn_desktop.core.compounding.report import (
        CompoundingReport as CompoundingReport,
        DoseLine as DoseLine,
        ReportLine as ReportLine,
        Weighing as Weighing,
        weighing_text as weighing_text,
    )
    from ldn_desktop.core.compounding.report_build import (
        capsule_report as capsule_report,
        capsule_title as capsule_title,
        liquid_directions as liquid_directions,
        liquid_report as liquid_report,
    )
    from ldn_desktop.core.compounding.report_codec import (
        report_from_json as report_from_json,
        report_from_result as report_from_result,
        report_to_json as report_to_json,
    )
    from ldn_desktop.core.compounding.report_json import (
        capsule_batch_json as capsule_batch_json,
        liquid_batch_json as liquid_batch_json,
    )

# each name -> the module of this package that defines it, imported the first time the name is
# asked for: a page that needs one function does not pay for the whole domain at start-up
_EXPORTS = {
    "ApiSource": "inputs",
    "Balance": "inputs",
    "calculate_capsule_batch": "capsules",
    "calculate_liquid": "liquid",
    "capsule_batch_json": "report_json",
    "capsule_input_from_json": "input_json",
    "capsule_record_draft": "drafts",
    "capsule_report": "report_build",
    "capsule_title": "report_build",
    "CapsuleBatch": "capsules",
    "CapsuleBatchInput": "inputs",
    "ComponentExpiry": "inputs",
    "compounding_reference": "reference",
    "CompoundingRecord": "record",
    "CompoundingReference": "reference",
    "CompoundingReport": "report",
    "decimal_of": "inputs",
    "DEFAULT_CAPSULE_DIRECTIONS": "drafts",
    "DEFAULT_LIQUID_DIRECTIONS": "drafts",
    "describe_balance": "balances",
    "DisplacementFill": "inputs",
    "dose_volume": "liquid_dosing",
    "DoseLine": "report",
    "DoseVolume": "liquid_dosing",
    "DrugSource": "inputs",
    "fill_weight_from_weighings": "capsule_fill",
    "FillMethod": "inputs",
    "Ingredient": "record",
    "liquid_batch_json": "report_json",
    "liquid_directions": "report_build",
    "liquid_input_from_json": "input_json",
    "liquid_record_draft": "drafts",
    "liquid_report": "report_build",
    "liquid_title": "liquid",
    "LiquidBatch": "liquid",
    "LiquidFills": "liquid_dosing",
    "LiquidInput": "inputs",
    "LOT_PATTERN": "record",
    "MeasuredFill": "inputs",
    "minimum_weight_mg": "balances",
    "next_lot": "record",
    "parse_expiry": "beyond_use",
    "past_bud": "beyond_use",
    "record_warnings": "drafts",
    "RecordDetails": "drafts",
    "RecordDraft": "record",
    "report_from_json": "report_codec",
    "report_from_result": "report_codec",
    "report_to_json": "report_codec",
    "ReportLine": "report",
    "RecordSearch": "record",
    "search_records": "record",
    "split_supply": "liquid_dosing",
    "TabletSource": "inputs",
    "TriturationSource": "inputs",
    "validate_initials": "record",
    "validate_text": "record",
    "VolumetricFill": "inputs",
    "Weighing": "report",
    "weighing_text": "report",
}

__getattr__, __dir__ = lazy_surface(globals(), _EXPORTS)
