"""Paging the merged views: `merged_items` kept by every write, the timeline and
the proposal list read from it by offset and by cursor (`after` / `next`), the
same items as grouping the item tables would give, on SQLite and PostgreSQL."""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pg_fixture
import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select, text

from accord.api import create_app
from accord.queries import Page, aggregates, list_proposals, timeline
from accord.queries.lists import CursorError, decode_cursor, encode_cursor
from accord.store import Store, events, fill_merged, merged_items, proposals

pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url  # the fixtures, for this module
ACTORS = ["russia", "ukraine", "united-states"]
TYPES = ["REJECT", "CONSULT", "ASSAULT"]
DATES = [None, "2024-03", "2024-03-01", "2024-03-02", "2024-04-10", "2025"]
KINDS = ["ceasefire", "talks"]


def _ref(i: int) -> dict[str, Any]:
    return {"id": ACTORS[i], "name": ACTORS[i].replace("-", " ").title()}


def _records(n: int, seed: int = 3, tag: str = "") -> list[dict[str, Any]]:
    """n records whose events and proposals share groups across documents, some
    alone, some undated or dated to the month or year."""
    rng = random.Random(seed)
    out = []
    for d in range(n):
        text_ = f"Report {d}{tag}. Russia rejected the offer of talks on Monday."
        evs, props = [], []
        for _ in range(rng.randint(0, 4)):
            t, a, day = rng.choice(TYPES), rng.randrange(3), rng.choice(DATES)
            evs.append({"type": t, "mode": "", "actor": _ref(a), "recipient": _ref((a + 1) % 3),
                        "date": day, "date_text": None, "location": None, "negated": False,
                        "hypothetical": False, "future": False, "start": 0, "end": 6,
                        "text": text_[:6],
                        "group": None if rng.random() < 0.3 else f"e-{t}-{a}-{day}"})
        for j in range(rng.randint(0, 2)):
            k, a, day = rng.choice(KINDS), rng.randrange(3), rng.choice(DATES)
            props.append({"id": f"p{j + 1}", "kind": k, "proposer": _ref(a),
                          "recipient": _ref((a + 2) % 3), "terms": [k], "conditions": [],
                          "responses": [], "date": day, "start": 0, "end": 6,
                          "text": text_[:6],
                          "group": None if rng.random() < 0.2 else f"p-{k}-{a}"})
        out.append({"doc_id": f"d{d:04d}{tag}", "source": f"test://{d}", "outlet": "Wire",
                    "title": f"Report {d}", "published": "2024-05-01", "text": text_,
                    "entities": [{**_ref(i), "type": "GPE", "country": None, "sector": "",
                                  "aliases": [], "mentions": []} for i in range(3)],
                    "quotes": [], "events": evs, "proposals": props})
    return out


def _fill(store: Store, records: list[dict[str, Any]]) -> Store:
    for rec in records:
        store.put_record(rec)
    aggregates.clear()
    return store


def _merged_rows(store: Store) -> set[tuple[Any, ...]]:
    return {tuple(r) for r in store.query(select(merged_items))}


def _reference(store: Store, *, type: str | None = None, actor: str | None = None,
               date_from: str | None = None, date_to: str | None = None, kind: str = "all",
               order: str = "oldest") -> list[tuple[str, str, str | None, int]]:
    """The timeline by its definition, from the item tables: one item per group
    (its lowest-id member) and per item alone, the leader filtered, in order."""
    rows = []
    for k, table in (("event", events), ("proposal", proposals)):
        if kind not in ("all", k) or (k == "proposal" and type):
            continue
        groups: dict[str, list[Any]] = defaultdict(list)
        for r in store.query(select(table)):
            groups[r.grp or f"x-{r.doc_id}-{r.id}"].append(r)
        for g, members in groups.items():
            lead = min(members, key=lambda r: r.id)
            who = lead.actor_id if k == "event" else lead.proposer_id
            if (type and lead.type != type) or (actor and who != actor) or \
                    (date_from and (lead.date or "") < date_from) or \
                    (date_to and (lead.date is None or lead.date > date_to)):
                continue
            rows.append((lead.date or "", k, lead.id, g, len({m.doc_id for m in members})))
    dated = sorted(r for r in rows if r[0])
    undated = sorted((r for r in rows if not r[0]), key=lambda r: (r[1], r[2]))
    if order == "newest":
        dated.reverse()
    return [(g, k, d or None, n) for d, k, _, g, n in dated + undated]


