"""Reported speech: indirect and mixed quotes, one per outermost report ("He
said he hoped ..." is one quote). The clause each reporting verb or "according
to" reports is found in `attribution`; here reports in the author's voice, of
speech still to come or with a negative subject are dropped, a report hung on
another report's clause shares its speaker, and quotation marks inside a
reported clause make it a mixed quote or take its verb as their attribution."""

from __future__ import annotations

import bisect
import re

import numpy
from spacy.attrs import LEMMA, LOWER
from spacy.tokens import Doc, Token

from accord.pipeline.quotes.attribution import _complement, according
from accord.pipeline.quotes.layout import Cand, Layout, Marked, n_text_words
from accord.pipeline.quotes.lexicon import Cues, Lexicon


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
