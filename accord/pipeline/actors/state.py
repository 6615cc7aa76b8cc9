"""`LinkState`: linking one document, the explicit state the steps of
accord_actors (`candidates`, `linking`, `coref`: functions taking it as their
first argument) share: the candidates, the entities and mentions found so
far, and the small helpers all of them use."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from accord.kb import fold
from accord.model import Entity, Mention
from accord.pipeline.common.tokens import doc_text, sentences, tokens

_HYPHEN = re.compile(r"\s*-\s*")

if TYPE_CHECKING:
    from accord.pipeline.actors.component import ActorLinker

LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP",
          "EVENT": "EVENT", "LAW": "LAW", "FAC": "LOC"}


def slugify(name: str) -> str:
    """A stable id from a name: same normalised name, same id."""
    norm = fold(name).strip()
    norm = re.sub(r"^(the)\s+", "", norm, flags=re.I)
    norm = re.sub(r"'s\b", "", norm)
    return re.sub(r"[^a-z0-9]+", "-", norm).strip("-") or "unknown"


@dataclass
class _Cand:
    """A candidate mention over tokens [start, end)."""

    start: int
    end: int
    kind: str                      # kb, title, inst, gov, ner, event
    ids: dict[str, str] = field(default_factory=dict)
    label: str = ""
    target: str | None = None
    via: str = "name"

    @property
    def size(self) -> int:
        return self.end - self.start


class LinkState:
    """Linking one document: the state and the helpers every part shares."""

    def __init__(self, comp: ActorLinker, doc: Doc, date: str | None) -> None:
        self.c = comp
        self.kb = comp.kb
        self.doc = doc
        self.text = doc_text(doc)
        self.date = date
        self.entities: dict[str, Entity] = {}
        self.mentions: list[Mention] = []
        self.taken: list[bool] = [False] * len(doc)
        self.unknown_people: list[tuple[str, Span]] = []
        self.matches: list[tuple[str, int, int]] = []
        self.ents: list[Span] = []
        self._surnames: dict[tuple[str, int], set[str]] = {}
        self._by_char: dict[int, str] | None = None
        self.bylines: dict[int, bool] = {}  # sentence start -> a byline line
        # where pronouns, description heads and event heads are (coref.scan)
        self.at_pronoun: list[Token] = []
        self.at_description: list[Token] = []
        self.at_event: list[Token] = []
        self.at_org_description: list[Token] = []
        self.roles: dict[str, set[str]] | None = None  # person -> roles the article gives
        self.named: set[str] | None = None  # KB people named in full

    def add(self, start: int, end: int, eid: str | None, via: str) -> None:
        if not eid:
            return
        span = self.doc[start:end]
        ent = self.entities.get(eid)
        if ent is None:
            actor = self.c.actor(eid)
            if actor is None:
                return
            ent = Entity(id=eid, name=actor.name, type=actor.type, country=actor.country,
                         sector=actor.sector, aliases=[actor.name])
            if actor.role:
                ent.extra["role"] = actor.role
            self.entities[eid] = ent
        if via != "pronoun":
            ent.mentions.append((span.start_char, span.end_char))
            if span.text not in ent.aliases:
                ent.aliases.append(span.text)
        self.mentions.append(Mention(span.start_char, span.end_char, eid, via))

    def add_unknown(self, cand: _Cand, text: str) -> None:
        eid = slugify(text)
        if eid in self.kb.actors and self.kb.actors[eid].type != cand.label:
            eid = f"{eid}-{cand.label.lower()}"
        if eid not in self.entities:
            self.entities[eid] = Entity(id=eid, name=text, type=cand.label, aliases=[text])
            if cand.label == "PERSON":
                self.unknown_people.append((eid, self.doc[cand.start:cand.end]))
        self.add(cand.start, cand.end, eid, "ner")

    def forget_positions(self) -> None:
        """Mentions were added: `entity_at` reads them afresh."""
        self._by_char = None

    def entity_at(self, i: int) -> str | None:
        if self._by_char is None:
            self._by_char = {}
            for m in self.mentions:
                for ch in range(m.start, m.end):
                    self._by_char.setdefault(ch, m.entity_id)
        return self._by_char.get(self.doc[i].idx)

    def premodifiers(self, span: Span) -> list[Token]:
        doc = self.doc
        i = span.start - 1
        toks: list[Token] = []
        while i >= 0 and doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and \
                doc[i].head.i >= span.start - len(toks) - 1 and doc[i].ent_type_ != "PERSON":
            toks.insert(0, doc[i])
            i -= 1
        return toks if any(t.pos_ == "NOUN" for t in toks) else []

    def phrase_at(self, start: int, table: dict[str, Any], longest: int = 4,
                  backwards: bool = False) -> tuple[str, int] | None:
        """The longest key of `table` written at token `start` (or ending there)."""
        lower = tokens(self.doc).lower
        for n in range(longest, 0, -1):
            lo, hi = (start - n + 1, start + 1) if backwards else (start, start + n)
            if lo < 0 or hi > len(lower):
                continue
            text = " ".join(lower[lo:hi])
            if "-" in text:
                text = _HYPHEN.sub("-", text)
            for variant in (text, text.replace("-", " ")):
                if variant in table:
                    return variant, (lo if backwards else hi)
        return None

    def names_follow(self, i: int) -> bool:
        """A name right after a title: the name is the mention, the title its label."""
        doc = self.doc
        return i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].ent_type_ in ("PERSON", "")\
            and doc[i].is_title


def _apposition(span: Span) -> list[Token]:
    """The words of "<Name>, <role> at <Org>" after the comma (relative clauses dropped)."""
    head = span.root
    for child in head.children:
        if child.dep_ != "appos" or child.i < span.end:
            continue
        skip = {d.i for t in child.subtree if t.dep_ in ("relcl", "acl", "advcl")
                for d in t.subtree}
        toks = [t for t in child.subtree if t.i not in skip and t.dep_ != "det"
                and t.pos_ != "PUNCT"]
        return toks
    return []


def _is_subject(span: Span | Token) -> bool:
    root = span if isinstance(span, Token) else span.root
    return root.dep_ in ("nsubj", "nsubjpass") or (
        root.dep_ in ("appos", "compound") and root.head.dep_ in ("nsubj", "nsubjpass")) \
        or _fronted_subject(root)


def _fronted_subject(root: Token) -> bool:
    """ "Like Lutnick, Kevin Hassett, director of ..., emphasized": the parser
    hangs the subject on the fronted phrase as an apposition or a conjunct
    (with no "and") of its object; when the verb that phrase modifies has no
    subject of its own and comes after the name, the name set off by commas
    is that subject."""
    if root.dep_ not in ("appos", "conj") or root.head.dep_ != "pobj" or root.i < root.head.i:
        return False
    if root.dep_ == "conj" and any(c.dep_ == "cc" for c in root.head.children):
        return False
    prep = root.head.head
    verb = prep.head
    if prep.dep_ != "prep" or verb.pos_ not in ("VERB", "AUX") or verb.i < root.i \
            or prep.i > root.head.i or prep.i != prep.sent.start:
        return False
    between = root.doc[root.head.i + 1:root.left_edge.i]
    return any(t.text == "," for t in between) and not any(
        c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)


def _sentence_index(doc: Doc, token_i: int) -> int:
    starts = doc.user_data.get("_accord_sent_starts")
    if starts is None:
        starts = [s.start for s in sentences(doc)]
        doc.user_data["_accord_sent_starts"] = starts
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= token_i:
            lo = mid
        else:
            hi = mid
    return lo
