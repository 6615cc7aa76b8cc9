"""Speakers in context: each quote's speaker, in text order (SPEC section 2).
A quote without an attribution of its own, or whose subject is a pronoun or a
description ("he", "they", "the analyst"), takes the speaker still in focus
from the quote before; "he"/"she" is read against the subject of the clause
before and "it" against the organisation named last; a description that names
no one ("The statement said", "Some of them said") is traced back to what it
refers to; a bare surname takes the one full name used before it, and a role
introduced with "a" ("A top general said") the name given at the next quote.
The subject itself is found in `subjects` and resolved to an actor in
`resolution`."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.model import Ref
from accord.pipeline.common.mentions import INFERRED_VIA, mentions_in, ref_at
from accord.pipeline.quotes.layout import Cand, Layout
from accord.pipeline.quotes.lexicon import Lexicon
from accord.pipeline.quotes.resolution import _PERSONAL, _mention_ref, _person_ref, resolve
from accord.pipeline.quotes.subjects import subject_span

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
