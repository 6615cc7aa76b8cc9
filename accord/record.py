"""Build the SPEC export record from a processed Doc: the one place where
pipeline results become JSON, so offsets cannot drift between outputs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from spacy.tokens import Doc

from accord import confidence, merge
from accord.model import Entity, Event, Proposal, Quote, Ref
from accord.outlets import find_outlet
from accord.pipeline.common.tokens import doc_text

RECORD_VERSION = 1
# The metadata a record keeps as the reader gave it (`input`): the pipeline may
# estimate the date and find the outlet, and a reprocess must start from these.
INPUT_FIELDS = ("title", "outlet", "published", "url")


def doc_id_for(text: str) -> str:
    """A stable document id from the normalised content (same text, same id)."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    norm = re.sub(r"\s+", " ", norm).strip()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def _hash(*parts: Any) -> str:
    key = "|".join("" if p is None else str(p).casefold() for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def group_ids(prefix: str, doc_id: str, items: list[merge.Item],
              spans: list[tuple[int, int]]) -> list[str]:
    """A group id per item: items of this article that tell the same event or
    proposal (accord.merge) share one, named by the article and the first of
    them (its type, actor and span: extracted again, the same item keeps its
    id; the acts of two actors told in one clause have two); the
    store gives a group the id of the same event told by another article, if
    it has one (`Store.put_record`)."""
    leader = list(range(len(items)))

    def find(i: int) -> int:
        while leader[i] != i:
            leader[i] = leader[leader[i]]
            i = leader[i]
        return i

    by_actor: dict[str, list[int]] = {}  # only items of the same actor can merge
    for i, item in enumerate(items):
        if item.actor:
            by_actor.setdefault(item.actor, []).append(i)
    for members in by_actor.values():
        for n, i in enumerate(members):
            for j in members[:n]:
                a, b = find(i), find(j)
                if a != b and merge.same(items[i], items[j]):
                    leader[max(a, b)] = min(a, b)
    return [f"{prefix}-" + _hash(doc_id, items[find(i)].type,
                                 items[find(i)].actor or f"#{i}", *spans[find(i)])
            for i in range(len(items))]


def ref_dict(ref: Ref | None, *, offsets: bool = True) -> dict[str, Any] | None:
    if ref is None:
        return None
    out: dict[str, Any] = {"id": ref.id, "name": ref.name}
    if offsets:
        out["start"] = ref.start
        out["end"] = ref.end
    if ref.inferred:
        out["inferred"] = ref.inferred
    return out


def entity_dict(ent: Entity) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": ent.id, "name": ent.name, "type": ent.type, "country": ent.country,
        "sector": ent.sector or "", "aliases": list(ent.aliases),
        "mentions": [[s, e] for s, e in ent.mentions],
    }
    out.update(ent.extra)
    return out


def quote_dict(text: str, q: Quote) -> dict[str, Any]:
    out: dict[str, Any] = {"text": text[q.start:q.end], "start": q.start, "end": q.end,
                           "kind": q.kind, "cue": q.cue, "speaker": ref_dict(q.speaker)}
    if q.cue_start is not None:
        out["cue_start"], out["cue_end"] = q.cue_start, q.cue_end
    out["confidence"] = _rounded(q.confidence) if q.confidence is not None else \
        confidence.rule_confidence("quote", q.kind, confidence.actor_status(q.speaker))
    return out


def event_dict(text: str, ev: Event, group: str | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": ev.type, "mode": ev.mode, "actor": ref_dict(ev.actor),
        "recipient": ref_dict(ev.recipient), "date": ev.date, "date_text": ev.date_text,
        "location": ref_dict(ev.location), "negated": ev.negated,
        "hypothetical": ev.hypothetical, "future": ev.future,
        "start": ev.start, "end": ev.end, "text": text[ev.start:ev.end],
        "group": group, "confidence": confidence.event_confidence(ev.confidence, ev.actor),
    }
    if ev.trigger is not None:
        out["trigger"] = ev.trigger
    return out


