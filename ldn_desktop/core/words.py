"""Counts in words: ``1 document``, ``2 documents``, ``1,200 nights``.

One rule for every message that counts something (the data messages of the window and the CLI),
so none says "1 documents". Thousands are grouped so that no count reads as a decimal in the
notation around it: with a decimal point, by a comma, as ISMP advises for numbers of 1,000 and
more (``1,200``); with a decimal comma (the window in such a locale), by a no-break space, the
convention of those locales and of the SI (``1 200``), never by either mark.
"""

from __future__ import annotations

NO_BREAK_SPACE = "\u00a0"


def grouped(count: int, decimal_mark: str = ".") -> str:
    """``1,200`` (decimal point) or ``1 200`` with a no-break space (decimal comma)."""
    text = f"{count:,}"
    return text if decimal_mark == "." else text.replace(",", NO_BREAK_SPACE)


def counted(count: int, word: str, many: str | None = None, decimal_mark: str = ".") -> str:
    """``count`` and ``word``, plural unless the count is 1 (``many``: an irregular plural,
    e.g. ``counted(3, "entry", "entries")`` → ``3 entries``); grouped as ``grouped`` does."""
    return f"{grouped(count, decimal_mark)} {word if count == 1 else many or word + 's'}"
