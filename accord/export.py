"""Export the store: SPEC records as JSON Lines; one CSV or Parquet file per item
kind (documents, entities, quotes, events, proposals, responses); or events as
PLOVER JSON Lines.

CSV and Parquet share one table layout (`TABLES`), built from a record by
`table_rows`. Each column has one type: a date is the first day of what the
article named, with `<column>_precision` (day, month or year) beside it; a list
is a Parquet list, and in CSV a JSON array (`["Putin", "Russia's president"]`,
spans as `[[0, 14], [120, 125]]`), never a delimited string.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import IO, Any

from accord.errors import AccordError
from accord.extras import require

# Column types: str, int, float, bool, date (with a `<name>_precision` str column
# after it), list (of str), spans (list of [start, end]).
_REF = ("id", "name", "start", "end", "inferred")
_REF_TYPES = {"id": "str", "name": "str", "start": "int", "end": "int", "inferred": "str"}


# How far to trust an item (accord.confidence), and an analyst's review of it
# (accord.corrections: confirmed or edited, by whom).
_REVIEW = (("confidence", "float"), ("review", "str"), ("reviewed_by", "str"))


def _ref_columns(prefix: str) -> list[tuple[str, str]]:
    return [(f"{prefix}_{k}", _REF_TYPES[k]) for k in _REF]


TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [("doc_id", "str"), ("source", "str"), ("url", "str"), ("outlet", "str"),
                  ("title", "str"), ("published", "date"), ("published_estimated", "bool"),
                  ("published_evidence", "str"), ("n_chars", "int"), ("text", "str")],
    "entities": [("doc_id", "str"), ("id", "str"), ("name", "str"), ("type", "str"),
                 ("country", "str"), ("sector", "str"), ("role", "str"),
                 ("affiliation", "str"), ("aliases", "list"), ("mentions", "spans")],
    "quotes": [("doc_id", "str"), ("id", "str"), ("kind", "str"), ("cue", "str"),
               ("cue_start", "int"), ("cue_end", "int"), *_ref_columns("speaker"),
               ("start", "int"), ("end", "int"), ("text", "str"), *_REVIEW],
    "events": [("doc_id", "str"), ("id", "str"), ("group", "str"), ("type", "str"),
               ("mode", "str"), ("trigger", "str"), *_ref_columns("actor"),
               *_ref_columns("recipient"), ("date", "date"), ("date_text", "str"),
               ("location_id", "str"), ("location", "str"), ("negated", "bool"),
               ("hypothetical", "bool"), ("future", "bool"), ("start", "int"), ("end", "int"),
               ("text", "str"), *_REVIEW],
    "proposals": [("doc_id", "str"), ("id", "str"), ("group", "str"), ("kind", "str"),
                  *_ref_columns("proposer"), *_ref_columns("recipient"), ("date", "date"),
                  ("terms", "list"), ("conditions", "list"), ("condition_spans", "spans"),
                  ("start", "int"), ("end", "int"), ("text", "str"), *_REVIEW],
    "responses": [("doc_id", "str"), ("proposal_id", "str"), ("id", "str"),
                  *_ref_columns("actor"), ("stance", "str"), ("date", "date"),
                  ("start", "int"), ("end", "int"), ("text", "str"), *_REVIEW],
}

# The article text is in the Parquet documents table only: CSV readers (and
# spreadsheets) choke on multi-page cells; the JSONL export carries it too.
_CSV_SKIP = {("documents", "text")}


def _column_names(kind: str, *, csv_file: bool) -> list[str]:
    names: list[str] = []
    for name, kind_of in TABLES[kind]:
        if csv_file and (kind, name) in _CSV_SKIP:
            continue
        names.append(name)
        if kind_of == "date":
            names.append(f"{name}_precision")
    return names


CSV_FIELDS: dict[str, list[str]] = {k: _column_names(k, csv_file=True) for k in TABLES}
PARQUET_FIELDS: dict[str, list[str]] = {k: _column_names(k, csv_file=False) for k in TABLES}

_PRECISION = {10: "day", 7: "month", 4: "year"}


def parse_date(value: str | None) -> tuple[date | None, str | None]:
    """A SPEC date (YYYY-MM-DD, YYYY-MM or YYYY) as (first day, precision).

    >>> parse_date("2024-06")
    (datetime.date(2024, 6, 1), 'month')
    """
    precision = _PRECISION.get(len(value)) if value else None
    if value is None or precision is None:
        return None, None
    try:
        return date.fromisoformat((value + "-01-01")[:10]), precision
    except ValueError:
        return None, None


# -- rows --------------------------------------------------------------------------
def _ref(prefix: str, ref: dict[str, Any] | None) -> dict[str, Any]:
    ref = ref or {}
    return {f"{prefix}_{k}": ref.get(k) for k in _REF}


def _dated(value: str | None, name: str = "date") -> dict[str, Any]:
    day, precision = parse_date(value)
    return {name: day, f"{name}_precision": precision}


def _spans(value: Iterable[Iterable[int]] | None) -> list[list[int]]:
    return [list(s) for s in value or []]


def _review(item: dict[str, Any]) -> dict[str, Any]:
    review = item.get("correction") or {}
    return {"confidence": item.get("confidence"), "review": review.get("status"),
            "reviewed_by": review.get("by")}


def table_rows(rec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows one record contributes to each table, as typed Python values."""
    d = rec["doc_id"]
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in TABLES}
    estimate = rec.get("published_estimated")
    rows["documents"].append({
        **{k: rec.get(k) for k in ("doc_id", "source", "url", "outlet", "title", "text")},
        **_dated(rec.get("published"), "published"),
        "published_estimated": bool(estimate),
        "published_evidence": estimate.get("evidence") if isinstance(estimate, dict) else None,
        "n_chars": len(rec["text"])})
    for e in rec["entities"]:
        rows["entities"].append({"doc_id": d, **{k: e.get(k) for k in (
            "id", "name", "type", "country", "sector", "role", "affiliation")},
            "aliases": list(e.get("aliases") or []), "mentions": _spans(e.get("mentions"))})
    for i, q in enumerate(rec["quotes"]):
        rows["quotes"].append({"doc_id": d, "id": f"q{i}", **{k: q.get(k) for k in (
            "kind", "cue", "cue_start", "cue_end", "start", "end", "text")},
            **_ref("speaker", q.get("speaker")), **_review(q)})
    for i, e in enumerate(rec["events"]):
        loc = e.get("location") or {}
        rows["events"].append({"doc_id": d, "id": f"e{i}", **{k: e.get(k) for k in (
            "group", "type", "mode", "trigger", "date_text", "negated", "hypothetical",
            "future", "start", "end", "text")},
            **_ref("actor", e.get("actor")), **_ref("recipient", e.get("recipient")),
            **_dated(e.get("date")), "location_id": loc.get("id"), "location": loc.get("name"),
            **_review(e)})
    for p in rec["proposals"]:
        rows["proposals"].append({"doc_id": d, **{k: p.get(k) for k in (
            "id", "group", "kind", "start", "end", "text")},
            **_ref("proposer", p.get("proposer")), **_ref("recipient", p.get("recipient")),
            **_dated(p.get("date")), "terms": list(p.get("terms") or []),
            "conditions": list(p.get("conditions") or []),
            "condition_spans": _spans(p.get("condition_spans")), **_review(p)})
        for j, r in enumerate(p.get("responses") or []):
            rows["responses"].append({"doc_id": d, "proposal_id": p["id"], "id": f"r{j}",
                                      **{k: r.get(k) for k in ("stance", "start", "end",
                                                               "text")},
                                      **_ref("actor", r.get("actor")), **_dated(r.get("date")),
                                      **_review(r)})
    return rows


