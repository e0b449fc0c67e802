"""Text from the data never drives the user's terminal.

A note saved with escape sequences (``\\x1b[2J`` clears the screen; ``\\x1b]0;…`` sets the
window title; ``\\x9b`` is a one-byte CSI; U+202E reverses what follows) was printed as is by
``log add`` and ``log list``, so the terminal obeyed it: a dose line could be repainted or
reordered on screen. Every command's output goes through one filter: control and bidi-override
characters are shown as ``\\u``-escapes (``\\u001b``); JSON output stays valid and decodes to the stored text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ldn_desktop.cli import main, terminal_safe

HOSTILE = "woke \x1b[2J\x1b]0;owned\x07 at \x9b31m 3 \u202emg 5.1\u202c \r\nnext line\tend"
RAW_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_terminal_safe_shows_controls_and_keeps_lines_and_tabs() -> None:
    shown = terminal_safe(HOSTILE)
    assert RAW_CONTROL.search(shown) is None
    assert "\\u001b[2J" in shown and "\\u009b31m" in shown and "\\u202emg" in shown
    assert "\\u000d\nnext line\tend" in shown  # the line break and tab stay, the bare CR does not
    assert (
        terminal_safe("1,5 mg · 18 Nov 2026 — café\u00a0ok")
        == "1,5 mg · 18 Nov 2026 — café\u00a0ok"
    )


@pytest.fixture
def hostile_entry(capsys: pytest.CaptureFixture[str], data_dir: Path) -> str:
    """A patient whose one log entry carries escape sequences in its note, written into the
    month document as another program (or an older version) could have."""
    code, out, _ = _run(capsys, data_dir, "patient", "add", "--name", "Ann Lee")
    patient = out.strip()
    code, _, err = _run(
        capsys, data_dir, "log", "add", "--patient", patient, "--symptom", "insomnia",
        "--severity", "3", "--at", "2026-10-03T22:00", "--dose", "1.5mg", "--note", "PLACEHOLDER",
    )  # fmt: skip
    assert code == 0, err
    (month,) = (data_dir / "patients").rglob("log/*.json")
    document = json.loads(month.read_text(encoding="utf-8"))
    document["entries"][0]["note"] = HOSTILE
    month.write_text(json.dumps(document), encoding="utf-8")
    return patient


@pytest.mark.parametrize(
    "command",
    [["log", "list"], ["log", "list", "--json"], ["log", "summary"], ["log", "summary", "--json"]],
)
def test_no_command_prints_raw_control_characters(
    capsys: pytest.CaptureFixture[str], data_dir: Path, hostile_entry: str, command: list[str]
) -> None:
    code, out, err = _run(capsys, data_dir, *command, "--patient", hostile_entry)
    assert code == 0, err
    assert RAW_CONTROL.search(out) is None and RAW_CONTROL.search(err) is None
    if "--json" in command and command[1] == "list":
        assert json.loads(out)[0]["note"] == HOSTILE.strip()  # JSON decodes to the stored text
    elif command[1] == "list":
        assert "\\u001b[2J" in out


def test_a_new_note_with_control_characters_is_refused(
    capsys: pytest.CaptureFixture[str], data_dir: Path, hostile_entry: str
) -> None:
    """Typed (or imported) notes may hold line breaks and tabs, not terminal controls."""
    code, out, err = _run(
        capsys, data_dir, "log", "add", "--patient", hostile_entry, "--symptom", "none",
        "--at", "2026-10-04T22:00", "--note", "ok \x1b[2J",
    )  # fmt: skip
    assert code == 2 and out == ""
    assert "Note: contains control characters" in err
    code, _, err = _run(
        capsys, data_dir, "log", "add", "--patient", hostile_entry, "--symptom", "none",
        "--at", "2026-10-04T22:00", "--note", "two\nlines\tand a tab",
    )  # fmt: skip
    assert code == 0, err


def test_one_line_messages_follow_the_same_rule() -> None:
    """An error line escapes what terminal_safe does, and line breaks and tabs too (also U+2028
    and U+2029, which split lines for Python and some viewers): one rule, one line."""
    from ldn_desktop.cli import one_line

    shown = one_line(HOSTILE + "\u2028x\u2029y")
    assert RAW_CONTROL.search(shown) is None
    assert len(shown.splitlines()) == 1 and "\t" not in shown
    assert "\\u001b[2J" in shown and "\\u000a" in shown and "\\u2028x" in shown
    assert one_line("1,5 mg · 18 Nov 2026 — café\u00a0ok") == "1,5 mg · 18 Nov 2026 — café\u00a0ok"


def test_output_cut_short_by_its_reader_is_not_an_error(tmp_path: Path) -> None:
    """`ldn-desktop log list ... | head -1` printed 'ldn-desktop: Broken pipe' (and Python's
    'Exception ignored' at exit): the reader stopping early is not a failure of the command."""
    import os
    import subprocess
    import sys
    from datetime import datetime, timedelta

    from ldn_desktop.core.side_effects import make_entry
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.patients import PatientRepository
    from ldn_desktop.storage.side_effect_log import SideEffectLog

    data = tmp_path / "d"
    store = DataStore.open(data)
    patient = PatientRepository(store).create("Ann Lee", None).id
    start = datetime(2026, 1, 1, 22, 0).astimezone()
    SideEffectLog(store, patient).add(
        make_entry(at=start + timedelta(days=n), symptom="insomnia", severity=3,
                   now=start + timedelta(days=400))
        for n in range(300)
    )  # fmt: skip
    store.close()
    command = [sys.executable, "-m", "ldn_desktop", "--data-dir", str(data)]
    with subprocess.Popen(
        [*command, "log", "list", "--patient", patient],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"},
    ) as reader:  # fmt: skip
        assert reader.stdout is not None and reader.stderr is not None
        assert reader.stdout.readline().strip()
        reader.stdout.close()  # the reader goes away, as `head -1` does
        err = reader.stderr.read().decode()
    assert "Broken pipe" not in err and "Exception ignored" not in err, err
