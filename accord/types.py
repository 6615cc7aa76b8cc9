"""The SPEC record (docs/SPEC.md section 1) as typed, frozen dataclasses, for
use from Python. `Record.from_dict` reads an exported or stored record and
`Record.to_dict` writes it back unchanged; every offset indexes `Record.text`.

    rec = accord.extract("Russia rejected the offer, the Kremlin said.")
    for ev in rec.events:
        print(ev.type, ev.actor.name if ev.actor else None, rec.text[ev.start:ev.end])
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ActorRef", "Entity", "Event", "Proposal", "Quote", "Record", "Response",
           "SearchHit", "SearchResults"]


def _opt(value: Any, cls: Any) -> Any:
    return cls.from_dict(value) if value is not None else None


def _drop_none(d: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if not (k in keys and v is None)}


def _review(out: dict[str, Any], confidence: float | None,
            correction: dict[str, Any] | None) -> dict[str, Any]:
    """`out` with an item's confidence and an analyst's correction, when it has them."""
    if confidence is not None:
        out["confidence"] = confidence
    if correction is not None:
        out["correction"] = correction
    return out


@dataclass(frozen=True)
class ActorRef:
    """Who a quote, event, proposal or response is by or about. `start`/`end`
    point at its mention in this article ("he", "the Kremlin"); `name` is the
    canonical name; `id` is stable across documents (None: described only)."""

    name: str
    id: str | None = None
    start: int | None = None
    end: int | None = None
    inferred: str | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ActorRef:
        return cls(name=d["name"], id=d.get("id"), start=d.get("start"), end=d.get("end"),
                   inferred=d.get("inferred"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "name": self.name}
        if self.start is not None:
            out["start"], out["end"] = self.start, self.end
        if self.inferred is not None:
            out["inferred"] = self.inferred
        return out


@dataclass(frozen=True)
class Entity:
    id: str
    name: str
    type: str
    country: str | None = None
    sector: str = ""
    aliases: tuple[str, ...] = ()
    mentions: tuple[tuple[int, int], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    _FIELDS = ("id", "name", "type", "country", "sector", "aliases", "mentions")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Entity:
        return cls(id=d["id"], name=d["name"], type=d["type"], country=d.get("country"),
                   sector=d.get("sector") or "", aliases=tuple(d.get("aliases") or ()),
                   mentions=tuple((int(s), int(e)) for s, e in d.get("mentions") or ()),
                   extra={k: v for k, v in d.items() if k not in cls._FIELDS})

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "type": self.type, "country": self.country,
                "sector": self.sector, "aliases": list(self.aliases),
                "mentions": [[s, e] for s, e in self.mentions], **self.extra}


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    kind: str  # direct, indirect, mixed
    cue: str | None = None
    speaker: ActorRef | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    # how far to trust it, in [0, 1] (README, "Confidence")
    confidence: float | None = None
    # an analyst's review: status (confirmed, edited), by, at, the original values
    correction: dict[str, Any] | None = None

    @property
    def verbatim(self) -> bool:
        """Only a direct quote gives the speaker's own words; an indirect or mixed
        one is the reporter's paraphrase."""
        return self.kind == "direct"

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Quote:
        return cls(text=d["text"], start=d["start"], end=d["end"], kind=d["kind"],
                   cue=d.get("cue"), speaker=_opt(d.get("speaker"), ActorRef),
                   cue_start=d.get("cue_start"), cue_end=d.get("cue_end"),
                   confidence=d.get("confidence"), correction=d.get("correction"))

    def to_dict(self) -> dict[str, Any]:
        out = {"text": self.text, "start": self.start, "end": self.end, "kind": self.kind,
               "cue": self.cue, "speaker": self.speaker.to_dict() if self.speaker else None}
        if self.cue_start is not None:
            out["cue_start"], out["cue_end"] = self.cue_start, self.cue_end
        return _review(out, self.confidence, self.correction)


