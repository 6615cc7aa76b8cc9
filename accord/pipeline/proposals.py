"""accord_proposals: offers and plans, their conditions, and the answers to them.

A proposal starts at an offer cue (`accord/data/proposals.yaml`): an offer noun
("Putin's offer", "a ceasefire proposal", "Russia's conditions for a ceasefire"),
an offer verb or adjective with its object ("ready for peace talks", "seek
Russia's agreement to a 30-day ceasefire"), a promise in a reported clause
("his nation would reduce military activity"), or talks that will begin.
Its conditions are the if-clauses, "on condition that" phrases and the
"that X must ..." clauses attached to it, split where coordinated. Responses
are stance words (accept, reject, consider, counter) anywhere later in the
article whose object refers back to the offer (a pronoun, "those conditions",
the same kind) or that follow it closely. A mention that refers back to an
earlier offer by the same proposer is the same proposal.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from accord.kb import active_kb
from accord.model import Proposal, Ref, Response
from accord.pipeline.actors import ref_at
from accord.pipeline.events import (
    SUBJ,
    ancestors_in_sentence,
    demonym_ref,
    in_condition,
    is_date,
    kb_ref,
    lemma,
    load_yaml,
    preceding_actor,
    quote_speaker,
    ref_for,
    refs_for,
    subject_of,
)
from accord.pipeline.tokens import doc_text, sentences, tokens

DATA = Path(__file__).resolve().parent.parent / "data"


def _set(data: dict[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in data.get(key) or [])


@dataclass
class Cues:
    offer_nouns: frozenset[str]
    offer_verbs: frozenset[str]
    offer_adjs: frozenset[str]
    pledges: dict[str, str]
    kinds: list[dict[str, Any]]
    future_talk: frozenset[str]
    marks: frozenset[str]
    phrases: list[str]
    modals: frozenset[str]
    trivial: frozenset[str]
    stance_verbs: dict[str, str]
    stance_adjs: dict[str, str]
    call_words: frozenset[str]
    consider_phrases: list[str]
    counter: frozenset[str]
    refs: frozenset[str]
    window: int
    proposing: frozenset[str] = frozenset()
    generic: frozenset[str] = frozenset()
    condition_nouns: frozenset[str] = frozenset()
    bystanders: frozenset[str] = frozenset()
    max_tokens: int = 400
    states: frozenset[str] = frozenset()
    pledge_objects: dict[str, frozenset[str]] = field(default_factory=dict)
    parties: frozenset[str] = frozenset()
    sponsoring: frozenset[str] = frozenset()
    requests: dict[str, frozenset[str]] = field(default_factory=dict)
    requiring: frozenset[str] = frozenset()
    before: frozenset[str] = frozenset()
    offer_states: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: str | Path | None = None) -> Cues:
        d = load_yaml(path or DATA / "proposals.yaml")
        st = d.get("stances") or {}
        verbs = {str(w): s for s in st for w in (st[s] or {}).get("verbs", [])}
        adjs = {str(w): s for s in st for w in (st[s] or {}).get("adjectives", [])}
        return cls(_set(d, "offer_nouns"), _set(d, "offer_verbs"), _set(d, "offer_adjectives"),
                   {str(k): str(v) for k, v in (d.get("pledge_actions") or {}).items()},
                   list(d.get("kinds") or []), _set(d, "future_talk_verbs"),
                   _set(d, "condition_marks"),
                   [p.lower() for p in d.get("condition_phrases") or []],
                   _set(d, "demand_modals"), _set(d, "trivial_condition_verbs"), verbs, adjs,
                   frozenset((st.get("reject") or {}).get("call_words", [])),
                   [p.lower() for p in (st.get("consider") or {}).get("phrases", [])],
                   _set(d, "counter_cues"), _set(d, "reference_nouns"),
                   int(d.get("response_window", 8)), _set(d, "proposing_verbs"),
                   _set(d, "generic_kinds"), _set(d, "condition_nouns"),
                   frozenset(str(x).upper() for x in d.get("bystander_sectors") or []),
                   int(d.get("max_sentence_tokens") or 400), _set(d, "state_adjectives"),
                   {str(k): frozenset(str(w).lower() for w in v or [])
                    for k, v in (d.get("pledge_objects") or {}).items()},
                   _set(d, "party_verbs"), _set(d, "sponsoring_participles"),
                   {str(k): frozenset(str(w).lower() for w in v or [])
                    for k, v in (d.get("request_verbs") or {}).items()},
                   _set(d, "precondition_verbs"), _set(d, "precondition_marks"),
                   _set(d, "offer_states"))

    def family(self, kind: str) -> str:
        """The base kind of a qualified kind ("30-day ceasefire" -> "ceasefire")."""
        for spec in self.kinds:
            if kind == spec["kind"] or kind in (spec.get("qualifiers") or {}):
                return str(spec["kind"])
        return kind

    def rank(self, kind: str) -> int:
        """Lower is more specific: qualified kinds first, then the YAML order."""
        for i, spec in enumerate(self.kinds):
            if kind in (spec.get("qualifiers") or {}):
                return i * 2
            if kind == spec["kind"]:
                return i * 2 + 1
        return 999

    def cue_words(self) -> dict[str, int]:
        """Every kind's cue words (a word outside them names no kind)."""
        self.kind(set())
        return self.__dict__["_table"][0]

    def kind(self, words: set[str]) -> str | None:
        table = self.__dict__.get("_table")
        if table is None:  # built once: cue word -> first kind listing it; qualifiers
            index: dict[str, int] = {}
            quals = []
            for i, spec in enumerate(self.kinds):
                for cue in spec.get("cues", []):
                    index.setdefault(str(cue).lower(), i)
                quals.append((str(spec["kind"]),
                              [(str(n), frozenset(str(q).lower() for q in qs))
                               for n, qs in (spec.get("qualifiers") or {}).items()]))
            table = self.__dict__["_table"] = (index, quals)
        index, quals = table
        best = min((index[w] for w in words if w in index), default=None)
        if best is None:
            return None
        name, qualifiers = quals[best]
        for qname, qwords in qualifiers:
            if words & qwords:
                return qname
        return name


