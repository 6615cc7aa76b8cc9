"""Modality, date and location of accord_events' events.

`_event(words, ...)` builds an Event from a trigger and its actors: whether
it is negated, hypothetical or future (auxiliaries, governing heads,
if-clauses), the type a declared, conditional or possible act takes instead,
the nearest date expression of `accord_dates`, and the place "in X".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.model import Event, Ref
from accord.pipeline.common.dates import event_date
from accord.pipeline.common.mentions import ref_at
from accord.pipeline.common.syntax import has_condition, in_condition, lemma
from accord.pipeline.common.tokens import doc_text
from accord.pipeline.events.lexicon import EventWords, Rule


def _event(w: EventWords, doc: Doc, tok: Token, rule: Rule, actor: Ref | None,
           recipient: Ref | None, start: int, end: int, verb: Token,
           modal: bool = True) -> Event:
    neg, hyp, fut = _modality(w, verb) if modal else (False, False, False)
    if verb.i != tok.i and modal:
        n2, h2, f2 = _modality(w, tok)
        neg, hyp, fut = neg or n2, hyp or h2, fut or f2
    etype = rule.type
    if neg and rule.negated:
        etype, neg = rule.negated, False
    if fut and not hyp and not neg and etype in w.declared \
            and (etype == "RETREAT" or tok.pos_ in ("VERB", "AUX")):
        etype = w.declared[etype]  # a declared, not yet done retreat: a concession
    elif hyp and not neg and etype in w.conditional \
            and (tok.pos_ == "VERB" or verb.i != tok.i) and has_condition(verb, w.marks):
        etype = w.conditional[etype]  # "if X, Russia would cease fire": an offer
    elif hyp and not neg and etype in w.possible and actor is not None \
            and any(c.dep_ == "aux" and c.lower_ in w.hyp_aux for c in tok.children):
        etype = w.possible[etype]  # "Beijing hinted it could retaliate": a threat
    if recipient is not None and actor is not None and (recipient.id or recipient.name) \
            == (actor.id or actor.name):
        recipient = None
    date = event_date(doc, start, end, tok)
    return Event(etype, start, end, mode=rule.mode, actor=actor, recipient=recipient,
                 date=date.value if date else None,
                 date_text=doc_text(doc)[date.start:date.end] if date else None,
                 location=_location(w, doc, verb, tok), negated=neg, hypothetical=hyp,
                 future=fut, trigger=tok.text, trigger_start=tok.idx,
                 trigger_end=tok.idx + len(tok.text))


def _modality(w: EventWords, tok: Token) -> tuple[bool, bool, bool]:
    neg = hyp = fut = False
    chain = [tok]
    t = tok
    while t.dep_ in ("xcomp", "acomp", "conj", "pcomp", "prep", "pobj") and t.head.i != t.i:
        t = t.head
        chain.append(t)
    for t in chain:
        for c in t.children:
            low = c.lower_
            if c.dep_ == "neg" or (c.dep_ == "det" and low == "no"):
                neg = True
            elif c.dep_ == "advmod" and any(g.dep_ == "neg" for g in c.children):
                neg = True  # "no longer recognize"
            elif c.dep_ == "aux":
                if low in w.future_aux:
                    fut = True
                elif low in w.hyp_aux:
                    hyp = True
                elif low in w.would:
                    fut = True
        if lemma(t) in w.future_heads and t.i != tok.i:
            fut = True
        if lemma(t) in w.hyp_heads and t.i != tok.i:
            hyp = True
    if tok.dep_ == "pobj" and lemma(tok.head.head) in w.hyp_heads:
        hyp = True
    if has_condition(tok, w.marks) or in_condition(tok, w.marks) is not None:
        hyp, fut = True, False
    return neg, hyp, fut


def _location(w: EventWords, doc: Doc, verb: Token, tok: Token) -> Ref | None:
    for t in (tok, verb):
        for c in t.children:
            if c.dep_ == "prep" and c.lower_ == "in":
                for g in c.children:
                    if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC"):
                        ent = next(e for e in doc.ents if e.start <= g.i < e.end)
                        return ref_at(doc, ent.start_char, ent.end_char) or Ref(
                            name=ent.text, start=ent.start_char, end=ent.end_char)
    return None
