"""Export the store: SPEC records as JSON Lines, or one CSV file per item kind."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from accord.errors import AccordError

CSV_FIELDS: dict[str, list[str]] = {
    "documents": ["doc_id", "source", "outlet", "title", "published", "n_chars"],
    "entities": ["doc_id", "id", "name", "type", "country", "sector", "aliases", "mentions"],
    "quotes": ["doc_id", "start", "end", "kind", "cue", "speaker_id", "speaker_name",
               "speaker_start", "speaker_end", "text"],
    "events": ["doc_id", "group", "type", "mode", "actor_id", "actor_name", "recipient_id",
               "recipient_name", "date", "date_text", "location", "negated", "hypothetical",
               "future", "start", "end", "text"],
    "proposals": ["doc_id", "id", "group", "kind", "proposer_id", "proposer_name",
                  "recipient_id", "recipient_name", "date", "terms", "conditions",
                  "start", "end", "text"],
    "responses": ["doc_id", "proposal_id", "actor_id", "actor_name", "stance", "date",
                  "start", "end", "text"],
}


# Line breaks to str.splitlines() that JSON leaves raw: escaped, one record stays one line.
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for rec in records:
        out.write(json.dumps(rec, ensure_ascii=False).translate(_LINE_BREAKS) + "\n")
        n += 1
    return n


def _ref(prefix: str, ref: dict[str, Any] | None) -> dict[str, Any]:
    ref = ref or {}
    return {f"{prefix}_id": ref.get("id"), f"{prefix}_name": ref.get("name"),
            f"{prefix}_start": ref.get("start"), f"{prefix}_end": ref.get("end")}


def csv_rows(rec: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The rows one record contributes to each CSV file."""
    d = rec["doc_id"]
    rows: dict[str, list[dict[str, Any]]] = {k: [] for k in CSV_FIELDS}
    rows["documents"].append({**{k: rec.get(k) for k in CSV_FIELDS["documents"]},
                              "n_chars": len(rec["text"])})
    for e in rec["entities"]:
        rows["entities"].append({"doc_id": d, **{k: e.get(k) for k in
                                 ("id", "name", "type", "country", "sector")},
                                 "aliases": "|".join(e["aliases"]),
                                 "mentions": json.dumps(e["mentions"])})
    for q in rec["quotes"]:
        rows["quotes"].append({"doc_id": d, **{k: q.get(k) for k in
                               ("start", "end", "kind", "cue", "text")},
                               **_ref("speaker", q.get("speaker"))})
    for e in rec["events"]:
        rows["events"].append({"doc_id": d, **{k: e.get(k) for k in CSV_FIELDS["events"]
                                               if k in e and not isinstance(e.get(k), dict)},
                               **_ref("actor", e.get("actor")),
                               **_ref("recipient", e.get("recipient")),
                               "location": (e.get("location") or {}).get("name")})
    for p in rec["proposals"]:
        rows["proposals"].append({"doc_id": d, **{k: p.get(k) for k in
                                  ("id", "group", "kind", "date", "start", "end", "text")},
                                  **_ref("proposer", p.get("proposer")),
                                  **_ref("recipient", p.get("recipient")),
                                  "terms": " | ".join(p.get("terms") or []),
                                  "conditions": " | ".join(p.get("conditions") or [])})
        for r in p.get("responses") or []:
            rows["responses"].append({"doc_id": d, "proposal_id": p["id"],
                                      **{k: r.get(k) for k in
                                         ("stance", "date", "start", "end", "text")},
                                      **_ref("actor", r.get("actor"))})
    return rows


def write_csv(records: Iterable[dict[str, Any]], folder: str | Path) -> dict[str, int]:
    """One CSV file per item kind in `folder`; returns rows written per file."""
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AccordError(f"cannot create the output folder ({exc.strerror})",
                          source=str(folder)) from None
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
