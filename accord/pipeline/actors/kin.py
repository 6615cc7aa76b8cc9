"""accord_actors: "the younger Lai", "the elder Bush": which of a family the
bare surname means. The comparative says two relatives share the name; the
article says which is which only through kinship words ("Lai's son
Sebastien", "the son of Jimmy Lai, Sebastien"), so the younger is the one
named as someone's son or daughter, the elder the one whose son or daughter
is named (`kin_comparatives`, `kin_nouns` in actor_language.yaml). Without
such words the surname stays unlinked: the protagonist is no safe guess."""

from __future__ import annotations

from spacy.tokens import Token

from accord.pipeline.actors.state import LinkState


def comparative(run: LinkState, start: int) -> str | None:
    """The kinship side ("child", "parent") a comparative before a surname
    asks for: "the younger Lai" -> "child"."""
    doc = run.doc
    if start < 2 or doc[start - 2].lower_ != "the":
        return None
    return run.c.kin_comparatives.get(doc[start - 1].lower_)


def relative(run: LinkState, holders: set[str], side: str) -> str | None:
    """The one person on `side` of the family of `holders`, or None."""
    run.forget_positions()
    other = "parent" if side == "child" else "child"
    found = {k for h in holders for k in _kin(run, h, side)}
    found |= {h for h in holders if any(_kin(run, h, other))}
    return found.pop() if len(found) == 1 else None


def _kin(run: LinkState, holder: str, side: str) -> set[str]:
    """People named as `holder`'s relatives on `side` ("Lai's son Sebastien"),
    never an actor of the knowledge base (a son is no country)."""
    nouns = run.c.kin_nouns.get(side, set())
    out: set[str] = set()
    for tok in run.doc:
        if tok.pos_ != "NOUN" or tok.lower_ not in nouns or _owner(run, tok) != holder:
            continue
        for c in tok.children:
            eid = run.entity_at(c.i) if c.dep_ in ("appos", "compound") else None
            if eid and eid != holder and run.c.actor(eid) is None:
                out.add(eid)  # a son is a person, whatever the tagger took him for
    return out


def _owner(run: LinkState, noun: Token) -> str | None:
    for c in noun.children:
        if c.dep_ == "poss":
            return run.entity_at(c.i)
        if c.dep_ == "prep" and c.lower_ == "of":
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            return run.entity_at(obj.i) if obj is not None else None
    return None
