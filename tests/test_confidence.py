"""Confidence on every quote, event, proposal and response (accord/confidence.py):
the classifier's P mapped through the dev split's precision where it decides,
the dev precision of the rule that fired elsewhere; in the record, the store,
the exports, the API filters, the web pages and the CLI."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from accord import confidence
from accord.api import create_app
from accord.cli import app
from accord.export import csv_rows
from accord.model import Ref
from accord.store import Store
from accord.types import Record

TEXT = ("\"We will not give up an inch,\" Ukrainian President Volodymyr Zelenskyy said on "
        "Monday. He said Kyiv would accept a ceasefire if Russia withdrew its troops. "
        "Russia proposed a 30-day ceasefire to Ukraine on Monday. Kyiv rejected the offer. "
        "Russian troops shelled the town of Kupiansk on Tuesday.")


def _items(rec: dict[str, Any]) -> list[dict[str, Any]]:
    return [*rec["quotes"], *rec["events"], *rec["proposals"],
            *(r for p in rec["proposals"] for r in p["responses"])]


def test_every_item_has_a_confidence(process: Any) -> None:
    rec = process(TEXT, published="2025-03-10")
    assert rec["quotes"] and rec["events"] and rec["proposals"]
    for item in _items(rec):
        assert isinstance(item["confidence"], float) and 0 <= item["confidence"] <= 1, item


def test_a_quote_confidence_is_its_rule_class(process: Any) -> None:
    rec = process(TEXT, published="2025-03-10")
    named = next(q for q in rec["quotes"] if q["kind"] == "direct")
    assert named["speaker"]["id"] == "volodymyr-zelenskyy" and not named["speaker"].get(
        "inferred")
    assert named["confidence"] == confidence.lookup("quote.direct.named")
    pronoun = next(q for q in rec["quotes"] if q["kind"] == "indirect")
    assert pronoun["speaker"]["inferred"] == "pronoun"
    assert pronoun["confidence"] == confidence.lookup("quote.indirect.inferred")


def test_rule_classes_fall_back_to_their_kind() -> None:
    table = yaml.safe_load(confidence.DATA.read_text(encoding="utf-8"))
    assert confidence.lookup("quote.direct.named") == \
        table["rules"]["quote.direct.named"]["confidence"]
    assert confidence.lookup("proposal.never-seen") == table["rules"]["proposal"]["confidence"]
    assert confidence.lookup("nothing") == confidence.DEFAULT
    assert confidence.actor_status(None) == "none"
    assert confidence.actor_status(Ref(name="a source")) == "described"
    assert confidence.actor_status(Ref(name="he", id="x", inferred="pronoun")) == "inferred"
    assert confidence.actor_status({"id": "x", "name": "X"}) == "named"


def test_classifier_probability_maps_through_the_dev_bins() -> None:
    bins = yaml.safe_load(confidence.DATA.read_text(encoding="utf-8"))["event.learned"]
    assert bins and all(0 <= b["confidence"] <= 1 for b in bins)
    got = [confidence.event_confidence(p, None) for p in (0.3, 0.55, 0.65, 0.75, 0.85, 0.95)]
    assert got == sorted(got)  # more probable, more trusted
    assert confidence.event_confidence(None, {"id": "russia", "name": "Russia"}) == \
        confidence.lookup("event.rule.named")


def test_every_class_in_the_table_is_a_measured_precision() -> None:
    table = yaml.safe_load(confidence.DATA.read_text(encoding="utf-8"))
    for key, v in table["rules"].items():
        assert v["confidence"] == round((v["right"] + 1) / (v["n"] + 2), 2), key


def test_confidence_round_trips_through_the_typed_record(process: Any) -> None:
    rec = process(TEXT, published="2025-03-10")
    typed = Record.from_dict(rec)
    assert typed.quotes[0].confidence == rec["quotes"][0]["confidence"]
    assert typed.to_dict() == rec


@pytest.fixture
def db(tmp_path: Path, process: Any) -> Path:
    path = tmp_path / "c.db"
    with Store.open(path) as store:
        store.put_record(process(TEXT, published="2025-03-10", source="c.txt"))
    return path


def test_min_confidence_filters_the_api(db: Path) -> None:
    client = TestClient(create_app(str(db)))
    every = client.get("/api/quotes").json()["items"]
    assert every and all("confidence" in q for q in every)
    cut = sorted(q["confidence"] for q in every)[-1]
    some = client.get(f"/api/quotes?min_confidence={cut}").json()["items"]
    assert some and all(q["confidence"] >= cut for q in some)
    assert client.get("/api/quotes?min_confidence=1.5").status_code == 422
    events = client.get("/api/events").json()["items"]
    assert events and all(e["confidence"] is not None for e in events)
    assert client.get("/api/events?min_confidence=1").json()["total"] == 0


def test_low_confidence_is_muted_in_the_web_ui(db: Path) -> None:
    client = TestClient(create_app(str(db)))
    doc = client.get("/api/documents").json()["items"][0]["doc_id"]
    rec = client.get(f"/api/documents/{doc}").json()
    page = client.get(f"/documents/{doc}").text
    low = [i for i in _items(rec) if i["confidence"] < confidence.LOW_CONFIDENCE]
    assert page.count("low-confidence") == len([i for i in low if "responses" not in i
                                                 and "stance" not in i])
    assert page.count('class="conf') >= len(_items(rec))


def test_exports_and_cli_carry_confidence(db: Path) -> None:
    with Store.open(db) as store:
        rec = next(store.iter_records())
    rows = csv_rows(rec)
    for kind in ("quotes", "events", "proposals", "responses"):
        assert rows[kind] and all(r["confidence"] is not None for r in rows[kind]), kind
    cli = CliRunner()
    out = cli.invoke(app, ["quotes", "--db", str(db), "--min-confidence", "0"]).output
    assert f"{rec['quotes'][0]['confidence']:.2f}" in out
    none = cli.invoke(app, ["quotes", "--db", str(db), "--min-confidence", "1"]).output
    assert "0-0 of 0" in none or "of 0" in none
