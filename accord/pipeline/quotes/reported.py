"""Reported speech: the clause a reporting verb governs ("Putin said Russia
would ..."), the clause "according to X" qualifies, the inverted report
("Talks will resume, Reuters reports"); quotation marks inside such a clause
make it a mixed quote."""

from __future__ import annotations

import bisect
import re

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Span, Token

from accord.pipeline.quotes.layout import (
    FINITE,
    RELATIVE,
    Cand,
    Layout,
    Marked,
    n_text_words,
    n_words,
)
from accord.pipeline.quotes.lexicon import Cues, Lexicon
from accord.pipeline.quotes.speakers import subject_of

_TRAIL_TOKENS = {",", ";", ":", "-", "–", "—", "(", "."}


def reported(cues: Cues, doc: Doc, lay: Layout, marked: list[Marked]) -> list[Cand]:
    """Indirect and mixed quotes, one per outermost report."""
    opens = [m.open_at for m in marked]

    def inside(char: int) -> Marked | None:
        k = bisect.bisect_right(opens, char) - 1
        return marked[k] if k >= 0 and char < marked[k].end else None

    found: list[tuple[Cand, int, int]] = []
    if not len(doc):
        return []
    # look only at the tokens whose lemma or form can start a report
    attrs = doc.to_array([LEMMA, LOWER])
    hits = numpy.flatnonzero(numpy.isin(attrs[:, 0], cues.verb_hashes)
                             | numpy.isin(attrs[:, 1], cues.phrase_hashes))
    for i in hits.tolist():
        tok = doc[i]
        if tok.lower_ in cues.phrase_starts:
            got = according(cues, doc, tok)
        elif cues.is_reporting(tok):
            got = _complement(cues, doc, tok, lay.sents[lay.sent(tok.idx)])
        else:
            continue
        if got is None or inside(tok.idx) or lay.is_headline(tok.idx):
            continue
        i0, i1, cand = got
        if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in cues.lex.words("intention_verbs"):
            continue  # "plans to urge ...": speech still to come
        if cand.subject is not None and cand.subject.lower_ in ("we", "i") or (
                tok.dep_ == "xcomp" and (tok.head.pos_ == "ADJ" or any(
                    c.dep_ == "acomp" for c in tok.head.children))):
            continue  # the author's voice ("we noted"), "it's fair to say"
        if cand.subject is not None and _negative(cues.lex, cand.subject):
            continue  # "Neither China nor Thailand has explained why ..."
        found.append((cand, i0, i1))
    _share_subjects(found)
    # the outermost report wins: "He said he hoped ..." is one quote
    kept = [c for c, _, _ in found
            if not any(j0 <= c.verb_i < j1 for d, j0, j1 in found if d is not c)]
    out: list[Cand] = []
    for cand in kept:
        inner = [m for m in marked if cand.start - 1 <= m.start < cand.end]
        covering = [m for m in marked if m.open_at < cand.start and m.end >= cand.end - 1]
        if covering:
            covering[0].verb = covering[0].verb or cand.verb
            continue
        outside = n_text_words(lay.text, cand.start, cand.end) - sum(
            n_text_words(lay.text, m.start, m.end) for m in inner)
        if inner and (outside <= 1 and len(inner) == 1 or cand.verb_idx > cand.end
                      and inner[-1].end >= cand.end - 2 and inner[-1].closed
                      and _set_off(lay.text, cand.start, inner[-1].open_at)):
            inner[-1].verb = cand.verb  # '... — “we will not give up,” said X'
            continue
        joined = _joined_quote(lay.text, marked, cand)
        if joined is not None:
            inner.insert(0, joined)  # '“A,” and “B” of it went ..., X said': one report
            cand.start = joined.start
        if inner:
            cand.kind = "mixed"
            for m in inner:
                m.absorbed = True
                if m.end > cand.end + 2:
                    cand.end = m.end  # the quote goes on past the clause
        out.append(cand)
    return out

