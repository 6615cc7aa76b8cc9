"""accord from Python: the public names, extract, Engine, the typed record."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import accord
from accord.types import Record

ROOT = Path(__file__).resolve().parent.parent


def test_public_names_are_exactly_these() -> None:
    assert sorted(accord.__all__) == sorted([
        "AccordError", "ActorRef", "ConfigError", "Engine", "Entity", "Event", "GoldError",
        "InputError", "Proposal", "Quote", "Record", "Response", "StoreError", "__version__",
        "extract"])
    for name in accord.__all__:
        assert getattr(accord, name) is not None


def test_extract_gives_a_typed_record_whose_offsets_hold() -> None:
    text = ("Russia rejected Ukraine's offer of a 30-day ceasefire on Tuesday, the Kremlin "
            'said. "We will not accept a truce that lets Kyiv rearm," Dmitry Peskov said.')
    rec = accord.extract(text, published="2025-03-12", title="Truce", outlet="Wire")
    assert isinstance(rec, accord.Record)
    assert rec.text == text and rec.title == "Truce" and rec.outlet == "Wire"
    reject = [e for e in rec.events if e.type == "REJECT"]
    assert reject and reject[0].actor is not None and reject[0].actor.id == "russia"
    assert reject[0].date == "2025-03-11"  # "on Tuesday" before Wednesday 12 March
    peskov = [q for q in rec.quotes if q.kind == "direct"]
    assert peskov[0].text == "We will not accept a truce that lets Kyiv rearm"
    assert peskov[0].speaker is not None and peskov[0].speaker.id == "dmitry-peskov"
    for item in (*rec.quotes, *rec.events):
        assert rec.text[item.start:item.end] == item.text


def test_extract_refuses_what_is_no_article() -> None:
    with pytest.raises(accord.InputError):
        accord.extract("   \n  ")
    with pytest.raises(TypeError):
        accord.extract(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        accord.extract("Text.", published=20250312)  # type: ignore[arg-type]


def test_the_typed_record_writes_back_the_same_dict(seed_records: list[dict[str, Any]]) -> None:
    for rec in seed_records:
        assert json.dumps(Record.from_dict(rec).to_dict(), sort_keys=True) == \
            json.dumps(rec, sort_keys=True)


def test_engine_ingests_and_queries_a_store(tmp_path: Path) -> None:
    engine = accord.Engine(db=tmp_path / "a.db")
    summary = engine.ingest([ROOT / "examples" / "004_1038c95d7ce14ccd.txt",
                             ROOT / "examples" / "003_674af37225ed0619.txt"])
    assert (summary.stored, summary.failed) == (2, 0)
    records = list(engine.records())
    assert len(records) == 2 and all(isinstance(r, accord.Record) for r in records)
    assert engine.record(records[0].doc_id) == records[0]
    talks = engine.proposals(kind="talks")["items"]
    assert any(p["proposer"] and p["proposer"]["id"] == "vladimir-putin"
               and {r["stance"] for r in p["responses"]} == {"reject"} for p in talks)
    quotes = engine.quotes(speaker="putin", limit=2)
    assert quotes["total"] >= 1 and len(quotes["items"]) <= 2
    assert engine.events(type="REJECT")["total"] >= 1
    assert engine.timeline(limit=5)["items"]
    assert engine.ingest([ROOT / "examples" / "004_1038c95d7ce14ccd.txt"]).unchanged == 1


def test_engine_without_a_store_or_with_a_missing_actors_file() -> None:
    with pytest.raises(ValueError, match="no store"):
        accord.Engine().quotes()
    with pytest.raises(ValueError, match="actors file not found"):
        accord.Engine(actors="/nonexistent/actors.yaml")


def test_the_python_example_runs(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(ROOT / "examples" / "python" /
                                              "extract_and_query.py"), str(tmp_path / "x.db")],
                         capture_output=True, text=True, check=False, cwd=ROOT, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    assert "event  REJECT   Russia" in run.stdout
    assert "quote  direct   Dmitry Peskov    We will not accept" in run.stdout
    assert "stored 5, unchanged 0, replaced 0, failed 0" in run.stdout
    assert "proposal ceasefire by Russia" in run.stdout
