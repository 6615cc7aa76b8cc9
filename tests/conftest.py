"""Shared fixtures: one spaCy pipeline per test run, fresh stores, corpora."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import chromium, loopback_page

from accord.pipeline import build_nlp, make_doc
from accord.record import build_record
from accord.store import Store

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DATA = Path(__file__).resolve().parent / "data"
GOLD = DATA / "seeds.gold.json"
VOA = DATA / "voa_stories.jsonl"


@pytest.fixture(scope="session")
def nlp() -> Any:
    return build_nlp()


@pytest.fixture(scope="session")
def process(nlp: Any) -> Any:
    """process(text, published=None, source="test.txt") -> SPEC record dict."""

    def run(text: str, published: str | None = None, source: str = "test.txt",
            **meta: Any) -> dict[str, Any]:
        doc = nlp(make_doc(nlp, text, {"source": source, "published": published, **meta}))
        return build_record(doc)

    return run


@pytest.fixture(scope="session")
def seed_records(nlp: Any) -> list[dict[str, Any]]:
    """The sample corpus, read and processed as `accord ingest examples` does."""
    from accord.ingest.readers import read_articles
    from accord.runner import PipelineSettings, run_pipeline

    return list(run_pipeline(read_articles([str(EXAMPLES)]), settings=PipelineSettings(),
                             nlp=nlp))


@pytest.fixture(scope="session")
def voa_records(nlp: Any) -> list[dict[str, Any]]:
    from accord.ingest.readers import read_articles
    from accord.runner import PipelineSettings, run_pipeline

    return list(run_pipeline(read_articles([str(VOA)]), settings=PipelineSettings(), nlp=nlp))


@pytest.fixture(scope="session")
def gold() -> list[dict[str, Any]]:
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture
def store(tmp_path: Path) -> Any:
    with Store.open(tmp_path / "test.db") as s:
        yield s


# -- the browser tests (tests/test_browser*.py: each module has its own `server`) --
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    with loopback_page(browser, server) as pg:
        yield pg
