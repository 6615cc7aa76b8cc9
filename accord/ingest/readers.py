"""Readers: turn files, folders, JSON Lines and stdin into `Article`s.

Each reader yields either an `Article` or an `InputError` naming the source and
the reason, so one bad file or line never stops a batch.
"""

from __future__ import annotations

import io
import itertools
import json
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from accord.errors import InputError
from accord.ingest.clean import (
    Boilerplate,
    clean_text,
    load_boilerplate,
    normalise_newlines,
    scrub_surrogates,
)
from accord.limits import _TimeLimit, time_limit
from accord.model import Article

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
HTML_SECONDS = 30.0  # wall-clock limit for extracting one HTML page
TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".jsonl", ".ndjson", ".json"}
SUPPORTED = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES

Item = Article | InputError


def decode_bytes(data: bytes, source: str) -> str:
    """Decode article bytes: BOMs first, then UTF-8, then cp1252 / latin-1."""
    if not data.strip():
        raise InputError("empty file: nothing to ingest", source=source)
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise InputError("invalid UTF-16 text despite its byte-order mark",
                             source=source) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise InputError("binary file (contains NUL bytes), not text: skip it or convert it",
                         source=source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = data.decode("latin-1")
    bad = sum(1 for ch in text[:8192] if ord(ch) < 32 and ch not in "\n\r\t")
    if bad > len(text[:8192]) * 0.05:
        raise InputError("binary file (mostly control bytes), not text", source=source)
    return text


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


def read_html(raw: str, source: str, *, bp: Boilerplate | None = None) -> Article:
    import trafilatura
    from htmldate import find_date

    try:
        with time_limit(HTML_SECONDS):
            extracted = trafilatura.extract(raw, output_format="json", with_metadata=True,
                                            include_comments=False, favor_precision=False)
            data = json.loads(extracted) if extracted else None
            published = data.get("date") if data else None
            if data and not published:
                try:
                    published = find_date(raw, extensive_search=False, original_date=True)
                except Exception:  # no date is a normal outcome, not an error
                    published = None
    except _TimeLimit:
        raise InputError(f"HTML took longer than {HTML_SECONDS:g} s to parse; skipped",
                         source=source) from None
    except Exception as exc:  # trafilatura raises many kinds on broken markup
        raise InputError(f"cannot parse HTML ({type(exc).__name__})", source=source) from None
    if not data:
        raise InputError("no article text found in the HTML", source=source)
    body = data.get("text") or data.get("raw_text") or ""
    title = data.get("title") or None
    lines = body.split("\n")
    if title and lines and lines[0].strip() == title.strip():
        body = "\n".join(lines[1:])  # the headline repeated as the body's first line
    return article_from_text(body, source, bp=bp, title=title,
                             outlet=data.get("sitename") or data.get("source-hostname") or None,
                             published=(published or None), url=data.get("source") or None)


def _first(obj: dict[str, Any], *keys: str) -> Any:
    for key in keys:
        if obj.get(key) not in (None, ""):
            return obj[key]
    return None


def article_from_json(obj: Any, source: str, *, bp: Boilerplate | None = None) -> Article:
    if not isinstance(obj, dict):
        raise InputError("JSON value is not an object with a `text` field", source=source)
    text = _first(obj, "text", "content", "body")
    if not isinstance(text, str) or not text.strip():
        raise InputError("JSON object has no `text` (or `content`) string", source=source)
    # JSON may escape lone surrogates ("\ud800"), which no store can encode.
    obj = {k: scrub_surrogates(v) if isinstance(v, str) else v for k, v in obj.items()}
    url = _first(obj, "url", "link")
    published = _first(obj, "published", "date", "published_at", "publish_date")
    return article_from_text(
        text, str(url) if url else source, bp=bp,
        title=_first(obj, "title", "headline"), outlet=_first(obj, "outlet", "source_name", "site"),
        published=str(published) if published else None, url=str(url) if url else None,
    )


def iter_json_lines(lines: Iterable[str | InputError], source: str, *,
                    bp: Boilerplate | None = None,
                    max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """One article (or error) per non-blank line; a line may come as an
    InputError already (too long to read, see `_read_lines`)."""
    for n, line in enumerate(lines, start=1):
        if isinstance(line, InputError):
            yield line
            continue
        if not line.strip():
            continue
        where = f"{source}#{n}"
        try:
            _check_size(len(line), where, max_bytes)
            try:
                obj = json.loads(line.removeprefix("\ufeff"))
            except json.JSONDecodeError as exc:
                raise InputError(f"malformed JSON line ({exc.msg} at column {exc.colno})",
                                 source=where) from None
            yield article_from_json(obj, where, bp=bp)
        except InputError as err:
            yield err


def read_path(path: Path, *, bp: Boilerplate | None = None,
              max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Yield the articles of one file (several for JSON Lines)."""
    source = str(path)
    suffix = path.suffix.lower()
    try:
        if suffix in {".jsonl", ".ndjson"}:
            with path.open("rb") as fh:
                yield from iter_json_lines(_read_lines(fh, source, max_bytes), source, bp=bp,
                                           max_bytes=max_bytes)
            return
        size = path.stat().st_size
        _check_size(size, source, max_bytes)
        raw = decode_bytes(path.read_bytes(), source)
        if suffix in HTML_SUFFIXES:
            yield read_html(raw, source, bp=bp)
        elif suffix == ".json":
            yield from _read_json_document(raw, source, bp=bp, max_bytes=max_bytes)
        else:
            yield article_from_text(raw, source, bp=bp)
    except InputError as err:
        yield err
    except OSError as exc:
        yield InputError(f"cannot read file ({exc.strerror or exc})", source=source)


def _read_lines(fh: IO[bytes], source: str, max_bytes: int) -> Iterator[str | InputError]:
    """The decoded lines of a JSON Lines file. A line longer than `max_bytes` is
    skipped without holding it in memory (an InputError in its place)."""
    if fh.peek(2)[:2] in (b"\xff\xfe", b"\xfe\xff"):  # type: ignore[attr-defined]
        yield from io.TextIOWrapper(fh, encoding="utf-16", errors="replace", newline="\n")
        return
    n = 0
    while True:
        data = fh.readline(max_bytes + 1)
        if not data:
            return
        n += 1
        if len(data) <= max_bytes or data.endswith(b"\n"):
            yield decode_line(data, source)
            continue
        size = len(data)
        while data and not data.endswith(b"\n"):
            data = fh.readline(1 << 20)
            size += len(data)
        yield _too_large(size, f"{source}#{n}", max_bytes)


def decode_line(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _read_json_document(raw: str, source: str, *, bp: Boilerplate | None,
                        max_bytes: int) -> Iterator[Item]:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        # Many ".json" files are really JSON Lines.
        yield from iter_json_lines(raw.splitlines(), source, bp=bp, max_bytes=max_bytes)
        return
    items = data if isinstance(data, list) else [data]
    for n, obj in enumerate(items, start=1):
        where = f"{source}#{n}" if isinstance(data, list) else source
        try:
            yield article_from_json(obj, where, bp=bp)
        except InputError as err:
            yield err


def _is_json_line(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line.removeprefix(b"\xef\xbb\xbf")), dict)
    except ValueError:
        return False


def read_stdin(*, bp: Boilerplate | None = None, max_bytes: int = DEFAULT_MAX_BYTES,
               stream: IO[bytes] | None = None) -> Iterator[Item]:
    """Standard input: JSON Lines are streamed line by line, so a corpus piped
    in never sits in memory; a text or a JSON document is read whole."""
    stream = stream or sys.stdin.buffer
    head: list[bytes] = []
    line = stream.readline()
    while line and not line.strip():
        head.append(line)
        line = stream.readline()
    if _is_json_line(line):
        lines = itertools.chain(head, [line.removeprefix(b"\xef\xbb\xbf")], stream)
        yield from iter_json_lines((decode_line(b, "stdin") for b in lines), "stdin", bp=bp,
                                   max_bytes=max_bytes)
        return
    data = b"".join(head) + line + stream.read()
    try:
        # Like a file: a JSON document is limited as a whole, as is a text.
        _check_size(len(data), "stdin", max_bytes)
        raw = normalise_newlines(decode_bytes(data, "stdin"))
        if raw.lstrip().startswith(("{", "[")):
            yield from _read_json_document(raw, "stdin", bp=bp, max_bytes=max_bytes)
        else:
            yield article_from_text(raw, "stdin", bp=bp)
    except InputError as err:
        yield err


def expand_paths(paths: Iterable[str]) -> Iterator[Path | str | InputError]:
    """Files and folders (recursively, sorted) and `-` for stdin."""
    for p in paths:
        if p == "-":
            yield "-"
            continue
        path = Path(p)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and not child.name.startswith(".") \
                        and child.suffix.lower() in SUPPORTED - {""}:
                    yield child
        elif path.is_file():
            yield path
        else:
            yield InputError("no such file or folder", source=p)


def read_articles(paths: Iterable[str], *, boilerplate: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """All articles under `paths`, in a stable order; errors are yielded, not raised."""
    bp = load_boilerplate(boilerplate)
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        elif item == "-":
            yield from read_stdin(bp=bp, max_bytes=max_bytes)
        else:
            assert isinstance(item, Path)
            yield from read_path(item, bp=bp, max_bytes=max_bytes)
