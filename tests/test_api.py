"""The REST API (accord.api) through FastAPI's TestClient: every endpoint, its
filters, pagination and each 4xx case, on the sample corpus plus hand-made
records (hostile text, overlapping spans, one proposal reported twice)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accord.api import create_app
from accord.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
PWN_SCRIPT = "<script>window.__pwned=1;document.title='pwned'</script>"
PWN_IMG = '<img src=x onerror="window.__pwned=2;document.title=\'pwned\'">'
HOSTILE_TEXT = (f"Officials said {PWN_SCRIPT} was only a test.\n"
                f"An image {PWN_IMG} appeared in Kyiv on Monday.\n")


def _at(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


def _span(text: str, words: str) -> dict[str, Any]:
    start, end = _at(text, words)
    return {"start": start, "end": end, "text": words}


def _ref(eid: str, name: str) -> dict[str, Any]:
    return {"id": eid, "name": name}


def _entity(text: str, eid: str, name: str, etype: str, country: str | None,
            *names: str) -> dict[str, Any]:
    spans = [list(_at(text, n)) for n in names if n in text]
    return {"id": eid, "name": name, "type": etype, "country": country, "sector": "GOV",
            "aliases": sorted(set(names)), "mentions": spans}


def _quote(text: str, words: str, speaker: dict[str, Any] | None) -> dict[str, Any]:
    s, e = _at(text, words)
    return {"text": words, "start": s, "end": e, "kind": "direct", "cue": "said",
            "speaker": speaker}


def _event(text: str, words: str, etype: str, actor: dict[str, Any],
           recipient: dict[str, Any] | None, date: str | None, group: str,
           **flags: Any) -> dict[str, Any]:
    s, e = _at(text, words)
    return {"type": etype, "mode": "", "actor": actor, "recipient": recipient, "date": date,
            "date_text": None, "location": None, "negated": False,
            "hypothetical": flags.get("hypothetical", False), "future": False,
            "start": s, "end": e, "text": words, "group": group}


def _record(doc_id: str, outlet: str, published: str, title: str, text: str,
            **items: Any) -> dict[str, Any]:
    return {"doc_id": doc_id, "source": f"test://{doc_id}", "outlet": outlet, "title": title,
            "published": published, "text": text, "entities": items.get("entities", []),
            "quotes": items.get("quotes", []), "events": items.get("events", []),
            "proposals": items.get("proposals", [])}


PUTIN, UKRAINE = _ref("t-vladimir-putin", "Vladimir Putin"), _ref("t-ukraine", "Ukraine")
RUSSIA, CHINA = _ref("t-russia", "Russia"), _ref("t-china", "China")
EVIL = _ref("evil-actor", PWN_IMG)


def rich_records() -> list[dict[str, Any]]:
    """Three hand-made SPEC records: two outlets reporting one proposal, and a
    hostile one whose text, title, outlet and actor name carry script payloads."""
    tb = ("Putin said Russia would cease fire \"tomorrow\" if Ukrainian troops withdraw from "
          "four regions.\nUkraine rejected the offer on Saturday, calling it an ultimatum.\n"
          "Zelensky said: \"We will not give up our land.\"\n")
    offer_b = "Putin said Russia would cease fire \"tomorrow\" if Ukrainian troops withdraw"
    b = _record(
        "aaaa000000000001", "Sky News", "2024-06-14", "Putin offers ceasefire on conditions", tb,
        entities=[_entity(tb, "t-vladimir-putin", "Vladimir Putin", "PERSON", "RUS", "Putin"),
                  _entity(tb, "t-ukraine", "Ukraine", "GPE", "UKR", "Ukraine"),
                  _entity(tb, "t-volodymyr-zelenskyy", "Volodymyr Zelenskyy", "PERSON", "UKR",
                          "Zelensky")],
        quotes=[_quote(tb, "tomorrow", PUTIN),
                _quote(tb, "We will not give up our land.",
                       _ref("t-volodymyr-zelenskyy", "Volodymyr Zelenskyy"))],
        events=[_event(tb, offer_b, "AGREE", RUSSIA, UKRAINE, "2024-06-14", "e-test-offer",
                       hypothetical=True),
                _event(tb, "Ukraine rejected the offer on Saturday", "REJECT", UKRAINE, RUSSIA,
                       "2024-06-15", "e-test-reject")],
        proposals=[{"id": "p1", "group": "p-test-ceasefire", "kind": "ceasefire",
                    "proposer": PUTIN, "recipient": UKRAINE, "terms": ["cease fire"],
                    "conditions": ["Ukrainian troops withdraw from four regions"],
                    "responses": [{"actor": UKRAINE, "stance": "reject", "date": "2024-06-15",
                                   **_span(tb, "Ukraine rejected the offer")}],
                    "date": "2024-06-14", **_span(tb, "Putin said Russia would cease fire")}],
    )
    tc = ("Russian President Vladimir Putin offered a ceasefire if Kyiv pulled its forces out of "
          "the regions.\nChina said it would study the plan. Putin spoke to Xi by phone on "
          "June 10.\n")
    c = _record(
        "aaaa000000000002", "Reuters", "2024-06-16", "Kremlin sets terms for truce", tc,
        entities=[_entity(tc, "t-vladimir-putin", "Vladimir Putin", "PERSON", "RUS",
                          "Vladimir Putin"),
                  _entity(tc, "t-china", "China", "GPE", "CHN", "China")],
        quotes=[_quote(tc, "it would study the plan", CHINA)],
        events=[_event(tc, "Vladimir Putin offered a ceasefire", "AGREE", RUSSIA, UKRAINE,
                       "2024-06-14", "e-test-offer"),
                _event(tc, "Putin spoke to Xi by phone on June 10", "CONSULT", PUTIN, CHINA,
                       "2024-06-10", "e-test-call")],
        proposals=[{"id": "p1", "group": "p-test-ceasefire", "kind": "ceasefire",
                    "proposer": PUTIN, "recipient": UKRAINE, "terms": ["ceasefire"],
                    "conditions": ["Kyiv pulled its forces out of the regions"],
                    "responses": [{"actor": CHINA, "stance": "consider", "date": "2024-06-16",
                                   **_span(tc, "China said it would study the plan")}],
                    "date": "2024-06-14",
                    **_span(tc, "Vladimir Putin offered a ceasefire if Kyiv pulled its "
                                "forces out")}],
    )
    ta = HOSTILE_TEXT
    a = _record(
        "aaaa000000000003", "<b>Hostile</b> Times", "2024-06-12", PWN_SCRIPT + " headline", ta,
        entities=[{**_entity(ta, "evil-actor", PWN_IMG, "PERSON", None, "Officials"),
                   "aliases": [PWN_SCRIPT]}],
        quotes=[_quote(ta, PWN_SCRIPT + " was only a test", EVIL)],
        events=[_event(ta, f"An image {PWN_IMG} appeared in Kyiv", "ACCUSE", EVIL, UKRAINE,
                       "2024-06-12", "e-test-hostile")],
    )
    return [b, c, a]


def build_store(path: Path, work: Path) -> int:
    """The sample corpus and a hostile article ingested by `accord ingest`, plus
    the hand-made records; returns the number of documents stored. The ingest
    must store every article (the API and browser tests read what the pipeline
    made of them): a failed, skipped or timed-out article fails the fixture."""
    hostile = work / "hostile.txt"
    hostile.write_text("Attack on the page\n\n" + HOSTILE_TEXT, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "accord.cli", "ingest", str(EXAMPLES),
                           str(hostile), "--db", str(path), "-q", "--timeout", "60"],
                          capture_output=True, text=True, check=False,
                          timeout=float(os.environ.get("ACCORD_TEST_INGEST_TIMEOUT", "300")))
    articles = sorted([*(p.name for p in EXAMPLES.glob("*.txt")), hostile.name])
    assert done.returncode == 0, done.stdout + done.stderr
    with Store.open(path) as store:
        stored = sorted(Path(r["source"]).name for r in store.iter_records())
        assert stored == articles, done.stdout + done.stderr
        assert f"stored {len(articles)}," in done.stdout and "failed 0" in done.stdout
        for rec in rich_records():
            store.put_record(rec)
        return store.count_documents()


_BUILT: list[Path] = []


def shared_db(factory: pytest.TempPathFactory) -> Path:
    """One test store per test process, shared by the API and the browser tests."""
    if not _BUILT:
        work = factory.mktemp("api")
        build_store(work / "api.db", work)
        _BUILT.append(work / "api.db")
    return _BUILT[0]


@pytest.fixture(scope="session")
def api_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return shared_db(tmp_path_factory)


@pytest.fixture(scope="session")
def n_docs(api_db: Path) -> int:
    with Store.open(api_db, create=False) as store:
        return store.count_documents()


@pytest.fixture(scope="module")
def client(api_db: Path) -> TestClient:
    return TestClient(create_app(str(api_db)), raise_server_exceptions=False)


def _ok(client: TestClient, url: str) -> Any:
    r = client.get(url)
    assert r.status_code == 200, (url, r.text)
    return r.json()


def _err(client: TestClient, url: str, status: int = 422) -> dict[str, Any]:
    r = client.get(url)
    assert r.status_code == status, (url, r.text)
    body = r.json()["error"]
    assert body["status"] == status and body["message"]
    assert "Traceback" not in r.text
    return body


# -- documents ----------------------------------------------------------------
def test_documents_list_and_pagination(client: TestClient, n_docs: int) -> None:
    all_ = _ok(client, "/api/documents?limit=500")
    assert all_["total"] == n_docs == len(all_["items"]) >= 3
    ids = [d["doc_id"] for d in all_["items"]]
    dates = [d["published"] for d in all_["items"] if d["published"]]
    assert dates == sorted(dates, reverse=True)  # newest first, undated last
    page = _ok(client, "/api/documents?limit=2&offset=1")
    assert [d["doc_id"] for d in page["items"]] == ids[1:3]
    assert page["total"] == n_docs and page["limit"] == 2 and page["offset"] == 1
    assert _ok(client, "/api/documents?offset=100")["items"] == []


def test_documents_filters(client: TestClient) -> None:
    assert [d["doc_id"] for d in _ok(client, "/api/documents?outlet=Reuters")["items"]] == \
        ["aaaa000000000002"]
    got = _ok(client, "/api/documents?date_from=2024-06-12&date_to=2024-06-14")["items"]
    dates = {d["published"] for d in got}
    assert {"2024-06-12", "2024-06-14"} <= dates and min(dates) >= "2024-06-12" \
        and max(dates) <= "2024-06-14"
    got = _ok(client, "/api/documents?q=rejected the offer on Saturday")["items"]
    assert [d["doc_id"] for d in got] == ["aaaa000000000001"]
    assert got[0]["n_quotes"] == 2 and got[0]["n_events"] == 2 and got[0]["n_proposals"] == 1
    # LIKE wildcards in the search text are literal characters ("%_%" would match all).
    assert _ok(client, "/api/documents?q=%25_%25")["total"] == 0


def test_document_record(client: TestClient) -> None:
    rec = _ok(client, "/api/documents/aaaa000000000001")
    assert rec["outlet"] == "Sky News" and rec["quotes"][1]["text"].startswith("We will")
    q = rec["quotes"][0]
    assert rec["text"][q["start"]:q["end"]] == q["text"]
    assert _err(client, "/api/documents/nope", 404)["code"] == "not_found"


# -- actors --------------------------------------------------------------------
def test_actors(client: TestClient) -> None:
    got = _ok(client, "/api/actors?limit=500")
    assert got["total"] == len(got["items"]) >= 5
    counts = [a["n_mentions"] for a in got["items"]]
    assert counts == sorted(counts, reverse=True)
    china = _ok(client, "/api/actors?q=t-chin")["items"]
    assert [a["id"] for a in china] == ["t-china"] and china[0]["n_documents"] == 1
    assert "t-china" in [a["id"] for a in
                         _ok(client, "/api/actors?type=GPE&country=CHN&limit=500")["items"]]
    assert len(_ok(client, "/api/actors?limit=1&offset=1")["items"]) == 1


def test_actor_detail(client: TestClient) -> None:
    putin = _ok(client, "/api/actors/t-vladimir-putin")
    assert putin["name"] == "Vladimir Putin"
    assert [q["text"] for q in putin["quotes"]["items"]] == ["tomorrow"]
    assert [e["type"] for e in putin["events_as_actor"]["items"]] == ["CONSULT"]
    assert putin["events_as_actor"]["items"][0]["recipient"]["id"] == "t-china"
    assert putin["proposals"]["items"][0]["group"] == "p-test-ceasefire"
    china = _ok(client, "/api/actors/t-china")
    assert [e["type"] for e in china["events_as_recipient"]["items"]] == ["CONSULT"]
    # China only answered the proposal: it is still listed as a party.
    assert china["proposals"]["total"] == 1
    assert _err(client, "/api/actors/nobody", 404)["code"] == "not_found"
    _err(client, "/api/actors/t-vladimir-putin?limit=0")


# -- quotes ---------------------------------------------------------------------
def test_quotes(client: TestClient) -> None:
    assert [q["text"] for q in _ok(client, "/api/quotes?speaker=t-vladimir-putin")["items"]] \
        == ["tomorrow"]
    assert [q["speaker"]["id"] for q in _ok(client, "/api/quotes?speaker=ONERROR")["items"]] \
        == ["evil-actor"]  # part of a name, any case
    assert _ok(client, "/api/quotes?q=study the plan")["items"][0]["outlet"] == "Reuters"
    dated = _ok(client, "/api/quotes?date_from=2024-06-16&limit=500")["items"]
    assert "2024-06-16" in {q["published"] for q in dated}
    assert all(q["published"] >= "2024-06-16" for q in dated)
    got = _ok(client, "/api/quotes?limit=1")
    assert len(got["items"]) == 1 and got["total"] >= 4
    assert got["items"][0]["anchor"].startswith("q")


# -- events ---------------------------------------------------------------------
def test_events(client: TestClient) -> None:
    got = _ok(client, "/api/events?type=AGREE&recipient=t-ukraine")["items"]
    assert len(got) == 2 and {e["group"] for e in got} == {"e-test-offer"}
    assert _ok(client, "/api/events?type=consult&recipient=t-china")["items"][0]["actor"]["id"] \
        == "t-vladimir-putin"
    assert {e["type"] for e in _ok(client, "/api/events?actor=t-ukraine")["items"]} == {"REJECT"}
    assert _ok(client, "/api/events?recipient=t-china")["total"] == 1
    dates = [e["date"] for e in _ok(client, "/api/events?date_from=2024-06-01&limit=500")
             ["items"]]
    assert dates == sorted(dates, reverse=True) and "2024-06-10" in dates  # newest first
    assert _ok(client, "/api/events?date_from=2024-06-15&date_to=2024-06-15&actor=t-ukraine")[
        "total"] == 1
    assert _ok(client, "/api/events?group=e-test-offer")["total"] == 2


# -- proposals -------------------------------------------------------------------
def test_proposals(client: TestClient) -> None:
    got = _ok(client, "/api/proposals")["items"]
    p = next(x for x in got if x["group"] == "p-test-ceasefire")
    assert p["n_sources"] == 2 and p["proposer"]["id"] == "t-vladimir-putin"
    assert p["conditions"] == ["Ukrainian troops withdraw from four regions",
                               "Kyiv pulled its forces out of the regions"]
    assert [(r["actor"]["id"], r["stance"], r["date"]) for r in p["responses"]] == \
        [("t-ukraine", "reject", "2024-06-15"), ("t-china", "consider", "2024-06-16")]
    assert p["responses"][0]["anchor"] == "prop-p1-r0"
    assert {s["outlet"] for s in p["sources"]} == {"Sky News", "Reuters"}
    assert _ok(client, "/api/proposals?kind=ceasefire&proposer=t-vladimir-putin")["total"] >= 1
    assert _ok(client, "/api/proposals?party=t-china")["total"] == 1
    assert _ok(client, "/api/proposals?kind=no-such-kind")["total"] == 0


# -- timeline and groups ---------------------------------------------------------
def test_timeline_merges_and_orders(client: TestClient) -> None:
    got = _ok(client, "/api/timeline?date_from=2024-06-01&limit=500")["items"]
    dates = [i["date"] for i in got]
    assert dates == sorted(dates, reverse=True)  # newest first by default
    oldest = _ok(client, "/api/timeline?date_from=2024-06-01&limit=500&order=oldest")["items"]
    assert [i["date"] for i in oldest] == sorted(dates)
    offer = [i for i in got if i["group"] == "e-test-offer"]
    assert len(offer) == 1 and offer[0]["n_sources"] == 2
    # The group's first source (Sky News) tells it as hypothetical; Reuters does not.
    assert offer[0]["flags"] == ["hypothetical"]
    assert offer[0]["evidence"]["doc_id"] == "aaaa000000000001"
    assert any(i["kind"] == "proposal" and i["group"] == "p-test-ceasefire" for i in got)
    ev = offer[0]["evidence"]
    assert ev["doc_id"] and ev["anchor"].startswith("e")
    only = _ok(client, "/api/timeline?type=CONSULT&actor=t-vladimir-putin")["items"]
    assert [i["group"] for i in only] == ["e-test-call"]
    assert all(i["kind"] == "proposal" for i in _ok(client, "/api/timeline?kind=proposal")
               ["items"])
    assert len(_ok(client, "/api/timeline?limit=1&offset=1")["items"]) == 1


def test_timeline_pages_join_up(client: TestClient) -> None:
    full = _ok(client, "/api/timeline?limit=500")
    paged: list[Any] = []
    for offset in range(0, full["total"], 3):
        paged += _ok(client, f"/api/timeline?limit=3&offset={offset}")["items"]
    assert [(i["kind"], i["group"]) for i in paged] == \
        [(i["kind"], i["group"]) for i in full["items"]]
    assert len(full["items"]) == full["total"]
    dated = [i["date"] for i in full["items"] if i["date"]]
    # newest first, undated last
    assert [i["date"] for i in full["items"]][:len(dated)] == sorted(dated, reverse=True)


def test_group_sources(client: TestClient) -> None:
    g = _ok(client, "/api/groups/e-test-offer")
    assert g["kind"] == "event" and [s["outlet"] for s in g["sources"]] == ["Sky News", "Reuters"]
    assert "offered a ceasefire" in g["sources"][1]["text"] and g["sources"][1]["after"]
    p = _ok(client, "/api/groups/p-test-ceasefire")
    assert p["kind"] == "proposal" and len(p["sources"]) == 2
    _err(client, "/api/groups/nope", 404)


def test_search_and_stats(client: TestClient, n_docs: int) -> None:
    got = _ok(client, "/api/search?q=ultimatum")
    assert (got["total"], got["counts"]) == \
        (1, {"documents": 1, "quotes": 0, "events": 0, "proposals": 0})
    doc = got["items"][0]
    assert (doc["kind"], doc["doc_id"], doc["anchor"], doc["outlet"]) == \
        ("document", "aaaa000000000001", None, "Sky News")
    assert [doc["snippet"][s:e] for s, e in doc["highlights"]] == ["ultimatum"]
    # Two words: both in the article of the call and in the event telling it.
    got = _ok(client, "/api/search?q=xi putin")
    assert sorted((i["kind"], i["doc_id"], i["anchor"]) for i in got["items"]) == \
        [("document", "aaaa000000000002", None), ("event", "aaaa000000000002", "e1")]
    ev = next(i for i in got["items"] if i["kind"] == "event")
    assert (ev["type"], ev["actor"]["id"], ev["recipient"]["id"], ev["group"]) == \
        ("CONSULT", "t-vladimir-putin", "t-china", "e-test-call")
    assert sorted(ev["snippet"][s:e] for s, e in ev["highlights"]) == ["Putin", "Xi"]
    # The stored JSON is not searched: keys and ids match nothing.
    for q in ("null", "aaaa000000000001", "doc_id", "%25_%25"):
        assert _ok(client, f"/api/search?q={q}")["total"] == 0, q
    stats = _ok(client, "/api/stats")
    assert stats["documents"] == n_docs and stats["events"] >= 5


def test_search_kinds_and_pages(client: TestClient) -> None:
    every = _ok(client, "/api/search?q=putin&limit=100")
    assert every["total"] == len(every["items"]) == sum(every["counts"].values())
    assert {i["kind"] for i in every["items"]} == {"document", "quote", "event", "proposal"}
    scores = [i["score"] for i in every["items"]]
    assert scores == sorted(scores, reverse=True)  # best first
    paged = [i for off in range(0, every["total"], 3)
             for i in _ok(client, f"/api/search?q=putin&limit=3&offset={off}")["items"]]
    assert [(i["kind"], i["doc_id"], i["anchor"]) for i in paged] == \
        [(i["kind"], i["doc_id"], i["anchor"]) for i in every["items"]]
    for kind in ("documents", "quotes", "events", "proposals"):
        one = _ok(client, f"/api/search?q=putin&kind={kind}&limit=100")
        assert one["kind"] == kind and one["total"] == every["counts"][kind]
        assert {i["kind"] for i in one["items"]} == {kind[:-1]}
    quote = _ok(client, "/api/search?q=ultimatum&kind=quote")
    assert quote["kind"] == "quotes" and quote["total"] == 0
    phrase = _ok(client, '/api/search?q="study the plan"')
    assert sorted((i["kind"], i["doc_id"]) for i in phrase["items"]) == \
        [("document", "aaaa000000000002"), ("quote", "aaaa000000000002")]
    assert _ok(client, '/api/search?q="plan the study"')["total"] == 0  # a phrase keeps order


# -- validation: every bad value is a clear 4xx JSON error, never a trace --------
@pytest.mark.parametrize("url,param", [
    ("/api/documents?limit=-1", "limit"),
    ("/api/documents?limit=0", "limit"),
    ("/api/documents?limit=100000", "limit"),
    ("/api/documents?limit=abc", "limit"),
    ("/api/documents?offset=-5", "offset"),
    ("/api/documents?offset=99999999999", "offset"),
    ("/api/documents?date_from=2024-13-01", "date_from"),
    ("/api/documents?date_from=yesterday", "date_from"),
    ("/api/documents?date_to=2024-02-30", "date_to"),
    ("/api/documents?date_from=2024-06-02&date_to=2024-06-01", "date_from"),
    ("/api/quotes?date_from=14/06/2024", "date_from"),
    ("/api/events?type=BOMBARD", "type"),
    ("/api/events?date_to=20240601", "date_to"),
    ("/api/timeline?type=nonsense", "type"),
    ("/api/timeline?kind=everything", "kind"),
    ("/api/actors?q=" + "x" * 500, "q"),
    ("/api/proposals?limit=501", "limit"),
    ("/api/search", "q"),
    ("/api/search?q=%20", "q"),
    ("/api/search?q=-putin", "q"),
    ("/api/search?q=putin&kind=actors", "kind"),
    ("/api/search?q=putin&limit=0", "limit"),
    ("/api/search?q=putin&limit=101", "limit"),
    ("/api/search?q=putin&offset=-1", "offset"),
    ("/api/search?q=" + "x" * 201, "q"),
    ("/api/search?q=put%00in", "q"),
    ("/api/documents?q=-putin", "q"),
    ("/api/quotes?q=%00", "q"),
    ("/api/documents/abc%00", "path"),
])
def test_bad_parameters(client: TestClient, url: str, param: str) -> None:
    err = _err(client, url, 422)
    assert err["code"] == "invalid_parameter"
    assert err["details"][0]["param"] == param


def test_unknown_route_and_method(client: TestClient) -> None:
    assert _err(client, "/api/nothing-here", 404)["code"] == "not_found"
    r = client.post("/api/documents")
    assert r.status_code == 405 and r.json()["error"]["code"] == "method_not_allowed"


def test_unexpected_error_is_json_500_without_trace(api_db: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from accord import queries

    def boom(*a: Any, **k: Any) -> Any:
        raise RuntimeError("secret internals /etc/passwd")

    monkeypatch.setattr(queries, "list_documents", boom)
    c = TestClient(create_app(str(api_db)), raise_server_exceptions=False)
    r = c.get("/api/documents")
    assert r.status_code == 500
    assert r.json()["error"]["code"] == "internal_error"
    assert "secret" not in r.text and "Traceback" not in r.text
    page = c.get("/documents")
    assert page.status_code == 500 and "secret" not in page.text


def test_security_headers_and_openapi(client: TestClient) -> None:
    r = client.get("/api/documents")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("style-src")[0]
    assert r.headers["x-content-type-options"] == "nosniff"
    spec = _ok(client, "/openapi.json")
    for path in ("/api/documents", "/api/documents/{doc_id}", "/api/actors",
                 "/api/actors/{actor_id}", "/api/quotes", "/api/events", "/api/proposals",
                 "/api/timeline"):
        assert path in spec["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()


def test_pages_escape_hostile_text(client: TestClient) -> None:
    for url in ("/", "/documents", "/documents/aaaa000000000003", "/actors",
                "/actors/evil-actor", "/quotes", "/search?q=pwned", "/compare/e-test-hostile"):
        r = client.get(url)
        assert r.status_code == 200, url
        assert "<script>window" not in r.text and "<img src=x" not in r.text, url
    assert "&lt;script&gt;window.__pwned" in client.get("/documents/aaaa000000000003").text
    found = client.get("/search?q=pwned").text  # snippets of article text, escaped
    assert "&lt;script&gt;window.__<mark>pwned</mark>=1" in found


# -- highlighting from offsets ------------------------------------------------------
def test_segments_cut_overlapping_and_nested_spans() -> None:
    from accord.api.highlight import segments

    rec = rich_records()[0]
    segs = segments(rec)
    assert "".join(s.text for s in segs) == rec["text"]  # nothing lost, nothing added
    anchors = [a for s in segs for a in s.anchors]
    assert sorted(anchors) == sorted(["q0", "q1", "e0", "e1", "prop-p1", "prop-p1-r0"])
    tomorrow = next(s for s in segs if s.text == "tomorrow")
    assert set(tomorrow.items) == {"q0", "e0"} and tomorrow.anchors == ["q0"]
    both = [s for s in segs if {"e0", "prop-p1"} <= set(s.items)]
    assert "".join(s.text for s in both) == "Putin said Russia would cease fire"
    assert any(s.actor == "t-vladimir-putin" for s in segs)


def test_segments_ignore_bad_offsets() -> None:
    from accord.api.highlight import segments

    rec = {"text": "short text", "entities": [{"id": "x", "mentions": [[5, 99]]}],
           "quotes": [{"start": 3, "end": 1, "kind": "direct"}, {"start": -1, "end": 4}],
           "events": [{"start": "0", "end": 4}], "proposals": []}
    segs = segments(rec)
    assert [s.text for s in segs] == ["short text"] and not segs[0].items


# -- PostgreSQL: the same queries on the other backend --------------------------------
from pg_fixture import pg_server, pg_url  # noqa: E402,F401


def test_api_on_postgresql(pg_url: str) -> None:  # noqa: F811
    with Store.open(pg_url) as store:
        for rec in rich_records():
            store.put_record(rec)
    c = TestClient(create_app(pg_url), raise_server_exceptions=False)
    assert _ok(c, "/api/documents?q=ULTIMATUM")["items"][0]["doc_id"] == "aaaa000000000001"
    assert _ok(c, "/api/actors?limit=2&offset=1")["total"] >= 5
    assert _ok(c, "/api/actors/t-vladimir-putin")["proposals"]["total"] == 1
    assert _ok(c, "/api/quotes?speaker=onerror&date_from=2024-06-01")["total"] == 1
    assert _ok(c, "/api/events?type=AGREE")["total"] == 2
    p = _ok(c, "/api/proposals")["items"][0]
    assert p["n_sources"] == 2 and [r["stance"] for r in p["responses"]] == ["reject", "consider"]
    got = _ok(c, "/api/timeline?limit=500&order=oldest")
    assert [i["date"] for i in got["items"]] == sorted(i["date"] for i in got["items"])
    assert _ok(c, "/api/groups/p-test-ceasefire")["kind"] == "proposal"
    got = _ok(c, "/api/search?q=putin xi")  # tsvector + GIN: the same results as FTS5
    assert sorted((i["kind"], i["doc_id"], i["anchor"]) for i in got["items"]) == \
        [("document", "aaaa000000000002", None), ("event", "aaaa000000000002", "e1")]
    got = _ok(c, "/api/search?q=ultimatum")
    assert [doc["snippet"][s:e] for doc in got["items"] for s, e in doc["highlights"]] == \
        ["ultimatum"]
    assert _ok(c, "/api/search?q=null")["total"] == 0
    assert _ok(c, "/api/search?q=%22study%20the%20plan%22&kind=quotes")["total"] == 1
    assert _ok(c, "/api/documents?q=ultimatum")["total"] == 1
    for url in ("/api/search?q=a%00b", "/api/documents/a%00b", "/api/actors/%00",
                "/api/groups/x%00", "/compare/%00"):
        assert c.get(url).status_code == 422, url  # PostgreSQL text cannot hold NUL
    for url in ("/", "/proposals", "/documents/aaaa000000000001", "/actors/t-vladimir-putin",
                "/compare/e-test-offer", "/search?q=putin"):
        assert c.get(url).status_code == 200, url
