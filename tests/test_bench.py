"""The benchmark helpers (bench/load.py, bench/run.py): fast checks of what makes
them run from a fresh clone. The benchmarks themselves measure, never assert."""

from __future__ import annotations

import random
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import load  # noqa: E402  (bench/load.py)

from accord.store import Store  # noqa: E402


def _record(i: int, **changes: Any) -> dict[str, Any]:
    text = f"Russia rejected the offer on Monday, officials said. Copy {i}."
    rec: dict[str, Any] = {
        "doc_id": f"doc{i:04d}", "source": f"test://{i}", "outlet": "Wire", "title": None,
        "published": "2019-09-30", "text": text, "entities": [], "quotes": [],
        "proposals": [],
        "events": [{"type": "REJECT", "mode": "", "actor": None, "recipient": None,
                    "date": "2019-09", "date_text": "last month", "location": None,
                    "negated": False, "hypothetical": False, "future": False,
                    "start": 0, "end": 35, "text": text[:35], "group": "e-month"}]}
    rec.update(changes)
    return rec


@pytest.mark.parametrize(("value", "days", "expected"), [
    ("2019-09-30", 2, "2019-10-02"),
    ("2019-09", 31, "2019-10"),  # a month-precision date keeps its precision
    ("2019-09", -1, "2019-08"),
    ("2019", 400, "2020"),
    ("sometime", 10, "sometime"),  # anything else is left alone
])
def test_shift_date_keeps_the_precision(value: str, days: int, expected: str) -> None:
    assert load.shift_date(value, days) == expected


def test_variant_of_a_record_with_a_month_date() -> None:
    out = load.variant(_record(0), 5, random.Random(7), synthetic=False)
    shifted = (out["published"][:7], out["events"][0]["date"])
    assert len(out["events"][0]["date"]) == 7 and shifted[0] >= shifted[1]
    assert out["doc_id"] != "doc0000" and out["source"].startswith("bench://5/")


def test_build_writes_a_complete_store_under_its_name(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "base_records", lambda rebuild, folder: [_record(0), _record(1)])
    db = load.build(7, rebuild=False, synthetic=False, folder=tmp_path)
    assert db == tmp_path / "api-7.db" and load.stored_documents(db) == 7
    assert not list(tmp_path.glob(".*"))  # no partial file left behind
    again = load.build(7, rebuild=False, synthetic=False, folder=tmp_path)
    assert again == db and load.stored_documents(db) == 7


def test_a_failed_build_leaves_nothing_to_reuse(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "base_records", lambda rebuild, folder: [_record(0)])
    real = load.variant

    def failing(rec: dict[str, Any], i: int, *args: Any) -> dict[str, Any]:
        if i == 3:
            raise RuntimeError("disk full")
        return real(rec, i, *args)

    monkeypatch.setattr(load, "variant", failing)
    with pytest.raises(RuntimeError):
        load.build(5, rebuild=False, synthetic=False, folder=tmp_path)
    assert not (tmp_path / "api-5.db").exists()
    monkeypatch.setattr(load, "variant", real)
    assert load.stored_documents(load.build(5, False, False, tmp_path)) == 5


def test_a_store_left_empty_by_an_older_run_is_rebuilt(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    Store.open(tmp_path / "api-4.db").close()  # what a failed first build used to leave
    monkeypatch.setattr(load, "base_records", lambda rebuild, folder: [_record(0)])
    assert load.stored_documents(load.build(4, False, False, tmp_path)) == 4


def test_stored_documents_of_no_store(tmp_path: Path) -> None:
    assert load.stored_documents(tmp_path / "missing.db") == 0
    (tmp_path / "junk.db").write_bytes(b"not a database")
    assert load.stored_documents(tmp_path / "junk.db") == 0


def test_partial_files_of_runs_that_are_gone_are_removed(tmp_path: Path) -> None:
    stale = tmp_path / ".api-3.db.partial-999999999"
    stale.write_bytes(b"half a store")
    mine = load.partial_path(tmp_path / "api-3.db")
    assert not stale.exists() and mine.name.endswith(f"-{load.os.getpid()}")


def test_the_datasette_queries_give_the_api_pages(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Each endpoint's SQL for Datasette runs on the store and, for the merged
    views, lists the groups the API lists, in its order."""
    import sqlite3
    from urllib.parse import parse_qs, urlsplit

    from fastapi.testclient import TestClient

    from accord.api import create_app

    offer = {"id": "p1", "kind": "ceasefire", "proposer": None, "recipient": None,
             "terms": [], "conditions": ["if it holds"], "responses": [], "start": 0,
             "end": 35}
    base = [_record(i, events=[{**_record(i)["events"][0], "date": f"2024-07-0{i % 9 + 1}",
                                "group": f"e-{i % 4}", "type": "REJECT"}],
                    proposals=[{**offer, "date": f"2024-0{i % 3 + 1}-01", "group": f"p-{i % 5}",
                                "text": _record(i)["text"][:35]}])
            for i in range(30)]
    monkeypatch.setattr(load, "base_records", lambda rebuild, folder: base)
    db = load.build(60, rebuild=False, synthetic=False, folder=tmp_path)
    api = TestClient(create_app(str(db)))
    pairs = load.endpoints("russia", "doc0000", db.stem)
    assert len(pairs) == 15
    conn = sqlite3.connect(db)
    for ours, theirs in pairs:
        if "sql=" not in theirs:
            continue
        query = parse_qs(urlsplit(theirs).query)
        rows = conn.execute(query.pop("sql")[0], {k: v[0] for k, v in query.items()
                                                  if k != "_shape"}).fetchall()
        if ours.startswith("/api/timeline") or ours.startswith("/api/proposals"):
            groups = [i["group"] for i in api.get(ours).json()["items"]]
            assert [r[0] for r in rows] == groups, ours
            assert groups or "offset=" in ours
