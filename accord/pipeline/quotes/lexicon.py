"""The words of attribution for accord_quotes, read from `reporting_verbs.yaml`.

`Lexicon` is the data file as sets; `Cues` adds what the component asks of a
token: is it a reporting verb ("said", "pointed out", not "did not say"), or a
word that attributes a quotation ("according to", "called")?
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import yaml
from spacy.strings import StringStore
from spacy.tokens import Token
from spacy.util import registry

from accord.errors import ConfigError
from accord.yamlfile import safe_load

DEFAULT_LEXICON = Path(__file__).resolve().parents[2] / "data" / "reporting_verbs.yaml"


@dataclass(frozen=True)
class Lexicon:
    """The words of attribution, read from YAML (see reporting_verbs.yaml)."""

    reporting: frozenset[str]
    phrasal: dict[str, frozenset[str]]
    infinitive: frozenset[str]
    addressee: frozenset[str]
    as_verbs: frozenset[str]
    clause_marks: frozenset[str]
    statement_nouns: frozenset[str]
    labelling: frozenset[str]
    speech_acts: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    non_sources: frozenset[str]
    speaks_for: frozenset[str]
    person_roles: frozenset[str]
    group_nouns: frozenset[str]
    layers: tuple[dict[str, frozenset[str]], ...]  # per layer: opening mark -> closing marks
    fragment_max_words: int = 5
    headline_max_words: int = 20
    unclosed_max_sentences: int = 3
    unclosed_max_chars: int = 600
    rebuttals: frozenset[str] = frozenset()
    intentions: frozenset[str] = frozenset()
    interviewer_labels: frozenset[str] = frozenset()
    interview_verbs: frozenset[str] = frozenset()
    documents: frozenset[str] = frozenset()
    negative_subjects: frozenset[str] = frozenset()
    affiliation_preps: frozenset[str] = frozenset()


def load_quote_lexicon(path: str | None = None, extra: str | None = None) -> Lexicon:
    """The reporting-verb lexicon (accord/data/reporting_verbs.yaml or `path`),
    merged with a user's `extra` file."""
    return load_lexicon(path, extra)


registry.misc.register("accord.quote_lexicon.v1", func=load_quote_lexicon)


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None, extra: str | None = None) -> Lexicon:
    """The lexicon from the data file, merged with an optional extra file."""
    data: dict[str, Any] = {}
    for p in [Path(path) if path else DEFAULT_LEXICON] + ([Path(extra)] if extra else []):
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
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or [])

        marks = data.get("quote_marks") or {}
        layers = []
        for name in ("primary", "secondary"):
            layer: dict[str, set[str]] = {}
            for opening, closing in marks.get(name) or []:
                layer.setdefault(opening, set()).add(closing)
            layers.append({o: frozenset(c) for o, c in layer.items()})
        return Lexicon(
            reporting=words("reporting_verbs"),
            phrasal={k: frozenset(v) for k, v in (data.get("phrasal_verbs") or {}).items()},
            infinitive=words("infinitive_verbs"), addressee=words("addressee_verbs"),
            as_verbs=words("as_verbs"), clause_marks=words("clause_marks"),
            statement_nouns=words("statement_nouns"),
            labelling=words("labelling_verbs"), speech_acts=words("speech_act_verbs"),
            according=tuple(tuple(p) for p in data.get("according_phrases") or []),
            non_sources=words("non_sources"), speaks_for=words("speaks_for"),
            person_roles=words("person_roles"), group_nouns=words("group_nouns"),
            layers=tuple(layers),
            fragment_max_words=int(data.get("fragment_max_words", 5)),
            headline_max_words=int(data.get("headline_max_words", 20)),
            unclosed_max_sentences=int(data.get("unclosed_max_sentences", 3)),
            unclosed_max_chars=int(data.get("unclosed_max_chars", 600)),
            rebuttals=words("rebuttal_verbs"), intentions=words("intention_verbs"),
            interviewer_labels=words("interviewer_labels"),
            documents=words("documents"), interview_verbs=words("interview_verbs"),
            negative_subjects=words("negative_subjects"),
            affiliation_preps=words("affiliation_prepositions"),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"malformed quote lexicon ({exc}); see the comments in "
                          "reporting_verbs.yaml", source=str(path or DEFAULT_LEXICON)) from None


class Cues:
    """The lexicon's words as string hashes (to scan a Doc's arrays) and the
    token tests built on them."""

    def __init__(self, lex: Lexicon, strings: StringStore) -> None:
        self.lex = lex
        self.verbs = lex.reporting | frozenset(lex.phrasal) | lex.as_verbs
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
        if parts and lemma not in self.lex.reporting:
            return any(c.lower_ in parts for c in tok.children)
        return True

    def is_cue(self, t: Token, used: set[int]) -> bool:
        if t.lower_ in self.phrase_starts:
            return t.i not in used and t.lower_ != "as"
        return t.i not in used and (self.is_reporting(t) or t.lemma_.lower(
        ) in self.lex.labelling) and not any(c.lower_ == "as" and c.dep_ == "mark"
                                             for c in t.children)  # "as reported in"
