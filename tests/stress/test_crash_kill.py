"""Kill -9 at random instants during a stream of saves: every acknowledged save survives.

A Python process doing ``DataStore.write`` in a loop is killed 200 times (forked from a
long-lived zygote, so the whole run takes seconds). After every kill the data folder is opened as
the program opens it, and every document must load (no quarantine, no damaged file) and contain
every save acknowledged before the kill. The real command and the real window are killed in
test_crash_cli.py and test_crash_app.py.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ldn_desktop.storage.documents import DataStore
from tests.stress.crash_child import DOCUMENTS, STRESS_KIND
from tests.stress.kill_helpers import LineReader, Pace, damage, temp_files
from tests.stress.reporting import report_figures

KILLS = int(os.environ.get("LDN_STRESS_KILLS", "200"))
CHILD = Path(__file__).with_name("crash_child.py")


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
    assert damage(root) == [], "a kill left a damaged document"
    return lost


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
            left = temp_files(data)
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
    assert temp_files(data) == set()
