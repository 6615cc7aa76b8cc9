"""Where a proposal is made: offers, demands and pledges, their proposer and terms.

An anchor is an offer noun ("Putin's offer", "a ceasefire proposal"), a noun
that names a kind of proposal under an offer verb, adjective or demand
("ready for peace talks", "called for a truce", "a Qatar-mediated truce"), a
promise in a reported clause ("his nation would reduce military activity"),
or talks that will begin. Each becomes a `Found` (`proposal_found`): the
`Proposal` with its proposer, recipient, terms and conditions, and what merging
needs to know. Offers told by a verb or an adjective are read in
`proposal_acts`.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from accord.pipeline.common.dates import is_date
from accord.pipeline.common.refs import ref_for
from accord.pipeline.common.syntax import SUBJ, ancestors_in_sentence, lemma, subject_of
from accord.pipeline.common.tokens import doc_text, tokens
from accord.pipeline.proposals.acts import (
    from_conditional,
    from_offering,
    from_parties,
    from_pledge,
    from_proposing,
    offer_adjective,
    promised,
)
from accord.pipeline.proposals.conditions import (
    conditional,
    conditions,
    if_clause,
    marked_by_verb,
)
from accord.pipeline.proposals.cues import (
    Cues,
    in_condition_idiom,
    in_exchange_idiom,
    is_answer,
    is_request,
    sent_span,
    token_words,
)
from accord.pipeline.proposals.found import Found, in_force, new_found
from accord.pipeline.proposals.proposers import (
    between,
    possessor,
    proposer_of,
    ref_key,
    sponsor,
)

__all__ = ["Found", "anchors"]


def anchors(cues: Cues, doc: Doc, sent: Span, n: int, used: set[int]) -> list[Found]:
    """The proposals made in sentence `n`, skipping the tokens in `used` (what a
    response there already answers) and anything inside an if-clause."""
    out: list[Found | None] = []
    tt = tokens(doc)
    offer_nouns = cues.words("offer_nouns")
    proposing, cooperative = cues.words("proposing_clauses"), cues.words("conditional_offer_verbs")
    in_if = {t.i for a in (doc[i] for i in range(sent.start, sent.end)
                           if tt.dep[i] in ("advcl", "conj"))
             if conditional(cues, a)
             for t in if_clause(a)} | marked_by_verb(cues, doc, sent)
    for i in range(sent.start, sent.end):
        pos = tt.pos[i]
        if pos not in ("NOUN", "VERB", "ADJ") or i in used or i in in_if \
                or in_exchange_idiom(doc[i]) or in_condition_idiom(cues, doc[i]):
            continue  # "in exchange for X", "on condition that": a condition, not an offer
        low = tt.lemma[i]
        named = cues.noun_kind(doc[i]) if pos == "NOUN" else None  # "truce", "prisoner swap"
        if pos == "NOUN" and low in offer_nouns:
            out.append(_from_noun(cues, doc, sent, n, doc[i]))
        elif pos == "NOUN" and _requesting(cues, doc[i]):  # "Washington's call for X"
            f = _from_noun(cues, doc, sent, n, doc[i])
            out.append(f if f is not None and f.proposal.proposer is not None else None)
        elif named is not None and cues.family(named) == "deal" \
                and between(cues, doc, doc[i]):
            out.append(_from_noun(cues, doc, sent, n, doc[i]))  # "agreements between X and Y"
        elif named is not None \
                and (_offered(cues, doc[i]) or sponsor(cues, doc, doc[i]) is not None):
            out.append(_from_offered(cues, doc, sent, n, doc[i], named))
        elif pos == "VERB" and low in proposing \
                and (f := from_proposing(cues, doc, sent, n, doc[i])) is not None:
            out.append(f)  # "China proposed to set a minimum import price"
        elif ((pos == "VERB" and low in cues.words("offer_verbs"))
              or offer_adjective(cues, doc[i])) \
                and (f := from_offering(cues, doc, sent, n, doc[i])) is not None:
            out.append(f)  # "Thailand offered to mediate", "willing to negotiate"
        elif named == "deal" and tt.dep[i] == "dobj" \
                and lemma(doc[i].head) in cues.words("party_verbs") \
                and (f := from_parties(cues, doc, sent, n, doc[i])) is not None:
            out.append(f)  # "Cameroon and the C.A.R. signed an agreement to ..."
        elif pos == "VERB" and low in cues.pledges and promised(doc[i]):
            out.append(from_pledge(cues, doc, sent, n, doc[i]))
        elif pos == "VERB" and low in cooperative \
                and (f := from_conditional(cues, doc, sent, n, doc[i])) is not None:
            out.append(f)  # "Trump would meet Kim if there is a prospect of a deal"
        elif pos == "VERB" and tt.dep[i] in ("relcl", "acl") and (
                low in cues.words("offering_infinitives")
                or tt.lower[i] in cues.words("sponsoring_participles")) \
                and (named_by := _sponsored(cues, doc[i])) is not None:
            # "a truce brokered by Qatar", "a pause in strikes on energy
            # infrastructure proposed by Trump" (hung on the last noun)
            out.append(_from_noun(cues, doc, sent, n, named_by, proposer_tok=doc[i]))
    return [f for f in out if f is not None]


def _from_noun(cues: Cues, doc: Doc, sent: Span, n: int, tok: Token,
               proposer_tok: Token | None = None) -> Found | None:
    proposer = recipient = None
    if any(ch.dep_ == "amod" and lemma(ch) in cues.words("state_adjectives")
           for ch in tok.children):
        return None  # "in good condition": a state, not a demand
    if lemma(tok) == "demand" and (any(ch.dep_ in ("amod", "compound", "nmod")
                                       and lemma(ch) in cues.words("market_modifiers")
                                       for ch in tok.children) or _mass(tok)):
        return None  # "growing energy demands", "Chinese demand": a market's
    if tok.tag_ == "NNS" and lemma(tok) in cues.words("intent_plurals") and cues.kind(
            token_words(list(tok.subtree)) - {lemma(tok), tok.lower_}) is None:
        return None  # "announced plans to use the base": intentions, no offer
    if _domestic(cues, doc, tok):
        return None  # "the government's energy plan": its own policy, put to no one
    if any(ch.dep_ in ("compound", "nummod", "amod", "nmod") and ch.ent_type_ == "DATE"
           and is_date(doc, ch) for ch in tok.children) or in_force(cues, tok):
        return None  # "the 2015 nuclear deal": an agreement in force, not an offer
    for ch in tok.children:
        if ch.dep_ == "poss" and ch.ent_type_ not in ("DATE", "TIME"):
            # "Beijing rejected its offer": the answerer's "its" is another's,
            # whatever the linker made of it
            answered = ch.pos_ == "PRON" and is_answer(cues, tok.head)
            proposer = None if answered else ref_for(cues.known, doc, ch)
            if proposer is None and ch.pos_ == "PRON":
                proposer = possessor(cues, doc, ch, tok)
        elif ch.dep_ == "prep" and ch.lower_ in ("from", "by"):
            objs = [g for g in ch.children if g.dep_ == "pobj"]
            proposer = proposer or (ref_for(cues.known, doc, objs[0]) if objs else None)
        elif ch.dep_ == "prep" and ch.lower_ in ("to", "for"):
            objs = [g for g in ch.children if g.dep_ == "pobj"]
            if objs and objs[0].ent_type_ not in ("DATE", "TIME"):
                recipient = ref_for(cues.known, doc, objs[0])
        elif ch.dep_ in ("acl", "relcl") and proposer is None \
                and (lemma(ch) in cues.words("proposing_verbs")
                     or ch.lower_ in cues.words("sponsoring_participles")):
            subj = subject_of(ch)
            if subj is not None and subj.i != tok.i:
                proposer = ref_for(cues.known, doc, subj)
        elif ch.dep_ == "compound" and proposer is None:
            proposer = ref_for(cues.known, doc, ch) if ch.ent_type_ else None
    if proposer is None and proposer_tok is not None and proposer_tok.head.i != tok.i:
        subj = subject_of(proposer_tok)  # the participle hung on a noun below this one
        proposer = ref_for(cues.known, doc, subj) if subj is not None else None
    proposer = proposer or sponsor(cues, doc, tok, demonyms=True)
    parties = between(cues, doc, tok)  # "a planned deal between Britain and Mauritius"
    if proposer is None and parties:
        proposer, recipient = parties[0], recipient or (parties[1] if len(parties) > 1 else None)
    h = tok.head.head if tok.dep_ == "pobj" and tok.head.lower_ == "of" else tok
    if h.dep_ == "dobj" and lemma(h.head) in cues.words("proposing_verbs") \
            and _left_to_other(cues, h.head):
        return None  # "gave the agency 14 days to present a plan": none presented yet
    if proposer is None and h.dep_ in ("dobj", "nsubjpass", "attr") \
            and lemma(h.head) in cues.words("proposing_verbs") | cues.words("party_verbs"):
        proposer = proposer_of(cues, doc, h.head)
    if recipient is None and h.dep_ == "dobj" \
            and lemma(h.head) in cues.words("proposing_verbs"):  # "presented a plan to Hamas"
        recipient = next((ref_for(cues.known, doc, g) for ch in h.head.children
                          if ch.dep_ in ("prep", "dative") and ch.lower_ == "to"
                          for g in ch.children if g.dep_ == "pobj"), None)
    if recipient is not None and proposer is not None \
            and ref_key(doc, recipient) == ref_key(doc, proposer):
        recipient = None  # "Serbia's plan for the Serb-majority north": no party of its own
    words = token_words(_own(cues, tok))
    kind = cues.kind(words) or ("demand" if _requesting(cues, tok) else None)
    generic = kind is None or kind in cues.words("generic_kinds")
    start, end = sent_span(sent)
    # "Under the terms of the deal, sanctions can snap back if ...", "analysts say
    # the plan could backfire if ...": the if-clause is the sentence's; the plan,
    # one told before (a mention of it, if any)
    unowned = generic and proposer is None
    conds = [] if unowned else conditions(cues, doc, sent, tok)
    found = new_found(cues, doc, sent, n, proposer, recipient, kind or "offer", start, end,
                      conds, generic=generic and not conds, anchor=tok.i, terms=[_phrase(tok)])
    found.parties = frozenset(k for r in parties if (k := ref_key(doc, r)) is not None)
    return found


def _from_offered(cues: Cues, doc: Doc, sent: Span, n: int, tok: Token,
                  kind: str) -> Found | None:
    words = token_words(list(tok.subtree)) | token_words(
        [a for a in ancestors_in_sentence(tok)][:2])
    kind = cues.kind(words) or kind
    start, end = sent_span(sent)
    req = _request_verb(cues, tok)  # "X called for Y to hold talks": X asks
    proposer = sponsor(cues, doc, tok) or proposer_of(cues, doc, tok if req is None else req)
    if req is not None and proposer is None:
        return None  # a demand nobody is told to make ("They called on China to ...")
    return new_found(cues, doc, sent, n, proposer, None, kind, start, end,
                     conditions(cues, doc, sent, tok), anchor=tok.i, terms=[_phrase(tok)])


def _offered(cues: Cues, tok: Token) -> bool:
    """A kind noun under an offer verb/adjective, or talks that will begin
    ("talks on a naval ceasefire would begin"; not "aid deliveries would
    resume": only talks begin as an offer)."""
    path: list[Token] = []
    talks = _talks(cues, tok)
    for hops, anc in enumerate(ancestors_in_sentence(tok)):
        if hops > 3:
            break
        lo = lemma(anc)
        talks = talks or (anc.pos_ == "NOUN" and _talks(cues, anc))
        if anc.pos_ == "VERB" and lo in cues.words("occasion_verbs") \
                and anc.tag_ in ("VBD", "VBN") \
                and not any(ch.dep_ == "aux" and ch.tag_ == "MD" for ch in anc.children):
            return False  # "Xi convened a meeting": held, not offered ("will convene" is)
        if (anc.pos_ == "VERB" and lo in cues.words("offer_verbs")) or \
                offer_adjective(cues, anc) or \
                (anc.pos_ == "NOUN" and lo in cues.words("offer_states")):
            return True
        if talks and lo in cues.words("future_talk_verbs") and any(
                ch.dep_ == "aux" and ch.lower_ in ("will", "would") for ch in anc.children):
            return True
        # "said talks on X ... would begin": the parser leaves "begin" subjectless
        if talks and any(ch.dep_ == "ccomp" and lemma(ch) in cues.words("future_talk_verbs")
               and not any(g.dep_ in SUBJ for g in ch.children)
               and any(g.dep_ == "aux" and g.lower_ in ("will", "would") for g in ch.children)
               for ch in anc.children):
            return True
        path.append(anc)
    if _request_verb(cues, tok) is not None:
        return True
    if talks and tok.dep_ in SUBJ and lemma(tok.head) in cues.words("future_talk_verbs") and any(
            ch.dep_ == "aux" and ch.lower_ in ("will", "would") for ch in tok.head.children):
        return True
    return cues.headed(tok)  # "a prisoner swap" is an offer by its name


def _talks(cues: Cues, tok: Token) -> bool:
    return cues.family(cues.noun_kind(tok) or "") == "talks"


def _own(cues: Cues, tok: Token) -> list[Token]:
    """The subtree of an offer noun without another offer coordinated inside it
    (in "Tokyo's call for inspections and Beijing's demand for tariff relief"
    the relief is Beijing's) and without who or what it comes from."""
    other = {t.i for c in tok.subtree if c.dep_ == "conj" and c.i != tok.i
             and (lemma(c) in cues.words("offer_nouns") or lemma(c) in cues.request_nouns)
             for t in c.subtree}
    other |= {t.i for c in tok.children if c.dep_ == "prep" and c.lower_ in ("from", "by")
              for t in c.subtree}  # "proposals from the meetings": their source, no kind
    return [t for t in tok.subtree if t.i not in other]


def _requesting(cues: Cues, tok: Token) -> bool:
    """A noun that puts a demand with its particle: "Washington's call for
    full denuclearization" (`request_nouns`)."""
    parts = cues.request_nouns.get(lemma(tok))
    return parts is not None and any(ch.dep_ == "prep" and ch.lower_ in parts
                                     and any(g.dep_ == "pobj" for g in ch.children)
                                     for ch in tok.children)


def _domestic(cues: Cues, doc: Doc, tok: Token) -> bool:
    """A plan of one's own policy: one of `intent_plurals` modified by a
    `domestic_modifiers` word ("a new energy plan", "its budget plan") that
    names no kind of proposal and no other party ("with", "for", "to",
    "between" an actor): a government's plan for itself offers nothing."""
    if lemma(tok) not in cues.words("intent_plurals") or not any(
            ch.dep_ in ("compound", "amod", "nmod")
            and lemma(ch) in cues.words("domestic_modifiers") for ch in tok.children):
        return False
    if cues.kind(token_words(list(tok.subtree)) - {lemma(tok), tok.lower_}) is not None:
        return False  # "an energy ceasefire plan"
    return not any(ref_for(cues.known, doc, g) is not None for ch in tok.children
                   if ch.dep_ == "prep" and ch.lower_ in ("with", "for", "to", "between")
                   for g in ch.children if g.dep_ == "pobj")


def _left_to_other(cues: Cues, verb: Token) -> bool:
    """A proposing verb in a to-infinitive that another party is given or asked
    to do: "Kenya had given the agency 14 days to present a plan", "asked
    Hamas to present its terms". Whoever gives the time makes no offer, and the
    other has made none yet."""
    if verb.dep_ not in ("advcl", "xcomp", "acl") or not any(
            ch.dep_ == "aux" and ch.lower_ == "to" for ch in verb.children):
        return False
    gov = verb.head.head if verb.dep_ == "acl" and verb.head.dep_ == "dobj" else verb.head
    if gov.i == verb.i or gov.pos_ != "VERB":
        return False
    return any(ch.dep_ == "dative" for ch in gov.children) or (
        is_request(cues, gov) and any(ch.dep_ == "dobj" for ch in gov.children))


def _mass(tok: Token) -> bool:
    """A singular noun with no determiner, owner or number: "demand" as a mass
    noun ("Chinese demand" for goods), unlike a party's "a demand", "the
    demand", "Pyongyang's demand"."""
    return tok.tag_ == "NN" and not any(ch.dep_ in ("det", "poss", "nummod")
                                        for ch in tok.children)


def _sponsored(cues: Cues, verb: Token) -> Token | None:
    """The offer a participle or relative clause names: its head noun, or the
    nearest one above it through prepositions ("a pause in strikes on energy
    infrastructure proposed by Trump": the pause)."""
    t = verb.head
    for _ in range(3):
        if _nameable(cues, t):
            return t
        if t.dep_ != "pobj" or t.head.dep_ != "prep" or t.head.head.pos_ != "NOUN":
            return None
        t = t.head.head
    return None


def _nameable(cues: Cues, tok: Token) -> bool:
    """An offer noun or a noun that names a kind of proposal."""
    return tok.pos_ == "NOUN" and (lemma(tok) in cues.words("offer_nouns")
                                   or cues.kind({lemma(tok), tok.lower_}) is not None)


def _request_verb(cues: Cues, tok: Token) -> Token | None:
    """The demand that names tok, within two steps: "called on both sides to
    resume talks", "asked Trump for sanctions relief"."""
    path: list[Token] = []
    for hops, anc in enumerate(ancestors_in_sentence(tok)):
        if hops > 2:
            break
        if is_request(cues, anc, path):
            return anc
        path.append(anc)
    return None


def _phrase(tok: Token) -> str:
    """The noun phrase up to its head, as written: "the 30-day ceasefire proposal"."""
    doc = tok.doc
    start = tok
    for child in reversed(list(tok.lefts)):
        if child.dep_ not in ("det", "poss", "compound", "amod", "nummod", "quantmod", "nmod",
                              "case", "punct"):
            break
        start = child.left_edge
    return doc_text(doc)[start.idx:tok.idx + len(tok.text)].strip(' "“”')
