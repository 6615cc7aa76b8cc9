"""A `.csv` given to ingest is read as one article per row, its text in a column
named `text` (or `content`, `body`); a CSV without one is refused whole with
one line naming its columns (it used to be stored as one article)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from accord.cli import app
from accord.errors import InputError
from accord.ingest.notes import InputWarning
from accord.ingest.readers import read_articles
from accord.model import Article

TALKS = "Talks in Doha ended on Monday without a deal, officials said."
TRUCE = "Russia rejected Ukraine's offer of a 30-day ceasefire, the Kremlin said."


def write_csv(path: Path, rows: list[list[Any]]) -> Path:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def show(items: list[Any]) -> list[str]:
    return [f"{type(i).__name__} {i.source}" + ("" if isinstance(i, Article) else f": {i}")
            for i in items]


def test_one_article_per_row(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "news.csv", [
        ["Title", " TEXT ", "url", "published", "outlet", "section"],
        ["Doha talks", TALKS, "https://example.org/doha", "2025-03-10", "Wire", "world"],
        ["", "", "", "", "", ""],
        ["Truce", f"{TRUCE}\n\nPeskov added more.", "", "2025-03-11", "", "world"],
        ["Short row", TALKS],
        ["No text", "", "", "", "", ""],
        ["Bad date", TALKS + " Again.", "", "yesterday", "", ""],
    ])
    items = list(read_articles([str(f)]))
    assert [type(i).__name__ for i in items] == [
        "Article", "Article", "InputError", "InputError", "InputWarning", "Article"]
    doha, truce = items[0], items[1]
    assert isinstance(doha, Article) and isinstance(truce, Article)
    assert (doha.source, doha.title, doha.url, doha.published, doha.outlet) == (
        "https://example.org/doha", "Doha talks", "https://example.org/doha", "2025-03-10",
        "Wire")
    assert doha.text == TALKS
    assert truce.source == f"{f}#4" and truce.text == f"{TRUCE}\n\nPeskov added more."
    assert str(items[2]) == (f"{f}#7: CSV row with 2 fields where the header has 6: not read "
                             "(quote fields that hold commas)")
    assert isinstance(items[3], InputError) and items[3].source == f"{f}#8"
    assert "no `text`" in items[3].message
    assert isinstance(items[4], InputWarning) and items[4].source == f"{f}#9"


def test_csv_without_a_text_column_is_refused_whole(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "quotes.csv", [["doc_id", "speaker", "quote"],
                                            ["a", "Putin", "We didn't start the war"]])
    items = list(read_articles([str(f)]))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert str(items[0]) == (
        f"{f}: CSV without a text column (its columns: 'doc_id', 'speaker', 'quote'): accord "
        "reads one article per row from a column named text (or content, body), with "
        "optional title, url, published and outlet columns")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    assert show(list(read_articles([str(empty)]))) == [
        f"InputError {empty}: {empty}: empty CSV file: nothing to ingest"]


def test_csv_in_a_folder_and_bad_bytes(tmp_path: Path) -> None:
    folder = tmp_path / "corpus"
    folder.mkdir()
    write_csv(folder / "a.csv", [["content"], [TALKS]])
    (folder / "b.csv").write_bytes(b'body\n"' + TRUCE.encode() + " Café talks \xff went on."
                                   .encode().replace(b"\xc3\xbf", b"\xff") + b'"\n')
    items = list(read_articles([str(folder)]))
    assert show(items) == [
        f"Article {folder / 'a.csv'}#2",
        f"InputWarning {folder / 'b.csv'}#2: {folder / 'b.csv'}#2: mostly UTF-8, but 1 invalid "
        "byte replaced by U+FFFD (1 valid non-ASCII character kept)",
        f"Article {folder / 'b.csv'}#2",
    ]


def test_cli_ingest_csv(tmp_path: Path) -> None:
    f = write_csv(tmp_path / "batch.csv", [["title", "text"], ["Doha", TALKS],
                                          ["Truce", TRUCE], ["Empty", ""]])
    db = str(tmp_path / "csv.db")
    result = CliRunner().invoke(app, ["ingest", str(f), "--db", db, "--quiet"])
    assert result.exit_code == 1
    assert "stored 2, unchanged 0, replaced 0, failed 1" in result.output
    assert f"error: {f}#4: JSON object has no `text`" in result.output
