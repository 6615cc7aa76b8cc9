"""JSON that cannot take a reader down.

Python's `json` raises RecursionError on a value nested about 1,000 levels
deep (the limit also depends on how deep the caller already is) and
ValueError on an integer of more than 4,300 digits. Here:

- nesting is measured before parsing (a linear scan outside strings), and a
  value deeper than `MAX_DEPTH` is refused with `JSONTooDeep`, the same way
  wherever the reader runs;
- an integer longer than `MAX_INT_DIGITS` becomes a `BigNumber` (its digits
  are never converted: that costs quadratic time), so a field no reader uses
  cannot cost the article, and a metadata field holding one is refused by
  `accord.ingest.meta` with a clear reason.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

MAX_DEPTH = 200  # far more than any article needs; well inside Python's recursion limit
MAX_INT_DIGITS = 4300  # Python's own default limit for int(str)

# Characters that matter to the structure scan; everything else is skipped by the regex.
_SIGNIFICANT = re.compile(r'[\[\]{},"\\]')


class JSONTooDeep(ValueError):
    """The value is nested deeper than MAX_DEPTH."""

    def __init__(self, limit: int = MAX_DEPTH) -> None:
        super().__init__(f"JSON nested deeper than {limit} levels: not an article")


class BigNumber:
    """An integer of more than MAX_INT_DIGITS digits, kept unconverted."""

    __slots__ = ("digits",)

    def __init__(self, literal: str) -> None:
        self.digits = len(literal.lstrip("-"))

    def __repr__(self) -> str:
        return f"<a number of {self.digits:,} digits>"


def _parse_int(literal: str) -> int | BigNumber:
    if len(literal) > MAX_INT_DIGITS:
        return BigNumber(literal)
    return int(literal)


def _structure(text: str) -> Iterator[tuple[int, str]]:
    """(position, character) of each bracket and comma outside strings: linear in
    the text whatever it holds (no regex backtracking on unclosed strings)."""
    in_string = False
    skip = -1  # the position of a character escaped by a backslash
    for match in _SIGNIFICANT.finditer(text):
        pos = match.start()
        if pos == skip:
            continue
        ch = match.group()
        if in_string:
            if ch == "\\":
                skip = pos + 1
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch != "\\":
            yield pos, ch


def too_deep(text: str, limit: int = MAX_DEPTH) -> bool:
    """True when some value in `text` nests deeper than `limit` (strings skipped)."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    for _, ch in _structure(text):
        if ch in "[{":
            depth += 1
            if depth > limit:
                return True
        elif ch in "]}":
            depth -= 1
    return False


def loads(text: str | bytes) -> Any:
    """`json.loads`, but a too deep value raises JSONTooDeep (a ValueError) and a
    huge integer becomes a BigNumber. Malformed JSON raises json.JSONDecodeError."""
    if isinstance(text, bytes | bytearray):
        text = text.decode("utf-8")
    if too_deep(text):
        raise JSONTooDeep()
    try:
        return json.loads(text, parse_int=_parse_int)
    except RecursionError:  # only when the caller is itself very deep
        raise JSONTooDeep() from None


def array_items(text: str) -> Iterator[tuple[int, str]]:
    """(position, text) of each item of the top-level array `text` (1-based), found
    by structure alone, so one bad or too deep item can be refused on its own.

    Items of a text that is not one well-bracketed array come out wrong, and
    then fail to parse one by one; an array left open ends with the rest of the
    text as its last item.
    """
    depth = 0
    start = -1
    n = 0
    for pos, ch in _structure(text):
        if ch in "[{":
            depth += 1
            if depth == 1:
                start = pos + 1
        elif ch in "]}":
            depth -= 1
            if depth == 0 and start >= 0:
                item = text[start:pos].strip()
                if item or n:
                    yield n + 1, item
                return
        elif depth == 1 and start >= 0:  # a comma between items
            n += 1
            yield n, text[start:pos].strip()
            start = pos + 1
    if start >= 0 and text[start:].strip():  # the array never closed: the rest is an item
        yield n + 1, text[start:].strip()