def _share_subjects(found: list[tuple[Cand, int, int]]) -> None:
    """A report hung on a word of another report's clause ('warned that states
    could quit, saying ...', 'told VOA she visited them and said ...') is made
    by that report's speaker, not by the subject of the word it hangs on."""
    for cand, _, _ in found:
        v = cand.verb
        if v is None or v.dep_ not in ("advcl", "conj") or v.head.i == v.i or (
                v.dep_ == "advcl" and any(c.dep_ == "nsubj" for c in v.children)):
            continue  # "..., while Y said B": Y's own report
        outer = next((d for d, k0, k1 in found if d is not cand and d.subject is not None
                      and k0 <= v.head.i < k1), None)
        if outer is not None:
            cand.subject = outer.subject


def _complement(cues: Cues, doc: Doc, verb: Token, sent: Span) -> tuple[int, int, Cand] | None:
    lex = cues.lex
    if _gapped(doc, verb):
        return None
    lemma = verb.lemma_.lower()
    comp: Token | None = None
    cue_end = verb.i + 1
    for c in verb.children:
        if c.dep_ == "ccomp" and _across_paragraphs(doc, verb, c):
            continue  # "..., X said\n\nA source told ...": the parser ran on past the line
        if c.dep_ == "ccomp" and (c.pos_ in ("VERB", "AUX") or any(
                g.dep_ in ("nsubj", "nsubjpass", "expl") or g.dep_ == "mark" and (
                    g.lower_ == "that") for g in c.children)):
            if comp is None or _has_subject(c) or not _has_subject(comp):
                # "said that he was “inclined” to": an adjective can head it, or a
                # verb tagged as a noun after "that" ("noted that funding cuts into"); a second
                # clause without a subject is a misparse ("..., following the clash")
                comp = c
        elif c.dep_ in ("ccomp", "acomp", "oprd", "prt") and c.lower_ in lex.phrasal.get(
                lemma, ()):
            cue_end = c.i + 1
            comp = comp or next((g for g in c.children if g.dep_ == "ccomp"), None)
        elif c.dep_ == "dobj" and c.lemma_.lower() in lex.words("statement_nouns") and (
                lemma not in lex.words("rebuttal_verbs")):
            comp = comp or next((g for g in c.children if g.dep_ in ("acl", "ccomp")
                                 and any(m.dep_ == "mark" for m in g.children)), None)
    if comp is None:
        comp = _document_clause(lex, verb)
    if comp is not None and comp.i < verb.i and not _inverted_ok(doc, comp, verb):
        comp = None
    if comp is not None and comp.lemma_.lower() in lex.words("rebuttal_verbs") and not any(
            c.dep_ in _CONTENT for c in comp.children):
        return None  # "charges the commission denied": the clause is a gap, not a statement
    if lemma in lex.words("addressee_verbs") | {"ask"} and verb.tag_ == "VBN" and (any(
            c.dep_ in ("auxpass", "agent") for c in verb.children) or verb.dep_ in (
            "advcl", "acl") and not any(c.dep_ in ("aux", "nsubj") for c in verb.children)):
        # "asked by a reporter whether ...", "Asked whether talks would resume, X
        # said": the subject is the one addressed, the question is not theirs
        return None
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    if comp is None and lemma in lex.words("infinitive_verbs") and obj is not None:
        comp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    span: tuple[int, int] | None = None
    if comp is not None:
        i0, i1 = comp.left_edge.i, comp.right_edge.i + 1
        if i0 < verb.i < i1 and comp.i > verb.i and doc[i0].lower_ in RELATIVE:
            i0 = verb.i + 1  # "Manus, which experts say can rival ChatGPT": what follows
        if i0 <= verb.i < i1:
            return None
        if comp.i > verb.i:
            own = any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in comp.children)
            if _attributes_quote(doc, verb) and (not own or verb.tag_ in FINITE and not any(
                    c.dep_ == "nsubj" and c.i < verb.i for c in verb.children)):
                # '"...," X said in a statement posted on X. Militants attacked',
                # '"...," said expert Ana Ruiz of Madrid's Carlos III University'
                return None
            if i0 > verb.i + 1 and doc[i0 - 1].text.endswith(".") and doc[i0].is_title:
                return None  # "said in his post on X. The Taliban refer ...": a new sentence
            if i0 == verb.i + 1 and doc[i0].is_title and doc[i0].pos_ == "DET":
                return None  # "Chinese demand The changes ...": a run-in heading, no report
            if not own and comp.dep_ == "ccomp":
                i0 = min(i0, cue_end)
            i1 = _bare_conj(verb, _extend(lex, doc, verb, comp, _cut_conj(comp, i1, cues)))
        span = i0, i1
    elif lemma in lex.words("as_verbs") and obj is not None:
        span = _as_phrase(doc, verb, obj)
    elif lemma in lex.words("addressee_verbs") and obj is not None \
            and obj.right_edge.i + 1 < sent.end:
        k = obj.right_edge.i + 1
        if doc[obj.i + 1].lower_ == "that" and obj.i + 2 < sent.end and (
                doc[obj.i + 2].dep_ == "nsubj"):
            k = obj.i + 1  # "told a cabinet meeting that he had met ...", not a relative
        while k < sent.end and doc[k].dep_ == "prep" and doc[k].head == verb:
            pobj = next((c for c in doc[k].children if c.dep_ == "pobj"), None)
            if pobj is None:
                break
            k = pobj.i + 1  # "told VOA during a press gaggle that ..."
        nxt = doc[min(k, len(doc) - 1)]
        if k < sent.end and (nxt.lower_ == "that" or nxt.dep_ in ("expl", "nsubj") or (
                nxt.head.dep_ == "nsubj" and nxt.head.left_edge.i == nxt.i)):
            # up to a report of the speaker's own: "told X that ... and vowed to ..."
            end = next((t.i for t in doc[nxt.i + 1:sent.end] if t.dep_ == "cc"
                        and t.head.i >= nxt.i and any(
                            c.dep_ == "conj" and c.i > t.i and cues.is_reporting(c)
                            and not _has_subject(c) for c in t.head.children)), sent.end)
            span = nxt.i + (nxt.lower_ == "that"), end
    elif verb.dep_ == "parataxis":
        span = _parenthetical(doc, verb, sent)
    elif verb.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ == "mark"
                                      for c in verb.children):
        span = _as_noted(doc, verb)
    else:
        span = _inverted(doc, verb, sent)
    if span is None:
        return None
    span = _in_paragraph(doc, verb, *span)
    i0, i1 = _trim_tokens(doc, *_cut_aside(doc, span[0], _cut_participle(cues, doc, *span)))
    last = doc[i1 - 1]
    if i1 - i0 < 3 and not (i1 - i0 == 2 and doc[i0].dep_ == "nsubj" and last.tag_ in FINITE
                             and last.pos_ == "VERB"):  # "arguing integration fails"
        return None
    cand = Cand(doc[i0].idx, doc[i1 - 1].idx + len(doc[i1 - 1]), "indirect", verb=verb,
                cue=(doc[verb.i:cue_end].text, verb.idx,
                     doc[cue_end - 1].idx + len(doc[cue_end - 1])),
                subject=subject_of(verb, sent, lex))
    return i0, i1, cand

