"""Readers: turn files, folders, JSON Lines and stdin into `Article`s.

Each reader yields, in input order, an `Article`, an `InputError` naming the
source (`file#line` for JSON Lines and JSON arrays) and the reason, or a note
(`accord.ingest.notes`): one bad file, line or value never stops a batch, and
nothing is left out without a line saying so.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from accord.errors import InputError
from accord.ingest import html as html_reader
from accord.ingest.clean import (
    Boilerplate,
    clean_text,
    load_boilerplate,
    normalise_newlines,
    scrub_surrogates,
)
from accord.ingest.csvrows import CSV_SUFFIXES, csv_items
from accord.ingest.decode import Decoded, decode_bytes_checked, decode_text
from accord.ingest.fetch import Fetcher, read_url
from accord.ingest.jsonsafe import JSONTooDeep, array_items, loads
from accord.ingest.meta import check_meta
from accord.ingest.notes import InputNote, InputWarning, SkippedPath
from accord.ingest.walk import (
    HTML_SUFFIXES,
    JSON_SUFFIXES,
    SUPPORTED,
    TEXT_SUFFIXES,
    expand_paths,
    why,
)
from accord.model import Article

__all__ = ["DEFAULT_MAX_BYTES", "HTML_SUFFIXES", "JSON_SUFFIXES", "SUPPORTED", "TEXT_SUFFIXES",
           "Item", "article_from_json", "article_from_text", "decode_bytes", "expand_paths",
           "iter_json_lines", "read_articles", "read_html", "read_path", "read_stdin",
           "read_stream"]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024

Item = Article | InputError | InputNote


def decode_bytes(data: bytes, source: str) -> str:
    """Article bytes to text (see `accord.ingest.decode`); InputError when empty or binary."""
    return decode_bytes_checked(data, source).text


def _size(n: int) -> str:
    return f"{n / 1e6:.1f} MB" if n >= 100_000 else f"{n:,} bytes"


def _too_large(size: int, source: str, max_bytes: int) -> InputError:
    return InputError(f"too large ({_size(size)} > {_size(max_bytes)} limit); raise the "
                      "limit with --max-bytes if this is really one article", source=source)


def _check_size(size: int, source: str, max_bytes: int) -> None:
    if size > max_bytes:
        raise _too_large(size, source, max_bytes)


def article_from_text(raw: str, source: str, *, bp: Boilerplate | None = None,
                      **meta: Any) -> Article:
    """An Article from raw text and metadata already checked (`accord.ingest.meta`)."""
    cleaned = clean_text(raw, title_from_first_line=meta.get("title") is None, boilerplate=bp)
    if not cleaned.text.strip():
        raise InputError("no article text left after removing boilerplate", source=source)
    if not any(ch.isalpha() for ch in cleaned.text):
        raise InputError("no article text: not one letter in it, only symbols or markup",
                         source=source)
    return Article(
        text=cleaned.text,
        source=source,
        title=meta.get("title") or cleaned.title,
        outlet=meta.get("outlet"),
        published=meta.get("published"),
        url=meta.get("url"),
        dropped=[f"{d['category']}: {d['line']}" for d in cleaned.dropped],
        metadata=cleaned.metadata,
    )


def _with_meta(raw: str, source: str, fields: dict[str, Any], bp: Boilerplate | None,
               source_from_url: bool = False) -> list[Item]:
    """The warnings about `fields`, then the article; InputError when a field refuses it."""
    meta, warnings = check_meta(fields, source)
    try:
        article = article_from_text(raw, (source_from_url and meta["url"]) or source, bp=bp,
                                    **meta)
    except InputError as err:  # errors and notes name the file (and line), an article its url
        raise InputError(err.message, source=source) from None
    return [*warnings, article]


def _html_items(raw: str, source: str, bp: Boilerplate | None) -> list[Item]:
    page = html_reader.extract_page(raw, source)
    body = page["text"]
    title = page["title"]
    lines = body.split("\n")
    if isinstance(title, str) and lines and lines[0].strip() == title.strip():
        body = "\n".join(lines[1:])  # the headline repeated as the body's first line
    return _with_meta(body, source, {k: page[k] for k in ("title", "outlet", "published", "url")},
                      bp)


def read_html(raw: str, source: str, *, bp: Boilerplate | None = None) -> Article:
    """One HTML page as an Article (its warnings dropped: see `read_path`)."""
    return _only_article(_html_items(raw, source, bp))


def _only_article(items: list[Item]) -> Article:
    article = items[-1]
    assert isinstance(article, Article)
    return article


def _first(obj: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if obj.get(key) not in (None, ""):
            return obj[key]
    return None


def _json_items(obj: Any, source: str, bp: Boilerplate | None) -> list[Item]:
    if not isinstance(obj, dict):
        raise InputError("JSON value is not an object with a `text` field", source=source)
    text = _first(obj, "text", "content", "body")
    if not isinstance(text, str) or not text.strip():
        raise InputError("JSON object has no `text` (or `content`) string", source=source)
    # JSON may escape lone surrogates ("\ud800"), which no store can encode.
    fields = {
        "title": _first(obj, "title", "headline"),
        "outlet": _first(obj, "outlet", "source_name", "site"),
        "url": _first(obj, "url", "link"),
        "published": _first(obj, "published", "date", "published_at", "publish_date"),
    }
    fields = {k: scrub_surrogates(v) if isinstance(v, str) else v for k, v in fields.items()}
    return _with_meta(scrub_surrogates(text), source, fields, bp, source_from_url=True)


def article_from_json(obj: Any, source: str, *, bp: Boilerplate | None = None) -> Article:
    """One JSON object as an Article (its warnings dropped: see `iter_json_lines`)."""
    return _only_article(_json_items(obj, source, bp))


def _parse(text: str, where: str) -> Any:
    try:
        return loads(text)
    except JSONTooDeep as exc:
        raise InputError(str(exc), source=where) from None


def iter_json_lines(lines: Iterable[str | InputError | InputNote], source: str, *,
                    bp: Boilerplate | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """One article (or error) per non-blank line; a line may come as an error or a
    note already (too long to read, bytes repaired: see `_read_lines`)."""
    n = 0
    for line in lines:
        if isinstance(line, InputNote):  # about the line that follows: no number of its own
            yield line
            continue
        n += 1
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        where = f"{source}#{n}"
        try:
            _check_size(len(line), where, max_bytes)
            try:
                obj = _parse(line.removeprefix("\ufeff"), where)
            except json.JSONDecodeError as exc:
                raise InputError(f"malformed JSON line ({exc.msg} at column {exc.colno})",
                                 source=where) from None
            yield from _json_items(obj, where, bp)
        except InputError as err:
            yield err


def _read_json_document(raw: str, source: str, *, bp: Boilerplate | None,
                        max_bytes: int) -> Iterator[Item]:
    """A JSON object, an array of them (`file#n` each), or JSON Lines in a .json file."""
    is_array = raw.lstrip().startswith("[")
    try:
        data = loads(raw)
    except JSONTooDeep as exc:
        if not is_array and not _json_lines(raw):
            yield InputError(str(exc), source=source)
            return
        data = exc
    except json.JSONDecodeError as exc:
        if not is_array:  # many ".json" files are really JSON Lines
            yield from iter_json_lines(raw.splitlines(), source, bp=bp, max_bytes=max_bytes)
            return
        yield InputWarning(f"malformed JSON ({exc.msg} at line {exc.lineno} column "
                           f"{exc.colno}): its items are read one by one", source=source)
        data = exc
    if isinstance(data, ValueError):  # read item by item: a bad one costs only itself
        if not is_array:
            yield from iter_json_lines(raw.splitlines(), source, bp=bp, max_bytes=max_bytes)
            return
        for n, text in array_items(raw):
            where = f"{source}#{n}"
            try:
                yield from _json_items(_parse_item(text, where), where, bp)
            except InputError as err:
                yield err
        return
    items = data if isinstance(data, list) else [data]
    for n, obj in enumerate(items, start=1):
        where = f"{source}#{n}" if isinstance(data, list) else source
        try:
            yield from _json_items(obj, where, bp)
        except InputError as err:
            yield err


def _parse_item(text: str, where: str) -> Any:
    try:
        return _parse(text, where)
    except json.JSONDecodeError as exc:
        raise InputError(f"malformed JSON item ({exc.msg} at column {exc.colno})",
                         source=where) from None


def _json_lines(raw: str) -> bool:
    """Several lines, the first an object of its own: JSON Lines in a .json file."""
    lines = (ln.strip() for ln in raw.splitlines() if ln.strip())
    first = next(lines, "")
    return first.startswith("{") and first.endswith("}") and next(lines, None) is not None


def _decoded(decoded: Decoded) -> Iterator[InputNote]:
    if decoded.warning is not None:
        yield decoded.warning


def read_path(path: Path, *, bp: Boilerplate | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield the articles of one file (several for JSON Lines and JSON arrays)."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if stat.S_ISFIFO(st.st_mode):  # a named pipe: streamed like stdin
                yield from read_stream(fh, source, bp=bp, max_bytes=max_bytes)
                return
            if suffix in {".jsonl", ".ndjson"}:
                yield from iter_json_lines(_read_lines(fh, source, max_bytes), source, bp=bp,
                                           max_bytes=max_bytes)
                return
            if suffix in CSV_SUFFIXES:  # one article per row (accord.ingest.csvrows)
                yield from csv_items(_read_lines(fh, source, max_bytes), source,
                                     lambda row, where: _json_items(row, where, bp),
                                     max_bytes=max_bytes)
                return
            _check_size(st.st_size, source, max_bytes)
            data = fh.read(max_bytes + 1)  # the file may have grown since
        _check_size(len(data), source, max_bytes)
        decoded = decode_bytes_checked(data, source)
        yield from _decoded(decoded)
        if suffix in HTML_SUFFIXES:
            yield from _html_items(decoded.text, source, bp)
        elif suffix == ".json":
            yield from _read_json_document(decoded.text, source, bp=bp, max_bytes=max_bytes)
        else:
            yield article_from_text(decoded.text, source, bp=bp)
    except InputError as err:
        yield err
    except OSError as exc:
        yield InputError(why(exc), source=source)


def _decode_line(data: bytes, where: str) -> Iterator[str | InputNote]:
    decoded = decode_text(data, where)
    yield from _decoded(decoded)
    yield decoded.text


def _read_lines(fh: Any, source: str, max_bytes: int) -> Iterator[str | InputError | InputNote]:
    """The decoded lines of a JSON Lines stream, one item per line (a note about a
    repaired line comes just before it). A line longer than `max_bytes` is
    skipped without holding it in memory (an InputError in its place)."""
    peek = getattr(fh, "peek", None)
    if peek is not None and peek(2)[:2] in (b"\xff\xfe", b"\xfe\xff"):
        import io

        yield from io.TextIOWrapper(fh, encoding="utf-16", errors="replace", newline="\n")
        return
    n = 0
    while True:
        data = fh.readline(max_bytes + 1)
        if not data:
            return
        n += 1
        if len(data) <= max_bytes or data.endswith(b"\n"):
            if n == 1:
                data = data.removeprefix(b"\xef\xbb\xbf")
            yield from _decode_line(data, f"{source}#{n}")  # a note, then the line
            continue
        size = len(data)
        while data and not data.endswith(b"\n"):
            data = fh.readline(1 << 20)
            size += len(data)
        yield _too_large(size, f"{source}#{n}", max_bytes)


def _is_json_line(line: bytes) -> bool:
    text = line.removeprefix(b"\xef\xbb\xbf").strip()
    if text.startswith(b"{") and text.endswith(b"}"):
        return True  # an object on one line, even a malformed one: JSON Lines
    try:
        return isinstance(loads(text.decode("utf-8", "replace")), dict)
    except ValueError:
        return False


def read_stdin(*, bp: Boilerplate | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               stream: IO[bytes] | None = None) -> Iterator[Item]:
    """Standard input (see `read_stream`)."""
    yield from read_stream(stream or sys.stdin.buffer, "stdin", bp=bp, max_bytes=max_bytes)


def read_stream(stream: IO[bytes], source: str, *, bp: Boilerplate | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """A stream (stdin, a named pipe): JSON Lines are read line by line, so a
    corpus piped in never sits in memory; a text or a JSON document is read
    whole, up to `max_bytes` (the rest is only counted)."""
    head: list[bytes] = []
    line = stream.readline(max_bytes + 1)
    while line and not line.strip():
        head.append(line)
        line = stream.readline(max_bytes + 1)
    if _is_json_line(line) or (len(line) > max_bytes and line.lstrip().startswith(b"{")):
        yield from iter_json_lines(_read_lines(_Pushback(line, stream), source, max_bytes),
                                   source, bp=bp, max_bytes=max_bytes)
        return
    data = b"".join(head) + line
    data += stream.read(max(0, max_bytes + 1 - len(data)))
    try:
        # Like a file: a JSON document is limited as a whole, as is a text.
        if len(data) > max_bytes:
            size = len(data)
            while chunk := stream.read(1 << 20):
                size += len(chunk)
            raise _too_large(size, source, max_bytes)
        decoded = decode_bytes_checked(data, source)
        yield from _decoded(decoded)
        raw = normalise_newlines(decoded.text)
        if raw.lstrip().startswith(("{", "[")):
            yield from _read_json_document(raw, source, bp=bp, max_bytes=max_bytes)
        else:
            yield article_from_text(raw, source, bp=bp)
    except InputError as err:
        yield err


class _Pushback:
    """A binary stream with one line put back in front (for `_read_lines`)."""

    def __init__(self, first: bytes, stream: IO[bytes]) -> None:
        self.first: bytes | None = first
        self.stream = stream

    def readline(self, size: int = -1) -> bytes:
        if self.first is not None:
            line, self.first = self.first, None
            if size < 0 or len(line) <= size:
                return line
            line, self.first = line[:size], line[size:]
            return line
        return self.stream.readline(size)


def read_articles(paths: Iterable[str], *, boilerplate: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """All articles under `paths`, in a stable order; errors and notes are
    yielded, not raised."""
    bp = load_boilerplate(boilerplate)
    fetcher = Fetcher(max_bytes=max_bytes)  # one for all URLs: robots.txt, per-host delay
    try:
        for item in expand_paths(paths):
            if isinstance(item, InputError | SkippedPath):
                yield item
            elif item == "-":
                yield from read_stdin(bp=bp, max_bytes=max_bytes)
            elif isinstance(item, str):  # an http(s) URL (accord.ingest.fetch)
                yield from read_url(item, fetcher=fetcher, bp=bp, max_bytes=max_bytes)
            else:
                yield from read_path(item, bp=bp, max_bytes=max_bytes)
    finally:
        fetcher.close()
