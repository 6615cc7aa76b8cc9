"""The web desk's pages under load and its leftovers: a page rendered once and
served again until the store changes (and then anew), a document page per kind
of visitor, the lists newest first with `order=oldest`, actors reached by name
on the pages and in the API."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient
from test_api import RUSSIA, UKRAINE, _entity, _record, rich_records

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


def _johnsons() -> dict[str, Any]:
    """A record naming two actors both called "Johnson" (Boris twice)."""
    text = ("Boris Johnson met Mike Johnson in London on Tuesday. Johnson said talks went well."
            " Boris Johnson left.")
    return _record("aaaa000000000009", "AP", "2024-06-20", "Two Johnsons", text, entities=[
        {**_entity(text, "t-boris-johnson", "Boris Johnson", "PERSON", "GBR", "Boris Johnson"),
         "aliases": ["Boris Johnson", "Johnson"],
         "mentions": [[0, 13], [53, 60], [87, 100]]},
        {**_entity(text, "t-mike-johnson", "Mike Johnson", "PERSON", "USA", "Mike Johnson"),
         "aliases": ["Johnson", "Mike Johnson"]}])


def test_an_actor_by_name_in_the_api(rich: Store) -> None:
    rich.put_records([_johnsons()])
    client = TestClient(create_app(store=rich), raise_server_exceptions=False)
    by_id = client.get("/api/actors/t-vladimir-putin").json()
    assert "resolved" not in by_id
    for name in ("Putin", "putin", "PUTIN", "Vladimir Putin", "vladimir PUTIN"):
        got = client.get(f"/api/actors/{name}")
        assert got.status_code == 200, (name, got.text)
        body = got.json()
        assert body["id"] == "t-vladimir-putin" and body["resolved"]["text"] == name
        assert {k: v for k, v in body.items() if k != "resolved"} == by_id
    both = client.get("/api/actors/johnson").json()  # the most mentioned, and the other
    assert both["id"] == "t-boris-johnson"
    assert [o["id"] for o in both["resolved"]["others"]] == ["t-mike-johnson"]
    gone = client.get("/api/actors/Nobody%20Atall")
    assert gone.status_code == 404 and gone.json()["error"]["code"] == "not_found"
    near = client.get("/api/actors/ohns")  # no name starts with it; two contain it
    assert near.status_code == 404
    assert {d["problem"] for d in near.json()["error"]["details"]} == \
        {"may be t-boris-johnson", "may be t-mike-johnson"}


def test_an_actor_by_name_on_the_pages(rich: Store) -> None:
    rich.put_records([_johnsons()])
    client = TestClient(create_app(store=rich), raise_server_exceptions=False)
    moved = client.get("/actors/PUTIN", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/actors/t-vladimir-putin"
    page = client.get("/actors/johnson")  # fits two: the page says so
    assert str(page.url).endswith("/actors/t-boris-johnson?name=johnson")
    assert "<h1>Boris Johnson</h1>" in page.text
    assert 'also fits <a href="/actors/t-mike-johnson">Mike Johnson</a>' in page.text
    choices = client.get("/actors/ohns")
    assert choices.status_code == 404 and "did you mean one of these?" in choices.text
    assert choices.text.count('<li><a href="/actors/t-') == 2
    nothing = client.get("/actors/zzzz-nobody")
    assert nothing.status_code == 404 and "No actor is named “zzzz-nobody”." in nothing.text


def _dates(items: list[dict[str, Any]]) -> list[str]:
    return [i["date"] for i in items if i["date"]]


def test_lists_newest_first_unless_asked(rich: Store) -> None:
    client = TestClient(create_app(store=rich), raise_server_exceptions=False)
    rich.put_records([_record("aaaa000000000010", "AP", "2024-01-05", "Earlier", "An offer.",
                              proposals=[{"id": "p1", "group": "p-early", "kind": "talks",
                                          "proposer": UKRAINE, "recipient": RUSSIA,
                                          "terms": [], "conditions": [], "responses": [],
                                          "date": "2024-01-05", "start": 0, "end": 9,
                                          "text": "An offer."}])])
    for path in ("/api/timeline", "/api/events", "/api/quotes", "/api/proposals"):
        items = client.get(path).json()["items"]
        key = "published" if path == "/api/quotes" else "date"
        dates = [i[key] for i in items if i.get(key)]
        assert len(dates) >= 2 and dates == sorted(dates, reverse=True), path
    newest = [p["group"] for p in client.get("/api/proposals").json()["items"]]
    oldest = [p["group"] for p in client.get("/api/proposals?order=oldest").json()["items"]]
    assert newest == ["p-test-ceasefire", "p-early"] and oldest == newest[::-1]
    timeline = client.get("/api/timeline?order=oldest").json()["items"]
    assert _dates(timeline) == sorted(_dates(timeline))
    assert client.get("/api/proposals?order=sideways").status_code == 422
    page = client.get("/proposals").text
    assert page.index('id="g-p-test-ceasefire"') < page.index('id="g-p-early"')
    assert 'value="oldest"' in page and 'class="ranges"' in page and "last 4 weeks" in page
    old = client.get("/proposals?order=oldest").text
    assert old.index('id="g-p-early"') < old.index('id="g-p-test-ceasefire"')
    assert 'value="oldest" selected' in old
