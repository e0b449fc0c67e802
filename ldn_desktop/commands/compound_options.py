"""Options of ``compound`` and ``liquid`` and their conversion to core inputs (no Qt here)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from ldn_desktop.commands import day_option
from ldn_desktop.commands.compound_unused import refuse_unused_options
from ldn_desktop.core.compounding import (
    ApiSource,
    Balance,
    CapsuleBatchInput,
    ComponentExpiry,
    DisplacementFill,
    DrugSource,
    FillMethod,
    Ingredient,
    LiquidInput,
    MeasuredFill,
    RecordDetails,
    TabletSource,
    TriturationSource,
    VolumetricFill,
    parse_expiry,
)
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.units import (
    Q_,
    Dimension,
    Quantity,
    parse_count,
    parse_decimal,
    parse_fraction_or_percent,
    parse_percent,
    parse_quantity,
)

EXPIRY_OPTIONS = ("api", "tablets", "trituration", "filler")
# measured packing statistics the pharmacist may confirm when unusual (--confirm-fill)
_CONFIRMABLE = {"fill_weight", "api_fill_weight", "filler_density", "api_density"}


def add_capsule_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--strength", required=True, help="per capsule, e.g. 4.5mg")
    p.add_argument("--quantity", required=True, help="capsules prescribed")
    over = p.add_mutually_exclusive_group()
    over.add_argument("--extra", help="extra capsules made for process loss")
    over.add_argument("--overage", help="extra as a percentage, e.g. 10%% (rounded up)")
    p.add_argument("--basis", choices=("hcl", "base"), default="hcl", help="default: hcl")
    _add_source_options(p, ("api", "tablets", "trituration"))
    p.add_argument("--trituration-strength", help="mg of drug per mg of mix, e.g. 0.0995 or 9.95%%")
    p.add_argument(
        "--method",
        choices=("measured", "displacement", "volumetric"),
        help="capsule fill (compounding.md §2.1-2.3): measured (default; the filler's own fill, "
        "--fill-weight or the chart), displacement (with --api-fill-weight) or volumetric "
        "(with --api-density)",
    )
    p.add_argument("--fill-weight", help="E: net fill of one capsule of filler alone")
    p.add_argument("--api-fill-weight", help="P_api: net fill of one capsule of drug alone")
    p.add_argument("--filler-density", help="packed filler density, e.g. 0.43g/mL")
    p.add_argument("--api-density", help="packed drug density, e.g. 0.6g/mL")
    p.add_argument(
        "--confirm-fill",
        action="store_true",
        help="accept a measured fill or density outside the usual packed density (0.2–1.5 g/mL)",
    )
    p.add_argument(
        "--capsule-size",
        default="1",
        choices=("000", "00", "0", "1", "2", "3", "4", "5"),
        help="default: 1",
    )
    p.add_argument("--filler", default="mcc", help="mcc (default), lactose, starch, …")
    balance = p.add_mutually_exclusive_group()
    balance.add_argument("--balance", choices=("usp41", "class-iii"), help="default: usp41")
    p.add_argument("--balance-readability", help="d, default 0.1mg")
    p.add_argument("--balance-sd", help="repeatability SD s, default 0.03mg")
    p.add_argument("--safety-factor", default="1", help="USP <1251> safety factor (default 1)")
    _add_common_options(p)
    _add_output_options(p)
    saving = _add_saving_options(p)
    saving.add_argument("--filler-lot", default="", help="lot of the filler (the record)")


def _add_output_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pdf", metavar="FILE", help="write the compounding worksheet as PDF")
    p.add_argument("--label-pdf", metavar="FILE", help="write the container label as PDF")


def _add_saving_options(p: argparse.ArgumentParser) -> Any:
    saving = p.add_argument_group("saving a compounding record")
    saving.add_argument("--save", action="store_true", help="release a compounding record (lot)")
    saving.add_argument("--preparer", default="", help="initials of who prepared it")
    saving.add_argument("--checker", default="", help="initials of who checked it")
    saving.add_argument("--patient", metavar="ID", help="patient id (see `patient list`)")
    saving.add_argument(
        "--patient-name", default="", help="name on the label (default: the patient's)"
    )
    saving.add_argument("--rx", default="", help="prescription number")
    saving.add_argument("--prescriber", default="", help="prescriber's name (on the label)")
    saving.add_argument("--directions", default="", help="the label's directions for use")
    saving.add_argument("--api-lot", default="", help="lot of the API, tablets or trituration")
    return saving


def add_liquid_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--concentration", default="1mg/mL", help="default 1mg/mL")
    p.add_argument("--volume", required=True, help="e.g. 50mL")
    p.add_argument("--basis", choices=("hcl", "base"), default="hcl", help="default: hcl")
    _add_source_options(p, ("tablets", "api"))
    p.add_argument("--preserved", action="store_true", help="aqueous with a preservative (35 days)")
    p.add_argument("--nonaqueous", action="store_true", help="nonaqueous oral liquid (90 days)")
    p.add_argument("--dose", help="the patient's dose, e.g. 4.5mg (label in mL, supply length)")
    p.add_argument("--days", help="days of supply (split into fills within the BUD; needs --dose)")
    _add_common_options(p)
    _add_output_options(p)
    _add_saving_options(p)


def _add_source_options(p: argparse.ArgumentParser, sources: tuple[str, ...]) -> None:
    p.add_argument("--source", choices=sources, default=sources[0], help=f"default: {sources[0]}")
    p.add_argument("--assay", help="CoA assay, e.g. 99.5%% (required with --source api)")
    p.add_argument(
        "--assay-basis",
        choices=("as-is", "anhydrous", "dried"),
        default="as-is",
        help="what the CoA assay is on (default: as-is; the others need --water)",
    )
    p.add_argument(
        "--water", help="KF water (anhydrous) or LOD (dried), e.g. 0.4%% (required for those bases)"
    )
    p.add_argument("--solvents", default="0%", help="residual solvents, e.g. 0.1%%")
    p.add_argument("--api-form", choices=("hcl", "base"), default="hcl", help="form weighed")
    p.add_argument("--tablet-strength", help="label strength (default: the reference's, 50 mg)")
    p.add_argument("--tablets", help="number of tablets crushed (weighed together)")
    p.add_argument("--tablets-weight", help="measured weight of those intact tablets")


def _add_common_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--date", help="compounding date, e.g. 3 Oct 2026 or 2026-10-03 (default today)")
    for name in EXPIRY_OPTIONS:
        p.add_argument(
            f"--{name}-expiry",
            help=f"expiry of the {name} (31 Jul 2026, 2026-07-31, or a month: Jul 2026, 2026-07)",
        )
    p.add_argument("--json", action="store_true", help="print one JSON object")


@contextlib.contextmanager
def reraise_for_cli() -> Iterator[None]:
    """Core errors name a field (``tablets``); the CLI names the option (``--tablets``).

    Every refusal starts with the option: a core message whose label is a word ("Expiry: '2024-13'
    is not a date") has that label replaced, even when the field already is the option."""
    try:
        yield
    except InputError as exc:
        field = exc.field or ""
        option = field if field.startswith("--") else "--" + field.replace("_", "-")
        if not field or str(exc).startswith(f"{option}: "):
            raise
        _label, sep, rest = str(exc).partition(": ")
        if field in _CONFIRMABLE and "confirm the fill" in rest:
            rest += " Add --confirm-fill to accept it."
        raise InputError(f"{option}: {rest if sep else exc}", option) from None


def _q(value: str, option: str, dimension: Dimension = "mass") -> Quantity:
    return parse_quantity(value, field=option, dimension=dimension)


def _need(args: argparse.Namespace, name: str, why: str) -> str:
    value: str | None = getattr(args, name.replace("-", "_"))
    if value is None:
        raise InputError(f"--{name}: required {why}.", f"--{name}")
    return value


def _api(args: argparse.Namespace) -> ApiSource:
    text = _need(args, "assay", "with --source api (the certificate of analysis assay, e.g. 99.5%)")
    assay = parse_percent(text, field="--assay", minimum=50, maximum=110)
    water = parse_percent(args.water, field="--water", maximum=50) if args.water else None
    return ApiSource(
        assay=assay,
        assay_basis=args.assay_basis,
        water=water,
        solvents=parse_percent(args.solvents, field="--solvents", maximum=50),
        form=args.api_form,
    )


def _tablet_strength(args: argparse.Namespace) -> Quantity:
    """--tablet-strength, else the commercial strength in the reference data (50 mg, §4.1)."""
    if args.tablet_strength:
        return _q(args.tablet_strength, "--tablet-strength")
    from ldn_desktop.core.compounding import compounding_reference

    return Q_(compounding_reference().liquid.tablet_strength_mg, "mg")


def _source(args: argparse.Namespace) -> DrugSource:
    if args.source == "tablets":
        why = "with --source tablets"
        return TabletSource(
            _tablet_strength(args),
            parse_count(_need(args, "tablets", why), field="--tablets", maximum=1000),
            _q(_need(args, "tablets-weight", why), "--tablets-weight"),
        )
    if args.source == "trituration":
        text = _need(args, "trituration-strength", "with --source trituration")
        return TriturationSource(parse_fraction_or_percent(text, field="--trituration-strength"))
    return _api(args)


def _method(args: argparse.Namespace) -> FillMethod:
    fill = _q(args.fill_weight, "--fill-weight") if args.fill_weight else None
    if args.method == "displacement":
        why = "with --method displacement"
        return DisplacementFill(_q(_need(args, "api-fill-weight", why), "--api-fill-weight"), fill)
    if args.method == "volumetric":
        api = _q(_need(args, "api-density", "with --method volumetric"), "--api-density", "density")
        filler = args.filler_density
        return VolumetricFill(api, _q(filler, "--filler-density", "density") if filler else None)
    return MeasuredFill(fill)


def balance_given(args: argparse.Namespace) -> bool:
    """Whether the command line names a balance (else the pharmacy's saved one is used)."""
    return any(
        getattr(args, name, None) for name in ("balance", "balance_readability", "balance_sd")
    )


def _balance(args: argparse.Namespace, pharmacy: Balance | None = None) -> Balance:
    factor_text = getattr(args, "safety_factor", None) or "1"
    if pharmacy is not None and not balance_given(args):
        factor = parse_decimal(factor_text, field="--safety-factor", maximum=Decimal(10))
        return replace(pharmacy, safety_factor=factor)
    kind = getattr(args, "balance", None) or "usp41"
    readability = getattr(args, "balance_readability", None)
    sd = getattr(args, "balance_sd", None)
    if kind == "class-iii" and (readability or sd):
        raise InputError("--balance: class-iii takes no readability or SD.", "--balance")
    factor = parse_decimal(
        getattr(args, "safety_factor", None) or "1", field="--safety-factor", maximum=Decimal(10)
    )
    return Balance(
        kind,
        _q(readability, "--balance-readability") if readability else Balance().readability,
        _q(sd, "--balance-sd") if sd else Balance().repeatability_sd,
        factor,
    )


def _dates(args: argparse.Namespace) -> tuple[date, tuple[ComponentExpiry, ...]]:
    on = day_option(args.date, "date") or date.today()
    expiries = []
    for name in EXPIRY_OPTIONS:
        text = getattr(args, f"{name}_expiry", None)
        if text:
            component = "API" if name == "api" else name
            expiries.append(
                ComponentExpiry(component, parse_expiry(text, field=f"--{name}-expiry"))
            )
    return on, tuple(expiries)


def capsule_input_from_args(
    args: argparse.Namespace, pharmacy: Balance | None = None
) -> CapsuleBatchInput:
    refuse_unused_options(args)
    on, expiries = _dates(args)
    return CapsuleBatchInput(
        strength=_q(args.strength, "--strength"),
        quantity=parse_count(args.quantity, field="--quantity", maximum=10_000),
        source=_source(args),
        basis=args.basis,
        extra=parse_count(args.extra, field="--extra", minimum=0, maximum=1000)
        if args.extra is not None
        else None,
        overage=parse_percent(args.overage, field="--overage") if args.overage else None,
        method=_method(args),
        capsule_size=args.capsule_size,
        filler=args.filler,
        balance=_balance(args, pharmacy),
        compounded_on=on,
        expiries=expiries,
        fill_confirmed=args.confirm_fill,
    )


def liquid_input_from_args(
    args: argparse.Namespace, pharmacy: Balance | None = None
) -> LiquidInput:
    refuse_unused_options(args, liquid=True)
    on, expiries = _dates(args)
    dose = _q(args.dose, "--dose") if args.dose else None
    if args.days and dose is None:
        raise InputError(
            "--days: needs --dose (the daily dose) to know how long it lasts.", "--days"
        )
    days = parse_count(args.days, field="--days", maximum=366) if args.days else None
    return LiquidInput(
        concentration=_q(args.concentration, "--concentration", "concentration"),
        volume=_q(args.volume, "--volume", "volume"),
        source=_api(args) if args.source == "api" else None,
        tablet_strength=_tablet_strength(args),
        basis=args.basis,
        preserved=args.preserved,
        nonaqueous=args.nonaqueous,
        balance=_balance(args, pharmacy),
        compounded_on=on,
        expiries=expiries,
        dose=dose,
        days=days,
    )


def record_details_from_args(args: argparse.Namespace, *, liquid: bool = False) -> RecordDetails:
    _on, expiries = _dates(args)
    expiry = {e.component.lower(): e.expires_on for e in expiries}
    drug = {"api": "Naltrexone HCl API", "tablets": "Naltrexone HCl tablets"}.get(
        args.source, "Naltrexone HCl trituration"
    )
    second = (
        Ingredient("Vehicle", "", "", None)
        if liquid
        else Ingredient(_filler_name(args.filler), "", args.filler_lot, expiry.get("filler"))
    )
    ingredients = (Ingredient(drug, "", args.api_lot, expiry.get(args.source)), second)
    return RecordDetails(
        preparer=args.preparer,
        checker=args.checker,
        patient_id=args.patient,
        patient_name=args.patient_name,
        prescription=args.rx,
        prescriber=args.prescriber,
        directions=args.directions,
        ingredients=ingredients,
    )


def _filler_name(key: str) -> str:
    from ldn_desktop.core.compounding import compounding_reference

    filler = compounding_reference().fillers.get(key)
    return filler.name if filler else key
