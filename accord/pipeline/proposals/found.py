"""A proposal found in a sentence, before the extractor merges what refers back.

`Found` holds the `Proposal` with what merging needs to know (the proposer's
key, the anchor token, whether it only names a generic kind, the parties of a
deal); `new_found` makes one dated by its sentence; `noun_phrase` is the span a
mention takes; `in_force` tells a deal already in force, no offer.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from accord.model import Proposal, Ref
from accord.pipeline.common.syntax import ancestors_in_sentence, lemma
from accord.pipeline.proposals.cues import Cues, date_within
from accord.pipeline.proposals.proposers import ref_key

__all__ = ["Found", "in_force", "new_found", "noun_phrase"]


@dataclass
class Found:
    proposal: Proposal
    sent: int
    key: str | None
    anchor: int
    generic: bool = False
    last: int = -1  # the latest sentence that mentions or answers it
    parties: frozenset[str] = frozenset()  # "a deal between X and Y": both keys
    answered_only: bool = False  # known by an answer, its proposer not yet named


def new_found(cues: Cues, doc: Doc, sent: Span, n: int, proposer: Ref | None,
              recipient: Ref | None, kind: str, start: int, end: int,
              conds: list[tuple[str, int, int]], generic: bool = False, anchor: int = -1,
              terms: list[str] | None = None) -> Found:
    """A proposal found in sentence `n`, dated by the sentence."""
    generic = (generic or kind in cues.words("generic_kinds")) and not conds
    sent_date = date_within(doc, sent.start_char, sent.end_char)
    p = Proposal(id="", kind=kind, start=start, end=end, proposer=proposer,
                 recipient=recipient, terms=list(terms or []),
                 conditions=[c[0] for c in conds],
                 condition_spans=[(c[1], c[2]) for c in conds], date=sent_date)
    if anchor >= 0:
        tok = doc[anchor]
        named = tok if tok.pos_ in ("NOUN", "PROPN") else next(
            (ch for ch in tok.children if ch.dep_ == "dobj" and ch.pos_ == "NOUN"), None)
        if named is not None:
            p.mention_spans.append(noun_phrase(named))
    return Found(p, n, ref_key(doc, proposer), anchor, generic, n)


def in_force(cues: Cues, tok: Token) -> bool:
    """A deal its relative clause says is in force: "a free trade agreement
    with Mauritius that went into effect in 2021", "which took effect",
    "that entered into force" (`in_force_nouns`): no offer any more."""
    for t in tok.subtree:
        if t.lower_ not in cues.words("in_force_nouns") or not (
                (t.dep_ == "pobj" and t.head.lower_ in ("into", "in"))
                or (t.dep_ == "dobj" and lemma(t.head) == "take")):
            continue
        clause = next((a for a in ancestors_in_sentence(t) if a.dep_ in ("relcl", "acl")
                       and a.i > tok.i and tok.is_ancestor(a)), None)
        if clause is not None and not any(ch.dep_ == "aux" and ch.tag_ == "MD"
                                          for ch in clause.children):
            return True  # not "that would come into force next year": still an offer
    return False


def noun_phrase(tok: Token) -> tuple[int, int]:
    """The anchor word with what modifies it before ("Putin's ceasefire offer")."""
    left = tok
    for ch in tok.children:
        if ch.i < tok.i and ch.dep_ in ("det", "poss", "amod", "compound", "nummod", "nmod"):
            left = min(left, ch.left_edge, key=lambda t: t.i)
    return left.idx, tok.idx + len(tok.text)
