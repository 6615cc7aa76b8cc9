"""The parties of accord_events' triggers that a clause names only
indirectly: whoever says the clause (`_sayer`, or a name parsed as the
object of "said": `_said_object`), makes or issues the document that acts
(`_author`, `_issuer`), gives what a receiving verb receives (`_givers`), is
the "by" agent of an act (`_agent_of`), is counted by a "group of", a part
"of whom" or a set "among countries that" (`_counted`), is named in
apposition, is pointed back to by "those leaders" (`_demonstrative`), is the
clause subject a gerund "after weeks of denying" shares (`_gerund_controller`),
claims responsibility (`_claimer`), or the state where state power was used
(`_located_state`); and the tests that a name is a place, a venue or only a
mention. Used by `events.roles`; the word lists live in events.yaml.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.model import Ref
from accord.pipeline.common.mentions import ref_at
from accord.pipeline.common.refs import (
    demonym_ref,
    kb_ref,
    refs_for,
)
from accord.pipeline.common.syntax import (
    ancestors_in_sentence,
    lemma,
    name_tokens,
    span_of,
    subject_of,
)
from accord.pipeline.events.lexicon import EventWords, Rule, described


def _other(actor: Ref | None, group: list[Ref | None]) -> Ref | None:
    """In "both sides accused each other", each side's counterpart."""
    if actor is None or actor.inferred != "group" or len(group) != 2:
        return None
    return next((g for g in group if g is not None and g.id != actor.id), None)


def _said_object(w: EventWords, tok: Token) -> Token | None:
    """ "A source said Ankara in recent years imposed controls": a reported
    clause with no subject of its own whose saying verb (one that takes no
    addressee, `unaddressed_say_verbs`) has a name parsed as its object
    before the clause: that name is the clause's subject."""
    if tok.dep_ != "ccomp" or any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in tok.children) \
            or lemma(tok.head) not in w.word_set("unaddressed_say_verbs"):
        return None
    return next((c for c in tok.head.children if c.dep_ == "dobj" and c.i < tok.i
                 and c.pos_ == "PROPN"), None)


def _demonstrative(w: EventWords, doc: Doc, subj: Token) -> list[Ref | None]:
    """ "... blamed the leaders of Puntland and Jubaland. Those leaders have
    said ...": a plural "those"/"these" phrase points back to the last phrase
    with the same head noun (within 120 tokens before its sentence), and acts
    as the actors that phrase names; none named there, none taken."""
    if subj.tag_ != "NNS" or not any(c.dep_ == "det" and c.lower_ in ("those", "these")
                                     for c in subj.children):
        return []
    stop = max(0, subj.sent.start - 120)
    for i in range(subj.i - 1, stop - 1, -1):
        t = doc[i]
        if t.lemma_ == subj.lemma_ and t.pos_ == "NOUN":
            if any(c.dep_ == "det" and c.lower_ in ("those", "these") for c in t.children):
                continue
            # "the leaders of Puntland and Jubaland": one actor per party named
            whose = [g for c in t.children if c.dep_ == "prep" and c.lower_ == "of"
                     for g in c.children if g.dep_ == "pobj"]
            return [r for r in refs_for(w.known, doc, whose[0] if whose else t)
                    if r is not None]
    return []


def _gerund_controller(tok: Token) -> Token | None:
    """ "After weeks of denying it was planning to deport them, Thailand
    turned 40 over": a gerund in a phrase that modifies the clause ("after
    weeks of", "despite") has the clause's subject as its own."""
    if tok.tag_ != "VBG" or tok.dep_ != "pcomp":
        return None
    head = tok.head
    for _ in range(4):
        if head.pos_ in ("VERB", "AUX"):
            return subject_of(head)
        if head.dep_ not in ("prep", "pobj") or head.head.i == head.i:
            return None
        head = head.head
    return None


def _counted(w: EventWords, subj: Token) -> Token:
    """ "A group of armed prisoners exchanged gunfire", "Scores of chicken
    sellers held a sit-in": a head that only counts or gathers people
    (`partitive_heads`) stands for the people its "of" phrase names."""
    if (antecedent := _relative_part(subj)) is not None:
        return _counted(w, antecedent)
    if (members := _set_members(subj)) is not None:
        return members
    if lemma(subj) not in w.word_set("partitive_heads") and subj.lower_ not in \
            w.word_set("partitive_heads"):
        return subj
    for c in subj.children:
        if c.dep_ == "prep" and c.lower_ == "of":
            for g in c.children:
                if g.dep_ == "pobj" and g.pos_ in ("NOUN", "PROPN"):
                    return _counted(w, g)  # "tens of thousands of protesters"
    return subj


