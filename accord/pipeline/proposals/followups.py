"""Conditions told after the offer: what the proposer says another party
must or should do, sentences or paragraphs later, and lists after a colon.

"Putin said Russia would be ready for talks. ... He says Ukraine must withdraw
its troops" and a quote of the proposer ("You should tell the Ukrainian
leadership to stop") state the terms of the offer the proposer made before: the
clause with the modal (`demand_modals`) is a condition of the proposer's latest
proposal. A modal clause on the proposer itself ("we must be ready"), one that
asks for an answer ("Russia must accept the plan": a demand to accept, no term),
and one inside an if-clause are none. A list after a colon that closes an
obligation or a demand ("Ukraine would have to do the one thing Zelensky has
refused: territorial concessions as well as giving up Crimea", "Russia
demands: ...") gives one condition per item, to the proposal made in that
sentence or else the latest one whose proposer is not the party obliged.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from accord.model import Proposal
from accord.pipeline.common.refs import ref_for
from accord.pipeline.common.syntax import in_condition, lemma, subject_of
from accord.pipeline.common.tokens import doc_text, sentences
from accord.pipeline.proposals.conditions import whole_clause
from accord.pipeline.proposals.cues import Cues, is_request
from accord.pipeline.proposals.found import Found, noun_phrase
from accord.pipeline.proposals.proposers import ref_key, reported_by


def later_conditions(cues: Cues, doc: Doc, found: list[Found]) -> None:
    """Add to each proposal the modal clauses its proposer states after it."""
    if not any(f.key for f in found):
        return
    made = {f.sent for f in found}
    for n, sent in enumerate(sentences(doc)):
        if len(sent) > cues.max_tokens:
            continue
        _colon_list(cues, doc, sent, n, found)
        if n in made:
            continue  # where an offer is made, its own rules read its conditions
        for verb in _modal_verbs(cues, sent):
            speaker = reported_by(cues, doc, verb)
            key = ref_key(doc, speaker)
            target = _latest(found, key, n, cues.window)
            cond = whole_clause(doc, verb)
            if target is None or cond is None or not _asks_other(cues, doc, verb, key):
                continue
            add_condition(target.proposal, cond)
            target.last = max(target.last, n)


def further_terms(cues: Cues, doc: Doc, sent: Span, n: int, found: list[Found]) -> set[int]:
    """A follow-up told like a new proposal, folded into the earlier one it
    adds to: "Russia also demands that Ukraine abandon its NATO bid" (the
    proposer asks more: a condition), "It also calls for the reopening of the
    crossing" (the proposal itself says more: a term). A request or proposing
    verb with a `followup_adverbs` word whose subject is the latest proposer
    or refers to the latest proposal, within the response window. Returns the
    tokens so used, which make no proposal of their own."""
    used: set[int] = set()
    for verb in sent:
        if verb.pos_ != "VERB" or not (is_request(cues, verb)
                                       or lemma(verb) in cues.words("proposing_clauses")):
            continue
        subj = subject_of(verb)
        what = _demanded_part(cues, doc, verb)
        latest = max((f for f in found if f.sent < n and n - f.last <= cues.window),
                     key=lambda f: (f.last, f.sent), default=None)
        if subj is None or what is None or latest is None:
            continue
        names_it = subj.pos_ == "PRON" and subj.lower_ in ("it", "this") or (
            subj.pos_ == "NOUN" and not any(ch.dep_ in ("poss", "compound") for ch in subj.children)
            and lemma(subj) in cues.words("reference_nouns") | cues.words("offer_nouns"))
        if not (names_it and subj.head.i == verb.i) and not any(
                ch.dep_ == "advmod" and ch.lower_ in cues.words("followup_adverbs")
                for ch in verb.children):
            continue  # "The plan calls for a withdrawal": what the plan told before says
        key = ref_key(doc, ref_for(cues.known, doc, subj)) if not names_it else None
        if names_it:
            if what[0] not in latest.proposal.terms:
                latest.proposal.terms.append(what[0])
            span = noun_phrase(subj)
            if span not in latest.proposal.mention_spans:
                latest.proposal.mention_spans.append(span)
        elif key is not None and key == latest.key:
            add_condition(latest.proposal, what)
        else:
            continue
        latest.last = max(latest.last, n)
        used.update(t.i for t in verb.subtree)
    return used


def _demanded_part(cues: Cues, doc: Doc, verb: Token) -> tuple[str, int, int] | None:
    """What a demand asks: its that-clause (without "that"), object, or the
    object of its particle ("calls for the reopening of the crossing")."""
    parts = cues.requests.get(lemma(verb)) or frozenset()
    for ch in verb.children:
        if ch.dep_ == "ccomp":
            return whole_clause(doc, ch)
        if ch.dep_ == "dobj" and ch.pos_ in ("NOUN", "PROPN"):
            return whole_clause(doc, ch)
        if ch.dep_ == "prep" and ch.lower_ in parts:
            obj = next((g for g in ch.children if g.dep_ == "pobj"), None)
            return whole_clause(doc, obj) if obj is not None else None
    return None


ITEM_SEP = re.compile(r"\s*;\s*|,\s+(?:and\s+)?|\s+as well as\s+")


def _colon_list(cues: Cues, doc: Doc, sent: Span, n: int, found: list[Found]) -> None:
    colon = next((t for t in sent if t.text == ":" and t.i > sent.start), None)
    if colon is None:
        return
    head = next((t for t in sent if t.i < colon.i and _obliges(cues, t)), None)
    if head is None:
        return
    subj = subject_of(head)
    obliged = ref_key(doc, ref_for(cues.known, doc, subj)) if subj is not None else None
    here = [f for f in found if f.sent == n]
    target = here[-1] if here else max(
        (f for f in found if f.sent < n and n - f.last <= cues.window and f.key != obliged),
        key=lambda f: (f.last, f.sent), default=None)
    if target is None:
        return
    text = doc_text(doc)
    start, end = colon.idx + 1, sent.end_char
    for m in _items(text[start:end]):
        add_condition(target.proposal, (m[0], start + m[1], start + m[2]))
    target.last = max(target.last, n)


def _items(chunk: str) -> list[tuple[str, int, int]]:
    """The items of a list: "a, b as well as c." -> a, b, c (with offsets)."""
    out, at = [], 0
    for piece in [*ITEM_SEP.split(chunk)]:
        k = chunk.find(piece, at)
        at = k + len(piece)
        item = piece.strip().rstrip(".!?\"”’ ").strip("\"“‘ ")
        if len(item.split()) >= 2:
            b = chunk.find(item, k)
            out.append((item, b, b + len(item)))
    return out


def _obliges(cues: Cues, tok: Token) -> bool:
    """ "would have to do", "needs to", "must", a demand verb or condition noun."""
    if lemma(tok) in cues.words("obligation_verbs") and any(
            ch.dep_ == "xcomp" and any(a.lower_ == "to" for a in ch.children)
            for ch in tok.children):
        return True
    if tok.pos_ == "VERB" and any(ch.dep_ == "aux" and ch.lower_ in cues.words("demand_modals")
                                  for ch in tok.children):
        return True
    return is_request(cues, tok) or (tok.pos_ == "NOUN"
                                     and lemma(tok) in cues.words("condition_nouns"))


def add_condition(p: Proposal, cond: tuple[str, int, int]) -> None:
    text, s, e = cond
    if any(s < e2 and s2 < e for s2, e2 in p.condition_spans) or text in p.conditions:
        return  # already there, whole or in part
    p.conditions.append(text)
    p.condition_spans.append((s, e))


def _modal_verbs(cues: Cues, sent: Span) -> list[Token]:
    """Verbs under "must"/"should" that are no answer and no hypothesis."""
    out = []
    for tok in sent:
        if tok.pos_ not in ("VERB", "AUX") or not any(
                ch.dep_ == "aux" and ch.lower_ in cues.words("demand_modals")
                for ch in tok.children):
            continue
        if lemma(tok) in cues.stance_verbs:
            continue  # "Russia must accept the ceasefire": asks for an answer
        if in_condition(tok, cues.words("condition_marks")) is not None:
            continue
        out.append(tok)
    return out


def _latest(found: list[Found], key: str | None, n: int, window: int) -> Found | None:
    """The proposer's latest proposal made before sentence `n`, within `window`
    sentences of its last mention."""
    if key is None:
        return None
    mine = [f for f in found if f.key == key and f.sent < n and n - f.last <= window]
    return max(mine, key=lambda f: (f.last, f.sent), default=None)


def _asks_other(cues: Cues, doc: Doc, verb: Token, key: str | None) -> bool:
    """The clause asks another party to act: its subject is a party other than
    the speaker's ("Ukraine must withdraw") or the one addressed ("You should
    tell ..."); "we must", "talks must continue" and "the Council must be
    clear" (a state, no act) ask none."""
    if lemma(verb) == "be":
        return False
    subj = subject_of(verb)
    if subj is None:
        return False
    if subj.lower_ == "you":
        return True
    ref = ref_for(cues.known, doc, subj)
    if ref is None:  # a named party the knowledge base lacks ("the PKK")
        return subj.ent_type_ in ("ORG", "GPE", "NORP", "PERSON")
    return ref_key(doc, ref) != key
