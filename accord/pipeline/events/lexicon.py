"""The event lexicon of accord_events (`accord/data/events.yaml`).

`Lexicon` maps trigger lemmas (verbs, adjectives, nouns) to `Rule`s (a PLOVER
type, a mode, and the words or prepositions a trigger must or must not come
with); `fits` tells whether a rule fits a token; `EventWords` holds the
lexicon's word lists (light verbs, blockers, modal words, ...) as the parts of
the extractor read them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, Token
from spacy.util import registry

from accord.errors import ConfigError
from accord.model import EVENT_TYPES, Ref
from accord.pipeline.common.data import DATA, load_yaml
from accord.pipeline.common.knowledge import Known
from accord.pipeline.common.syntax import coordinated, lemma, near_lemmas, phrase_tokens, span_of
from accord.pipeline.common.tokens import doc_text


@dataclass
class Rule:
    type: str
    mode: str = ""
    with_: frozenset[str] = frozenset()
    prep: frozenset[str] = frozenset()
    not_with: frozenset[str] = frozenset()
    negated: str = ""
    needs_verb: bool = False


def _words(values: Any) -> frozenset[str]:
    """Lemmas of a rule; YAML reads a bare on/off as true/false, put back here."""
    return frozenset({True: "on", False: "off"}.get(v, str(v).lower()) if isinstance(v, bool)
                     else str(v).lower() for v in values or [])


def _rules(value: Any, source: str) -> list[Rule]:
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        spec = {"type": item} if isinstance(item, str) else dict(item)
        if spec.get("type") not in EVENT_TYPES:
            raise ConfigError(f"unknown event type {spec.get('type')!r}; use one of "
                              f"{', '.join(EVENT_TYPES)}", source=source)
        if spec.get("negated") and spec["negated"] not in EVENT_TYPES:
            raise ConfigError(f"unknown event type {spec['negated']!r}", source=source)
        out.append(Rule(spec["type"], spec.get("mode", ""),
                        _words(spec.get("with")), _words(spec.get("prep")),
                        _words(spec.get("not_with")), str(spec.get("negated") or ""),
                        bool(spec.get("needs_verb"))))
    return out


@dataclass
class Lexicon:
    verbs: dict[str, list[Rule]] = field(default_factory=dict)
    adjectives: dict[str, list[Rule]] = field(default_factory=dict)
    nouns: dict[str, list[Rule]] = field(default_factory=dict)
    words: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Lexicon:
        path = Path(path) if path else DATA / "events.yaml"
        data = load_yaml(path)
        lex = cls(words={k: v for k, v in data.items()
                         if k not in ("verbs", "adjectives", "nouns")})
        for part in ("verbs", "adjectives", "nouns"):
            table = getattr(lex, part)
            for word, value in (data.get(part) or {}).items():
                table[str(word).lower()] = _rules(value, str(path))
        return lex

    def set(self, key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in self.words.get(key) or [])

    def modal(self, key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in (self.words.get("modality") or {}).get(key, []))


def load_event_lexicon(path: str | None = None) -> Lexicon:
    """The event lexicon: accord/data/events.yaml, or the file at `path`."""
    return Lexicon.load(path)


registry.misc.register("accord.event_lexicon.v1", func=load_event_lexicon)


def _prep_holders(tok: Token) -> list[Token]:
    """The trigger's children, and those of its object and the object's
    conjuncts: "fired tear gas, rubber bullets and grenades at protesters"."""
    out = list(tok.children)
    objs = [c for c in tok.children if c.dep_ == "dobj"]
    for o in objs:
        for t in coordinated(o):
            out.extend(t.children)
    return out


def _dated_prep(prep: Token) -> bool:
    """ "on Monday": a preposition of time, not the rule's ("call on X")."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objs) and all(g.ent_type_ in ("DATE", "TIME") for g in objs)


def fits(rule: Rule, tok: Token) -> bool:
    if rule.prep and not any(c.lower_ in rule.prep for c in _prep_holders(tok)
                             if c.dep_ in ("prep", "prt", "agent", "dative")
                             and not _dated_prep(c)) and not (
            "to" in rule.prep and any(c.dep_ == "xcomp" for c in tok.children)):
        return False
    # "pulled out of the deal": a particle's object is three steps down
    depth = 3 if rule.prep and rule.with_ else 2
    near = near_lemmas(tok, depth) if (rule.with_ or rule.not_with) else set()
    if (rule.with_ or rule.not_with) and tok.dep_ in ("relcl", "acl"):
        near.add(lemma(tok.head))  # "the deal, which Iran pulled out of", "a report released"
    if rule.with_ and not (near & rule.with_):
        return False
    return not (rule.not_with and near & rule.not_with)


class EventWords:
    """The lexicon and its word lists, read once when the component is made.

    A new rule reads its own list straight from events.yaml with
    `words.word_set("my_list")` (lower-cased, cached): adding a rule touches
    the rule's module, events.yaml and its test, nothing else.
    """

    def __init__(self, lex: Lexicon, known: Known) -> None:
        self.lex = lex
        self.known = known
        self._sets: dict[str, frozenset[str]] = {}
        self.inert = frozenset({*lex.set("not_actors"), *lex.nouns})
        w = self.lex
        self.light = w.set("light_verbs")
        self.content_types = frozenset(t.upper() for t in w.set("content_types"))
        self.future_aux, self.would = w.modal("future_aux"), w.modal("would_aux")
        self.hyp_aux, self.marks = w.modal("hypothetical_aux"), w.modal("condition_marks")
        self.future_heads = w.modal("future_heads")
        self.hyp_heads = w.modal("hypothetical_heads")
        self.neg_words = w.modal("negation_words")
        self.say_verbs = w.set("say_verbs")
        self.max_tokens = int(w.words.get("max_sentence_tokens") or 400)
        self.press_types = frozenset(t.upper() for t in w.set("press_act_types"))
        self.declared = {str(k): str(v) for k, v in (w.words.get("declared") or {}).items()}
        self.possible = {str(k): str(v) for k, v in (w.words.get("possible") or {}).items()}
        self.conditional = {str(k): str(v)
                            for k, v in (w.words.get("conditional") or {}).items()}

    def word_set(self, key: str) -> frozenset[str]:
        """The lower-cased word list `key` of events.yaml (cached)."""
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = self.lex.set(key)
        return found


def is_inert(words: EventWords, tok: Token) -> bool:
    """A head that never acts ("talks failed", "decisions that threaten"):
    `not_actors` of events.yaml and every trigger noun."""
    return lemma(tok) in words.inert or tok.lower_ in words.inert


def described(words: EventWords, doc: Doc, tok: Token) -> Ref | None:
    """A described but unnamed actor ("Republican lawmakers", "the attackers"):
    its words with id None, so that the event still says who acted."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in ("who", "which", "that"):
        return None
    if tok.pos_ == "NOUN" and is_inert(words, tok):
        return None  # "talks failed", "decisions that threaten": no one acting
    toks = [t for t in phrase_tokens(tok) if t.dep_ != "det" or t.i > tok.i]
    toks = [t for t in toks if not t.is_punct]
    if not toks or len(toks) > 6:
        return None
    start, end = span_of(doc, toks)
    return Ref(name=doc_text(doc)[start:end], id=None, start=start, end=end,
               inferred="described")
