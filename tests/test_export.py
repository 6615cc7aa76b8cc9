"""Export: the SPEC record as JSON Lines; CSV and Parquet tables (typed columns, lists as
JSON arrays in CSV, dates with a precision); PLOVER events; store -> export -> load."""

from __future__ import annotations

import copy
import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

import pg_fixture
import pytest

from accord.batch import load_records
from accord.export import (
    CSV_FIELDS,
    PARQUET_FIELDS,
    QUAD_CODES,
    TABLES,
    parse_date,
    plover_events,
    write_csv,
    write_jsonl,
    write_parquet,
    write_plover,
)
from accord.ingest.readers import read_articles
from accord.runner import PipelineSettings, ingest
from accord.store import Store

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
pg_server, pg_url = pg_fixture.pg_server, pg_fixture.pg_url  # the fixtures, for this module
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


# -- tables: CSV and Parquet ---------------------------------------------------------
@pytest.fixture(scope="module")
def seed_db(seed_records: list[dict[str, Any]],
            tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    """The sample corpus in a SQLite store, and the records it gives back."""
    db = tmp_path_factory.mktemp("export") / "seed.db"
    with Store.open(db) as s:
        for rec in seed_records:
            s.put_record(rec)
        return db, list(s.iter_records())


def _dated(rec: dict[str, Any]) -> dict[str, Any]:
    """A copy of `rec` whose first events and proposal carry day, month and year dates."""
    rec = copy.deepcopy(rec)
    for ev, value in zip(rec["events"], ["2022-03-29", "2022-03", "2021"], strict=False):
        ev["date"] = value
    rec["proposals"][0]["date"] = "2024-06"
    rec["proposals"][0]["responses"][0]["date"] = "2024"
    return rec


def test_parse_date_gives_the_first_day_and_a_precision() -> None:
    assert parse_date("2022-03-29") == (date(2022, 3, 29), "day")
    assert parse_date("2022-03") == (date(2022, 3, 1), "month")
    assert parse_date("2021") == (date(2021, 1, 1), "year")
    assert parse_date(None) == (None, None)
    assert parse_date("2022-13") == (None, None)
    assert parse_date("March 2022") == (None, None)


def test_csv_lists_are_json_arrays_and_dates_have_a_precision(
        tmp_path: Path, seed_db: tuple[Path, list[dict[str, Any]]]) -> None:
    records = [_dated(r) if r["proposals"] and r["proposals"][0]["responses"] else r
               for r in seed_db[1]]
    write_csv(records, tmp_path)

    def read(kind: str) -> list[dict[str, str]]:
        with (tmp_path / f"{kind}.csv").open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert list(rows[0]) == CSV_FIELDS[kind]
        return rows

    entities = read("entities")
    by_id = {(r["doc_id"], e["id"]): e for r in records for e in r["entities"]}
    for row in entities:
        ent = by_id[(row["doc_id"], row["id"])]
        assert json.loads(row["aliases"]) == ent["aliases"]
        assert json.loads(row["mentions"]) == ent["mentions"]
    putin = next(r for r in entities if r["id"] == "vladimir-putin")
    assert putin["aliases"].startswith('["') and "|" not in putin["aliases"]
    proposals = read("proposals")
    with_conditions = [r for r in proposals if json.loads(r["conditions"])]
    assert with_conditions, "the samples have proposals with conditions"
    for row in proposals:
        for key in ("terms", "conditions", "condition_spans"):
            assert isinstance(json.loads(row[key]), list)
    dated = _dated(records[0] if records[0]["proposals"] else records[-1])
    events = {(r["doc_id"], r["id"]): r for r in read("events")}
    doc = next(r for r in records if r["doc_id"] == dated["doc_id"])
    assert [(events[(doc["doc_id"], f"e{i}")]["date"],
             events[(doc["doc_id"], f"e{i}")]["date_precision"]) for i in range(3)] == [
        ("2022-03-29", "day"), ("2022-03-01", "month"), ("2021-01-01", "year")]
    undated = next(r for r in events.values() if not r["date"])
    assert undated["date_precision"] == "" and undated["negated"] in ("true", "false")
    responses = read("responses")
    first = next(r for r in responses if r["doc_id"] == doc["doc_id"])
    assert (first["id"], first["date"], first["date_precision"]) == ("r0", "2024-01-01", "year")


def test_parquet_one_typed_file_per_item_kind(
        tmp_path: Path, seed_db: tuple[Path, list[dict[str, Any]]]) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    records = [_dated(seed_db[1][0])] + seed_db[1][1:]
    counts = write_parquet(records, tmp_path / "pq")
    assert sorted(p.name for p in (tmp_path / "pq").iterdir()) == sorted(
        f"{k}.parquet" for k in TABLES)  # no temporary files left
    expected = {"documents": len(records),
                **{k: sum(len(r[k]) for r in records)
                   for k in ("entities", "quotes", "events", "proposals")},
                "responses": sum(len(p["responses"]) for r in records for p in r["proposals"])}
    assert counts == expected
    tables = {k: pq.read_table(tmp_path / "pq" / f"{k}.parquet") for k in TABLES}
    for kind, table in tables.items():
        assert table.num_rows == expected[kind]
        assert table.schema.names == PARQUET_FIELDS[kind]
        assert table.schema.metadata[b"accord.table"] == kind.encode()
    ev = tables["events"].schema
    assert ev.field("date").type == pa.date32()
    assert ev.field("start").type == pa.int32() and ev.field("negated").type == pa.bool_()
    ent = tables["entities"].schema
    assert ent.field("aliases").type == pa.list_(pa.string())
    assert ent.field("mentions").type == pa.list_(pa.list_(pa.int32()))
    assert tables["documents"].schema.field("published").type == pa.date32()
    docs = tables["documents"].to_pylist()
    assert [d["doc_id"] for d in docs] == [r["doc_id"] for r in records]
    assert [d["text"] for d in docs] == [r["text"] for r in records]
    assert [d["n_chars"] for d in docs] == [len(r["text"]) for r in records]
    first = [e for e in tables["events"].to_pylist() if e["doc_id"] == records[0]["doc_id"]]
    assert [(e["date"], e["date_precision"]) for e in first[:3]] == [
        (date(2022, 3, 29), "day"), (date(2022, 3, 1), "month"), (date(2021, 1, 1), "year")]
    text = records[0]["text"]
    for e in first:  # offsets still index the article text
        assert text[e["start"]:e["end"]] == e["text"]
    assert tables["entities"].to_pylist()[0]["mentions"] == records[0]["entities"][0]["mentions"]


def test_parquet_empty_store_gives_empty_typed_files(tmp_path: Path, store: Any) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    assert write_parquet(store.iter_records(), tmp_path) == dict.fromkeys(TABLES, 0)
    table = pq.read_table(tmp_path / "events.parquet")
    assert table.num_rows == 0 and table.schema.names == PARQUET_FIELDS["events"]


def test_parquet_opens_in_duckdb(tmp_path: Path,
                                 seed_db: tuple[Path, list[dict[str, Any]]]) -> None:
    duckdb = pytest.importorskip("duckdb")
    records = seed_db[1]
    write_parquet(records, tmp_path)
    con = duckdb.connect()

    def sql(query: str) -> list[tuple[Any, ...]]:
        return con.execute(query.replace("{dir}", str(tmp_path))).fetchall()

    types = dict(sql("SELECT column_name, column_type FROM "
                     "(DESCRIBE SELECT * FROM '{dir}/events.parquet')"))
    assert (types["date"], types["start"], types["negated"]) == ("DATE", "INTEGER", "BOOLEAN")
    assert types["date_precision"] == "VARCHAR"
    assert sql("SELECT count(*) FROM '{dir}/quotes.parquet'") == [
        (sum(len(r["quotes"]) for r in records),)]
    dated = sql("SELECT date, date_precision FROM '{dir}/events.parquet' "
                "WHERE date IS NOT NULL ORDER BY date LIMIT 1")
    assert dated == [(date(2022, 3, 29), "day")]
    # a join analysts write: events with their actor's country
    joined = sql("SELECT e.type, n.country, count(*) FROM '{dir}/events.parquet' e "
                 "JOIN '{dir}/entities.parquet' n ON n.doc_id = e.doc_id AND n.id = e.actor_id "
                 "GROUP BY ALL ORDER BY 3 DESC, 1, 2 LIMIT 1")
    assert joined and joined[0][2] >= 2
    assert sql("SELECT list_contains(aliases, 'Putin') FROM '{dir}/entities.parquet' "
               "WHERE id = 'vladimir-putin' LIMIT 1") == [(True,)]


# -- PLOVER --------------------------------------------------------------------------
PLOVER_KEYS = {"id", "date", "date_precision", "date_text", "story_date", "event", "mode",
               "quad_code", "source", "recipient", "event_loc", "event_text", "text_info",
               "link", "negated", "hypothetical", "future", "trigger", "doc_id", "cite_info",
               "coder"}


def test_plover_one_object_per_event_with_verbatim_evidence(
        seed_db: tuple[Path, list[dict[str, Any]]]) -> None:
    records = [_dated(seed_db[1][0])] + seed_db[1][1:]
    buf = io.StringIO()
    n = write_plover(records, buf)
    events = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert n == len(events) == sum(len(r["events"]) for r in records)
    assert len({e["id"] for e in events}) == n
    by_doc = {r["doc_id"]: r for r in records}
    for ev in events:
        assert set(ev) == PLOVER_KEYS
        rec = by_doc[ev["doc_id"]]
        i = int(ev["id"].rsplit("-e", 1)[1])
        src = rec["events"][i]
        assert ev["event"] == [src["type"]] and ev["quad_code"] == QUAD_CODES[src["type"]]
        start, end = ev["text_info"]["start"], ev["text_info"]["end"]
        assert rec["text"][start:end] == ev["event_text"][0] == src["text"]
        assert ev["link"] == src["group"] and ev["story_date"] == rec["published"]
        assert ev["cite_info"]["citation"] == rec["doc_id"]
        assert ev["cite_info"]["url"] == (rec.get("url") or rec["source"])
        for role, ref in (("source", src["actor"]), ("recipient", src["recipient"])):
            if ref is None:
                assert ev[role] == []
                continue
            (actor,) = ev[role]
            assert actor["identifier_id"] == ref["id"]
            assert actor["actor_text"] == rec["text"][ref["start"]:ref["end"]]
            # a described actor ("a top general") has no id, so no entity
            ent = next((e for e in rec["entities"] if e["id"] == ref["id"]), {})
            assert actor["code"] == (ent.get("country") or None)
            assert actor["identifier_text"] == ref["name"]
    first = [e for e in events if e["doc_id"] == records[0]["doc_id"]][:3]
    assert [(e["date"], e["date_precision"]) for e in first] == [
        ("2022-03-29", "day"), ("2022-03-01", "month"), ("2021-01-01", "year")]
    assert set(QUAD_CODES) == {e for ev in events for e in ev["event"]} | set(QUAD_CODES)
    assert len(QUAD_CODES) == 16


def test_plover_maps_countries_and_sectors() -> None:
    text = "Reuters said Amnesty urged NATO and Putin to talk."
    ents = [
        {"id": "reuters", "name": "Reuters", "type": "ORG", "country": "GBR", "sector": "MED"},
        {"id": "amnesty", "name": "Amnesty International", "type": "ORG", "country": "",
         "sector": "NGO"},
        {"id": "nato", "name": "NATO", "type": "ORG", "country": "IGO", "sector": "IGO"},
        {"id": "vladimir-putin", "name": "Vladimir Putin", "type": "PERSON", "country": "RUS",
         "sector": "GOV"}]
    spans = {"reuters": (0, 7), "amnesty": (13, 20), "nato": (27, 31),
             "vladimir-putin": (36, 41)}
    ref = {e["id"]: {"id": e["id"], "name": e["name"], "start": spans[e["id"]][0],
                     "end": spans[e["id"]][1]} for e in ents}
    event = {"type": "REQUEST", "mode": "", "date": None, "date_text": None, "location": None,
             "negated": False, "hypothetical": False, "future": False, "group": "e-1",
             "start": 13, "end": 49, "text": text[13:49]}
    rec = {"doc_id": "d1", "source": "x.txt", "outlet": "Wire", "title": "T",
           "published": "2025-01-02", "text": text, "entities": ents, "quotes": [],
           "proposals": [],
           "events": [{**event, "actor": ref["amnesty"], "recipient": ref["nato"]},
                      {**event, "type": "ASSAULT", "actor": ref["reuters"],
                       "recipient": ref["vladimir-putin"], "date": "2024-12"}]}
    first, second = plover_events(rec)
    assert first["source"] == [{
        "code": "NGO", "sector": "SOC", "actor_text": "Amnesty", "identifier_id": "amnesty",
        "identifier_text": "Amnesty International", "start": 13, "end": 20, "inferred": None}]
    assert (first["recipient"][0]["code"], first["recipient"][0]["sector"]) == ("IGO", None)
    assert (first["quad_code"], first["mode"], first["date"]) == (3, None, None)
    assert (second["source"][0]["code"], second["source"][0]["sector"]) == ("GBR", "JRN")
    assert (second["recipient"][0]["code"], second["recipient"][0]["sector"]) == ("RUS", "GOV")
    assert (second["quad_code"], second["date"], second["date_precision"]) == (
        4, "2024-12-01", "month")
    assert second["id"] == "d1-e1" and second["cite_info"]["publication"] == "Wire"


# -- command line and README --------------------------------------------------------
def test_cli_exports_parquet_and_plover(tmp_path: Path,
                                        seed_db: tuple[Path, list[dict[str, Any]]]) -> None:
    pytest.importorskip("pyarrow")
    from typer.testing import CliRunner

    from accord.cli import app

    runner = CliRunner()
    db, records = seed_db
    result = runner.invoke(app, ["export", "--db", str(db), "--format", "parquet",
                                 "-o", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    assert f"documents: 5, entities: {sum(len(r['entities']) for r in records)}" in \
        result.output.replace("\n", " ")
    assert (tmp_path / "pq" / "responses.parquet").is_file()
    result = runner.invoke(app, ["export", "--db", str(db), "-f", "plover",
                                 "-o", str(tmp_path / "ev.jsonl")])
    n = sum(len(r["events"]) for r in records)
    assert result.exit_code == 0 and f"{n} events written" in result.output
    assert len((tmp_path / "ev.jsonl").read_text(encoding="utf-8").splitlines()) == n
    bad = runner.invoke(app, ["export", "--db", str(db), "-f", "xml"])
    assert bad.exit_code == 1 and "use jsonl, csv, parquet or plover" in bad.output


def test_export_formats_are_documented() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for fmt in ("jsonl", "csv", "parquet", "plover"):
        assert f"accord export --format {fmt}" in readme, fmt
    assert "JSON array" in readme and "date_precision" in readme and "quad_code" in readme
    for kind in TABLES:
        assert f"`{kind}`" in readme, kind


@pytest.mark.slow
def test_parquet_from_postgres_matches_sqlite(
        tmp_path: Path, seed_db: tuple[Path, list[dict[str, Any]]], pg_url: str) -> None:
    """Any store exports the same tables: PostgreSQL gives SQLite's rows."""
    pq = pytest.importorskip("pyarrow.parquet")
    with Store.open(pg_url) as pg:
        for rec in seed_db[1]:
            pg.put_record(rec)
        write_parquet(pg.iter_records(), tmp_path / "pg")
    write_parquet(seed_db[1], tmp_path / "sqlite")
    for kind in TABLES:
        pg_table = pq.read_table(tmp_path / "pg" / f"{kind}.parquet")
        sqlite_table = pq.read_table(tmp_path / "sqlite" / f"{kind}.parquet")
        assert pg_table.num_rows == sqlite_table.num_rows > 0
        assert pg_table.equals(sqlite_table), kind
