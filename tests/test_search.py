"""Full-text search (accord.fulltext): the query language, the index kept in
step with every write and delete (SQLite FTS5 and PostgreSQL tsvector), ranked
and paged results with match offsets, the time limit, the list filters that
use the index, and `accord search`."""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pg_fixture
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError
from test_api import _record, rich_records
from typer.testing import CliRunner

from accord import fulltext
from accord.cli import app as cli_app
from accord.errors import SearchQueryError, SearchTimeout
from accord.fulltext import Term, parse
from accord.queries import Page, list_documents, list_proposals, list_quotes, search
from accord.store import Store, documents

pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url
KINDS = ("documents", "quotes", "events", "proposals")


def _found(result: dict[str, Any]) -> list[tuple[str, str, str | None]]:
    return sorted((i["kind"], i["doc_id"], i["anchor"]) for i in result["items"])


def _marked(item: dict[str, Any]) -> list[str]:
    return [item["snippet"][s:e] for s, e in item["highlights"]]


def _in_step(store: Store) -> None:
    """FTS5's own check that each index matches its content, row for row."""
    with store.engine.connect() as conn:
        for kind in KINDS:
            conn.exec_driver_sql(f"INSERT INTO fts_{kind}(fts_{kind}, rank) "
                                 "VALUES ('integrity-check', 1)")


@pytest.fixture
def rich(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "s.db")
    for rec in rich_records():
        assert store.put_record(rec) == "stored"
    return store


# -- the query language ------------------------------------------------------------
def test_parse_words_phrases_prefixes_exclusions() -> None:
    assert parse('Putin  "cease fire" ceasef* -china "30-day*"') == [
        Term(("putin",)), Term(("cease", "fire")), Term(("ceasef",), prefix=True),
        Term(("china",), exclude=True), Term(("30", "day"), prefix=True)]
    assert [str(t) for t in parse('Putin "cease fire" ceasef* -china')] == \
        ["putin", '"cease fire"', "ceasef*", "-china"]
    # Only letters and digits reach the index: its own syntax is never written by users.
    assert parse('NEAR(a b) title:x AND ^c "d OR e') == [
        Term(("near", "a")), Term(("b",)), Term(("title", "x")), Term(("and",)),
        Term(("c",)), Term(("d", "or", "e"))]
    assert parse("%_% ... ''' \" * -") == []
    assert parse("ｐｕｔｉｎ") == [Term(("putin",))]  # NFKC: full-width letters
    assert len(parse(" ".join(f"w{i}" for i in range(40)))) == fulltext.MAX_TERMS
    with pytest.raises(SearchQueryError, match="only leaves words out"):
        parse("-putin -china")
    assert issubclass(SearchQueryError, ValueError)


# -- results -----------------------------------------------------------------------
def test_every_kind_ranked_with_highlights(rich: Store) -> None:
    got = search(rich, "xi putin")  # two words: both must match
    assert got["terms"] == ["xi", "putin"] and got["total"] == 2
    assert got["counts"] == {"documents": 1, "quotes": 0, "events": 1, "proposals": 0}
    assert _found(got) == [("document", "aaaa000000000002", None),
                           ("event", "aaaa000000000002", "e1")]
    ev = next(i for i in got["items"] if i["kind"] == "event")
    assert ev["snippet"] == "Putin spoke to Xi by phone on June 10"
    assert _marked(ev) == ["Putin", "Xi"] and ev["type"] == "CONSULT"
    assert (ev["actor"], ev["recipient"]) == ({"id": "t-vladimir-putin", "name": "Vladimir Putin"},
                                              {"id": "t-china", "name": "China"})
    assert (ev["outlet"], ev["published"], ev["title"], ev["group"]) == \
        ("Reuters", "2024-06-16", "Kremlin sets terms for truce", "e-test-call")
    quote = search(rich, "land", kind="quotes")["items"]
    assert [(q["anchor"], q["speaker"]["id"], q["snippet"], _marked(q)) for q in quote] == \
        [("q1", "t-volodymyr-zelenskyy", "We will not give up our land.", ["land"])]
    prop = search(rich, "kyiv forces", kind="proposals")["items"]
    assert [(p["anchor"], p["proposal_kind"], p["proposer"]["id"]) for p in prop] == \
        [("prop-p1", "ceasefire", "t-vladimir-putin")]
    doc = search(rich, "truce", kind="documents")["items"]
    assert [(d["title"], d["title_highlights"], d["source"]) for d in doc] == \
        [("Kremlin sets terms for truce", [[23, 28]], "test://aaaa000000000002")]


