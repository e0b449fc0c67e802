"""Issue 11 decisions in core: fill plausibility, no-plan aliquots, water, syringe rounding, fills, report codec."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest

from ldn_desktop.core.compounding import (
    ApiSource,
    Balance,
    CapsuleBatchInput,
    DisplacementFill,
    LiquidInput,
    MeasuredFill,
    RecordDetails,
    VolumetricFill,
    calculate_capsule_batch,
    calculate_liquid,
    capsule_record_draft,
    capsule_report,
    compounding_reference,
    liquid_report,
    report_from_json,
    report_to_json,
    split_supply,
)
from ldn_desktop.core.compounding.aliquots import plan_aliquot
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units import Q_

REF = compounding_reference()
D = Decimal


def batch_input(**changes: object) -> CapsuleBatchInput:
    values: dict[str, object] = {
        "strength": Q_("4.5", "mg"),
        "quantity": 30,
        "source": ApiSource(D("0.995")),
        "extra": 2,
        "method": MeasuredFill(Q_(240, "mg")),
        "compounded_on": date(2026, 3, 1),
    }
    values.update(changes)
    return CapsuleBatchInput(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("size", sorted(REF.capsule_sizes))
def test_measured_fill_outside_the_packed_density_range_is_refused_in_every_size(size: str) -> None:
    volume_ml = REF.capsule(size).volume_ml
    for density in (REF.packed_density_min * D("0.9"), REF.packed_density_max * D("1.1")):
        fill = Q_(volume_ml * density * 1000, "mg")
        with pytest.raises(InputError) as caught:
            calculate_capsule_batch(batch_input(method=MeasuredFill(fill), capsule_size=size))
        assert caught.value.field == "fill_weight"
    inside = Q_(volume_ml * D("0.5") * 1000, "mg")
    assert calculate_capsule_batch(batch_input(method=MeasuredFill(inside), capsule_size=size))


@pytest.mark.parametrize(
    ("method", "field"),
    [
        (DisplacementFill(Q_(2000, "mg"), Q_(240, "mg")), "api_fill_weight"),
        (VolumetricFill(Q_("0.05", "g/mL")), "api_density"),
        (VolumetricFill(Q_("0.6", "g/mL"), Q_("3", "g/mL")), "filler_density"),
    ],
)
def test_every_measured_packing_statistic_is_checked(method: object, field: str) -> None:
    with pytest.raises(InputError) as caught:
        calculate_capsule_batch(batch_input(method=method))
    assert caught.value.field == field
    confirmed = calculate_capsule_batch(batch_input(method=method, fill_confirmed=True))
    assert any("Confirmed by the pharmacist" in w for w in confirmed.warnings)


def test_an_infeasible_aliquot_has_no_plan_and_the_remedy_really_works() -> None:
    inputs = batch_input(
        strength=Q_("0.5", "mg"), quantity=1, extra=None, balance=Balance("class-iii")
    )
    batch = calculate_capsule_batch(inputs)
    assert not batch.plan_possible and batch.aliquot is not None and not batch.aliquot.feasible
    report = capsule_report(batch)
    assert report.weighings == () and report.steps == () and report.total is None
    assert any(w.startswith("No weighing plan is possible") for w in batch.warnings)
    needed = int(str(batch.plan_problem).split("make at least ")[1].split(" ")[0])
    per = batch.drug_per_capsule_mg, batch.filler_per_capsule_mg
    plan = plan_aliquot(per[0] * needed, per[1] * needed, batch.min_weighable_mg)
    assert plan is None or plan.feasible
    smaller = plan_aliquot(per[0] * (needed - 1), per[1] * (needed - 1), batch.min_weighable_mg)
    assert smaller is not None and not smaller.feasible
    with pytest.raises(InputError, match="No weighing plan"):
        capsule_record_draft(batch, RecordDetails(preparer="AB", checker="CD"))


@pytest.mark.parametrize("basis", ["anhydrous", "dried"])
def test_an_anhydrous_or_dried_assay_needs_its_water(basis: str) -> None:
    with pytest.raises(InputError) as caught:
        ApiSource(D("0.992"), basis)  # type: ignore[arg-type]
    assert caught.value.field == "water"
    assert ApiSource(D("0.992"), basis, D(0)).water == 0  # an explicit 0 % is accepted  # type: ignore[arg-type]


def test_reference_numbers_come_from_the_data() -> None:
    assert Balance().readability == Q_(REF.default_readability_mg, "mg")
    liquid = calculate_liquid(LiquidInput(Q_(1, "mg/mL"), Q_(50, "mL")))
    assert tuple(v.dose_mg for v in liquid.dose_volumes) == REF.liquid.dose_table_mg
    assert REF.usp41_factor == 2000 and REF.usp41_sd_floor == D("0.41")


@pytest.mark.parametrize(
    ("concentration", "dose", "measured", "measurable"),
    [
        ("1", "4.5", "4.5", True),
        ("3", "1", "0.3", True),
        ("3", "0.5", "0.2", False),
        ("10", "0.5", "0.1", False),
    ],
)
def test_dose_volumes_round_to_the_syringe_step(
    concentration: str, dose: str, measured: str, measurable: bool
) -> None:
    liquid = calculate_liquid(
        LiquidInput(Q_(D(concentration), "mg/mL"), Q_(50, "mL"), dose=Q_(D(dose), "mg"))
    )
    assert liquid.patient_dose is not None
    assert liquid.patient_dose.measured_ml == D(measured)
    assert (liquid.patient_dose.error <= REF.liquid.max_dose_error) is measurable


def test_a_supply_is_split_into_fills_within_the_bud() -> None:
    fills = split_supply(D("4.5"), 90, 14)
    assert (fills.fills, fills.days_per_fill, fills.fill_ml, fills.total_ml) == (
        7,
        14,
        D("63"),
        D("405"),
    )
    assert split_supply(D("4.5"), 10, 14).fills == 1


def test_base_labelled_products_state_their_hcl_content() -> None:
    capsules = capsule_report(calculate_capsule_batch(batch_input(basis="base")))
    assert capsules.product_line.endswith("(each capsule contains 4.98 mg naltrexone HCl)")
    liquid = liquid_report(
        calculate_liquid(LiquidInput(Q_(1, "mg/mL"), Q_(50, "mL"), basis="base"))
    )
    assert "each mL contains 1.11 mg naltrexone HCl" in liquid.product_line


def test_the_report_codec_round_trips_exactly() -> None:
    for report in (
        capsule_report(calculate_capsule_batch(batch_input(strength=Q_("0.5", "mg")))),
        liquid_report(
            calculate_liquid(LiquidInput(Q_(1, "mg/mL"), Q_(50, "mL"), dose=Q_(3, "mg")))
        ),
    ):
        assert report_from_json(report_to_json(report)) == report


def test_an_absurd_repeatability_sd_is_refused_not_carried_into_the_aliquot() -> None:
    """Found by the settings property test: an SD of 1e30 mg overflowed the aliquot arithmetic."""
    with pytest.raises(InputError) as caught:
        Balance("usp41", Q_("0.1", "mg"), Q_(10**30, "mg"))
    assert caught.value.field == "balance_sd"


ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _people_texts(report: object) -> list[str]:
    """Every text of a report a person reads (pages, worksheet, label, the CLI's text)."""
    texts = [
        report.title,  # type: ignore[attr-defined]
        report.summary,  # type: ignore[attr-defined]
        report.bud_rule,  # type: ignore[attr-defined]
        report.directions,  # type: ignore[attr-defined]
        report.patient_dose,  # type: ignore[attr-defined]
        *report.steps,  # type: ignore[attr-defined]
        *report.warnings,  # type: ignore[attr-defined]
        *(line.text for line in report.details),  # type: ignore[attr-defined]
    ]
    return [t for t in texts if t]


def test_dates_a_person_reads_are_in_the_people_style() -> None:
    """'1 Jun 2027', as on the page's headline and the label: never '2027-06-01' in the BUD
    explanation, an expiry warning or a refusal (ISO stays in --json and stored data)."""
    from ldn_desktop.core.compounding import ComponentExpiry

    limited = calculate_capsule_batch(
        batch_input(expiries=(ComponentExpiry("filler", date(2026, 7, 31)),))
    )
    reports = [
        capsule_report(calculate_capsule_batch(batch_input())),
        capsule_report(limited),
        liquid_report(
            calculate_liquid(
                LiquidInput(
                    Q_(1, "mg/mL"),
                    Q_(100, "mL"),
                    source=ApiSource(D("0.995")),
                    compounded_on=date(2026, 3, 1),
                    expiries=(ComponentExpiry("API", date(2026, 3, 10)),),
                    dose=Q_("4.5", "mg"),
                    days=90,
                )
            )
        ),
    ]
    assert reports[0].bud_rule.endswith("180 days → 28 Aug 2026")
    assert "limited by the filler expiry 31 Jul 2026" in reports[1].bud_rule
    for report in reports:
        for text in _people_texts(report):
            assert not ISO_DATE.search(text), text
    for expiry in (date(2026, 3, 1), date(2026, 2, 1)):
        with pytest.raises(InputError) as refused:
            calculate_capsule_batch(batch_input(expiries=(ComponentExpiry("API", expiry),)))
        assert not ISO_DATE.search(str(refused.value)) and "1 Mar 2026" in str(refused.value)
    with pytest.raises(InputError) as refused:
        calculate_capsule_batch(batch_input(compounded_on=date(1999, 12, 31)))
    assert not ISO_DATE.search(str(refused.value)) and "31 Dec 1999" in str(refused.value)
