"""Reference data for compounding: capsule sizes, fillers and the rule constants, read from resources.

The numbers live in editable JSON files under ``resources/data`` (each with ``source`` and
``reviewed_on``), not in code (docs/reference/compounding.md §1.1 "store capsule volume ... as editable
data", §2.5, §12). ``load_compounding_reference()`` validates them strictly and raises
``ReferenceDataError`` naming the file and the problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import Path
from typing import Any

from ldn_desktop.core.errors import ReferenceDataError
from ldn_desktop.paths import resource_path


@dataclass(frozen=True, slots=True)
class CapsuleSize:
    """One capsule shell size (§1.1): body+cap fill volume and average empty-shell weight."""

    size: str
    volume_ml: Decimal
    shell_mg: Decimal
    source: str


@dataclass(frozen=True, slots=True)
class Filler:
    """A capsule diluent (§1.2, §2.5, §9) with its packed fill weights per size from the chart."""

    key: str
    name: str
    density_g_ml: Decimal
    fill_mg: dict[str, Decimal]
    warning: str
    slow_release: bool
    source: str

    def packed_density(self, size: CapsuleSize) -> Decimal:
        """Chart fill ÷ volume for this size when the chart has it, else the default density."""
        chart = self.fill_mg.get(size.size)
        return chart / size.volume_ml / 1000 if chart is not None else self.density_g_ml

    def chart_fill_mg(self, size: CapsuleSize) -> Decimal:
        """Packed fill weight of one capsule of this size (chart value, else volume × density)."""
        chart = self.fill_mg.get(size.size)
        return chart if chart is not None else size.volume_ml * self.density_g_ml * 1000


@dataclass(frozen=True, slots=True)
class BudCategory:
    """A USP <795> (2023) beyond-use-date category (§7.1)."""

    key: str
    days: int
    label: str
    storage: str


@dataclass(frozen=True, slots=True)
class SyringeStep:
    """Oral syringes up to ``up_to_ml`` are read to ``step_ml`` (§4.3)."""

    up_to_ml: Decimal
    step_ml: Decimal


@dataclass(frozen=True, slots=True)
class LiquidRules:
    """Oral-liquid numbers (§3.3, §4.3, §9): dose table, solubility, tablets, syringe resolution."""

    dose_table_mg: tuple[Decimal, ...]
    solubility_mg_per_ml: Decimal
    tablet_strength_mg: Decimal
    syringe_steps: tuple[SyringeStep, ...]
    max_dose_error: Decimal  # a fraction: 0.1 = 10 %

    def syringe_step(self, volume_ml: Decimal) -> Decimal:
        """The resolution an oral syringe for ``volume_ml`` is read to (the largest step past the table)."""
        for step in self.syringe_steps:
            if volume_ml <= step.up_to_ml:
                return step.step_ml
        return self.syringe_steps[-1].step_ml


@dataclass(frozen=True, slots=True)
class CompoundingReference:
    """Everything the calculator reads from resources/data."""

    rules_version: str
    capsule_sizes: dict[str, CapsuleSize]
    fillers: dict[str, Filler]
    mw_hcl: Decimal
    mw_base: Decimal
    strength_min_mg: Decimal
    low_dose_max_mg: Decimal
    strength_max_mg: Decimal
    class_iii_sensitivity_mg: Decimal
    class_iii_error: Decimal
    assay_low: Decimal
    assay_high: Decimal
    bud_categories: dict[str, BudCategory]
    usp41_factor: Decimal  # m_min = factor × max(s, floor × d)  (§6.1)
    usp41_sd_floor: Decimal
    default_readability_mg: Decimal
    default_repeatability_mg: Decimal
    packed_density_min: Decimal  # g/mL: a plausible packed capsule fill (§1.2, §2.5)
    packed_density_max: Decimal
    default_extra_capsules: int
    liquid: LiquidRules
    label_cautions: tuple[str, ...]

    def capsule(self, size: str) -> CapsuleSize:
        try:
            return self.capsule_sizes[size]
        except KeyError:
            known = ", ".join(self.sizes_smallest_first())
            raise ReferenceDataError(f"unknown capsule size {size!r} (known: {known})") from None

    def sizes_smallest_first(self) -> list[str]:
        return sorted(self.capsule_sizes, key=lambda s: self.capsule_sizes[s].volume_ml)


def _dec(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int):
        raise ReferenceDataError(f"{where}: expected a number written as text, got {value!r}")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise ReferenceDataError(f"{where}: {value!r} is not a number") from None
    if not number.is_finite() or number <= 0:
        raise ReferenceDataError(f"{where}: {value!r} must be a positive number")
    return number


def _read(path: Path, kind: str) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ReferenceDataError(f"{path.name}: cannot be read ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != f"ldn-desktop/{kind}":
        raise ReferenceDataError(f"{path.name}: not an ldn-desktop/{kind} file")
    for key in ("source", "reviewed_on"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise ReferenceDataError(f"{path.name}: '{key}' is missing")
    return data


def _capsule_sizes(data: dict[str, Any]) -> dict[str, CapsuleSize]:
    sizes: dict[str, CapsuleSize] = {}
    for row in data.get("sizes") or []:
        where = f"capsule_sizes.json size {row.get('size')!r}"
        size = row.get("size")
        if not isinstance(size, str) or not size or size in sizes:
            raise ReferenceDataError(f"{where}: missing or repeated size name")
        sizes[size] = CapsuleSize(
            size, _dec(row.get("volume_ml"), where), _dec(row.get("shell_mg"), where), row["source"]
        )
    if not sizes:
        raise ReferenceDataError("capsule_sizes.json: no sizes")
    return sizes


def _fillers(data: dict[str, Any]) -> dict[str, Filler]:
    fillers: dict[str, Filler] = {}
    for row in data.get("fillers") or []:
        key = row.get("key")
        where = f"fillers.json filler {key!r}"
        if not isinstance(key, str) or not key or key in fillers:
            raise ReferenceDataError(f"{where}: missing or repeated key")
        chart = row.get("fill_mg") or {}
        fillers[key] = Filler(
            key=key,
            name=str(row.get("name") or key),
            density_g_ml=_dec(row.get("density_g_ml"), where),
            fill_mg={size: _dec(mg, f"{where} size {size}") for size, mg in chart.items()},
            warning=str(row.get("warning") or ""),
            slow_release=bool(row.get("slow_release")),
            source=str(row.get("source") or data["source"]),
        )
    if "mcc" not in fillers:
        raise ReferenceDataError("fillers.json: the default filler 'mcc' is missing")
    return fillers


def _bud_categories(rules: dict[str, Any]) -> dict[str, BudCategory]:
    categories = {}
    for row in rules.get("beyond_use", {}).get("categories") or []:
        days = row.get("days")
        if not isinstance(days, int) or isinstance(days, bool) or not 0 < days <= 365:
            raise ReferenceDataError(f"compounding_rules.json: bad days in {row.get('key')!r}")
        categories[row["key"]] = BudCategory(row["key"], days, row["label"], row["storage"])
    needed = {"nonaqueous-solid", "nonaqueous-oral-liquid", "preserved-aqueous"}
    needed.add("nonpreserved-aqueous")
    if not needed <= categories.keys():
        raise ReferenceDataError("compounding_rules.json: a beyond-use category is missing")
    return categories


def _liquid_rules(rules: dict[str, Any]) -> LiquidRules:
    data = rules.get("liquid")
    if not isinstance(data, dict):
        raise ReferenceDataError("compounding_rules.json: the 'liquid' section is missing")
    steps = tuple(
        SyringeStep(
            _dec(row.get("up_to_ml"), "liquid.syringe_steps"),
            _dec(row.get("step_ml"), "liquid.syringe_steps"),
        )
        for row in data.get("syringe_steps") or []
    )
    table = tuple(_dec(mg, "liquid.dose_table_mg") for mg in data.get("dose_table_mg") or [])
    if not steps or not table:
        raise ReferenceDataError(
            "compounding_rules.json: liquid dose table or syringe steps missing"
        )
    return LiquidRules(
        dose_table_mg=table,
        solubility_mg_per_ml=_dec(data.get("solubility_mg_per_ml"), "liquid.solubility_mg_per_ml"),
        tablet_strength_mg=_dec(data.get("tablet_strength_mg"), "liquid.tablet_strength_mg"),
        syringe_steps=tuple(sorted(steps, key=lambda s: s.up_to_ml)),
        max_dose_error=_dec(data.get("max_dose_rounding_error_percent"), "liquid.max_dose_error")
        / 100,
    )


def _rule_numbers(rules: dict[str, Any]) -> dict[str, Any]:
    """The single numbers of compounding_rules.json beyond the core set (balance, fill, overage)."""
    usp41 = rules.get("usp41", {})
    balance = rules.get("default_balance", {})
    fill = rules.get("fill_plausibility", {})
    extra = rules.get("overage", {}).get("default_extra_capsules")
    if isinstance(extra, bool) or not isinstance(extra, int) or not 0 <= extra <= 1000:
        raise ReferenceDataError("compounding_rules.json: overage.default_extra_capsules")
    cautions = rules.get("label", {}).get("cautions") or []
    if not all(isinstance(c, str) and c.strip() for c in cautions):
        raise ReferenceDataError("compounding_rules.json: label.cautions must be text")
    return {
        "usp41_factor": _dec(usp41.get("minimum_weight_factor"), "usp41.minimum_weight_factor"),
        "usp41_sd_floor": _dec(usp41.get("sd_floor_factor"), "usp41.sd_floor_factor"),
        "default_readability_mg": _dec(
            balance.get("readability_mg"), "default_balance.readability_mg"
        ),
        "default_repeatability_mg": _dec(
            balance.get("repeatability_sd_mg"), "default_balance.repeatability_sd_mg"
        ),
        "packed_density_min": _dec(fill.get("packed_density_min_g_ml"), "fill_plausibility.min"),
        "packed_density_max": _dec(fill.get("packed_density_max_g_ml"), "fill_plausibility.max"),
        "default_extra_capsules": extra,
        "liquid": _liquid_rules(rules),
        "label_cautions": tuple(cautions),
    }


def load_compounding_reference(folder: Path | None = None) -> CompoundingReference:
    """Read and validate capsule_sizes.json, fillers.json and compounding_rules.json."""
    base = folder or resource_path("data")
    rules = _read(base / "compounding_rules.json", "compounding-rules")
    mw = rules.get("molecular_weight", {})
    strength = rules.get("strength_mg", {})
    class_iii = rules.get("class_iii_balance", {})
    assay = rules.get("api_assay_percent", {})
    return CompoundingReference(
        rules_version=str(rules.get("rules_version") or "unknown"),
        capsule_sizes=_capsule_sizes(_read(base / "capsule_sizes.json", "capsule-sizes")),
        fillers=_fillers(_read(base / "fillers.json", "fillers")),
        mw_hcl=_dec(mw.get("naltrexone_hcl"), "molecular_weight.naltrexone_hcl"),
        mw_base=_dec(mw.get("naltrexone_base"), "molecular_weight.naltrexone_base"),
        strength_min_mg=_dec(strength.get("minimum"), "strength_mg.minimum"),
        low_dose_max_mg=_dec(strength.get("low_dose_maximum"), "strength_mg.low_dose_maximum"),
        strength_max_mg=_dec(strength.get("maximum"), "strength_mg.maximum"),
        class_iii_sensitivity_mg=_dec(class_iii.get("sensitivity_mg"), "class_iii.sensitivity"),
        class_iii_error=_dec(class_iii.get("error_percent"), "class_iii.error_percent") / 100,
        assay_low=_dec(assay.get("monograph_low"), "api_assay_percent.monograph_low") / 100,
        assay_high=_dec(assay.get("monograph_high"), "api_assay_percent.monograph_high") / 100,
        bud_categories=_bud_categories(rules),
        **_rule_numbers(rules),
    )


@cache
def compounding_reference() -> CompoundingReference:
    """The shipped reference data (read once)."""
    return load_compounding_reference()
