"""``ldn-desktop log edit`` and ``log delete``: a wrong entry can be put right from the command
line, with the same rules as the window's edit (``core.side_effects.with_changes``) and its
messages; ``log list`` shows each entry's short id to name it by."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ldn_desktop.cli import main


def _run(capsys: pytest.CaptureFixture[str], data: Path, *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def _add(capsys: pytest.CaptureFixture[str], data: Path, patient: str, *args: str) -> dict:
    code, out, err = _run(capsys, data, "log", "add", "--patient", patient, *args, "--json")
    assert code == 0, err
    return json.loads(out)


def _listed(capsys: pytest.CaptureFixture[str], data: Path, patient: str) -> list[dict]:
    code, out, err = _run(capsys, data, "log", "list", "--patient", patient, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def entry(capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str) -> dict:
    return _add(
        capsys, data_dir, patient, "--symptom", "insomnia", "--severity", "4",
        "--at", "2026-10-03T22:00", "--sleep-hours", "6.5", "--dose", "1.5mg", "--note", "late",
    )  # fmt: skip


def test_list_lines_start_with_the_short_id(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, entry: dict
) -> None:
    code, out, _ = _run(capsys, data_dir, "log", "list", "--patient", patient)
    assert code == 0
    assert out.startswith(f"{entry['id'][:8]}  2026-10-03 22:00, insomnia, severity 4")


def test_edit_changes_only_what_is_given_and_keeps_the_id(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, entry: dict
) -> None:
    code, out, err = _run(
        capsys, data_dir, "log", "edit", "--patient", patient, entry["id"][:8],
        "--severity", "6", "--sleep-hours", "5,25", "--note", "woke at 3", "--json",
    )  # fmt: skip
    assert code == 0, err
    edited = json.loads(out)
    assert edited["id"] == entry["id"]
    assert (edited["severity"], edited["sleep_hours"], edited["note"]) == (6, 5.25, "woke at 3")
    assert edited["dose"] == entry["dose"] and edited["at"] == entry["at"]
    (saved,) = _listed(capsys, data_dir, patient)
    assert saved == {k: v for k, v in edited.items() if k in saved}


def test_edit_moves_an_entry_to_another_month_and_clears_a_field(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, entry: dict
) -> None:
    code, out, err = _run(
        capsys, data_dir, "log", "edit", "--patient", patient, entry["id"],
        "--at", "1 Nov 2026 21:30", "--sleep-hours", "", "--dose", "missed",
    )  # fmt: skip
    assert code == 0, err
    assert out.startswith(f"changed {entry['id'][:8]}: 2026-11-01 21:30, insomnia, severity 4")
    (saved,) = _listed(capsys, data_dir, patient)
    assert saved["night"] == "2026-11-01" and saved["sleep_hours"] is None
    assert saved["dose_missed"] is True and saved["dose"] is None
    months = sorted(p.name for p in (data_dir / "patients").rglob("log/*.json"))
    assert "2026-11.json" in months


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (["--severity", "0"], "Severity: 0 means none"),
        (["--symptom", "none", "--severity", "3"], "Severity: 'no side effects' has severity 0"),
        (["--sleep-hours", "30"], "Sleep hours: must be between 0 and 24"),
        (["--at", "03/10/2026"], "is not a date and time"),
        (["--note", "bad \x1b[2J"], "Note: contains control characters"),
        ([], "give at least one change"),
    ],
)
def test_a_refused_edit_changes_nothing(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, entry: dict,
    change: list[str], words: str,
) -> None:  # fmt: skip
    before = _listed(capsys, data_dir, patient)
    code, out, err = _run(
        capsys, data_dir, "log", "edit", "--patient", patient, entry["id"], *change
    )
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err
    assert _listed(capsys, data_dir, patient) == before


def test_changing_the_symptom_follows_the_severity_rule(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, entry: dict
) -> None:
    """'none' needs no severity (as for add); another symptom keeps the saved severity; a
    'no side effects' entry turned into a symptom needs one (never a silent 0)."""
    edit = ["log", "edit", "--patient", patient, entry["id"], "--json"]
    code, out, err = _run(capsys, data_dir, *edit, "--symptom", "headache")
    assert code == 0, err
    assert (json.loads(out)["symptom"], json.loads(out)["severity"]) == ("headache", 4)
    code, out, err = _run(capsys, data_dir, *edit, "--symptom", "none")
    assert code == 0, err
    assert (json.loads(out)["symptom"], json.loads(out)["severity"]) == ("no side effects", 0)
    code, out, err = _run(capsys, data_dir, *edit, "--symptom", "nausea")
    assert code == 2 and "Severity: 0 means none" in err
    code, out, err = _run(capsys, data_dir, *edit, "--symptom", "nausea", "--severity", "2")
    assert code == 0, err


def test_delete_removes_the_named_entries_only(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, entry: dict
) -> None:
    other = _add(capsys, data_dir, patient, "--symptom", "none", "--at", "2026-10-04T22:00")
    code, out, err = _run(capsys, data_dir, "log", "delete", "--patient", patient, entry["id"][:6])
    assert code == 0, err
    assert out.startswith(f"deleted {entry['id'][:8]}: 2026-10-03 22:00, insomnia")
    assert [e["id"] for e in _listed(capsys, data_dir, patient)] == [other["id"]]


@pytest.mark.parametrize(
    ("given", "words"),
    [("zzzzzz", "no entry 'zzzzzz'"), ("12a", "at least 6 characters")],
)
def test_an_entry_that_cannot_be_found_is_one_line(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, entry: dict,
    given: str, words: str,
) -> None:  # fmt: skip
    for action in ("edit", "delete"):
        extra = ["--severity", "5"] if action == "edit" else []
        code, out, err = _run(capsys, data_dir, "log", action, "--patient", patient, given, *extra)
        assert code == 2 and out == "" and err.count("\n") == 1 and words in err
    assert len(_listed(capsys, data_dir, patient)) == 1


def test_a_step_without_a_dose_has_a_null_dose_mg(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str
) -> None:
    """JSON gives scripts a number or null; the words stay in 'dose'."""
    _add(capsys, data_dir, patient, "--symptom", "none", "--at", "2026-10-04T22:00")
    code, out, err = _run(capsys, data_dir, "log", "summary", "--patient", patient, "--json")
    assert code == 0, err
    (step,) = json.loads(out)["steps"]
    assert step["dose_mg"] is None and step["dose"] == "dose not recorded"


def test_sleep_written_as_hours_and_minutes(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str, entry: dict
) -> None:
    """'7h30' was refused as 'not a number'; it is read as the form reads it (7.5 h)."""
    code, out, err = _run(
        capsys, data_dir, "log", "edit", "--patient", patient, entry["id"],
        "--sleep-hours", "7h30", "--json",
    )  # fmt: skip
    assert code == 0, err
    assert json.loads(out)["sleep_hours"] == 7.5


def test_an_old_entry_can_be_edited_whatever_stricter_rule_an_untouched_field_fails(
    capsys: pytest.CaptureFixture[str], data_dir: Path, patient: str
) -> None:
    """Saved before today's rules (a control character in the note, a 6 mg dose): changing its
    severity works, from the command line as in the window (``with_changes``), and the rest is
    kept exactly as saved."""
    from datetime import UTC, datetime

    from ldn_desktop.core.side_effects import LogEntry
    from ldn_desktop.core.units import Q_
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.side_effect_log import SideEffectLog

    store = DataStore.open(data_dir)
    old = LogEntry("e2abcdefgh", datetime(2025, 3, 2, 22, 0, tzinfo=UTC), "headache", 3,
                   dose=Q_(6, "mg"), note="woke \x1b[31mearly")  # fmt: skip
    SideEffectLog(store, patient).add(old)
    store.close()
    code, out, err = _run(
        capsys, data_dir, "log", "edit", "--patient", patient, "e2abcdefgh", "--severity", "5",
        "--json",
    )  # fmt: skip
    assert code == 0, err
    edited = json.loads(out)
    assert (edited["severity"], edited["note"], edited["dose"]["value"]) == (
        5, "woke \x1b[31mearly", "6",
    )  # fmt: skip
    code, _, err = _run(
        capsys, data_dir, "log", "edit", "--patient", patient, "e2abcdefgh", "--note", "x\x07",
    )  # fmt: skip
    assert code != 0 and "control characters" in err  # what is typed is still checked
