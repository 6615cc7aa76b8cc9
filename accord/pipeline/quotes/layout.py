"""What accord_quotes works on: a Doc's paragraphs, sentences and tokens found
by character offset (`Layout`), the spans it builds (`Marked`, `Cand`), and a
few word counts."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.tokens import Doc, Token

from accord.model import Quote, Ref
from accord.pipeline.common.tokens import doc_text, sentences
from accord.pipeline.quotes.lexicon import Lexicon

FINITE = {"VBD", "VBZ", "VBP", "MD"}
RELATIVE = {"who", "that", "which", "whom"}
_SENT_END = set(".!?:;…")


@dataclass
class Marked:
    """Text between quotation marks: content [start, end)."""

    open_at: int
    start: int
    end: int
    closed: bool
    absorbed: bool = False
    verb: Token | None = None


@dataclass
class Cand:
    """A quote being built; `why` says how its speaker is to be found."""

    start: int
    end: int
    kind: str
    verb: Token | None = None
    cue: tuple[str, int, int] | None = None
    subject: Token | None = None
    speaker: Ref | None = None
    head: str | None = None  # head word of a described speaker
    why: str = ""  # "", "pronoun", "anaphor", "continues"
    runs_on: bool = False  # a paragraph of a quote that goes on in the next one

    @property
    def verb_i(self) -> int:
        return self.verb.i if self.verb is not None else -1

    @property
    def verb_idx(self) -> int:
        return self.verb.idx if self.verb is not None else -1


def to_quote(c: Cand) -> Quote:
    cue, cue_start, cue_end = c.cue or (None, None, None)
    return Quote(c.start, c.end, c.kind, cue, cue_start, cue_end, speaker=c.speaker)


class Layout:
    """Paragraphs, sentences and tokens of a doc, found by offset."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        text = doc_text(doc)
        self.text = text
        self.para_starts: list[int] = [0]
        self.headline: list[bool] = []
        pos = 0
        for line in text.split("\n"):
            words = line.split()
            tail = line.rstrip().rstrip("\"”’'»)] ")
            self.headline.append(0 < len(words) <= lex.headline_max_words
                                 and (not tail or tail[-1] not in _SENT_END))
            pos += len(line) + 1
            self.para_starts.append(pos)
        self.sents = sentences(doc)
        self.sent_starts = [s.start_char for s in self.sents]
        self.tok_starts = doc.to_array(IDX).tolist() if len(doc) else []

    def para(self, char: int) -> int:
        return bisect.bisect_right(self.para_starts, char) - 1

    def para_end(self, char: int) -> int:
        return self.para_starts[self.para(char) + 1] - 1

    def sent(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def token_at(self, char: int) -> int:
        """Index of the token holding `char` (or the last one before it)."""
        return max(0, bisect.bisect_right(self.tok_starts, char) - 1)

    def is_headline(self, char: int) -> bool:
        return self.headline[self.para(char)]


def is_title(doc: Doc, t0: int, t1: int) -> bool:
    """Every content word capitalised, and more than one: a name of a work or law."""
    content = [t for t in doc[t0:t1] if t.is_alpha and not t.is_stop]
    return len(content) >= 2 and all(t.text[0].isupper() for t in content)


def char_before(text: str, i: int) -> str:
    """The last character before i that is not white space ("" at the start)."""
    k = i - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return text[k] if k >= 0 else ""


def n_words(doc: Doc, i0: int, i1: int) -> int:
    return sum(1 for t in doc[i0:i1] if t.is_alpha or t.like_num)


_WORD = re.compile(r"\w+")


def n_text_words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))