def _set_members(subj: Token) -> Token | None:
    """ "Canada and Belgium are among countries that have banned ...", "Kenya
    is one of the states that recognised ...": the set a relative clause
    describes acts through the members the copula's subject names."""
    prep = subj.head if subj.dep_ == "pobj" else None
    if prep is None or not any(c.dep_ == "relcl" for c in subj.children):
        return None
    holder = prep.head
    if prep.lower_ == "of" and holder.lower_ == "one" and holder.dep_ == "attr":
        holder = holder.head  # "is one of the states that"
    elif prep.lower_ != "among":
        return None
    if holder.lemma_ != "be":
        return None
    return next((c for c in holder.children if c.dep_ == "nsubj"), None)


def _relative_part(subj: Token) -> Token | None:
    """ "... at the demonstrators, some of whom threw rocks": a part "of whom"
    or "of which" is a part of the noun just before it, the antecedent (the
    relative clause's head, or where the parser hangs the clause elsewhere,
    the noun that ends the phrase before the comma, never a place or date)."""
    if not any(c.dep_ == "prep" and c.lower_ == "of" and any(
            g.dep_ == "pobj" and g.lower_ in ("whom", "which") for g in c.children)
            for c in subj.children):
        return None
    if subj.head.dep_ == "relcl":
        before: Token | None = subj.head.head
    else:
        i = subj.left_edge.i - 1
        while i >= subj.sent.start and subj.doc[i].is_punct:
            i -= 1
        before = subj.doc[i] if i >= subj.sent.start else None
    if before is None or before.pos_ not in ("NOUN", "PROPN") \
            or before.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME"):
        return None  # "the talks in Accra, several of whom": not Accra
    return before


def _named_apposition(doc: Doc, tok: Token) -> Ref | None:
    """ "Lai's son Sebastien": the one a described head names in apposition."""
    for c in tok.children:
        if c.dep_ == "appos" and not any(g.dep_ == "conj" for g in c.children):
            ref = ref_at(doc, *span_of(doc, name_tokens(c)))
            if ref is not None:
                return ref
    return None


def _reduced(tok: Token) -> bool:
    """A participle that modifies a noun acted on ("a journalist arrested over
    his interviews", "those killed in the attack"): a passive of its own."""
    return tok.dep_ == "acl" and tok.tag_ == "VBN" and not any(
        c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)


def _givers(tok: Token) -> list[Token]:
    """The objects of "from" on a receiving verb or inside its object
    ("enjoyed months of celebrity treatment from Chinese authorities")."""
    holders = [tok, *(t for c in tok.children if c.dep_ == "dobj" for t in c.subtree
                      if t.pos_ in ("NOUN", "PROPN"))]
    return [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "from"
            for g in c.children if g.dep_ == "pobj"]


def _located_state(w: EventWords, doc: Doc, tok: Token, rule: Rule) -> Ref | None:
    """State power used with no doer named ("was detained in North Korea",
    "a cell was dismantled in the Spanish city of Ceuta", `located_types`):
    the state of the country where it was done, the place's own state; none
    where no "in" phrase names a country."""
    if rule.type not in {t.upper() for t in w.word_set("located_types")}:
        return None
    ents = doc._.entities or {}
    preps = [c for c in tok.children if c.dep_ == "prep" and c.lower_ == "in"]
    for prep in preps:
        for g in (g for g in prep.children if g.dep_ == "pobj"):
            # "in camps in Xinjiang": a place inside the phrase names it too
            preps.extend(c for c in g.children if c.dep_ == "prep" and c.lower_ == "in")
            demonyms = [d for c in g.children if c.dep_ == "amod"
                        and (d := demonym_ref(w.known, doc, c)) is not None]
            if demonyms:
                return demonyms[0]
            ref = ref_at(doc, *span_of(doc, name_tokens(g)))
            ent = ents.get(ref.id or "") if ref is not None else None
            if ref is None or ent is None or ent.type not in ("GPE", "LOC") or not ent.country:
                continue
            state = w.known.kb.by_iso.get(ent.country)
            if state is not None and ref.start is not None and ref.end is not None:
                return kb_ref(w.known, state, ref.start, ref.end, "place of the act")
    return None


def _agent_of(w: EventWords, doc: Doc, subj: Token, *,
              unnamed: bool = False) -> list[Ref | None]:
    """ "Airstrikes by the Somali army killed ...", "an attack by X left ...":
    a subject that is itself an act done by someone is done by its "by" agent,
    not by whatever modifies it ("Coordinated", "Tuesday's"); with `unnamed`,
    also by doers only described ("a hijacking by armed militants")."""
    if subj.pos_ != "NOUN" and not (unnamed and subj.pos_ == "VERB"):
        return []
    for c in subj.children:
        if c.dep_ == "prep" and c.lower_ == "by":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            agents = [r for r in refs_for(w.known, doc, objs[0]) if r is not None] if objs else []
            if not agents and unnamed and objs and objs[0].tag_ == "NNS" \
                    and (d := described(w, doc, objs[0])) is not None:
                agents = [d]
            if agents:
                return list(agents)
    return []