def _items(page: dict[str, Any]) -> list[tuple[str, str, str | None, int]]:
    return [(i["group"], i["kind"], i["date"], i["n_sources"]) for i in page["items"]]


def _walk(fetch: Callable[..., dict[str, Any]], size: int) -> tuple[list[Any], list[Any]]:
    """Every item by offset pages and by cursor pages."""
    by_offset, by_cursor = [], []
    first = fetch(page=Page(limit=size))
    total, got, after = first["total"], first, None
    for offset in range(0, total + size, size):
        by_offset += fetch(page=Page(limit=size, offset=offset))["items"]
    while True:
        by_cursor += got["items"]
        after = got["next"]
        if after is None:
            break
        got = fetch(page=Page(limit=size), after=after)
    assert len(by_offset) == total
    return by_offset, by_cursor


FILTERS: list[dict[str, Any]] = [
    {}, {"order": "newest"}, {"type": "REJECT"}, {"actor": "russia", "order": "newest"},
    {"kind": "proposal"}, {"kind": "event", "date_from": "2024-03-02"},
    {"date_to": "2024-03-01"}, {"type": "CONSULT", "date_from": "2024-01-01",
                                "date_to": "2024-12-31"},
]


@pytest.mark.parametrize("filters", FILTERS)
def test_timeline_pages_are_the_merge_of_the_item_tables(store: Store,
                                                         filters: dict[str, Any]) -> None:
    _fill(store, _records(80))
    expected = _reference(store, **filters)
    assert expected  # each filter finds something
    for size in (1, 7, 50):
        by_offset, by_cursor = _walk(lambda **kw: timeline(store, **filters, **kw), size)
        assert _items({"items": by_offset}) == expected
        assert _items({"items": by_cursor}) == expected


def test_offset_counts_from_the_cursor(store: Store) -> None:
    _fill(store, _records(80))
    everything = _reference(store)
    n_dated = sum(1 for _, _, d, _ in everything if d)
    for at in (3, n_dated - 2, n_dated, n_dated + 3):  # around the dated/undated border
        cursor = timeline(store, page=Page(limit=at))["next"]
        page = timeline(store, page=Page(limit=5, offset=4), after=cursor)
        assert _items(page) == everything[at + 4:at + 9]
        assert page["total"] == len(everything)
    past = timeline(store, page=Page(limit=5, offset=len(everything)))
    assert past["items"] == [] and past["next"] is None


def test_merged_items_follow_every_write(store: Store) -> None:
    _fill(store, _records(60))
    # replace a third of the documents (same source, new text: new items, new groups)
    for rec in _records(60, seed=9, tag="b")[::3]:
        assert store.put_record(rec) == "replaced"
    kept = _merged_rows(store)
    with store.engine.begin() as conn:
        fill_merged(conn)
    assert _merged_rows(store) == kept
    assert _items({"items": _walk(lambda **kw: timeline(store, **kw), 9)[1]}) \
        == _reference(store)


