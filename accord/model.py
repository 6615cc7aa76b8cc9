"""Value objects the pipeline components leave on a spaCy Doc.

Components set these on `doc._.*`; `accord.record` turns them into the SPEC
record in one place, so offsets cannot drift between store, API and UI.
All offsets are character offsets into `doc.text` (the cleaned article text).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

QUOTE_KINDS = ("direct", "indirect", "mixed")
EVENT_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)
STANCES = ("accept", "reject", "consider", "counter")
ENTITY_TYPES = ("PERSON", "ORG", "GPE", "LOC", "NORP", "EVENT", "LAW")


@dataclass
class Entity:
    """An actor or place, canonical across documents (`id` is stable)."""

    id: str
    name: str
    type: str
    country: str | None = None
    sector: str = ""
    aliases: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Mention:
    """One place in the text that refers to an entity.

    `via` says how it was linked: name, alias, fuzzy, surname, title, metonym,
    pronoun, description, ner (unknown actor).
    """

    start: int
    end: int
    entity_id: str
    via: str = "name"


@dataclass
class Ref:
    """A reference to an actor from a quote, event or proposal.

    `id` is None for described but unnamed actors ("a Russian source").
    `start`/`end` point at the mention in this article (may be "he").
    `inferred` says how the link was made when it was not by name.
    """

    name: str
    id: str | None = None
    start: int | None = None
    end: int | None = None
    inferred: str | None = None


@dataclass
class Quote:
    start: int
    end: int
    kind: str
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: Ref | None = None
    # how far to trust it, in [0, 1] (None: accord.record derives it from the rule)
    confidence: float | None = None


@dataclass
class DateMention:
    """A time expression and the day/month/year it resolves to (ISO prefix)."""

    start: int
    end: int
    value: str | None
    granularity: str | None = None  # day, month, year


@dataclass
class Event:
    type: str
    start: int
    end: int
    mode: str = ""
    actor: Ref | None = None
    recipient: Ref | None = None
    date: str | None = None
    date_text: str | None = None
    location: Ref | None = None
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    trigger: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    # P(type) from the event layer's classifier (None: no classifier decided)
    confidence: float | None = None


@dataclass
class Response:
    stance: str
    start: int
    end: int
    actor: Ref | None = None
    date: str | None = None
    confidence: float | None = None  # None: accord.record derives it from the rule


@dataclass
class Proposal:
    id: str
    kind: str
    start: int
    end: int
    proposer: Ref | None = None
    recipient: Ref | None = None
    terms: list[str] = field(default_factory=list)
    conditions: list[str] = field(default_factory=list)
    condition_spans: list[tuple[int, int]] = field(default_factory=list)
    # every place the article names this proposal ("Putin's offer", "the plan", "it")
    mention_spans: list[tuple[int, int]] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)
    date: str | None = None
    confidence: float | None = None  # None: accord.record derives it from the rule


@dataclass
class Article:
    """One input article before processing."""

    text: str
    source: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    url: str | None = None
    dropped: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)


# -- serialisation -----------------------------------------------------------
# The value objects above live on Doc extensions; spaCy writes those through
# srsly's msgpack (Doc.to_bytes, DocBin(store_user_data=True), nlp.pipe with
# n_process). Registering them there makes an output Doc round-trip whole.

_SERIALISED: dict[str, type[Any]] = {
    cls.__name__: cls for cls in (Entity, Mention, Ref, Quote, DateMention, Event, Response,
                                  Proposal)
}
_TUPLE_FIELDS = {("Entity", "mentions"), ("Proposal", "condition_spans"),
                 ("Proposal", "mention_spans")}
_TAG = "__accord__"


def _encode(obj: Any, chain: Any = None) -> Any:
    name = type(obj).__name__
    if _SERIALISED.get(name) is type(obj):
        return {_TAG: name, "fields": {f.name: getattr(obj, f.name) for f in fields(obj)}}
    return obj if chain is None else chain(obj)


def _decode(obj: Any, chain: Any = None) -> Any:
    if isinstance(obj, dict) and _TAG in obj and obj[_TAG] in _SERIALISED:
        name = obj[_TAG]
        values = dict(obj["fields"])
        for key, value in values.items():
            # msgpack gives arrays back as lists or (DocBin) tuples
            if (name, key) in _TUPLE_FIELDS and isinstance(value, list | tuple):
                values[key] = [tuple(v) for v in value]
            elif isinstance(value, tuple):
                values[key] = list(value)
        return _SERIALISED[name](**values)
    return obj if chain is None else chain(obj)


def register_msgpack() -> None:
    """Teach srsly's msgpack (and so spaCy's Doc serialisation) accord's types."""
    from srsly.msgpack import msgpack_decoders, msgpack_encoders

    msgpack_encoders.register("accord", func=_encode)
    msgpack_decoders.register("accord", func=_decode)


register_msgpack()
