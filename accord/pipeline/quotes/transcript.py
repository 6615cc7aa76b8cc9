"""Interview transcripts: "Name: answer", "Q: ... A: ..." turns.

A sentence that opens with a label and a colon starts a turn that runs until
the next label. A label that names a person ("Armitage:", "Richard Armitage,
former deputy secretary of state:") makes the turn that person's words (a
direct quote: the transcript gives them verbatim); "A:" is the person who
answered last, or the one the introduction says was interviewed ("VOA spoke
with Armitage"); an interviewer's label ("Q:", "VOA:", the outlet's name) is a
question, never the interviewee's quote. The label words are data
(`interview_labels` in reporting_verbs.yaml).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from accord.model import Ref
from accord.pipeline.common.mentions import covering, mentions_in, ref_at
from accord.pipeline.common.tokens import doc_text, sentences
from accord.pipeline.quotes.layout import Cand
from accord.pipeline.quotes.lexicon import Lexicon

__all__ = ["transcript_turns"]

_LABEL_MAX_TOKENS = 16
_LABEL = re.compile(r"([^\n:.?!\"“”]{1,100}?):(?=\s)")
_PARA = re.compile(r"\n\s*")


def _label(doc: Doc, start: int) -> tuple[int, Span] | None:
    """(char offset after the label's colon, the label span) when a label and
    a colon open the text at `start` (a sentence or paragraph start)."""
    text = doc_text(doc)
    m = _LABEL.match(text, start)
    if m is None:
        return None
    span = doc.char_span(m.start(1), m.end(1), alignment_mode="expand")
    if span is None or not len(span) or len(span) > _LABEL_MAX_TOKENS:
        return None
    if any(t.pos_ in ("VERB", "AUX", "PRON") for t in span):
        return None  # "Trump said: ..." is a report, not a transcript's label
    return m.end(), span


def _starts(doc: Doc) -> list[int]:
    """Where a label may stand: each sentence start and each paragraph start."""
    text = doc_text(doc)
    out = {s.start_char for s in sentences(doc)}
    out.update(m.end() for m in _PARA.finditer(text))
    return sorted(p for p in out if p < len(text))


def _person(doc: Doc, label: Span) -> Ref | None:
    """The person a label names (its first linked PERSON mention)."""
    ents = doc._.entities or {}
    for m in mentions_in(doc, label.start_char, label.end_char):
        ent = ents.get(m.entity_id)
        if ent is not None and ent.type == "PERSON" and m.via not in ("pronoun", "description"):
            return ref_at(doc, m.start, m.end)
    # "Armitage:" (a surname the tagger took for a noun): the one person of the
    # article whose name ends so
    word = label.text.strip().lower()
    people = {e.id: e for e in ents.values() if e.type == "PERSON"
              and e.name.lower().split()[-1:] == [word]}
    if len(people) == 1:
        ent = next(iter(people.values()))
        return Ref(name=ent.name, id=ent.id, start=label.start_char, end=label.end_char,
                   inferred="surname")
    return None


def _interviewee(doc: Doc, lex: Lexicon) -> Ref | None:
    """ "VOA spoke with Armitage", "X was interviewed": who the introduction
    says was interviewed (the object of an interview verb)."""
    for sent in sentences(doc)[:6]:
        for tok in sent:
            if tok.lemma_.lower() not in lex.words("interview_verbs"):
                continue
            for c in tok.subtree:
                if c.ent_type_ == "PERSON" and c.i > tok.i:
                    ref = covering(doc, c)
                    if ref is not None:
                        return ref
    return None


def transcript_turns(lex: Lexicon, doc: Doc) -> list[Cand]:
    """One direct quote per answer turn of an interview transcript."""
    text = doc_text(doc)
    labels: list[tuple[int, int, Span]] = []
    for start in _starts(doc):
        found = _label(doc, start)
        if found is not None and not (labels and labels[-1][0] == start):
            labels.append((start, *found))
    if len(labels) < 2:  # one "Note:" line is no transcript
        return []
    out: list[Cand] = []
    last: Ref | None = None
    interviewee: Ref | None = None
    for n, (_sent, after, label) in enumerate(labels):
        words = label.text.strip().lower()
        end = labels[n + 1][0] if n + 1 < len(labels) else len(text)
        if words in lex.words("interviewer_labels") or words == "q":
            continue
        if words == "a":
            if last is None:
                interviewee = interviewee or _interviewee(doc, lex)
            speaker = last or interviewee
        else:
            speaker = _person(doc, label)
            if speaker is None:
                continue  # "Note:", "Editor's note:", a title with a colon
            last = speaker
        start = after
        while start < end and text[start].isspace():
            start += 1
        stop = end
        while stop > start and text[stop - 1].isspace():
            stop -= 1
        if stop - start < 2:
            continue
        out.append(Cand(start, stop, "direct", cue=(":", after - 1, after), speaker=speaker,
                        why="transcript"))
    return out
