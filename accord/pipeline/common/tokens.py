"""Token attributes of a whole Doc as plain Python lists, built once per Doc.

Every `doc[i]` or `for tok in doc` makes a new Token object; components that
only test a word against a lexicon do it for every token of every sentence.
`tokens(doc)` reads the attributes once as arrays and maps the string ids
through a process-wide memo, so such scans cost a list index per token and a
Token object only where a word matched.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import DEP, LEMMA, LOWER, POS, SENT_START, TAG
from spacy.tokens import Doc, Span, Token
from srsly.msgpack import msgpack_encoders

_MEMO_MAX = 200_000  # distinct strings remembered per memo: ~30 MB at most
_TEXT: dict[int, str] = {}
_LOWER: dict[int, str] = {}
_CACHE = "accord_cache"
_TEXT_KEY = "accord_text"


class DocCache:
    """Per-Doc caches (token arrays, sentence spans) kept in doc.user_data;
    they are rebuilt on demand, so serialising a Doc writes them as nothing."""

    __slots__ = ("sents", "tokens")

    def __init__(self) -> None:
        self.tokens: Tokens | None = None
        self.sents: list[Span] | None = None


def _cache(doc: Doc) -> DocCache:
    cache = doc.user_data.get(_CACHE)
    if not isinstance(cache, DocCache):
        cache = doc.user_data[_CACHE] = DocCache()
    return cache


def _encode_cache(obj: object, chain: Any = None) -> object:
    if isinstance(obj, DocCache):
        return None
    return obj if chain is None else chain(obj)


msgpack_encoders.register("accord_cache", func=_encode_cache)


@dataclass(frozen=True)
class Tokens:
    lower: list[str]   # token.lower_
    lemma: list[str]   # token.lemma_.lower()
    pos: list[str]     # token.pos_
    tag: list[str]     # token.tag_
    dep: list[str]     # token.dep_


def tokens(doc: Doc) -> Tokens:
    """The Doc's token attributes (cached on the Doc; build it after parsing)."""
    cached = _cache(doc).tokens
    if cached is not None and len(cached.lower) == len(doc):
        return cached
    strings = doc.vocab.strings
    cols = doc.to_array([LOWER, LEMMA, POS, TAG, DEP]).T.tolist() if len(doc) else [[]] * 5

    def text(h: int) -> str:
        s = _TEXT.get(h)
        if s is None:
            s = strings[h] if h else ""
            if len(_TEXT) < _MEMO_MAX:
                _TEXT[h] = s
        return s

    def lowered(h: int) -> str:
        s = _LOWER.get(h)
        if s is None:
            s = text(h).lower()
            if len(_LOWER) < _MEMO_MAX:
                _LOWER[h] = s
        return s

    lower, lemma, pos, tag, dep = cols
    table = Tokens(lower=[text(h) for h in lower], lemma=[lowered(h) for h in lemma],
                   pos=[text(h) for h in pos], tag=[text(h) for h in tag],
                   dep=[text(h) for h in dep])
    _cache(doc).tokens = table
    return table


def keep_text(doc: Doc, text: str) -> None:
    """Remember the text `doc` was tokenised from (spaCy's tokenizer keeps every
    character, so it equals doc.text) for `doc_text`."""
    doc.user_data[_TEXT_KEY] = text


def doc_text(doc: Doc) -> str:
    """doc.text, built once per Doc (spaCy joins every token on each access);
    `accord.pipeline.make_doc` stores the text it tokenised, which is the same."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


def sentences(doc: Doc) -> list[Span]:
    """`list(doc.sents)`, found once per Doc (doc.sents walks every token on each call)."""
    cached = _cache(doc).sents
    if cached is not None:
        return cached
    if len(doc) == 0:
        out: list[Span] = []
    else:
        if not doc.has_annotation("SENT_START"):
            return list(doc.sents)  # raises spaCy's own error
        flags = doc.to_array([SENT_START]).astype("int64")
        starts = [0, *(int(i) for i in numpy.flatnonzero(flags[1:] == 1) + 1), len(doc)]
        out = [doc[a:b] for a, b in zip(starts, starts[1:], strict=False)]
    _cache(doc).sents = out
    return out


def token_at(doc: Doc, char: int | None) -> Token | None:
    """The token holding character `char` (None: no offset, or no token there)."""
    if char is None:
        return None
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
