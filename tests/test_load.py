"""`accord load`: every record is checked against the shipped JSON Schema and its
offsets; a bad record is one line naming it and the reason, the load never
crashes, and everything `accord export` writes loads back unchanged."""

from __future__ import annotations

import copy
import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from accord.batch import load_records
from accord.export import write_csv, write_jsonl
from accord.ingest.records import SCHEMA_PATH, parse_record, problem, record_schema
from accord.store import Store


def test_the_schema_ships_with_the_package_and_is_valid() -> None:
    import tomllib

    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(record_schema())
    assert SCHEMA_PATH.parent.name == "data" and SCHEMA_PATH.parent.parent.name == "accord"
    project = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml")
                            .read_text(encoding="utf-8"))
    assert "data/*.json" in project["tool"]["setuptools"]["package-data"]["accord"]


def test_every_record_the_pipeline_makes_is_valid(seed_records: list[Any],
                                                  voa_records: list[Any]) -> None:
    records = [r for r in seed_records + voa_records if isinstance(r, dict)]
    assert len(records) == 94
    assert [problem(r) for r in records] == [None] * 94


def _bad(record: dict[str, Any], change: Any) -> dict[str, Any]:
    out = copy.deepcopy(record)
    change(out)
    return out


BROKEN = [
    ("title", lambda r: r.update(title=5), "title: 5 is not of type 'string', 'null'"),
    ("published", lambda r: r.update(published="March 5"),
     "published: 'March 5' does not match '^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$'"),
    ("no text", lambda r: r.pop("text"), "'text' is a required property"),
    ("event type", lambda r: r["events"][0].update(type="FOO"),
     "events[0].type: 'FOO' is not one of ['AGREE', 'CONSULT', 'SUPPORT', 'CONCEDE', "
     "'COOPERATE', 'AID', 'RETREAT', 'REQUEST', 'ACCUSE', 'REJECT', 'THREATEN', 'PROTEST', "
     "'SANCTION..."),
    ("negative offset", lambda r: r["quotes"][0].update(start=-1),
     "quotes[0].start: -1 is less than the minimum of 0"),
    ("offset as text", lambda r: r["quotes"][0].update(end="12"),
     "quotes[0].end: '12' is not of type 'integer'"),
    ("alias not a string", lambda r: r["entities"][0]["aliases"].insert(0, 7),
     "entities[0].aliases[0]: 7 is not of type 'string'"),
    ("mention", lambda r: r["entities"][0]["mentions"].insert(0, [1]),
     "entities[0].mentions[0]: [1] is too short"),
    ("stance", lambda r: r["proposals"][0]["responses"].insert(
        0, {"stance": "maybe", "start": 0, "end": 1, "text": "x"}),
     "proposals[0].responses[0].stance: 'maybe' is not one of ['accept', 'reject', "
     "'consider', 'counter']"),
    ("offsets", lambda r: r["quotes"][0].update(text="not the text"),
     "offsets do not hold: quote: text["),
    ("dropped", lambda r: r.update(dropped=[1]), "dropped[0]: 1 is not of type 'string'"),
]


@pytest.fixture(scope="module")
def good(seed_records: list[Any]) -> dict[str, Any]:
    rec = next(r for r in seed_records if r["quotes"] and r["events"] and r["proposals"])
    return copy.deepcopy(rec)


@pytest.mark.parametrize(("name", "change", "message"), BROKEN, ids=[b[0] for b in BROKEN])
def test_a_broken_record_is_named_with_its_reason(good: dict[str, Any], name: str,
                                                   change: Any, message: str) -> None:
    wrong = problem(_bad(good, change))
    assert wrong is not None and wrong.startswith(message), wrong