def test_words_not_substrings_and_forms_of_a_word(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.put_record(_record("c000000000000001", "Wire", "2024-01-02", "Chips",
                                 "Quantum computing talks began in Geneva on Monday."))
        store.put_record(_record("c000000000000002", "Wire", "2024-01-03", "Talk",
                                 "Putin will talk to the envoy."))
        assert search(store, "putin")["counts"]["documents"] == 1  # not "computing"
        assert sorted(i["doc_id"] for i in search(store, "talks")["items"]) == \
            ["c000000000000001", "c000000000000002"]  # "talk" is a form of "talks"
        assert [i["doc_id"] for i in search(store, "comput*")["items"]] == ["c000000000000001"]
        assert [i["doc_id"] for i in search(store, "talks -geneva")["items"]] == \
            ["c000000000000002"]
        assert search(store, '"talks began"')["total"] == 1
        assert search(store, '"began talks"')["total"] == 0
        assert search(store, "GENEVA monday")["total"] == 1  # any case


def test_the_stored_json_is_not_searched(rich: Store) -> None:
    for q in ("null", "doc_id", "aaaa000000000001", "entities", "start", "hypothetical",
              "t-china", "source"):
        assert search(rich, q)["counts"]["documents"] == 0, q
    assert search(rich, "%_%") == {
        "q": "%_%", "terms": [], "kind": "all", "total": 0, "counts": dict.fromkeys(KINDS, 0),
        "limit": 20, "offset": 0, "items": []}


def test_pages_join_up_and_kinds_filter(rich: Store) -> None:
    every = search(rich, "putin", page=Page(limit=100))
    assert every["total"] == len(every["items"]) == 8
    assert every["counts"] == {"documents": 2, "quotes": 1, "events": 3, "proposals": 2}
    scores = [i["score"] for i in every["items"]]
    assert scores == sorted(scores, reverse=True)
    paged = [i for off in range(0, 8, 3)
             for i in search(rich, "putin", page=Page(limit=3, offset=off))["items"]]
    assert paged == every["items"]
    assert search(rich, "putin", page=Page(limit=5, offset=8))["items"] == []
    for kind in KINDS:
        one = search(rich, "putin", kind=kind, page=Page(limit=100))
        assert one["total"] == every["counts"][kind] == len(one["items"])
        assert one["counts"] == every["counts"]
        assert [i for i in every["items"] if i["kind"] == kind[:-1]] == one["items"]
    with pytest.raises(SearchQueryError, match="kind"):
        search(rich, "putin", kind="actors")


def test_hostile_text_comes_back_as_plain_text_with_offsets(rich: Store) -> None:
    got = search(rich, "pwned", kind="quotes")["items"]
    assert [(q["snippet"], _marked(q)) for q in got] == [
        ("<script>window.__pwned=1;document.title='pwned'</script> was only a test",
         ["pwned", "pwned"])]


def test_hostile_queries_never_reach_the_index_syntax(rich: Store) -> None:
    for q in ('"', "*", "AND", "OR", "NOT x", "NEAR(a b)", "title:putin", '"unbalanced',
              "a OR b", "^putin", "-", "--x putin", "x" * 200, "'; DROP TABLE documents; --",
              "\\", "{}[]()", "putin*" * 30, "🙂 putin", "ü ß ﬁ"):
        got = search(rich, q)
        assert got["total"] == sum(got["counts"].values()), q
    assert search(rich, "'; DROP TABLE documents; --")["total"] == 0
    assert rich.count_documents() == 3


# -- the index kept in step ----------------------------------------------------------
def test_index_follows_replace_and_delete(rich: Store) -> None:
    _in_step(rich)
    old = rich_records()[1]
    new = copy.deepcopy(old)
    new["doc_id"], new["title"] = "bbbb000000000002", "Armistice talks"
    new["text"] = new["text"].replace("study the plan", "weigh the armistice")
    new["quotes"][0].update(text="it would weigh the armistice",
                            end=new["quotes"][0]["start"] + len("it would weigh the armistice"))
    new["proposals"][0]["responses"] = []
    assert rich.put_record(new) == "replaced"  # same source: the old article goes
    _in_step(rich)
    assert search(rich, "study")["total"] == 0 and search(rich, "truce")["total"] == 0
    assert _found(search(rich, "armistice")) == [("document", "bbbb000000000002", None),
                                                 ("quote", "bbbb000000000002", "q0")]
    assert rich.put_record(new) == "unchanged"
    assert search(rich, "armistice")["total"] == 2
    with rich.engine.begin() as conn:  # any writer, not only put_record
        conn.execute(text("UPDATE quotes SET text = 'a parley' WHERE doc_id = :d"),
                     {"d": "bbbb000000000002"})
        conn.execute(text("UPDATE documents SET title = 'Parley' WHERE doc_id = :d"),
                     {"d": "bbbb000000000002"})
    _in_step(rich)
    assert _found(search(rich, "parley")) == [("document", "bbbb000000000002", None),
                                              ("quote", "bbbb000000000002", "q0")]
    with rich.engine.begin() as conn:
        conn.execute(text("DELETE FROM quotes WHERE doc_id = :d"), {"d": "bbbb000000000002"})
        conn.execute(text("DELETE FROM events WHERE doc_id = :d"), {"d": "bbbb000000000002"})
        conn.execute(text("DELETE FROM documents WHERE doc_id = :d"),
                     {"d": "bbbb000000000002"})
    _in_step(rich)
    assert search(rich, "parley")["total"] == 0 and search(rich, "armistice")["total"] == 0
    assert search(rich, "ultimatum")["counts"]["documents"] == 1


def test_a_store_made_before_search_is_indexed_when_opened(rich: Store, tmp_path: Path) -> None:
    rich.close()
    conn = sqlite3.connect(tmp_path / "s.db")
    triggers = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'fts%'")]
    assert len(triggers) == 12  # insert, delete, update on each of the four
    for stmt in ("DROP TABLE fts_documents", "DROP TABLE fts_quotes", "DROP TABLE fts_events",
                 "DROP TABLE fts_proposals", "DROP VIEW search_doc_text",
                 "DROP TABLE search_docs", *(f"DROP TRIGGER {t}" for t in triggers)):
        conn.execute(stmt)
    conn.commit()
    conn.close()
    with Store.open(tmp_path / "s.db") as again:
        assert search(again, "putin")["counts"] == \
            {"documents": 2, "quotes": 1, "events": 3, "proposals": 2}
        _in_step(again)


def test_time_limit(tmp_path: Path) -> None:
    with Store.open(tmp_path / "s.db") as store:
        store.put_records([_record(f"{i:016x}", "Wire", "2024-01-01", f"Day {i}",
                                   "The talks went on about the plan. " * 40)
                           for i in range(150)])
        assert search(store, "talks")["total"] == 150
        with pytest.raises(SearchTimeout, match="longer than 1e-06 s"):
            search(store, "talks", timeout=1e-6)
        assert search(store, "talks", timeout=0)["total"] == 150  # 0: no limit
        # The limit is the connection's for that search only: the next one runs in full.
        with fulltext._time_limit(store.engine, 0.05) as conn, \
                pytest.raises(OperationalError) as err:
            conn.execute(text("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                              "FROM n WHERE i < 1000000000) SELECT count(*) FROM n")).all()
        assert fulltext._timed_out(err.value)
        assert len(store.query(select(documents.c.doc_id))) == 150


# -- the lists' q filters go through the index ------------------------------------------
def test_list_filters_use_the_index(rich: Store) -> None:
    ids = [d["doc_id"] for d in list_documents(rich, q="ultimatum")["items"]]
    assert ids == ["aaaa000000000001"]
    assert list_documents(rich, q="doc_id")["total"] == 0  # a JSON key, not article text
    assert list_documents(rich, q="%_%")["total"] == 0
    assert [q["text"] for q in list_quotes(rich, q="plan study")["items"]] == \
        ["it would study the plan"]
    assert [p["group"] for p in list_proposals(rich, q="kyiv")["items"]] == \
        ["p-test-ceasefire"]
    with rich.engine.connect() as conn:
        plan = " ".join(str(r) for r in conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT doc_id FROM documents WHERE doc_id IN (SELECT s.doc_id "
            "FROM fts_documents JOIN search_docs s ON s.id = fts_documents.rowid WHERE "
            "fts_documents MATCH 'ultimatum')"))
    assert "VIRTUAL TABLE INDEX" in plan and "SCAN documents" not in plan


# -- accord search ----------------------------------------------------------------------
def test_cli_search(rich: Store, tmp_path: Path) -> None:
    db = str(tmp_path / "s.db")
    runner = CliRunner()
    out = runner.invoke(cli_app, ["search", "xi putin", "--db", db, "--json"])
    assert out.exit_code == 0, out.output
    lines = [json.loads(x) for x in out.stdout.splitlines()]
    assert sorted((x["kind"], x["doc_id"], x["anchor"]) for x in lines) == \
        [("document", "aaaa000000000002", None), ("event", "aaaa000000000002", "e1")]
    assert "1-2 of 2 (1 documents, 0 quotes, 1 events, 0 proposals)" in out.stderr
    out = runner.invoke(cli_app, ["search", "putin", "--db", db, "--kind", "event",
                                  "--limit", "2", "--offset", "1"], env={"COLUMNS": "80"})
    assert out.exit_code == 0, out.output
    assert out.stdout.splitlines()[-1] == "2-3 of 3 (2 documents, 1 quotes, 3 events, " \
                                          "2 proposals)"
    assert all(len(line) <= 80 for line in out.stdout.splitlines())
    assert out.stdout.count("event ") == 2 and "aaaa0000000000" in out.stdout
    out = runner.invoke(cli_app, ["search", "--db", db, "--", "-putin"])
    assert out.exit_code == 1 and "only leaves words out" in out.output
    out = runner.invoke(cli_app, ["search", "putin", "--db", db, "--kind", "actors"])
    assert out.exit_code == 1 and "--kind: 'actors' is not one of" in out.output


# -- PostgreSQL ------------------------------------------------------------------------------
@pytest.mark.slow
def test_postgres_search(pg_url: str) -> None:  # noqa: F811
    with Store.open(pg_url) as store:
        for rec in rich_records():
            store.put_record(rec)
        got = search(store, "xi putin")
        assert _found(got) == [("document", "aaaa000000000002", None),
                               ("event", "aaaa000000000002", "e1")]
        ev = next(i for i in got["items"] if i["kind"] == "event")
        assert ev["snippet"] == "Putin spoke to Xi by phone on June 10"
        assert _marked(ev) == ["Putin", "Xi"]
        assert search(store, "putin", page=Page(limit=100))["counts"] == \
            {"documents": 2, "quotes": 1, "events": 3, "proposals": 2}
        assert search(store, '"cease fire"')["counts"] == \
            {"documents": 1, "quotes": 0, "events": 1, "proposals": 1}
        assert search(store, "ukrain* -kyiv")["counts"]["documents"] == 1
        for q in ("null", "doc_id", "aaaa000000000001", '"', "NEAR(a", "!!zz", "a & b"):
            assert search(store, q)["counts"]["documents"] == 0, q
        assert [d["doc_id"] for d in list_documents(store, q="ultimatum")["items"]] == \
            ["aaaa000000000001"]
        assert [q["text"] for q in list_quotes(store, q="plan study")["items"]] == \
            ["it would study the plan"]
        replaced = copy.deepcopy(rich_records()[0])
        replaced["doc_id"], replaced["text"] = "bbbb000000000001", \
            replaced["text"].replace("ultimatum", "armistice")
        assert store.put_record(replaced) == "replaced"  # generated column: in step
        assert search(store, "ultimatum")["total"] == 0
        assert [i["doc_id"] for i in search(store, "armistice")["items"]] == \
            ["bbbb000000000001"]
        with fulltext._time_limit(store.engine, 0.2) as conn:
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "200ms"
            with pytest.raises(OperationalError) as err:
                conn.execute(text("SELECT pg_sleep(5)")).all()
        assert fulltext._timed_out(err.value)
        with store.engine.connect() as conn:  # the limit was that transaction's only
            assert conn.execute(text("SHOW statement_timeout")).scalar() == "0"


@pytest.mark.slow
def test_postgres_store_made_before_search_gets_the_index(pg_url: str) -> None:  # noqa: F811
    with Store.open(pg_url) as store:
        store.put_record(rich_records()[0])
        with store.engine.begin() as conn:
            for name in ("ix_documents_search", "ix_quotes_search", "ix_events_search",
                         "ix_proposals_search"):
                conn.execute(text(f"DROP INDEX {name}"))
            conn.execute(text("ALTER TABLE documents DROP COLUMN search_tsv"))
    with Store.open(pg_url) as store:
        assert search(store, "ultimatum")["counts"]["documents"] == 1
        with store.engine.connect() as conn:
            names = {r[0] for r in conn.execute(text(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE 'ix_%_search'"))}
        assert names == {"ix_documents_search", "ix_quotes_search", "ix_events_search",
                         "ix_proposals_search"}
