"""Fuzzing the input side: metadata fields, deep nesting, huge numbers,
publication dates through the pipeline, damaged encodings and hostile folder
trees. Generated inputs go through the real readers (files, JSON Lines, JSON
documents, stdin); every case is checked for the exact outcome:

- no exception escapes a reader (a crash is a failure);
- every valid article comes out as an Article with its text intact, and every
  invalid one as an InputError naming `file#line` (or the path); an article
  that vanishes or is refused though valid is *lost*;
- notes name their source.

`ACCORD_FUZZ_EXAMPLES` is the number of generated cases for the whole module,
shared out between the property tests (`make fuzz` sets it; its seeds are
random); without it each property runs a few dozen derandomised cases, so
`make test` stays fast and repeatable. With `ACCORD_FUZZ_REPORT=FILE`, the
cases, failures and articles lost per class are written to FILE as JSON.
"""

from __future__ import annotations

import io
import json
import math
import os
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.ingest.jsonsafe import MAX_DEPTH
from accord.ingest.meta import YEARS, parse_day
from accord.ingest.notes import InputNote
from accord.ingest.readers import read_articles, read_stdin
from accord.model import Article

PROPERTY_TESTS = 6
_TOTAL = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "0") or 0)
EXAMPLES = -(-_TOTAL // PROPERTY_TESTS) if _TOTAL else 30

fuzz = settings(max_examples=EXAMPLES, deadline=None, derandomize=not _TOTAL,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much,
                                       HealthCheck.function_scoped_fixture],
                database=None)

TALLY: dict[str, Counter[str]] = defaultdict(Counter)
BODY = "Talks in Doha ended on Monday without a deal, officials said."


COLUMNS = ("cases", "valid articles", "failures", "articles lost")


@pytest.fixture(scope="module", autouse=True)
def report(request: pytest.FixtureRequest) -> Iterator[None]:
    """After the module: the table of cases, failures and articles lost per input
    class (printed by `make fuzz`; written as JSON to ACCORD_FUZZ_REPORT)."""
    yield
    table = {kind: {c: counts[c] for c in COLUMNS} for kind, counts in TALLY.items()}
    table["all"] = {c: sum(row[c] for row in table.values()) for c in COLUMNS}
    path = os.environ.get("ACCORD_FUZZ_REPORT")
    if path:
        Path(path).write_text(json.dumps(table, indent=2), encoding="utf-8")
    terminal = request.config.pluginmanager.get_plugin("terminalreporter")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    if _TOTAL and terminal is not None and capture is not None:
        with capture.global_and_fixture_disabled():
            terminal.write_line("")
            terminal.write_line(f"{'input class':28}" + "".join(f"{c:>16}" for c in COLUMNS))
            for kind, row in table.items():
                terminal.write_line(f"{kind:28}" + "".join(f"{row[c]:>16,}" for c in COLUMNS))