def _sayer(w: EventWords, doc: Doc, tok: Token) -> list[Ref | None]:
    """ "Serbia said it would be ready", "said it conducted a test": the sayer."""
    say = next((a for a in ancestors_in_sentence(tok) if lemma(a) in w.say_verbs), None)
    sayer = subject_of(say) if say is not None else None
    if sayer is None:
        return []
    refs = refs_for(w.known, doc, sayer)
    if refs == [None] and sayer.pos_ == "NOUN":  # "the militant outfit said it had ..."
        return _demonstrative(w, doc, sayer) or [described(w, doc, sayer)]
    return refs


def _author(w: EventWords, doc: Doc, tok: Token) -> list[Ref | None]:
    """ "The statement threatened sanctions": the one who made the statement
    named shortly before ("X said in a statement ...")."""
    documents = w.word_set("document_nouns") | w.known.filed_documents
    if lemma(tok) not in documents:
        return []
    if (issued := _issuer(w, doc, tok)):
        return issued
    stop = max(0, tok.sent.start - 80)
    for i in range(tok.i - 1, stop - 1, -1):
        t = doc[i]
        if t.pos_ != "NOUN" or not (lemma(t).endswith(lemma(tok))
                                    or lemma(tok).endswith(lemma(t))):
            continue  # "filed lawsuits ... One suit seeks"
        if t.dep_ == "pobj" and t.head.lower_ != "in":
            continue  # "said in a statement" made it; "spoke about the suit" did not
        verb = t
        for _ in range(3):
            if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                break
            verb = verb.head
        subj = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subj is not None and lemma(subj) not in documents:
            refs = [r for r in refs_for(w.known, doc, subj) if r is not None]
            if not refs and subj.pos_ == "NOUN" and (d := described(w, doc, subj)):
                refs = [d]  # "Immigration rights groups have filed lawsuits"
            if refs:
                return list(refs)
    return []


def _issuer(w: EventWords, doc: Doc, tok: Token) -> list[Ref | None]:
    """ "Pyongyang issued a series of warnings demanding ...": a document the
    clause's own verb makes is its subject's; a passive or unnamed subject
    names no one."""
    head = tok
    if head.dep_ == "pobj" and head.head.lower_ == "of" \
            and lemma(head.head.head) in w.word_set("quantity_nouns"):
        head = head.head.head  # "a series of warnings"
    if head.dep_ != "dobj" or head.head.pos_ not in ("VERB", "AUX"):
        return []
    subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    return [r for r in refs_for(w.known, doc, subj) if r is not None] if subj is not None else []


def _forecast(w: EventWords, tok: Token) -> bool:
    """A warning that something could happen ("warns that the measures could
    embolden him") is a forecast, not a threat of the warner's own action."""
    for c in tok.children:
        if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in w.hyp_aux
                                     for a in c.children):
            return True
    return False


def _claimer(w: EventWords, head: Token) -> Token | None:
    """ "Al-Shabab claimed responsibility for the hotel attack": who claims an
    act did it (`claim_nouns`, `claim_verbs`); "denied responsibility" names
    no one."""
    owned = head.head.head if head.dep_ == "pobj" and head.head.lower_ == "for" else None
    if owned is None or lemma(owned) not in w.word_set("claim_nouns") \
            or owned.dep_ != "dobj" or lemma(owned.head) not in w.word_set("claim_verbs"):
        return None
    return subject_of(owned.head)


def _place(doc: Doc, ref: Ref) -> bool:
    ent = (doc._.entities or {}).get(ref.id or "")
    return ent is not None and ent.type in ("LOC", "FAC")


def _venue(w: EventWords, doc: Doc, head: Token, ref: Ref) -> bool:
    """ "met at the Singapore summit", "in the Geneva talks": a place before a
    gathering that the clause puts somewhere is where it met, never who met."""
    ent = (doc._.entities or {}).get(ref.id or "")
    return ent is not None and ent.type == "GPE" and head.dep_ == "pobj" \
        and head.head.lower_ in ("at", "in") and lemma(head) in w.known.gathering_nouns


def _mention_only(w: EventWords, head: Token) -> bool:
    """A noun that only names a kind of relation, inside another phrase
    ("the freeze on U.S. aid to Ukraine", "threatens Turkish-American
    cooperation"), with nothing saying it took place, is no event."""
    if head.dep_ == "pobj":
        return head.head.lower_ not in w.word_set("clause_preps") | w.word_set("eventive_preps")
    return head.dep_ in ("compound", "conj") and head.head.pos_ == "NOUN"
