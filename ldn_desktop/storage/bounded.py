"""Bounded reading of what sits in a data folder (issue 12 items 7 and 13).

A data folder may hold things that are not small JSON files: a FIFO or a link to /dev/zero where a
document should be, a folder named ``patient.json``, a 245 MB month, a document nested thousands
of levels deep, a 1,100-level folder tree. Each is refused with a message here, never a hang, a
RecursionError or gigabytes of memory:

- ``read_document_bytes`` opens with O_NOFOLLOW | O_NONBLOCK and reads only a regular file (fstat)
  of at most ``MAX_DOCUMENT_BYTES`` (32 MB: years of nightly entries take a few hundred kB);
- ``parse_json`` decodes UTF-8 JSON (no NaN/Infinity) nested at most ``MAX_DEPTH`` levels;
  ``parse_json_each`` does the same for several documents with one stack padding (issue 14);
- ``walk_folders`` and ``walk_files`` walk a tree iteratively, at most ``MAX_TREE_DEPTH`` levels.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import stat
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from itertools import chain, compress, repeat
from operator import is_
from pathlib import Path
from typing import Any

from ldn_desktop.storage.errors import InvalidDocumentError

MAX_DOCUMENT_BYTES = 32 * 1024 * 1024
MAX_DEPTH = 64
MAX_TREE_DEPTH = 64
_CONTAINERS = frozenset({dict, list})  # what json.loads builds that can nest
# documents nested less deep than this (every real one: they have 3 to 6 levels) are parsed in one
# C pass; a deeper one is parsed in full and its depth counted exactly against MAX_DEPTH. Frames
# of C calls on the stack may make the fast bound a little lower: it only decides which path.
FAST_DEPTH = MAX_DEPTH // 2
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a large read builds acyclic values (JSON documents,
    their validated columns): its passes over them made opening a 20,000-entry log ~15 % slower
    (148 against 129 ms, alternated processes) and could find nothing to free. Reference counting still frees everything; the
    collector runs again afterwards. Resumed only by the caller that paused it, so nested or
    concurrent reads never leave it paused."""
    paused_here = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused_here:
            gc.enable()


def _reject_constant(name: str) -> float:
    raise ValueError(f"{name} is not allowed")


