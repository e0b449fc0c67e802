"""Counts in words: ``1 document``, ``2 documents``, ``1,200 nights``.

One rule for every message that counts something (the data messages of the window and the CLI),
so none says "1 documents". Thousands are grouped with a comma, as ISMP advises for numbers of
1,000 and more.
"""

from __future__ import annotations


def counted(count: int, word: str, many: str | None = None) -> str:
    """``count`` and ``word``, plural unless the count is 1 (``many``: an irregular plural,
    e.g. ``counted(3, "entry", "entries")`` → ``3 entries``)."""
    return f"{count:,} {word if count == 1 else many or word + 's'}"
