"""Fresh review cases through `compound` / `liquid`: refusals name the option they are about."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cli_compound import run

TV1 = ["--strength", "4.5mg", "--quantity", "30", "--extra", "2", "--assay", "99.5%"]


@pytest.mark.parametrize(
    ("option", "value"),
    [
        ("--date", "2024-02-30"),
        ("--api-expiry", "2024-13"),
        ("--filler-expiry", "next year"),
    ],
)
def test_a_date_that_is_not_a_date_is_refused_naming_the_option(
    tmp_path: Path, option: str, value: str
) -> None:
    done = run(["compound", *TV1, option, value], tmp_path)
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"ldn-desktop: error: {option}: "), lines


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["compound", *TV1, "--tablets-expiry", "2030-04"], "--tablets-expiry"),
        (["compound", *TV1, "--trituration-expiry", "2030-04"], "--trituration-expiry"),
        (["liquid", "--volume", "50mL", "--filler-expiry", "2030-04"], "--filler-expiry"),
        (["liquid", "--volume", "50mL", "--api-expiry", "2030-04"], "--api-expiry"),
        (["liquid", "--volume", "50mL", "--trituration-expiry", "2030-04"], "--trituration-expiry"),
    ],
)
def test_an_expiry_of_a_component_the_product_does_not_contain_is_refused(
    tmp_path: Path, args: list[str], option: str
) -> None:
    """It would cap the BUD ('limited by the tablets expiry') of a batch made without tablets."""
    done = run(args, tmp_path)
    assert done.returncode == 2, done.stdout
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"ldn-desktop: error: {option}: "), lines


@pytest.mark.parametrize(
    "args",
    [
        ["compound", *TV1, "--api-expiry", "2030-04", "--filler-expiry", "2030-05"],
        ["liquid", "--volume", "50mL", "--tablets-expiry", "2030-04"],
        [
            "liquid",
            "--volume",
            "50mL",
            "--source",
            "api",
            "--assay",
            "99%",
            "--api-expiry",
            "2030-04",
        ],
    ],
)
def test_the_expiry_of_a_component_in_the_product_is_accepted(
    tmp_path: Path, args: list[str]
) -> None:
    done = run([*args, "--date", "2030-01-01"], tmp_path)
    assert done.returncode == 0, done.stderr