@dataclass
class Found:
    proposal: Proposal
    sent: int
    key: str | None
    anchor: int
    generic: bool = False
    last: int = -1  # the latest sentence that mentions or answers it


def _words(toks: list[Token]) -> set[str]:
    return {w for t in toks for w in (lemma(t), t.lower_)}


def _ref_key(doc: Doc, ref: Ref | None) -> str | None:
    """Proposers match when they are the same actor or act for the same country."""
    if ref is None:
        return None
    ent = (doc._.entities or {}).get(ref.id or "")
    country = getattr(ent, "country", None) if ent is not None else None
    return (country or ref.id or ref.name).lower()


@Language.factory("accord_proposals", assigns=["doc._.proposals"],
                  default_config={"cues": None})
def make_proposals(nlp: Language, name: str, cues: str | None) -> ProposalExtractor:
    return ProposalExtractor(nlp, name, cues=cues)


class ProposalExtractor:
    def __init__(self, nlp: Language, name: str, *, cues: str | None = None) -> None:
        self.name = name
        self.cues = Cues.load(cues)

    def __call__(self, doc: Doc) -> Doc:
        found: list[Found] = []
        for n, sent in enumerate(sentences(doc)):
            if len(sent) > self.cues.max_tokens:  # a run-on "sentence" is no prose
                continue
            used: set[int] = set()
            responses = self._responses(doc, sent, used)
            waiting = []
            for r, obj_toks, counter_kind, conds in responses:
                target = self._target(doc, found, obj_toks, n, r)
                if target is None and conds:
                    waiting.append((r, obj_toks, conds))
                    continue
                if target is None:
                    waiting.append((r, obj_toks, conds))
                if target is not None:
                    if target.key is not None and target.key == _ref_key(doc, r.actor) \
                            and r.stance != "counter":
                        continue
                    if not any(x.stance == r.stance and x.actor and r.actor
                               and x.actor.id == r.actor.id for x in target.proposal.responses):
                        target.proposal.responses.append(r)
                    target.last = n
                    used.update(t.i for t in obj_toks)
                if counter_kind is not None and r.actor is not None:
                    new = self._new(doc, sent, n, r.actor, None, counter_kind, r.start, r.end,
                                    [])
                    new.proposal.responses.append(Response("accept", r.start, r.end, r.actor))
                    found.append(new)
            before = len(found)
            for anchor in self._anchors(doc, sent, n, used):
                self._add(doc, found, anchor)
            for r, obj_toks, conds in waiting:  # answers to an offer made in the same sentence
                kind = self.cues.kind(_words(obj_toks))
                if conds and kind is not None and r.actor is not None and not any(
                        self.cues.family(f.proposal.kind) == self.cues.family(kind)
                        for f in found):  # "would accept a truce if ...": its own offer
                    new = self._new(doc, sent, n, r.actor, None, kind, r.start, r.end, conds)
                    new.proposal.responses.append(r)
                    found.append(new)
                    continue
                target = self._target(doc, found[before:], obj_toks, n, r) or \
                    self._target(doc, found, obj_toks, n, r, fallback=True)
                if target is not None and target.key != _ref_key(doc, r.actor):
                    target.proposal.responses.append(r)
        for i, f in enumerate(found):
            f.proposal.id = f"p{i + 1}"
        doc._.proposals = [f.proposal for f in found]
        return doc

    # -- anchors
    def _anchors(self, doc: Doc, sent: Span, n: int, used: set[int]) -> list[Found]:
        c = self.cues
        out: list[Found | None] = []
        tt = tokens(doc)
        cues = c.cue_words()
        in_if = {t.i for a in (doc[i] for i in range(sent.start, sent.end)
                               if tt.dep[i] == "advcl")
                 if any(m.dep_ == "mark" and m.lower_ in c.marks for m in a.children)
                 for t in a.subtree}
        for i in range(sent.start, sent.end):
            pos = tt.pos[i]
            if pos not in ("NOUN", "VERB") or i in used or i in in_if:
                continue
            low = tt.lemma[i]
            if pos == "NOUN" and low in c.offer_nouns:
                out.append(self._from_noun(doc, sent, n, doc[i]))
            elif pos == "NOUN" and (low in cues or tt.lower[i] in cues) \
                    and (k := c.kind({low, tt.lower[i]})) is not None \
                    and (self._offered(doc[i]) or self._sponsor(doc, doc[i]) is not None):
                out.append(self._from_offered(doc, sent, n, doc[i], k))
            elif pos == "VERB" and low in c.pledges and self._promised(doc[i]):
                out.append(self._from_pledge(doc, sent, n, doc[i]))
            elif pos == "VERB" and tt.dep[i] in ("relcl", "acl") and (
                    low in ("offer", "propose") or tt.lower[i] in c.sponsoring) \
                    and self._nameable(doc[i].head):  # "a truce brokered by Qatar"
                out.append(self._from_noun(doc, sent, n, doc[i].head, proposer_tok=doc[i]))
        return [f for f in out if f is not None]

    def _offered(self, tok: Token) -> bool:
        """A kind noun under an offer verb/adjective, or talks that will begin."""
        c = self.cues
        path: list[Token] = []
        for hops, anc in enumerate(ancestors_in_sentence(tok)):
            if hops > 3:
                break
            lo = lemma(anc)
            if (anc.pos_ == "VERB" and lo in c.offer_verbs) or \
                    (anc.pos_ == "ADJ" and lo in c.offer_adjs) or \
                    (anc.pos_ == "NOUN" and lo in c.offer_states):
                return True
            if lo in c.future_talk and any(ch.dep_ == "aux" and ch.lower_ in ("will", "would")
                                           for ch in anc.children):
                return True
            # "said talks on X ... would begin": the parser leaves "begin" subjectless
            if any(ch.dep_ == "ccomp" and lemma(ch) in c.future_talk
                   and not any(g.dep_ in SUBJ for g in ch.children)
                   and any(g.dep_ == "aux" and g.lower_ in ("will", "would") for g in ch.children)
                   for ch in anc.children):
                return True
            path.append(anc)
        if self._request_verb(tok) is not None:
            return True
        if tok.dep_ in SUBJ and lemma(tok.head) in c.future_talk and any(
                ch.dep_ == "aux" and ch.lower_ in ("will", "would") for ch in tok.head.children):
            return True
        return any(ch.dep_ == "compound" and lemma(ch) in ("prisoner", "pow")
                   for ch in tok.children)

    def _nameable(self, tok: Token) -> bool:
        """An offer noun or a noun that names a kind of proposal."""
        return tok.pos_ == "NOUN" and (lemma(tok) in self.cues.offer_nouns
                                       or self.cues.kind({lemma(tok), tok.lower_}) is not None)

    def _request_verb(self, tok: Token) -> Token | None:
        """The demand that names tok, within two steps: "called on both sides to
        resume talks", "asked Trump for sanctions relief"."""
        path: list[Token] = []
        for hops, anc in enumerate(ancestors_in_sentence(tok)):
            if hops > 2:
                break
            if self._requests(anc, path):
                return anc
            path.append(anc)
        return None

    def _requests(self, tok: Token, path: list[Token] | None = None) -> bool:
        """A verb that puts a demand: "urged", "called on", "asked Trump for"
        (the particle on the verb or on the way down to the object)."""
        parts = self.cues.requests.get(lemma(tok))
        if parts is None or tok.pos_ != "VERB":
            return False
        if not parts:
            return True
        near = [*tok.children, *(path or []),  # "called for Russia to agree": a mark
                *(c for p in path or [] for c in p.children if c.dep_ == "mark")]
        return any(ch.dep_ in ("prep", "prt", "mark") and ch.lower_ in parts for ch in near)

    def _asked_of(self, tok: Token) -> bool:
        """A stance verb under a demand ("urged Russia to accept it", "called for
        Russia to reciprocate by agreeing"): asked of its subject, not done."""
        path: list[Token] = []
        below = tok
        for hops, anc in enumerate(ancestors_in_sentence(tok)):
            if hops > 3:
                break
            if below.dep_ != "conj" and self._requests(anc, path):
                return True  # "asked for X, but Y denied it": a second clause
            path.append(anc)
            below = anc
        return False

    def _nested(self, tok: Token) -> bool:
        """The complement of another stance word: in "refused to support the plan"
        the answer is the refusal, not the support."""
        h = tok.head
        return tok.dep_ == "xcomp" and h.i != tok.i and (
            (h.pos_ == "VERB" and lemma(h) in self.cues.stance_verbs)
            or (h.pos_ == "ADJ" and lemma(h) in self.cues.stance_adjs))

    def _about_other(self, tok: Token) -> bool:
        """A stance whose object names something that is no offer: "dismissed
        Putin's response", "rejected the accusations" answer no proposal."""
        c = self.cues
        for ch in tok.children:
            if ch.dep_ == "dobj" and ch.pos_ in ("NOUN", "PROPN"):
                toks = [t for t in ch.subtree if t.i <= ch.i]  # "the idea of talks" too
                toks += [t for p in ch.children if p.dep_ == "prep" and p.lower_ == "of"
                         for t in p.subtree]
                words = _words(toks)
                return not (words & (c.refs | c.offer_nouns) or c.kind(words) is not None)
        return False

    def _sponsor(self, doc: Doc, tok: Token, demonyms: bool = False) -> Ref | None:
        """The actor named in a modifier that makes the offer: "a U.S.-proposed
        ceasefire", "a Qatar-mediated truce"; with `demonyms`, also "a Chinese
        proposal" (only for offer nouns: "a Ukrainian ceasefire" is a place)."""
        for ch in tok.children:
            if ch.dep_ not in ("amod", "compound", "nmod"):
                continue
            head, sep, verb = ch.lower_.rpartition("-")
            if sep and head and verb in self.cues.sponsoring:
                s = ch.idx
                ref = ref_at(doc, s, s + len(head)) or _kb_ref(ch.text[:len(head)], s)
                if ref is not None:
                    return ref
            if ch.pos_ == "VERB" and ch.lower_ in self.cues.sponsoring:
                for g in ch.children:  # "Qatar - mediated": the name hangs on the verb
                    if g.dep_ in ("npadvmod", "compound", "nmod", "amod") and g.i < ch.i:
                        ref = ref_for(doc, g) or demonym_ref(doc, g)
                        if ref is not None:
                            return ref
            if demonyms and ch.dep_ == "amod" and ch.pos_ == "ADJ":
                ref = demonym_ref(doc, ch)
                if ref is not None:
                    return ref
        return None

    def _promised(self, tok: Token) -> bool:
        if any(ch.dep_ == "neg" for ch in tok.children):
            return False
        if not any(ch.dep_ == "aux" and ch.lower_ in ("would", "will") for ch in tok.children):
            return False
        return tok.dep_ in ("ccomp", "conj") and any(a.pos_ == "VERB" and a.dep_ == "ROOT"
                                                     for a in ancestors_in_sentence(tok))

    def _proposer(self, doc: Doc, tok: Token) -> Ref | None:
        """The subject of the governing verb; a pronoun falls back to the sayer."""
        t = tok
        for _ in range(5):
            subj = subject_of(t) if t.pos_ in ("VERB", "AUX", "ADJ") else None
            if subj is None and t.dep_ == "xcomp":  # "X were supposed to sign": raised
                subj = next((c for c in t.head.children if c.dep_ == "nsubjpass"), None)
            if subj is not None and subj.i != tok.i:
                ref = ref_for(doc, subj) or quote_speaker(doc, subj)
                if ref is not None:
                    return ref
            if t.head.i == t.i:
                return None
            t = t.head
        return None

    def _possessor(self, doc: Doc, pron: Token, tok: Token) -> Ref | None:
        """ "its offer" when the linker left the pronoun alone. The subject of the
        governing verb owns it when that verb makes the offer ("Iran repeated its
        offer"); when the verb answers it ("Tehran rejected its offer") the owner
        is another actor: the nearest compatible one named before."""
        gov = tok.head
        while gov.dep_ in ("prep", "pobj") and gov.head.i != gov.i:
            gov = gov.head
        subj = subject_of(gov) if gov.pos_ in ("VERB", "AUX", "ADJ") else None
        subj_ref = ref_for(doc, subj) if subj is not None else None
        answers = lemma(gov) in self.cues.stance_verbs
        if subj_ref is not None and not answers:
            return subj_ref
        return preceding_actor(doc, pron, exclude=subj_ref.id if subj_ref is not None else None)

    def _from_noun(self, doc: Doc, sent: Span, n: int, tok: Token,
                   proposer_tok: Token | None = None) -> Found | None:
        proposer = recipient = None
        if any(ch.dep_ == "amod" and lemma(ch) in self.cues.states for ch in tok.children):
            return None  # "in good condition": a state, not a demand
        if any(ch.dep_ in ("compound", "nummod", "amod", "nmod") and ch.ent_type_ == "DATE"
               and is_date(doc, ch) for ch in tok.children):
            return None  # "the 2015 nuclear deal": an agreement in force, not an offer
        for ch in tok.children:
            if ch.dep_ == "poss" and ch.ent_type_ not in ("DATE", "TIME"):
                proposer = ref_for(doc, ch)
                if proposer is None and ch.pos_ == "PRON":
                    proposer = self._possessor(doc, ch, tok)
            elif ch.dep_ == "prep" and ch.lower_ in ("from", "by"):
                objs = [g for g in ch.children if g.dep_ == "pobj"]
                proposer = proposer or (ref_for(doc, objs[0]) if objs else None)
            elif ch.dep_ == "prep" and ch.lower_ in ("to", "for"):
                objs = [g for g in ch.children if g.dep_ == "pobj"]
                if objs and objs[0].ent_type_ not in ("DATE", "TIME"):
                    recipient = ref_for(doc, objs[0])
            elif ch.dep_ in ("acl", "relcl") and proposer is None \
                    and (lemma(ch) in self.cues.proposing or ch.lower_ in self.cues.sponsoring):
                subj = subject_of(ch)
                if subj is not None and subj.i != tok.i:
                    proposer = ref_for(doc, subj)
            elif ch.dep_ == "compound" and proposer is None:
                proposer = ref_for(doc, ch) if ch.ent_type_ else None
        proposer = proposer or self._sponsor(doc, tok, demonyms=True)
        h = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else tok
        if proposer is None and h.dep_ in ("dobj", "nsubjpass", "attr") \
                and lemma(h.head) in self.cues.proposing | self.cues.parties:
            proposer = self._proposer(doc, h.head)
        words = _words(list(tok.subtree))
        kind = self.cues.kind(words)
        generic = kind is None or kind in self.cues.generic
        start, end = _sent_span(sent)
        conds = self._conditions(doc, sent, tok)
        return self._new(doc, sent, n, proposer, recipient, kind or "offer", start, end, conds,
                         generic=generic and not conds, anchor=tok.i,
                         terms=[_phrase(tok)])

    def _from_offered(self, doc: Doc, sent: Span, n: int, tok: Token, kind: str) -> Found:
        words = _words(list(tok.subtree)) | _words([a for a in ancestors_in_sentence(tok)][:2])
        kind = self.cues.kind(words) or kind
        start, end = _sent_span(sent)
        req = self._request_verb(tok)  # "X called for Y to hold talks": X asks
        proposer = self._sponsor(doc, tok) or self._proposer(doc, tok if req is None else req)
        return self._new(doc, sent, n, proposer, None, kind, start, end,
                         self._conditions(doc, sent, tok), anchor=tok.i, terms=[_phrase(tok)])

    def _from_pledge(self, doc: Doc, sent: Span, n: int, tok: Token) -> Found | None:
        need = self.cues.pledge_objects.get(lemma(tok))
        if need and not (_words(list(tok.subtree)) & need):
            return None  # "would cease military aid" stops support, not fire
        kind = self.cues.kind(_words(list(tok.subtree))) or self.cues.pledges[lemma(tok)]
        proposer = self._proposer(doc, tok)
        if proposer is None or proposer.inferred:
            sayer = subject_of(sent.root)
            proposer = (ref_for(doc, sayer) if sayer is not None else None) or proposer
        start, end = _sent_span(sent)
        terms = [doc_text(doc)[tok.idx:max(t.idx + len(t) for t in tok.subtree)]]
        return self._new(doc, sent, n, proposer, None, kind, start, end,
                         self._conditions(doc, sent, tok), anchor=tok.i, terms=terms)

    def _new(self, doc: Doc, sent: Span, n: int, proposer: Ref | None, recipient: Ref | None,
             kind: str, start: int, end: int, conds: list[tuple[str, int, int]],
             generic: bool = False, anchor: int = -1, terms: list[str] | None = None) -> Found:
        generic = (generic or kind in self.cues.generic) and not conds
        sent_date = _date(doc, sent.start_char, sent.end_char)
        p = Proposal(id="", kind=kind, start=start, end=end, proposer=proposer,
                     recipient=recipient, terms=list(terms or []),
                     conditions=[c[0] for c in conds],
                     condition_spans=[(c[1], c[2]) for c in conds], date=sent_date)
        return Found(p, n, _ref_key(doc, proposer), anchor, generic, n)

    def _add(self, doc: Doc, found: list[Found], new: Found) -> None:
        """Merge a mention into an earlier proposal it refers back to."""
        c = self.cues
        for old in reversed(found):
            p, q = old.proposal, new.proposal
            same_who = new.key is None or old.key is None or old.key == new.key
            family = c.family(p.kind) == c.family(q.kind)
            if (same_who and (old.sent == new.sent or new.sent - old.sent <= 1
                              and new.key is not None)) \
                    or (new.generic and (new.key is None or old.key == new.key)) \
                    or (family and new.key is None) \
                    or (family and new.key is not None and old.key == new.key
                        and c.family(p.kind) in (p.kind, q.kind)):
                for cond, span in zip(q.conditions, q.condition_spans, strict=False):
                    if cond not in p.conditions:
                        p.conditions.append(cond)
                        p.condition_spans.append(span)
                if new.sent - old.sent == 1 and not new.generic:
                    p.end = max(p.end, q.end)  # the offer told over two sentences
                if not new.generic:
                    p.terms.extend(t for t in q.terms if t not in p.terms)
                if p.proposer is None:
                    p.proposer, old.key = q.proposer, new.key
                old.last = max(old.last, new.sent)
                if (old.generic and not new.generic) or (
                        not new.generic and c.rank(q.kind) < c.rank(p.kind)):
                    p.kind, old.generic = q.kind, False
                return
        if new.generic and new.proposal.proposer is None and not new.proposal.conditions:
            return  # "under the terms of the deal": a reference to no offer told here
        found.append(new)

    # -- conditions
    def _conditions(self, doc: Doc, sent: Span, tok: Token) -> list[tuple[str, int, int]]:
        c = self.cues
        out: list[tuple[str, int, int]] = []
        clauses: list[Token] = []
        for t in sent:
            marked = t.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in c.marks
                                               for m in t.children)
            demanded = t.dep_ == "ccomp" and lemma(tok) in c.condition_nouns and any(
                a.dep_ == "aux" and a.lower_ in c.modals for a in t.children)
            if marked or demanded:
                clauses.append(t)
        for clause in clauses:
            if lemma(clause) in c.trivial and not any(ch.dep_ in ("dobj", "xcomp", "prep")
                                                      for ch in clause.children):
                continue
            out.extend(_split(doc, clause))
        tt = tokens(doc)
        for i in range(sent.start, sent.end):
            if tt.lower[i] in c.before and tt.dep[i] in ("prep", "mark"):
                out.extend(self._precondition(doc, doc[i], tok))
        low = doc_text(doc)[sent.start_char:sent.end_char].lower()
        for phrase in c.phrases:
            i = low.find(phrase)
            if i >= 0:
                s = sent.start_char + i + len(phrase)
                e = _clause_end(doc, s, sent.end_char)
                text = doc_text(doc)[s:e].strip(" ,;–-")
                if text and all(text not in o[0] and o[0] not in text for o in out):
                    s = doc_text(doc).index(text, s)
                    out.append((text, s, s + len(text)))
        return out

    def _precondition(self, doc: Doc, before: Token, tok: Token) -> list[tuple[str, int, int]]:
        """What a party asks for before it grants something: "asked for full
        denuclearization before granting any relief", "demands the release of the
        hostages before any ceasefire": the thing demanded is the condition."""
        verb, obj = before.head, None
        if verb.dep_ == "dobj" and verb.head.i != verb.i:
            verb, obj = verb.head, verb
        if verb.pos_ != "VERB" or not (lemma(verb) in self.cues.requiring
                                       or self._requests(verb)):
            return []
        if obj is None:
            parts = self.cues.requests.get(lemma(verb)) or frozenset()
            objs = [ch for ch in verb.children if ch.dep_ == "dobj"] + [
                g for ch in verb.children if ch.dep_ == "prep" and ch.lower_ in parts
                for g in ch.children if g.dep_ == "pobj"]
            obj = objs[0] if objs else None
        if obj is None or obj.i == tok.i or obj.pos_ not in ("NOUN", "PROPN"):
            return []
        skip = {t.i for t in before.subtree}
        toks = _trim([t for t in obj.subtree if t.i not in skip
                      and not (t.dep_ == "det" and t.head.i == obj.i)])
        if not toks:
            return []
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
        return [(doc_text(doc)[s:e], s, e)]

    # -- responses
    def _responses(self, doc: Doc, sent: Span, used: set[int]
                   ) -> list[tuple[Response, list[Token], str | None,
                                   list[tuple[str, int, int]]]]:
        """Stance words with their actors and objects. The objects of a stance on
        something else ("dismissed Putin's response as setting conditions") or of
        one only expected ("it is for Russia to accept it", "not the time for the
        Council to consider offering relief") go into `used`: what they name is
        spoken of, not offered."""
        c = self.cues
        out = []
        low = doc_text(doc)[sent.start_char:sent.end_char].lower()
        tt = tokens(doc)
        for i in range(sent.start, sent.end):
            stance = None
            lo, pos = tt.lemma[i], tt.pos[i]
            if pos == "VERB" and lo in c.stance_verbs:
                stance = c.stance_verbs[lo]
            elif pos == "ADJ" and lo in c.stance_adjs:
                stance = c.stance_adjs[lo]
            elif pos == "VERB" and lo == "call" and any(
                    lemma(g) in c.call_words for g in doc[i].subtree):
                stance = "reject"
            elif pos == "VERB" and lo == "meet" and any(p in low for p in c.consider_phrases):
                stance = "consider"
            if stance is None:
                continue
            tok = doc[i]
            if in_condition(tok, c.marks) is not None or self._asked_of(tok) \
                    or self._nested(tok):
                continue
            if self._about_other(tok) or any(ch.dep_ == "mark" and ch.lower_ == "for"
                                             for ch in tok.children):
                used.update(t.i for ch in tok.children if ch.dep_ in ("dobj", "prep", "xcomp")
                            for t in ch.subtree)
                continue
            if any(ch.dep_ == "neg" for ch in tok.children):
                stance = "reject" if stance == "accept" else stance
            objs = [t for ch in tok.children if ch.dep_ in ("dobj", "prep", "xcomp", "nsubjpass")
                    for t in ch.subtree]
            if tok.dep_ == "relcl":
                objs.append(tok.head)
            counter_kind = None
            conds: list[tuple[str, int, int]] = []
            if stance == "accept" and any(ch.dep_ == "aux" and ch.lower_ in ("would", "will")
                                          for ch in tok.children):
                conds = self._conditions(doc, sent, tok)  # an acceptance on conditions
            if stance == "accept" and _words(list(tok.subtree)) & c.counter:
                stance = "counter"
                counter_kind = self.cues.kind(_words(objs)) or "offer"
            subj = subject_of(tok)
            if subj is None:
                agent = [g for ch in tok.subtree if ch.dep_ == "agent" or (
                    ch.lower_ == "by" and ch.dep_ == "prep" and ch.head.i != tok.i)
                    for g in ch.children if g.dep_ == "pobj"]
                subj = agent[0] if agent else None
            actors = refs_for(doc, subj) if subj is not None else []
            if subj is not None and subj.pos_ == "PRON" and not any(actors):
                actors = [quote_speaker(doc, subj) or _sayer(doc, subj)]
            ents = doc._.entities or {}
            actors = [a for a in actors if a is None or getattr(
                ents.get(a.id or ""), "sector", "") not in c.bystanders]
            s, e = _sent_span(sent)
            for a in actors:
                if a is not None:
                    out.append((Response(stance, s, e, a, _date(doc, s, e)), objs, counter_kind,
                                conds))
        return out

    def _target(self, doc: Doc, found: list[Found], objs: list[Token], n: int,
                r: Response, fallback: bool = False) -> Found | None:
        if not found:
            return None
        words = _words(objs)
        kind = self.cues.kind(words)
        if kind in self.cues.generic:
            kind = None  # "a deal", "the offer": a reference, not a kind
        explicit = bool(words & self.cues.refs) or kind is not None
        if not explicit and r.stance not in ("counter", "reject"):
            return None  # rejections are of offers; other stances must name theirs
        if kind is not None and r.stance != "counter":
            for f in reversed(found):
                if f.proposal.kind == kind:
                    return f
            for f in reversed(found):
                if self.cues.family(f.proposal.kind) == self.cues.family(kind):
                    return f
            if not fallback:
                return None
        if "condition" in words:
            for f in reversed(found):
                if f.proposal.conditions:
                    return f
        last = max(found, key=lambda f: (f.last, f.sent))
        if explicit or n - last.last <= self.cues.window:
            return last
        return None


