"""accord_quotes: every statement in an article, with who said it.

Three kinds (SPEC section 2):
- direct: words between quotation marks of any style, split by their
  attribution, over several sentences or paragraphs;
- indirect: the clausal complement of a reporting verb ("Putin said Russia
  would ..."), or the clause that "according to X" qualifies;
- mixed: a reported clause holding a quoted fragment (one quote, not two).

Short quoted fragments are quotes only when someone is said to have said
them ("called the offer a 'complete sham'"); otherwise they are scare quotes
or titles. The speaker is the subject of the reporting verb, linked through
`actors.ref_at`; a described source ("a source close to the Kremlin") keeps
its description as name. Words are read from `accord/data/reporting_verbs.yaml`.

The component works on the tokens and sentences spaCy already made: one scan
of the text for quotation marks, one pass over the tokens for reporting verbs.

This module is the component; the work is done in
- `lexicon`: the words of attribution and the token tests on them;
- `layout`: paragraphs, sentences and tokens by offset, the spans built;
- `marks`: quotation-mark pairing and direct quotes;
- `reported`: indirect and mixed quotes, one per outermost report;
- `attribution`: the clause a reporting verb or "according to" reports;
- `detached`: the clause of an inverted, parenthetical or as-clause report;
- `boundaries`: where a reported clause begins and ends;
- `subjects`: the subject of a reporting verb, with repairs for misparses;
- `resolution`: a subject to an actor, from its own phrase and sentence;
- `speakers`: the speaker of each quote in context (carry-over, pronouns,
  descriptions);
- `transcript`: speaker turns in interview transcripts.
"""


from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from accord.pipeline.quotes.layout import Cand, Layout, Marked, to_quote
from accord.pipeline.quotes.lexicon import DEFAULT_LEXICON, Cues, Lexicon, load_lexicon
from accord.pipeline.quotes.marks import direct, find_marked
from accord.pipeline.quotes.reported import reported
from accord.pipeline.quotes.resolution import resolve
from accord.pipeline.quotes.speakers import assign_speakers
from accord.pipeline.quotes.subjects import subject_of, subject_span
from accord.pipeline.quotes.transcript import transcript_turns

__all__ = ["DEFAULT_LEXICON", "Cand", "Layout", "Lexicon", "Marked", "QuoteFinder",
           "find_marked", "load_lexicon", "make_quotes", "resolve", "subject_of",
           "subject_span"]


@Language.factory("accord_quotes", assigns=["doc._.quotes"],
                  requires=["doc._.entities", "doc._.mentions", "token.dep", "token.lemma",
                            "doc.sents"],
                  default_config={"lexicon": {"@misc": "accord.quote_lexicon.v1", "path": None,
                                              "extra": None}})
def make_quotes(nlp: Language, name: str, lexicon: Lexicon) -> QuoteFinder:
    return QuoteFinder(nlp, name, lexicon=lexicon)


class QuoteFinder:
    """Finds direct, indirect and mixed quotes and their speakers."""

    def __init__(self, nlp: Language, name: str, *, lexicon: Lexicon) -> None:
        self.name = name
        self.lex = lexicon
        self.cues = Cues(self.lex, nlp.vocab.strings)

    def __call__(self, doc: Doc) -> Doc:
        lay = Layout(doc, self.lex)
        marked = find_marked(lay.text, self.lex, lay)
        said = reported(self.cues, doc, lay, marked)
        quoted = direct(self.cues, doc, lay, marked, said)
        turns = transcript_turns(self.lex, doc)
        # a transcript's turn is one quote; what the parser found inside it is part of it
        inside = [c for c in said + quoted
                  if not any(t.start <= c.start and c.end <= t.end for t in turns)]
        cands = sorted(inside + turns, key=lambda c: (c.start, -c.end))
        assign_speakers(self.lex, doc, lay, cands)
        doc._.quotes = [to_quote(c) for c in cands]
        return doc