@dataclass(frozen=True)
class Event:
    type: str  # one of the 16 PLOVER types
    start: int
    end: int
    text: str
    mode: str = ""
    actor: ActorRef | None = None
    recipient: ActorRef | None = None
    date: str | None = None
    date_text: str | None = None
    location: ActorRef | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    group: str | None = None
    trigger: str | None = None
    confidence: float | None = None
    correction: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Event:
        return cls(type=d["type"], start=d["start"], end=d["end"], text=d["text"],
                   mode=d.get("mode") or "", actor=_opt(d.get("actor"), ActorRef),
                   recipient=_opt(d.get("recipient"), ActorRef), date=d.get("date"),
                   date_text=d.get("date_text"), location=_opt(d.get("location"), ActorRef),
                   negated=bool(d.get("negated")), hypothetical=bool(d.get("hypothetical")),
                   future=bool(d.get("future")), group=d.get("group"), trigger=d.get("trigger"),
                   confidence=d.get("confidence"), correction=d.get("correction"))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": self.type, "mode": self.mode,
            "actor": self.actor.to_dict() if self.actor else None,
            "recipient": self.recipient.to_dict() if self.recipient else None,
            "date": self.date, "date_text": self.date_text,
            "location": self.location.to_dict() if self.location else None,
            "negated": self.negated, "hypothetical": self.hypothetical, "future": self.future,
            "start": self.start, "end": self.end, "text": self.text, "group": self.group}
        if self.trigger is not None:
            out["trigger"] = self.trigger
        return _review(out, self.confidence, self.correction)


@dataclass(frozen=True)
class Response:
    stance: str  # accept, reject, consider, counter
    start: int
    end: int
    text: str
    actor: ActorRef | None = None
    date: str | None = None
    confidence: float | None = None
    correction: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Response:
        return cls(stance=d["stance"], start=d["start"], end=d["end"], text=d["text"],
                   actor=_opt(d.get("actor"), ActorRef), date=d.get("date"),
                   confidence=d.get("confidence"), correction=d.get("correction"))

    def to_dict(self) -> dict[str, Any]:
        return _review({"actor": self.actor.to_dict() if self.actor else None,
                        "stance": self.stance, "start": self.start, "end": self.end,
                        "text": self.text, "date": self.date},
                       self.confidence, self.correction)


@dataclass(frozen=True)
class Proposal:
    id: str
    kind: str
    start: int
    end: int
    text: str
    proposer: ActorRef | None = None
    recipient: ActorRef | None = None
    terms: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    condition_spans: tuple[tuple[int, int], ...] = ()
    # every place the article names it: {"start", "end", "text"}
    mentions: tuple[dict[str, Any], ...] = ()
    responses: tuple[Response, ...] = ()
    date: str | None = None
    group: str | None = None
    confidence: float | None = None
    correction: dict[str, Any] | None = None

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Proposal:
        return cls(id=d["id"], kind=d["kind"], start=d["start"], end=d["end"], text=d["text"],
                   proposer=_opt(d.get("proposer"), ActorRef),
                   recipient=_opt(d.get("recipient"), ActorRef),
                   terms=tuple(d.get("terms") or ()), conditions=tuple(d.get("conditions") or ()),
                   condition_spans=tuple((int(s), int(e))
                                         for s, e in d.get("condition_spans") or ()),
                   mentions=tuple(dict(m) for m in d.get("mentions") or ()),
                   responses=tuple(Response.from_dict(r) for r in d.get("responses") or ()),
                   date=d.get("date"), group=d.get("group"), confidence=d.get("confidence"),
                   correction=d.get("correction"))

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "group": self.group, "kind": self.kind,
                "proposer": self.proposer.to_dict() if self.proposer else None,
                "recipient": self.recipient.to_dict() if self.recipient else None,
                "terms": list(self.terms), "conditions": list(self.conditions),
                "condition_spans": [[s, e] for s, e in self.condition_spans],
                "mentions": [dict(m) for m in self.mentions],
                "responses": [r.to_dict() for r in self.responses], "date": self.date,
                "start": self.start, "end": self.end, "text": self.text} \
            | _review({}, self.confidence, self.correction)


