"""Paraphrase never looks verbatim: an indirect or mixed quote is shown without
quotation marks and labelled as paraphrase on the web pages, in the CLI and in
the report; only a direct quote stands in quotation marks."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord.api import create_app
from accord.cli import app
from accord.store import Store

TEXT = ("\"We are ready to talk tomorrow,\" Putin said on Monday. "
        "Peskov said the Kremlin would study the plan. "
        "Lavrov said the offer was \"dead on arrival\" for Moscow.")


@pytest.fixture
def db(tmp_path: Path, process: Any) -> Path:
    path = tmp_path / "p.db"
    with Store.open(path) as store:
        rec = process(TEXT, published="2025-03-10", source="p.txt")
        assert {q["kind"] for q in rec["quotes"]} == {"direct", "indirect", "mixed"}
        store.put_record(rec)
    return path


def _quotes(db: Path) -> list[dict[str, Any]]:
    with Store.open(db) as store:
        return list(next(store.iter_records())["quotes"])


def _no_marks_around(html: str, words: str) -> None:
    i = html.index(words)
    before = html[max(0, i - 200):i]
    assert not re.search(r"[“\"]\s*$", before) and "<q" not in before[-40:]


def test_web_pages(db: Path) -> None:
    client = TestClient(create_app(str(db)))
    quotes = _quotes(db)
    doc = client.get("/api/documents").json()["items"][0]["doc_id"]
    for url in ("/quotes", f"/documents/{doc}", "/actors/vladimir-putin"):
        html = client.get(url).text
        for q in quotes:
            if q["text"] not in html:
                continue
            if q["kind"] == "direct":
                assert f'<q class="verbatim">{q["text"]}</q>' in html
            else:
                _no_marks_around(html, q["text"])
                assert 'paraphrase</span> ' + q["text"] in html.replace("&#34;", '"')
    assert client.get("/quotes").text.count('class="label-paraphrase"') == 2


def test_cli_and_report(db: Path) -> None:
    cli = CliRunner()
    quotes = _quotes(db)
    listing = cli.invoke(app, ["quotes", "--db", str(db)]).output
    doc = next(iter({q["text"] for q in quotes}))
    report = cli.invoke(app, ["report", "--db", str(db), "--doc", _doc_id(db)]).output
    assert doc
    for out in (listing, report):
        flat = " ".join(out.split())
        for q in quotes:
            words = " ".join(q["text"].split())
            if q["kind"] == "direct":
                assert f"“{words}”" in flat
            else:
                assert f"paraphrase: {words}" in flat and f"“{words}" not in flat


def _doc_id(db: Path) -> str:
    with Store.open(db) as store:
        return str(next(store.iter_records())["doc_id"])
