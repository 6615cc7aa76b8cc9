"""Fuzzing: the cleaner, the readers, every extractor (through the whole
pipeline) and the exporter on random and adversarial text. Never an
exception; offsets always hold.

`ACCORD_FUZZ_EXAMPLES` is the number of generated cases for the whole module,
shared out between the property tests (`make fuzz` sets 10,000); without it
each property runs a few dozen cases so `make test` stays fast.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from accord.errors import InputError
from accord.export import CSV_FIELDS, csv_rows, write_csv, write_jsonl
from accord.ingest.clean import clean_text, normalise_newlines
from accord.ingest.notes import InputNote
from accord.ingest.readers import (
    article_from_text,
    decode_bytes,
    iter_json_lines,
    read_html,
)
from accord.model import Article
from accord.record import check_offsets

PROPERTY_TESTS = 9  # the @fuzz tests below: the budget is shared between them
_TOTAL = int(os.environ.get("ACCORD_FUZZ_EXAMPLES", "0") or 0)
EXAMPLES = -(-_TOTAL // PROPERTY_TESTS) if _TOTAL else 30

fuzz = settings(max_examples=EXAMPLES, deadline=None, derandomize=not _TOTAL,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.filter_too_much],
                database=None)

# -- what messy news text is made of ----------------------------------------------
QUOTES = ['"', "“", "”", "‘", "’", "'", "«", "»", "„", "‹", "›", "``", "''", "「", "」"]
NEWLINES = ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\n\n", "\x0b", "\x0c"]
CONTROL = [chr(c) for c in range(0, 32)] + ["\x7f", "\u200b", "\u200e", "\u200f", "\u202e",
                                             "\ufeff", "\u00ad", "\ufffd"]
EXOTIC = ["שלום", "مرحبا", "السلام", "😀", "🇺🇦", "👨\u200d👩\u200d👧", "e\u0301", "ﬁ",
          "Ⅻ", "İ", "ß", "ǅ", "\U0001d400", "٣", "𝔘𝔨𝔯𝔞𝔦𝔫𝔢"]
HTML = ["<p>", "</p>", "<b>", "</div>", "<br/>", "&amp;", "&nbsp;", "&#8220;", "<script>",
        "<!--", "-->", "<a href='x'>", "]]>", "<![CDATA["]
WORDS = ["Putin", "Zelenskyy", "Zelensky", "Trump", "Witkoff", "Peskov", "Kremlin", "Kyiv",
         "Moscow", "Ukraine", "Russia", "NATO", "the", "president", "he", "she", "they",
         "said", "told", "reporters", "added", "according", "to", "proposed", "a",
         "ceasefire", "30-day", "rejected", "accepted", "the", "offer", "if", "unless",
         "must", "withdraw", "from", "Donetsk", "on", "Monday", "last", "week", "yesterday",
         "January", "20th", "2025", "talks", "will", "begin", "did", "not", "agree",
         "sanctions", "attack", "drone", "Mr.", "Dr.", "U.S.", "E.U.", "St.", "...", "—",
         "–", "-", ",", ".", "?", "!", ":", ";", "(", ")", "[", "]", " ", " ", " ", "  ",
         "\t"]

token = st.one_of(
    st.sampled_from(WORDS), st.sampled_from(WORDS), st.sampled_from(QUOTES),
    st.sampled_from(NEWLINES), st.sampled_from(CONTROL), st.sampled_from(EXOTIC),
    st.sampled_from(HTML), st.text(max_size=6),
)
messy_text = st.lists(token, max_size=160).map(lambda ts: "".join(
    t if t[:1].isspace() or t in QUOTES or t in ",.?!:;)]" else " " + t for t in ts))
quote_heavy = st.lists(st.one_of(st.sampled_from(QUOTES), st.sampled_from(WORDS)),
                       max_size=200).map(" ".join)
any_text = st.one_of(messy_text, quote_heavy, st.text(max_size=400))


def _whole(record: dict[str, Any]) -> None:
    assert check_offsets(record) == [], check_offsets(record)[:5]
    json.dumps(record, ensure_ascii=False).encode("utf-8")  # storable and exportable


# -- cleaner and readers ----------------------------------------------------------
@fuzz
@given(any_text)
@example("\r\n\r\r\u2028" * 50)
@example("Title\r\nBody line one.\rBody \u2028line two.")
def test_cleaner_never_fails_and_keeps_lines_verbatim(raw: str) -> None:
    cleaned = clean_text(raw)
    assert not any(c in cleaned.text for c in "\r\u2028\u2029\x00")
    source_lines = {ln.rstrip() for ln in normalise_newlines(raw).split("\n")}
    for line in cleaned.text.split("\n"):
        assert line == "" or line in source_lines
    assert cleaned.title is None or cleaned.title in {ln.strip() for ln in source_lines}


@fuzz
@given(st.binary(max_size=600))
@example(b"\xff\xfe" + "Talks “ended”.".encode("utf-16-le"))
@example(b"\xfe\xff\x00")
@example(b"\xef\xbb\xbf")
@example("Caf\u00e9 talks \u201cended\u201d \u2014 officials.".encode("cp1252"))
def test_decoding_any_bytes_gives_text_or_an_input_error(data: bytes) -> None:
    try:
        text = decode_bytes(data, "fuzz.txt")
    except InputError as err:
        assert str(err).startswith("fuzz.txt: ")
        return
    assert isinstance(text, str)
    text.encode("utf-8")


@fuzz
@given(st.text(max_size=300).filter(lambda t: t.strip() and "\x00" not in t))
def test_utf8_and_utf16_text_decode_back_to_itself(text: str) -> None:
    assert decode_bytes(text.encode("utf-8"), "x") == text
    assert decode_bytes(text.encode("utf-16"), "x") == text


# Any JSON value a feed may put in a metadata field (NaN, Infinity, huge
# integers, lists, objects): checked by accord.ingest.meta, never stored raw.
any_json = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=4), inner, max_size=3)),
    max_leaves=8)
deep = st.builds(lambda n, o, c: o * n + c * n, st.integers(min_value=150, max_value=2500),
                 st.just("["), st.just("]"))
json_line = st.one_of(
    st.builds(lambda t, title: json.dumps({"text": t, "title": title}), any_text,
              st.one_of(st.none(), st.text(max_size=20))),
    st.builds(lambda t, field, v: json.dumps({"text": t, field: v}), any_text,
              st.sampled_from(["title", "outlet", "url", "published", "date", "extra"]),
              any_json),
    st.builds(lambda t, d: '{"text": ' + json.dumps(t) + ', "x": ' + d + "}", any_text, deep),
    st.builds(lambda field, n: '{"text": "Talks resumed.", "' + field + '": ' + "7" * n + "}",
              st.sampled_from(["views", "title", "published"]),
              st.integers(min_value=4000, max_value=12_000)),
    st.builds(lambda t: json.dumps({"content": t}, ensure_ascii=True), any_text),
    st.builds(lambda t: json.dumps({"text": t}) + " trailing", any_text),
    st.sampled_from(['{"text": "\\ud800 lone surrogate, said Putin."}',
                     '{"text": "pair \\ud83d\\ude00 and lone \\udc00"}',
                     '\ufeff{"text": "BOM first"}', '{"text": 5}', "[]", "null",
                     '{"text": ["a"]}', '{"text": "x"', "{}", '"just a string"']),
    st.text(max_size=80),
)


@fuzz
@given(st.lists(json_line, max_size=8))
def test_json_lines_give_articles_or_errors_and_storable_text(lines: list[str]) -> None:
    items = list(iter_json_lines(lines, "feed.jsonl", max_bytes=100_000))
    outcomes = [i for i in items if not isinstance(i, InputNote)]
    assert len(outcomes) <= len(lines)
    for item in items:
        assert isinstance(item, Article | InputError | InputNote)
        if isinstance(item, Article):
            item.text.encode("utf-8")  # no lone surrogates: the store can write it
            assert item.text.strip()
            for value in (item.title, item.outlet, item.url, item.published):
                assert value is None or isinstance(value, str)  # metadata checked
        else:
            assert str(item).startswith("feed.jsonl#")


html_fragment = st.lists(st.one_of(st.sampled_from(HTML), st.sampled_from(WORDS),
                                   st.sampled_from(QUOTES), st.text(max_size=8)),
                         max_size=120).map(" ".join)


@fuzz
@given(html_fragment)
@example("<html><body><p>Unclosed <b>bold <i>nested</p></div></span>")
@example("<p>" * 500)
def test_html_reader_gives_an_article_or_an_input_error(raw: str) -> None:
    try:
        art = read_html(raw, "page.html")
    except InputError as err:
        assert str(err).startswith("page.html: ")
        return
    assert art.text.strip()


# -- the whole pipeline (every extractor) ------------------------------------------
@fuzz
@given(any_text)
@example('Putin said "we will " talk " to " Zelenskyy " on " Monday "' * 20)
@example("« ‹ “ ‘ ' \" nested ’ ” › » said Peskov.\r\nHe added: “unbalanced")
@example("Zelenskyy said\u2028“we\r\nare ready”\rto talk.\u2029Putin told reporters.")
@example("قال بوتين “نحن مستعدون” 😀🇺🇦 said שלום Putin \u202eon Monday.")
def test_pipeline_never_fails_and_offsets_hold(process: Any, text: str) -> None:
    _whole(process(text, published="2025-03-14"))


@fuzz
@given(any_text)
def test_pipeline_on_cleaned_articles(process: Any, raw: str) -> None:
    try:
        art = article_from_text(raw, "fuzz.txt")
    except InputError:
        return
    _whole(process(art.text, published=None, source=art.source, title=art.title))


# -- exporter ----------------------------------------------------------------------
@fuzz
@given(any_text)
def test_export_round_trips_any_record(process: Any, text: str) -> None:
    record = process(text, published="2025-01-20", source="x\r\n,\"y\".txt",
                     title='Title, with "quotes"\nand a newline')
    buf = io.StringIO()
    assert write_jsonl([record], buf) == 1
    lines = buf.getvalue().splitlines()
    assert len(lines) == 1  # a record is one line whatever its text holds
    assert json.loads(lines[0]) == record
    rows = csv_rows(record)
    with tempfile.TemporaryDirectory() as tmp:
        counts = write_csv([record], tmp)
        for kind in CSV_FIELDS:
            with (Path(tmp) / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
                back = list(csv.DictReader(fh))
            assert len(back) == len(rows[kind]) == counts[kind]


@fuzz
@given(any_text)
def test_store_round_trips_any_record(process: Any, store_db: Any, text: str) -> None:
    record = process(text, source=f"s{len(text)}.txt")
    if store_db.put_record(record) != "unchanged":  # same normalised text, same doc_id
        assert store_db.get_record(record["doc_id"]) == record


@pytest.fixture(scope="module")
def store_db(tmp_path_factory: Any) -> Any:
    from accord.store import Store

    with Store.open(tmp_path_factory.mktemp("fuzz") / "fuzz.db") as s:
        yield s


# -- giants: run by `make fuzz` (minutes), not by `make test` ----------------------
GIANTS = {
    "10,000 straight quote marks": '"' * 10_000,
    "5,000 open and 5,000 close curly quotes": "“" * 5_000 + "”" * 5_000,
    "10,000 spaced quote marks": '" ' * 10_000,
    "unbalanced quotes in prose": 'Putin said "we will " talk " to " Zelenskyy " on " Monday "'
                                  * 300,
    # spaCy's nlp.max_length (1,000,000 characters) is the most one Doc may hold.
    "a megabyte on a single line": ('Putin said "we will talk" to Zelenskyy in Kyiv on '
                                    'Monday. ' * 20_000)[:999_999],
}
# Not here: one run-on sentence of 100 KB (no full stop) takes accord_events many
# minutes (it walks every trigger's ancestors: quadratic); ingest skips such an
# article by its time limit (--timeout).


@pytest.mark.skipif(not _TOTAL, reason="minutes each: run by `make fuzz`")
@pytest.mark.parametrize("name", list(GIANTS))
def test_giant_adversarial_articles(process: Any, name: str) -> None:
    _whole(process(GIANTS[name]))


# -- sizes: one megabyte on a single line ------------------------------------------
def test_one_megabyte_single_line_through_cleaner_and_reader(tmp_path: Path) -> None:
    line = ('Putin said "we will talk" to Zelenskyy in Kyiv on Monday, ' * 20_000)[:1_000_000]
    cleaned = clean_text(line)
    assert cleaned.text == line.rstrip()
    (tmp_path / "big.txt").write_text(line, encoding="utf-8")
    from accord.ingest.readers import read_articles

    (art,) = read_articles([str(tmp_path / "big.txt")])
    assert isinstance(art, Article) and art.text == line.rstrip()

