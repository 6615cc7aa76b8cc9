"""The words of attribution for accord_quotes, read from `reporting_verbs.yaml`.

`Lexicon` is the data file as sets; `Cues` adds what the component asks of a
token: is it a reporting verb ("said", "pointed out", not "did not say"), or a
word that attributes a quotation ("according to", "called")?
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import yaml
from spacy.strings import StringStore
from spacy.tokens import Token
from spacy.util import registry

from accord.errors import ConfigError
from accord.pipeline.common.data import word_list
from accord.yamlfile import safe_load

DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "data" / "reporting_verbs.yaml"


@dataclass(frozen=True)
class Lexicon:
    """The words of attribution, read from YAML (see reporting_verbs.yaml): the
    structured parts as fields, a plain word list through `words(key)`."""

    phrasal: dict[str, frozenset[str]]
    according: tuple[tuple[str, ...], ...]
    layers: tuple[dict[str, frozenset[str]], ...]  # per layer: opening mark -> closing marks
    fragment_max_words: int = 5
    headline_max_words: int = 20
    unclosed_max_sentences: int = 3
    unclosed_max_chars: int = 600
    # the files as read and merged, for `words`, and where they were read from
    data: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)
    source: str = ""
    _sets: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False,
                                             compare=False)

    def words(self, key: str) -> frozenset[str]:
        """The lower-cased word list `key` of the lexicon (read once, cached)."""
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = word_list(self.data, key, self.source)
        return found


def load_quote_lexicon(path: str | None = None, extra: str | None = None) -> Lexicon:
    """The reporting-verb lexicon (accord/data/reporting_verbs.yaml or `path`),
    merged with a user's `extra` file."""
    return load_lexicon(path, extra)


registry.misc.register("accord.quote_lexicon.v1", func=load_quote_lexicon)


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None, extra: str | None = None) -> Lexicon:
    """The lexicon from the data file, merged with an optional extra file."""
    data: dict[str, Any] = {}
    files = [Path(path) if path else DEFAULT_LEXICON] + ([Path(extra)] if extra else [])
    for p in files:
        try:
            loaded = safe_load(p.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read quote lexicon ({exc}); fix the YAML or the path",
                              source=str(p)) from None
        for key, value in loaded.items():
            if isinstance(value, list) and isinstance(data.get(key), list):
                data[key] = data[key] + value
            else:
                data[key] = value
    try:
        marks = data.get("quote_marks") or {}
        layers = []
        for name in ("primary", "secondary"):
            layer: dict[str, set[str]] = {}
            for opening, closing in marks.get(name) or []:
                layer.setdefault(opening, set()).add(closing)
            layers.append({o: frozenset(c) for o, c in layer.items()})
        return Lexicon(
            phrasal={k: frozenset(v) for k, v in (data.get("phrasal_verbs") or {}).items()},
            according=tuple(tuple(p) for p in data.get("according_phrases") or []),
            layers=tuple(layers),
            fragment_max_words=int(data.get("fragment_max_words", 5)),
            headline_max_words=int(data.get("headline_max_words", 20)),
            unclosed_max_sentences=int(data.get("unclosed_max_sentences", 3)),
            unclosed_max_chars=int(data.get("unclosed_max_chars", 600)),
            data=data, source=", ".join(str(p) for p in files),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"malformed quote lexicon ({exc}); see the comments in "
                          "reporting_verbs.yaml", source=str(path or DEFAULT_LEXICON)) from None


class Cues:
    """The lexicon's words as string hashes (to scan a Doc's arrays) and the
    token tests built on them."""

    def __init__(self, lex: Lexicon, strings: StringStore) -> None:
        self.lex = lex
        self.verbs = lex.words("reporting_verbs") | frozenset(lex.phrasal) \
            | lex.words("as_verbs")
        self.verb_hashes = numpy.array([strings.add(w) for w in sorted(self.verbs)],
                                       dtype="uint64")
        self.phrase_starts = frozenset(p[0] for p in lex.according)
        self.phrase_hashes = numpy.array([strings.add(w) for w in sorted(self.phrase_starts)],
                                         dtype="uint64")

    def is_reporting(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or lemma not in self.verbs or any(
                c.dep_ == "neg" for c in tok.children):
            return False  # "did not say whether ..." reports nothing
        parts = self.lex.phrasal.get(lemma)
        if parts and lemma not in self.lex.words("reporting_verbs"):
            return any(c.lower_ in parts for c in tok.children)
        return True

    def is_cue(self, t: Token, used: set[int]) -> bool:
        if t.lower_ in self.phrase_starts:
            return t.i not in used and t.lower_ != "as"
        return t.i not in used and (self.is_reporting(t) or t.lemma_.lower(
        ) in self.lex.words("labelling_verbs")) and not any(c.lower_ == "as" and c.dep_ == "mark"
                                             for c in t.children)  # "as reported in"
