"""Syntactic helpers of accord_events, shared with accord_proposals.

Small readings of spaCy's dependency parse: a token's lemma and nearby
lemmas, the tokens of a name or phrase and their character span, coordinated
siblings ("Kyiv, NATO and the Pentagon"), the subject of a verb through
xcomp/conj/advcl chains, a trigger's clause, and the if-clauses around it.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc, Token

SUBJ = ("nsubj", "nsubjpass", "csubj")
# Dependents that are not part of an actor's own name phrase.
_NOT_PHRASE = {"conj", "cc", "appos", "relcl", "acl", "punct", "prep", "advcl", "ccomp"}


def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def near_lemmas(tok: Token, depth: int = 2) -> set[str]:
    """Lemmas and lower-case forms of the dependents up to `depth` steps down."""
    out: set[str] = set()
    frontier = [tok]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in t.children:
                out.add(lemma(c))
                out.add(c.lower_)
                nxt.append(c)
        frontier = nxt
    return out


def span_of(doc: Doc, toks: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def phrase_tokens(tok: Token) -> list[Token]:
    """The token and its own modifiers, without coordinated or clausal parts."""
    out = [tok]
    for c in tok.children:
        if c.dep_ not in _NOT_PHRASE:
            out.extend(phrase_tokens(c))
    return out


def name_tokens(tok: Token) -> list[Token]:
    """The token and its compound/flat name parts ("Dmitri S. Peskov", "Zelenskyy's")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("compound", "flat", "case"):
            out.extend(name_tokens(c))
    return out


def coordinated(tok: Token) -> list[Token]:
    """The token and its coordinated siblings: "Kyiv, NATO and the Pentagon"."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" or (c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children)):
            out.extend(coordinated(c))
    return out



def subject_of(tok: Token) -> Token | None:
    """The subject of a verb, climbing through xcomp/conj/advcl chains."""
    seen = 0
    while tok is not None and seen < 6:
        for c in tok.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                    return tok.head  # "Ukraine, which has dealt blows": Ukraine
                return c
        for c in tok.children:  # passive: the agent is the doer
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            tok = tok.head.head  # "by holding a meeting": the verb the prep hangs on
        elif tok.dep_ in ("xcomp", "conj", "advcl", "acomp", "pcomp") and tok.head.i != tok.i:
            tok = tok.head
        elif tok.dep_ in ("acl", "relcl") and tok.head.i != tok.i:
            return tok.head if tok.dep_ == "acl" else None
        else:
            return None
        seen += 1
    return None


def subject_verb(tok: Token) -> Token:
    """The verb that carries the subject subject_of finds (climbing xcomp/conj)."""
    seen = 0
    while seen < 6 and not any(c.dep_ in ("nsubj", "csubj", "nsubjpass") for c in tok.children) \
            and tok.dep_ in ("xcomp", "conj", "advcl", "acomp", "pcomp") and tok.head.i != tok.i:
        tok = tok.head
        seen += 1
    return tok


def clause_span(tok: Token) -> tuple[int, int]:
    """The clause of a trigger: its subtree, at least its sentence's clause."""
    toks = list(tok.subtree)
    while toks and toks[-1].is_punct and len(toks) > 1:
        toks.pop()
    return span_of(tok.doc, toks)


def ancestors_in_sentence(tok: Token) -> Iterator[Token]:
    t = tok
    while t.head.i != t.i:
        t = t.head
        yield t


def in_condition(tok: Token, marks: frozenset[str]) -> Token | None:
    """The if-clause (advcl with a condition mark) that contains tok, if any."""
    for t in [tok, *ancestors_in_sentence(tok)]:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in t.children):
            return t
    return None


def has_condition(tok: Token, marks: frozenset[str]) -> list[Token]:
    """If-clauses attached to the trigger or to the verbs that govern it."""
    out = []
    for t in [tok, *ancestors_in_sentence(tok)]:
        for c in t.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks
                                         for m in c.children):
                out.append(c)
        if out:
            break
    return out