def _in_paragraph(doc: Doc, verb: Token, i0: int, i1: int) -> tuple[int, int]:
    """A reported clause stays in its verb's paragraph: where the parser ran
    headlines or a list of links into the sentence, the lines before or after
    are not what was said."""
    for k in range(i0, min(i1, verb.i)):
        if "\n" in doc[k].text_with_ws:
            i0 = k + 1
    for k in range(max(i0, verb.i), i1):
        if "\n" in doc[k].text_with_ws:
            return i0, k + 1
    return i0, i1


def _bare_conj(verb: Token, i1: int) -> int:
    """Take in a bare verb the parser joined to the reporting verb right after
    the reported clause ("told them that they shouldn't close borders or stop
    the free movement of people"): a finite reporting verb has no bare
    conjunct, so it continues the clause (its modal or infinitive); and a
    second that-clause joined to it ("and that ...")."""
    doc = verb.doc
    for c in verb.children:
        # "acknowledged that some had, ..., and that Thailand turned them down": a
        # second that-clause the parser joined to the verb is more of the report
        if c.dep_ == "conj" and i1 <= c.left_edge.i <= i1 + 3 and any(
                g.dep_ == "mark" and g.lower_ == "that" and g.i == c.left_edge.i
                for g in c.children) and all(
                t.dep_ == "cc" or t.is_punct for t in doc[i1:c.left_edge.i]):
            return c.right_edge.i + 1
    if verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return i1
    for c in verb.children:
        if c.dep_ == "conj" and c.tag_ == "VB" and c.left_edge.i == c.i and (
                i1 <= c.i <= i1 + 2) and all(t.dep_ == "cc" or t.is_punct for t in doc[i1:c.i]) \
                and not any(g.dep_ in ("nsubj", "aux") for g in c.children):
            return c.right_edge.i + 1
    return i1


