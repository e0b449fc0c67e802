"""Arbitrary text in every option of every subcommand: never a traceback.

For each leaf command found in the parser (so features that land later are covered), hypothesis
builds command lines from hostile values: random unicode, pathological quantities, 10,000-character
strings, right-to-left marks, other scripts' digits, control characters. Each run must end with
exit 0, 1 or 2; on 1 or 2 the message is exactly one line and the data folder is unchanged byte
for byte. Paths are kept inside a scratch folder so nothing is written elsewhere.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.stress.cli_tree import Argument, Leaf, leaves
from tests.stress.session import realistic_session, run_cli
from tests.stress.snapshots import snapshot

SCRATCH = "\0SCRATCH"  # replaced by each example's scratch folder (argv never holds NUL)
EXAMPLES = int(os.environ.get("LDN_STRESS_EXAMPLES", "30"))

NASTY = [
    "",
    " ",
    "-1",
    "0",
    "4.5 mg",
    "4,5 mg",
    "4.500,5 mg",
    "2**9999999 mg",
    "1e999999 mg",
    "9" * 400 + " mg",
    "NaN",
    "inf mg",
    "0x10 mg",
    "1_000 mg",
    "٣ mg",  # Arabic-Indic digit three
    "３ mg",  # full-width three
    "𝟑 mg",  # mathematical bold three
    "\u202e4.5 mg",  # right-to-left override
    "\u200f4.5\u200e mg",  # RTL / LTR marks
    "\ufeff4.5 mg",  # byte-order mark
    "4.5\u00a0mg",  # no-break space
    "4.5 µg",
    "½ mg",
    "2026-02-30",
    "2026-01-05T25:61",
    "9999-12-31T23:59:59+14:00",
    "0001-01-01",
    "../../../../etc/passwd",
    "a\nb",
    "a\rb",
    "\t",
    "%s%n{0}",
    "'; DROP TABLE patients; --",
    "$(reboot)",
    "x" * 10_000,
    "é" * 3000,
    "\x1b[31mred\x1b[0m",
    "other: " + "y" * 500,
    "none",
    "missed",
]

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60),
)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A data folder after a realistic session; each example works on a fresh copy of it."""
    root = tmp_path_factory.mktemp("hostile-template")
    ids = realistic_session(root / "data", root)
    return root / "data", ids


@pytest.fixture(autouse=True)
def _cwd_in_scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Relative paths a command might write land in the test's own folder."""
    monkeypatch.chdir(tmp_path)


def _value(arg: Argument, ids: dict[str, str]) -> st.SearchStrategy[str]:
    if arg.path_like:
        safe = hostile_text.map(lambda t: t.replace("/", "_")[:200])
        return safe.map(lambda t: f"{SCRATCH}/{t}")
    options = [hostile_text, st.sampled_from(sorted(ids.values()))]
    if arg.choices:
        options.append(st.sampled_from(arg.choices))
    return st.one_of(*options)


@st.composite
def command_lines(draw: st.DrawFn, leaf: Leaf, ids: dict[str, str]) -> list[str]:
    argv = list(leaf.words)
    for arg in leaf.arguments:
        if not arg.required and not draw(st.booleans()):
            continue
        if arg.option is None:
            argv.append(draw(_value(arg, ids)))
        elif not arg.takes_value:
            argv.append(arg.option)
        else:
            value = draw(_value(arg, ids))
            argv += [f"{arg.option}={value}"] if draw(st.booleans()) else [arg.option, value]
    if draw(st.integers(0, 9)) == 0:
        argv.insert(draw(st.integers(0, len(argv))), draw(hostile_text))  # a stray word
    return argv


@contextmanager
def _fresh_copy(template: Path) -> Iterator[tuple[Path, Path]]:
    scratch = Path(tempfile.mkdtemp(prefix="hostile-"))
    try:
        shutil.copytree(template, scratch / "data", symlinks=True)
        (scratch / "out").mkdir()
        yield scratch / "data", scratch / "out"
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def check_command_line(template: Path, argv: list[str]) -> None:
    """Run one command line on a fresh copy of the template and check the contract."""
    with _fresh_copy(template) as (data, out):
        argv = [word.replace(SCRATCH, str(out)) for word in argv]
        before = snapshot(data)
        status, _, err = run_cli(data, *argv)  # an exception here is the traceback we forbid
        assert status in (0, 1, 2), f"exit status {status} for {argv!r}"
        if status:
            assert err.endswith("\n") and err.count("\n") == 1, (
                f"not one line for {argv!r}: {err!r}"
            )
            assert err.startswith("ldn-desktop"), err
            assert snapshot(data) == before, f"{argv!r} failed (exit {status}) but wrote data"


LEAVES = leaves()


@pytest.mark.parametrize("leaf", LEAVES, ids=[leaf.name for leaf in LEAVES])
def test_hostile_values_in_every_option(leaf: Leaf, template: tuple[Path, dict[str, str]]) -> None:
    data, ids = template

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=not os.environ.get("LDN_STRESS_RANDOM"),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(argv=command_lines(leaf, ids))
    def run(argv: list[str]) -> None:
        check_command_line(data, argv)

    run()