def _sayer(doc: Doc, pron: Token) -> Ref | None:
    """A pronoun subject of a reported clause stands for the one who reports it:
    "Israel said it was studying the proposal" (the linker leaves "it" alone)."""
    t = pron.head
    for _ in range(4):
        if t.dep_ == "ccomp" and t.head.i != t.i:
            subj = subject_of(t.head)
            if subj is None or subj.pos_ == "PRON":
                return None
            ref = ref_for(doc, subj)
            if ref is None:
                return None
            return Ref(name=ref.name, id=ref.id, start=pron.idx, end=pron.idx + len(pron),
                       inferred="reported speaker")
        if t.head.i == t.i or t.dep_ not in ("xcomp", "conj", "aux", "acomp"):
            return None
        t = t.head
    return None


def _kb_ref(name: str, start: int) -> Ref | None:
    for actor_id in active_kb().lookup(name):
        return kb_ref(actor_id, start, start + len(name), "modifier")
    return None


def _phrase(tok: Token) -> str:
    """The noun phrase up to its head, as written: "the 30-day ceasefire proposal"."""
    doc = tok.doc
    start = tok
    for child in reversed(list(tok.lefts)):
        if child.dep_ not in ("det", "poss", "compound", "amod", "nummod", "quantmod", "nmod",
                              "case", "punct"):
            break
        start = child.left_edge
    return doc_text(doc)[start.idx:tok.idx + len(tok.text)].strip(' "“”')