def test_load_names_each_failing_record_and_goes_on(good: dict[str, Any], tmp_path: Path,
                                                    store: Any) -> None:
    path = tmp_path / "records.jsonl"
    lines = [json.dumps(good, ensure_ascii=False).encode(),
             json.dumps(_bad(good, lambda r: r.update(title=5))).encode(),
             b"[" * 1000 + b"]" * 1000,
             json.dumps(dict(good, doc_id="@")).replace('"@"', "1" * 5000).encode(),
             b'{"doc_id": "x", "text": "\xff"}',
             b"[1, 2]",
             b"{oops",
             json.dumps(_bad(good, lambda r: r["quotes"][0].update(end=10**9))).encode()]
    path.write_bytes(b"\n".join(lines) + b"\n")
    seen: list[str] = []
    summary = load_records([path], store, on_result=lambda s, r: seen.append(s))
    doc = good["doc_id"]
    assert summary.errors == [
        f"{path}#2: invalid record (doc_id {doc}): title: 5 is not of type 'string', 'null'",
        f"{path}#3: JSON nested deeper than 200 levels: not a record",
        f"{path}#4: invalid record: doc_id: <a number of 5,000 digits> is not of type "
        "'string'",
        f"{path}#5: not UTF-8 (byte 26): not a record",
        f"{path}#6: not a record: a JSON object is expected",
        f"{path}#7: malformed JSON (Expecting property name enclosed in double quotes at "
        "column 2): not a record",
        f"{path}#8: invalid record (doc_id {doc}): offsets do not hold: quote: bad offsets "
        f"{good['quotes'][0]['start']}:1000000000",
    ]
    assert (summary.stored, summary.failed) == (1, 7)
    assert seen == ["stored"] + ["failed"] * 7
    assert store.count_documents() == 1


def test_load_cli_prints_every_failure(good: dict[str, Any], tmp_path: Path,
                                       monkeypatch: Any, capsys: Any) -> None:
    from accord.cli import main

    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(good) + "\n" + json.dumps(_bad(good, lambda r: r.pop("text")))
                    + "\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not records")
    monkeypatch.setattr(sys, "argv", ["accord", "load", str(tmp_path), "--db",
                                      str(tmp_path.parent / f"{tmp_path.name}.db")])
    monkeypatch.setenv("COLUMNS", "300")
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1
    out, err = capsys.readouterr()
    assert err.splitlines() == [
        f"skipped: {tmp_path / 'notes.txt'}: not a Parquet shard or JSONL export; load reads "
        ".jsonl .ndjson .parquet",
        f"error: {path}#2: invalid record (doc_id {good['doc_id']}): 'text' is a required "
        "property"]
    assert out.startswith("stored 1, unchanged 0, replaced 0, failed 1 (")


def test_export_then_load_round_trips_everything(seed_records: list[Any],
                                                 voa_records: list[Any],
                                                 tmp_path: Path) -> None:
    records = [r for r in seed_records + voa_records if isinstance(r, dict)]
    with Store.open(tmp_path / "a.db") as a:
        a.put_records(records)
        out = io.StringIO()
        write_jsonl(a.iter_records(), out)
    path = tmp_path / "records.jsonl"
    path.write_text(out.getvalue(), encoding="utf-8")
    with Store.open(tmp_path / "b.db") as b:
        summary = load_records([path], b)
        assert (summary.stored, summary.failed) == (94, 0)
        again = io.StringIO()
        write_jsonl(b.iter_records(), again)
        assert again.getvalue() == out.getvalue()
        assert write_csv(b.iter_records(), tmp_path / "csv")["documents"] == 94


def test_parquet_shards_keep_the_dropped_lines(good: dict[str, Any], tmp_path: Path,
                                               store: Any) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    record = dict(good, dropped=["promo: Subscribe to our newsletter", "credit: Photo: AP"])
    shards = tmp_path / "shards"
    shards.mkdir()
    pq.write_table(pa.Table.from_pylist([{"doc_id": record["doc_id"], "source":
                                          record["source"], "record": json.dumps(record)}]),
                   shards / "part-1.parquet")
    summary = load_records([shards], store)
    assert (summary.stored, summary.failed) == (1, 0)
    assert store.get_dropped(record["doc_id"]) == record["dropped"]
    assert "dropped" not in store.get_record(record["doc_id"])


def test_a_parquet_file_without_records_is_one_line(tmp_path: Path, store: Any) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    path = tmp_path / "quotes.parquet"
    pq.write_table(pa.Table.from_pylist([{"doc_id": "a", "text": "b"}]), path)
    summary = load_records([path], store)
    assert summary.errors == [f"{path}: not a shard of records (no `record` column): load "
                              "reads the Parquet shards of `ingest --ray --out` and JSONL "
                              "exports"]


def test_parse_record_names_the_doc_id() -> None:
    with pytest.raises(Exception, match=r"^x#1: invalid record \(doc_id abc\): "):
        parse_record('{"doc_id": "abc"}', "x#1")
