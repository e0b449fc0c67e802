"""A writer SIGKILLed in the middle of a 1,000-save loop loses nothing it acknowledged."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

from ldn_desktop.storage.documents import DataStore, DocumentKind
from ldn_desktop.storage.schema import need

WRITER = """
import sys
from pathlib import Path
from ldn_desktop.storage.documents import DataStore, DocumentKind
from ldn_desktop.storage.schema import need
kind = DocumentKind("saves", 1, lambda d: need(d, "saves", list, "saves"))
store = DataStore.open(Path(sys.argv[1]))
saves = []
for i in range(1000):
    saves.append(i)
    store.write("saves.json", kind, {"saves": saves, "pad": "x" * (i % 97)})
    print(i, flush=True)
"""

SAVES = DocumentKind("saves", 1, lambda d: need(d, "saves", list, "saves"))


def test_sigkill_mid_loop_keeps_every_acknowledged_save(data_dir: Path) -> None:
    """Kill at a random save; the document loads and holds every acknowledged save."""
    rng = random.Random(os.getpid())
    kill_after = rng.randrange(20, 900)
    child = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(data_dir)], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    acknowledged = -1
    for line in child.stdout:
        acknowledged = int(line)
        if acknowledged >= kill_after:
            os.kill(child.pid, signal.SIGKILL)
            break
    child.wait()
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    store = DataStore.open(data_dir)
    try:
        document = store.read("saves.json", SAVES)
    finally:
        store.close()
    assert document is not None
    saved = document["saves"]
    assert saved == list(range(len(saved))), "a save is missing or out of order"
    assert saved[-1] >= acknowledged, f"acknowledged {acknowledged}, document has {saved[-1]}"
    assert not list(data_dir.glob("*.corrupt-*"))
