"""accord_actors, step 4: "it" and "its" for an organisation or a country.

"It" mostly stands for a thing ("the plan ... it would"), or for nothing ("it
was decided", "it is clear that"), so it is resolved only where the subject in
focus is an organisation or a country: the subject of a clause the pronoun
hangs under ("The ministry said it would ..."), or else the subject of the
sentence before ("The group issued a statement. It said ..."). A person, a
thing or two actors in that place leave it unresolved; a person is never its
antecedent. The pronouns and the verbs that take an empty "it" are data
(`org_pronouns`, `empty_it_verbs` in actor_language.yaml)."""

from __future__ import annotations

from spacy.tokens import Span, Token

from accord.pipeline.actors.state import LinkState

_ACTOR_TYPES = ("ORG", "GPE", "NORP")
_SUBJ = ("nsubj", "nsubjpass")


def org_pronouns(run: LinkState) -> None:
    for tok in run.at_pronoun:
        if tok.lower_ not in run.c.org_pronouns or run.entity_at(tok.i) is not None:
            continue
        target = org_antecedent(run, tok)
        if target:
            run.add(tok.i, tok.i + 1, target, "pronoun")
            run.forget_positions()  # a later "it" may continue this one


def org_antecedent(run: LinkState, tok: Token) -> str | None:
    """The organisation or country "it"/"its" stands for, or None when the
    subject in focus is anything else, or when another clause above names
    another one ("The United States warned ..., as Tehran rejected its
    offer": two fit)."""
    if not _referring(run, tok):
        return None
    subjects = _focus_subjects(tok)
    if not subjects:
        return None
    found = _actor_of(run, subjects[0])
    others = {_actor_of(run, s) for s in subjects[1:]} - {None, found}
    return None if others else found


def _referring(run: LinkState, tok: Token) -> bool:
    """A possessive "its", or a subject "it" of a verb that is not one of the
    empty-"it" verbs ("it is", "it seems", "it was decided")."""
    if tok.tag_ == "PRP$" or tok.dep_ == "poss":
        return True
    if tok.dep_ != "nsubj":
        return False
    verb = tok.head
    return verb.lemma_.lower() not in run.c.empty_it_verbs and not any(
        c.dep_ in ("auxpass", "expl") for c in verb.children)


def _focus_subjects(tok: Token) -> list[Token]:
    """The subjects of the clauses above the pronoun in its sentence, nearest
    first; or else the main subject of the sentence before."""
    found = []
    head = tok.head
    while head.i != head.head.i:
        head = head.head
        subj = _subject(head, before=tok.i)
        if subj is not None:
            found.append(subj)
    if found:
        return found
    sent = tok.sent
    if sent.start == 0 or any(t.dep_ in _SUBJ and t.i < tok.i for t in sent):
        return []  # an earlier clause of its own sentence has a subject: unclear
    before = tok.doc[sent.start - 1].sent
    subj = _subject(before.root, before=before.end)
    return [subj] if subj is not None else []


def _subject(verb: Token, before: int) -> Token | None:
    for c in verb.children:
        if c.dep_ in _SUBJ and c.i < before:
            return c
    return None


def _actor_of(run: LinkState, subj: Token) -> str | None:
    """The one organisation or country a subject names: by its head, a
    resolved pronoun, or (for "Trump's administration") nothing."""
    if any(c.dep_ == "conj" for c in subj.children):
        return None  # "China and Russia ... it": two fit
    eid = run.entity_at(subj.i)
    if eid is None and subj.pos_ in ("NOUN", "PROPN"):
        eid = _compound_name(run, subj)
    if eid is None:
        return None
    ent = run.entities.get(eid)
    return eid if ent is not None and ent.type in _ACTOR_TYPES else None


def _compound_name(run: LinkState, subj: Token) -> str | None:
    """A name the head word belongs to ("the Moroccan counterterror agency"
    has none; "the Doctors Without Borders group" is the group's), written
    in lower case: a capitalised head is part of a longer name the linker did
    not take whole ("the United Nations High Commission for Refugees")."""
    span: Span = subj.doc[subj.left_edge.i:subj.i + 1]
    ids = {run.entity_at(t.i) for t in span if t.dep_ == "compound" and t.pos_ == "PROPN"}
    ids.discard(None)
    if len(ids) != 1 or not subj.is_lower or subj.lower_ not in run.c.org_heads_described:
        return None
    return ids.pop()
