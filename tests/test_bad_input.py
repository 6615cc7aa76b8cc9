"""Bad input at the command line: one clear line per failure naming the input
and the reason, the batch goes on, nothing stored is lost, no traceback, and
the exit code is 1 when anything failed."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from accord.errors import InputError
from accord.ingest import readers
from accord.ingest.notes import InputWarning
from accord.ingest.readers import read_articles, read_stdin
from accord.model import Article
from accord.store import Store

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "COLUMNS": "250"}  # one line per message, never wrapped
BODY = ("Talks in Doha ended on Monday without a deal, officials said.\n"
        "Qatar's prime minister said both delegations would return next week.\n")
CP1252 = "Café diplomacy — “we are ready”, said Peskov in Moscow on Monday.\n"
LATIN1 = "Gespräche in Zürich: Ministerin Åsa said talks would resume.\n"
UTF16 = "Zelenskyy said “Ukraine is ready” on Tuesday in Kyiv.\n"


def accord(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "accord.cli", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=300)


def make_bad_folder(folder: Path) -> None:
    folder.mkdir()
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "cp1252.txt").write_bytes((CP1252 + BODY).encode("cp1252"))
    (folder / "latin1.txt").write_bytes((LATIN1 + BODY).encode("latin-1"))
    (folder / "utf16.txt").write_bytes((UTF16 + BODY).encode("utf-16"))  # with its BOM
    with (folder / "huge.txt").open("wb") as fh:
        fh.truncate(50 * 1024 * 1024)  # 50 MB (sparse: rejected before it is read)
    (folder / "nothing.html").write_text("<html><head><title>t</title></head><body><div><p>"
                                         "<<<>>></div></span>")
    (folder / "unclosed.html").write_text(
        "<html><body><div><p>Peskov said on Monday that the Kremlin would study the "
        "ceasefire offer carefully before it answered.<p>Talks in Riyadh <b>would resume "
        "next week, he added, and Moscow would send a delegation.</div></span></i>")
    (folder / "feed.jsonl").write_text("\n".join([
        json.dumps({"text": "Talks in Doha ended on Monday, officials said.",
                    "url": "https://example.org/1"}),
        '{"text": oops',
        json.dumps({"text": "Peskov said the Kremlin would consider the offer.",
                    "url": "https://example.org/3"}),
    ]) + "\n")


def _stored_texts(db: Path) -> dict[str, str]:
    with Store.open(db, create=False) as store:
        return {r["source"]: r["text"] for r in store.iter_records()}


def test_bad_files_each_get_one_clear_line_and_the_batch_goes_on(tmp_path: Path) -> None:
    folder, db = tmp_path / "in", tmp_path / "store.db"
    make_bad_folder(folder)
    earlier = {"doc_id": "0123456789abcdef", "source": "earlier.txt", "outlet": None,
               "title": None, "published": None, "text": "Stored before the bad batch.",
               "entities": [], "quotes": [], "events": [], "proposals": []}
    with Store.open(db) as store:
        store.put_record(earlier)
    missing = tmp_path / "no-such-file.txt"

    result = accord("ingest", str(folder), str(missing), "--db", str(db), "-q")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    errors = sorted(result.stderr.strip().splitlines())
    assert errors == sorted([
        f"error: {folder / 'binary.txt'}: binary file (contains NUL bytes), not text: "
        "skip it or convert it",
        f"error: {folder / 'empty.txt'}: empty file: nothing to ingest",
        f"error: {folder / 'feed.jsonl'}#2: malformed JSON line (Expecting value at "
        "column 10)",
        f"error: {folder / 'huge.txt'}: too large (52.4 MB > 2.1 MB limit); raise the "
        "limit with --max-bytes if this is really one article",
        f"error: {folder / 'nothing.html'}: no article text: not one letter in it, only "
        "symbols or markup",
        f"error: {missing}: no such file or folder",
    ])
    assert result.stdout.startswith("stored 6, unchanged 0, replaced 0, failed 6 ")

    texts = _stored_texts(db)
    assert texts["earlier.txt"] == earlier["text"]  # nothing stored before is lost
    assert texts[str(folder / "cp1252.txt")] == (CP1252 + BODY).strip()
    assert texts[str(folder / "latin1.txt")] == (LATIN1 + BODY).strip()
    assert texts[str(folder / "utf16.txt")] == (UTF16 + BODY).strip()
    assert "would study the ceasefire offer" in texts[str(folder / "unclosed.html")]
    assert set(texts) >= {"https://example.org/1", "https://example.org/3"}
    assert len(texts) == 7


def run_main(monkeypatch: Any, capsys: Any, *args: str,
             stdin: bytes | None = None) -> tuple[int, str]:
    """`accord ARGS` in this process, through `main` (the CLI's error edge)."""
    from accord.cli import main

    monkeypatch.setattr(sys, "argv", ["accord", *args])
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin)))
    with pytest.raises(SystemExit) as exit_:
        main()
    return int(exit_.value.code or 0), capsys.readouterr().err


