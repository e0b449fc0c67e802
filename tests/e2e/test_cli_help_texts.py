"""Every ``--help`` page reads as written: argparse %-formats argument help but not a parser's
description or epilog, so "99.5%%" in a description was printed with both signs."""

from __future__ import annotations

import argparse

from ldn_desktop.cli import build_parser


def _parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):  # aliases share a parser
                found += _parsers(child)
    return found


def test_no_help_page_shows_a_doubled_percent_sign() -> None:
    parsers = _parsers(build_parser())
    assert len(parsers) > 20  # every command and its actions
    for parser in parsers:
        text = parser.format_help()
        assert "%%" not in text, parser.prog
        assert "%(" not in text, parser.prog
