"""Build the SPEC export record from a processed Doc: the one place where
pipeline results become JSON, so offsets cannot drift between outputs."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from typing import Any

from spacy.tokens import Doc

from accord.model import Entity, Event, Proposal, Quote, Ref
from accord.pipeline.common.tokens import doc_text

RECORD_VERSION = 1


def doc_id_for(text: str) -> str:
    """A stable document id from the normalised content (same text, same id)."""
    norm = unicodedata.normalize("NFKC", text).casefold()
    norm = re.sub(r"\s+", " ", norm).strip()
    return hashlib.sha1(norm.encode("utf-8")).hexdigest()[:16]


def _hash(*parts: Any) -> str:
    key = "|".join("" if p is None else str(p).casefold() for p in parts)
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def event_group(ev: Event) -> str:
    """Cross-document group: same type, actor, recipient and day => same event.

    Only a resolved day can tie two reports together; an undated event stays
    its own group (keyed by its trigger and date words), so two different
    meetings of the same pair are never merged by accident."""
    when: str | None = ev.date if ev.date and len(ev.date) == 10 else None
    if when is None:
        when = f"undated:{ev.trigger}:{ev.date_text}:{ev.start}"
    return "e-" + _hash(ev.type, _ref_key(ev.actor), _ref_key(ev.recipient), when,
                        ev.negated, ev.hypothetical)


def proposal_group(p: Proposal, published: str | None = None) -> str:
    """Cross-document group: same kind and proposer => same proposal.

    Kinds are already canonical (accord/data/proposals.yaml maps "truce",
    "armistice" ... to "ceasefire"); case and spacing are normalised here so
    "30-day ceasefire" from two outlets merges. The recipient is left out
    because one outlet often leaves it unsaid. The year of the proposal, when
    known (else the year the article was published), keeps a party's offers of
    different years apart (a 2022 ceasefire offer by Russia is not its 2024
    one); reports without any date only merge with each other."""
    kind = re.sub(r"[\s_]+", " ", (p.kind or "").casefold()).strip()
    return "p-" + _hash(kind, _ref_key(p.proposer), (p.date or published or "")[:4] or None)


def _ref_key(ref: Ref | None) -> str | None:
    if ref is None:
        return None
    return ref.id or ref.name.casefold()


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
    return out


def event_dict(text: str, ev: Event) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": ev.type, "mode": ev.mode, "actor": ref_dict(ev.actor),
        "recipient": ref_dict(ev.recipient), "date": ev.date, "date_text": ev.date_text,
        "location": ref_dict(ev.location), "negated": ev.negated,
        "hypothetical": ev.hypothetical, "future": ev.future,
        "start": ev.start, "end": ev.end, "text": text[ev.start:ev.end],
        "group": event_group(ev),
    }
    if ev.trigger is not None:
        out["trigger"] = ev.trigger
    return out


def proposal_dict(text: str, p: Proposal, published: str | None = None) -> dict[str, Any]:
    return {
        "id": p.id, "group": proposal_group(p, published), "kind": p.kind,
        "proposer": ref_dict(p.proposer), "recipient": ref_dict(p.recipient),
        "terms": list(p.terms), "conditions": list(p.conditions),
        "condition_spans": [[s, e] for s, e in p.condition_spans],
        "mentions": [{"start": s, "end": e, "text": text[s:e]} for s, e in p.mention_spans],
        "responses": [
            {"actor": ref_dict(r.actor), "stance": r.stance, "start": r.start, "end": r.end,
             "text": text[r.start:r.end], "date": r.date}
            for r in p.responses
        ],
        "date": p.date, "start": p.start, "end": p.end, "text": text[p.start:p.end],
    }


def build_record(doc: Doc, *, dropped: list[str] | None = None) -> dict[str, Any]:
    """The SPEC section 1 record of one processed document."""
    meta = doc._.meta or {}
    text = doc_text(doc)
    entities = sorted((doc._.entities or {}).values(),
                      key=lambda e: (e.mentions[0][0] if e.mentions else len(text), e.id))
    record: dict[str, Any] = {
        "doc_id": doc_id_for(text),
        "source": meta.get("source"),
        "outlet": meta.get("outlet"),
        "title": meta.get("title"),
        "published": doc._.published,
        "text": text,
        "entities": [entity_dict(e) for e in entities],
        "quotes": [quote_dict(text, q) for q in sorted(doc._.quotes or [],
                                                       key=lambda q: q.start)],
        "events": [event_dict(text, e) for e in sorted(doc._.events or [],
                                                       key=lambda e: (e.start, e.type))],
        "proposals": [proposal_dict(text, p, doc._.published)
                      for p in doc._.proposals or []],
    }
    if doc._.published_estimated:
        record["published_estimated"] = doc._.published_estimated
    if meta.get("url"):
        record["url"] = meta["url"]
    if meta.get("metadata"):
        record["metadata"] = meta["metadata"]
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