@pytest.mark.parametrize("where", ["/proc/accord.db", "{tmp}/file.txt/accord.db",
                                   "{tmp}/no/such/folder/accord.db"])
def test_unwritable_db_location_is_one_line(tmp_path: Path, where: str, monkeypatch: Any,
                                            capsys: Any) -> None:
    (tmp_path / "file.txt").write_text(BODY)
    db = where.format(tmp=tmp_path)
    code, err = run_main(monkeypatch, capsys, "ingest", str(tmp_path / "file.txt"),
                         "--db", db, "-q")
    assert code == 1
    assert "Traceback" not in err
    (line,) = err.strip().splitlines()
    assert line.startswith(f"error: {db}: ")
    assert "--db" in line


# -- --max-bytes, for every kind of input --------------------------------------------
def _errors(items: list[Any]) -> list[str]:
    return [str(i) for i in items if isinstance(i, InputError)]


def test_max_bytes_applies_to_text_html_jsonl_json_and_stdin(tmp_path: Path) -> None:
    long = BODY * 20  # about 2.6 kB
    (tmp_path / "a.txt").write_text(long)
    (tmp_path / "b.html").write_text(f"<html><body><p>{long}</p></body></html>")
    (tmp_path / "c.jsonl").write_text(json.dumps({"text": BODY}) + "\n" +
                                      json.dumps({"text": long}) + "\n")
    (tmp_path / "d.json").write_text(json.dumps({"text": long}))
    items = list(read_articles([str(tmp_path)], max_bytes=1000))
    errors = _errors(items)
    assert [e.split(":")[0] for e in errors] == [
        str(tmp_path / "a.txt"), str(tmp_path / "b.html"), f"{tmp_path / 'c.jsonl'}#2",
        str(tmp_path / "d.json")]
    assert all("too large" in e and "--max-bytes" in e for e in errors)
    assert sum(isinstance(i, Article) for i in items) == 1  # the short JSON line

    for data in (long.encode(), json.dumps({"text": long}).encode(),
                 (json.dumps({"text": BODY}) + "\n" + json.dumps({"text": long})).encode()):
        items = list(read_stdin(stream=io.BytesIO(data), max_bytes=1000))
        assert any("too large" in e for e in _errors(items)), data[:40]
    assert list(read_articles([str(tmp_path / "a.txt")], max_bytes=10_000))[0].text


def test_empty_and_binary_stdin_are_errors_not_crashes() -> None:
    for data in (b"", b"  \n", b"\x00\x01\x02" * 50):
        (item,) = list(read_stdin(stream=io.BytesIO(data)))
        assert isinstance(item, InputError) and str(item).startswith("stdin: ")


def test_too_large_stdin_through_the_cli(tmp_path: Path, monkeypatch: Any,
                                         capsys: Any) -> None:
    code, err = run_main(monkeypatch, capsys, "ingest", "-", "--db", str(tmp_path / "s.db"),
                         "-q", "--max-bytes", "50", stdin=BODY.encode())
    assert code == 1
    assert err.startswith(f"error: stdin: too large ({len(BODY)} bytes > 50 bytes limit); "
                          "raise the limit with --max-bytes")
    assert "Traceback" not in err