def _across_paragraphs(doc: Doc, a: Token, b: Token) -> bool:
    """Whether a line break lies between two tokens."""
    lo, hi = sorted((a.i, b.i))
    return any("\n" in t.text_with_ws for t in doc[lo:hi])


def _document_clause(lex: Lexicon, verb: Token) -> Token | None:
    """The that-clause of the statement the verb was said in: 'said in a
    statement that the plane went down' (the parser hangs it on the noun)."""
    nouns = lex.words("documents") | lex.words("statement_nouns")
    for prep in (c for c in verb.children if c.dep_ == "prep"):
        for pobj in (c for c in prep.children if c.dep_ == "pobj"):
            if pobj.lemma_.lower() in nouns:
                return next((g for g in pobj.children if g.dep_ in ("acl", "relcl")
                             and any(m.dep_ == "mark" and m.lower_ == "that"
                                     for m in g.children)), None)
    return None


def _cut_participle(cues: Cues, doc: Doc, i0: int, i1: int) -> int:
    """End a reported clause before a report of its own set off by a comma:
    'warned that states could quit, saying “...”', 'said India will help,
    calling it a gift “...”': the participle is the speaker's next statement."""
    for t in doc[i0 + 1:i1]:
        k = t.i - 1
        if doc[k].is_quote and doc[k - 1].text == ",":
            k -= 1  # '..., X said “...,” suggesting that ...': the quotation closes first
        if t.tag_ == "VBG" and doc[k].text == "," and k > i0 + 2 and (
                cues.is_reporting(t) or t.lemma_.lower() in cues.lex.words("labelling_verbs")):
            return t.i - 1
    return i1


def _extend(lex: Lexicon, doc: Doc, verb: Token, comp: Token, i1: int) -> int:
    """Take in what the parser hung on the verb after the clause but belongs to
    it: 'ready for talks "tomorrow" if Ukrainian troops withdraw'."""
    if i1 < comp.right_edge.i + 1:
        return i1
    for c in sorted((c for c in verb.children if c.i >= i1), key=lambda t: t.i):
        if c.left_edge.i > i1 + 1 or c.lemma_.lower() in lex.words("reporting_verbs") and any(
                g.dep_ == "nsubj" for g in c.children):
            break  # "..., while Y said B": a report of its own
        if c.dep_ == "npadvmod" or c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in lex.words("clause_marks") for m in c.children):
            i1 = c.right_edge.i + 1
        elif not c.is_punct:
            break
    return i1

