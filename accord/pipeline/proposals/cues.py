"""The proposal lexicon (`accord/data/proposals.yaml`) and how tokens are read against it.

`Cues` holds the offer, pledge, condition and stance words and the kinds of
proposal ("ceasefire", "30-day ceasefire") with the index that names a kind
from a set of words. The small readers here are shared by the anchors
(`proposal_anchors`) and the answers (`proposal_answers`): the words of some
tokens, whether a verb puts a demand, and a sentence's span and date.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from spacy.lang.en.lex_attrs import like_num
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from accord.kb import KB
from accord.model import DateMention
from accord.pipeline.common.data import load_yaml, word_list
from accord.pipeline.common.knowledge import Known
from accord.pipeline.common.syntax import lemma
from accord.pipeline.common.tokens import doc_text

DATA = Path(__file__).resolve().parents[2] / "data"


def load_cues(path: str | None = None) -> Cues:
    """The proposal cues: accord/data/proposals.yaml, or the file at `path`."""
    return Cues.load(path)


registry.misc.register("accord.proposal_cues.v1", func=load_cues)




def _parts(data: dict[str, Any], key: str) -> dict[str, frozenset[str]]:
    """A mapping of words to the words they need ("call": ["for"])."""
    return {str(k): frozenset(str(w).lower() for w in v or [])
            for k, v in (data.get(key) or {}).items()}


@dataclass
class Cues:
    """The structured parts of proposals.yaml as fields; a plain word list
    through `words(key)`, so that a new rule touches its module, the YAML and
    its test, nothing else."""

    pledges: dict[str, str]
    kinds: list[dict[str, Any]]
    phrases: list[str]
    stance_verbs: dict[str, str]
    stance_adjs: dict[str, str]
    call_words: frozenset[str]
    consider_phrases: list[str]
    window: int
    bystanders: frozenset[str] = frozenset()
    max_tokens: int = 400
    pledge_objects: dict[str, frozenset[str]] = field(default_factory=dict)
    requests: dict[str, frozenset[str]] = field(default_factory=dict)
    request_nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    hedges: list[str] = field(default_factory=list)
    stance_nouns: dict[str, str] = field(default_factory=dict)
    # verbs that judge by a complement: "called the offer a sham"
    judging: frozenset[str] = frozenset()
    # stance -> adverbs that make a reply an answer: "responded positively"
    reply_manners: dict[str, frozenset[str]] = field(default_factory=dict)
    # lemma -> (stance, particles): "ruled out", "turned down"
    stance_phrasals: dict[str, tuple[str, frozenset[str]]] = field(default_factory=dict)
    # the file as read, for `words`, and where it was read from
    data: dict[str, Any] = field(default_factory=dict, repr=False)
    source: str = ""
    # set by the component from the KB the config gives it
    known: Known = field(default_factory=lambda: Known(KB()))
    _sets: dict[str, frozenset[str]] = field(default_factory=dict, init=False, repr=False,
                                             compare=False)

    @classmethod
    def load(cls, path: str | Path | None = None) -> Cues:
        where = str(path or DATA / "proposals.yaml")
        d = load_yaml(where)
        st = d.get("stances") or {}
        verbs = {str(w): s for s in st for w in (st[s] or {}).get("verbs", [])}
        adjs = {str(w): s for s in st for w in (st[s] or {}).get("adjectives", [])}
        return cls({str(k): str(v) for k, v in (d.get("pledge_actions") or {}).items()},
                   list(d.get("kinds") or []),
                   [p.lower() for p in d.get("condition_phrases") or []], verbs, adjs,
                   frozenset((st.get("reject") or {}).get("call_words", [])),
                   [p.lower() for p in (st.get("consider") or {}).get("phrases", [])],
                   int(d.get("response_window", 8)),
                   bystanders=frozenset(str(x).upper() for x in d.get("bystander_sectors") or []),
                   max_tokens=int(d.get("max_sentence_tokens") or 400),
                   pledge_objects=_parts(d, "pledge_objects"), requests=_parts(d, "request_verbs"),
                   request_nouns=_parts(d, "request_nouns"),
                   hedges=[str(h).lower() for h in d.get("hedges") or []],
                   stance_nouns={str(w): s for s in st for w in (st[s] or {}).get("nouns", [])},
                   reply_manners=_parts(d, "reply_manners"),
                   judging=frozenset(str(w).lower() for w in
                                     (st.get("reject") or {}).get("judging_verbs") or []),
                   stance_phrasals={str(w): (s, frozenset(str(p).lower() for p in ps or []))
                                    for s in st
                                    for w, ps in ((st[s] or {}).get("phrasal") or {}).items()},
                   data=d, source=where)

    def words(self, key: str) -> frozenset[str]:
        """The lower-cased word list `key` of proposals.yaml (read once, cached)."""
        found = self._sets.get(key)
        if found is None:
            found = self._sets[key] = word_list(self.data, key, self.source)
        return found

    def family(self, kind: str) -> str:
        """The base kind of a qualified kind ("30-day ceasefire" -> "ceasefire")."""
        for spec in self.kinds:
            if kind == spec["kind"] or kind in (spec.get("qualifiers") or {}) \
                    or self._timed(spec, kind):
                return str(spec["kind"])
        return kind

    def rank(self, kind: str) -> int:
        """Lower is more specific: qualified kinds first, then the YAML order."""
        for i, spec in enumerate(self.kinds):
            if kind in (spec.get("qualifiers") or {}) or self._timed(spec, kind):
                return i * 2
            if kind == spec["kind"]:
                return i * 2 + 1
        return 999

    def _duration(self, spec: dict[str, Any], word: str) -> bool:
        """A number joined to one of the kind's `durations`: "72-hour", "60-day"."""
        units = spec.get("durations") or []
        num, sep, unit = word.partition("-")
        numeric = bool(like_num(num))  # type: ignore[no-untyped-call]
        return bool(sep) and numeric and unit.rstrip("s") in units

    def _timed(self, spec: dict[str, Any], kind: str) -> bool:
        """A kind named by its length: "72-hour ceasefire" for "ceasefire"."""
        word, sep, base = kind.partition(" ")
        return bool(sep) and base == spec["kind"] and self._duration(spec, word)

    def noun_kind(self, tok: Token) -> str | None:
        """The kind a noun names by itself ("truce", "talks") or, for one of a
        kind's `heads`, by the cue word that modifies it ("a prisoner swap",
        "an exchange of hostages"; "a currency swap" names none)."""
        found = self.kind({lemma(tok), tok.lower_})
        if found is not None and self._unlike(found, tok):
            return None  # "a press conference" is no talks
        if found is not None or not self.headed(tok):
            return found
        return self.kind(token_words(list(tok.subtree)))

    def _unlike(self, kind: str, tok: Token) -> bool:
        """A modifier of `tok` that its kind lists as `not_with`."""
        spec = next((k for k in self.kinds if k["kind"] == self.family(kind)), {})
        unlike = {str(w).lower() for w in spec.get("not_with") or []}
        return any(ch.dep_ in ("compound", "amod", "nmod") and ch.lower_ in unlike
                   for ch in tok.children)

    def headed(self, tok: Token) -> bool:
        """A kind's head noun modified by one of the kind's cue words."""
        heads = self.__dict__.get("_heads")
        if heads is None:  # built once: every kind's heads
            heads = self.__dict__["_heads"] = frozenset(
                str(h) for spec in self.kinds for h in spec.get("heads") or [])
        if lemma(tok) not in heads:
            return False
        for spec in self.kinds:
            if lemma(tok) not in (spec.get("heads") or []):
                continue
            cues = {str(c).lower() for c in spec.get("cues") or []}
            mods = [ch for ch in tok.children if ch.dep_ in ("compound", "amod", "nmod")]
            mods += [g for ch in tok.children if ch.dep_ == "prep" and ch.lower_ == "of"
                     for g in ch.children if g.dep_ == "pobj"]
            if any(lemma(m) in cues or m.lower_ in cues for m in mods):
                return True
        return False

    def kind(self, words: set[str]) -> str | None:
        table = self.__dict__.get("_table")
        if table is None:  # built once: cue word -> first kind listing it; qualifiers
            index: dict[str, int] = {}
            quals = []
            for i, spec in enumerate(self.kinds):
                for cue in spec.get("cues", []):
                    index.setdefault(str(cue).lower(), i)
                quals.append((str(spec["kind"]),
                              [(str(n), frozenset(str(q).lower() for q in qs))
                               for n, qs in (spec.get("qualifiers") or {}).items()]))
            table = self.__dict__["_table"] = (index, quals)
        index, quals = table
        best = min((index[w] for w in words if w in index), default=None)
        if best is None:
            return None
        name, qualifiers = quals[best]
        for qname, qwords in qualifiers:
            if words & qwords:
                return qname
        timed = sorted(w for w in words if self._duration(self.kinds[best], w))
        return f"{timed[0]} {name}" if timed else name


