"""Offers told by a verb or an adjective: what a party says it will do.

"Thailand offered to mediate", "the government was willing to negotiate"
(`offer_verbs`, `offer_adjectives` with a to-infinitive), "China proposed to
set a minimum import price", "Trump demanded that Ottawa drop its tariffs"
(`proposing_clauses`), "Cameroon and the C.A.R. signed an agreement"
(`party_verbs`), "Trump would meet Kim if ..." (`conditional_offer_verbs` on a
condition) and "his nation would reduce military activity" (`pledge_actions`).
Each gives a `Found` with its proposer, terms (the act without its
conditions) and conditions; `proposal_anchors` calls them.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from accord.pipeline.common.refs import quote_speaker, ref_for, refs_for
from accord.pipeline.common.syntax import ancestors_in_sentence, lemma, subject_of
from accord.pipeline.common.tokens import doc_text
from accord.pipeline.proposals.conditions import conditional, conditions
from accord.pipeline.proposals.cues import (
    Cues,
    is_answer,
    is_request,
    phrasal_stance,
    sent_span,
    token_words,
)
from accord.pipeline.proposals.found import Found, in_force, new_found
from accord.pipeline.proposals.proposers import proposer_of, reported_by

__all__ = ["from_conditional", "from_offering", "from_parties", "from_pledge", "from_proposing",
           "offer_adjective", "promised", "under_offer"]


def from_proposing(cues: Cues, doc: Doc, sent: Span, n: int, tok: Token) -> Found | None:
    """A proposing verb whose object names no kind: "the Chinese side proposed to
    set a minimum import price", "Trump demanded that Ottawa drop its tariffs"
    (an offer, or a demand when the verb puts one)."""
    participle = tok.tag_ == "VBG" and tok.dep_ in ("acl", "advcl")
    if any(ch.dep_ == "neg" for ch in tok.children) or (
            tok.dep_ in ("relcl", "acl", "amod") and not participle):
        return None
    comp = next((ch for ch in tok.children if ch.dep_ in ("dobj", "xcomp", "ccomp")), None)
    subj = _governing_subject(tok) if participle else subject_of(tok)
    if comp is None or subj is None or comp.pos_ == "PRON" or subj.pos_ == "ADJ":
        return None  # "what he demanded": a reference; "Chinese demand": a noun misread
    proposer = ref_for(cues.known, doc, subj) or quote_speaker(cues.known, doc, subj)
    if proposer is None:
        return None
    toks = list(comp.subtree)
    kind = cues.kind(token_words(toks)) or ("demand" if is_request(cues, tok) else "offer")
    start, end = sent_span(sent)
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
    conds = [c for c in conditions(cues, doc, sent, tok) if not s <= c[1] < e]  # its terms
    return new_found(cues, doc, sent, n, proposer, None, kind, start, end, conds,
                     anchor=tok.i, terms=[doc_text(doc)[s:e]])


def from_offering(cues: Cues, doc: Doc, sent: Span, n: int, tok: Token) -> Found | None:
    """An offer verb or adjective with the act offered as its to-infinitive:
    "Thailand offered to mediate between the two sides", "the Houthis offered
    to halt attacks on shipping", "the government was willing to negotiate".
    A verb of `offering_infinitives` offers whatever it governs; another offer
    verb or adjective ("promised to", "ready to") only an act that names a kind
    of proposal or a pledge ("pledged to withdraw its troops", "ready to
    negotiate", not "vowed to fight on", "ready to defend itself")."""
    if any(ch.dep_ == "neg" for ch in tok.children) or tok.dep_ in ("relcl", "acl", "amod"):
        return None
    act = next((ch for ch in tok.children if ch.dep_ == "xcomp" and ch.pos_ == "VERB"
                and any(a.dep_ == "aux" and a.lower_ == "to" for a in ch.children)), None)
    subj = subject_of(tok) or next((ch for ch in tok.children if ch.dep_ == "nsubjpass"), None)
    if act is None or subj is None or _answering(cues, act):
        return None  # "ready to accept a U.S. proposal": an answer, no offer
    toks = list(act.subtree)
    kind = cues.kind(token_words([t for t in _unmarked(cues, toks) if t.pos_ == "NOUN"])) or (
        cues.kind({lemma(act)}) if lemma(act) not in cues.words("offer_nouns") else None)
    need = cues.pledge_objects.get(lemma(act))
    if kind is None and lemma(act) in cues.pledges \
            and (not need or token_words(toks) & need):
        kind = cues.pledges[lemma(act)]  # "offered to halt attacks": a ceasefire
    if kind is None and lemma(tok) not in cues.words("offering_infinitives"):
        return None
    proposer = ref_for(cues.known, doc, subj) or quote_speaker(cues.known, doc, subj)
    if proposer is None and (subj.pos_ == "PRON" or _definite(subj)):
        # "Iran said it offered to ...", "X said the government was willing to":
        # the sayer speaks for "it" and "the government"
        proposer = reported_by(cues, doc, tok.head if tok.dep_ == "acomp" else tok)
    if proposer is None:
        return None
    start, end = sent_span(sent)
    conds = conditions(cues, doc, sent, act)
    toks = _before_conditions(cues, _unmarked(cues, toks), conds)
    if toks and toks[0].lower_ == "to":  # the act without its infinitive marker
        toks = toks[1:]
    if not toks:
        return None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1])
    return new_found(cues, doc, sent, n, proposer, None, kind or "offer", start, end, conds,
                     anchor=tok.i, terms=[doc_text(doc)[s:e]])