def _as_phrase(doc: Doc, verb: Token, obj: Token) -> tuple[int, int] | None:
    """'touting the interview as the first time ...': object and as-phrase;
    none when the as-phrase is a quoted label (that is a direct quote)."""
    as_ = next((c for c in [*verb.children, *obj.children] if c.dep_ == "prep"
                and c.lower_ == "as" and c.i > obj.i), None)
    if as_ is None or obj.lower_ in RELATIVE | {"what"}:
        return None
    end = as_.right_edge.i + 1
    k = as_.i + 1
    if k < end and doc[k].lower_ in ("a", "an", "the"):
        k += 1
    if k < end and doc[k].is_quote:
        close = next((t.i for t in doc[k + 1:end + 2] if t.is_quote), end)
        if close >= end - 1:
            return None  # the whole as-phrase quoted: a label, a direct quote
    if not any(t.is_quote for t in doc[obj.left_edge.i:end]):
        return None  # "described Trump as an anomaly": the writer's summary, no words quoted
    return obj.left_edge.i, end

def according(cues: Cues, doc: Doc, tok: Token, *,
              need_clause: bool = True) -> tuple[int, int, Cand] | None:
    for phrase in cues.lex.according:
        if tok.i + len(phrase) <= len(doc) and all(
                doc[tok.i + k].lower_ == w for k, w in enumerate(phrase)):
            break
    else:
        return None
    last = doc[tok.i + len(phrase) - 1]
    source = next((c for c in last.children if c.dep_ == "pobj"), None)
    if source is None or source.lemma_.lower() in cues.lex.words("non_sources"):
        return None
    end = doc[tok.i + len(phrase) - 1]
    if not need_clause:
        return 0, 0, Cand(0, 0, "direct", verb=tok, subject=source,
                          cue=(doc[tok.i:end.i + 1].text, tok.idx, end.idx + len(end)))
    head = tok.head
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and head.head.i != head.i:
        head = head.head
    if head.pos_ not in ("VERB", "AUX"):
        return None
    i0, i1 = head.left_edge.i, head.right_edge.i + 1
    a0, a1 = tok.left_edge.i, max(tok.right_edge.i, source.right_edge.i) + 1
    sent = tok.sent
    if a0 <= i0 < a1 and not _finite(head) and a0 > sent.start + 3 and doc[a0 - 1].text == "," \
            and _finite(sent.root) and sent.root.i < a0:
        # "X are among the lowest, according to a report, The Program ..., released
        # by ...": the parser hung the phrase on a participle after it; the
        # statement is the clause before
        i0, i1 = sent.start, a0
    elif a0 <= i0 < a1:
        i0 = a1
    elif i0 < a0 and all(t.is_punct or t.is_space for t in doc[a1:i1]):
        i1 = a0
    i0, i1 = _trim_tokens(doc, i0, i1)
    if n_words(doc, i0, i1) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in doc[i0:i1]):
        return None
    end = doc[tok.i + len(phrase) - 1]
    cand = Cand(doc[i0].idx, doc[i1 - 1].idx + len(doc[i1 - 1]), "indirect", verb=tok,
                cue=(doc[tok.i:end.i + 1].text, tok.idx, end.idx + len(end)),
                subject=source)
    return i0, i1, cand


def _finite(verb: Token) -> bool:
    return verb.tag_ in FINITE or any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE
                                      for c in verb.children)


