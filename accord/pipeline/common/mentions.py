"""Where the actors linked by accord_actors are mentioned, for every other
component: the mentions inside a span (`mentions_in`) and the actor a span
refers to (`ref_at`), as Refs that point at the text."""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Doc, Token

from accord.model import Mention, Ref

__all__ = ["INFERRED_VIA", "covering", "entity_ref", "mentions_in", "ref_at"]

# How a mention was linked, and whether a Ref made from it says it was inferred.
INFERRED_VIA = {"pronoun", "description", "title"}

def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


# The starts of the last document's mentions (sorted by start in finish()),
# so that every lookup is a bisection rather than a scan of the document.
_STARTS: tuple[list[Mention], int, list[int]] | None = None


def mentions_in(doc: Doc, start: int, end: int) -> list[Mention]:
    """All linked mentions inside the char span [start, end), in text order."""
    global _STARTS
    mentions = doc._.mentions or []
    if _STARTS is None or _STARTS[0] is not mentions or _STARTS[1] != len(mentions):
        _STARTS = (mentions, len(mentions), [m.start for m in mentions])
    out = []
    for m in mentions[bisect_left(_STARTS[2], start):]:
        if m.start >= end:
            break
        if m.end <= end:
            out.append(m)
    return out


def covering(doc: Doc, tok: Token) -> Ref | None:
    """The actor of a name mention that holds `tok` though it runs past the
    token's own phrase ("Doctors Without Borders": the parser hangs "Without
    Borders" on "Doctors" as a preposition)."""
    for m in mentions_in(doc, max(0, tok.idx - 200), tok.idx + len(tok.text) + 200):
        if m.start <= tok.idx < m.end and m.via not in INFERRED_VIA:
            return entity_ref(doc, m.entity_id, m.start, m.end)
    return None


def entity_ref(doc: Doc, entity_id: str, start: int, end: int,
               inferred: str | None = None) -> Ref:
    """A Ref to entity `entity_id` pointing at the text [start, end)."""
    ent = (doc._.entities or {}).get(entity_id)
    return Ref(name=ent.name if ent else doc.text[start:end], id=entity_id,
               start=start, end=end, inferred=inferred)


def ref_at(doc: Doc, start: int, end: int) -> Ref | None:
    """The actor mentioned within [start, end), as a Ref.

    Of several mentions, a person's name beats an organisation or place in the
    same phrase ("foreign ministry spokesperson Abdul Balkhi", "lecturer Ana
    Ruiz of Madrid's Carlos III University": the others are affiliations).
    Then the syntactic head of the span wins (the one closest to the root of
    the dependency tree); at equal depth a possessor beats a compound modifier
    ("his U.N. mission" is his country's), then the longest, then the first.
    A pronoun or description resolves to its antecedent's entity; the Ref
    points at the pronoun and says `inferred="pronoun"`.
    """
    found = mentions_in(doc, start, end)
    if not found:
        return None
    ents = doc._.entities or {}

    def person(m: Mention) -> bool:
        ent = ents.get(m.entity_id)
        return ent is not None and ent.type == "PERSON" and m.via not in INFERRED_VIA

    people = any(person(m) for m in found) and any(
        m.entity_id in ents and ents[m.entity_id].type in ("ORG", "GPE", "LOC", "NORP")
        for m in found)

    def rank(m: Mention) -> tuple[int, int, int, int, int]:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        depth = _depth(span.root) if span is not None else 99
        poss = 0 if span is not None and span.root.dep_ == "poss" else 1
        return (0 if people and person(m) else 1), depth, poss, -(m.end - m.start), m.start

    best = min(found, key=rank)
    return entity_ref(doc, best.entity_id, best.start, best.end,
                      inferred=best.via if best.via in INFERRED_VIA else None)
