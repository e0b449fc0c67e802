"""Kill -9 the running program (its main window, offscreen) while it saves: nothing acknowledged is
lost and the data folder opens cleanly afterwards (the lock of the dead window is taken over)."""

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
from ldn_desktop.storage.patients import PatientRepository
from tests.stress.kill_helpers import LineReader, Pace, damage, temp_files
from tests.stress.reporting import report_figures

APP_KILLS = int(os.environ.get("LDN_STRESS_APP_KILLS", "15"))
CHILD = Path(__file__).with_name("app_crash_child.py")
REPO = Path(__file__).resolve().parents[2]


def _one_app(
    zygote: subprocess.Popen[bytes], reader: LineReader, start: int, rng: random.Random, pace: Pace
) -> list[int]:
    assert zygote.stdin is not None
    zygote.stdin.write(f"go {start}\n".encode())
    zygote.stdin.flush()
    command, pid = reader.readline().split()
    assert command == "pid"
    assert reader.readline() == "shown"
    acks: list[int] = []
    last = time.perf_counter()
    for _ in range(rng.randint(0, 3)):
        acks.append(int(reader.readline().split()[1]))
        now = time.perf_counter()
        pace.saw(now - last)
        last = now
    time.sleep(rng.uniform(0, pace.seconds * 1.2))
    os.kill(int(pid), signal.SIGKILL)
    while not (line := reader.readline()).startswith("dead "):
        acks.append(int(line.split()[1]))
    status = int(line.split()[2])
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status
    return acks


def test_sigkill_of_the_window_while_it_saves_loses_nothing_acknowledged(
    tmp_path: Path, record_property, capsys
) -> None:
    data = tmp_path / "data"
    store = DataStore.open(data)
    patient = PatientRepository(store).create("Stress 0").id
    store.close()
    stderr_path = tmp_path / "app-stderr.txt"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(REPO)}
    rng, pace = random.Random(3), Pace()
    acked: list[int] = []
    lost = mid_write = 0
    seen_temp: set[Path] = set()
    next_start = 1
    with (
        stderr_path.open("wb") as stderr,
        subprocess.Popen(
            [sys.executable, str(CHILD), str(data), patient],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=stderr,
            env=env,
        ) as zygote,
    ):
        assert zygote.stdout is not None
        reader = LineReader(zygote.stdout.fileno())
        try:
            assert reader.readline() == "ready"
            for _ in range(APP_KILLS):
                acked += _one_app(zygote, reader, next_start, rng, pace)
                left = temp_files(data)
                mid_write += bool(left - seen_temp)
                seen_temp |= left
                store = DataStore.open(data)  # the dead window's lock must be takeable
                try:
                    held = int(PatientRepository(store).get(patient).name.split()[1])
                finally:
                    store.close()
                lost += held < max(acked, default=0)
                next_start = max([held, *acked]) + 1
                assert damage(data) == []
        except AssertionError:
            stderr.flush()
            pytest.fail(stderr_path.read_text(errors="replace")[-3000:] or "the app stopped")
        finally:
            zygote.kill()
    report_figures(
        "main window",
        {
            "kills": APP_KILLS,
            "acknowledged_saves": len(acked),
            "saves_lost": lost,
            "kills_mid_write": mid_write,
        },
        record_property,
        capsys,
    )
    assert lost == 0
    assert len(acked) >= APP_KILLS // 2
