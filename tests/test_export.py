"""Export: the SPEC record as JSON Lines and CSV; store -> export -> load round trip."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from accord.batch import load_records
from accord.export import CSV_FIELDS, write_csv, write_jsonl
from accord.ingest.readers import read_articles
from accord.runner import PipelineSettings, ingest
from accord.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
SPEC_KEYS = {"doc_id", "source", "outlet", "title", "published", "text", "entities", "quotes",
             "events", "proposals"}


def _filled(store: Any, nlp: Any) -> Any:
    ingest(read_articles([str(EXAMPLES)]), store, settings=PipelineSettings(), nlp=nlp)
    return store


def test_jsonl_records_have_the_spec_fields(store: Any, nlp: Any) -> None:
    buf = io.StringIO()
    assert write_jsonl(_filled(store, nlp).iter_records(), buf) == 5
    lines = buf.getvalue().splitlines()
    assert len(lines) == 5
    for line in lines:
        rec = json.loads(line)
        assert set(rec) >= SPEC_KEYS
        assert "dropped" not in rec  # kept in the store for inspection, not exported
        for ent in rec["entities"]:
            assert {"id", "name", "type", "country", "sector", "aliases", "mentions"} <= set(ent)
        for ev in rec["events"]:
            assert "group" in ev
        for p in rec["proposals"]:
            assert "group" in p


def test_round_trip_store_export_load(tmp_path: Path, store: Any, nlp: Any) -> None:
    path = tmp_path / "out.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        write_jsonl(_filled(store, nlp).iter_records(), fh)
    with Store.open(tmp_path / "copy.db") as copy:
        summary = load_records([path], copy)
        assert (summary.stored, summary.failed) == (5, 0)
        assert list(copy.iter_records()) == list(store.iter_records())


def test_csv_one_file_per_item_kind(tmp_path: Path, store: Any, nlp: Any) -> None:
    counts = write_csv(_filled(store, nlp).iter_records(), tmp_path / "csv")
    assert set(counts) == set(CSV_FIELDS)
    assert counts["documents"] == 5
    records = list(store.iter_records())
    for kind in ("entities", "quotes", "events", "proposals"):
        assert counts[kind] == sum(len(r[kind]) for r in records)
    with (tmp_path / "csv" / "documents.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["doc_id"] for r in rows] == [r["doc_id"] for r in records]
    assert list(rows[0]) == CSV_FIELDS["documents"]
