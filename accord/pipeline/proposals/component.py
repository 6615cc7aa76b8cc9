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

The lexicon lives in `cues`, the offers told by a noun in `anchors` and by a
verb or an adjective in `acts` (both make a `found.Found`), the conditions in
`conditions`, the responses in `answers`, what is told after the offer in
`followups`; this module runs them over each sentence and merges what refers
back to one proposal.
"""

from __future__ import annotations

import dataclasses

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from accord.kb import KB
from accord.model import Proposal, Response
from accord.pipeline.common.knowledge import ACTORS_LOADER, Known
from accord.pipeline.common.refs import demonym_ref, ref_for
from accord.pipeline.common.syntax import lemma
from accord.pipeline.common.tokens import doc_text, sentences
from accord.pipeline.proposals.anchors import anchors
from accord.pipeline.proposals.answers import responses
from accord.pipeline.proposals.cues import Cues, token_words
from accord.pipeline.proposals.followups import add_condition, further_terms, later_conditions
from accord.pipeline.proposals.found import Found, new_found, noun_phrase
from accord.pipeline.proposals.proposers import between, ref_key

__all__ = ["Cues", "Found", "ProposalExtractor", "make_proposals"]


@Language.factory("accord_proposals", assigns=["doc._.proposals"],
                  requires=["doc._.entities", "doc._.mentions", "doc._.dates", "doc._.quotes",
                            "token.dep", "token.lemma", "doc.sents"],
                  default_config={"kb": {"@misc": ACTORS_LOADER, "extra": None},
                                  "cues": {"@misc": "accord.proposal_cues.v1", "path": None}})
def make_proposals(nlp: Language, name: str, kb: KB, cues: Cues) -> ProposalExtractor:
    return ProposalExtractor(nlp, name, kb=kb, cues=cues)


class ProposalExtractor:
    def __init__(self, nlp: Language, name: str, *, kb: KB, cues: Cues) -> None:
        self.name = name
        self.cues = dataclasses.replace(cues, known=Known.of(kb))

    def __call__(self, doc: Doc) -> Doc:
        found: list[Found] = []
        for n, sent in enumerate(sentences(doc)):
            if len(sent) > self.cues.max_tokens:  # a run-on "sentence" is no prose
                continue
            used = further_terms(self.cues, doc, sent, n, found)
            answers = responses(self.cues, doc, sent, used)
            waiting = []
            for r, obj_toks, counter_kind, conds in answers:
                if self._offered_here(obj_toks):  # "a deal, which Trump rejected": this one
                    waiting.append((r, obj_toks, conds))
                    continue
                target = self._target(doc, found, obj_toks, n, r)
                if target is None and conds:
                    waiting.append((r, obj_toks, conds))
                    continue
                if target is None:
                    waiting.append((r, obj_toks, conds))
                if target is not None:
                    if conds and r.stance == "accept" and _said_by(doc, r, target.key):
                        for cond in conds:  # "If ..., he's always willing to do that"
                            add_condition(target.proposal, cond)
                        continue
                    if target.key is not None and target.key == ref_key(doc, r.actor) \
                            and r.stance != "counter":
                        continue
                    if not any(x.stance == r.stance and x.actor and r.actor
                               and x.actor.id == r.actor.id for x in target.proposal.responses):
                        target.proposal.responses.append(r)
                    if counter_kind is None:  # a counter's words name its own offer
                        _mention(target.proposal, _phrase_span(self.cues, obj_toks))
                    target.last = n
                    used.update(t.i for t in obj_toks)
                if counter_kind is not None and r.actor is not None and target is not None:
                    # a counter answers an offer told before: "Najib instead accepted
                    # Chinese funding" with none told counters nothing
                    new = new_found(self.cues, doc, sent, n, r.actor, None, counter_kind,
                                    r.start, r.end, [])
                    _mention(new.proposal, _phrase_span(self.cues, obj_toks))
                    new.proposal.responses.append(Response("accept", r.start, r.end, r.actor))
                    found.append(new)
            before = len(found)
            for anchor in anchors(self.cues, doc, sent, n, used):
                self._add(doc, found, anchor)
            for r, obj_toks, conds in waiting:  # answers to an offer made in the same sentence
                kind = self.cues.kind(token_words(obj_toks))
                if conds and kind is not None and r.actor is not None and not any(
                        self.cues.family(f.proposal.kind) == self.cues.family(kind)
                        for f in found):  # "would accept a truce if ...": its own offer
                    new = new_found(self.cues, doc, sent, n, r.actor, None, kind, r.start, r.end,
                                    conds)
                    new.proposal.responses.append(r)
                    found.append(new)
                    continue
                target = self._target(doc, found[before:], obj_toks, n, r) or \
                    self._target(doc, found, obj_toks, n, r, fallback=True)
                if target is not None and target.key != ref_key(doc, r.actor):
                    target.proposal.responses.append(r)
                elif target is None and (told := self._answered(doc, sent, n, r, obj_toks)):
                    found.append(told)
        later_conditions(self.cues, doc, found)
        for i, f in enumerate(found):
            f.proposal.id = f"p{i + 1}"
            f.proposal.mention_spans.sort()
        doc._.proposals = [f.proposal for f in found]
        return doc

    def _offered_here(self, objs: list[Token]) -> bool:
        """An answer told in a relative clause of an offer named in the same
        sentence ("proposed a tariff deal, which Trump rejected"): it answers
        that offer, not one told before."""
        if not objs or (len(objs) > 1 and objs[-1].i > objs[-2].i):
            return False  # the answers' own head noun comes last, out of order
        t = objs[-1]
        if t.pos_ != "NOUN" or not any(ch.dep_ == "relcl" for ch in t.children):
            return False
        for _ in range(3):  # "a tariff deal on industrial goods, which": the deal
            if lemma(t) in self.cues.words("offer_nouns") or self.cues.noun_kind(t) is not None:
                return True
            if t.dep_ != "pobj" or t.head.dep_ != "prep" or t.head.head.pos_ != "NOUN":
                return False
            t = t.head.head
        return False

    def _add(self, doc: Doc, found: list[Found], new: Found) -> None:
        """Merge a mention into an earlier proposal it refers back to."""
        old = self._told_by_answer(doc, found, new) or next(
            (old for old in reversed(found) if self._refers(old, new)), None)
        if old is not None:
            self._merge(old, new)
        elif not (new.generic and new.proposal.proposer is None
                  and not new.proposal.conditions):
            found.append(new)  # not "under the terms of the deal": no offer told here

    def _refers(self, old: Found, new: Found) -> bool:
        """`new` is a later mention of `old`: the same proposer close by, the
        same parties, a generic reference, or the same kind of offer."""
        c = self.cues
        p, q = old.proposal, new.proposal
        unknown = old.key is None and not old.answered_only
        same_who = new.key is None or unknown or old.key == new.key
        family = c.family(p.kind) == c.family(q.kind)
        return (same_who and (old.sent == new.sent or new.sent - old.sent <= 1
                              and new.key is not None)) \
            or (bool(new.parties) and new.parties == old.parties) \
            or (new.generic and (new.key is None or old.key == new.key)) \
            or (family and (new.key is None or old.answered_only)) \
            or (family and new.key is not None and old.key == new.key
                and c.family(p.kind) in (p.kind, q.kind))

    @staticmethod
    def _told_by_answer(doc: Doc, found: list[Found], new: Found) -> Found | None:
        """ "Rubio led talks to reach the agreement": a definite reference by a
        named party, where the offer the article last spoke of is one known
        only by its answer ("Ukraine had agreed to a ceasefire"): that offer,
        now with its proposer ("a minerals deal", "Trump's proposal" are others)."""
        left = list(doc[new.anchor].lefts) if new.anchor >= 0 else []
        if not new.generic or new.key is None or [t.lower_ for t in left] != ["the"]:
            return None  # only a bare "the agreement", "the deal" refers back
        told = max((f for f in found if f.answered_only), key=lambda f: f.last, default=None)
        mine = max((f.last for f in found if f.key == new.key), default=-1)
        return told if told is not None and told.last > mine else None

    def _merge(self, old: Found, new: Found) -> None:
        c = self.cues
        p, q = old.proposal, new.proposal
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
            old.answered_only = old.answered_only and new.key is None
        for span in q.mention_spans:
            _mention(p, span)
        old.last = max(old.last, new.sent)
        if (old.generic and not new.generic) or (
                not new.generic and c.rank(q.kind) < c.rank(p.kind)):
            p.kind, old.generic = q.kind, False

    def _answered(self, doc: Doc, sent: Span, n: int, r: Response,
                  objs: list[Token]) -> Found | None:
        """A proposal known only by its answer: "Ukraine had agreed to a 30-day
        ceasefire" tells of a ceasefire offered to Ukraine by someone the
        article may name later ("the U.S. proposal" then fills the proposer)
        or never. Only an answer given (not "would accept") whose object names
        a kind of its own."""
        inside = {t.i for t in objs}
        tops = [t for t in objs if t.head.i not in inside]
        verb = tops[0].head if tops else None
        if r.actor is None or r.stance == "counter" or verb is None \
                or lemma(verb) not in self.cues.words("answer_verbs") \
                or any(ch.dep_ == "aux" and ch.tag_ == "MD" for ch in verb.children):
            return None  # "would accept a truce": no offer made yet
        named = tops + [g for t in tops if t.dep_ == "prep" for g in t.children
                        if g.dep_ == "pobj"]  # "agreed to a truce", not "the results of talks"
        head = next((t for t in named if t.pos_ == "NOUN"
                     and self.cues.kind({lemma(t), t.lower_}) is not None), None)
        kind = self.cues.kind(token_words(objs))
        if kind is None or kind in self.cues.words("generic_kinds") or head is None:
            return None
        told = new_found(self.cues, doc, sent, n, None, r.actor, kind, r.start, r.end, [],
                         anchor=head.i, terms=[doc_text(doc)[slice(*noun_phrase(head))]])
        told.proposal.responses.append(r)
        told.answered_only = True
        return told

    def _target(self, doc: Doc, found: list[Found], objs: list[Token], n: int,
                r: Response, fallback: bool = False) -> Found | None:
        parties = [between(self.cues, doc, t) for t in objs if t.pos_ == "NOUN"]
        owner = next((ref_key(doc, p[0]) for p in parties if p), None)
        if owner is not None:  # "a planned deal between Britain and Mauritius": Britain's
            found = [f for f in found if f.key == owner or owner in f.parties]
        named = {ref_key(doc, ref_for(self.cues.known, doc, ch)
                         or demonym_ref(self.cues.known, doc, ch)) for t in objs
                 if t.pos_ == "NOUN" for ch in t.children
                 if (ch.dep_ in ("poss", "compound") and ch.ent_type_) or ch.dep_ == "amod"}
        mine = [f for f in found if f.key is not None and f.key in named]
        if mine:  # "the U.S. ceasefire proposal", "Kyiv's offer": that party's
            found = mine
        if not found:
            return None
        words = token_words(objs)
        kind = self.cues.kind(words)
        if kind in self.cues.words("generic_kinds"):
            kind = None  # "a deal", "the offer": a reference, not a kind
        explicit = bool(words & self.cues.words("reference_nouns")) or kind is not None
        if not objs and r.stance == "consider":  # "Israel has yet to respond": to
            last = max(found, key=lambda f: (f.last, f.sent))  # what was just told
            return last if n - last.last <= 1 else None
        if not explicit and r.stance not in ("counter", "reject"):
            return None  # rejections are of offers; other stances must name theirs
        if kind is not None and r.stance != "counter":
            for f in reversed(found):
                if f.proposal.kind == kind:
                    return f
            for f in reversed(found):  # "a ceasefire" answers "the 30-day ceasefire",
                # "an air and sea ceasefire" does not
                if self.cues.family(f.proposal.kind) == self.cues.family(kind) and (
                        self.cues.family(kind) in (kind, f.proposal.kind)):
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


def _said_by(doc: Doc, r: Response, key: str | None) -> bool:
    """The answer is the proposer's own word: its actor, or the speaker of a
    quotation in its sentence, is the proposer."""
    if key is None:
        return False
    if ref_key(doc, r.actor) == key:
        return True
    return any(q.start < r.end and r.start < q.end and ref_key(doc, q.speaker) == key
               for q in doc._.quotes or [])


def _phrase_span(cues: Cues, toks: list[Token]) -> tuple[int, int] | None:
    """The words that name a proposal in an answer ("the proposal", "it"),
    also as the object of a preposition ("responded to the offer", not "for years")."""
    inside = {t.i for t in toks}
    head = next((t for t in toks if t.head.i not in inside or t.head.i == t.i), None)
    if head is not None and head.dep_ in ("prep", "dative"):
        head = next((g for g in head.children if g.dep_ == "pobj" and (
            g.pos_ == "PRON" or lemma(g) in cues.words("reference_nouns")
            or cues.noun_kind(g) is not None)), None)
    if head is None or head.pos_ not in ("NOUN", "PROPN", "PRON"):
        return None
    return noun_phrase(head)


def _mention(p: Proposal, span: tuple[int, int] | None) -> None:
    if span is not None and span not in p.mention_spans:
        p.mention_spans.append(span)