class Case:
    """One generated input: counts it, and its failures and lost articles."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        TALLY[kind]["cases"] += 1

    def __enter__(self) -> Case:
        return self

    def __exit__(self, exc_type: Any, *_: Any) -> None:
        if exc_type is not None:
            TALLY[self.kind]["failures"] += 1

    def lost(self, n: int = 1) -> None:
        TALLY[self.kind]["articles lost"] += n

    def valid(self, n: int = 1) -> None:
        """`n` valid articles in this case (each must come out whole)."""
        TALLY[self.kind]["valid articles"] += n


def _articles(items: list[Any]) -> dict[str, Article]:
    return {i.source: i for i in items if isinstance(i, Article)}


def _errors(items: list[Any]) -> list[InputError]:
    return [i for i in items if isinstance(i, InputError)]


def _check_names(items: list[Any], source: str) -> None:
    for item in items:
        if isinstance(item, InputError | InputNote):
            assert str(item).startswith(source), str(item)


# -- metadata fields -------------------------------------------------------------------
finite = st.one_of(st.integers(), st.floats(allow_nan=False, allow_infinity=False))
non_finite = st.sampled_from([math.nan, math.inf, -math.inf])
dates = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.datetimes().map(lambda d: d.isoformat() + "Z"),
    st.sampled_from(["0001-01-01", "0000-00-00", "9999-12-31", "1970-01-01T00:00:00Z",
                     "March 12", "yesterday", "12 March 2025", "2025-13-45", "", " "]),
)
meta_value = st.one_of(
    st.none(), st.text(max_size=30), dates, finite, non_finite, st.booleans(),
    st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(),
                                                         max_size=2),
    st.integers(min_value=10**20, max_value=10**40),
)
FIELDS = ("title", "outlet", "url", "published")


def _expected_meta(fields: dict[str, Any]) -> str | None:
    """None when the article must be stored, else the field that refuses it."""
    for field in ("title", "outlet", "url"):
        value = fields.get(field)
        if value not in (None, "") and not isinstance(value, str):
            return field
    value = fields.get("published")
    if isinstance(value, list | dict) or (isinstance(value, float) and not math.isfinite(value)):
        return "published"
    return None


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, allow_nan=True)


@fuzz
@given(st.lists(st.fixed_dictionaries({}, optional={f: meta_value for f in FIELDS}),
                min_size=1, max_size=6))
def test_metadata_fields(rows: list[dict[str, Any]]) -> None:
    with Case("metadata fields") as case, tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "feed.jsonl"
        lines = [_dump({"text": f"{BODY} Line {n}.", **row}) for n, row in enumerate(rows)]
        feed.write_text("\n".join(lines) + "\n", encoding="utf-8")
        items = list(read_articles([str(feed)]))
        _check_names(items, str(feed))
        by_text = {i.text: i for i in items if isinstance(i, Article)}
        errors = [str(e) for e in _errors(items)]
        for n, row in enumerate(rows):
            refused_by = _expected_meta(row)
            article = by_text.get(f"{BODY} Line {n}.")
            if refused_by is None:
                case.valid()
                if article is None:
                    case.lost()
                assert article is not None, (row, errors)
                for field in ("title", "outlet", "url"):
                    value = getattr(article, field)
                    assert value is None or (isinstance(value, str) and value)
                if article.published is not None:
                    day = parse_day(article.published)
                    assert day is not None and YEARS[0] <= day.year <= YEARS[1]
            else:
                assert article is None
                assert any(e.startswith(f"{feed}#{n + 1}: `{refused_by}` must be")
                           for e in errors), (row, errors)


# -- deep nesting ------------------------------------------------------------------------
def _nest(depth: int, kind: str) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    return '{"a": ' * depth + "1" + "}" * depth if depth else "1"


nesting = st.tuples(st.integers(min_value=1, max_value=3000),
                    st.sampled_from(["array", "object"]),
                    st.sampled_from(["extra", "title", "line"]))


def _nested_outcome(depth: int, kind: str, place: str) -> str:
    """What a reader must make of one hostile line: 'article' or the error's reason."""
    total = depth + (place != "line")  # the article object around the value
    if total > MAX_DEPTH:
        return "JSON nested deeper than 200 levels: not an article"
    if place == "extra":
        return "article"
    if place == "title":
        return "`title` must be a string or null"
    if kind == "object" and depth:
        return "JSON object has no `text` (or `content`) string"
    return "JSON value is not an object with a `text` field"


@fuzz
@given(st.lists(nesting, min_size=1, max_size=5), st.sampled_from(["jsonl", "json", "stdin"]))
def test_deep_nesting(values: list[tuple[int, str, str]], where: str) -> None:
    with Case("deep nesting") as case, tempfile.TemporaryDirectory() as tmp:
        lines = []
        for n, (depth, kind, place) in enumerate(values):
            lines.append(_dump({"text": f"{BODY} Good {n}."}))
            nested = _nest(depth, kind)
            lines.append(nested if place == "line" else
                         '{"text": "Talks went on, officials said.", "' +
                         ("x" if place == "extra" else "title") + '": ' + nested + "}")
        items = _read(lines, where, Path(tmp))
        texts = Counter(i.text for i in items if isinstance(i, Article))
        expected = [_nested_outcome(*v) for v in values]
        case.valid(len(values) + expected.count("article"))
        missing = [n for n in range(len(values)) if not texts[f"{BODY} Good {n}."]]
        missing += ["extra"] * (expected.count("article") -
                                texts["Talks went on, officials said."])
        case.lost(len(missing))
        assert not missing, ([str(i) for i in items], values)
        errors = sorted(str(e).split(": ", 1)[1] for e in _errors(items))
        assert len(errors) == len(values) - expected.count("article"), (errors, values)
        for reason in (r for r in expected if r != "article"):
            assert any(e.startswith(reason) for e in errors), (reason, errors)


