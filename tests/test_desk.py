"""The analyst's desk: names instead of ids (one resolution for CLI, API and UI),
proposal kinds by family, newest first, the counts the charts draw and their
SVG (escaped, offline, clickable), over hand-made records with known answers."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from fastapi.testclient import TestClient
from test_api import (
    CHINA,
    PWN_IMG,
    PWN_SCRIPT,
    RUSSIA,
    UKRAINE,
    _entity,
    _event,
    _record,
    _ref,
    _span,
    rich_records,
)

from accord.api import charts, create_app
from accord.queries import counts, list_events, list_proposals, list_quotes, timeline
from accord.queries.lists import Page
from accord.queries.names import actor_id, kind_family, resolve, slug, suggest
from accord.store import Store

BORIS, MIKE = _ref("t-boris-johnson", "Boris Johnson"), _ref("t-mike-johnson", "Mike Johnson")


def _proposal(text: str, pid: str, kind: str, proposer: dict[str, Any], words: str,
              date: str, responses: list[dict[str, Any]] | None = None,
              group: str | None = None) -> dict[str, Any]:
    return {"id": pid, "group": group, "kind": kind, "proposer": proposer, "recipient": UKRAINE,
            "terms": [], "conditions": [], "responses": responses or [], "date": date,
            **_span(text, words)}


def desk_records() -> list[dict[str, Any]]:
    """rich_records() plus: two Johnsons (an ambiguous surname), ceasefire kinds
    of one family, events of the three families, and an actor named in markup."""
    t = ("Boris Johnson urged talks. Johnson met Mike Johnson in London.\n"
         "Russia proposed a 30-day ceasefire. Moscow floated a naval ceasefire.\n"
         "Russia offered a prisoner exchange. Ukraine accepted the 30-day ceasefire.\n"
         "Russia sanctioned Ukraine. Russia accused Ukraine. China backed Russia.\n")
    d = _record(
        "aaaa000000000004", "Reuters", "2024-06-20", "Kinds and Johnsons", t,
        entities=[
            _entity(t, "t-boris-johnson", "Boris Johnson", "PERSON", "GBR", "Boris Johnson",
                    "Johnson met"),
            _entity(t, "t-mike-johnson", "Mike Johnson", "PERSON", "USA", "Mike Johnson"),
            _entity(t, "t-russia", "Russia", "GPE", "RUS", "Russia", "Moscow"),
            {**_entity(t, "t-ukraine", "Ukraine", "GPE", "UKR", "Ukraine")},
            _entity(t, "t-china", "China", "GPE", "CHN", "China")],
        events=[
            _event(t, "Russia sanctioned Ukraine", "SANCTION", RUSSIA, UKRAINE, "2024-06-19",
                   "e-desk-sanction"),
            _event(t, "Russia accused Ukraine", "ACCUSE", RUSSIA, UKRAINE, "2024-06-19",
                   "e-desk-accuse"),
            _event(t, "China backed Russia", "SUPPORT", CHINA, RUSSIA, "2024-06-18",
                   "e-desk-support"),
            _event(t, "Johnson met Mike Johnson", "CONSULT", BORIS, MIKE, "2024-06-17",
                   "e-desk-meet")],
        proposals=[
            _proposal(t, "p1", "30-day ceasefire", RUSSIA, "Russia proposed a 30-day ceasefire",
                      "2024-06-18", [{"actor": UKRAINE, "stance": "accept", "date": "2024-06-19",
                                      **_span(t, "Ukraine accepted the 30-day ceasefire")}]),
            _proposal(t, "p2", "naval ceasefire", RUSSIA, "Moscow floated a naval ceasefire",
                      "2024-06-18"),
            _proposal(t, "p3", "prisoner exchange", RUSSIA, "Russia offered a prisoner exchange",
                      "2024-06-18")])
    # Boris is named twice, Mike once: "Johnson" resolves to Boris.
    d["entities"][0]["aliases"] = ["Boris Johnson", "Johnson"]
    d["entities"][1]["aliases"] = ["Mike Johnson", "Johnson"]
    d["url"] = "https://example.org/news/kinds?a=1&b=2"
    return [*rich_records(), d]


def write_desk_db(path: Path) -> Path:
    """A store at `path` holding desk_records() (tests/test_browser_desk.py too)."""
    with Store.open(path) as store:
        for rec in desk_records():
            store.put_record(rec)
    return path


@pytest.fixture(scope="module")
def desk_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_desk_db(tmp_path_factory.mktemp("desk") / "desk.db")


@pytest.fixture
def st(desk_db: Path) -> Any:
    with Store.open(desk_db, create=False) as s:
        yield s


@pytest.fixture(scope="module")
def client(desk_db: Path) -> TestClient:
    return TestClient(create_app(str(desk_db)), raise_server_exceptions=False)


# -- names ------------------------------------------------------------------------
@pytest.mark.parametrize("typed,want,how", [
    ("t-vladimir-putin", "t-vladimir-putin", "id"),
    ("T-China", "t-china", "id"),             # any case
    ("Vladimir Putin", "t-vladimir-putin", "name"),
    ("vladimir putin", "t-vladimir-putin", "name"),
    ("putin", "t-vladimir-putin", "alias"),   # an alias an article used
    ("MOSCOW", "t-russia", "alias"),
    ("Johnson", "t-boris-johnson", "alias"),  # two Johnsons: the most mentioned
    ("volodym", "t-volodymyr-zelenskyy", "prefix"),
    ("  Ukraine ", "t-ukraine", "name"),
])
def test_names_resolve_case_insensitive(st: Store, typed: str, want: str, how: str) -> None:
    got = resolve(st, typed)
    assert (got.id, got.how) == (want, how)
    assert actor_id(st, typed) == want


def test_ambiguous_name_lists_the_others(st: Store) -> None:
    got = resolve(st, "johnson")
    assert got.id == "t-boris-johnson" and got.name == "Boris Johnson"
    assert [o["id"] for o in got.others] == ["t-mike-johnson"]


def test_unknown_name_stays_as_typed(st: Store) -> None:
    assert resolve(st, "nobody at all").id is None
    assert actor_id(st, "nobody at all") == "nobody at all"
    assert actor_id(st, None) is None and actor_id(st, "") == ""
    assert resolve(st, "pu").id is None  # a prefix needs three letters
    assert slug("Vladimir  V. Putin") == "vladimir-v-putin"


def test_suggest_names_and_aliases(st: Store) -> None:
    got = suggest(st, "joh")
    assert [a["id"] for a in got] == ["t-boris-johnson", "t-mike-johnson"]
    assert got[0]["n_mentions"] == 2 and got[0]["type"] == "PERSON"
    # An alias that is not the name: "Moscow" finds Russia, saying why.
    assert [(a["id"], a["match"]) for a in suggest(st, "mosc")] == [("t-russia", "Moscow")]
    assert suggest(st, "   ") == []
    assert [a["id"] for a in suggest(st, "t-", limit=2)] and len(suggest(st, "t-", limit=2)) == 2


def test_every_actor_filter_takes_a_name(st: Store) -> None:
    assert [q["text"] for q in list_quotes(st, speaker="PUTIN")["items"]] == ["tomorrow"]
    assert [e["group"] for e in list_events(st, actor="putin")["items"]] == ["e-test-call"]
    assert list_events(st, recipient="China")["total"] == 1
    assert list_events(st, actor="Johnson")["items"][0]["group"] == "e-desk-meet"
    assert [p["group"] for p in list_proposals(st, proposer="Vladimir Putin")["items"]] == \
        ["p-test-ceasefire"]
    assert list_proposals(st, party="china")["total"] == 1
    assert [i["group"] for i in timeline(st, actor="putin", type="CONSULT")["items"]] == \
        ["e-test-call"]


def test_kind_matches_its_family(st: Store) -> None:
    assert kind_family("Ceasefire")[:2] == ("ceasefire", "energy infrastructure ceasefire")
    assert "30-day ceasefire" in kind_family("ceasefire")
    kinds = sorted(p["kind"] for p in list_proposals(st, kind="ceasefire", page=Page(50))["items"])
    assert kinds == ["30-day ceasefire", "ceasefire", "naval ceasefire"]
    assert [p["kind"] for p in list_proposals(st, kind="30-day ceasefire")["items"]] == \
        ["30-day ceasefire"]
    assert list_proposals(st, kind="PRISONER EXCHANGE")["total"] == 1
    assert list_proposals(st, kind="fire")["total"] == 0  # words, not substrings


def test_timeline_newest_first_and_back(st: Store) -> None:
    newest = timeline(st, kind="event", order="newest", page=Page(100))["items"]
    oldest = timeline(st, kind="event", page=Page(100))["items"]
    dates = [i["date"] for i in newest]
    assert dates == sorted(dates, reverse=True) and dates[0] == "2024-06-19"
    assert [i["group"] for i in newest] == [i["group"] for i in reversed(oldest)]
    paged = [i["group"] for o in range(0, len(newest), 3)
             for i in timeline(st, kind="event", order="newest", page=Page(3, o))["items"]]
    assert paged == [i["group"] for i in newest]


# -- counts --------------------------------------------------------------------------
def test_events_per_week(st: Store) -> None:
    data = counts.events_per_week(st, date_from="2024-06-10", date_to="2024-06-23")
    assert data["unit"] == "week" and [b["start"] for b in data["bars"]] == \
        ["2024-06-10", "2024-06-17"]
    first, second = data["bars"]
    # e-test-offer is told twice: one merged event.
    assert first["counts"] == {"CONSULT": 1, "AGREE": 1, "ACCUSE": 1, "REJECT": 1}
    assert second["counts"] == {"SANCTION": 1, "ACCUSE": 1, "SUPPORT": 1, "CONSULT": 1}
    assert data["max"] == 4 and data["hidden"] == 0
    assert data["types"] == ["AGREE", "CONSULT", "SUPPORT", "ACCUSE", "REJECT", "SANCTION"]
    default = counts.events_per_week(st)  # the weeks up to the newest event
    assert default["bars"][-1]["start"] == "2024-06-17" and len(default["bars"]) == 26
    monthly = counts.events_per_week(st, date_from="2020-01-01", date_to="2024-06-30")
    assert monthly["unit"] == "month" and monthly["bars"][-1]["total"] == 8


def test_relations_count_both_ways(st: Store) -> None:
    acts_on = counts.relations(st, "Russia")
    # The offer (AGREE, told by two outlets) counts once.
    assert acts_on == [{"id": "t-ukraine", "name": "Ukraine", "n": 3, "families": {
        "cooperation": 1, "verbal conflict": 1, "material conflict": 1}}]
    acted_on = counts.relations(st, "t-russia", role="recipient")
    assert [(r["id"], r["n"], r["families"]) for r in acted_on] == \
        [("t-china", 1, {"cooperation": 1}), ("t-ukraine", 1, {"verbal conflict": 1})]


def test_overview(st: Store) -> None:
    got = counts.overview(st)
    assert (got["documents"], got["events"], got["event_groups"]) == (4, 9, 8)
    assert got["families"]["material conflict"]["SANCTION"] == 1
    assert got["top_actors"][0] == {"id": "t-russia", "name": "Russia", "n": 3}


def test_outlet_counts(st: Store) -> None:
    got = counts.outlet_counts(st)
    assert got["outlets"][0] == {"outlet": "Reuters", "n": 2} and got["total"] == 4
    assert got["n_outlets"] == 3


def test_families_cover_every_type() -> None:
    assert counts.family("assault") == "material conflict"
    assert counts.family_css("REQUEST") == "verbal" and counts.family_css("talks") == "proposal"
    assert sum(len(t) for t in counts.FAMILIES.values()) == 16


# -- SVG -------------------------------------------------------------------------------
def _svg_ok(svg: str) -> ElementTree.Element:
    root = ElementTree.fromstring(svg)  # well-formed XML: every text escaped
    assert root.tag.endswith("svg") and "style=" not in svg and "<script" not in svg
    return root


def test_week_chart_bars_link_to_filters(st: Store) -> None:
    data = counts.events_per_week(st, date_from="2024-06-10", date_to="2024-06-23")
    svg = str(charts.week_bars(data, lambda t, s, e: f"/?type={t or ''}&date_from={s}&x=<&"))
    root = _svg_ok(svg)
    links = [a.get("href") for a in root.iter("{http://www.w3.org/2000/svg}a")]
    assert "/?type=SANCTION&date_from=2024-06-17&x=<&" in links
    assert svg.count('class="bar"') == 8  # one segment per type and week
    assert 'fill="' + charts.TYPE_COLOURS["SANCTION"] + '"' in svg


def test_hbars_and_life_escape_names() -> None:
    rows = [{"id": "x", "name": PWN_IMG, "n": 3, "families": {"cooperation": 2,
                                                              "material conflict": 1}}]
    svg = str(charts.hbars(rows, label="t", link=lambda r: "/a?b=1&c=2",
                           stacks=charts.FAMILY_STACKS))
    _svg_ok(svg)
    assert "<img" not in svg and "&lt;img" in svg and 'href="/a?b=1&amp;c=2"' in svg
    p = {"kind": "ceasefire", "date": "2024-06-14", "proposer": {"id": "p", "name": PWN_SCRIPT},
         "responses": [{"actor": {"id": "u", "name": "Ukraine"}, "stance": "reject",
                        "date": "2024-06-15"},
                       {"actor": {"id": None, "name": "analysts"}, "stance": "consider",
                        "date": None}]}
    life = str(charts.proposal_life(p, actor_href=lambda i: f"/actors/{i}"))
    _svg_ok(life)
    assert "<script>" not in life and "reject 2024-06-15" in life and "consider undated" in life
    assert life.count("<circle") == 2 and charts.STANCE_COLOURS["reject"] in life


# -- the API and the pages -----------------------------------------------------------------
def test_api_suggest_and_name_filters(client: TestClient) -> None:
    got = client.get("/api/actors/suggest?q=joh").json()
    assert got["q"] == "joh" and [a["name"] for a in got["items"]] == \
        ["Boris Johnson", "Mike Johnson"]
    assert client.get("/api/actors/suggest?q=joh&limit=0").status_code == 422
    assert client.get("/api/events?actor=Putin").json()["items"][0]["group"] == "e-test-call"
    assert client.get("/api/quotes?speaker=putin").json()["total"] == 1
    assert client.get("/api/proposals?kind=ceasefire").json()["total"] == 3
    assert client.get("/api/proposals?party=CHINA").json()["total"] == 1
    new = client.get("/api/timeline?order=newest&kind=event&limit=1").json()["items"]
    assert new[0]["date"] == "2024-06-19"
    assert client.get("/api/timeline?order=sideways").status_code == 422


def test_pages_draw_charts(client: TestClient) -> None:
    page = client.get("/?date_from=2024-06-10&date_to=2024-06-23").text
    assert page.count('class="bar"') == 8 and 'id="week-chart"' in page
    assert "/?date_from=2024-06-17&amp;date_to=2024-06-23&amp;kind=event&amp;type=SANCTION" \
        in page
    assert 'class="badge badge-material">SANCTION' in page
    assert 'class="badge badge-verbal">ACCUSE' in page
    assert 'class="badge badge-coop">SUPPORT' in page
    dates = re.findall(r'data-date="([\d-]+)"', page)
    assert dates == sorted(dates, reverse=True)  # newest first by default
    assert 'list="actor-names"' in page and '<datalist id="actor-names">' in page
    named = client.get("/?actor=putin").text
    assert "“putin” is <a href=\"/actors/t-vladimir-putin\">Vladimir Putin</a>" in named
    assert "e-test-call" in named and "e-test-reject" not in named
    both = client.get("/proposals?party=johnson").text
    assert "the same name also fits" in both and "Mike Johnson" in both
    assert "No actor is named “zzz”" in client.get("/proposals?party=zzz").text
    props = client.get("/proposals?kind=ceasefire").text
    assert props.count('class="chart life"') == 3 and "accept 2024-06-19" in props
    actor = client.get("/actors/t-russia").text
    assert 'id="relations"' in actor and ">Ukraine</text>" in actor
    docs = client.get("/documents").text
    assert 'id="outlet-chart"' in docs and 'href="/documents?outlet=Reuters"' in docs
    moved = client.get("/actors/Moscow", follow_redirects=False)
    assert moved.status_code == 303 and moved.headers["location"] == "/actors/t-russia"
    assert client.get("/actors/nobody-at-all").status_code == 404


def test_family_colours_and_source_link_on_other_pages(client: TestClient) -> None:
    doc = client.get("/documents/aaaa000000000004").text
    assert '<a class="source" href="https://example.org/news/kinds?a=1&amp;b=2"' in doc
    assert 'class="badge badge-event badge-material">SANCTION' in doc
    assert 'class="source" href' not in client.get("/documents/aaaa000000000001").text
    assert 'class="badge badge-event badge-verbal">REJECT' in \
        client.get("/compare/e-test-reject").text


def test_pages_with_hostile_names_stay_inert(client: TestClient) -> None:
    for url in ("/?date_from=2024-06-01", "/actors/evil-actor", "/actors/t-ukraine",
                "/proposals", "/documents"):
        text = client.get(url).text
        assert "<script>window" not in text and "<img src=x" not in text, url


# -- the same on PostgreSQL ---------------------------------------------------------------
from pg_fixture import pg_server, pg_url  # noqa: E402,F401


def test_desk_on_postgresql(pg_url: str) -> None:  # noqa: F811
    with Store.open(pg_url) as store:
        for rec in desk_records():
            store.put_record(rec)
        assert resolve(store, "putin").id == "t-vladimir-putin"
        assert resolve(store, "JOHNSON").others[0]["id"] == "t-mike-johnson"
        assert [a["id"] for a in suggest(store, "joh")] == ["t-boris-johnson",
                                                             "t-mike-johnson"]
        assert sorted(p["kind"] for p in list_proposals(store, kind="ceasefire")["items"]) == \
            ["30-day ceasefire", "ceasefire", "naval ceasefire"]
        week = counts.events_per_week(store, date_from="2024-06-10", date_to="2024-06-23")
        assert [b["total"] for b in week["bars"]] == [4, 4]
        assert counts.relations(store, "Russia")[0]["n"] == 3
        assert counts.outlet_counts(store)["outlets"][0] == {"outlet": "Reuters", "n": 2}
        assert counts.overview(store)["event_groups"] == 8  # e-test-offer told twice
        newest = timeline(store, kind="event", order="newest", page=Page(100))["items"]
        assert [i["date"] for i in newest] == sorted((i["date"] for i in newest), reverse=True)
