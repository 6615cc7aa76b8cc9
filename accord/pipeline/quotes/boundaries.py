"""Clause boundaries: where a reported clause begins and ends. It stays in its
verb's paragraph; it takes in what the parser hung on the verb but belongs to
it (a bare conjunct, a second that-clause, a condition after it); it ends
before a report of its own (a participle after a comma, a conjoined or
contrasted report, the reporter's next act) and before a closing aside; its
edges drop "that", an infinitive's "to" and punctuation."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.pipeline.quotes.lexicon import Cues, Lexicon

_TRAIL_TOKENS = {",", ";", ":", "-", "–", "—", "(", "."}


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


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in tok.children)


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