def is_request(cues: Cues, tok: Token, path: list[Token] | None = None) -> bool:
    """A verb that puts a demand: "urged", "called on", "asked Trump for"
    (the particle on the verb or on the way down to the object)."""
    parts = cues.requests.get(lemma(tok))
    if parts is None or tok.pos_ != "VERB":
        return False
    if not parts:
        return True
    near = [*tok.children, *(path or []),  # "called for Russia to agree": a mark
            *(c for p in path or [] for c in p.children if c.dep_ == "mark")]
    return any(ch.dep_ in ("prep", "prt", "mark") and ch.lower_ in parts for ch in near)


def phrasal_stance(cues: Cues, tok: Token) -> str | None:
    """The stance of a phrasal verb with its particle: "ruled out a truce",
    "turned down the offer", "will look into the proposal"."""
    entry = cues.stance_phrasals.get(lemma(tok))
    if entry is None or tok.pos_ != "VERB":
        return None
    stance, parts = entry
    if not any(ch.dep_ in ("dobj", "pobj") for t in (tok, *tok.children)
               for ch in t.children):
        return None  # "Malaysia is pushing back": against what, the sentence does not say
    return stance if any(ch.dep_ in ("prt", "prep", "advmod") and ch.lower_ in parts
                         for ch in tok.children) else None


