"""What is said back to a proposal: the responses.

Responses are stance words (accept, reject, consider, counter), phrasal
answers ("ruled out"), answers told as nouns ("Kyiv's rejection", "expressed
support for"), copular judgements ("the offer was unacceptable") and replies
withheld or told with their manner ("declined to comment", "responded
positively"), with their actors and objects; which proposal one answers is
decided by the extractor (`proposals.ProposalExtractor`). An acceptance on
conditions carries them (`proposal_conditions`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from accord.model import Ref, Response
from accord.pipeline.common.refs import demonym_ref, quote_speaker, ref_for, refs_for
from accord.pipeline.common.syntax import (
    ancestors_in_sentence,
    in_condition,
    lemma,
    subject_of,
)
from accord.pipeline.common.tokens import doc_text, tokens
from accord.pipeline.proposals.conditions import conditions
from accord.pipeline.proposals.cues import (
    Cues,
    date_within,
    is_request,
    phrasal_stance,
    sent_span,
    token_words,
)


def responses(cues: Cues, doc: Doc, sent: Span, used: set[int]
              ) -> list[tuple[Response, list[Token], str | None,
                              list[tuple[str, int, int]]]]:
    """Stance words with their actors and objects. The objects of a stance on
    something else ("dismissed Putin's response as setting conditions") or of
    one only expected ("it is for Russia to accept it", "not the time for the
    Council to consider offering relief") go into `used`: what they name is
    spoken of, not offered."""
    out = []
    low = doc_text(doc)[sent.start_char:sent.end_char].lower()
    tt = tokens(doc)
    for i in range(sent.start, sent.end):
        stance = None
        lo, pos = tt.lemma[i], tt.pos[i]
        if pos == "VERB" and lo in cues.words("reply_verbs"):
            manner = next((s for ch in doc[i].children if ch.dep_ == "advmod"
                           for s, words in cues.reply_manners.items() if ch.lower_ in words),
                          None)
            if manner is None and not _withheld(cues, doc[i]):
                continue
            # "responded positively to the proposal"; "declined to comment on
            # the offer": no answer yet
            stance = manner or "consider"
        elif pos == "VERB" and lo in cues.words("counter_verbs"):
            stance = "counter"  # "Hamas countered with an offer of a five-year truce"
        elif pos == "VERB" and (ph := phrasal_stance(cues, doc[i])) is not None:
            stance = ph  # "ruled out", "turned down": the particle makes the answer
        elif pos == "VERB" and lo in cues.stance_verbs:
            stance = cues.stance_verbs[lo]
        elif pos == "ADJ" and lo in cues.stance_adjs:
            stance = cues.stance_adjs[lo]
            if any(ch.dep_ == "xcomp" and cues.stance_verbs.get(lemma(ch)) == "consider"
                   for ch in doc[i].children):
                stance = "consider"  # "ready to study the proposal": not accepted yet
        elif pos == "NOUN" and lo in cues.stance_nouns and _owner(cues, doc[i]) is not None:
            stance = cues.stance_nouns[lo]  # "Kyiv's rejection of the offer"
            if stance == "accept" and any(ch.dep_ == "amod" and lemma(ch) in cues.words(
                    "hedging_adjectives") for ch in doc[i].children):
                stance = "consider"  # "gave the offer a cautious welcome"
        elif pos == "VERB" and lo in cues.judging and _called(cues, doc, doc[i]):
            stance = "reject"
        elif pos == "VERB" and lo == "meet" and any(p in low for p in cues.consider_phrases):
            stance = "consider"
        elif lo == "be" and _judged(cues, doc, doc[i]) is not None:
            stance = "reject"  # "Khartoum said the offer was unacceptable"
        if stance is None:
            continue
        tok = doc[i]
        judged = _judged(cues, doc, tok) if lo == "be" else None
        if lo in cues.words("transitive_stances") and not any(
                ch.dep_ in ("dobj", "xcomp", "ccomp") for ch in tok.children):
            continue  # "the number of refugees declined": a fall, no refusal
        if in_condition(tok, cues.words("condition_marks")) is not None or _asked_of(cues, tok) \
                or (_nested(cues, tok) and lo not in cues.words("reply_verbs")):
            continue
        if any(ch.dep_ in ("xcomp", "prep", "pcomp") and lemma(g) in cues.words("reply_verbs")
               for ch in tok.children for g in (ch, *ch.children)):
            continue  # "declined to comment": the reply verb tells the answer
        if _about_other(cues, tok) or any(ch.dep_ == "mark" and ch.lower_ == "for"
                                          for ch in tok.children):
            used.update(t.i for ch in tok.children if ch.dep_ in ("dobj", "prep", "xcomp")
                        for t in ch.subtree)
            continue
        if stance == "accept" and _pending(cues, tok):
            stance = "consider"  # "has not agreed", "has yet to accept it": undecided
        elif any(ch.dep_ == "neg" for ch in tok.children):
            stance = "reject" if stance == "accept" else stance
        if stance == "reject" and _asks_instead(cues, tok):
            stance = "counter"  # "denied the request and asked instead for ..."
        objs = [t for ch in tok.children if ch.dep_ in ("dobj", "prep", "xcomp", "nsubjpass")
                for t in ch.subtree] if judged is None else list(judged.subtree)
        if tok.dep_ == "relcl":
            objs.append(tok.head)
        if lo in cues.words("explicit_stances") and not _names_offer(cues, objs):
            continue  # "Rwanda denies backing the M23": no offer denied
        if pos == "NOUN" and tok.dep_ == "dobj" and not objs:  # "gave a welcome to the offer"
            objs = [t for ch in tok.head.children if ch.dep_ in ("dative", "prep")
                    for t in ch.subtree]
        counter_kind = None
        conds: list[tuple[str, int, int]] = []
        if stance == "accept" and (pos == "ADJ" or any(
                ch.dep_ == "aux" and ch.lower_ in ("would", "will") for ch in tok.children)):
            conds = conditions(cues, doc, sent, tok)  # an acceptance on conditions
        elif stance == "accept" and pos == "VERB":  # "agreed to a pause in return for ..."
            sub = list(tok.subtree)
            conds = [c for c in conditions(cues, doc, sent, tok)
                     if sub[0].idx <= c[1] < sub[-1].idx + len(sub[-1])]
        reluctant = tok.head if tok.dep_ in ("acl", "xcomp") and tok.head.i != tok.i \
            and lemma(tok.head) in cues.words("reluctance") else None
        if stance == "accept" and (reluctant is not None or _hedged(cues, doc, sent, tok)):
            stance = "consider"  # "its reluctance to fully endorse the proposal"
        own = [t for t in tok.subtree if not any(  # not the "only" of "only if"
            a.dep_ == "advcl" and a.head.i == tok.i for a in (t, *t.ancestors))]
        if stance == "accept" and token_words(own) & cues.words("counter_cues"):
            stance = "counter"
            counter_kind = cues.kind(token_words(objs)) or "offer"
        elif lo in cues.words("counter_verbs") and objs:  # its own offer, answering
            counter_kind = cues.kind(token_words(objs)) or "offer"
        subj = _owner(cues, tok) if pos == "NOUN" else subject_of(tok)
        if judged is not None:  # the one who judges it: the sayer
            subj = subject_of(tok.head) if tok.dep_ == "ccomp" and tok.head.i != tok.i else None
        if subj is None:
            agent = [g for ch in tok.subtree if ch.dep_ == "agent" or (
                ch.lower_ == "by" and ch.dep_ == "prep" and ch.head.i != tok.i)
                for g in ch.children if g.dep_ == "pobj"]
            subj = agent[0] if agent else None
        actors = refs_for(cues.known, doc, subj) if subj is not None else []
        if subj is not None and not any(actors):  # "the European side refused"
            actors = [demonym_ref(cues.known, doc, ch) for ch in subj.children
                      if ch.dep_ == "amod"][:1] or actors
        if reluctant is not None and (subj is None or subj.i == reluctant.i or not any(actors)):
            actors = [_reluctant_one(cues, doc, reluctant)]
        if subj is not None and subj.pos_ == "PRON" and not any(actors):
            actors = [quote_speaker(cues.known, doc, subj) or _sayer(cues, doc, subj)
                      or _last_person(cues, doc, sent, subj)]
        ents = doc._.entities or {}
        actors = [a for a in actors if a is None or getattr(
            ents.get(a.id or ""), "sector", "") not in cues.bystanders]
        s, e = sent_span(sent)
        for a in actors:
            if a is not None:
                out.append((Response(stance, s, e, a, date_within(doc, s, e)), objs,
                            counter_kind, conds))
    return out


def _names_offer(cues: Cues, toks: list[Token]) -> bool:
    """Words that refer to an offer: a pronoun, a reference or offer noun, a kind."""
    words = token_words(toks)
    return any(t.pos_ == "PRON" for t in toks) or bool(
        words & (cues.words("reference_nouns") | cues.words("offer_nouns"))) \
        or cues.kind(words) is not None


def _withheld(cues: Cues, tok: Token) -> bool:
    """A reply not given: "has not responded to the offer", "declined to
    comment on it", "refrained from commenting on the overtures"."""
    if any(ch.dep_ == "neg" for ch in tok.children) or _pending(cues, tok):
        return True  # "has not responded", "has yet to respond"
    h = tok.head.head if tok.dep_ == "pcomp" else tok.head  # "refrained from commenting"
    return tok.dep_ in ("xcomp", "pcomp") and h.i != tok.i \
        and lemma(h) in cues.words("withholding_verbs")


def _owner(cues: Cues, tok: Token) -> Token | None:
    """Whose answer a stance noun tells: its possessor ("Kyiv's rejection"), or
    the subject of the light verb that gives it ("Riyadh expressed support
    for the plan", "gave a cautious welcome to the offer")."""
    poss = next((ch for ch in tok.children if ch.dep_ == "poss"), None)
    if poss is not None or tok.dep_ != "dobj" or lemma(tok.head) not in cues.words(
            "stance_light_verbs") or any(ch.dep_ == "neg" for ch in tok.head.children):
        return poss
    return subject_of(tok.head)


def _called(cues: Cues, doc: Doc, call: Token) -> bool:
    """A rejection: "called the offer a sham", "called it a non-starter", a call word in the
    complement, also one the tokenizer splits at its hyphen."""
    sub = list(call.subtree)
    if any(lemma(g) in cues.call_words for g in sub):
        return True
    text = doc_text(doc)[sub[0].idx:sub[-1].idx + len(sub[-1])].lower()
    return any(("-" in w or " " in w) and re.search(rf"\b{re.escape(w)}\b", text)
               for w in cues.call_words)


def _judged(cues: Cues, doc: Doc, be: Token) -> Token | None:
    """The offer a copula calls one of the rejecting `call_words`: "the offer
    was unacceptable", "it is a non-starter" (its subject, a pronoun or a
    noun that refers to an offer)."""
    subj = next((ch for ch in be.children if ch.dep_ == "nsubj"), None)
    if subj is None or any(ch.dep_ == "neg" for ch in be.children) or not (
            subj.lower_ in ("it", "this", "that")
            or lemma(subj) in cues.words("reference_nouns") | cues.words("offer_nouns")
            or cues.noun_kind(subj) is not None):
        return None
    comp = [t for ch in be.children if ch.dep_ in ("attr", "acomp") for t in ch.subtree]
    if not comp:
        return None
    last = max(comp[-1], be.right_edge, key=lambda t: t.i)  # "is dead on arrival"
    text = doc_text(doc)[comp[0].idx:last.idx + len(last)].lower()
    return subj if any(re.search(rf"\b{re.escape(w)}\b", text) for w in cues.call_words) \
        else None


def _asks_instead(cues: Cues, tok: Token) -> bool:
    """A refusal coordinated with a demand or offer of something else: "denied
    the request and asked instead for full denuclearization"."""
    return any(ch.dep_ == "conj" and ch.pos_ == "VERB"
               and (is_request(cues, ch) or lemma(ch) in cues.words("proposing_verbs"))
               and any(g.lower_ in cues.words("counter_cues") for g in ch.children)
               for ch in tok.children)


def _pending(cues: Cues, tok: Token) -> bool:
    """An acceptance not given yet, which leaves the answer open: a negated
    perfect ("Russia has not agreed to the ceasefire") or "has yet to accept
    it" (`pending_auxiliaries`, `pending_adverbs`)."""
    negated = any(ch.dep_ == "neg" for ch in tok.children)
    if negated and any(ch.dep_ == "aux" and lemma(ch) in cues.words("pending_auxiliaries")
                       for ch in tok.children):
        return True
    h = tok.head
    return tok.dep_ == "xcomp" and h.i != tok.i \
        and lemma(h) in cues.words("pending_auxiliaries") | {"be"} \
        and any(ch.dep_ == "advmod" and ch.lower_ in cues.words("pending_adverbs")
                for ch in h.children)


def _hedged(cues: Cues, doc: Doc, sent: Span, tok: Token) -> bool:
    """An acceptance "in principle" qualified by a "but" after it: "supports
    the proposal in principle, but details need to be worked out"."""
    text = doc_text(doc)[tok.left_edge.idx:sent.end_char].lower()
    hits = [text.find(h) for h in cues.hedges]
    at = min((i for i in hits if i >= 0), default=-1)
    if at < 0:
        return False
    return any(re.search(rf"\b{c}\b", text[at:]) for c in cues.words("contrasts"))


def _asked_of(cues: Cues, tok: Token) -> bool:
    """A stance verb under a demand ("urged Russia to accept it", "called for
    Russia to reciprocate by agreeing"): asked of its subject, not done."""
    path: list[Token] = []
    below = tok
    for hops, anc in enumerate(ancestors_in_sentence(tok)):
        if hops > 3:
            break
        if below.dep_ != "conj" and is_request(cues, anc, path):
            return True  # "asked for X, but Y denied it": a second clause
        path.append(anc)
        below = anc
    return False


def _nested(cues: Cues, tok: Token) -> bool:
    """The complement of another stance word: in "refused to support the plan"
    the answer is the refusal, not the support."""
    h = tok.head
    return tok.dep_ == "xcomp" and h.i != tok.i and (
        (h.pos_ == "VERB" and lemma(h) in cues.stance_verbs)
        or (h.pos_ == "ADJ" and lemma(h) in cues.stance_adjs))


def _about_other(cues: Cues, tok: Token) -> bool:
    """A stance whose object names something that is no offer: "dismissed
    Putin's response", "rejected the accusations" answer no proposal."""
    for ch in tok.children:
        if ch.dep_ == "dobj" and ch.pos_ in ("NOUN", "PROPN"):
            toks = [t for t in ch.subtree if t.i <= ch.i]  # "the idea of talks" too
            toks += [t for p in ch.children if p.dep_ == "prep" and p.lower_ == "of"
                     for t in p.subtree]
            words = token_words(toks)
            return not (words & (cues.words("reference_nouns") | cues.words("offer_nouns"))
                        or cues.kind(words) is not None)
    return False


def _reluctant_one(cues: Cues, doc: Doc, word: Token) -> Ref | None:
    """Who is reluctant: the owner of "its reluctance" when named, else the
    nearest subject above that names an actor ("the Kremlin said much remains
    to be done, signaling its reluctance to ...")."""
    for ch in word.children:
        if ch.dep_ == "poss" and (ref := ref_for(cues.known, doc, ch)) is not None:
            return ref
    t = word
    for _ in range(5):
        if t.head.i == t.i:
            return None
        t = t.head
        subj = subject_of(t) if t.pos_ in ("VERB", "AUX") else None
        ref = ref_for(cues.known, doc, subj) if subj is not None else None
        if ref is not None:
            return ref
    return None


def _last_person(cues: Cues, doc: Doc, sent: Span, pron: Token) -> Ref | None:
    """ "he" or "she" opening a sentence stands for the person the sentence
    before was about: "Duale, a lawmaker, thinks ... But he doesn't support
    the measure." (the subject of that sentence, when it names a person or
    is described by an apposition)."""
    if pron.lower_ not in ("he", "she") or sent.start == 0 or pron.head.dep_ != "ROOT":
        return None
    prev = doc[sent.start - 1].sent.root
    subj = subject_of(prev) if prev.pos_ in ("VERB", "AUX") else None
    ref = ref_for(cues.known, doc, subj) if subj is not None else None
    ent = (doc._.entities or {}).get(ref.id or "") if ref is not None else None
    described = subj is not None and any(ch.dep_ == "appos" for ch in subj.children)
    if ref is None or not (getattr(ent, "type", None) == "PERSON" or described):
        return None  # "Duale, a lawmaker," is a person however the tagger typed him
    return Ref(name=ref.name, id=ref.id, start=pron.idx, end=pron.idx + len(pron),
               inferred="previous subject")


def _sayer(cues: Cues, doc: Doc, pron: Token) -> Ref | None:
    """A pronoun subject of a reported clause stands for the one who reports it:
    "Israel said it was studying the proposal" (the linker leaves "it" alone)."""
    t = pron.head
    for _ in range(4):
        if t.dep_ == "ccomp" and t.head.i != t.i:
            subj = subject_of(t.head)
            if subj is None or subj.pos_ == "PRON":
                return None
            ref = ref_for(cues.known, doc, subj)
            if ref is None:
                return None
            return Ref(name=ref.name, id=ref.id, start=pron.idx, end=pron.idx + len(pron),
                       inferred="reported speaker")
        if t.head.i == t.i or t.dep_ not in ("xcomp", "conj", "aux", "acomp"):
            return None
        t = t.head
    return None