@pytest.mark.parametrize("leaf", LEAVES, ids=[leaf.name for leaf in LEAVES])
@pytest.mark.parametrize("nasty", NASTY[:: max(1, len(NASTY) // 12)])
def test_each_nasty_value_in_every_option(
    leaf: Leaf, nasty: str, template: tuple[Path, dict[str, str]]
) -> None:
    """Deterministic sweep: the same nasty value in every value-taking argument at once."""
    data, _ = template
    argv = list(leaf.words)
    for arg in leaf.arguments:
        if arg.option is None:
            argv.append(f"{SCRATCH}/{nasty.replace('/', '_')}" if arg.path_like else nasty)
        elif arg.takes_value:
            value = f"{SCRATCH}/{nasty.replace('/', '_')}" if arg.path_like else nasty
            argv.append(f"{arg.option}={value}")
    check_command_line(data, argv)


# -- output files that cannot be written ------------------------------------------------------

# a command line that works, per command that writes files; "{patient}" is the session's patient
OUTPUT_BASES = {
    "compound": ["compound", "--strength", "4.5mg", "--quantity", "30"],
    "schedule": ["schedule", "--protocol", "standard", "--start", "2026-01-01"],
    "log export": ["log", "export", "--patient", "{patient}"],
    "data export": ["data", "export"],
    "data backup": ["data", "backup"],
}
INPUTS = {"archive", "csv_file", "folder"}


def _output_cases() -> list[tuple[str, list[str], Argument]]:
    cases = []
    for leaf in LEAVES:
        base = OUTPUT_BASES.get(leaf.name)
        for arg in leaf.arguments:
            if base is not None and arg.path_like and arg.dest not in INPUTS:
                cases.append((f"{leaf.name} {arg.option or arg.dest}", base, arg))
    return cases


OUTPUT_CASES = _output_cases()


@pytest.mark.parametrize("where", ["a folder", "beneath a file"])
@pytest.mark.parametrize(
    ("name", "base", "arg"), OUTPUT_CASES, ids=[case[0] for case in OUTPUT_CASES]
)
def test_an_output_that_cannot_be_written_is_reported(
    template: tuple[Path, dict[str, str]], name: str, base: list[str], arg: Argument, where: str
) -> None:
    """Never "wrote ..." with exit 0 when nothing was written: exit 1 or 2 and one line."""
    data, ids = template
    with _fresh_copy(data) as (copy, out):
        (out / "file.txt").write_text("not a folder")
        target = str(out) if where == "a folder" else str(out / "file.txt" / "x.pdf")
        if arg.option == "--to":
            target = str(out / "file.txt")
        argv = [word.replace("{patient}", ids["patient"]) for word in base]
        argv += [target] if arg.option is None else [arg.option, target]
        before = snapshot(copy)
        status, out_text, err = run_cli(copy, *argv)
        assert status in (1, 2), f"{name} into {where}: exit {status}, said {out_text!r}"
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert snapshot(copy) == before


# -- bytes that are not UTF-8, through a real process ------------------------------------------

CLI_PATH = Path(
    os.environ.get("LDN_CLI", Path(__import__("sys").executable).with_name("ldn-desktop"))
)


TAKING_TEXT = [leaf for leaf in LEAVES if any(arg.takes_value for arg in leaf.arguments)]


@pytest.mark.parametrize("leaf", TAKING_TEXT, ids=[leaf.name for leaf in TAKING_TEXT])
def test_non_utf8_bytes_in_a_real_command_line(
    leaf: Leaf, template: tuple[Path, dict[str, str]]
) -> None:
    """Latin-1 bytes from an old terminal: refused with exit 2 and one line, nothing written."""
    import subprocess

    data, _ = template
    with _fresh_copy(data) as (copy, out):
        argv: list[bytes] = [str(CLI_PATH).encode(), b"--data-dir", str(copy).encode()]
        argv += [word.encode() for word in leaf.words]
        for arg in leaf.arguments:
            value = str(out).encode() + b"/caf\xe9.x" if arg.path_like else b"Jos\xe9 \xff"
            if arg.option is None:
                argv.append(value)
            elif arg.takes_value:
                argv += [arg.option.encode(), value]
        before = snapshot(copy)
        done = subprocess.run(argv, capture_output=True, timeout=120, cwd=out)
        err = done.stderr.decode("utf-8", "replace")
        assert done.returncode == 2, err
        assert err.count("\n") == 1 and "not UTF-8 text" in err, err
        assert snapshot(copy) == before


@pytest.mark.parametrize("empty", ["", " ", "\t"])
def test_an_empty_data_dir_is_refused_not_replaced_by_the_default(
    empty: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """A script's unset variable (``--data-dir "$DIR"``) must not write into the real data."""
    from ldn_desktop import cli
    from ldn_desktop.paths import resolve_data_dir

    default = resolve_data_dir(None)
    with pytest.raises(SystemExit) as exited:
        cli.main(["--data-dir", empty, "patient", "add", "--name", "Nobody"])
    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--data-dir" in err
    assert not default.exists()