def proposal_dict(text: str, p: Proposal, group: str | None = None) -> dict[str, Any]:
    return {
        "id": p.id, "group": group, "kind": p.kind,
        "proposer": ref_dict(p.proposer), "recipient": ref_dict(p.recipient),
        "terms": list(p.terms), "conditions": list(p.conditions),
        "condition_spans": [[s, e] for s, e in p.condition_spans],
        "mentions": [{"start": s, "end": e, "text": text[s:e]} for s, e in p.mention_spans],
        "responses": [
            {"actor": ref_dict(r.actor), "stance": r.stance, "start": r.start, "end": r.end,
             "text": text[r.start:r.end], "date": r.date,
             "confidence": _rounded(r.confidence) if r.confidence is not None else
             confidence.rule_confidence("response", confidence.actor_status(r.actor))}
            for r in p.responses
        ],
        "date": p.date, "start": p.start, "end": p.end, "text": text[p.start:p.end],
        "confidence": _rounded(p.confidence) if p.confidence is not None else
        confidence.rule_confidence("proposal", confidence.actor_status(p.proposer)),
    }


def _rounded(value: float) -> float:
    return round(min(max(float(value), 0.0), 1.0), 2)


def build_record(doc: Doc, *, dropped: list[str] | None = None,
                 fingerprint: str | None = None) -> dict[str, Any]:
    """The SPEC section 1 record of one processed document. `fingerprint` names
    the pipeline that made it (accord.fingerprint); with it the record keeps the
    metadata as read (`input`), to be extracted again the same way."""
    meta = doc._.meta or {}
    text = doc_text(doc)
    doc_id = doc_id_for(text)
    published = doc._.published
    entities = sorted((doc._.entities or {}).values(),
                      key=lambda e: (e.mentions[0][0] if e.mentions else len(text), e.id))
    evs = [event_dict(text, e) for e in sorted(doc._.events or [],
                                                key=lambda e: (e.start, e.type))]
    props = [proposal_dict(text, p) for p in doc._.proposals or []]
    for kind, items in (("event", evs), ("proposal", props)):
        groups = group_ids(kind[0], doc_id, [merge.item_of(kind, d, published) for d in items],
                           [(d["start"], d["end"]) for d in items])
        for d, group in zip(items, groups, strict=True):
            d["group"] = group
    outlet, outlet_from = find_outlet(meta, text, dropped or ())
    record: dict[str, Any] = {
        "doc_id": doc_id,
        "source": meta.get("source"),
        "outlet": outlet,
        "title": meta.get("title"),
        "published": published,
        "text": text,
        "entities": [entity_dict(e) for e in entities],
        "quotes": [quote_dict(text, q) for q in sorted(doc._.quotes or [],
                                                       key=lambda q: q.start)],
        "events": evs,
        "proposals": props,
    }
    if outlet_from:
        record["outlet_from"] = outlet_from
    if doc._.published_estimated:
        record["published_estimated"] = doc._.published_estimated
    if meta.get("url"):
        record["url"] = meta["url"]
    if meta.get("metadata"):
        record["metadata"] = meta["metadata"]
    if fingerprint is not None:
        record["fingerprint"] = fingerprint
        record["input"] = {k: meta[k] for k in INPUT_FIELDS if meta.get(k) is not None}
    if dropped is not None:
        record["dropped"] = dropped
    return record


def check_offsets(record: dict[str, Any]) -> list[str]:
    """Every offset problem in a record (empty when all hold)."""
    text = record["text"]
    problems: list[str] = []

    def span(kind: str, start: Any, end: Any, expected: str | None = None) -> None:
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(text)):
            problems.append(f"{kind}: bad offsets {start}:{end}")
        elif expected is not None and text[start:end] != expected:
            problems.append(f"{kind}: text[{start}:{end}]={text[start:end]!r} != {expected!r}")

    for ent in record["entities"]:
        for s, e in ent["mentions"]:
            span(f"entity {ent['id']}", s, e)
    for q in record["quotes"]:
        span("quote", q["start"], q["end"], q["text"])
        if q.get("speaker") and q["speaker"].get("start") is not None:
            span("speaker", q["speaker"]["start"], q["speaker"]["end"])
    for ev in record["events"]:
        span("event", ev["start"], ev["end"], ev["text"])
        for role in ("actor", "recipient", "location"):
            ref = ev.get(role)
            if ref and ref.get("start") is not None:
                span(f"event {role}", ref["start"], ref["end"])
    for p in record["proposals"]:
        span("proposal", p["start"], p["end"], p["text"])
        for r in p["responses"]:
            span("response", r["start"], r["end"], r["text"])
    return problems
