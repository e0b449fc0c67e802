"""Options of ``compound`` / ``liquid`` that the chosen source or fill method would ignore.

An option given for another source (``--assay`` with ``--source tablets``, ``--tablets`` for a liquid
made from whole tablets) would be silently dropped, and the pharmacist would believe it was used;
such options are refused with a message naming the option and why (exit 2).
"""

from __future__ import annotations

import argparse

from ldn_desktop.core.errors import InputError

# options that only mean something for one source or fill method: given elsewhere they would be
# silently ignored, so they are refused (the pharmacist thinks they were used)
_SOURCE_OPTIONS = {
    "api": ("assay", "assay_basis", "water", "solvents", "api_form"),
    "tablets": ("tablets", "tablets_weight", "tablet_strength"),
    "trituration": ("trituration_strength",),
}
_METHOD_OPTIONS = {
    "displacement": ("api_fill_weight",),
    "volumetric": ("filler_density", "api_density"),
    "measured": ("fill_weight",),
}
_DEFAULTS = {"assay_basis": "as-is", "api_form": "hcl", "solvents": "0%"}


def _given(args: argparse.Namespace, name: str) -> bool:
    value = getattr(args, name, None)
    return value is not None and value != _DEFAULTS.get(name)


def refuse_unused_options(args: argparse.Namespace, *, liquid: bool = False) -> None:
    """Refuse an option that the chosen source, method or product would silently ignore."""
    source = args.source
    for owner, names in _SOURCE_OPTIONS.items():
        for name in names:
            used = owner == source and not (liquid and name in {"tablets", "tablets_weight"})
            if _given(args, name) and not used:
                option = "--" + name.replace("_", "-")
                why = (
                    "a liquid is made from whole tablets (the count follows from the volume)"
                    if liquid and owner == "tablets"
                    else f"it applies to --source {owner}, not {source}"
                )
                raise InputError(f"{option}: not used here: {why}.", option)
    method = getattr(args, "method", None) or "measured"
    for owner, names in _METHOD_OPTIONS.items():
        for name in names:
            if owner != method and _given(args, name) and name != "fill_weight":
                option = "--" + name.replace("_", "-")
                raise InputError(f"{option}: applies to --method {owner}, not {method}.", option)
    if method == "volumetric" and _given(args, "fill_weight"):
        raise InputError("--fill-weight: not used by --method volumetric.", "--fill-weight")
    _refuse_foreign_expiry(args, source, liquid)


_EXPIRY_COMPONENTS = ("api", "tablets", "trituration", "filler")


def _refuse_foreign_expiry(args: argparse.Namespace, source: str, liquid: bool) -> None:
    """An expiry caps the BUD (§7.1), so one of a component the product does not contain (tablets
    for a batch from API powder, a filler for a liquid) would give a wrong, unexplained BUD."""
    contains = {source} if liquid else {source, "filler"}
    for name in _EXPIRY_COMPONENTS:
        if getattr(args, f"{name}_expiry", None) and name not in contains:
            option = f"--{name}-expiry"
            product = "a liquid" if liquid else f"a batch from --source {source}"
            raise InputError(
                f"{option}: not used here: {product} contains no {name}; give the expiry of "
                f"what it is made from (--{source}-expiry).",
                option,
            )
