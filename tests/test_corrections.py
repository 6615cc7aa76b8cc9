"""Analysts' corrections (accord/corrections.py): confirm, edit, reject or delete
an item from the API, the web form and the CLI; kept with time and author,
applied over the extraction everywhere, written in the corpus format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord import corrections
from accord.api import create_app
from accord.cli import app
from accord.errors import CorrectionError
from accord.export import csv_rows
from accord.queries import list_events, list_proposals, list_quotes
from accord.queries.lists import Page
from accord.store import Store

ROOT = Path(__file__).resolve().parent.parent
TEXT = ("Russia proposed a 30-day ceasefire to Ukraine on Monday. "
        "\"We are ready to stop the fighting tomorrow,\" Putin said. "
        "Kyiv rejected the offer on Tuesday. "
        "Russian troops shelled the town of Kupiansk on Tuesday, the governor said.")


@pytest.fixture
def db(tmp_path: Path, process: Any) -> Path:
    path = tmp_path / "c.db"
    with Store.open(path) as store:
        store.put_record(process(TEXT, published="2025-03-10", source="a.txt",
                                 outlet="Reuters"))
    return path


@pytest.fixture
def client(db: Path) -> TestClient:
    return TestClient(create_app(str(db)))


def _rec(client: TestClient) -> dict[str, Any]:
    doc = client.get("/api/documents").json()["items"][0]["doc_id"]
    rec: dict[str, Any] = client.get(f"/api/documents/{doc}").json()
    return rec


def _post(client: TestClient, rec: dict[str, Any], kind: str, item: dict[str, Any],
          action: str, **extra: Any) -> Any:
    body = {"doc_id": rec["doc_id"], "kind": kind,
            "target": corrections.target_of(kind, item), "action": action,
            "author": "jane", **extra}
    return client.post("/api/corrections", json=body)


def test_edit_a_quote_speaker_everywhere(client: TestClient, db: Path) -> None:
    rec = _rec(client)
    quote = next(q for q in rec["quotes"] if q["kind"] == "direct")
    r = _post(client, rec, "quote", quote, "edit", changes={"speaker": "Dmitry Peskov"},
              note="the spokesman said it")
    assert r.status_code == 201, r.text
    made = r.json()
    assert (made["author"], made["action"], made["note"]) == ("jane", "edit",
                                                             "the spokesman said it")
    assert made["changes"] == {"speaker": {"id": "dmitry-peskov", "name": "Dmitry Peskov"}}
    assert made["at"] and made["id"] == 1
    again = next(q for q in _rec(client)["quotes"] if q["start"] == quote["start"])
    assert again["speaker"]["id"] == "dmitry-peskov"
    assert again["correction"]["status"] == "edited" and again["correction"]["by"] == "jane"
    assert again["correction"]["original"]["speaker"]["id"] == quote["speaker"]["id"]
    assert again["confidence"] == 1.0
    listed = client.get("/api/quotes?speaker=dmitry-peskov").json()["items"]
    assert [q["text"] for q in listed] == [quote["text"]] and listed[0]["review"] == "edited"
    with Store.open(db) as store:  # the extraction is kept as it came
        assert store.get_extraction(rec["doc_id"])["quotes"] == rec["quotes"]
        assert "dmitry-peskov" in [(q["speaker"] or {}).get("id")
                                   for q in list_quotes(store)["items"]]
    page = client.get(f"/documents/{rec['doc_id']}").text
    assert "edited by jane" in page and "Corrections (1)" in page


def test_reject_takes_an_item_out_of_lists_and_exports(client: TestClient, db: Path) -> None:
    rec = _rec(client)
    event = next(e for e in rec["events"] if e["type"] == "ASSAULT")
    assert _post(client, rec, "event", event, "reject").status_code == 201
    after = _rec(client)
    assert all(e["start"] != event["start"] or e["type"] != "ASSAULT" for e in after["events"])
    assert len(after["events"]) == len(rec["events"]) - 1
    assert csv_rows(after)["events"] and all(
        r["type"] != "ASSAULT" for r in csv_rows(after)["events"])
    with Store.open(db) as store:
        assert all(e["type"] != "ASSAULT" for e in list_events(store)["items"])
        exported = list(store.iter_records())[0]
        assert all(e["type"] != "ASSAULT" for e in exported["events"])
    page = client.get(f"/documents/{rec['doc_id']}").text
    assert "reject" in page and event["text"][:40] in page  # listed as rejected


def test_the_tracker_shows_a_corrected_response(client: TestClient, db: Path) -> None:
    rec = _rec(client)
    prop = next(p for p in rec["proposals"] if "ceasefire" in (p["kind"] or ""))
    assert prop["responses"], prop
    resp = prop["responses"][0]
    assert _post(client, rec, "response", resp, "edit",
                 changes={"stance": "consider"}).status_code == 201
    with Store.open(db) as store:
        merged = list_proposals(store, page=Page(limit=5))["items"]
    got = next(p for p in merged if "ceasefire" in (p["kind"] or ""))
    assert [r["stance"] for r in got["responses"]] == ["consider"]
    assert _post(client, rec, "proposal", prop, "edit",
                 changes={"recipient": "Ukraine", "kind": "ceasefire"}).status_code == 201
    after = next(p for p in _rec(client)["proposals"] if p["start"] == prop["start"])
    assert (after["kind"], after["recipient"]["id"]) == ("ceasefire", "ukraine")
    assert after["responses"][0]["stance"] == "consider"  # the earlier edit stays


def test_confirm_and_delete(client: TestClient) -> None:
    rec = _rec(client)
    quote = rec["quotes"][0]
    assert _post(client, rec, "quote", quote, "confirm").status_code == 201
    confirmed = next(q for q in _rec(client)["quotes"] if q["start"] == quote["start"])
    assert confirmed["correction"]["status"] == "confirmed"
    assert _post(client, rec, "quote", quote, "delete").status_code == 201
    assert all(q["start"] != quote["start"] for q in _rec(client)["quotes"])
    listed = client.get(f"/api/corrections?doc_id={rec['doc_id']}").json()
    assert [c["action"] for c in listed["items"]] == ["confirm", "delete"]


@pytest.mark.parametrize(("kind", "action", "changes", "status", "words"), [
    ("event", "edit", {"type": "BOMBARD"}, 422, "not a PLOVER type"),
    ("event", "edit", {"stance": "accept"}, 422, "no field 'stance'"),
    ("quote", "edit", {}, 422, "needs a new value"),
    ("quote", "confirm", {"speaker": "Putin"}, 422, "only an edit"),
    ("quote", "approve", {}, 422, "action"),
])
def test_invalid_corrections_are_refused(client: TestClient, kind: str, action: str,
                                         changes: dict[str, Any], status: int,
                                         words: str) -> None:
    rec = _rec(client)
    item = rec["events"][0] if kind == "event" else rec["quotes"][0]
    r = _post(client, rec, kind, item, action, changes=changes)
    assert r.status_code == status
    assert words in json.dumps(r.json())


def test_no_such_document_or_item(client: TestClient) -> None:
    rec = _rec(client)
    r = client.post("/api/corrections", json={
        "doc_id": "0" * 16, "kind": "quote", "target": {"start": 0, "end": 5},
        "action": "confirm", "author": "jane"})
    assert r.status_code == 404 and "no such document" in r.text
    r = client.post("/api/corrections", json={
        "doc_id": rec["doc_id"], "kind": "quote", "target": {"start": 1, "end": 2},
        "action": "confirm", "author": "jane"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


def test_writes_need_a_token_beyond_loopback(db: Path) -> None:
    remote = TestClient(create_app(str(db)), client=("203.0.113.9", 5000))
    rec = remote.get("/api/documents").json()["items"][0]
    r = remote.post("/api/corrections", json={
        "doc_id": rec["doc_id"], "kind": "quote", "target": {"start": 0, "end": 1},
        "action": "confirm", "author": "x"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "read_only"
    token = "t" * 20
    remote = TestClient(create_app(str(db), token=token), client=("203.0.113.9", 5000))
    assert remote.post("/api/corrections", json={}).status_code == 401  # no token
    full = remote.get(f"/api/documents/{rec['doc_id']}",
                      headers={"Authorization": f"Bearer {token}"}).json()
    q = full["quotes"][0]
    r = remote.post("/api/corrections", headers={"Authorization": f"Bearer {token}"}, json={
        "doc_id": rec["doc_id"], "kind": "quote", "target": {"start": q["start"],
                                                             "end": q["end"]},
        "action": "confirm", "author": "x"})
    assert r.status_code == 201


def test_the_form_on_a_document_page(client: TestClient) -> None:
    rec = _rec(client)
    page = client.get(f"/documents/{rec['doc_id']}").text
    assert page.count('class="review-form"') == (
        len(rec["quotes"]) + len(rec["events"]) + len(rec["proposals"])
        + sum(len(p["responses"]) for p in rec["proposals"]))
    event = next(e for e in rec["events"] if e["type"] == "ASSAULT")
    t = corrections.target_of("event", event)
    form = {"item_kind": "event", "start": t["start"], "end": t["end"],
            "target_type": t["type"], "target_actor": t["actor"] or "", "anchor": "item-e0",
            "type": "COERCE", "was_type": "ASSAULT", "actor": "russia", "was_actor": "russia",
            "author": "omar", "action": "edit"}
    r = client.post(f"/documents/{rec['doc_id']}/corrections", data=form,
                    follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].endswith("#item-e0")
    edited = next(e for e in _rec(client)["events"] if e["start"] == event["start"])
    assert edited["type"] == "COERCE" and edited["correction"]["by"] == "omar"
    assert "accord_author=omar" in r.headers.get("set-cookie", "")
    # the same form from another site is refused
    r = client.post(f"/documents/{rec['doc_id']}/corrections", data=form,
                    headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert r.status_code == 403


def test_apply_finds_the_item_again_by_its_span() -> None:
    rec = {"doc_id": "d", "text": "abcdefghij", "quotes": [
        {"start": 0, "end": 4, "kind": "direct", "speaker": None, "confidence": 0.9}],
        "events": [
            {"start": 0, "end": 6, "type": "REJECT", "actor": {"id": "a", "name": "A"},
             "group": "e-1"},
            {"start": 0, "end": 6, "type": "REJECT", "actor": {"id": "b", "name": "B"},
             "group": "e-2"}], "proposals": []}
    fix = corrections.Correction("d", "event", {"start": 0, "end": 6, "type": "REJECT",
                                                "actor": "b"}, "reject", "jane", at="1")
    moved = corrections.Correction("d", "quote", {"start": 0, "end": 5}, "confirm", "jane",
                                   at="2")
    gone = corrections.Correction("d", "quote", {"start": 7, "end": 9}, "confirm", "jane",
                                  at="3")
    out, orphans = corrections.apply(rec, [fix, moved, gone])
    assert [e["actor"]["id"] for e in out["events"]] == ["a"]  # the one of actor b went
    assert out["quotes"][0]["correction"]["status"] == "confirmed"  # found by overlap
    assert orphans == [gone]
    assert "correction" not in rec["quotes"][0]  # the extraction is left as it was


def test_check_names_the_problem() -> None:
    assert corrections.check("proposal", "edit", {"actor": None, "type": " Talks "}) == \
        {"proposer": None, "kind": "talks"}
    with pytest.raises(CorrectionError, match="stance"):
        corrections.check("response", "edit", {"stance": "maybe"})
    with pytest.raises(CorrectionError, match="kind"):
        corrections.check("entity", "confirm", {})


def test_cli_correct_and_export_in_the_corpus_format(db: Path, tmp_path: Path) -> None:
    cli = CliRunner()
    with Store.open(db) as store:
        rec = next(store.iter_records())
    r = cli.invoke(app, ["correct", rec["doc_id"], "q0", "edit", "--speaker", "Peskov",
                         "--author", "jane", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "edit quote q0" in r.output and "Dmitry Peskov" in r.output
    r = cli.invoke(app, ["correct", rec["doc_id"], "e0", "reject", "--author", "jane",
                         "--db", str(db)])
    assert r.exit_code == 0, r.output
    r = cli.invoke(app, ["correct", rec["doc_id"], "q9", "confirm", "--author", "jane",
                         "--db", str(db)])
    assert r.exit_code == 1 and "no item 'q9'" in r.output
    listed = cli.invoke(app, ["corrections", "--db", str(db)])
    assert "2 corrections" in listed.output and "jane" in listed.output
    report = cli.invoke(app, ["report", "--db", str(db), "--doc", rec["doc_id"]])
    assert "edited by jane" in report.output
    out = tmp_path / "fixes"
    r = cli.invoke(app, ["export", "--corrections", "-o", str(out), "--db", str(db)])
    assert r.exit_code == 0, r.output
    (ann_path,) = list(out.glob("annotations/jane/*.json"))
    ann = json.loads(ann_path.read_text(encoding="utf-8"))
    assert ann["id"] == rec["doc_id"] and ann["done"] is True
    reviewed = [q for q in ann["quotes"] if not q["marginal"]]
    assert [(q["speaker"], q["key"]) for q in reviewed] == [("Dmitry Peskov", "dmitry peskov")]
    assert len(ann["events"]) == len(rec["events"]) - 1
    check = subprocess.run([sys.executable, str(ROOT / "corpus" / "tools.py"), "check",
                            str(ann_path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout
    from accord.training.corpus import Corpus

    corpus = Corpus(out)
    (got,) = list(corpus.annotations("train"))
    assert got.story.text == rec["text"] and got.annotator == "jane"


from pg_fixture import pg_server, pg_url  # noqa: E402,F401


@pytest.mark.slow
def test_merge_corrections_and_reprocess_on_postgresql(pg_url: str, process: Any,  # noqa: F811
                                                       nlp: Any) -> None:
    from test_merge import PUTIN_OFFER

    from accord.runner import PipelineSettings, reprocess_store

    with Store.open(pg_url) as store:
        for i, (text, day, outlet) in enumerate(PUTIN_OFFER):
            store.put_record(process(text, published=day, source=f"o{i}.txt", outlet=outlet))
        merged = list_proposals(store, page=Page(limit=10))["items"]
        assert len(merged) == 1 and merged[0]["n_sources"] == 3
        rec = next(store.iter_records())
        prop = rec["proposals"][0]
        corrections.submit(store, rec["doc_id"], "proposal",
                           corrections.target_of("proposal", prop), "edit", author="jane",
                           changes={"recipient": "Ukraine"})
        again = store.get_record(rec["doc_id"])
        assert again is not None and again["proposals"][0]["recipient"]["id"] == "ukraine"
        assert [c.author for c in store.corrections(rec["doc_id"])] == ["jane"]
        summary = reprocess_store(store, settings=PipelineSettings(), nlp=nlp)
        assert summary.replaced == 3 and summary.failed == 0
        after = store.get_record(rec["doc_id"])
        assert after is not None and after["proposals"][0]["recipient"]["id"] == "ukraine"
        assert len(list_proposals(store, page=Page(limit=10))["items"]) == 1