def _cut_conj(comp: Token, i1: int, cues: Cues) -> int:
    """End a reported clause before a conjoined report with its own speaker
    ("he thought X, and he told reporters Y") or one set against it ("X said
    A, while Y said B"); a conjoined clause with "that" is a second clause of
    the same report ("said X and that he would ask Y")."""
    contrast = cues.lex.words("contrast_marks")
    for c in comp.children:
        if c.dep_ == "advcl" and c.i > comp.i and cues.is_reporting(c) and any(
                g.dep_ == "nsubj" for g in c.children) and any(
                g.dep_ == "mark" and g.lower_ in contrast for g in c.children):
            # "X said A, while Y said B": the second report is Y's
            cut = c.left_edge.i
            return cut - 1 if cut - 1 > comp.i and comp.doc[cut - 1].text == "," else cut
        if c.dep_ == "conj" and c.i > comp.i and _has_subject(c) and any(
                t.lower_ in cues.phrase_starts and t.lower_ != "as" and t.head == c
                for t in c.children):
            # "says it has the upper hand but according to MSF, the situation is
            # dire": the second clause has a source of its own
            cut = c.left_edge.i
            prev = [t for t in comp.children if t.dep_ == "cc" and t.i < cut]
            return min([cut] + [t.i for t in prev if t.i > comp.i])
        # "claimed the images were his and said he wanted ...": a report of its own;
        # "said the talks would fail and left the room": a finite verb cannot share
        # the clause's modal, so it is the reporter's next act
        if c.dep_ == "conj" and c.i > comp.i and (cues.is_reporting(c) and any(
                g.dep_ in ("nsubj", "ccomp") for g in c.children) and not any(
                g.dep_ == "mark" and g.lower_ == "that" for g in c.children) or _next_act(
                comp, c)):
            cut = c.left_edge.i
            prev = [t for t in comp.children if t.dep_ in ("cc", "punct") and t.i < cut]
            return min([cut] + [t.i for t in prev if t.i > comp.i]) if prev else cut
    return i1


def _next_act(comp: Token, c: Token) -> bool:
    """Whether conjunct c of a reported clause whose verb stands under a modal
    or a passive ("would fail", "had been rigged") is finite, without a subject,
    in the tense of the reporting verb: it cannot share the auxiliaries, so it
    tells what the reporter did next ("and left the room", "and called for a
    recount")."""
    verb = comp.head
    return comp.tag_ in ("VB", "VBN") and any(a.dep_ == "aux" and a.tag_ == "MD" or (
        a.dep_ == "auxpass") for a in comp.children) \
        and c.tag_ in ("VBD", "VBZ") and c.tag_ == verb.tag_ and not any(
            g.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for g in c.children)


def _joined_quote(text: str, marked: list[Marked], cand: Cand) -> Marked | None:
    """The closed quotation joined by "and" to the front of a clause whose
    attribution comes after it (' “Roads are poor,” and “large sums” went to
    repairs, Lund said'): both are what the speaker said."""
    if cand.verb_idx < cand.end:
        return None
    for m in marked:
        if m.closed and not m.absorbed and m.end < cand.start <= m.end + 8 and (
                _AND_JOIN.fullmatch(text[m.end:cand.start])):
            return m
    return None


_AND_JOIN = re.compile(r"[,\s\"”’']*and[\s\"“‘']*")
_CONTENT = ("dobj", "ccomp", "xcomp", "attr", "acomp", "prep", "advcl", "dative", "oprd")


def _set_off(text: str, start: int, open_at: int) -> bool:
    """Whether a closing quotation stands apart from the words before it in its
    clause ('... — “we will not give up,” said X'), rather than completing them
    ('There would be “no room for talks,” X said': one mixed quote)."""
    before = text[start:open_at].rstrip()
    return len(before.split()) <= 1 or before[-1] in "—–-:;,.!?"


def _negative(lex: Lexicon, subj: Token) -> bool:
    return subj.lower_ in lex.words("negative_subjects") or any(
        c.dep_ in ("det", "preconj") and c.lower_ in lex.words("negative_subjects")
        for c in subj.children)


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children)


def _gapped(doc: Doc, verb: Token) -> bool:
    """A report in a relative clause without a relative word whose clause has a
    subject of its own ("the test North Korea said it carried out"): the noun
    fills a gap in the clause, which is no statement. With the subject missing
    ("a move analysts say is part of a shift") the noun is its subject."""
    if verb.dep_ != "relcl" or verb.head.i > verb.i or any(
            t.tag_ in ("WDT", "WP", "WP$", "WRB") or t.lower_ == "that"
            for t in doc[verb.head.i + 1:verb.i]):
        return False
    return any(c.dep_ == "ccomp" and any(g.dep_ in ("nsubj", "nsubjpass", "expl")
                                         for g in c.children) for c in verb.children)


