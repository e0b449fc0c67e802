"""The ``ldn-desktop`` command: no subcommand opens the window; a subcommand runs headless.

Exit status: 0 done; 2 bad input (one line naming the option and the problem, nothing written);
1 any other expected failure (data in use, damaged document, disk full), with one line.
Headless commands import PySide6 only to render PDFs, on the offscreen platform.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn, TextIO

from ldn_desktop import __version__
from ldn_desktop.core.errors import InputError, LdnError

# subcommand -> module with register(subparsers) setting ``handler`` (args, CommandContext) -> int.
# Only the module of the command given is imported: the window and each command start faster.
COMMANDS = {
    "patient": "ldn_desktop.commands.patient",
    "compound": "ldn_desktop.commands.compound",
    "liquid": "ldn_desktop.commands.compound",
    "washout": "ldn_desktop.commands.washout",
    "schedule": "ldn_desktop.commands.schedule",
    "log": "ldn_desktop.commands.log",
    "data": "ldn_desktop.commands.data",
}
COMMAND_MODULES = tuple(dict.fromkeys(COMMANDS.values()))
GLOBAL_OPTIONS_WITH_VALUE = ("--data-dir",)


class OneLineParser(argparse.ArgumentParser):
    """argparse that reports bad usage as one line and exit status 2."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: error: {one_line(message)} (see --help)\n")


# C0 and C1 controls but line feed and tab, and the bidi embeddings, overrides and isolates
_DRIVES_THE_TERMINAL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    """``text`` with every character that would drive a terminal shown as a ``\\u`` escape
    instead (ESC as ``\\u001b``: escape sequences, carriage return, one-byte CSI, bidi
    overrides): text from the data may be printed, never obeyed. Line feeds and tabs stay; in
    JSON output the escapes are valid and decode to the same characters."""
    return _DRIVES_THE_TERMINAL.sub(lambda found: f"\\u{ord(found[0]):04x}", text)


class _TerminalSafeStream:
    """A text stream (stdout, stderr) whose writes go through ``terminal_safe``."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(terminal_safe(text))
        return len(text)

    def __getattr__(self, name: str) -> Any:  # flush, encoding, isatty, ...
        return getattr(self._stream, name)


@contextmanager
def _terminal_safe_output() -> Iterator[None]:
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = _TerminalSafeStream(stdout)  # type: ignore[assignment]
    sys.stderr = _TerminalSafeStream(stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = stdout, stderr


_BREAKS_THE_LINE = re.compile("[\n\t\u2028\u2029]")


def one_line(text: str) -> str:
    """A message that stays on one line: ``terminal_safe``, and line breaks and tabs (also the
    Unicode line and paragraph separators) shown as ``\\u``-escapes too (``\\u000a``)."""
    return terminal_safe(_BREAKS_THE_LINE.sub(lambda found: f"\\u{ord(found[0]):04x}", text))


@dataclass
class CommandContext:
    """What a subcommand gets: the resolved data folder and output helpers."""

    data_dir: Path

    def open_store(self, *, read_only: bool = False) -> Any:
        from ldn_desktop.storage.documents import DataStore
        from ldn_desktop.storage.folder_checks import data_folder_notes

        store = DataStore.open(self.data_dir, read_only=read_only)
        if not store.read_only:
            store.clean_temp_files()  # left by a run killed mid-write; they never replaced anything
        # an interrupted restore finished or cancelled, a network file system: one line each
        for note in data_folder_notes(store):
            sys.stderr.write(f"ldn-desktop: warning: {one_line(note)}\n")
        return store

    @staticmethod
    def print_json(value: Any) -> None:
        sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2, default=str) + "\n")


def command_word(words: Sequence[str]) -> str | None:
    """The first word that is not an option or an option's value (None: no command given)."""
    skip = False
    for word in words:
        if skip:
            skip = False
        elif word == "--":
            return None
        elif word in GLOBAL_OPTIONS_WITH_VALUE:
            skip = True
        elif not word.startswith("-"):
            return word
    return None