def test_jsonl_with_a_bom_utf16_or_a_giant_line(tmp_path: Path) -> None:
    lines = [json.dumps({"text": BODY, "url": "https://example.org/1"}, ensure_ascii=False),
             json.dumps({"text": "x" * 5000}),
             json.dumps({"text": CP1252, "url": "https://example.org/3"}, ensure_ascii=False)]
    text = "\n".join(lines) + "\n"
    (tmp_path / "bom.jsonl").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (tmp_path / "utf16.jsonl").write_bytes(text.encode("utf-16"))
    for name in ("bom.jsonl", "utf16.jsonl"):
        items = list(read_articles([str(tmp_path / name)], max_bytes=1000))
        assert [type(i) for i in items] == [Article, InputError, Article], name
        assert items[0].source == "https://example.org/1"
        assert items[2].text == CP1252.strip()
        assert str(items[1]).startswith(f"{tmp_path / name}#2: too large (")

    with (tmp_path / "giant.jsonl").open("wb") as fh:  # a 30 MB line is never held whole
        fh.write(lines[0].encode() + b"\n" + b'{"text": "' + b"y" * 30_000_000 + b'"}\n' +
                 lines[2].encode() + b"\n")
    items = list(read_articles([str(tmp_path / "giant.jsonl")]))
    assert [type(i) for i in items] == [Article, InputError, Article]
    assert str(items[1]) == (f"{tmp_path / 'giant.jsonl'}#2: too large (30.0 MB > 2.1 MB "
                             "limit); raise the limit with --max-bytes if this is really "
                             "one article")


def slow_page() -> str:
    """A page lxml and trafilatura spend seconds on (about 8 s on a 2020s core)."""
    return "<html><body>" + "<p>x" * 170_000 + "</body></html>"


def test_html_that_stalls_the_parser_is_stopped_on_time(tmp_path: Path,
                                                        monkeypatch: Any) -> None:
    """The parse runs in a helper process that the limit ends: the limit holds
    to the second even inside one long C call, and the next page is parsed by
    a fresh helper."""
    import time

    from accord.ingest import html

    monkeypatch.setattr(html, "HTML_SECONDS", 0.5)
    page = tmp_path / "slow.html"
    page.write_text(slow_page(), encoding="utf-8")
    fine = tmp_path / "fine.html"
    fine.write_text("<html><body><p>Peskov said on Monday that the Kremlin would study the "
                    "ceasefire offer carefully before it answered.</p></body></html>")
    html.stop_helper()
    list(readers.read_articles([str(fine)]))  # the helper's start is not counted per page
    started = time.perf_counter()
    items = list(readers.read_articles([str(page), str(fine)]))
    assert time.perf_counter() - started < 4
    assert [str(i) if isinstance(i, InputError) else type(i) for i in items] == [
        f"{page}: HTML took longer than 0.5 s to parse; skipped", Article]
    assert items[1].text.startswith("Peskov said on Monday")


def stall(raw: str) -> Any:
    """An extractor stuck in one C call no signal interrupts (runs in the helper
    process): a regular expression that backtracks for longer than a lifetime."""
    import re

    return re.match(r"(x+x+)+y", "x" * 60)


def test_html_limit_holds_for_a_stuck_extractor(tmp_path: Path, monkeypatch: Any) -> None:
    import time

    from accord.ingest import html

    monkeypatch.setattr(html, "HTML_SECONDS", 0.3)
    monkeypatch.setattr(html, "EXTRACT", stall)
    page = tmp_path / "slow.html"
    page.write_text("<html><body><p>Talks resumed in Doha on Monday.</p></body></html>")
    text = tmp_path / "fine.txt"
    text.write_text("Talks resumed in Doha on Monday, officials said.", encoding="utf-8")
    try:
        started = time.perf_counter()
        items = list(readers.read_articles([str(page), str(text)]))
        assert time.perf_counter() - started < 15  # the helper's start (spawn) included
        assert str(items[0]) == f"{page}: HTML took longer than 0.3 s to parse; skipped"
        assert isinstance(items[1], Article)
        assert items[1].text.startswith("Talks resumed in Doha")
    finally:
        html.stop_helper()


# -- JSON that used to abort the batch: deep nesting, huge integers -------------------
DEEP = "[" * 1000 + "]" * 1000
HUGE = "1" * 5000


def _json_line(text: str, **fields: Any) -> str:
    return json.dumps({"text": text, **fields})


def _lines(items: list[Any]) -> list[str]:
    return [str(i) if not isinstance(i, Article) else f"article {i.source}" for i in items]


