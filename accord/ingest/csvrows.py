"""CSV files: one article per row, its text in a column named `text`.

The header names the columns, as JSON objects name their fields (case and
surrounding spaces ignored): `text` (or `content`, `body`) for the article
text, and optionally `title`, `url`, `published`, `outlet`; other columns are
ignored. A CSV without a text column is refused whole, with one line naming
its columns. Rows are read as a stream (a corpus never sits in memory); a row
is known by the line it starts on (`file.csv#12`), and a bad row costs only
itself.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from typing import Any, TypeVar

from accord.errors import InputError
from accord.ingest.notes import InputNote

__all__ = ["CSV_SUFFIXES", "TEXT_COLUMNS", "csv_items"]

CSV_SUFFIXES = {".csv"}
TEXT_COLUMNS = ("text", "content", "body")
T = TypeVar("T")


def csv_items(lines: Iterable[str | InputError | InputNote], source: str,
              to_items: Callable[[dict[str, Any], str], list[T]], *,
              max_bytes: int) -> Iterator[T | InputError | InputNote]:
    """`to_items(row, where)` for every row (a dict keyed by the header's lower-
    cased names); the readers' notes and errors about lines pass through."""
    # A field may hold a whole article; the per-line limit still applies.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes))
    pending: list[InputError | InputNote] = []
    lineno = 0

    def text_lines() -> Iterator[str]:
        nonlocal lineno
        for line in lines:
            if isinstance(line, str):
                lineno += 1
                yield line
            else:
                if isinstance(line, InputError):
                    lineno += 1  # a line too long to read still counts
                pending.append(line)

    reader = csv.reader(text_lines())
    try:
        header = next(reader, None)
    except csv.Error as exc:
        yield InputError(f"malformed CSV header ({exc})", source=source)
        return
    yield from _flush(pending)
    if header is None:
        yield InputError("empty CSV file: nothing to ingest", source=source)
        return
    names = [h.strip().lower().removeprefix("\ufeff") for h in header]
    if not any(n in TEXT_COLUMNS for n in names):
        shown = ", ".join(repr(h) for h in header[:12]) + (" ..." if len(header) > 12 else "")
        yield InputError(f"CSV without a text column (its columns: {shown}): accord reads one "
                         "article per row from a column named text (or content, body), with "
                         "optional title, url, published and outlet columns", source=source)
        return
    start = lineno + 1
    while True:
        try:
            row = next(reader, None)
        except csv.Error as exc:
            yield from _flush(pending)
            yield InputError(f"malformed CSV row ({exc})", source=f"{source}#{start}")
            start = lineno + 1
            continue
        yield from _flush(pending)
        if row is None:
            return
        where = f"{source}#{start}"
        start = lineno + 1
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(names):
            yield InputError(f"CSV row with {len(row)} fields where the header has "
                             f"{len(names)}: not read (quote fields that hold commas)",
                             source=where)
            continue
        try:
            yield from to_items(dict(zip(names, row, strict=True)), where)
        except InputError as err:
            yield err


def _flush(pending: list[T]) -> Iterator[T]:
    yield from pending
    pending.clear()
