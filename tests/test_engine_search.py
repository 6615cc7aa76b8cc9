"""Engine.search: the store's full-text search from Python, on the sample
articles (examples/), typed and ranked as /api/search and `accord search` rank."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

import accord
from accord.api import create_app
from accord.cli import app as cli
from accord.store import Store
from accord.types import ActorRef, SearchHit, SearchResults


@pytest.fixture(scope="module")
def db(seed_records: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("search") / "samples.db"
    with Store.open(path) as store:
        store.put_records(seed_records)
    return path


def _key(item: dict[str, Any]) -> tuple[Any, ...]:
    return item["kind"], item["doc_id"], item["anchor"], item["snippet"]


def test_two_words_found_typed_and_highlighted(db: Path) -> None:
    found = accord.Engine(db=db).search("ceasefire talks")
    assert isinstance(found, SearchResults) and found.terms == ("ceasefire", "talks")
    assert found.total == sum(found.counts.values()) >= len(found) > 0
    assert all(isinstance(h, SearchHit) for h in found)
    scores = [h.score for h in found]
    assert scores == sorted(scores, reverse=True)  # best first
    for hit in found:
        words = {w.casefold() for w in hit.matches()}
        assert words and words <= {"ceasefire", "ceasefires", "talks", "talk", "talked",
                                   "talking"}, (hit.kind, words)
        assert hit.marked("<", ">").count("<") == len(hit.highlights)
    quote = next(h for h in found if h.kind == "quote")
    assert quote.anchor and quote.anchor.startswith("q") and isinstance(quote.actor, ActorRef)
    assert quote.type in ("direct", "indirect", "mixed")


def test_the_same_ranking_as_the_api_and_the_cli(db: Path) -> None:
    engine = accord.Engine(db=db)
    ours = engine.search("ceasefire talks", limit=50)
    api = TestClient(create_app(str(db))).get("/api/search?q=ceasefire+talks&limit=50").json()
    assert [_key(h.data) for h in ours] == [_key(i) for i in api["items"]]
    assert ours.counts == api["counts"] and ours.total == api["total"]
    run = CliRunner().invoke(cli, ["search", "ceasefire talks", "--db", str(db), "--json",
                                   "--limit", "50"])
    assert run.exit_code == 0, run.output
    assert [_key(json.loads(line)) for line in run.stdout.splitlines()] == \
        [_key(h.data) for h in ours]


def test_kinds_paging_and_bad_queries(db: Path) -> None:
    engine = accord.Engine(db=db)
    every = engine.search("ceasefire", limit=100)
    only = engine.search("ceasefire", kinds=("quotes", "proposal"), limit=100)
    assert {h.kind for h in only} <= {"quote", "proposal"} and len(only) > 0
    assert only.total == every.counts["quotes"] + every.counts["proposals"]
    assert [_key(h.data) for h in only] == \
        [_key(h.data) for h in every if h.kind in ("quote", "proposal")]
    docs = engine.search("ceasefire", kinds="documents")
    assert {h.kind for h in docs} == {"document"} and docs.total == every.counts["documents"]
    paged = [h for o in range(0, every.total, 3)
             for h in engine.search("ceasefire", limit=3, offset=o)]
    assert [_key(h.data) for h in paged] == [_key(h.data) for h in every]
    assert len(engine.search("zzzqqq nothing")) == 0
    with pytest.raises(ValueError, match="kind"):
        engine.search("ceasefire", kinds="tweets")
    with pytest.raises(TypeError):
        engine.search(b"ceasefire")  # type: ignore[arg-type]
