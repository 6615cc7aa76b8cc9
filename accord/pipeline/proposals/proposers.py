"""Who makes a proposal: the actor a mention, a modifier or a clause names.

Shared by the anchors (`proposal_anchors`) and the follow-ups
(`proposal_followups`): the key by which two proposers are the same party, the
sponsor in "a U.S.-proposed ceasefire", the subject of the governing verb, the
owner of "its offer", the one who reports an offer ("O'Brien said the president
would meet Kim if ..."), and the parties of "a deal between Britain and
Mauritius".
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.model import Ref
from accord.pipeline.common.mentions import ref_at
from accord.pipeline.common.refs import (
    demonym_ref,
    kb_ref,
    preceding_actor,
    quote_speaker,
    quoted_by,
    ref_for,
    refs_for,
)
from accord.pipeline.common.syntax import subject_of
from accord.pipeline.proposals.cues import Cues, is_answer


def ref_key(doc: Doc, ref: Ref | None) -> str | None:
    """Proposers match when they are the same actor or act for the same country."""
    if ref is None:
        return None
    ent = (doc._.entities or {}).get(ref.id or "")
    country = getattr(ent, "country", None) if ent is not None else None
    return (country or ref.id or ref.name).lower()


def sponsor(cues: Cues, doc: Doc, tok: Token, demonyms: bool = False) -> Ref | None:
    """The actor named in a modifier that makes the offer: "a U.S.-proposed
    ceasefire", "a Qatar-mediated truce"; with `demonyms`, also "a Chinese
    proposal" (only for offer nouns: "a Ukrainian ceasefire" is a place)."""
    for ch in tok.children:
        if ch.dep_ not in ("amod", "compound", "nmod"):
            continue
        head, sep, verb = ch.lower_.rpartition("-")
        if sep and head and verb in cues.words("sponsoring_participles"):
            s = ch.idx
            ref = ref_at(doc, s, s + len(head)) or _kb_ref(cues, ch.text[:len(head)], s)
            if ref is not None:
                return ref
        if ch.pos_ == "VERB" and ch.lower_ in cues.words("sponsoring_participles"):
            for g in ch.children:  # "Qatar - mediated": the name hangs on the verb
                if g.dep_ in ("npadvmod", "compound", "nmod", "amod") and g.i < ch.i:
                    ref = ref_for(cues.known, doc, g) or demonym_ref(cues.known, doc, g)
                    if ref is not None:
                        return ref
        if demonyms and ch.dep_ == "amod" and ch.pos_ == "ADJ":
            ref = demonym_ref(cues.known, doc, ch)
            if ref is not None:
                return ref
    return None


def proposer_of(cues: Cues, doc: Doc, tok: Token) -> Ref | None:
    """The subject of the governing verb; a pronoun falls back to the sayer."""
    t = tok
    for _ in range(5):
        subj = subject_of(t) if t.pos_ in ("VERB", "AUX", "ADJ") else None
        if subj is None and t.dep_ == "xcomp":  # "X were supposed to sign": raised
            subj = next((c for c in t.head.children if c.dep_ == "nsubjpass"), None)
        if subj is not None and subj.i != tok.i:
            ref = ref_for(cues.known, doc, subj) or quote_speaker(cues.known, doc, subj)
            if ref is not None:
                return ref
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def possessor(cues: Cues, doc: Doc, pron: Token, tok: Token) -> Ref | None:
    """ "its offer" when the linker left the pronoun alone. The subject of the
    governing verb owns it when that verb makes the offer ("Iran repeated its
    offer"); when the verb answers it ("Tehran rejected its offer") the owner
    is another actor: the nearest compatible one named before."""
    gov = tok.head
    while gov.dep_ in ("prep", "pobj") and gov.head.i != gov.i:
        gov = gov.head
    subj = subject_of(gov) if gov.pos_ in ("VERB", "AUX", "ADJ") else None
    subj_ref = ref_for(cues.known, doc, subj) if subj is not None else None
    answers = is_answer(cues, gov)
    if subj_ref is not None and not answers:
        return subj_ref
    return preceding_actor(cues.known, doc, pron,
                           exclude=subj_ref.id if subj_ref is not None else None)


def _kb_ref(cues: Cues, name: str, start: int) -> Ref | None:
    for actor_id in cues.known.kb.lookup(name):
        return kb_ref(cues.known, actor_id, start, start + len(name), "modifier")
    return None


def reported_by(cues: Cues, doc: Doc, verb: Token) -> Ref | None:
    """The one who reports the clause of `verb`: the speaker of the quotation
    holding it, else the subject of the verb it is the complement of ("Kabul
    said the Taliban must return to talks": Kabul)."""
    who = quoted_by(doc, verb)
    t = verb
    while who is None and t.dep_ in ("ccomp", "conj") and t.head.i != t.i:
        t = t.head
        if t.dep_ != "conj":
            subj = subject_of(t)
            who = ref_for(cues.known, doc, subj) if subj is not None else None
            break
    return who


def between(cues: Cues, doc: Doc, tok: Token) -> list[Ref]:
    """The parties of "a deal between Britain and Mauritius", in their order."""
    out: list[Ref] = []
    for ch in tok.children:
        if ch.dep_ == "prep" and ch.lower_ == "between":
            out += [r for g in ch.children if g.dep_ == "pobj"
                    for r in refs_for(cues.known, doc, g) if r is not None]
    return out