def offer_adjective(cues: Cues, tok: Token) -> bool:
    """ "ready", "willing", also "prepared" the tagger takes for a participle
    ("Moscow was prepared to discuss ...")."""
    return (tok.pos_ == "ADJ" and lemma(tok) in cues.words("offer_adjectives")) or (
        tok.tag_ == "VBN" and tok.lower_ in cues.words("offer_adjectives"))


def _answering(cues: Cues, act: Token) -> bool:
    """An act that answers an offer rather than makes one: accepting or refusing
    anything ("ready to accept a ceasefire"), considering what names an offer
    ("ready to study the proposal"; "ready to discuss a moratorium" offers talks)."""
    stance = phrasal_stance(cues, act) or cues.stance_verbs.get(lemma(act))
    if stance is None:
        return False
    if stance != "consider":
        return True
    words = token_words(list(act.subtree))
    return bool(words & (cues.words("reference_nouns") | cues.words("offer_nouns")))


def _unmarked(cues: Cues, toks: list[Token]) -> list[Token]:
    """`toks` without the conditional clauses among them, trivial ones too
    ("host talks if both accepted" -> "host talks")."""
    marks = cues.words("condition_marks")
    skip = {t.i for a in toks if a.dep_ == "advcl"
            and any(m.dep_ == "mark" and m.lower_ in marks for m in a.children)
            for t in a.subtree}
    return [t for t in toks if t.i not in skip]


def _before_conditions(cues: Cues, toks: list[Token],
                       conds: list[tuple[str, int, int]]) -> list[Token]:
    """The tokens of a term up to the first condition inside it, without the
    words that lead the condition in ("release the hostages in exchange for
    a truce" -> "release the hostages")."""
    inside = [c[1] for c in conds if toks and toks[0].idx <= c[1] <= toks[-1].idx]
    if not inside:
        return toks
    text = doc_text(toks[0].doc)
    lead = text[toks[0].idx:min(inside)].rstrip(" ,;–-").lower()
    for p in sorted([*cues.phrases, *cues.words("condition_marks")], key=len, reverse=True):
        if lead.endswith(p) and (len(lead) == len(p) or not lead[-len(p) - 1].isalnum()):
            lead = lead[:-len(p)].rstrip(" ,;–-")
            break
    end = toks[0].idx + len(lead)
    return [t for t in toks if t.idx + len(t) <= end]


def from_parties(cues: Cues, doc: Doc, sent: Span, n: int, tok: Token) -> Found | None:
    """A deal its parties sign, reach or negotiate: the first party proposes it
    to the second (a conjunct of the subject, or "with X")."""
    verb = tok.head
    if any(ch.dep_ == "neg" for ch in verb.children) or in_force(cues, tok):
        return None
    subj = subject_of(verb)
    if subj is None:
        return None
    parties = [r for r in refs_for(cues.known, doc, subj) if r is not None]
    for ch in verb.children:
        if ch.dep_ == "prep" and ch.lower_ == "with":
            parties += [r for g in ch.children if g.dep_ == "pobj"
                        for r in refs_for(cues.known, doc, g) if r is not None]
    if not parties:
        return None
    kind = cues.kind(token_words(list(tok.subtree))) or "deal"
    start, end = sent_span(sent)
    toks = list(tok.subtree)
    terms = [doc_text(doc)[toks[0].idx:toks[-1].idx + len(toks[-1])]]
    return new_found(cues, doc, sent, n, parties[0], parties[1] if len(parties) > 1 else None,
                     kind, start, end, conditions(cues, doc, sent, tok), anchor=tok.i,
                     terms=terms)


