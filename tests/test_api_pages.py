"""The web desk's pages under load and its leftovers: a page rendered once and
served again until the store changes (and then anew), a document page per kind
of visitor, the lists newest first with `order=oldest`, actors reached by name
on the pages and in the API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_api import rich_records

from accord.api import create_app, pages
from accord.queries import aggregates
from accord.store import Store


@pytest.fixture
def rich(store: Store) -> Store:
    aggregates.clear()
    b, c, _ = rich_records()
    store.put_records([b, c])
    return store


def _renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The pages rendered from now on (by their template; not the ones they extend)."""
    seen: list[str] = []
    real = pages._env.get_template

    def spy(name: str, *args: Any, **kwargs: Any) -> Any:
        if not name.startswith(("base", "_")):
            seen.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(pages._env, "get_template", spy)
    return seen


def test_a_page_is_rendered_once_until_the_store_changes(
        rich: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    client = TestClient(create_app(store=rich))
    seen = _renders(monkeypatch)
    first = client.get("/")
    assert first.status_code == 200 and 'data-group="e-test-offer"' in first.text
    assert 'data-group="e-test-hostile"' not in first.text
    assert client.get("/").text == first.text
    assert seen == ["timeline.html"]  # the second request: the same bytes, not rendered
    assert "e-test-hostile" not in client.get("/?offset=1").text and len(seen) == 2
    rich.put_records([rich_records()[2]])  # a write: every page is made anew
    again = client.get("/")
    assert 'data-group="e-test-hostile"' in again.text and len(seen) == 3
    # the chart of the same filters on every page: drawn once per store version
    assert again.text.count('class="chart weeks"') == 1


def test_the_document_page_follows_its_visitor(rich: Store) -> None:
    app = create_app(store=rich)
    here = TestClient(app, cookies={"accord_author": "Ana"})
    away = TestClient(app, client=("203.0.113.7", 40000))
    url = "/documents/aaaa000000000001"
    mine, theirs = here.get(url), away.get(url)
    assert mine.status_code == theirs.status_code == 200
    assert 'class="review-form"' in mine.text and 'value="Ana"' in mine.text
    assert 'class="review-form"' not in theirs.text
    assert 'class="review-form"' in here.get(url).text  # each kind from its own entry
    assert here.get("/documents/nope").status_code == 404
