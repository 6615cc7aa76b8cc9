"""accord_actors, coreference of described people: which named person a
description ("the military spokesperson", "the French politician") stands for
when its head word alone does not decide."""

from __future__ import annotations

from spacy.tokens import Token

from accord.pipeline.actors.state import (
    LinkState,
    _fronted_subject,
    _is_subject,
    _sentence_index,
)


def qualifiers(run: LinkState, start: int, head: Token) -> set[str]:
    """The words a description puts before its head that narrow the role
    ("military" in "the military spokesperson"), without demonyms (those are
    the country's) and without words that only place it in time or rank
    (`description_generic_modifiers`: "former", "top")."""
    return {t.lower_ for t in run.doc[start:head.i] if t.pos_ in ("ADJ", "NOUN", "PROPN")
            and not any(h == "demonym" for h in run.kb.lookup(t.text).values())
            and t.lower_ not in run.c.generic_modifiers}


def conflicts(quals: set[str], own: set[str]) -> bool:
    """A description with the person's role word but other qualifiers than
    the article gave them ("the military spokesperson" for someone introduced
    as "foreign ministry spokesperson") stands for someone else."""
    return bool(quals and own and not quals <= own)


def continued_subject(run: LinkState, head: Token, country: str | None) -> str | None:
    """A described person as a sentence's subject ("The French politician
    says ...") who fits no role the article gave anyone: the person who was the
    subject of the sentence before (or of the one before that, past a sentence
    whose subject is no person: "His remarks ..."), news continuing its
    protagonist. Unresolved when that subject is an unnamed person, two people,
    or a person of another country than a demonym in the description says."""
    if not _is_subject(head):
        return None
    doc = run.doc
    sent_i = _sentence_index(doc, head.i)
    starts: list[int] = doc.user_data.get("_accord_sent_starts") or []
    for back in range(1, 3):
        k = sent_i - back
        if not 0 <= k < len(starts):
            return None
        sent = doc[starts[k]].sent
        subjects = [t for t in sent if t.head.i == sent.root.i and _is_subject(t)
                    or _fronted_subject(t)]
        subjects += [c for t in subjects for c in t.conjuncts]  # "X and Y led the talks"
        people = {eid for t in subjects if (eid := _linked(run, t)) is not None
                  and run.entities[eid].type == "PERSON"}
        if len(people) > 1:
            return None
        if people:
            eid = people.pop()
            ent_country = run.entities[eid].country
            return None if country and ent_country and ent_country != country else eid
        if any(t.pos_ == "NOUN" and t.lemma_.lower() in run.c.role_sectors
               or t.pos_ in ("PROPN", "PRON") for t in subjects):
            return None  # an unnamed person, a name not linked, or a pronoun: unclear
    return None


def _linked(run: LinkState, tok: Token) -> str | None:
    """The entity a mention covering `tok` was linked to, however linked so far."""
    return next((m.entity_id for m in reversed(run.mentions)
                 if m.start <= tok.idx < m.end), None)
