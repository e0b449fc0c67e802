"""Kill -9 at random instants during a stream of saves: every acknowledged save survives.

Two writers are killed: a Python process doing ``DataStore.write`` in a loop (200 kills, forked
from a long-lived zygote so the whole run takes seconds), and the real ``ldn-desktop`` command
run in a shell loop (each command's exit 0 is its acknowledgement). After every kill the data
folder is opened as the program opens it, and every document must load (no quarantine, no
damaged file) and contain every save acknowledged before the kill.
"""

from __future__ import annotations

import contextlib
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.patients import PatientRepository
from tests.stress.crash_child import DOCUMENTS, STRESS_KIND
from tests.stress.reporting import report_figures

KILLS = int(os.environ.get("LDN_STRESS_KILLS", "200"))
CLI_KILLS = int(os.environ.get("LDN_STRESS_CLI_KILLS", "30"))
CHILD = Path(__file__).with_name("crash_child.py")
CLI = Path(sys.executable).with_name("ldn-desktop")
LINE_TIMEOUT_S = 60.0


class LineReader:
    """Lines from a pipe, with a generous timeout so a hung child fails the test instead of CI."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = b""

    def readline(self) -> str:
        while b"\n" not in self.buffer:
            ready, _, _ = select.select([self.fd], [], [], LINE_TIMEOUT_S)
            if not ready:
                raise AssertionError("the child stopped answering")
            chunk = os.read(self.fd, 65536)
            if not chunk:
                raise AssertionError(f"the child exited; unread: {self.buffer!r}")
            self.buffer += chunk
        line, _, self.buffer = self.buffer.partition(b"\n")
        return line.decode()


def _temp_files(root: Path) -> set[Path]:
    """Temp files of interrupted writes (they never replaced a document)."""
    return set(root.rglob(".*.tmp"))


def _damage(root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in root.rglob("*") if ".corrupt-" in p.name]


def _check_documents(root: Path, acked: dict[str, int]) -> int:
    """Open the folder as the program does; every document loads. Returns the count of lost saves."""
    store = DataStore.open(root)  # takes the lock: the killed writer must have left it takeable
    lost = 0
    try:
        for rel in DOCUMENTS:
            document = store.read(rel, STRESS_KIND)
            held = len(document["entries"]) if document else 0
            lost += max(0, acked.get(rel, -1) + 1 - held)
    finally:
        store.close()
    assert _damage(root) == [], "a kill left a damaged document"
    return lost


class Pace:
    """The time one save takes on this machine right now (it varies a lot on a busy machine)."""

    def __init__(self) -> None:
        self.seconds = 0.005

    def saw(self, interval: float) -> None:
        self.seconds = 0.8 * self.seconds + 0.2 * interval


def _kill_one(
    zygote: subprocess.Popen[bytes], reader: LineReader, rng: random.Random, pace: Pace
) -> list[tuple[str, int]]:
    """Start a writer; after 0-3 of its saves, SIGKILL it at a random instant within a save."""
    assert zygote.stdin is not None
    zygote.stdin.write(f"go {rng.getrandbits(32)}\n".encode())
    zygote.stdin.flush()
    command, pid = reader.readline().split()
    assert command == "pid"
    acks: list[tuple[str, int]] = []
    last = time.perf_counter()
    for _ in range(rng.randint(0, 3)):
        _, rel, seq = reader.readline().split()
        acks.append((rel, int(seq)))
        now = time.perf_counter()
        pace.saw(now - last)
        last = now
    time.sleep(rng.uniform(0, pace.seconds * 1.2))
    os.kill(int(pid), signal.SIGKILL)
    while True:
        line = reader.readline()
        if line.startswith("dead "):
            status = int(line.split()[2])
            break
        _, rel, seq = line.split()
        acks.append((rel, int(seq)))
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
        f"the writer ended by itself (status {status}): see its stderr"
    )
    return acks


def test_sigkill_during_a_stream_of_saves_loses_nothing_acknowledged(
    tmp_path: Path, record_property, capsys
) -> None:
    data = tmp_path / "data"
    rng = random.Random(int(os.environ.get("LDN_STRESS_SEED", "20260122")))
    stderr = (tmp_path / "child-stderr.txt").open("wb")
    zygote = subprocess.Popen(
        [sys.executable, str(CHILD), str(data)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=stderr,
    )
    assert zygote.stdout is not None
    reader = LineReader(zygote.stdout.fileno())
    acked: dict[str, int] = {}
    total_acks = lost = mid_write = 0
    seen_temp: set[Path] = set()
    try:
        assert reader.readline() == "ready"
        pace = Pace()
        for _ in range(KILLS):
            try:
                acks = _kill_one(zygote, reader, rng, pace)
            except AssertionError:
                stderr.flush()
                pytest.fail((tmp_path / "child-stderr.txt").read_text(errors="replace")[-3000:])
            for rel, seq in acks:
                acked[rel] = max(acked.get(rel, -1), seq)
            total_acks += len(acks)
            left = _temp_files(data)
            mid_write += bool(left - seen_temp)
            seen_temp |= left
            lost += _check_documents(data, acked)
    finally:
        zygote.kill()
        zygote.communicate()
        stderr.close()
    report_figures(
        "python writer",
        {
            "kills": KILLS,
            "acknowledged_saves": total_acks,
            "saves_lost": lost,
            "kills_mid_write": mid_write,
        },
        record_property,
        capsys,
    )
    assert lost == 0
    assert total_acks >= KILLS // 2, "the writer hardly ever got to save: the test proved little"
    _check_backups_and_cleanup(data)


def _check_backups_and_cleanup(data: Path) -> None:
    """Backups left by killed writers are whole documents too; temp files are cleaned on open."""
    store = DataStore.open(data)
    try:
        for rel in DOCUMENTS:
            for backup in store.backups(rel):
                assert backup.stat().st_size > 0
            assert store.newest_valid_backup(rel, STRESS_KIND) is not None
        store.clean_temp_files()
    finally:
        store.close()
    assert _temp_files(data) == set()


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
        left = _temp_files(data)
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
        assert _damage(data) == []
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
        assert _damage(data) == []
    report_figures(
        "ldn-desktop log add",
        {"kills": LOG_KILLS, "acknowledged_saves": len(acked), "saves_lost": lost},
        record_property,
        capsys,
    )
    assert lost == 0
    assert len(acked) >= LOG_KILLS // 2