def build_parser(words: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser; given the command line, it registers only the command that is used (all of
    them for --help, an unknown command or a call without ``words``)."""
    parser = OneLineParser(
        prog="ldn-desktop",
        description="Low-dose naltrexone tools. Without a command, opens the program's window.",
        epilog="Decision support for licensed professionals: check every number.",
    )
    parser.add_argument("--version", action="version", version=f"ldn-desktop {__version__}")
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        help="data folder (default: $LDN_DESKTOP_DATA_DIR or the platform's app-data folder)",
    )
    parser.add_argument(
        "--read-only", action="store_true", help="open the data without changing anything"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the main window offscreen, read the resources, write and read a temporary "
        "data folder, then exit (0 = all good)",
    )
    subparsers = parser.add_subparsers(
        dest="command", metavar="COMMAND", parser_class=OneLineParser
    )
    modules = COMMAND_MODULES
    if words is not None:
        word = command_word(words)
        wants_help = any(w in {"-h", "--help"} for w in words)
        if word in COMMANDS:
            modules = (COMMANDS[word],)
        elif word is None and not wants_help:
            modules = ()
    for name in modules:
        importlib.import_module(name).register(subparsers)
    return parser


def _refuse_undecodable(parser: argparse.ArgumentParser, words: list[str]) -> None:
    """Bytes that are not UTF-8 (e.g. Latin-1 from an old terminal) reach Python as lone
    surrogates that cannot be saved or printed: refuse them up front (exit 2, one line)."""
    for word in words:
        try:
            word.encode("utf-8")
        except UnicodeEncodeError:
            shown = word.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            parser.error(f"'{shown}' is not UTF-8 text; set the terminal to UTF-8")


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(args_list)
    _refuse_undecodable(parser, args_list)
    args = parser.parse_args(args_list)
    if args.data_dir is not None and not args.data_dir.strip():
        # e.g. `--data-dir "$DIR"` with DIR unset: never fall back to the user's real data
        parser.error("--data-dir: the folder name is empty")
    from ldn_desktop.paths import resolve_data_dir

    try:
        data_dir = resolve_data_dir(args.data_dir)
    except (OSError, RuntimeError) as exc:
        parser.error(f"--data-dir: {exc}")
    if args.self_test:
        from ldn_desktop.self_test import run_self_test

        return run_self_test()
    if args.command is None:
        from ldn_desktop import start_collector

        start_collector.pause()  # before PySide6 is imported: resumed once the first page is ready
        from ldn_desktop.app import run_gui

        return run_gui(data_dir, read_only=args.read_only)
    return _run_command(args, CommandContext(data_dir))


# the shell's status for a program stopped by SIGPIPE (128 + 13), as `git log | head` gives
READER_GONE = 141


def _run_command(args: argparse.Namespace, context: CommandContext) -> int:
    try:
        with _terminal_safe_output():
            return _run_handler(args, context)
    except BrokenPipeError:
        # the reader of the output stopped early (`| head -1`): not an error to report. Every
        # write was atomic before it, so nothing is half-saved; the rest of the output goes
        # nowhere, so that Python's flush at exit does not fail again.
        with suppress(OSError, ValueError):  # no file behind stdout (a test's capture)
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return READER_GONE


def _run_handler(args: argparse.Namespace, context: CommandContext) -> int:
    try:
        return int(args.handler(args, context))
    except InputError as exc:
        where = (
            f"--{exc.field.replace('_', '-')}: " if exc.field and exc.field.isidentifier() else ""
        )
        message = str(exc)
        if where and message.lower().startswith(  # the message names the option itself
            (exc.field.replace("_", " ").lower() + ":", where.strip().rstrip(":"))
        ):
            where = ""
        sys.stderr.write(f"ldn-desktop: error: {where}{one_line(message)}\n")
        return 2
    except LdnError as exc:
        sys.stderr.write(f"ldn-desktop: {one_line(str(exc))}\n")
        return 1
    except BrokenPipeError:
        raise  # the output's reader went away: _run_command
    except OSError as exc:  # a path given on the command line: too long, missing, not allowed...
        where = f": {exc.filename}" if exc.filename else ""
        sys.stderr.write(f"ldn-desktop: {one_line(f'{exc.strerror or exc}{where}')}\n")
        return 1


if __name__ == "__main__":
    sys.exit(main())