def from_conditional(cues: Cues, doc: Doc, sent: Span, n: int, tok: Token) -> Found | None:
    """An act offered on a condition: "X would meet Y if ...", "we will help with
    repatriation if you ..." (a cooperative act, `conditional_offer_verbs`; a
    threat of force on a condition is no offer)."""
    head = tok
    while head.dep_ == "xcomp" and head.head.pos_ == "VERB":  # "will try to help"
        head = head.head
    if not any(ch.dep_ == "aux" and ch.lower_ in ("will", "would", "'ll", "could")
               for ch in head.children) or any(ch.dep_ == "neg" for ch in head.children) \
            or under_offer(cues, head):
        return None
    clauses = [ch for ch in head.children if ch.dep_ == "advcl" and conditional(cues, ch)]
    sub = list(head.subtree)
    lo, hi = sub[0].idx, sub[-1].idx + len(sub[-1])
    conds = [c for c in conditions(cues, doc, sent, tok) if lo <= c[1] < hi]
    if not conds or (not clauses and is_answer(cues, tok)):
        return None  # its own condition, by a mark or a phrase ("as long as", "in return
        # for"); "would accept a truce as long as ...": the answer makes the offer
    subj = subject_of(head)
    if subj is None:
        return None
    proposer = ref_for(cues.known, doc, subj) or quote_speaker(cues.known, doc, subj)
    if proposer is None and (_definite(subj) or subj.pos_ == "PRON"):
        # "O'Brien said the president would meet Kim", "Iran said it would return
        # to the deal": the sayer speaks for "the president" and for "it"
        proposer = reported_by(cues, doc, head)
    if proposer is None:
        return None
    recipient = None
    for ch in tok.children:
        if ch.dep_ in ("dobj", "dative") or (ch.dep_ == "prep" and ch.lower_ == "with"):
            objs = [ch] if ch.dep_ != "prep" else [g for g in ch.children if g.dep_ == "pobj"]
            recipient = next((r for g in objs for r in refs_for(cues.known, doc, g)
                              if r is not None), None)
            if recipient is not None:
                break
    skip = {t.i for c in clauses for t in c.subtree} | {t.i for t in subj.subtree}
    toks = [t for t in tok.subtree if t.i not in skip and not t.is_punct
            and t.dep_ not in ("aux", "nsubj")]
    toks = _before_conditions(cues, toks, [c for c in conds if c[1] > tok.idx])
    kind = cues.kind(token_words(toks)) or cues.kind({lemma(tok)}) or "offer"
    start, end = sent_span(sent)
    terms = [doc_text(doc)[toks[0].idx:toks[-1].idx + len(toks[-1])]] if toks else []
    return new_found(cues, doc, sent, n, proposer, recipient, kind, start, end,
                     conds, anchor=tok.i, terms=terms)


def from_pledge(cues: Cues, doc: Doc, sent: Span, n: int, tok: Token) -> Found | None:
    need = cues.pledge_objects.get(lemma(tok))
    if need and not (token_words(list(tok.subtree)) & need):
        return None  # "would cease military aid" stops support, not fire
    if under_offer(cues, tok):
        return None  # "Under the draft, the rebels would withdraw": the draft's terms
    kind = cues.kind(token_words(_unmarked(cues, list(tok.subtree)))) or cues.pledges[lemma(tok)]
    proposer = proposer_of(cues, doc, tok)
    if proposer is None or proposer.inferred:
        sayer = subject_of(sent.root)
        proposer = (ref_for(cues.known, doc, sayer) if sayer is not None else None) or proposer
    start, end = sent_span(sent)
    conds = conditions(cues, doc, sent, tok)
    toks = _before_conditions(cues, _unmarked(cues, [t for t in tok.subtree if t.i >= tok.i]),
                              conds)
    while toks and toks[-1].is_punct:
        toks = toks[:-1]
    terms = [doc_text(doc)[tok.idx:toks[-1].idx + len(toks[-1])]] if toks else []
    return new_found(cues, doc, sent, n, proposer, None, kind, start, end,
                     conds, anchor=tok.i, terms=terms)


def _definite(tok: Token) -> bool:
    """A singular noun with "the": one party the sayer speaks for ("the
    president", "the ministry"), unlike "some Western companies"."""
    return tok.tag_ in ("NN", "NNP") and any(ch.dep_ == "det" and ch.lower_ == "the"
                                             for ch in tok.children)


def _governing_subject(tok: Token) -> Token | None:
    """The subject of the clause a participle hangs on: "Pyongyang issued
    warnings demanding that ...", "Threatening ..., BLA demanded"."""
    for anc in ancestors_in_sentence(tok):
        if anc.pos_ in ("VERB", "AUX"):
            return subject_of(anc)
    return None


def under_offer(cues: Cues, tok: Token) -> bool:
    """A clause of `tok` told "under" an offer ("Under the draft, the rebels would
    withdraw", "under the plan, Israel would pull back"): the offer's terms,
    no offer of the clause's subject."""
    for t in (tok, *ancestors_in_sentence(tok)):
        for ch in t.children:
            if ch.dep_ == "prep" and ch.lower_ == "under" and any(
                    g.dep_ == "pobj" and lemma(g) in cues.words("offer_nouns")
                    | cues.words("reference_nouns") for g in ch.children):
                return True
    return False


def promised(tok: Token) -> bool:
    if any(ch.dep_ == "neg" for ch in tok.children):
        return False
    if not any(ch.dep_ == "aux" and ch.lower_ in ("would", "will") for ch in tok.children):
        return False
    return tok.dep_ in ("ccomp", "conj") and any(a.pos_ == "VERB" and a.dep_ == "ROOT"
                                                 for a in ancestors_in_sentence(tok))