def _file_type(mode: int) -> str:
    for test, words in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a device"),
        (stat.S_ISBLK, "a device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return words
    return "a special file"


def megabytes(size: int) -> str:
    mb = size / (1024 * 1024)
    return f"{mb:.0f} MB" if mb >= 100 else f"{mb:.1f}".removesuffix(".0") + " MB"


def read_document_bytes(path: Path, limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Never follows a link in the last component, never blocks on a FIFO and never reads a device.
    Raises FileNotFoundError (no such file), InvalidDocumentError (a link, a FIFO, a device, a
    folder, or larger than ``limit``) or another OSError.
    """
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InvalidDocumentError("it is a symbolic link, not a regular file") from None
        raise
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise InvalidDocumentError(f"it is {_file_type(info.st_mode)}, not a regular file")
        if info.st_size > limit:
            raise InvalidDocumentError(_too_large(info.st_size, limit))
        chunks: list[bytes] = []
        total = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - total) or 1):
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:  # it grew while being read
                raise InvalidDocumentError(_too_large(total, limit, growing=True))
        return b"".join(chunks)
    finally:
        os.close(fd)


def _too_large(size: int, limit: int, *, growing: bool = False) -> str:
    more = " or more" if growing else ""
    return (
        f"it is {megabytes(size)}{more}; a document may hold at most {megabytes(limit)} "
        "(much more than years of daily entries)"
    )


def _check_depth(data: Any, limit: int = MAX_DEPTH) -> None:
    """Refuse values nested more than ``limit`` levels.

    Level by level without recursion, and without a Python step per value (C-level ``map`` and
    ``compress``): a 20,000-entry document adds about half of ``json.loads``'s own time, so it is
    used only where the decoder's own recursion count does not bound the depth (see below).
    """
    level = [data]
    for _depth in range(limit):
        types = list(map(type, level))
        dicts = compress(level, map(is_, types, repeat(dict)))
        lists = compress(level, map(is_, types, repeat(list)))
        values = list(chain(chain.from_iterable(map(dict.values, dicts)), *lists))
        level = list(compress(values, map(_CONTAINERS.__contains__, map(type, values))))
        if not level:
            return
    raise InvalidDocumentError(f"it is nested more than {limit} levels deep")


def _stack_depth() -> int:
    """Frames on this thread's Python stack (what the recursion limit counts)."""
    frame, depth = sys._getframe(1), 1
    while frame.f_back is not None:
        frame, depth = frame.f_back, depth + 1
    return depth


def _padding() -> int:
    """Frames to add so that only ``FAST_DEPTH`` recursion steps are left for the decoder."""
    return max(sys.getrecursionlimit() - _stack_depth() - FAST_DEPTH, 0)


_TOO_DEEP_FOR_THE_FAST_PASS = object()  # a text the padded pass could not decode in FAST_DEPTH


def _loads_with_headroom(levels: int, texts: Sequence[str]) -> list[Any]:
    """``json.loads`` of each text, called ``levels`` frames below the recursion limit; each
    result is the value, ``_TOO_DEEP_FOR_THE_FAST_PASS`` or the decoder's ValueError.

    The C decoder counts one recursion step per array or object it enters, so with only
    ``FAST_DEPTH`` steps of headroom it proves a document shallow without a Python step per value
    (RecursionError otherwise): a 20,000-entry month costs json.loads alone, where walking it level
    by level added about half as much again. The padding itself (~0.2 ms: a Python call per frame)
    is paid once for all the texts, not once per document (a patient's 120 months).
    """
    if levels > 0:
        return _loads_with_headroom(levels - 1, texts)
    results: list[Any] = []
    for text in texts:
        try:
            results.append(json.loads(text, parse_constant=_reject_constant))
        except RecursionError:
            results.append(_TOO_DEEP_FOR_THE_FAST_PASS)
        except ValueError as exc:  # json.JSONDecodeError is one, and so is a refused NaN
            results.append(exc.with_traceback(None))  # not the padding's frames
    return results


def _parse_deep(text: str) -> Any:
    """A document the fast pass found deep: parsed with the full stack (hostile ones nested
    thousands of levels still stop at the recursion limit)."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        raise InvalidDocumentError(f"not valid JSON ({exc})") from None
    except RecursionError:
        raise InvalidDocumentError(f"it is nested more than {MAX_DEPTH} levels deep") from None


def _text_of(raw: bytes) -> str:
    if len(raw) > MAX_DOCUMENT_BYTES:
        raise InvalidDocumentError(_too_large(len(raw), MAX_DOCUMENT_BYTES))
    if not raw.strip():
        raise InvalidDocumentError("the file is empty")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidDocumentError(f"not UTF-8 text (byte {exc.start})") from None


def parse_json(raw: bytes) -> Any:
    """Parse a document's bytes: UTF-8 JSON, no NaN/Infinity, at most 32 MB and 64 levels deep.

    Raises InvalidDocumentError naming the problem (never RecursionError or MemoryError).
    """
    result = parse_json_each([raw])[0]
    if isinstance(result, InvalidDocumentError):
        raise result
    return result


def parse_json_each(raws: Sequence[bytes]) -> list[Any]:
    """``parse_json`` of each document, the stack padded once for all of them: each item is the
    parsed value or the InvalidDocumentError ``parse_json`` would raise (no JSON value is one).

    Keep batches small (``DataStore.read_each`` passes at most ``READ_BATCH`` documents, about
    ``READ_BATCH_BYTES`` of JSON): their texts and values are all held at once.
    """
    results: list[Any] = [None] * len(raws)
    texts: dict[int, str] = {}
    for index, raw in enumerate(raws):
        try:
            texts[index] = _text_of(raw)
        except InvalidDocumentError as exc:
            results[index] = exc
    parsed = _loads_with_headroom(_padding(), list(texts.values())) if texts else []
    for (index, text), value in zip(texts.items(), parsed, strict=True):
        results[index] = _checked(text, value)
    return results


def _checked(text: str, value: Any) -> Any:
    """The fast pass's result made final: a decoder error worded, a deep document parsed in full,
    the depth counted exactly where the decoder's recursion count does not bound it."""
    exact = not _decoder_counts_depth()
    if isinstance(value, ValueError):
        return InvalidDocumentError(f"not valid JSON ({value})")
    try:
        if value is _TOO_DEEP_FOR_THE_FAST_PASS:
            value, exact = _parse_deep(text), True
        if exact:
            _check_depth(value)
    except InvalidDocumentError as exc:
        return exc
    return value


@cache
def _decoder_counts_depth() -> bool:
    """Whether this Python's json decoder stops at the recursion limit (CPython 3.11 does; 3.12
    counts C recursion apart from it): tried once with a document twice too deep."""
    text = "[" * (2 * MAX_DEPTH) + "]" * (2 * MAX_DEPTH)
    (result,) = _loads_with_headroom(_padding(), [text])
    return result is _TOO_DEEP_FOR_THE_FAST_PASS


def walk_folders(
    root: Path,
    onerror: Callable[[OSError], None] | None = None,
    max_depth: int = MAX_TREE_DEPTH,
) -> Iterator[tuple[str, list[str], list[str]]]:
    """``os.walk(root)`` (top-down, links to folders listed but not followed) without recursion,
    at most ``max_depth`` folders down.

    ``os.walk`` recurses once per level, so a 1,100-level tree in the data folder made backup and
    export fail with RecursionError. A folder deeper than the bound is reported to ``onerror``
    (an OSError naming it), like a folder that cannot be read; the caller may prune ``dirs``.
    """
    pending: list[tuple[str, int]] = [(os.fspath(root), 0)]
    while pending:
        folder, depth = pending.pop()
        try:
            with os.scandir(folder) as entries:
                listed = list(entries)
        except OSError as exc:
            if onerror is not None:
                onerror(exc)
            continue
        dirs: list[str] = []
        names: list[str] = []
        for entry in listed:
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            (dirs if is_dir else names).append(entry.name)
        yield folder, dirs, names
        deeper = []
        for name in dirs:
            path = os.path.join(folder, name)
            if os.path.islink(path):
                continue
            if depth >= max_depth:
                if onerror is not None:
                    onerror(OSError(errno.ELOOP, f"more than {max_depth} folder levels deep", path))
                continue
            deeper.append((path, depth + 1))
        pending.extend(reversed(deeper))  # visit in the order the caller left in ``dirs``


def walk_files(root: Path, max_depth: int = MAX_TREE_DEPTH) -> Iterator[Path]:
    """Every regular file under ``root``, at most ``max_depth`` folders down; links not followed."""
    for folder, _dirs, names in walk_folders(root, max_depth=max_depth):
        for name in names:
            path = Path(folder, name)
            if path.is_file() and not path.is_symlink():
                yield path
