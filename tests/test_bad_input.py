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


def test_html_that_stalls_the_parser_is_skipped_with_one_line(tmp_path: Path,
                                                              monkeypatch: Any) -> None:
    import time

    import trafilatura

    from accord.ingest import readers

    def stall(*_a: Any, **_k: Any) -> str:
        time.sleep(5)
        return "{}"

    monkeypatch.setattr(readers, "HTML_SECONDS", 0.3)
    monkeypatch.setattr(trafilatura, "extract", stall)
    page = tmp_path / "slow.html"
    page.write_text("<html><body><p>Talks resumed in Doha on Monday.</p></body></html>")
    text = tmp_path / "fine.txt"
    text.write_text("Talks resumed in Doha on Monday, officials said.", encoding="utf-8")
    started = time.perf_counter()
    items = list(readers.read_articles([str(page), str(text)]))
    assert time.perf_counter() - started < 3
    assert str(items[0]) == f"{page}: HTML took longer than 0.3 s to parse; skipped"
    assert items[1].text.startswith("Talks resumed in Doha")
