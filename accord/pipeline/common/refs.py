"""Actor references of accord_events, shared with accord_proposals.

Who a noun phrase names: its name, an apposition or a name inside it
(`ref_for`), one Ref per coordinated actor (`refs_for`), demonyms ("Russian"),
pairs ("both sides"), the state of armed forces, the speaker of the quotation
a pronoun stands in, the actor a possessive pronoun stands for, and described
but unnamed actors ("Republican lawmakers").
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.model import Ref
from accord.pipeline.common.knowledge import Known
from accord.pipeline.common.mentions import covering, ref_at
from accord.pipeline.common.syntax import coordinated, lemma, name_tokens, phrase_tokens, span_of


def ref_for(known: Known, doc: Doc, tok: Token) -> Ref | None:
    """The actor a noun phrase headed by `tok` refers to: its name, an apposition,
    then anything named inside the phrase ("one of Zelenskyy's advisors")."""
    if tok.pos_ == "NOUN":  # "Iran's U.N. ambassador": Iran's, not the UN's
        if (named := _named_appos(doc, tok)) is not None:
            return named  # "Trump's envoy, Steve Witkoff": the envoy, not Trump
        for c in tok.children:
            if c.dep_ == "poss" and c.pos_ != "PRON" \
                    and (ref := ref_at(doc, *span_of(doc, name_tokens(c)))) is not None:
                return ref
    ref = ref_at(doc, *span_of(doc, name_tokens(tok)))
    if ref is not None:
        return ref
    if tok.pos_ in ("PROPN", "NOUN") and (ref := covering(doc, tok)) is not None \
            and (tok.pos_ == "PROPN" or ref.start == tok.idx):
        return ref
    for c in tok.children:
        if c.dep_ == "appos" and not any(g.dep_ == "conj" for g in c.children):
            ref = ref_at(doc, *span_of(doc, phrase_tokens(c)))
            if ref is not None:
                return ref
    toks = phrase_tokens(tok)
    # "one of X's advisors", "diplomats from the G7", "a spokesman for X": the
    # prep's object names whom the unnamed people act for
    preps = _member_preps(known, tok)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            toks.extend(c.subtree)
    return ref_at(doc, *span_of(doc, toks))


def _named_appos(doc: Doc, tok: Token) -> Ref | None:
    """The name a described head gives in apposition ("the rebels' leader, Abu
    Hamza"), by name, not through a pronoun or description; a list in
    apposition is coordination, not a name."""
    for c in tok.children:
        if c.dep_ == "appos" and c.pos_ == "PROPN" \
                and not any(g.dep_ == "conj" for g in c.children):
            ref = ref_at(doc, *span_of(doc, name_tokens(c)))
            if ref is not None and ref.inferred is None:
                return ref
    return None


def own_behalf(known: Known, tok: Token) -> bool:
    """A common noun of people who act for themselves whose only name is its
    possessor or nationality ("Cameroon's farmers", "Lai's legal team",
    "Chinese democracy activists", `own_behalf_nouns`)."""
    if tok.pos_ != "NOUN" or not any(c.dep_ == "poss" and c.pos_ != "PRON" or c.dep_ == "amod"
                                     and c.ent_type_ in ("NORP", "GPE") for c in tok.children):
        return False
    low = lemma(tok)
    mods = [c for c in tok.children if c.dep_ in ("compound", "amod") and c.i == tok.i - 1]
    return low in known.own_behalf_nouns or any(
        f"{lemma(m)} {low}" in known.own_behalf_nouns for m in mods)


def _member_preps(known: Known, tok: Token) -> tuple[str, ...]:
    if tok.pos_ != "NOUN":
        return ("of",)
    return ("of", "from", "for") if tok.lemma_.lower() in known.agent_for_nouns else ("of", "from")


def preceding_actor(known: Known, doc: Doc, pron: Token,
                    exclude: str | None = None) -> Ref | None:
    """The nearest actor named before a possessive pronoun, of a type it can
    stand for ("its": a state or organisation; "his", "her": a person), when
    the linker left the pronoun unresolved."""
    ents = doc._.entities or {}
    types = known.possessive_types.get(pron.lower_)
    for m in sorted(doc._.mentions or [], key=lambda m: -m.start):
        ent = ents.get(m.entity_id)
        if m.end > pron.idx or ent is None or m.via == "pronoun" or ent.id == exclude:
            continue
        if types is not None and ent.type not in types:
            continue
        return Ref(name=ent.name, id=ent.id, start=pron.idx, end=pron.idx + len(pron.text),
                   inferred="possessive")
    return None


def quote_speaker(known: Known, doc: Doc, tok: Token) -> Ref | None:
    """ "we" inside a quotation: the quote's speaker (from accord_quotes)."""
    return quoted_by(doc, tok) if tok.lower_ in known.first_person else None


def quoted_by(doc: Doc, tok: Token) -> Ref | None:
    """The speaker of the quotation that holds tok, if any."""
    for q in doc._.quotes or []:
        if q.start <= tok.idx < q.end and q.speaker is not None:
            sp = q.speaker
            return Ref(name=sp.name, id=sp.id, start=tok.idx, end=tok.idx + len(tok.text),
                       inferred="quote speaker")
    return None


def kb_ref(known: Known, actor_id: str, start: int, end: int, inferred: str) -> Ref | None:
    actor = known.kb.actors.get(actor_id)
    return Ref(name=actor.name, id=actor.id, start=start, end=end,
               inferred=inferred) if actor else None


def demonym_ref(known: Known, doc: Doc, tok: Token) -> Ref | None:
    """ "Russian" -> Russia, through the demonyms of the actors knowledge base."""
    for actor_id, how in known.kb.lookup(tok.text).items():
        if how == "demonym":
            return kb_ref(known, actor_id, tok.idx, tok.idx + len(tok.text), "demonym")
    return None


def group_refs(known: Known, doc: Doc, tok: Token) -> list[Ref]:
    """ "both sides", "the two presidents": the last two distinct actors of the
    right type named before the phrase (`pair_nouns` in actor_language.yaml)."""
    kind = known.pair_nouns.get(lemma(tok))
    if kind is None or tok.tag_ not in ("NNS", "NNPS"):
        return []
    if not any(c.lower_ in ("both", "two", "the") for c in tok.children):
        return []
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
        return []  # "the leaders of Puntland and Jubaland" say whose they are
    ents = doc._.entities or {}
    seen: list[Ref] = []
    for m in sorted(doc._.mentions or [], key=lambda m: -m.start):
        ent = ents.get(m.entity_id)
        if m.end > tok.idx or ent is None or m.via in ("pronoun",):
            continue
        if ent.type != kind or any(r.id == ent.id for r in seen):
            continue
        if kind == "GPE" and ent.country and any(
                ents[r.id or ""].country == ent.country for r in seen if r.id in ents):
            continue
        seen.append(Ref(name=ent.name, id=ent.id, start=tok.idx, end=tok.idx + len(tok.text),
                        inferred="group"))
        if len(seen) == 2:
            return seen
    return []


def state_ref(known: Known, doc: Doc, ref: Ref | None) -> Ref | None:
    """Armed forces act for their state: "Ukrainian forces" -> Ukraine, where the
    article names that state (PLOVER codes them as the country's MIL sector)."""
    ents = doc._.entities or {}
    ent = ents.get(ref.id or "") if ref is not None else None
    if ref is None or ent is None or not ent.country or ent.type == "GPE":
        return ref
    span = doc.char_span(ref.start, ref.end) \
        if ref.start is not None and ref.end is not None else None
    demonym = span is not None and len(span) == 1 and (span[0].pos_ == "ADJ"
                                                       or span[0].ent_type_ == "NORP")
    if ent.sector != "MIL" and not (demonym and ent.sector == "GOV"):
        return ref
    for other in ents.values():
        if other.type == "GPE" and other.country == ent.country and other.sector in ("", "GOV"):
            return Ref(name=other.name, id=other.id, start=ref.start, end=ref.end,
                       inferred="state of armed forces")
    state = known.kb.by_iso.get(ent.country)
    if state and ref.start is not None and ref.end is not None:
        return kb_ref(known, state, ref.start, ref.end, "state of armed forces") or ref
    return ref


def refs_for(known: Known, doc: Doc, tok: Token) -> list[Ref | None]:
    """One Ref per coordinated actor; demonym lists ("Russian and Ukrainian
    negotiators") give one per demonym."""
    heads = coordinated(tok)
    if tok.pos_ == "NOUN" and len(heads) > 2 and any(
            c.dep_ == "appos" and c.i == heads[1].i for c in tok.children):
        heads = heads[1:]  # "three senators — A, B and C": the list names them
    if len(heads) == 1 and (group := group_refs(known, doc, tok)):
        return list(group)
    if len(heads) == 1 and ref_at(doc, *span_of(doc, name_tokens(tok))) is None \
            and not own_behalf(known, tok):
        adjs = [a for c in tok.children if c.dep_ == "amod" for a in coordinated(c)]
        refs = [demonym_ref(known, doc, a)
                or state_ref(known, doc, ref_at(doc, a.idx, a.idx + len(a.text)))
                for a in adjs]
        if any(refs):
            return [r for r in refs if r is not None]
    if len(heads) == 1 and tok.pos_ == "NOUN" and len(mods := modifier_refs(known, doc, tok)) > 1:
        return list(mods)  # "U.S. and NATO troops"
    # "Cameroon's poultry farmers": the farmers, described by the caller, not Cameroon
    return [None if own_behalf(known, h) else state_ref(known, doc, ref_for(known, doc, h))
            for h in heads]


def modifier_refs(known: Known, doc: Doc, tok: Token) -> list[Ref]:
    """The actors named by a noun's coordinated modifiers, one each: "U.S. and
    NATO troops", "a Chinese and Russian proposal"."""
    out: list[Ref] = []
    for c in tok.children:
        if c.dep_ not in ("compound", "nmod", "amod"):
            continue
        for a in coordinated(c):
            ref = demonym_ref(known, doc, a) or state_ref(
                known, doc, ref_at(doc, *span_of(doc, name_tokens(a))))
            if ref is not None and all((r.id or r.name) != (ref.id or ref.name) for r in out):
                out.append(ref)
    return out


def companions(known: Known, doc: Doc, verb: Token, subj: Token | None) -> list[Ref]:
    """Actors acting with the subject: "Japan, along with Canada and Italy,
    called a meeting", "Kenya together with Ghana" (on the verb or the subject)."""
    out: list[Ref] = []
    for head in (verb, subj):
        if head is None:
            continue
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("along", "together"):
                for w in c.children:
                    if w.dep_ == "prep" and w.lower_ == "with":
                        for g in w.children:
                            if g.dep_ == "pobj":
                                out.extend(r for r in refs_for(known, doc, g) if r is not None)
    return out