def _attributes_quote(doc: Doc, verb: Token) -> bool:
    """Whether the verb, with its subject, directly follows a closing quotation
    ('"...," X said'): it reports that quotation, so a clause after it without
    a subject of its own is the parser joining the next sentence."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    k = (subj.left_edge.i if subj is not None else verb.i) - 1
    if k >= 0 and doc[k].text == ",":
        k -= 1
    return k > 0 and doc[k].is_quote and doc[k - 1].text == ","


def _inverted_ok(doc: Doc, comp: Token, verb: Token) -> bool:
    """A clause before its reporting verb must end at a comma or quotation mark
    ("..., said Markov"), not run into another clause ("..., but both sides accused")."""
    last = comp.right_edge.i
    if doc[last].text == "," and last > comp.i:
        last -= 1  # "Budgets shrink, Lund told VOA": the parser hangs the comma on the clause
    nxt = doc[last + 1] if last + 1 < len(doc) else None
    if nxt is None or not (nxt.text == "," or nxt.is_quote):
        return False
    if comp.tag_ not in FINITE and not any(c.dep_ in ("aux", "auxpass") and c.tag_ in FINITE
                                            for c in comp.children):
        return False  # "Speaking to reporters, X stressed ..."
    if any(c.dep_ == "mark" and c.lower_ != "that" for c in comp.children):
        return False  # "As the White House talks about ..., officials hint": a time, no report
    return not any(t.dep_ == "cc" or "\n" in t.text_with_ws
                   for t in doc[last + 1:verb.i])


def _cut_aside(doc: Doc, i0: int, i1: int) -> tuple[int, int]:
    """Drop a closing aside the reporter added: '... “in a bilateral format” — an
    approach that worries Ukraine', 'lasted an hour, their first since ...'."""
    # '— an approach that ...' comments; '— up to 10 fatalities', '— let alone ...' go on
    dashes = [t.i for t in doc[i0:i1] if t.text in ("—", "–", "-") and t.whitespace_
              and t.i + 1 < i1 and doc[t.i + 1].tag_ in ("DT", "WDT", "PDT")]
    if len(dashes) == 1 and dashes[0] > i0 + 3:
        return i0, dashes[0]
    for t in doc[i0:i1]:
        if t.dep_ == "appos" and t.right_edge.i == i1 - 1 and t.left_edge.i > i0 + 3 and (
                doc[t.left_edge.i - 1].text == ","):
            return i0, t.left_edge.i - 1
    return i0, i1


