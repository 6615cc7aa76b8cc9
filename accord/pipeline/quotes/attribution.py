"""Attribution: the clause a reporting cue reports. `_complement` reads a
reporting verb: its clausal complement ("Putin said Russia would ..."), the
that-clause of the statement it was made in, what follows its addressee ("told
VOA that ..."), an object and its as-phrase; where the verb governs no clause,
the clause it stands in (`detached`). `according` reads "according to X" and
the clause it qualifies. The clause's edges are set in `boundaries`."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from accord.pipeline.quotes.boundaries import (
    _bare_conj,
    _cut_aside,
    _cut_conj,
    _cut_participle,
    _extend,
    _has_subject,
    _in_paragraph,
    _trim_tokens,
)
from accord.pipeline.quotes.detached import _as_noted, _inverted, _parenthetical
from accord.pipeline.quotes.layout import FINITE, RELATIVE, Cand, n_words
from accord.pipeline.quotes.lexicon import Cues, Lexicon
from accord.pipeline.quotes.subjects import subject_of


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


_CONTENT = ("dobj", "ccomp", "xcomp", "attr", "acomp", "prep", "advcl", "dative", "oprd")


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