def _sent_span(sent: Span) -> tuple[int, int]:
    text = doc_text(sent.doc)[sent.start_char:sent.end_char]
    stripped = text.rstrip()
    start = sent.start_char + (len(stripped) - len(stripped.lstrip()))
    return start, sent.start_char + len(stripped)


def _clause_end(doc: Doc, start: int, limit: int) -> int:
    m = re.search(r"[.;!?]|,\s(?:but|and|while)\b", doc_text(doc)[start:limit])
    return start + m.start() if m else limit


def _split(doc: Doc, clause: Token) -> list[tuple[str, int, int]]:
    """A condition clause without its mark, split at coordinated verbs:
    "Kiev must not use it to supply weapons and mobilize troops" -> two."""
    toks = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head.i == clause.i)]
    verbs = [t for t in toks if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX")
             and t.head.pos_ in ("VERB", "AUX") and t.head.i != clause.i
             and not any(c.dep_ in SUBJ for c in t.children)]
    parts: list[tuple[str, int, int]] = []
    if verbs:
        first = verbs[0].head
        prefix_end = first.idx
        s0 = toks[0].idx
        cut = [first, *verbs]
        for k, v in enumerate(cut):
            nxt = cut[k + 1] if k + 1 < len(cut) else None
            sub = [t for t in v.subtree if t.i < nxt.i] if nxt else list(v.subtree)
            sub = [t for t in sub if t.i >= v.i]
            sub = _trim(sub)
            if not sub:
                continue
            s, e = sub[0].idx, sub[-1].idx + len(sub[-1])
            parts.append((doc_text(doc)[s0:prefix_end] + doc_text(doc)[s:e], s, e))
        return parts
    toks = _trim(toks)
    if not toks:
        return []
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
    return [(doc_text(doc)[s:e], s, e)]


def _trim(toks: list[Token]) -> list[Token]:
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc"):
        toks = toks[1:]
    return toks


def _date(doc: Doc, start: int, end: int) -> str | None:
    for d in doc._.dates or []:
        if d.start >= start and d.end <= end and d.value:
            return d.value
    return None