def _read(lines: list[str], where: str, tmp: Path) -> list[Any]:
    """The lines as a JSON Lines file, a JSON array document, or stdin."""
    if where == "stdin":
        return list(read_stdin(stream=io.BytesIO(("\n".join(lines) + "\n").encode())))
    if where == "json":
        path = tmp / "doc.json"
        path.write_text("[" + ",\n".join(lines) + "]", encoding="utf-8")
    else:
        path = tmp / "feed.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = list(read_articles([str(path)]))
    _check_names(items, str(path))
    return items


# -- huge numbers ------------------------------------------------------------------------
number = st.one_of(
    st.integers(min_value=1, max_value=20_000).map(lambda n: "9" * n),
    st.integers(min_value=1, max_value=20_000).map(lambda n: "-" + "1" * n),
    st.integers(min_value=1, max_value=5000).map(lambda n: "1" * n + ".5e" + str(n)),
    st.sampled_from(["1e999", "-1e999", "NaN", "Infinity", "-Infinity", "0", "-0.0"]),
)


def _finite(literal: str) -> bool:
    from accord.ingest.jsonsafe import loads

    value = loads(literal)
    return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))


@fuzz
@given(st.lists(st.tuples(number, st.sampled_from(["extra", "title", "published", "text"])),
                min_size=1, max_size=5), st.sampled_from(["jsonl", "json", "stdin"]))
def test_huge_numbers(values: list[tuple[str, str]], where: str) -> None:
    with Case("huge numbers") as case, tempfile.TemporaryDirectory() as tmp:
        lines = []
        for n, (literal, field) in enumerate(values):
            text = f'"{BODY} Line {n}."'
            if field == "text":
                lines.append('{"text": ' + literal + "}")
            else:
                lines.append('{"text": ' + text + ', "' + ("x" if field == "extra" else field) +
                             '": ' + literal + "}")
        items = _read(lines, where, Path(tmp))
        texts = {i.text for i in items if isinstance(i, Article)}
        for n, (literal, field) in enumerate(values):
            kept = f"{BODY} Line {n}." in texts
            must_keep = field == "extra" or (field == "published" and _finite(literal))
            case.valid(must_keep)
            if must_keep and not kept:
                case.lost()
            assert kept == must_keep, (literal[:30], field, [str(i)[:200] for i in items])
        refused = sum(1 for literal, field in values
                      if field in ("title", "text") or
                      (field == "published" and not _finite(literal)))
        assert len(_errors(items)) == refused, [str(i)[:200] for i in _errors(items)]
        assert all(len(str(i)) < 400 for i in items if not isinstance(i, Article))


# -- publication dates through the pipeline ---------------------------------------------
RELATIVE = ["yesterday", "last year", "next month", "on Tuesday", "last August",
            "January 20th", "this year", "overnight", "next week", "two years ago"]


@fuzz
@given(st.one_of(dates, st.dates().map(lambda d: d.isoformat())),
       st.lists(st.sampled_from(RELATIVE), min_size=1, max_size=4))
def test_publication_dates_through_the_pipeline(nlp: Any, published: str,
                                                words: list[str]) -> None:
    from accord.record import check_offsets
    from accord.runner import process_batch

    with Case("dates through the pipeline") as case, tempfile.TemporaryDirectory() as tmp:
        text = " ".join(f"Lavrov said {w} that Moscow rejected the offer." for w in words)
        feed = Path(tmp) / "feed.jsonl"
        feed.write_text(_dump({"text": text, "published": published}) + "\n", encoding="utf-8")
        case.valid()
        items = list(read_articles([str(feed)]))
        articles = [i for i in items if isinstance(i, Article)]
        if len(articles) != 1:
            case.lost()
        (article,) = articles
        (record,) = process_batch(nlp, [article], timeout=None)
        if not isinstance(record, dict):
            case.lost()
        assert isinstance(record, dict), str(record)
        assert check_offsets(record) == [] and record["text"] == text
        day = parse_day(published) if published.strip() else None
        if day is not None and YEARS[0] <= day.year <= YEARS[1]:
            assert record["published"] == day.isoformat()
        else:
            assert record["published"] in (None, record.get("published_estimated",
                                                            {}).get("value"))