def is_answer(cues: Cues, tok: Token) -> bool:
    """A stance verb, plain or phrasal: "rejected", "turned down"."""
    return lemma(tok) in cues.stance_verbs or phrasal_stance(cues, tok) is not None


def token_words(toks: list[Token]) -> set[str]:
    """The lemmas and lowercased forms of `toks`, the words cues are looked up by
    (not the noun of "in exchange for", "in return for": it names no kind), and
    the words the tokenizer split at a hyphen joined again ("30-day", "cease-fire")."""
    words = {w for t in toks if not in_exchange_idiom(t) for w in (lemma(t), t.lower_)}
    have = {t.i for t in toks}
    for t in toks:
        if t.i + 2 < len(t.doc) and t.i + 2 in have and not t.whitespace_ \
                and t.nbor(1).text == "-" and not t.nbor(1).whitespace_:
            words.add(f"{t.lower_}-{t.nbor(2).lower_}")
    return words


def in_exchange_idiom(tok: Token) -> bool:
    """The noun of "in exchange for", "in return for" (not "in a plan for")."""
    return tok.lower_ in ("exchange", "return") and tok.dep_ == "pobj" \
        and tok.head.lower_ == "in" and any(
        c.dep_ == "prep" and c.lower_ == "for" for c in tok.children)


def in_condition_idiom(cues: Cues, tok: Token) -> bool:
    """The noun of a condition phrase ("on condition that", "in exchange for",
    `condition_phrases`): it names a condition, no offer of its own."""
    if tok.dep_ != "pobj" or tok.head.dep_ != "prep":
        return False
    prep = tok.head
    text = doc_text(tok.doc)[prep.idx:prep.idx + 40].lower()
    return any(text.startswith(p) and prep.idx + len(p) > tok.idx for p in cues.phrases)


def sent_span(sent: Span) -> tuple[int, int]:
    """The sentence's character span without surrounding whitespace."""
    text = doc_text(sent.doc)[sent.start_char:sent.end_char]
    stripped = text.rstrip()
    start = sent.start_char + (len(stripped) - len(stripped.lstrip()))
    return start, sent.start_char + len(stripped)


def date_within(doc: Doc, start: int, end: int) -> str | None:
    """The value of the first date found between `start` and `end`."""
    dates: list[DateMention] = doc._.dates or []
    for d in dates:
        if d.start >= start and d.end <= end and d.value:
            return d.value
    return None
