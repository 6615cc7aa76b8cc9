"""A subject to an actor: `resolve` makes the subject of a reporting verb a
speaker `Ref` from its own phrase and sentence, through the actors linker: a
name or apposition it knows, the person before an affiliation or aside the
parser took for the subject, the one member a plural singles out ("Critics,
including X"), a document's author, an office that speaks for someone ("the
Kremlin spokesman"); else the description itself, with why it stays open (a
pronoun, "the analyst") for `speakers` to settle in context."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.model import Ref
from accord.pipeline.common.mentions import INFERRED_VIA, entity_ref, mentions_in, ref_at
from accord.pipeline.quotes.lexicon import Lexicon
from accord.pipeline.quotes.subjects import subject_span

_PERSONAL = {"PRP"}


def _person_ref(doc: Doc, tok: Token | None, inferred: str | None = None) -> Ref | None:
    """The person `tok` names, if the actors linker knows it as a person."""
    ref = _mention_ref(doc, tok) if tok is not None else None
    ent = (doc._.entities or {}).get(ref.id) if ref is not None and ref.id else None
    if ref is None or ent is None or ent.type != "PERSON":
        return None
    return Ref(ref.name, ref.id, ref.start, ref.end, inferred)


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