# -- damaged encodings -------------------------------------------------------------------
piece = st.one_of(st.text(alphabet=st.characters(codec="utf-8",
                                                 exclude_categories=("Cs", "Cc", "Zl", "Zp")),
                          min_size=1, max_size=20),
                  st.sampled_from(["“", "”", "é", "—", "Zürich", "Пе", "😀"]))


@fuzz
@given(st.lists(piece, min_size=1, max_size=30),
       st.lists(st.integers(min_value=0x80, max_value=0xBF), min_size=1, max_size=3))
def test_damaged_utf8(pieces: list[str], bad: list[int]) -> None:
    with Case("damaged encodings") as case, tempfile.TemporaryDirectory() as tmp:
        head = "Officials said " + " ".join(p.strip() or "x" for p in pieces)
        text = head + " on Monday."
        valid = sum(1 for ch in text if ord(ch) > 127)
        path = Path(tmp) / "a.txt"  # continuation bytes after a space: each one invalid
        path.write_bytes(head.encode() + b" " + bytes(bad) + b" on Monday.")
        items = list(read_articles([str(path)]))
        _check_names(items, str(path))
        case.valid()
        articles = [i for i in items if isinstance(i, Article)]
        if not articles:
            case.lost()
        assert articles, [str(i) for i in items]
        if valid >= len(bad):  # mostly UTF-8: every valid character kept, bad bytes counted
            k = len(bad)
            assert [str(i) for i in items[:-1]] == [
                f"{path}: mostly UTF-8, but {k:,} invalid byte{'' if k == 1 else 's'} replaced "
                f"by U+FFFD ({valid:,} valid non-ASCII character{'' if valid == 1 else 's'} "
                "kept)"]
            assert articles[0].text == head + " " + "\ufffd" * k + " on Monday."


# -- hostile folder trees ----------------------------------------------------------------
tree_entry = st.tuples(st.sampled_from(["file", "dir", "link-up", "link-self", "dangling",
                                        "fifo", "bin", "hidden", "link-file"]),
                       st.integers(min_value=0, max_value=3))


@fuzz
@given(st.lists(tree_entry, min_size=1, max_size=12))
def test_hostile_folder_trees(entries: list[tuple[str, int]]) -> None:
    with Case("folder trees") as case, tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "root"
        folders = [root]
        root.mkdir()
        files: list[Path] = []
        for n, (kind, parent) in enumerate(entries):
            base = folders[parent % len(folders)]
            path = base / f"e{n}"
            if kind == "file":
                path = path.with_suffix(".txt")
                path.write_text(f"{BODY} File {n}.")
                files.append(path)
            elif kind == "dir":
                path.mkdir()
                folders.append(path)
            elif kind == "link-up":
                path.symlink_to(root)
            elif kind == "link-self":
                path.symlink_to(path)
            elif kind == "dangling":
                path.symlink_to(base / "nothing")
            elif kind == "fifo":
                os.mkfifo(path.with_suffix(".txt"))
            elif kind == "bin":
                path.with_suffix(".bin").write_bytes(b"\x00")
            elif kind == "hidden":
                (base / f".e{n}.txt").write_text(BODY)
            elif kind == "link-file" and files:
                path.with_suffix(".txt").symlink_to(files[0])
        items = list(read_articles([str(root)]))
        _check_names(items, str(root))
        texts = {i.text for i in items if isinstance(i, Article)}
        case.valid(len(files))
        missing = [f for f in files if f.read_text() not in texts]
        case.lost(len(missing))
        assert not missing
        seen = {str(i).split(": ")[0] for i in items if not isinstance(i, Article)}
        seen |= {i.source for i in items if isinstance(i, Article)}
        for folder, dirs, names in os.walk(root):  # links are listed, not followed
            for name in dirs + names:
                path = Path(folder) / name
                if path.is_symlink() or not path.is_dir():
                    assert str(path) in seen, (path, sorted(seen))  # read or reported
