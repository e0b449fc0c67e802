"""The process the crash test kills: a stream of ``DataStore.write`` saves, each acknowledged.

Run as ``python crash_child.py DATA_DIR``: a long-lived "zygote" that imports the storage
layer once, then for every ``go <seed>`` line on stdin forks a writer and reports
``pid <n>``; the test SIGKILLs the writer at a random instant and the zygote reports ``dead <n>``
once it has reaped it. Forking from an already-imported interpreter makes a restart take
milliseconds instead of an interpreter start, so 200 kills fit in a few seconds.

The writer opens the data folder the way the program does (lock, read), then loops over a few
append-only documents: read, append the next entry, ``store.write``, and only after ``write``
returned print ``ack <doc> <seq>`` with one unbuffered ``os.write`` (atomic on a pipe). An
acknowledged entry is one the program told its user it had saved: it must survive the kill.
"""

from __future__ import annotations

import os
import random
import sys
from pathlib import Path
from typing import Any

from ldn_desktop.storage.documents import DataStore, Document, DocumentKind
from ldn_desktop.storage.errors import InvalidDocumentError
from ldn_desktop.storage.schema import need, need_text

DOCUMENTS = ("stress/a.json", "stress/b.json", "patients/p1/log/2026-01.json")


def _validate(document: Document) -> None:
    entries = need(document, "entries", list, "stress")
    previous = -1
    for entry in entries:
        seq = need(entry, "seq", int, "entry")
        need_text(entry, "note", "entry")
        if seq != previous + 1:
            raise InvalidDocumentError(f"entry {seq} follows {previous}")
        previous = seq


STRESS_KIND = DocumentKind("stress-log", 1, _validate)


def _note(rng: random.Random) -> str:
    """Entries of varied size, so writes span one or several pages and some need several writes."""
    return "é" * rng.choice((0, 1, 50, 700, 5000))


def _write_forever(data_dir: Path, seed: int) -> None:
    rng = random.Random(seed)
    store = DataStore.open(data_dir)
    store.clean_temp_files()
    while True:
        rel = rng.choice(DOCUMENTS)
        document: dict[str, Any] = store.read(rel, STRESS_KIND) or {"entries": []}
        seq = len(document["entries"])
        document["entries"].append({"seq": seq, "note": _note(rng)})
        store.write(rel, STRESS_KIND, document)
        os.write(1, f"ack {rel} {seq}\n".encode())


def _zygote(data_dir: Path) -> None:
    os.write(1, b"ready\n")
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                _write_forever(data_dir, int(argument))
            finally:
                os._exit(3)  # a writer never ends on its own: reaching this is a failure
        os.write(1, f"pid {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"dead {pid} {status}\n".encode())


if __name__ == "__main__":
    _zygote(Path(sys.argv[1]))