@dataclass(frozen=True)
class Record:
    """One document: its text, and everything accord found in it."""

    doc_id: str
    text: str
    source: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    url: str | None = None
    entities: tuple[Entity, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()
    proposals: tuple[Proposal, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    _FIELDS = ("doc_id", "source", "outlet", "title", "published", "text", "entities",
               "quotes", "events", "proposals", "url")

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Record:
        return cls(doc_id=d["doc_id"], text=d["text"], source=d.get("source"),
                   outlet=d.get("outlet"), title=d.get("title"), published=d.get("published"),
                   url=d.get("url"),
                   entities=tuple(Entity.from_dict(e) for e in d.get("entities") or ()),
                   quotes=tuple(Quote.from_dict(q) for q in d.get("quotes") or ()),
                   events=tuple(Event.from_dict(e) for e in d.get("events") or ()),
                   proposals=tuple(Proposal.from_dict(p) for p in d.get("proposals") or ()),
                   extra={k: v for k, v in d.items() if k not in cls._FIELDS})

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": self.doc_id, "source": self.source, "outlet": self.outlet,
            "title": self.title, "published": self.published, "text": self.text,
            "entities": [e.to_dict() for e in self.entities],
            "quotes": [q.to_dict() for q in self.quotes],
            "events": [e.to_dict() for e in self.events],
            "proposals": [p.to_dict() for p in self.proposals]}
        extra = dict(self.extra)
        if self.url is not None:
            extra = {**{k: v for k, v in extra.items() if k == "published_estimated"},
                     "url": self.url, **{k: v for k, v in extra.items()
                                         if k != "published_estimated"}}
        return {**out, **extra}

    def entity(self, entity_id: str) -> Entity | None:
        return next((e for e in self.entities if e.id == entity_id), None)


# -- search results (Engine.search) ------------------------------------------------------
@dataclass(frozen=True)
class SearchHit:
    """One item a full-text search found: a `document` (its title and text), a
    `quote`, an `event` or a `proposal`, in its article `doc_id` at `anchor` (None
    for a whole document). `snippet` is plain text around the match and
    `highlights` the [start, end) of each matched word in it; `type` is an event's
    type, a proposal's kind or a quote's kind; `actor` the speaker, the event's
    actor or the proposer. `data` keeps the item as the API gives it."""

    kind: str
    doc_id: str
    score: float
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()
    anchor: str | None = None
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    source: str | None = None
    type: str | None = None
    date: str | None = None
    actor: ActorRef | None = None
    recipient: ActorRef | None = None
    group: str | None = None
    data: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SearchHit:
        actor = d.get("speaker") or d.get("actor") or d.get("proposer")
        return cls(kind=d["kind"], doc_id=d["doc_id"], score=float(d["score"]),
                   snippet=d["snippet"], highlights=tuple((s, e) for s, e in d["highlights"]),
                   anchor=d.get("anchor"), title=d.get("title"), outlet=d.get("outlet"),
                   published=d.get("published"), source=d.get("source"),
                   type=d.get("type") or d.get("proposal_kind") or d.get("quote_kind"),
                   date=d.get("date"), actor=_opt(actor, ActorRef),
                   recipient=_opt(d.get("recipient"), ActorRef), group=d.get("group"),
                   data=d)

    def matches(self) -> list[str]:
        """The matched words, as the snippet has them."""
        return [self.snippet[s:e] for s, e in self.highlights]

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each match between `before` and `after`."""
        out, pos = [], 0
        for s, e in self.highlights:
            out += [self.snippet[pos:s], before, self.snippet[s:e], after]
            pos = e
        return "".join(out) + self.snippet[pos:]


@dataclass(frozen=True)
class SearchResults:
    """One page of a search, best first: `hits`, `total` found of the kinds asked
    for, `counts` found of each kind (documents, quotes, events, proposals), the
    query's `terms` as understood, and the page's `limit` and `offset`."""

    query: str
    terms: tuple[str, ...]
    total: int
    counts: dict[str, int]
    limit: int
    offset: int
    hits: tuple[SearchHit, ...]

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SearchResults:
        return cls(query=d["q"], terms=tuple(d["terms"]), total=d["total"],
                   counts=dict(d["counts"]), limit=d["limit"], offset=d["offset"],
                   hits=tuple(SearchHit.from_dict(i) for i in d["items"]))

    def __iter__(self) -> Iterator[SearchHit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)
