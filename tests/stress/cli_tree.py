"""The CLI as data: every leaf command (``patient add``, ``log add``...) with its arguments.

Read from ``ldn_desktop.cli.build_parser()``, so a subcommand that lands later is covered by the
hostile-input tests without touching them.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass

from ldn_desktop.cli import build_parser

_PATH_WORDS = ("DIR", "ZIP", "ARCHIVE", "FILE", "PATH", "OUT", "PDF", "CSV", "ICS", "FOLDER")
_PATH_DESTS = ("out", "file", "path", "dir", "pdf", "csv", "ics", "archive", "folder", "output")


@dataclass(frozen=True)
class Argument:
    """One argument of a leaf command: an option (``--name``) or a positional."""

    option: str | None  # None for a positional
    dest: str
    takes_value: bool
    choices: tuple[str, ...]
    path_like: bool
    required: bool


@dataclass(frozen=True)
class Leaf:
    words: tuple[str, ...]
    arguments: tuple[Argument, ...]

    @property
    def name(self) -> str:
        return " ".join(self.words)


def _is_path_like(action: argparse.Action) -> bool:
    metavar = str(action.metavar or "").upper()
    dest = action.dest.lower()
    return (
        any(word in metavar for word in _PATH_WORDS)
        or any(token in _PATH_DESTS for token in dest.split("_"))
        or dest == "to"
    )


def _argument(action: argparse.Action) -> Argument | None:
    if isinstance(action, argparse._HelpAction | argparse._VersionAction):
        return None
    takes_value = action.nargs != 0
    option = max(action.option_strings, key=len) if action.option_strings else None
    choices = tuple(str(c) for c in action.choices) if action.choices else ()
    required = bool(action.required) or option is None
    return Argument(option, action.dest, takes_value, choices, _is_path_like(action), required)


def _walk(parser: argparse.ArgumentParser, words: tuple[str, ...]) -> list[Leaf]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        arguments = tuple(a for a in map(_argument, parser._actions) if a is not None)
        return [Leaf(words, arguments)]
    leaves: list[Leaf] = []
    for name, child in subparsers[0].choices.items():
        leaves += _walk(child, (*words, name))
    return leaves


def leaves() -> list[Leaf]:
    """Every runnable subcommand, e.g. ``patient add``; the window itself (no command) is left out."""
    return _walk(build_parser(), ())


def commands() -> set[str]:
    """The top-level subcommands that exist now (``patient``, ``data``, ...)."""
    return {leaf.words[0] for leaf in leaves()}
