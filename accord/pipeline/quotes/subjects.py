"""Subjects of reporting verbs: the token that speaks (`subject_of`) and the
span of its noun phrase (`subject_span`), with the repairs for parses that lose
or misplace the subject: a name set off by commas or a dash, an absolute "with"
phrase, the issuer of an object a participle hangs on ("Pyongyang issued
warnings demanding ..."), a participle or conjunct hung on a clause the sentence
only mentions, a verb after its quotation ('"...," added Bagci'), a conjunct
whose nearest subject does not agree with it in number."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from accord.pipeline.quotes.layout import FINITE, RELATIVE
from accord.pipeline.quotes.lexicon import Lexicon


def _name_before(verb: Token) -> Token | None:
    """A person's name right before a comma before the verb."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    tok = doc[verb.i - 2]
    for anc in [tok, *tok.ancestors]:
        if anc.dep_ == "appos" and anc.right_edge.i == verb.i - 2 and anc.left_edge.i > 0 and (
                doc[anc.left_edge.i - 1].text == ","):
            tok = anc.head  # "X, an Afghan writer and former diplomat, told VOA"
            break
    if tok.dep_ == "pobj":
        return None  # "praised his summit with X, described ...": an object, not a subject
    return tok if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN" else None


def _issuer(noun: Token, lex: Lexicon | None) -> Token | None:
    """The subject of the verb whose object `noun` is, when `noun` is a thing
    (a statement, a video, warnings), not a person."""
    if lex is None or noun.pos_ != "NOUN" or noun.dep_ != "dobj" or noun.ent_type_ or (
            noun.lemma_.lower() in lex.words("person_roles")):
        return None
    owner = next((c for c in noun.head.children if c.dep_ == "nsubj"), None)
    return owner if owner is not None and owner.lower_ not in RELATIVE else None


def _with_subject(v: Token) -> Token | None:
    """The noun of an absolute "with" phrase, the subject of its participle:
    "..., with Erdogan at one point suggesting Macron needed ..."."""
    if v.tag_ != "VBG" or v.dep_ not in ("advcl", "pcomp", "acl"):
        return None
    doc = v.doc
    for t in reversed(doc[max(0, v.i - 7):v.i]):
        if t.pos_ in ("VERB", "AUX") or t.is_punct:
            return None
        if t.dep_ == "pobj" and t.head.lower_ == "with" and t.pos_ in ("PROPN", "NOUN", "PRON"):
            return t
    return None


def _outer_clause(v: Token, lex: Lexicon | None) -> bool:
    """Whether a participle after a comma (", arguing ...") or a past-tense
    conjunct ("and warned ...") that the parser hung on a clause the sentence
    only mentions ("He rejected the idea migration can lead to ..., arguing
    integration fails and warned ...") belongs to the clause above it. Not
    under a reporting verb: "Officials said the protesters blocked the road,
    demanding ..." keeps the protesters."""
    head = v.head
    if lex is None or head.dep_ != "ccomp" or head.head.pos_ != "VERB" or (
            head.head.lemma_.lower() in lex.words("reporting_verbs")):
        return False
    doc = v.doc
    if v.dep_ == "advcl" and v.tag_ == "VBG":
        return v.i > 0 and doc[v.i - 1].text == ","
    return v.dep_ == "conj" and v.tag_ == "VBD" and head.tag_ != "VBD"


def _after_verb(verb: Token) -> Token | None:
    """The speaker after a verb that follows its quotation without a subject of
    its own ('"...," added Bagci', '"...," read a statement'), which the parser
    took for an object or cut off into a sentence of its own: the person named
    in the noun phrase right after the verb, else that phrase's last noun."""
    doc = verb.doc
    k = verb.i - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    if k < 0 or not doc[k].is_quote or any(c.dep_ in ("nsubj", "nsubjpass", "expl")
                                           for c in verb.children):
        return None
    noun: Token | None = None
    for t in doc[verb.i + 1:verb.i + 10]:
        if "\n" in doc[t.i - 1].text_with_ws:
            break
        if t.ent_type_ == "PERSON" and t.pos_ == "PROPN":
            return t
        if t.pos_ in ("NOUN", "PROPN"):
            noun = t
        elif noun is not None or t.pos_ not in ("DET", "ADJ", "NUM"):
            break
    return noun


def _stranded_name(verb: Token, sent: Span) -> Token | None:
    """The person named before a verb that the parser left without a subject,
    set off with an apposition ("In Abidjan, Willy Neth, coordinator for ...,
    says ..."): the one person name in the sentence before the verb that a
    comma follows, with no finite verb after it up to the reporting verb."""
    doc = verb.doc
    if verb.i < 1 or doc[verb.i - 1].text != ",":
        return None
    names = [t for t in doc[sent.start:verb.i - 1] if t.ent_type_ == "PERSON" and (
        t.pos_ == "PROPN") and doc[t.i + 1].text == "," and t.ent_iob_ != "" and (
        doc[t.i + 1].ent_type_ != "PERSON")]
    if len(names) != 1:
        return None
    # "Mark Simon, who worked with Lai for decades, argued": the name's own relative clause
    own = {t.i for c in names[0].children if c.dep_ == "relcl" for t in c.subtree}
    if any(t.tag_ in FINITE and t.i not in own for t in doc[names[0].i + 1:verb.i]):
        return None
    return names[0]


