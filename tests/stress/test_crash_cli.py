"""Kill -9 the real ``ldn-desktop`` command at random instants during a stream of saves.

A shell loop runs the command again and again and prints ``ack <n>`` after each exit 0 (the
command told its user it saved). The process group is killed after 0-2 finished commands, at a
random instant within the next one; afterwards the data folder opens cleanly and holds every
acknowledged save.
"""

from __future__ import annotations

import contextlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.patients import PatientRepository
from tests.stress.kill_helpers import LINE_TIMEOUT_S, LineReader, Pace, damage, temp_files
from tests.stress.reporting import report_figures

CLI_KILLS = int(os.environ.get("LDN_STRESS_CLI_KILLS", "30"))
CLI = Path(sys.executable).with_name("ldn-desktop")


SHELL_LOOP = (
    'i="$START"; while :; do '
    '"$CLI" --data-dir "$DATA" patient rename "$PATIENT" --name "Stress $i" >/dev/null || exit 7; '
    'echo "ack $i"; i=$((i + 1)); done'
)


def _cli_round(
    env: dict[str, str], rng: random.Random, pace: Pace, loop: str = SHELL_LOOP
) -> list[int]:
    """Start a command loop; after 0-2 finished commands, kill the group within a command."""
    shell = subprocess.Popen(
        ["sh", "-c", loop],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    assert shell.stdout is not None
    reader = LineReader(shell.stdout.fileno())
    acks: list[int] = []
    last = time.perf_counter()
    try:
        for _ in range(rng.randint(0, 2)):
            acks.append(int(reader.readline().split()[1]))
            now = time.perf_counter()
            pace.saw(now - last)
            last = now
        time.sleep(rng.uniform(0, pace.seconds * 1.2))
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(shell.pid, signal.SIGKILL)
        out, err = shell.communicate(timeout=LINE_TIMEOUT_S)
    assert shell.returncode == -signal.SIGKILL, f"the CLI failed: {err.decode()[-2000:]}"
    rest = (reader.buffer + out).decode().splitlines()
    return acks + [int(line.split()[1]) for line in rest]


def test_sigkill_of_the_cli_during_renames_loses_nothing_acknowledged(
    tmp_path: Path, record_property, capsys
) -> None:
    data = tmp_path / "data"
    created = subprocess.run(
        [str(CLI), "--data-dir", str(data), "patient", "add", "--name", "Stress 0"],
        capture_output=True,
        text=True,
        check=True,
    )
    patient = created.stdout.strip()
    rng = random.Random(7)
    pace = Pace()
    pace.seconds = 0.15
    last_acked = 0
    next_start = 1
    total_acks = lost = mid_write = 0
    seen_temp: set[Path] = set()
    for _ in range(CLI_KILLS):
        env = {**os.environ, "START": str(next_start), "CLI": str(CLI), "DATA": str(data)}
        acks = _cli_round({**env, "PATIENT": patient}, rng, pace)
        total_acks += len(acks)
        last_acked = max([last_acked, *acks])
        left = temp_files(data)
        mid_write += bool(left - seen_temp)
        seen_temp |= left
        store = DataStore.open(data)
        try:
            name = PatientRepository(store).get(patient).name
        finally:
            store.close()
        held = int(name.split()[1])
        lost += held < last_acked
        next_start = max(next_start, held, last_acked) + 1
        assert damage(data) == []
    report_figures(
        "ldn-desktop patient rename",
        {
            "kills": CLI_KILLS,
            "acknowledged_saves": total_acks,
            "saves_lost": lost,
            "kills_mid_write": mid_write,
        },
        record_property,
        capsys,
    )
    assert lost == 0
    assert total_acks >= CLI_KILLS // 2


LOG_LOOP = (
    'i="$START"; while :; do '
    '"$CLI" --data-dir "$DATA" log add --patient "$PATIENT" --symptom headache --severity 3 '
    '--at 2026-01-05T22:30 --note "stress $i" >/dev/null || exit 7; '
    'echo "ack $i"; i=$((i + 1)); done'
)
LOG_KILLS = int(os.environ.get("LDN_STRESS_LOG_KILLS", "20"))


def _logged_notes(data: Path, patient: str) -> list[int]:
    from ldn_desktop.storage.side_effect_log import SideEffectLog

    store = DataStore.open(data)
    try:
        entries = SideEffectLog(store, patient).load()
    finally:
        store.close()
    return [int(entry.note.split()[1]) for entry in entries]


def test_sigkill_of_the_cli_during_log_adds_loses_nothing_acknowledged(
    tmp_path: Path, record_property, capsys
) -> None:
    """Each ``log add`` acknowledged (exit 0) is in the log after the kill, and only once."""
    pytest.importorskip("ldn_desktop.storage.side_effect_log")
    data = tmp_path / "data"
    created = subprocess.run(
        [str(CLI), "--data-dir", str(data), "patient", "add", "--name", "Log Stress"],
        capture_output=True,
        text=True,
        check=True,
    )
    env = {**os.environ, "CLI": str(CLI), "DATA": str(data), "PATIENT": created.stdout.strip()}
    rng = random.Random(11)
    pace = Pace()
    pace.seconds = 0.15
    acked: set[int] = set()
    next_start = 1
    lost = 0
    for _ in range(LOG_KILLS):
        acked.update(_cli_round({**env, "START": str(next_start)}, rng, pace, LOG_LOOP))
        notes = _logged_notes(data, env["PATIENT"])
        assert len(notes) == len(set(notes)), "an entry was saved twice"
        lost = len(acked - set(notes))
        next_start = max([next_start, *notes, *acked]) + 1
        assert damage(data) == []
    report_figures(
        "ldn-desktop log add",
        {"kills": LOG_KILLS, "acknowledged_saves": len(acked), "saves_lost": lost},
        record_property,
        capsys,
    )
    assert lost == 0
    assert len(acked) >= LOG_KILLS // 2
