"""Issue 12 items 3 and 4: temp files are unique, private from creation and never a planted link.

Two writers in one process (the window's save and a restore, two pages) used to share the temp
name ``.<name>.<pid>.tmp``: one writer's rename committed the other's half-written file. Export
temp files had the same guessable name and were opened without O_EXCL, so a symbolic link planted
at that name made a CSV export overwrite the file it pointed to.
"""

from __future__ import annotations

import json
import os
import re
import stat
import threading
from pathlib import Path
from typing import Any

import pytest

from ldn_desktop.storage import atomic
from ldn_desktop.storage.atomic import TEMP_SUFFIX, write_atomic, write_export
from ldn_desktop.storage.documents import DataStore, DocumentKind

ROUNDS = 150


def _payload(writer: int, round_: int) -> bytes:
    # large enough that a write takes several system calls' worth of time
    return json.dumps({"writer": writer, "round": round_, "pad": "x" * 200_000}).encode()


def _hammer(target: Path, writer: int, errors: list[BaseException]) -> None:
    try:
        for round_ in range(ROUNDS):
            write_atomic(target, _payload(writer, round_))
    except BaseException as exc:  # reported by the test, not swallowed
        errors.append(exc)


def test_two_threads_writing_one_file_never_commit_a_damaged_one(tmp_path: Path) -> None:
    target = tmp_path / "doc.json"
    target.write_bytes(_payload(0, 0))
    errors: list[BaseException] = []
    damaged: list[str] = []
    done = threading.Event()

    def read_back() -> None:
        while not done.is_set():
            raw = target.read_bytes()
            try:
                json.loads(raw)
            except ValueError:
                damaged.append(f"{len(raw)} bytes")

    reader = threading.Thread(target=read_back)
    writers = [threading.Thread(target=_hammer, args=(target, n, errors)) for n in (1, 2)]
    reader.start()
    for thread in writers:
        thread.start()
    for thread in writers:
        thread.join(timeout=60)
    done.set()
    reader.join(timeout=10)
    assert errors == []
    assert damaged == []
    assert json.loads(target.read_bytes())["round"] == ROUNDS - 1
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(TEMP_SUFFIX)]


def test_two_threads_saving_through_the_store_keep_every_document_valid(tmp_path: Path) -> None:
    kind = DocumentKind("test-note", 1, lambda d: None)
    store = DataStore.open(tmp_path / "data")
    errors: list[BaseException] = []

    def save(writer: int) -> None:
        try:
            for _round in range(60):
                store.write("note.json", kind, {"writer": writer, "pad": "y" * 100_000})
                assert store.read("note.json", kind) is not None
        except BaseException as exc:
            errors.append(exc)

    try:
        threads = [threading.Thread(target=save, args=(n,)) for n in (1, 2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert errors == []
        assert store.read("note.json", kind) is not None
        for backup in store.backups("note.json"):
            json.loads(backup.read_bytes())  # every kept generation is a whole document
    finally:
        store.close()


def _record_temp_files(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Each temp file renamed into place: its name and its mode just before the rename."""
    seen: list[tuple[str, int]] = []
    real_replace = os.replace

    def replace(src: Any, dst: Any, **kwargs: Any) -> None:
        seen.append((Path(src).name, stat.S_IMODE(os.lstat(src).st_mode)))
        real_replace(src, dst, **kwargs)

    monkeypatch.setattr(atomic.os, "replace", replace)
    return seen


def test_temp_names_are_random_private_and_in_the_target_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = _record_temp_files(monkeypatch)
    previous = os.umask(0)
    try:
        for _ in range(3):
            write_export(tmp_path / "log.csv", "a,b\n")
    finally:
        os.umask(previous)
    names = [name for name, _ in seen]
    assert len(set(names)) == 3, names
    # 64 random bits each, not the old guessable pid name (a short pid can appear inside random
    # hex by chance: a fresh-clone CI run failed on '.log.csv.ead85382eeea3916.tmp')
    assert f".log.csv.{os.getpid()}{TEMP_SUFFIX}" not in names
    assert all(re.fullmatch(r"\.log\.csv\.[0-9a-f]{16}\.tmp", name) for name in names), names
    assert all(mode == 0o600 for _, mode in seen), seen
    assert stat.S_IMODE((tmp_path / "log.csv").stat().st_mode) == 0o600


def test_csv_export_never_follows_a_link_planted_at_the_old_temp_name(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    out = tmp_path / "shared"
    out.mkdir()
    (out / f".log.csv.{os.getpid()}{TEMP_SUFFIX}").symlink_to(victim)
    write_export(out / "log.csv", "date,symptom\n")
    assert victim.read_text() == "keep me\n"
    assert (out / "log.csv").read_text() == "date,symptom\n"
    assert not (out / "log.csv").is_symlink()


def test_a_planted_temp_name_is_skipped_not_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even when the random draw hits a name that exists (a link), that file is never written."""
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me\n")
    draws = iter(["planted", "fresh"])
    monkeypatch.setattr(atomic, "random_token", lambda _n: next(draws))
    (tmp_path / f".out.csv.planted{TEMP_SUFFIX}").symlink_to(victim)
    write_export(tmp_path / "out.csv", "x\n")
    assert victim.read_text() == "keep me\n"
    assert (tmp_path / "out.csv").read_text() == "x\n"