def _set_off_name(subj: Token, subjs: list[Token]) -> Token:
    """Of two subjects the parser gave one verb, the person's name before an
    apposition set off by a dash or comma ("Al-Sharaa — leader of ... — said"):
    the name, not the apposition's noun."""
    doc = subj.doc
    k = subj.left_edge.i
    while k < subj.i and doc[k].is_punct:
        k += 1  # the parser may hang the dash on the noun
    k -= 1
    if subj.pos_ != "NOUN" or k < 1 or doc[k].text not in ("—", "–", ","):
        return subj
    name = doc[k - 1]
    if name in subjs and name.pos_ == "PROPN" and name.ent_type_ == "PERSON":
        return name
    return subj


_SINGULAR = {"NN", "NNP"}
_PLURAL = {"NNS", "NNPS"}


def _agreeing_subject(conj: Token) -> Token | None:
    """The subject of a present-tense conjunct whose nearest subject up the
    tree does not agree with it in number ("Hong Kong authorities have rejected
    accusations that Lai's trial is unfair and maintain that ...": maintain,
    plural, is the authorities', not the trial's): the nearest subject above
    that agrees. None when the nearest one agrees, or the verb shows no number."""
    # a bare verb joined to a singular present ("is unfair and maintain") is a
    # plural present the tagger took for an infinitive
    plural = conj.tag_ == "VBP" or conj.tag_ == "VB" and conj.head.tag_ == "VBZ" and not any(
        c.dep_ in ("aux", "nsubj") for c in conj.children)
    want = _PLURAL if plural else _SINGULAR if conj.tag_ == "VBZ" else None
    if want is None:
        return None
    first = True
    for anc in conj.ancestors:
        subj = next((c for c in anc.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.tag_ not in _SINGULAR | _PLURAL:
            continue
        if subj.tag_ in want:
            return None if first else subj
        first = False
    return None


def subject_of(verb: Token, sent: Span, lex: Lexicon | None = None) -> Token | None:
    """The one who speaks: the verb's subject, climbing through participles
    ("..., saying"), conjuncts and infinitives to the clause that has one; for
    a participle on an object, that object's issuer ("Pyongyang issued a series
    of warnings demanding ...": Pyongyang) unless the object is a person."""
    v = verb
    named = _name_before(verb)
    if named is not None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return named   # "..., Representative Derrick Van Orden, told VOA": a stray comma
    for _ in range(5):
        # the subject nearest the verb: "Moscow political analyst Ilya Grashchenkov"
        subjs = [c for c in v.children if c.dep_ == "nsubj" or c.dep_ == "nsubjpass"
                 and v.lemma_.lower() in ("quote", "cite")]  # "X was quoted as saying"
        subj = min(subjs, key=lambda c: abs(c.i - v.i)) if subjs else None
        if subj is not None and len(subjs) > 1:
            subj = _set_off_name(subj, subjs)
        if subj is not None:
            if subj.lower_ in RELATIVE and v.dep_ == "relcl":
                return v.head
            return subj
        if v.dep_ in ("acl", "relcl") and v.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            noun = v.head
            # "X, a key Brexit figure, joked": the parser hung the verb on the apposition
            if v.dep_ == "acl" and noun.dep_ == "appos" and noun.head.ent_type_ == "PERSON" and (
                    noun.head.pos_ == "PROPN") and noun.i < v.i:
                return noun.head
            while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in (
                    "NUM", "PRON", "NOUN") and noun.head.head.i < noun.i:
                noun = noun.head.head
            return _issuer(noun, lex) or noun
        if (holder := _with_subject(v)) is not None:
            return holder
        if _outer_clause(v, lex):
            v = v.head.head
            continue
        if v.dep_ == "conj" and (agreeing := _agreeing_subject(v)) is not None:
            return agreeing
        if v.dep_ in ("xcomp", "advcl", "conj", "pcomp", "prep", "ccomp") and v.head.i != v.i:
            v = v.head
            continue
        break
    if (inverted := _after_verb(verb)) is not None:
        return inverted
    if (stranded := _stranded_name(verb, sent)) is not None:
        return stranded
    # the parser lost the subject: the nearest subject-like word to the left
    for t in reversed(sent[:verb.i - sent.start]):
        if t.dep_ in ("nsubj", "conj") and t.pos_ in ("NOUN", "PROPN", "PRON") and (
                t.lower_ not in RELATIVE) and t.head.pos_ in ("VERB", "AUX", "X"):
            return t
    return None


def subject_span(doc: Doc, subj: Token, verb: Token | None) -> tuple[int, int]:
    """Character span of the subject's noun phrase, without clauses after a comma."""
    i0, i1 = subj.left_edge.i, subj.right_edge.i + 1
    while i0 < subj.i and (doc[i0].is_punct or doc[i0].is_space):
        i0 += 1
    if verb is not None and i0 <= verb.i < i1:
        acl = verb
        while acl.head.i != subj.i and acl.head.i != acl.i:
            acl = acl.head
        i1 = acl.left_edge.i if acl.left_edge.i > subj.i else subj.i + 1
    for k in range(subj.i + 1, i1):
        if doc[k].text in (",", "(", "—", "–", ":"):
            i1 = k
            break
    i1 = min(i1, max(subj.i + 1, i0 + 12))
    while i1 - 1 > i0 and (doc[i1 - 1].is_punct or doc[i1 - 1].is_space):
        i1 -= 1
    return doc[i0].idx, doc[i1 - 1].idx + len(doc[i1 - 1])