def test_deep_nesting_and_huge_integers_in_jsonl_cost_only_their_line(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        _json_line(BODY, url="https://example.org/1"),
        '{"text": "Talks.", "extra": ' + DEEP + "}",
        '{"text": "Talks in Doha.", "n": ' + HUGE + ', "url": "https://example.org/3"}',
        '{"text": "Talks in Doha.", "title": ' + HUGE + "}",
        '{"text": "Talks in Doha.", "published": -' + HUGE + "}",
        DEEP,
        _json_line(BODY + " Later.", url="https://example.org/7"),
    ]) + "\n", encoding="utf-8")
    assert _lines(list(read_articles([str(feed)]))) == [
        "article https://example.org/1",
        f"{feed}#2: JSON nested deeper than 200 levels: not an article",
        "article https://example.org/3",  # the huge number is in a field no reader uses
        f"{feed}#4: `title` must be a string or null, not a number of 5,000 digits: fix the "
        "field or leave it out",
        f"{feed}#5: `published` must be a date string or null, not a number of 5,000 digits: "
        "fix the field or leave it out",
        f"{feed}#6: JSON nested deeper than 200 levels: not an article",
        "article https://example.org/7",
    ]


def test_deep_nesting_and_huge_integers_in_json_documents(tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text('{"text": "Talks.", "x": ' + DEEP + "}", encoding="utf-8")
    array = tmp_path / "array.json"
    array.write_text("[" + ", ".join([
        _json_line(BODY, url="https://example.org/a1"),
        '{"text": "Talks.", "x": ' + DEEP + "}",
        '{"text": "Talks in Doha.", "n": ' + HUGE + ', "url": "https://example.org/a3"}',
        '{"text": broken}',
        _json_line(BODY + " Later.", url="https://example.org/a5"),
    ]) + "]", encoding="utf-8")
    big = tmp_path / "big.json"
    big.write_text('{"text": "Talks in Doha ended.", "views": ' + HUGE + "}", encoding="utf-8")
    items = list(read_articles([str(array), str(big), str(deep)]))
    assert _lines(items) == [
        "article https://example.org/a1",
        f"{array}#2: JSON nested deeper than 200 levels: not an article",
        "article https://example.org/a3",
        f"{array}#4: malformed JSON item (Expecting value at column 10)",
        "article https://example.org/a5",
        f"article {big}",
        f"{deep}: JSON nested deeper than 200 levels: not an article",
    ]
    broken = tmp_path / "broken.json"  # a malformed array: read item by item, and said so
    broken.write_text("[" + _json_line(BODY, url="https://example.org/b1") + ", {oops}, " +
                      _json_line(BODY + " Later.", url="https://example.org/b3"),
                      encoding="utf-8")
    assert _lines(list(read_articles([str(broken)]))) == [
        f"{broken}: malformed JSON (Expecting property name enclosed in double quotes at "
        f"line 1 column {len(_json_line(BODY, url='https://example.org/b1')) + 5}): its "
        "items are read one by one",
        "article https://example.org/b1",
        f"{broken}#2: malformed JSON item (Expecting property name enclosed in double quotes"
        " at column 2)",
        "article https://example.org/b3",
    ]


def test_deep_nesting_and_huge_integers_on_stdin() -> None:
    def stdin(data: str) -> list[str]:
        return _lines(list(read_stdin(stream=io.BytesIO(data.encode()))))

    assert stdin(DEEP) == ["stdin#1: JSON nested deeper than 200 levels: not an article"]
    assert stdin('{"text": "Talks.", "x": ' + DEEP + "}") == [
        "stdin#1: JSON nested deeper than 200 levels: not an article"]
    assert stdin("{\n" + '"text": "Talks.", "x": ' + DEEP + "\n}") == [
        "stdin: JSON nested deeper than 200 levels: not an article"]
    assert stdin(_json_line(BODY, url="https://example.org/1") + "\n" +
                 '{"text": "Talks.", "x": ' + DEEP + "}\n" +
                 '{"text": "Talks in Doha.", "n": ' + HUGE + "}\n") == [
        "article https://example.org/1",
        "stdin#2: JSON nested deeper than 200 levels: not an article",
        "article stdin#3"]
    assert stdin('{"text": "Talks in Doha.",\n "n": ' + HUGE + "}") == ["article stdin"]


def test_hostile_json_through_the_cli_is_one_line_each(tmp_path: Path, monkeypatch: Any,
                                                       capsys: Any) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text("\n".join([
        _json_line(BODY, url="https://example.org/1"),
        '{"text": "Talks.", "extra": ' + DEEP + "}",
        '{"text": "Talks in Doha ended on Monday, officials said.", "n": ' + HUGE + "}",
    ]) + "\n", encoding="utf-8")
    code, err = run_main(monkeypatch, capsys, "ingest", str(feed), "-", "--db",
                         str(tmp_path / "s.db"), "-q", stdin=DEEP.encode())
    assert code == 1
    assert err.splitlines() == [
        f"error: {feed}#2: JSON nested deeper than 200 levels: not an article",
        "error: stdin#1: JSON nested deeper than 200 levels: not an article"]
    assert capsys.readouterr().out == ""  # (printed already: run_main read it)
    with Store.open(tmp_path / "s.db", create=False) as store:
        assert store.count_documents() == 2


# -- metadata fields -----------------------------------------------------------------
REFUSED = [
    ("title", 5, "`title` must be a string or null, not a number (5)"),
    ("title", 2.5, "`title` must be a string or null, not a number (2.5)"),
    ("title", True, "`title` must be a string or null, not a boolean (true)"),
    ("title", float("nan"), "`title` must be a string or null, not NaN"),
    ("title", ["a", "b"], "`title` must be a string or null, not a list"),
    ("outlet", float("inf"), "`outlet` must be a string or null, not Infinity"),
    ("outlet", float("-inf"), "`outlet` must be a string or null, not -Infinity"),
    ("outlet", {"name": "Reuters"}, "`outlet` must be a string or null, not an object"),
    ("url", 12, "`url` must be a string or null, not a number (12)"),
    ("published", float("nan"), "`published` must be a date string or null, not NaN"),
    ("published", ["2025-03-01"], "`published` must be a date string or null, not a list"),
    ("published", {"y": 2025}, "`published` must be a date string or null, not an object"),
]
WARNED = [
    ("not a date", None, "`published` 'not a date' is not a date: stored as null"),
    ("0001-01-01", None, "`published` '0001-01-01' is not a publication date (year 1 is "
                         "outside 1800-2999: a placeholder): stored as null"),
    ("9999-12-31T23:59:59Z", None, "`published` '9999-12-31T23:59:59Z' is not a publication "
                                   "date (year 9999 is outside 1800-2999: a placeholder): "
                                   "stored as null"),
    (1710000000, None, "`published` is a number (1710000000), not a date: stored as null"),
    (False, None, "`published` is a boolean (false), not a date: stored as null"),
    ("2025-03-12T10:00:00Z", "2025-03-12", None),
    ("12 March 2025", "2025-03-12", None),
    ("", None, None),
    (None, None, None),
]


@pytest.mark.parametrize(("field", "value", "message"), REFUSED)
def test_metadata_that_is_not_a_string_or_date_refuses_the_article(
        tmp_path: Path, field: str, value: Any, message: str) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_json_line(BODY, url="https://example.org/1") + "\n" +
                    _json_line(BODY + " Two.", **{field: value}) + "\n" +
                    _json_line(BODY + " Three.", url="https://example.org/3") + "\n",
                    encoding="utf-8")
    assert _lines(list(read_articles([str(feed)]))) == [
        "article https://example.org/1",
        f"{feed}#2: {message}: fix the field or leave it out",
        "article https://example.org/3"]