def _parenthetical(doc: Doc, verb: Token, sent: Span) -> tuple[int, int] | None:
    """'Regardless, analysts say, talks will be needed': the clause after a report
    set off by commas, when only an adverb comes before it."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    lo, hi = verb.left_edge.i, verb.right_edge.i
    if subj is not None and lo < subj.left_edge.i and doc[subj.left_edge.i - 1].text == ",":
        lo = subj.left_edge.i  # "Still, Hecker cautions, ...": the adverb hung on the verb
    first = lo if doc[lo].text == "," else lo - 1
    last = hi if doc[hi].text == "," else hi + 1
    if subj is None or first < sent.start or last >= sent.end - 1 or doc[first].text != "," \
            or doc[last].text != ",":
        return None
    before = doc[sent.start:first]
    head = verb.head
    if doc[first - 1].lower_ in RELATIVE and head.dep_ == "relcl" and (
            doc[first - 1].head == head):
        return last + 1, head.right_edge.i + 1  # "..., which, X said, largely explained ..."
    if _subject_before(head, before):
        return sent.start, sent.end  # "Such matters, he told VOA, should be decided ..."
    if _clause_before(head, before):
        return last + 1, sent.end  # "If that happens, reports say, the president will ..."
    if len(before) > 3 or any(t.pos_ in ("VERB", "AUX", "NOUN", "PROPN", "PRON")
                              for t in before):
        return None
    return last + 1, sent.end


def _clause_before(head: Token, before: Span) -> bool:
    """Whether the words before a parenthetical report are one adverbial
    clause of the clause it interrupts, opened by its subordinator ("If that
    happens, reports say, ..."): the condition, not what was said."""
    parts = [c for c in head.children if before.start <= c.i < before.end]
    return len(parts) >= 1 and parts[0].dep_ == "advcl" and parts[0].left_edge.i == before.start \
        and any(g.dep_ == "mark" for g in parts[0].children) and all(
            t.is_punct or parts[0].left_edge.i <= t.i <= parts[0].right_edge.i for t in before)


def _subject_before(head: Token, before: Span) -> bool:
    """Whether the words before a parenthetical report are the subject of the
    clause it interrupts ("Such matters, he told VOA, should be decided ...",
    "The real way forward, he argues, is ..."): a noun phrase, no verb, that
    the clause's head governs."""
    if not len(before) or len(before) > 8 or head.dep_ != "ROOT" or any(
            t.pos_ in ("VERB", "AUX") for t in before):
        return False
    parts = [c for c in head.children if before.start <= c.i < before.end]
    covered = {t.i for c in parts for t in c.subtree}
    return any(c.dep_ in ("nsubj", "nsubjpass", "npadvmod") or c.dep_ == "advmod" and any(
        g.dep_ == "npadvmod" for g in c.children) for c in parts) and all(
        t.i in covered or t.is_punct for t in before)


def _as_noted(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """'As the president noted, the front is stable': the clause the as-clause
    qualifies, without it (only when the as-clause opens or closes it)."""
    head = verb.head
    if head.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "nsubj" for c in verb.children):
        return None  # "as reported in the media" names no speaker
    i0, i1 = head.left_edge.i, head.right_edge.i + 1
    a0, a1 = verb.left_edge.i, verb.right_edge.i + 1
    if a0 == i0:
        return a1, i1
    if a1 >= i1 - 1:
        return i0, a0
    return None


def _inverted(doc: Doc, verb: Token, sent: Span) -> tuple[int, int] | None:
    """ "Talks will resume, Reuters reports." : the clause before the comma."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or any(c.dep_ == "dobj" for c in verb.children):
        return None  # "..., X stressed the urgency": the verb has its own object
    a = min(verb.i, subj.left_edge.i)
    start = sent.start
    for t in doc[sent.start:a]:
        if "\n" in t.text_with_ws:
            start = t.i + 1
    if a - 1 <= start + 3 or doc[a - 1].text != "," or verb.dep_ == "conj" or any(
            t.dep_ == "cc" for t in doc[max(start, a - 5):a]):
        return None
    if any("\n" in t.text_with_ws for t in doc[a:sent.end - 1]):
        return None
    if any(t.is_punct and t.text not in ".!?\"”’'" for t in doc[verb.i + 1:sent.end]
           if t.i > subj.right_edge.i):
        return None
    if not any(t.tag_ in FINITE for t in doc[start:a - 1]) or doc[start].dep_ == "mark":
        return None  # "As the council debates ..., members hint": a time, no report
    return start, a - 1


def _trim_tokens(doc: Doc, i0: int, i1: int) -> tuple[int, int]:
    """Drop the edges that are not the statement: "that", an infinitive's "to",
    punctuation between the clause and its attribution."""
    while i0 < i1 and (doc[i0].is_punct or doc[i0].is_space or doc[i0].lower_ == "that" and (
            doc[i0].dep_ == "mark" or doc[i0].pos_ in ("SCONJ", "ADP"))):
        i0 += 1
    if i0 < i1 and doc[i0].lower_ == "to" and doc[i0].dep_ == "aux":
        i0 += 1
    while i1 > i0 and (doc[i1 - 1].is_space or doc[i1 - 1].text in _TRAIL_TOKENS
                       or doc[i1 - 1].pos_ == "CCONJ"):
        i1 -= 1  # "... the refugees but": the conjunction opens what follows
    return i0, i1