def test_an_older_store_gets_the_merged_view_when_opened(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    with Store.open(db) as store:
        kept = _merged_rows(_fill(store, _records(30)))
        with store.engine.begin() as conn:
            conn.execute(text("DROP TABLE merged_items"))
    with Store.open(db) as store:
        assert kept and _merged_rows(store) == kept


def _proposal_reference(store: Store, order: str = "oldest"
                        ) -> list[tuple[str, str | None, int]]:
    """The merged proposals by their definition: by first date and group, undated
    last; newest first: the dated and the undated each backwards."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for r in store.query(select(proposals)):
        groups[r.grp or f"x-{r.doc_id}-{r.id}"].append(r)
    heads = []
    for g, members in groups.items():
        dates = [m.date for m in members if m.date]
        heads.append((not dates, min(dates, default=""), g, len({m.doc_id for m in members})))
    dated = sorted(h for h in heads if not h[0])
    undated = sorted(h for h in heads if h[0])
    if order == "newest":
        dated.reverse()
        undated.reverse()
    return [(g, d or None, n) for _, d, g, n in dated + undated]


@pytest.mark.parametrize("order", ["newest", "oldest"])
def test_proposal_list_pages(store: Store, order: str) -> None:
    _fill(store, _records(80))
    expected = _proposal_reference(store, order)
    assert any(d is None for _, d, _ in expected) and expected[-1][1] is None  # undated last
    for size in (1, 4, 20):
        by_offset, by_cursor = _walk(lambda **kw: list_proposals(store, order=order, **kw),
                                     size)
        for got in (by_offset, by_cursor):
            assert [(p["group"], p["date"], p["n_sources"]) for p in got] == expected
    # a filtered list groups what passes the filter, and pages the same way
    talks = _walk(lambda **kw: list_proposals(store, kind="talks", order=order, **kw), 3)
    assert talks[0] == talks[1] and {p["kind"] for p in talks[0]} == {"talks"}
    assert [p["group"] for p in talks[0]] == \
        [g for g, _, _ in expected if g in {p["group"] for p in talks[0]}]


def test_proposal_list_newest_first_by_default(store: Store) -> None:
    _fill(store, _records(30))
    got = [p["group"] for p in list_proposals(store, page=Page(limit=500))["items"]]
    assert got == [g for g, _, _ in _proposal_reference(store, "newest")]
    with pytest.raises(ValueError, match="order"):
        list_proposals(store, order="sideways")


def test_cursors_are_checked() -> None:
    key = (0, "2024-03-01", "event", 12)
    assert decode_cursor(encode_cursor(key), (int, str, str, int)) == key
    for bad in ("", "abc", encode_cursor((0, "x")), encode_cursor(("0", "", "event", 1)),
                encode_cursor((0, "", "event", 1.5)), "%%%", "e30"):
        with pytest.raises(CursorError):
            decode_cursor(bad, (int, str, str, int))


def test_api_next_and_after(store: Store) -> None:
    _fill(store, _records(40))
    client = TestClient(create_app(store=store))
    for path in ("/api/timeline?limit=6", "/api/proposals?limit=3",
                 "/api/timeline?limit=6&order=newest&kind=event"):
        first = client.get(path).json()
        second = client.get(path + "&after=" + first["next"]).json()
        by_offset = client.get(path + f"&offset={first['limit']}").json()
        assert second["items"] == by_offset["items"] and second["items"]
        assert second["total"] == first["total"] == by_offset["total"]
    r = client.get("/api/timeline?after=not-a-cursor")
    assert r.status_code == 422
    assert r.json()["error"]["details"][0]["param"] == "after"
    assert client.get("/api/proposals?after=" + "x" * 601).status_code == 422


@pytest.mark.slow
def test_paging_on_postgresql(pg_url: str) -> None:
    with Store.open(pg_url) as store:
        _fill(store, _records(50))
        for filters in ({}, {"order": "newest"}, {"type": "REJECT"}):
            by_offset, by_cursor = _walk(
                lambda f=filters, **kw: timeline(store, **f, **kw), 6)
            assert _items({"items": by_cursor}) == _items({"items": by_offset}) \
                == _reference(store, **filters)
        for order in ("newest", "oldest"):
            got = _walk(lambda o=order, **kw: list_proposals(store, order=o, **kw), 4)[1]
            assert [(p["group"], p["date"], p["n_sources"]) for p in got] \
                == _proposal_reference(store, order)
        aggregates.clear()
