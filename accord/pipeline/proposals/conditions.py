"""The conditions of a proposal: what its proposer requires first.

The if-clauses ("if", "unless", "once", "provided" and a bare "provided" the
parser took for a verb; "only if" without its adverb), the condition phrases
("on condition that", "as long as", "in exchange for", each ending with its
object or the clause it marks), the "that X must ..." clauses of a condition
noun, and the things demanded "before" something is granted, split where
coordinated. Read by the anchors (`proposal_anchors`), the answers
(`proposal_answers`) and the follow-ups (`proposal_followups`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from accord.pipeline.common.syntax import SUBJ, lemma
from accord.pipeline.common.tokens import doc_text, tokens
from accord.pipeline.proposals.cues import Cues, is_request

__all__ = ["conditional", "conditions", "if_clause", "marked_by_verb", "split_clause",
           "whole_clause"]


def conditions(cues: Cues, doc: Doc, sent: Span, tok: Token) -> list[tuple[str, int, int]]:
    """The conditions in `sent` on what `tok` offers or accepts, as (text, start, end)."""
    out: list[tuple[str, int, int]] = []
    clauses: list[Token] = []
    for t in sent:
        marked = t.dep_ in ("advcl", "conj") and conditional(cues, t)  # "but only if X": conj
        demanded = t.dep_ == "ccomp" and lemma(tok) in cues.words("condition_nouns") and any(
            a.dep_ == "aux" and a.lower_ in cues.words("demand_modals") for a in t.children)
        if marked or demanded:
            clauses.append(t)

    for clause in clauses:
        if lemma(clause) in cues.words("trivial_condition_verbs") and not any(
                ch.dep_ in ("dobj", "xcomp", "prep") for ch in clause.children):
            continue
        if any(ch.dep_ == "acomp" and lemma(ch) in cues.words("trivial_condition_states")
               for ch in clause.children):
            continue  # "if they are sincere": a challenge, no condition
        out.extend(split_clause(doc, clause))
    for t in sent:
        if _verb_mark(cues, t):
            s = t.nbor(1).idx
            e = _clause_end(doc, s, sent.end_char)
            text = doc_text(doc)[s:e].strip(" ,;–-")
            if text and not any(o[1] < s + len(text) and s < o[2] for o in out):
                out.append((text, s, s + len(text)))
    out.extend(c for c in _listed(cues, doc, tok) if c not in out)
    tt, before = tokens(doc), cues.words("precondition_marks")
    for i in range(sent.start, sent.end):
        if tt.lower[i] in before and tt.dep[i] in ("prep", "mark"):
            out.extend(_precondition(cues, doc, doc[i], tok))
    low = doc_text(doc)[sent.start_char:sent.end_char].lower()
    for phrase in cues.phrases:
        i = low.find(phrase)
        if i >= 0:
            s = sent.start_char + i + len(phrase)
            e = min(_clause_end(doc, s, sent.end_char),
                    _phrase_end(doc, sent, sent.start_char + i, s))
            text = doc_text(doc)[s:e].strip(" ,;–-")
            if text and all(text not in o[0] and o[0] not in text
                            and not (o[1] < e and s < o[2]) for o in out):
                s = doc_text(doc).index(text, s)
                out.append((text, s, s + len(text)))
    return out


def conditional(cues: Cues, clause: Token) -> bool:
    """A clause led by a condition mark ("if", "unless"), or by a mark that
    conditions only after "only" ("only after Armenia changed its
    constitution", "only when"; a plain "after the summit" tells a time)."""
    marks = _marks(clause)
    return any(m.lower_ in cues.words("condition_marks") for m in marks) or any(
        m.lower_ in cues.words("narrowed_marks") and any(
            a.dep_ == "advmod" and a.lower_ == "only" and a.i < m.i
            for a in (*clause.children, *m.children))
        for m in marks)


def marked_by_verb(cues: Cues, doc: Doc, sent: Span) -> set[int]:
    """The tokens of the conditions led by a mark the parser took for a verb
    ("provided the talks are led by the African Union"): no offer is made there."""
    out: set[int] = set()
    for t in sent:
        if _verb_mark(cues, t):
            end = _clause_end(doc, t.nbor(1).idx, sent.end_char)
            out |= {u.i for u in sent if t.i < u.i and u.idx < end}
    return out


def _listed(cues: Cues, doc: Doc, tok: Token) -> list[tuple[str, int, int]]:
    """What a condition noun's verb lists: "Russia's conditions are a neutral
    Ukraine and the lifting of sanctions", "Iran's demands include ..." (one
    condition per coordinated item, `listing_verbs`)."""
    if lemma(tok) not in cues.words("condition_nouns") or tok.dep_ != "nsubj" \
            or lemma(tok.head) not in cues.words("listing_verbs"):
        return []
    first = next((ch for ch in tok.head.children if ch.dep_ in ("dobj", "attr")), None)
    items, t = [], first
    while t is not None:
        items.append(t)
        t = next((ch for ch in t.children if ch.dep_ == "conj"), None)
    out = []
    for item in items:
        skip = {u.i for ch in item.children if ch.dep_ in ("conj", "cc") for u in ch.subtree}
        toks = _trim([u for u in item.subtree if u.i not in skip])
        if toks:
            s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
            out.append((doc_text(doc)[s:e], s, e))
    return out


def _verb_mark(cues: Cues, tok: Token) -> bool:
    """A condition mark the parser took for a verb: "would withdraw provided the
    army stops" ("provided" with no subject, auxiliary or agent of its own;
    not "the aid provided by Japan", "Japan has provided aid")."""
    if tok.lower_ not in cues.words("condition_marks") or tok.pos_ != "VERB" \
            or tok.i + 1 >= tok.sent.end or tok.dep_ in ("acl", "relcl", "amod") \
            or tok.nbor(1).lower_ == "that":  # "provided that": a condition phrase
        return False
    return not any(ch.dep_ in (*SUBJ, "nsubjpass", "aux", "auxpass", "agent")
                   or (ch.dep_ == "prep" and ch.lower_ in ("by", "with"))
                   for ch in tok.children)


def _precondition(cues: Cues, doc: Doc, before: Token, tok: Token) -> list[tuple[str, int, int]]:
    """What a party asks for before it grants something: "asked for full
    denuclearization before granting any relief", "demands the release of the
    hostages before any ceasefire": the thing demanded is the condition."""
    verb, obj = before.head, None
    if verb.dep_ == "dobj" and verb.head.i != verb.i:
        verb, obj = verb.head, verb
    if verb.dep_ == "ccomp" and verb.pos_ == "VERB" and _demanding(cues, verb.head):
        # "demanded that Ukraine withdraw its forces before any talks": the clause
        skip = {t.i for t in before.subtree}
        toks = _trim([t for t in verb.subtree if t.i not in skip and not _lead(t, verb)])
        if not toks or verb.head.i == tok.i:
            return []
        s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
        return [(doc_text(doc)[s:e], s, e)]
    if not _demanding(cues, verb):
        return []
    if obj is None:
        parts = cues.requests.get(lemma(verb)) or frozenset()
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


def _demanding(cues: Cues, verb: Token) -> bool:
    return verb.pos_ == "VERB" and (lemma(verb) in cues.words("precondition_verbs")
                                    or is_request(cues, verb))


def if_clause(clause: Token) -> list[Token]:
    """The tokens of a conditional clause, up to a ", then" that opens the main
    clause the parser may have hung inside it: "If they are sincere, then they
    must return to talks" (the demand is not part of the condition)."""
    toks = list(clause.subtree)
    for k in range(1, len(toks)):
        if toks[k].lower_ == "then" and toks[k - 1].lower_ in (",", ";") \
                and toks[k].i > clause.i:
            return toks[:k - 1]
    return toks


def split_clause(doc: Doc, clause: Token) -> list[tuple[str, int, int]]:
    """A condition clause without its mark, split at coordinated verbs:
    "Kiev must not use it to supply weapons and mobilize troops" -> two."""
    toks = _trim([t for t in if_clause(clause) if not _lead(t, clause)])
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


def whole_clause(doc: Doc, clause: Token) -> tuple[str, int, int] | None:
    """A clause without its mark and outer punctuation, unsplit."""
    toks = _trim([t for t in clause.subtree if not _lead(t, clause)])
    if not toks:
        return None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
    return doc_text(doc)[s:e], s, e


def _marks(clause: Token) -> list[Token]:
    """The words that lead a clause in: its marks, and a "when" the parser
    makes an adverb."""
    return [m for m in clause.children
            if m.dep_ == "mark" or (m.dep_ == "advmod" and m.tag_ == "WRB" and m.i < clause.i)]


def _lead(tok: Token, clause: Token) -> bool:
    """The mark that leads a clause in, with an adverb before it that only
    narrows it ("only if", "even if", "just once", "only when")."""
    marks = _marks(clause)
    if tok.head.i != clause.i:
        return any(tok.head.i == m.i and tok.i < m.i for m in marks)  # "only" on "when"
    return any(tok.i == m.i for m in marks) or (tok.dep_ == "advmod" and any(
        tok.i < m.i for m in marks))


def _trim(toks: list[Token]) -> list[Token]:
    while toks and (toks[-1].is_punct or toks[-1].dep_ == "cc"):
        toks = toks[:-1]
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc"):
        toks = toks[1:]
    return toks


def _phrase_end(doc: Doc, sent: Span, lead: int, start: int) -> int:
    """Where the words after a condition phrase end: the object of its last
    word ("in return for the release of 33 hostages, officials said" ends at
    "hostages") or the clause it marks ("as long as Washington lifts all
    sanctions first, Iran said")."""
    last = next((t for t in reversed(sent) if lead <= t.idx < start), None)
    if last is None:
        return sent.end_char
    if last.dep_ in ("prep", "agent") and any(ch.dep_ == "pobj" for ch in last.children):
        edge = last.right_edge
    elif last.head.i > last.i:  # a mark: the clause it leads
        edge = last.head.right_edge
    else:
        return sent.end_char
    return edge.idx + len(edge)


def _clause_end(doc: Doc, start: int, limit: int) -> int:
    m = re.search(r"[.;!?]|,\s(?:but|and|while)\b", doc_text(doc)[start:limit])
    return start + m.start() if m else limit