def _csv_value(value: Any) -> Any:
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    return value


def csv_rows(rec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows one record contributes to each CSV file (lists as JSON arrays)."""
    return {kind: [{k: _csv_value(v) for k, v in row.items()} for row in rows]
            for kind, rows in table_rows(rec).items()}


# -- writers -----------------------------------------------------------------------
# Line breaks to str.splitlines() that JSON leaves raw: escaped, one record stays one line.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False).translate(_LINE_BREAKS) + "\n")
        n += 1
    return n


def _folder(folder: str | Path) -> Path:
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AccordError(f"cannot create the output folder ({exc.strerror})",
                          source=str(folder)) from None
    return folder


def write_csv(records: Iterable[dict[str, Any]], folder: str | Path) -> dict[str, int]:
    """One CSV file per item kind in `folder`; returns rows written per file."""
    folder = _folder(folder)
    handles = {k: (folder / f"{k}.csv").open("w", newline="", encoding="utf-8")
               for k in CSV_FIELDS}
    counts = dict.fromkeys(CSV_FIELDS, 0)
    try:
        writers = {k: csv.DictWriter(h, fieldnames=CSV_FIELDS[k], extrasaction="ignore")
                   for k, h in handles.items()}
        for w in writers.values():
            w.writeheader()
        for rec in records:
            for kind, rows in csv_rows(rec).items():
                writers[kind].writerows(rows)
                counts[kind] += len(rows)
    finally:
        for h in handles.values():
            h.close()
    return counts


def parquet_schemas() -> dict[str, Any]:
    """The pyarrow schema of each Parquet file (needs the `parquet` extra)."""
    pa = require("pyarrow")
    types = {"str": pa.string(), "int": pa.int32(), "float": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(),
             "list": pa.list_(pa.string()), "spans": pa.list_(pa.list_(pa.int32()))}
    from accord import __version__

    meta = {b"accord.version": __version__.encode()}
    schemas = {}
    for kind, columns in TABLES.items():
        fields = []
        for name, type_name in columns:
            fields.append(pa.field(name, types[type_name]))
            if type_name == "date":
                fields.append(pa.field(f"{name}_precision", pa.string()))
        schemas[kind] = pa.schema(fields, metadata={**meta, b"accord.table": kind.encode()})
    return schemas


def write_parquet(records: Iterable[dict[str, Any]], folder: str | Path, *,
                  row_group: int = 10_000) -> dict[str, int]:
    """One Parquet file per item kind in `folder` (`documents.parquet`, ...), typed
    columns per `TABLES`; returns rows written per file. Files appear whole or not
    at all: each is written under a temporary name and renamed at the end."""
    pa = require("pyarrow")
    pq = require("pyarrow.parquet")
    schemas = parquet_schemas()
    folder = _folder(folder)
    tmp = {k: folder / f".{k}.parquet.tmp" for k in TABLES}
    writers = {k: pq.ParquetWriter(tmp[k], schemas[k], compression="zstd") for k in TABLES}
    counts = dict.fromkeys(TABLES, 0)
    pending: dict[str, list[dict[str, Any]]] = {k: [] for k in TABLES}

    def flush(kind: str) -> None:
        if pending[kind]:
            writers[kind].write_table(pa.Table.from_pylist(pending[kind], schema=schemas[kind]))
            pending[kind] = []

    done = False
    try:
        for rec in records:
            for kind, rows in table_rows(rec).items():
                pending[kind].extend(rows)
                counts[kind] += len(rows)
                if len(pending[kind]) >= row_group:
                    flush(kind)
        for kind in TABLES:
            flush(kind)
        done = True
    finally:
        for kind, writer in writers.items():
            writer.close()
            if done:
                os.replace(tmp[kind], folder / f"{kind}.parquet")
            else:
                tmp[kind].unlink(missing_ok=True)
    return counts


# -- PLOVER ------------------------------------------------------------------------
# PLOVER's quad categories (PLOVER manual, "PLOVER quad categories"): 1 verbal
# cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.
QUAD_CODES = {"AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
              "COOPERATE": 2, "AID": 2, "RETREAT": 2,
              "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "SANCTION": 3, "THREATEN": 3,
              "PROTEST": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4}
# accord's sectors (SPEC) to PLOVER's sector codes where they differ: PLOVER's
# MED is health and JRN the media; IGO is an actor code, not a sector; an NGO is
# civil society (SOC), with actor code NGO when it has no country.
PLOVER_SECTORS = {"MED": "JRN", "IGO": "", "NGO": "SOC"}


def _plover_actor(ref: dict[str, Any] | None, entities: dict[str, dict[str, Any]],
                  text: str) -> list[dict[str, Any]]:
    if not ref:
        return []
    ent = entities.get(ref.get("id") or "", {})
    sector = ent.get("sector") or ""
    start, end = ref.get("start"), ref.get("end")
    return [{"code": ent.get("country") or ("NGO" if sector == "NGO" else None),
             "sector": PLOVER_SECTORS.get(sector, sector) or None,
             "actor_text": text[start:end] if start is not None and end is not None else None,
             "identifier_id": ref.get("id"), "identifier_text": ref.get("name"),
             "start": start, "end": end, "inferred": ref.get("inferred")}]


def plover_events(rec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The record's events as PLOVER JSON objects (see README, "PLOVER export")."""
    from accord import __version__

    entities = {e["id"]: e for e in rec["entities"]}
    text = rec["text"]
    coder = f"accord {__version__}"
    cite = {"citation": rec["doc_id"], "url": rec.get("url") or rec.get("source"),
            "title": rec.get("title"), "publication": rec.get("outlet"), "language": "en",
            "coder": coder, "codebook": "PLOVER"}
    for i, e in enumerate(rec["events"]):
        day, precision = parse_date(e.get("date"))
        loc = e.get("location")
        yield {
            "id": f"{rec['doc_id']}-e{i}",
            "date": day.isoformat() if day else None, "date_precision": precision,
            "date_text": e.get("date_text"), "story_date": rec.get("published"),
            "event": [e["type"]], "mode": e.get("mode") or None,
            "quad_code": QUAD_CODES.get(e["type"]),
            "source": _plover_actor(e.get("actor"), entities, text),
            "recipient": _plover_actor(e.get("recipient"), entities, text),
            "event_loc": {"name": loc.get("name"), "identifier_id": loc.get("id")}
            if loc else None,
            "event_text": [e["text"]],
            "text_info": {"start": e["start"], "end": e["end"]},
            "link": e.get("group"),
            "negated": bool(e.get("negated")), "hypothetical": bool(e.get("hypothetical")),
            "future": bool(e.get("future")), "trigger": e.get("trigger"),
            "doc_id": rec["doc_id"], "cite_info": cite, "coder": coder,
        }


def write_plover(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """Every event of every record as PLOVER JSON Lines; returns the number of events."""
    return write_jsonl((ev for rec in records for ev in plover_events(rec)), out)


# -- analysts' corrections as corpus annotations ------------------------------------
def write_corrections(store: Any, folder: str | Path) -> int:
    """Every document an analyst corrected, in the corpus format
    (corpus/GUIDELINES.md section 1, checked by `corpus/tools.py check`):
    `stories/<doc_id>.json`, `annotations/<author>/<doc_id>.json` (the author
    of most of the document's corrections), and `splits.json` (all in train)
    with `assignments.json`, so the folder reads as a corpus
    (`accord.training.corpus.Corpus(folder)`) that `accord train` can learn
    from. Returns the number of documents."""
    import re
    from collections import Counter

    from accord.corrections import annotation, story

    by_doc: dict[str, list[Any]] = {}
    for c in store.corrections():
        by_doc.setdefault(c.doc_id, []).append(c)
    out = _folder(folder)
    (out / "stories").mkdir(exist_ok=True)
    primary: dict[str, list[str]] = {}
    split = _sentence_splitter() if by_doc else None
    for doc_id, fixes in sorted(by_doc.items()):
        rec = store.get_record(doc_id)
        if rec is None or split is None:
            continue
        author = Counter(c.author for c in fixes).most_common(1)[0][0]
        who = re.sub(r"[^a-z0-9_-]+", "-", author.lower()).strip("-") or "analyst"
        sentences = split(rec["text"])
        (out / "stories" / f"{doc_id}.json").write_text(
            json.dumps(story(rec, sentences), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
        target = out / "annotations" / who
        target.mkdir(parents=True, exist_ok=True)
        (target / f"{doc_id}.json").write_text(
            json.dumps(annotation(rec, sentences, who), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8")
        primary.setdefault(who, []).append(doc_id)
    ids = sorted(i for ids in primary.values() for i in ids)
    (out / "splits.json").write_text(json.dumps(
        {"_doc": "Documents analysts corrected (accord export --corrections), all in train.",
         "train": ids, "dev": [], "test": []}, indent=1) + "\n", encoding="utf-8")
    (out / "assignments.json").write_text(json.dumps({"primary": primary}, indent=1) + "\n",
                                          encoding="utf-8")
    return len(ids)


def _sentence_splitter() -> Any:
    """Sentences as the corpus splits them (corpus/tools.py prepare): the model's
    parser, without NER and lemmas."""
    import spacy

    from accord.pipeline import BASE_MODEL

    nlp = spacy.load(BASE_MODEL, exclude=["ner", "lemmatizer"])

    def split(text: str) -> list[tuple[int, int]]:
        return [(s.start_char, s.end_char) for s in nlp(text).sents if s.text.strip()]

    return split