@pytest.mark.parametrize(("value", "stored", "message"), WARNED)
def test_published_that_is_no_date_is_null_with_a_warning(tmp_path: Path, value: Any,
                                                          stored: str | None,
                                                          message: str | None) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_json_line(BODY, published=value, url="https://example.org/1") + "\n",
                    encoding="utf-8")
    items = list(read_articles([str(feed)]))
    assert [str(i) for i in items[:-1]] == ([f"{feed}#1: {message}"] if message else [])
    assert all(isinstance(i, InputWarning) for i in items[:-1])
    article = items[-1]
    assert isinstance(article, Article) and article.published == stored
    assert article.text == BODY.strip()


def test_control_characters_in_metadata_are_removed_with_a_warning(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    feed.write_text(_json_line(BODY, title="Talks\x00 end\x07", outlet="  Example\x1b  ") +
                    "\n", encoding="utf-8")
    warnings, article = (lambda i: (i[:-1], i[-1]))(list(read_articles([str(feed)])))
    assert [str(w) for w in warnings] == [f"{feed}#1: `title`: 2 control characters removed",
                                         f"{feed}#1: `outlet`: 1 control character removed"]
    assert (article.title, article.outlet) == ("Talks end", "Example")


def test_zero_date_with_yesterday_keeps_the_article(tmp_path: Path, store: Any,
                                                    nlp: Any) -> None:
    """A feed's 0001-01-01 made the date component overflow ("yesterday" is the
    day before year 1) and the article was lost; now its date is null."""
    from accord.runner import ingest

    feed = tmp_path / "feed.jsonl"
    text = ("Russia's foreign minister Sergei Lavrov said yesterday that Moscow rejected "
            "the ceasefire proposal.")
    feed.write_text(_json_line(text, published="0001-01-01", url="https://example.org/z") +
                    "\n", encoding="utf-8")
    summary = ingest(read_articles([str(feed)]), store, nlp=nlp)
    assert (summary.stored, summary.failed, summary.warnings) == (1, 0, 1)
    assert summary.notes == [f"warning: {feed}#1: `published` '0001-01-01' is not a "
                             "publication date (year 1 is outside 1800-2999: a placeholder): "
                             "stored as null"]
    (record,) = list(store.iter_records())
    assert record["text"] == text and record["published"] is None
    assert record["source"] == "https://example.org/z"


def test_metadata_in_html_is_checked_too(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><head><meta property='article:published_time' "
                    "content='0001-01-01'></head><body><article><p>Peskov said on Monday that "
                    "the Kremlin would study the ceasefire offer carefully before it answered."
                    "</p></article></body></html>", encoding="utf-8")
    items = list(read_articles([str(page)]))
    article = items[-1]
    assert isinstance(article, Article) and article.published is None
    assert all(isinstance(i, InputWarning) for i in items[:-1])


# -- encodings -------------------------------------------------------------------------
def test_mostly_utf8_file_stays_utf8_with_bad_bytes_replaced_and_counted(
        tmp_path: Path) -> None:
    parts = ["“We are ready,” said Peskov", " in Moscow — talks", " in Zürich resume.\n" + BODY]
    path = tmp_path / "stray.txt"
    path.write_bytes(parts[0].encode() + b"\x93" + parts[1].encode() + b"\xff\xfe" +
                     parts[2].encode())
    items = list(read_articles([str(path)]))
    assert [str(i) for i in items[:-1]] == [
        f"{path}: mostly UTF-8, but 3 invalid bytes replaced by U+FFFD (4 valid non-ASCII "
        "characters kept)"]
    article = items[-1]
    assert isinstance(article, Article)
    assert article.text == (parts[0] + "\ufffd" + parts[1] + "\ufffd\ufffd" + parts[2]).strip()
    assert "“We are ready,”" in article.text and "Zürich" in article.text


def test_legacy_encodings_are_decoded_whole_when_the_evidence_says_so(tmp_path: Path) -> None:
    cases = {
        "cp1252.txt": (CP1252 + BODY, "cp1252"),
        "spanish.txt": ("El señor Peña dijo que la reunión en Bogotá terminó sin acuerdo.\n" +
                        BODY, "cp1252"),
        "ascii-smart-quotes.txt": ("He said “we are ready” on Monday.\n" + BODY, "cp1252"),
        "cyrillic.txt": ("Переговоры в Дохе завершились в понедельник без соглашения.\n" +
                         BODY, "cp1251"),
    }
    for name, (text, encoding) in cases.items():
        (tmp_path / name).write_bytes(text.encode(encoding))
    items = list(read_articles([str(tmp_path)]))
    assert all(isinstance(i, Article) for i in items), items  # no warning: no bytes lost
    assert {Path(i.source).name: i.text for i in items} == {
        name: text.strip() for name, (text, _) in cases.items()}


def test_a_jsonl_line_with_a_stray_byte_keeps_its_quotes_and_its_number(tmp_path: Path) -> None:
    feed = tmp_path / "feed.jsonl"
    good = _json_line("“Ready,” said Peskov on Monday in Moscow.", url="https://example.org/1")
    stray = json.dumps({"text": "“Ready,” said Peskov in Moscow. X", "url": "https://e.org/2"},
                       ensure_ascii=False).encode().replace(b" X", b" \x93")
    feed.write_bytes(good.encode() + b"\n" + stray + b"\n" + good.encode() + b"\n")
    items = list(read_articles([str(feed)]))
    assert _lines(items) == [
        "article https://example.org/1",
        f"{feed}#2: mostly UTF-8, but 1 invalid byte replaced by U+FFFD (2 valid non-ASCII "
        "characters kept)",
        "article https://e.org/2", "article https://example.org/1"]
    assert items[2].text == "“Ready,” said Peskov in Moscow. \ufffd"
