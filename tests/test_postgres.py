"""The PostgreSQL backend: same schema and records as SQLite, safe with
several writers. Runs against a throwaway server (see pg_fixture.py)."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pg_fixture
import pytest
from sqlalchemy import func, select

from accord.store import Store, db_url, doc_entities, documents, entities, mentions

pytestmark = pytest.mark.slow
pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url  # the fixtures, for this module


def _put_all(db: str, records: list[dict[str, Any]]) -> tuple[list[str], list[Any]]:
    with Store.open(db) as store:
        statuses = [store.put_record(r) for r in records]
        return statuses, list(store.iter_records())


def test_db_url_maps_postgres_to_psycopg() -> None:
    assert db_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert db_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"


def test_same_records_as_sqlite(pg_url: str, seed_records: list[dict[str, Any]],
                                tmp_path: Path) -> None:
    """The sample corpus, processed once as `accord ingest examples` does, stored
    into both backends: the exported records and the row counts are identical."""
    sq_status, sq_records = _put_all(str(tmp_path / "a.db"), seed_records)
    pg_status, pg_records = _put_all(pg_url, seed_records)
    assert pg_status == sq_status == ["stored"] * 5
    assert pg_records == sq_records
    with Store.open(pg_url) as pg, Store.open(tmp_path / "a.db") as sq:
        for table in (documents, entities, doc_entities, mentions):
            q = select(func.count()).select_from(table)
            assert pg.query(q) == sq.query(q)


def test_idempotent_and_replace(pg_url: str, seed_records: list[dict[str, Any]]) -> None:
    rec = seed_records[0]
    with Store.open(pg_url) as store:
        assert store.put_record(rec) == "stored"
        assert store.put_record(rec) == "unchanged"
        changed = copy.deepcopy(rec)
        changed["text"] += " Added."
        changed["doc_id"] = "0" * 16
        assert store.put_record(changed) == "replaced"
        assert store.count_documents() == 1
        assert store.get_record("0" * 16)["text"].endswith("Added.")
        assert store.get_record(rec["doc_id"]) is None


def test_long_values_are_kept(pg_url: str, seed_records: list[dict[str, Any]]) -> None:
    # SQLite ignores VARCHAR lengths; the PostgreSQL store must not reject them.
    rec = copy.deepcopy(seed_records[0])
    rec["entities"][0]["id"] = "x" * 300
    rec["published"] = "2025-03-14 20:30:26Z"
    rec.pop("dropped", None)
    with Store.open(pg_url) as store:
        assert store.put_record(rec) == "stored"
        assert store.get_record(rec["doc_id"]) == rec


def _variants(records: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """n distinct records sharing the entities of the sample corpus."""
    out = []
    for i in range(n):
        rec = copy.deepcopy(records[i % len(records)])
        rec["doc_id"] = hashlib.sha1(f"variant {i}".encode()).hexdigest()[:16]
        rec["source"] = f"variant/{i}.txt"
        rec.pop("dropped", None)
        out.append(rec)
    return out


def _write_jsonl(path: Path, records: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def test_concurrent_writers_no_errors_no_duplicates(
        pg_url: str, seed_records: list[dict[str, Any]], tmp_path: Path) -> None:
    records = _variants(seed_records, 120)
    # Overlapping halves, the second in reverse so both touch the same rows at once.
    a = _write_jsonl(tmp_path / "a.jsonl", records[:80])
    b = _write_jsonl(tmp_path / "b.jsonl", records[40:][::-1])
    cmd = [sys.executable, "-m", "accord.cli", "load"]
    env = {**os.environ, "ACCORD_DB": pg_url}
    procs = [subprocess.Popen([*cmd, str(p)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for p in (a, b)]
    outs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert "failed 0" in out
    stored = sum(int(out.split("stored ")[1].split(",")[0]) for out, _ in outs)
    assert stored == 120
    with Store.open(pg_url) as store:
        got = {r["doc_id"]: r for r in store.iter_records()}
        assert len(got) == store.count_documents() == 120
        assert got == {r["doc_id"]: r for r in records}
        n_mentions = sum(len(e["mentions"]) for r in records for e in r["entities"])
        assert store.query(select(func.count()).select_from(mentions))[0][0] == n_mentions
        ids = {e["id"] for r in records for e in r["entities"]}
        assert store.query(select(func.count()).select_from(entities))[0][0] == len(ids)
