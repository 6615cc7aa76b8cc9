"""Speakers: the subject of the reporting verb, resolved to an actor through
the actors linker (names, appositions, "the Kremlin spokesman", "he"), and
carried over from the quote before where a quote has no attribution of its own
(SPEC section 2)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from accord.model import Ref
from accord.pipeline.common.mentions import INFERRED_VIA, entity_ref, mentions_in, ref_at
from accord.pipeline.quotes.layout import FINITE, RELATIVE, Cand, Layout
from accord.pipeline.quotes.lexicon import Lexicon

_PERSONAL = {"PRP"}
_THIRD = {"he", "she", "they"}
_PERSON_PRONOUNS = {"he", "she"}
_DEFINITE = {"the", "this", "that", "these", "those"}
_GROUP_PRONOUNS = {"them", "those", "these"}


def assign_speakers(lex: Lexicon, doc: Doc, lay: Layout, cands: list[Cand]) -> None:
    """Resolve each quote's speaker, in text order. A quote without its own
    attribution, or attributed to "he"/"she"/"they" or "the analyst", takes the
    speaker of the quote just before it: "A," he said. "B." -- a quoted person
    stays in focus, which is what a pronoun next to a quote refers to."""
    seen: dict[str, Ref] = {}
    prev: Cand | None = None
    done: list[Cand] = []
    for c in cands:
        if c.subject is not None and c.why != "continues":
            c.speaker, c.why, c.head = resolve(lay.text, c.subject, c.verb, lex, seen)
            if c.subject.tag_ in _PERSONAL and c.subject.lower_ in _THIRD:
                c.why = "pronoun"
        ref = prev.speaker if prev is not None and _in_focus(lay, prev, c) else None
        named = _subject_person(doc, lay, lex, c, cands) if c.why == "pronoun" else None
        if named is not None and c.subject is not None:
            # '"A," she said. X was ... and she argued ...': the person last
            # named as a subject, not the earlier speaker or a word the linker found
            c.speaker, c.why = Ref(named.name, named.id, c.subject.idx,
                                   c.subject.idx + len(c.subject), "pronoun"), ""
        if c.why == "pronoun" and c.subject is not None and _linked_person(doc, c, ref):
            ref = None  # "he" is the person the linker found, not the organisation before
        if ref is not None and c.why == "pronoun" and c.subject is not None:
            c.speaker = Ref(ref.name, ref.id, c.subject.idx,
                            c.subject.idx + len(c.subject), "pronoun")
        elif c.why == "pronoun" and c.speaker is None and c.subject is not None:
            c.speaker = _sentence_person(doc, lay, c.subject) or _it_organisation(
                doc, lay, c.subject)
        elif c.why == "continues":
            c.speaker = (Ref(ref.name, ref.id, ref.start, ref.end, ref.inferred) if ref
                         else _person_ref(doc, c.subject, "context"))
            if ref is not None and prev is not None:
                c.cue = prev.cue  # the same attribution goes on
        elif c.why == "anaphor" and c.subject is not None:
            s0, s1 = subject_span(doc, c.subject, c.verb)
            c.speaker = (Ref(ref.name, ref.id, s0, s1, "description") if ref and ref.id
                         else Ref(lay.text[s0:s1], None, s0, s1))
        if c.why == "" and c.speaker is not None and c.speaker.id is None:
            c.speaker = _antecedent(doc, lay, lex, c, done) or _partitive(doc, lay, c) or \
                _full_name(doc, c.speaker, done) or c.speaker
        if c.speaker is not None and c.head:
            seen.setdefault(c.head, c.speaker)
        prev = c
        done.append(c)
    # '“A.\n\n“B,” he said.': paragraphs of one quote share the speaker given last
    for c, nxt in reversed(list(zip(cands, cands[1:], strict=False))):
        _introduced(doc, lay, lex, c, nxt)
        if c.speaker is None and c.runs_on and nxt.speaker is not None and (
                lay.para(nxt.start) - lay.para(c.end) <= 2):
            c.speaker, c.cue = nxt.speaker, nxt.cue


def _subject_person(doc: Doc, lay: Layout, lex: Lexicon, c: Cand,
                    cands: list[Cand]) -> Ref | None:
    """The person a "he" or "she" speaker refers to when the subject of the
    main clause nearest before it (in its sentence or the two before it or its
    quote) names a person the linker knows ("X works at ..., and she said ...":
    X, not the speaker of the quote before), or the person a topic phrase
    before it names ("As for X, he ..."). None when that subject is anything
    else (a pronoun, an office) or the parser left the clause without one."""
    pron = c.subject
    if pron is None or pron.lower_ not in _PERSON_PRONOUNS:
        return None
    topics = {tuple(str(w).lower() for w in p) for p in lex.data.get("topic_phrases") or []
              if isinstance(p, list)}
    for prep in (p for v in [pron.head, *pron.head.ancestors] for p in v.children
                 if p.dep_ == "prep" and p.i < pron.i and p.sent == pron.sent):
        inner = next((g for g in prep.children if g.dep_ == "prep"), None)
        if inner is not None and (prep.lower_, inner.lower_) in topics:
            # "As for Banjai, he hopes ...": the person the clause is about
            topic = next((o for o in inner.children if o.dep_ == "pobj"), None)
            return _person_ref(doc, topic) if topic is not None else None
    first = lay.sents[max(0, lay.sent(min(pron.idx, c.start)) - 2)]
    for t in reversed(doc[first.start:pron.i]):
        if any(q.start <= t.idx < q.end for q in cands):
            continue  # the words of a quote are not the narration
        if t.dep_ == "ROOT" and t.sent != pron.sent and not any(
                s.dep_ in ("nsubj", "nsubjpass") for s in t.children):
            return None
        head = t.head
        # a clause the parser hung on the pronoun's verb is coordinated with it
        if t.dep_ in ("nsubj", "nsubjpass") and (
                head.dep_ == "ROOT" or head.dep_ == "conj" and head.head.dep_ == "ROOT"
                or head.dep_ == "ccomp" and head.head == pron.head):
            return _person_ref(doc, t) if t.pos_ != "PRON" else None
    return None


def _linked_person(doc: Doc, c: Cand, before: Ref | None) -> bool:
    """Whether "he"/"she", which the actors linker resolved to a person, keeps
    that person rather than the speaker of the quote before, an organisation or
    a place (an affiliation or a show the parser took for the subject: "Andrew
    Lebovich of the think tank Clingendael said ... '...,' he said")."""
    ents = doc._.entities or {}
    own, subj = c.speaker, c.subject
    mine = ents.get(own.id) if own is not None and own.id else None
    theirs = ents.get(before.id) if before is not None and before.id else None
    return subj is not None and subj.lower_ in _PERSON_PRONOUNS and mine is not None and (
        mine.type == "PERSON") and theirs is not None and theirs.type != "PERSON"


def _introduced(doc: Doc, lay: Layout, lex: Lexicon, c: Cand, nxt: Cand) -> None:
    """ "A top general said ... . '...,' said Gen. Ana Ruiz": a person first
    described by role with "a" is named at the next quote, in the next sentence."""
    subj, sp, ns = c.subject, c.speaker, nxt.speaker
    if subj is None or sp is None or sp.id is not None or ns is None or ns.id is None or (
            subj.pos_ != "NOUN" or subj.lemma_.lower() not in lex.words("person_roles")) or not any(
            d.dep_ == "det" and d.lower_ in ("a", "an") for d in subj.children):
        return
    ent = (doc._.entities or {}).get(ns.id)
    if ent is None or ent.type != "PERSON" or nxt.kind != "direct" or (
            lay.sent(nxt.start) - lay.sent(c.end - 1) > 1) or (
            lay.sents[lay.sent(nxt.start)].start_char < nxt.start - 1):
        return  # only a quote that opens the next sentence
    c.speaker = Ref(ns.name, ns.id, sp.start, sp.end, "description")


def _antecedent(doc: Doc, lay: Layout, lex: Lexicon, c: Cand, earlier: list[Cand]) -> Ref | None:
    """What a definite description that names no actor refers back to, within
    the two sentences before it: the same noun used earlier ("in a joint
    statement ... The statement said": whoever made that statement; "the
    leaders of Puntland ... Those leaders said": Puntland), or for an
    organisation word ("the insurgent group") the organisation named last."""
    subj = c.subject
    if subj is None or subj.pos_ != "NOUN":
        return None
    lemma = subj.lemma_.lower()
    if not any(d.dep_ == "det" and d.lower_ in _DEFINITE for d in subj.children) and (
            lemma not in lex.words("documents")):
        return None
    s0, s1 = subject_span(doc, subj, c.verb)
    first = lay.sents[max(0, lay.sent(subj.idx) - 2)]
    for t in reversed(doc[first.start:subj.left_edge.i]):
        if t.lemma_.lower() != lemma and not (lemma in lex.words("documents") and t.pos_ == "NOUN"
                                              and t.lemma_.lower().endswith(lemma)):
            continue
        if t.pos_ not in ("NOUN", "VERB") \
                or t.pos_ == "VERB" and lemma not in lex.words("documents"):
            continue
        if (author := _author(doc, t)) is not None:
            # "X reported that ... according to the report"; "X filed lawsuits ... One suit"
            return Ref(author.name, author.id, s0, s1, "description")
        if any(e.speaker is not None and e.speaker.start is not None and e.speaker.end is not None
               and e.speaker.start <= t.idx < e.speaker.end for e in earlier):
            return None  # "Two U.S. officials said ... The officials said": as described
        # "said in a joint statement": the statement is the speaker's
        said = next((e.speaker for e in reversed(earlier) if e.speaker is not None
                     and t.dep_ == "pobj" and t.head.head == e.verb), None)
        ref = said or ref_at(doc, t.left_edge.idx, t.right_edge.idx + len(t.right_edge))
        return Ref(ref.name, ref.id, s0, s1, "description") if ref is not None else None
    if lemma not in lex.words("group_nouns") or any(
            d.dep_ not in ("det", "amod", "compound") for d in subj.children):
        return None  # "the opposition party of Imran Khan" describes its own
    org = _last_organisation(doc, first.start_char, s0)
    return Ref(org.name, org.id, s0, s1, "description") if org is not None else None


def _full_name(doc: Doc, sp: Ref, earlier: list[Cand]) -> Ref | None:
    """A bare surname the linker knows no one by ("Oh said") after the one
    full name that holds it, as an earlier speaker or a person the tagger
    found ("said Oh Ei Sun, senior fellow ..."): that full name."""
    word = sp.name
    if sp.start is None or " " in word or not word[:1].isupper():
        return None
    names = {e.speaker.name for e in earlier if e.speaker is not None and e.speaker.id is None
             and e.speaker.name != word}
    names |= {e.text for e in doc.ents if e.label_ == "PERSON" and e.end_char <= sp.start}
    full = {n for n in names if word in n.split() and len(n.split()) in (2, 3, 4)}
    if len(full) != 1:
        return None
    return Ref(full.pop(), None, sp.start, sp.end, sp.inferred)


def _author(doc: Doc, t: Token) -> Ref | None:
    """Who made a document the text mentions: the subject of the verb it is
    the object of ("the groups filed lawsuits"), or of the verb itself ("CMGM
    reported"), when the linker knows that subject."""
    verb = t if t.pos_ == "VERB" else t.head if t.dep_ == "dobj" else None
    if verb is None:
        return None
    subj = next((s for s in verb.children if s.dep_ == "nsubj"), None)
    if subj is None:
        return None
    # "Immigration rights groups, including the ACLU, have filed ...": the one named
    ref = _mention_ref(doc, subj) or ref_at(doc, subj.left_edge.idx, subj.right_edge.idx
                                            + len(subj.right_edge))
    return ref if ref is not None and ref.id else None


def _partitive(doc: Doc, lay: Layout, c: Cand) -> Ref | None:
    """ "Some of them said ...": the group the sentence before is about (its
    subject), as named there."""
    subj = c.subject
    if subj is None or not any(p.lower_ == "of" and any(
            o.dep_ == "pobj" and o.lower_ in _GROUP_PRONOUNS for o in p.children)
            for p in subj.children if p.dep_ == "prep"):
        return None
    si = lay.sent(subj.idx)
    if si == 0:
        return None
    ante = next((t for t in lay.sents[si - 1].root.children if t.dep_ == "nsubj"), None)
    if ante is None or ante.pos_ not in ("NOUN", "PROPN"):
        return None
    s0, s1 = subject_span(doc, subj, c.verb)
    a0, a1 = ante.left_edge.idx, ante.idx + len(ante)
    ref = _mention_ref(doc, ante)  # the group itself, not a place it is from
    if ref is not None and ref.id:
        return Ref(ref.name, ref.id, s0, s1, "description")
    return Ref(lay.text[a0:a1], None, s0, s1, "description")


def _last_organisation(doc: Doc, start: int, end: int) -> Ref | None:
    """The organisation named last in [start, end), if the linker knows it (an
    unlinked name in between could be the one meant: then none)."""
    ents = doc._.entities or {}
    linked = [m for m in mentions_in(doc, start, end) if m.via not in INFERRED_VIA
              and m.entity_id in ents and ents[m.entity_id].type == "ORG"]
    named = [e for e in doc.ents if e.label_ == "ORG" and start <= e.start_char < end]
    last = linked[-1] if linked else None
    if last is None or any(e.start_char >= last.end for e in named):
        return None
    ent = ents[last.entity_id]
    return Ref(ent.name, ent.id, last.start, last.end)


def _in_focus(lay: Layout, prev: Cand, c: Cand) -> bool:
    """Whether the speaker of `prev` is still the one talked about at `c`: the
    quote is in the next sentence, or, for a pronoun speaker or a quote with no
    attribution, every sentence between has that pronoun (he or she) as its
    subject ('"A," he said. He dismissed ... "B," he said.')."""
    first, last = lay.sent(max(prev.end - 1, 0)), lay.sent(c.start)
    if last - first <= 1:
        return True
    if last - first > 3:
        return False
    if c.why == "continues":
        words = {"he", "she"}  # '"A," she added. She left in 2010. "B."'
    elif c.why == "pronoun" and c.subject is not None:
        words = {c.subject.lower_}
    else:
        return False
    return all(any(t.dep_ == "nsubj" and t.lower_ in words for t in lay.sents[k].root.children)
               for k in range(first + 1, last))


def _it_organisation(doc: Doc, lay: Layout, pron: Token) -> Ref | None:
    """ "It" as a speaker is the organisation named last in its sentence or the
    one before ("The agency shares that concern. It issued a statement saying
    ..."), when the linker left the pronoun unresolved."""
    if pron.lower_ != "it":
        return None
    start = lay.sents[max(0, lay.sent(pron.idx) - 1)].start_char
    org = _last_organisation(doc, start, pron.idx)
    return Ref(org.name, org.id, pron.idx, pron.idx + len(pron), "pronoun") if org else None


def _sentence_person(doc: Doc, lay: Layout, pron: Token) -> Ref | None:
    """The one person named earlier in the pronoun's sentence ("As for Tucker
    Carlson's view, he said ..."), when the linker left the pronoun unresolved."""
    start = lay.sents[lay.sent(pron.idx)].start_char
    ents = doc._.entities or {}
    people = {m.entity_id: m for m in doc._.mentions or []
              if start <= m.start and m.end <= pron.idx and m.entity_id in ents
              and ents[m.entity_id].type == "PERSON"}
    if len(people) != 1:
        return None
    ent = ents[next(iter(people))]
    return Ref(ent.name, ent.id, pron.idx, pron.idx + len(pron), "pronoun")


def _person_ref(doc: Doc, tok: Token | None, inferred: str | None = None) -> Ref | None:
    """The person `tok` names, if the actors linker knows it as a person."""
    ref = _mention_ref(doc, tok) if tok is not None else None
    ent = (doc._.entities or {}).get(ref.id) if ref is not None and ref.id else None
    if ref is None or ent is None or ent.type != "PERSON":
        return None
    return Ref(ref.name, ref.id, ref.start, ref.end, inferred)


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


def _mention_ref(doc: Doc, tok: Token) -> Ref | None:
    for m in doc._.mentions or []:
        if m.start <= tok.idx < m.end:
            return ref_at(doc, m.start, m.end)
    return None


def _person_in_phrase(doc: Doc, subj: Token) -> Ref | None:
    """A person named before the subject's organisation or place in the same
    phrase, the subject word being a misparse ("lecturer Ana Ruiz of Madrid's
    Carlos III University said"), not a true possessor ("Trump's White House")."""
    if _person_ref(doc, subj) is not None:
        return None
    mention = next((m for m in doc._.mentions or [] if m.start <= subj.idx < m.end), None)
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand") \
        if mention is not None else None
    first = span.start if span is not None else subj.i
    for t in sorted(subj.subtree, key=lambda t: -t.i):
        if t.i >= first or t.ent_type_ != "PERSON":
            continue
        between = doc[t.i + 1:first]
        if doc[t.i + 1].tag_ == "POS" or any(
                b.is_punct or b.pos_ in ("VERB", "AUX", "PRON") for b in between):
            return None
        return _person_ref(doc, t)
    return None


def _closing_appos(doc: Doc, subj: Token, verb: Token | None) -> Ref | None:
    """The name set off by commas at the end of the subject phrase: "Pakistan's
    envoy to the United Nations, Munir Akram, said"."""
    if verb is None:
        return None
    for t in subj.subtree:
        lo, hi = t.left_edge.i, t.right_edge.i + 1
        if t.ent_type_ == "PERSON" and t.i != subj.i and lo > 0 and doc[lo - 1].text == "," \
                and hi + 1 == verb.i and doc[hi].text == "," and all(
                    x.ent_type_ == "PERSON" for x in doc[lo:hi]):
            return _person_ref(doc, t)
    return None


def _according_to(doc: Doc, subj: Token) -> Ref | None:
    """The source the sentence before gave ("..., according to the White House.
    A statement said ..."), for an anonymous document or office."""
    if not any(c.lower_ in ("a", "an", "the") for c in subj.children):
        return None
    sent = subj.sent
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    for t in prev:
        if t.lower_ == "according" and t.i + 1 < sent.start and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                lo, hi = objs[0].left_edge, objs[0].right_edge
                return ref_at(doc, lo.idx, hi.idx + len(hi))
    return None


def _person_aside(doc: Doc, subj: Token, lex: Lexicon) -> Ref | None:
    """The person who opens the sentence when the parser took a word of an
    affiliation or an aside after the name for the subject: "Andrew Lebovich
    of the think tank Clingendael said", "Trump, in an interview with Fox
    News' 'Sunday Morning Futures' show, said". Between the name and the
    subject: a preposition (after a comma or not), no finite verb, no relative
    word, no other person."""
    if subj.tag_ in _PERSONAL or _person_ref(doc, subj) is not None:
        return None
    sent, first = subj.sent, subj.i
    while first > subj.sent.start and subj.i >= doc[first - 1].head.i >= first and (
            doc[first - 1].dep_ in ("compound", "amod", "det", "nmod", "punct")):
        first -= 1  # the subject's own words: "think tank Clingendael", "'Futures' show"
    words = [t for t in doc[sent.start:first] if not (t.is_punct and t.i == sent.start)]
    people = [m for m in mentions_in(doc, sent.start_char, doc[first].idx)
              if m.via not in INFERRED_VIA and m.entity_id in (doc._.entities or {})
              and doc._.entities[m.entity_id].type == "PERSON"]
    if not words or len(people) != 1 or people[0].start != words[0].idx:
        return None
    after = [t for t in words if t.idx >= people[0].end]
    if after and after[0].text == ",":
        after = after[1:]
    if not after or after[0].lower_ not in lex.words("affiliation_prepositions") or any(
            t.tag_ in ("VBD", "VBZ", "MD", "WDT", "WP", "WRB") for t in after):
        return None
    return entity_ref(doc, people[0].entity_id, people[0].start, people[0].end)


def _document_author(doc: Doc, noun: Token) -> Ref | None:
    """Who a document names as its author in its own phrase: a modifier ("The
    OECD report", "Amnesty's report") or an agent ("a report by X", "a report
    issued by X"); not any name the phrase mentions ("an assessment of
    attitudes expressed on Russian media")."""
    parts = [c for c in noun.children if c.dep_ in ("compound", "poss", "nmod")]
    for c in noun.children:
        agent = c if c.dep_ == "prep" and c.lower_ == "by" else next(
            (g for g in c.children if g.dep_ == "agent"), None) if c.dep_ == "acl" else None
        parts += [o for o in agent.children if o.dep_ == "pobj"] if agent is not None else []
    for part in parts:
        ref = ref_at(doc, part.left_edge.idx, part.right_edge.idx + len(part.right_edge))
        if ref is not None and ref.id and ref.inferred is None:
            return ref
    return None


def _named_in(doc: Doc, participle: Token) -> Ref | None:
    """The one actor a naming participle's phrase names ("known by its French
    acronym MSF", "known as the 3R"), when the linker knows it by name."""
    found = []
    for m in mentions_in(doc, participle.idx, participle.right_edge.idx + len(
            participle.right_edge)):
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if m.via not in INFERRED_VIA and span is not None and span.root.dep_ not in (
                "amod", "compound", "poss", "nmod"):
            found.append(m)  # the name, not a modifier ("its French acronym")
    if len({m.entity_id for m in found}) != 1:
        return None
    return entity_ref(doc, found[0].entity_id, found[0].start, found[0].end)


def _named_member(doc: Doc, subj: Token, lex: Lexicon) -> Ref | None:
    """The one person a plural common-noun subject singles out ("Critics,
    including Hungary's Viktor Orban, suggest ..."): the statement is quoted as
    theirs. None when several members are named ("including X and Y") or the
    member is no person the linker knows."""
    if subj.tag_ != "NNS":
        return None
    words, doc = lex.words("member_words"), subj.doc
    # one word ("including") or two ("such as")
    objs = [o for p in subj.children if p.dep_ == "prep" and (
        p.lower_ in words or f"{doc[p.i - 1].lower_} {p.lower_}" in words)
        for o in p.children if o.dep_ == "pobj"]
    if len(objs) != 1 or objs[0].conjuncts:
        return None
    return _person_ref(doc, objs[0])


def resolve(text: str, subj: Token, verb: Token | None, lex: Lexicon,
            seen: dict[str, Ref]) -> tuple[Ref | None, str, str | None]:
    """(speaker, why unresolved, head word of a description) for a subject."""
    doc = subj.doc
    if (ref := _person_aside(doc, subj, lex) or _named_member(doc, subj, lex)) is not None:
        return ref, "", None
    ref = _mention_ref(doc, subj)
    if ref is not None:
        return _person_in_phrase(doc, subj) or ref, "", None
    for c in subj.children:
        if c.dep_ == "appos" and (ref := _mention_ref(doc, c)) is not None:
            return ref, "", None
        if c.dep_ == "acl" and c.tag_ == "VBN" and c.lemma_.lower() in lex.words("naming_verbs") \
                and (ref := _named_in(doc, c)) is not None:
            return ref, "", None  # "The aid group, known by its French acronym MSF, reports"
    if (ref := _closing_appos(doc, subj, verb)) is not None:
        return ref, "", None
    if subj.tag_ in _PERSONAL:
        ref = ref_at(doc, subj.idx, subj.idx + len(subj))
        return ref, ("" if ref else "pronoun"), None
    s0, s1 = subject_span(doc, subj, verb)
    name = text[s0:s1]
    if subj.pos_ == "PROPN":
        return Ref(name, None, s0, s1), "", None
    head = subj.lemma_.lower()
    if head in lex.words("documents") and head not in lex.words("speaks_for") and (
            author := _document_author(doc, subj)) is not None:
        return Ref(author.name, author.id, s0, s1, "description"), "", head
    if head in lex.words("speaks_for"):
        inner = ref_at(doc, s0, s1) or _according_to(doc, subj)
        if inner is not None:
            return Ref(inner.name, inner.id, s0, s1, "description"), "", head
    if head in seen and any(c.lower_ in ("the", "this", "that") for c in subj.children):
        ref = seen[head]
        return Ref(ref.name, ref.id, s0, s1, "description"), "", None
    if head in lex.words("person_roles") and any(c.lower_ == "the" for c in subj.children) \
            and not any(c.dep_ in ("poss", "compound", "prep") for c in subj.children):
        return None, "anaphor", head
    return Ref(name, None, s0, s1), "", head
