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
