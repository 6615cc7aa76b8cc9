"""accord_events: PLOVER events from a lexicon of verbal and nominal triggers.

The lexicon (`accord/data/events.yaml`) maps lemmas to types and modes; this
module reads spaCy's dependency parse around each trigger to find who did it
(subject, passive agent, possessive, "between X and Y", the subject of a light
verb), to whom (object, "with X", "on X"), where, when (the nearest date
expression of `accord_dates`), and whether it is negated, hypothetical or
future. Compound actors ("Kyiv, NATO and the Pentagon dismissed it") give one
event per actor. The syntactic helpers here are shared with accord_proposals.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from accord.errors import ConfigError
from accord.kb import active_kb
from accord.model import EVENT_TYPES, DateMention, Event, Ref
from accord.pipeline.actors import ref_at
from accord.pipeline.tokens import Tokens, doc_text, sentences, tokens
from accord.yamlfile import safe_load

DATA = Path(__file__).resolve().parent.parent / "data"
SUBJ = ("nsubj", "nsubjpass", "csubj")
# Dependents that are not part of an actor's own name phrase.
_NOT_PHRASE = {"conj", "cc", "appos", "relcl", "acl", "punct", "prep", "advcl", "ccomp"}


def load_yaml(path: str | Path) -> dict[str, Any]:
    try:
        data = safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read lexicon ({exc}); fix or remove the file",
                          source=str(path)) from None
    if not isinstance(data, dict):
        raise ConfigError("a lexicon file is a YAML mapping", source=str(path))
    return data


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
            for lemma, value in (data.get(part) or {}).items():
                table[str(lemma).lower()] = _rules(value, str(path))
        return lex

    def set(self, key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in self.words.get(key) or [])

    def modal(self, key: str) -> frozenset[str]:
        return frozenset(str(w).lower() for w in (self.words.get("modality") or {}).get(key, []))


# -- shared syntactic helpers ---------------------------------------------------

def lemma(tok: Token) -> str:
    return tok.lemma_.lower()


def near_lemmas(tok: Token, depth: int = 2) -> set[str]:
    """Lemmas and lower-case forms of the dependents up to `depth` steps down."""
    out: set[str] = set()
    frontier = [tok]
    for _ in range(depth):
        nxt = []
        for t in frontier:
            for c in t.children:
                out.add(lemma(c))
                out.add(c.lower_)
                nxt.append(c)
        frontier = nxt
    return out


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
    if rule.with_ and tok.dep_ == "relcl":  # "the deal, which Iran pulled out of"
        near.add(lemma(tok.head))
    if rule.with_ and not (near & rule.with_):
        return False
    return not (rule.not_with and near & rule.not_with)


def span_of(doc: Doc, toks: list[Token]) -> tuple[int, int]:
    start = min(t.idx for t in toks)
    end = max(t.idx + len(t.text) for t in toks)
    return start, end


def phrase_tokens(tok: Token) -> list[Token]:
    """The token and its own modifiers, without coordinated or clausal parts."""
    out = [tok]
    for c in tok.children:
        if c.dep_ not in _NOT_PHRASE:
            out.extend(phrase_tokens(c))
    return out


def name_tokens(tok: Token) -> list[Token]:
    """The token and its compound/flat name parts ("Dmitri S. Peskov", "Zelenskyy's")."""
    out = [tok]
    for c in tok.children:
        if c.dep_ in ("compound", "flat", "case"):
            out.extend(name_tokens(c))
    return out


def coordinated(tok: Token) -> list[Token]:
    """The token and its coordinated siblings: "Kyiv, NATO and the Pentagon"."""
    out = [tok]
    for c in tok.children:
        if c.dep_ == "conj" or (c.dep_ == "appos" and any(g.dep_ == "conj" for g in c.children)):
            out.extend(coordinated(c))
    return out


def ref_for(doc: Doc, tok: Token) -> Ref | None:
    """The actor a noun phrase headed by `tok` refers to: its name, an apposition,
    then anything named inside the phrase ("one of Zelenskyy's advisors")."""
    if tok.pos_ == "NOUN":  # "Iran's U.N. ambassador": Iran's, not the UN's
        for c in tok.children:
            if c.dep_ == "poss" and c.pos_ != "PRON" \
                    and (ref := ref_at(doc, *span_of(doc, name_tokens(c)))) is not None:
                return ref
    ref = ref_at(doc, *span_of(doc, name_tokens(tok)))
    if ref is not None:
        return ref
    for c in tok.children:
        if c.dep_ == "appos" and not any(g.dep_ == "conj" for g in c.children):
            ref = ref_at(doc, *span_of(doc, phrase_tokens(c)))
            if ref is not None:
                return ref
    toks = phrase_tokens(tok)
    # "one of X's advisors", "diplomats from the G7", "a spokesman for X": the
    # prep's object names whom the unnamed people act for
    preps = _member_preps(tok)
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in preps:
            toks.extend(c.subtree)
    return ref_at(doc, *span_of(doc, toks))


@lru_cache(maxsize=1)
def _agent_words() -> tuple[frozenset[str], frozenset[str]]:
    """`agent_for_nouns` ("a spokesman for X") and `not_actors` (heads that
    never act: "decisions", "relations") of events.yaml, with its trigger nouns."""
    data = load_yaml(DATA / "events.yaml")
    words = frozenset(str(w).lower() for w in data.get("agent_for_nouns") or [])
    inert = {str(w).lower() for w in data.get("not_actors") or []}
    inert.update(str(w).lower() for w in data.get("nouns") or {})
    return words, frozenset(inert)


def _inert(tok: Token) -> bool:
    inert = _agent_words()[1]
    return lemma(tok) in inert or tok.lower_ in inert


def _member_preps(tok: Token) -> tuple[str, ...]:
    if tok.pos_ != "NOUN":
        return ("of",)
    return ("of", "from", "for") if tok.lemma_.lower() in _agent_words()[0] else ("of", "from")


def described(doc: Doc, tok: Token) -> Ref | None:
    """A described but unnamed actor ("Republican lawmakers", "the attackers"):
    its words with id None, so that the event still says who acted."""
    if tok.pos_ not in ("NOUN", "PROPN") or tok.lower_ in ("who", "which", "that"):
        return None
    if tok.pos_ == "NOUN" and _inert(tok):
        return None  # "talks failed", "decisions that threaten": no one acting
    toks = [t for t in phrase_tokens(tok) if t.dep_ != "det" or t.i > tok.i]
    toks = [t for t in toks if not t.is_punct]
    if not toks or len(toks) > 6:
        return None
    start, end = span_of(doc, toks)
    return Ref(name=doc_text(doc)[start:end], id=None, start=start, end=end,
               inferred="described")


@lru_cache(maxsize=1)
def _pronoun_words() -> tuple[dict[str, tuple[str, ...]], frozenset[str]]:
    """Possessive pronoun types and first-person pronouns, from the actors'
    language file (accord/data/actor_language.yaml)."""
    lang = active_kb().language
    types = {k: tuple(v) for k, v in (lang.get("possessive_types") or {}).items()}
    return types, frozenset(lang.get("first_person") or [])


def preceding_actor(doc: Doc, pron: Token, exclude: str | None = None) -> Ref | None:
    """The nearest actor named before a possessive pronoun, of a type it can
    stand for ("its": a state or organisation; "his", "her": a person), when
    the linker left the pronoun unresolved."""
    ents = doc._.entities or {}
    types = _pronoun_words()[0].get(pron.lower_)
    for m in sorted(doc._.mentions or [], key=lambda m: -m.start):
        ent = ents.get(m.entity_id)
        if m.end > pron.idx or ent is None or m.via == "pronoun" or ent.id == exclude:
            continue
        if types is not None and ent.type not in types:
            continue
        return Ref(name=ent.name, id=ent.id, start=pron.idx, end=pron.idx + len(pron.text),
                   inferred="possessive")
    return None


def quote_speaker(doc: Doc, tok: Token) -> Ref | None:
    """ "we" inside a quotation: the quote's speaker (from accord_quotes)."""
    return quoted_by(doc, tok) if tok.lower_ in _pronoun_words()[1] else None


def quoted_by(doc: Doc, tok: Token) -> Ref | None:
    """The speaker of the quotation that holds tok, if any."""
    for q in doc._.quotes or []:
        if q.start <= tok.idx < q.end and q.speaker is not None:
            sp = q.speaker
            return Ref(name=sp.name, id=sp.id, start=tok.idx, end=tok.idx + len(tok.text),
                       inferred="quote speaker")
    return None


def kb_ref(actor_id: str, start: int, end: int, inferred: str) -> Ref | None:
    actor = active_kb().actors.get(actor_id)
    return Ref(name=actor.name, id=actor.id, start=start, end=end,
               inferred=inferred) if actor else None


def demonym_ref(doc: Doc, tok: Token) -> Ref | None:
    """ "Russian" -> Russia, through the demonyms of the actors knowledge base."""
    for actor_id, how in active_kb().lookup(tok.text).items():
        if how == "demonym":
            return kb_ref(actor_id, tok.idx, tok.idx + len(tok.text), "demonym")
    return None


_PAIRS: dict[str, str] = {}


def group_refs(doc: Doc, tok: Token) -> list[Ref]:
    """ "both sides", "the two presidents": the last two distinct actors of the
    right type named before the phrase (`pair_nouns` in events.yaml)."""
    if not _PAIRS:
        _PAIRS.update({str(k): str(v) for k, v in
                       (load_yaml(DATA / "events.yaml").get("pair_nouns") or {}).items()})
    kind = _PAIRS.get(lemma(tok))
    if kind is None or tok.tag_ not in ("NNS", "NNPS"):
        return []
    if not any(c.lower_ in ("both", "two", "the") for c in tok.children):
        return []
    ents = doc._.entities or {}
    seen: list[Ref] = []
    for m in sorted(doc._.mentions or [], key=lambda m: -m.start):
        ent = ents.get(m.entity_id)
        if m.end > tok.idx or ent is None or m.via in ("pronoun",):
            continue
        if ent.type != kind or any(r.id == ent.id for r in seen):
            continue
        if kind == "GPE" and ent.country and any(
                ents[r.id or ""].country == ent.country for r in seen if r.id in ents):
            continue
        seen.append(Ref(name=ent.name, id=ent.id, start=tok.idx, end=tok.idx + len(tok.text),
                        inferred="group"))
        if len(seen) == 2:
            return seen
    return []


def state_ref(doc: Doc, ref: Ref | None) -> Ref | None:
    """Armed forces act for their state: "Ukrainian forces" -> Ukraine, where the
    article names that state (PLOVER codes them as the country's MIL sector)."""
    ents = doc._.entities or {}
    ent = ents.get(ref.id or "") if ref is not None else None
    if ref is None or ent is None or not ent.country or ent.type == "GPE":
        return ref
    span = doc.char_span(ref.start, ref.end) \
        if ref.start is not None and ref.end is not None else None
    demonym = span is not None and len(span) == 1 and (span[0].pos_ == "ADJ"
                                                       or span[0].ent_type_ == "NORP")
    if ent.sector != "MIL" and not (demonym and ent.sector == "GOV"):
        return ref
    for other in ents.values():
        if other.type == "GPE" and other.country == ent.country and other.sector in ("", "GOV"):
            return Ref(name=other.name, id=other.id, start=ref.start, end=ref.end,
                       inferred="state of armed forces")
    state = active_kb().by_iso.get(ent.country)
    if state and ref.start is not None and ref.end is not None:
        return kb_ref(state, ref.start, ref.end, "state of armed forces") or ref
    return ref


def refs_for(doc: Doc, tok: Token) -> list[Ref | None]:
    """One Ref per coordinated actor; demonym lists ("Russian and Ukrainian
    negotiators") give one per demonym."""
    heads = coordinated(tok)
    if len(heads) == 1 and (group := group_refs(doc, tok)):
        return list(group)
    if len(heads) == 1 and ref_at(doc, *span_of(doc, name_tokens(tok))) is None:
        adjs = [a for c in tok.children if c.dep_ == "amod" for a in coordinated(c)]
        refs = [demonym_ref(doc, a) or state_ref(doc, ref_at(doc, a.idx, a.idx + len(a.text)))
                for a in adjs]
        if any(refs):
            return [r for r in refs if r is not None]
    if len(heads) == 1 and tok.pos_ == "NOUN" and len(refs := modifier_refs(doc, tok)) > 1:
        return list(refs)  # "U.S. and NATO troops"
    return [state_ref(doc, ref_for(doc, h)) for h in heads]


def modifier_refs(doc: Doc, tok: Token) -> list[Ref]:
    """The actors named by a noun's coordinated modifiers, one each: "U.S. and
    NATO troops", "a Chinese and Russian proposal"."""
    out: list[Ref] = []
    for c in tok.children:
        if c.dep_ not in ("compound", "nmod", "amod"):
            continue
        for a in coordinated(c):
            ref = demonym_ref(doc, a) or state_ref(doc, ref_at(doc, *span_of(doc, name_tokens(a))))
            if ref is not None and all((r.id or r.name) != (ref.id or ref.name) for r in out):
                out.append(ref)
    return out


def companions(doc: Doc, verb: Token, subj: Token | None) -> list[Ref]:
    """Actors acting with the subject: "Japan, along with Canada and Italy,
    called a meeting", "Kenya together with Ghana" (on the verb or the subject)."""
    out: list[Ref] = []
    for head in (verb, subj):
        if head is None:
            continue
        for c in head.children:
            if c.dep_ == "prep" and c.lower_ in ("along", "together"):
                for w in c.children:
                    if w.dep_ == "prep" and w.lower_ == "with":
                        for g in w.children:
                            if g.dep_ == "pobj":
                                out.extend(r for r in refs_for(doc, g) if r is not None)
    return out


def subject_of(tok: Token) -> Token | None:
    """The subject of a verb, climbing through xcomp/conj/advcl chains."""
    seen = 0
    while tok is not None and seen < 6:
        for c in tok.children:
            if c.dep_ in ("nsubj", "csubj"):
                if c.lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
                    return tok.head  # "Ukraine, which has dealt blows": Ukraine
                return c
        for c in tok.children:  # passive: the agent is the doer
            if c.dep_ == "agent":
                for g in c.children:
                    if g.dep_ == "pobj":
                        return g
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep":
            tok = tok.head.head  # "by holding a meeting": the verb the prep hangs on
        elif tok.dep_ in ("xcomp", "conj", "advcl", "acomp", "pcomp") and tok.head.i != tok.i:
            tok = tok.head
        elif tok.dep_ in ("acl", "relcl") and tok.head.i != tok.i:
            return tok.head if tok.dep_ == "acl" else None
        else:
            return None
        seen += 1
    return None


def subject_verb(tok: Token) -> Token:
    """The verb that carries the subject subject_of finds (climbing xcomp/conj)."""
    seen = 0
    while seen < 6 and not any(c.dep_ in ("nsubj", "csubj", "nsubjpass") for c in tok.children) \
            and tok.dep_ in ("xcomp", "conj", "advcl", "acomp", "pcomp") and tok.head.i != tok.i:
        tok = tok.head
        seen += 1
    return tok


def clause_span(tok: Token) -> tuple[int, int]:
    """The clause of a trigger: its subtree, at least its sentence's clause."""
    toks = list(tok.subtree)
    while toks and toks[-1].is_punct and len(toks) > 1:
        toks.pop()
    return span_of(tok.doc, toks)


def ancestors_in_sentence(tok: Token) -> Iterator[Token]:
    t = tok
    while t.head.i != t.i:
        t = t.head
        yield t


def in_condition(tok: Token, marks: frozenset[str]) -> Token | None:
    """The if-clause (advcl with a condition mark) that contains tok, if any."""
    for t in [tok, *ancestors_in_sentence(tok)]:
        if t.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in marks for c in t.children):
            return t
    return None


def has_condition(tok: Token, marks: frozenset[str]) -> list[Token]:
    """If-clauses attached to the trigger or to the verbs that govern it."""
    out = []
    for t in [tok, *ancestors_in_sentence(tok)]:
        for c in t.children:
            if c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in marks
                                         for m in c.children):
                out.append(c)
        if out:
            break
    return out


# -- the component ----------------------------------------------------------------

@Language.factory("accord_events", assigns=["doc._.events"],
                  default_config={"lexicon": None})
def make_events(nlp: Language, name: str, lexicon: str | None) -> EventExtractor:
    return EventExtractor(nlp, name, lexicon=lexicon)


class EventExtractor:
    def __init__(self, nlp: Language, name: str, *, lexicon: str | None = None) -> None:
        self.name = name
        self.lex = Lexicon.load(lexicon)
        w = self.lex
        self.light = w.set("light_verbs")
        self.clause_preps = w.set("clause_preps")
        self.occurs = w.set("occurrence_modifiers")
        self.blockers = w.set("blockers")
        self.irrealis = w.set("irrealis_heads")
        self.wrongs = w.set("wrongdoing")
        self.documents = w.set("document_nouns")
        self.eventive_preps = w.set("eventive_preps")
        self.content_types = frozenset(t.upper() for t in w.set("content_types"))
        self.future_aux, self.would = w.modal("future_aux"), w.modal("would_aux")
        self.hyp_aux, self.marks = w.modal("hypothetical_aux"), w.modal("condition_marks")
        self.future_heads = w.modal("future_heads")
        self.hyp_heads = w.modal("hypothetical_heads")
        self.neg_words = w.modal("negation_words")
        self.demand_modals = w.set("demand_modals")
        self.say_verbs = w.set("say_verbs")
        self.quantity = w.set("quantity_nouns")
        self.forces = w.set("force_nouns")
        self.max_tokens = int(w.words.get("max_sentence_tokens") or 400)
        self.obligation = w.set("obligation_heads")
        self.declared = {str(k): str(v) for k, v in (w.words.get("declared") or {}).items()}
        self.possible = {str(k): str(v) for k, v in (w.words.get("possible") or {}).items()}
        self.conditional = {str(k): str(v)
                            for k, v in (w.words.get("conditional") or {}).items()}

    def __call__(self, doc: Doc) -> Doc:
        events: list[Event] = []
        self._told: set[tuple[Any, ...]] = set()
        for sent in sentences(doc):
            if len(sent) <= self.max_tokens:  # a run-on "sentence" is no prose to parse
                events.extend(self._sentence(doc, sent))
        doc._.events = events
        return doc

    def _retold(self, doc: Doc, ev: Event, nominal: bool) -> bool:
        """A noun event already told ("Putin's offer" again) or a verb event with
        no one doing it and no one it is done to ("Ceding territory")."""
        if ev.actor is None and ev.recipient is None and ev.date_text is None \
                and not nominal and ev.type not in ("PROTEST",):
            return True
        if not nominal:
            return False
        # "Putin's offer" again (to anyone), or the same pair's meeting again
        who = (ev.type, ev.actor and (ev.actor.id or ev.actor.name), ev.hypothetical,
               ev.negated)
        key = (*who, ev.recipient and ev.recipient.id)
        told = key in self._told or (ev.recipient is None and who in self._told)
        if ev.actor is not None and told and not (ev.date or ev.date_text):
            return True
        self._told.update((who, key))
        return False

    # -- triggers
    def rule_at(self, doc: Doc, i: int, tt: Tokens) -> Rule | None:
        """The lexicon rule token i triggers, if any (Token made only on a hit)."""
        pos = tt.pos[i]
        if pos in ("VERB", "AUX") or tt.tag[i].startswith("VB"):
            table = self.lex.verbs
        elif pos == "ADJ":
            table = self.lex.adjectives
        elif pos in ("NOUN", "PROPN"):
            table = self.lex.nouns
        else:
            return None
        for key in (tt.lemma[i], tt.lower[i]):
            rules = table.get(key)
            if rules:
                tok = doc[i]
                for rule in rules:
                    if fits(rule, tok):
                        return rule
        return None

    def _sentence(self, doc: Doc, sent: Span) -> list[Event]:
        found: dict[int, Rule] = {}
        accusations = self._reported(doc, sent)
        tt = tokens(doc)
        for i in range(sent.start, sent.end):
            rule = self.rule_at(doc, i, tt)
            if rule is not None and i not in accusations:
                found[i] = rule
        out: list[Event] = list(accusations.values())
        seen: set[tuple[Any, ...]] = set()
        for i, rule in found.items():
            tok = doc[i]
            if self._suppressed(tok, found):
                continue
            nominal = tok.pos_ in ("NOUN", "PROPN")
            made = self._nominal(doc, tok, rule) if nominal else self._verbal(doc, tok, rule)
            for ev in made:
                if self._retold(doc, ev, nominal):
                    continue
                key = (ev.type, ev.actor and (ev.actor.id or ev.actor.name),
                       ev.recipient and (ev.recipient.id or ev.recipient.name), ev.negated)
                if key not in seen:
                    seen.add(key)
                    out.append(ev)
            out.extend(self._requests(doc, tok, rule, made))
        out.extend(self._demands(doc, sent, found))
        return _one_per_actor(out)

    def _reported(self, doc: Doc, sent: Span) -> dict[int, Event]:
        """ "X said the attackers collaborated with partners abroad", "said Kabul
        was failing to rein in militants": a reported clause that attributes
        wrongdoing to a third party is an accusation by the sayer."""
        out: dict[int, Event] = {}
        tt = tokens(doc)
        wrong = {i for i in range(sent.start, sent.end) if tt.lemma[i] in self.wrongs}
        # a wrong word, or the head of one ("is the aggressor", "was responsible")
        heads = {doc[i].head.i for i in wrong if tt.dep[i] in ("attr", "acomp")}
        for i in sorted(wrong | heads):
            tok = doc[i]
            say = None
            t = tok
            for _ in range(3):  # the clause, maybe under "that ... and", up to the say verb
                if t.dep_ == "ccomp" and lemma(t.head) in self.say_verbs:
                    say = t.head
                    break
                if t.dep_ not in ("conj", "xcomp", "ccomp") or t.head.i == t.i:
                    break
                t = t.head
            sayer = subject_of(say) if say is not None else None
            accused = next((c for x in (tok, t) for c in x.children
                            if c.dep_ in ("nsubj", "nsubjpass")), None)
            quoted = quoted_by(doc, tok) if sayer is None else None
            if sayer is None and (quoted is None or accused is None
                                  or accused.lower_ in _pronoun_words()[1]):
                continue
            agent = [g for c in tok.children if c.dep_ == "agent"
                     for g in c.children if g.dep_ == "pobj"]
            target = ref_for(doc, agent[0]) if agent else (
                ref_for(doc, accused) if accused is not None else None)
            if target is None and accused is not None:
                target = described(doc, accused)
            if sayer is None or say is None:  # "Putin is the aggressor," inside a quote
                start, end = clause_span(tok)
                out.setdefault(tok.i, self._event(doc, tok, Rule("ACCUSE"), quoted, target,
                                                  start, end, t, modal=False))
                continue
            start, end = clause_span(say)
            if say.dep_ == "ROOT" and sayer.i < say.i:
                start = min(start, sayer.left_edge.idx)
            sayers = refs_for(doc, sayer)
            if sayers == [None]:  # "reports confirmed ...", said inside a quotation
                sayers = self._author(doc, sayer) or [quoted_by(doc, say)
                                                      or described(doc, sayer)]
            for a in sayers:
                out.setdefault(tok.i, self._event(doc, tok, Rule("ACCUSE"), a, target,
                                                  start, end, say, modal=False))
        return out

    def _suppressed(self, tok: Token, found: dict[int, Rule]) -> bool:
        """A trigger that is the content of another (a speech act, a blocker), a
        condition ("if Ukraine agrees"), a demand ("Ukraine must withdraw": the
        REQUEST covers it) or a free relative ("what he demanded")."""
        if in_condition(tok, self.marks) is not None:
            return True
        if any(c.lower_ in ("what", "whatever") and c.dep_ in ("dobj", "pobj", "nsubjpass")
               for c in [*tok.children, *(g for c in tok.children if c.dep_ == "prep"
                                            for g in c.children)]):
            return True
        if tok.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            return True  # "the incentive to agree", "an offer to negotiate": not done
        if tok.dep_ in ("advcl", "xcomp") and tok.i in found \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
            h = tok.head  # "called a meeting to discuss Iran": the meeting's purpose
            if any(x.i in found and found[x.i].type == found[tok.i].type for x in
                   [h, *(c for c in h.children if c.dep_ in ("dobj", "attr", "nsubjpass"))]):
                return True
        child = tok
        for anc in [tok, *ancestors_in_sentence(tok)]:
            if any(c.dep_ == "aux" and c.lower_ in self.demand_modals for c in anc.children):
                return True
            if anc.dep_ == "xcomp" and lemma(anc.head) in self.obligation:
                return True  # "it has to mobilize resources": an obligation, not an event
            if anc.i == tok.i:
                continue
            if child.dep_ == "advcl" and lemma(anc) in self.irrealis and tok.pos_ == "VERB" \
                    and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
                return True  # "is looking to Biden to veto the bill"
            if child.dep_ in ("relcl", "acl", "advcl"):
                break  # a clause of its own: "advisors calling the offer a sham"
            sibling = child.dep_ == "conj"  # "new threats, new sanctions": siblings
            child = anc
            if sibling:
                continue
            if anc.i in found and found[anc.i].type in self.content_types:
                return True
            if lemma(anc) in self.blockers or anc.lower_ in self.blockers:
                return True
            if (lemma(anc) in self.irrealis or anc.lower_ in self.irrealis) and (
                    tok.pos_ == "VERB" or (tok.dep_ == "dobj" and lemma(tok.head) in self.light)):
                return True
            if anc.dep_ in ("relcl", "ROOT") or (anc.dep_ == "ccomp" and tok.pos_ == "VERB"):
                break
        return False

    # -- verbal and adjectival triggers
    def _verbal(self, doc: Doc, tok: Token, rule: Rule) -> list[Event]:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
        # a passive with no agent says nothing of the doer: the subject of a
        # governing clause is not it ("relations froze after X was ousted")
        subj = None if passive and not any(c.dep_ == "agent" for c in tok.children) \
            else subject_of(tok)
        actors: list[Ref | None] = refs_for(doc, subj) if subj is not None else [None]
        if subj is not None and actors == [None] and (sp := quote_speaker(doc, subj)):
            actors = [sp]  # "we will retaliate", said inside a quotation
        if subj is not None and subj.pos_ == "PRON" and actors == [None]:
            actors = self._sayer(doc, tok) or actors
        if subj is not None and actors == [None]:
            actors = self._author(doc, subj) or [described(doc, subj)]
            if actors == [None] and subj.pos_ == "NOUN" and not subj.ent_type_ \
                    and _inert(subj):
                return []  # "bills proposing measures", "sanctions hit the economy"
        if subj is not None and actors != [None]:
            actors.extend(companions(doc, subject_verb(tok), subj))
        if rule.type == "THREATEN" and self._forecast(tok):
            return []
        recipient = self._recipient(doc, tok, passive)
        start, end = clause_span(tok)
        if tok.dep_ == "ROOT" or subj is not None and subj.i < tok.i:
            start = min(start, subj.left_edge.idx) if subj is not None else start
        return [self._event(doc, tok, rule, a, recipient or _other(a, actors), start, end, tok)
                for a in actors]

    def _sayer(self, doc: Doc, tok: Token) -> list[Ref | None]:
        """ "Serbia said it would be ready", "said it conducted a test": the sayer."""
        say = next((a for a in ancestors_in_sentence(tok) if lemma(a) in self.say_verbs), None)
        sayer = subject_of(say) if say is not None else None
        return refs_for(doc, sayer) if sayer is not None else []

    def _author(self, doc: Doc, tok: Token) -> list[Ref | None]:
        """ "The statement threatened sanctions": the one who made the statement
        named shortly before ("X said in a statement ...")."""
        if lemma(tok) not in self.documents:
            return []
        stop = max(0, tok.sent.start - 80)
        for i in range(tok.i - 1, stop - 1, -1):
            t = doc[i]
            if lemma(t) != lemma(tok):
                continue
            verb = t
            for _ in range(3):
                if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
                    break
                verb = verb.head
            subj = subject_of(verb) if verb.pos_ in ("VERB", "AUX") else None
            if subj is not None and lemma(subj) not in self.documents:
                refs = [r for r in refs_for(doc, subj) if r is not None]
                if refs:
                    return list(refs)
        return []

    def _forecast(self, tok: Token) -> bool:
        """A warning that something could happen ("warns that the measures could
        embolden him") is a forecast, not a threat of the warner's own action."""
        for c in tok.children:
            if c.dep_ == "ccomp" and any(a.dep_ == "aux" and a.lower_ in self.hyp_aux
                                         for a in c.children):
                return True
        return False

    def _recipient(self, doc: Doc, tok: Token, passive: bool) -> Ref | None:
        order = ("nsubjpass",) if passive else ("dobj", "dative")
        # "fired at X"; "levied a tariff on X": the object's preposition counts
        holders = [*tok.children, *(g for c in tok.children if c.dep_ == "dobj"
                                    for g in c.children if g.dep_ == "prep")]
        for dep in (*order, "prep", "attr"):
            for c in holders:
                if c.dep_ != dep:
                    continue
                if dep == "prep":
                    if c.lower_ not in ("with", "on", "to", "against", "for", "between", "at"):
                        continue
                    objs = [g for g in c.children if g.dep_ == "pobj"]
                    if objs and (ref := ref_for(doc, objs[0])) is not None:
                        return ref
                elif (ref := ref_for(doc, c)) is not None:
                    return ref
        return None

    # -- nominal triggers
    def _nominal(self, doc: Doc, tok: Token, rule: Rule) -> list[Event]:
        head = tok
        while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
            head = head.head
        if head.dep_ == "pobj" and head.head.lower_ == "of" \
                and lemma(head.head.head) in self.quantity:
            head = head.head.head  # "a list of demands": the list carries the clause
        mods = [*tok.children, *(head.children if head.i != tok.i else [])]
        actors: list[Ref | None] = []
        recipients: list[Ref | None] = []
        dated = occurs = False
        clause_verb: Token | None = None
        pron: list[Ref | None] = []
        forum: list[Ref] = []  # "at a NATO summit": a name that may be the venue
        for c in mods:
            if c.dep_ == "poss":
                if c.ent_type_ in ("DATE", "TIME"):
                    dated = is_date(doc, c)
                elif c.pos_ == "PRON":
                    pron = refs_for(doc, c)  # "their talks": the clause's subject first
                else:
                    actors.extend(refs_for(doc, c))
            elif c.dep_ in ("compound", "amod", "nmod") and c.i != tok.i:
                if c.lower_ in self.occurs:
                    occurs = True
                elif c.ent_type_ in ("DATE", "TIME"):
                    dated = is_date(doc, c)
                else:  # "a Chinese and Russian proposal"; a place is a topic, not a party
                    for a in coordinated(c):
                        r = demonym_ref(doc, a) or ref_at(doc, *span_of(doc, name_tokens(a)))
                        if r is not None and not self._place(doc, r):
                            actors.append(r)
                            forum.append(r)
            elif c.dep_ == "acl" and lemma(c) in self.light:
                occurs = True  # "a proposal made on Monday", "the attack carried out by"
            elif c.dep_ == "prep":
                objs = [g for g in c.children if g.dep_ == "pobj"]
                if not objs:
                    continue
                if c.lower_ == "between":
                    parties = refs_for(doc, objs[0])
                    if len(parties) >= 2:
                        return self._pairs(doc, tok, rule, head, parties)
                elif c.lower_ in ("from", "by"):
                    actors.extend(refs_for(doc, objs[0]))
                elif c.lower_ == "of" and lemma(objs[0]) in self.forces:
                    # "the withdrawal of U.S. and NATO troops": the troops' states
                    actors.extend(modifier_refs(doc, objs[0]) or refs_for(doc, objs[0]))
                elif c.lower_ in ("with", "on", "against", "for", "to", "in"):
                    if objs[0].ent_type_ in ("DATE", "TIME"):
                        dated = is_date(doc, objs[0])
                    elif c.lower_ != "in":
                        recipients.append(ref_for(doc, objs[0]))
        actors = [a for a in actors if a is not None]
        # Light verb or clause preposition: the clause's subject is the actor.
        gov = head.head if head.head.i != head.i else None
        if gov is not None and head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") \
                and lemma(gov) in self.light:
            clause_verb = gov
        elif gov is not None and head.dep_ == "pobj" and gov.lower_ in self.clause_preps:
            clause_verb = gov.head
        for c in head.children:  # "the proposal held by Ukraine and the US"
            if c.dep_ == "acl" and not actors:
                for a in c.children:
                    if a.dep_ == "agent":
                        actors = [r for g in a.children if g.dep_ == "pobj"
                                  for r in refs_for(doc, g) if r is not None]
        if clause_verb is not None and not actors and head.dep_ == "nsubjpass":
            agent = [g for c in clause_verb.children if c.dep_ == "agent"
                     for g in c.children if g.dep_ == "pobj"]
            if agent:
                actors = [a for a in refs_for(doc, agent[0]) if a is not None]
        if clause_verb is not None and head.dep_ == "pobj" and actors == forum \
                and (subj := subject_of(clause_verb)) is not None \
                and (speakers := [a for a in refs_for(doc, subj) if a is not None]):
            actors = list(speakers)  # "Speaking at a NATO summit, Pakistan's envoy said"
        if clause_verb is not None and not actors and head.dep_ != "nsubj" \
                and head.dep_ != "nsubjpass":
            subj = subject_of(clause_verb)
            if subj is not None and subj.i != head.i:
                actors = [a for a in refs_for(doc, subj) if a is not None]
                if not actors and subj.pos_ == "PRON":  # "said it conducted a test"
                    actors = [a for a in self._sayer(doc, clause_verb) if a is not None]
                if not actors and (d := described(doc, subj)) is not None:
                    actors = [d]  # "donors voiced concern"
                if actors:
                    actors.extend(companions(doc, subject_verb(clause_verb), subj))
        if not actors:
            actors = [a for a in pron if a is not None]
        if rule.needs_verb and clause_verb is None:
            return []
        recipient = next((r for r in recipients if r is not None), None)
        if not (actors or recipient or dated or occurs or clause_verb is not None):
            return []
        if clause_verb is None and not (dated or occurs) and self._mention_only(head):
            return []
        anchor = clause_verb if clause_verb is not None and head.dep_ != "pobj" else head
        start, end = clause_span(anchor)
        if anchor.i == head.i:
            start = min(start, tok.idx)
        return [self._event(doc, tok, rule, a, recipient or _other(a, actors), start, end,
                            clause_verb or tok) for a in (actors or [None])]

    @staticmethod
    def _place(doc: Doc, ref: Ref) -> bool:
        ent = (doc._.entities or {}).get(ref.id or "")
        return ent is not None and ent.type in ("LOC", "FAC")

    def _mention_only(self, head: Token) -> bool:
        """A noun that only names a kind of relation, inside another phrase
        ("the freeze on U.S. aid to Ukraine", "threatens Turkish-American
        cooperation"), with nothing saying it took place, is no event."""
        if head.dep_ == "pobj":
            return head.head.lower_ not in self.clause_preps | self.eventive_preps
        return head.dep_ in ("compound", "conj") and head.head.pos_ == "NOUN"

    def _pairs(self, doc: Doc, tok: Token, rule: Rule, head: Token,
               parties: list[Ref | None]) -> list[Event]:
        start, end = clause_span(head)
        start = min(start, tok.idx)
        out = []
        for a in parties:
            for r in parties:
                if a is not None and r is not None and a.id != r.id:
                    out.append(self._event(doc, tok, rule, a, r, start, end, head))
                    break
        return out

    # -- conditions and demands: REQUEST events
    def _requests(self, doc: Doc, tok: Token, rule: Rule, made: list[Event]) -> list[Event]:
        """An offer made on conditions also puts those conditions to the other side."""
        if rule.type != "AGREE" or not made or in_condition(tok, self.marks) is not None:
            return []
        conds = has_condition(tok, self.marks)
        if not conds:
            return []
        recipient = None
        subj = subject_of(conds[0])
        if subj is not None:
            recipient = ref_for(doc, subj)
        ev = made[0]
        return [Event("REQUEST", ev.start, ev.end, actor=ev.actor, recipient=recipient,
                      date=ev.date, date_text=ev.date_text, trigger=doc[conds[0].i].text,
                      trigger_start=conds[0].idx, trigger_end=conds[0].idx + len(conds[0]))]

    def _demands(self, doc: Doc, sent: Span, found: dict[int, Rule]) -> list[Event]:
        """ "he says Ukraine must withdraw" : a REQUEST by the sayer to the subject."""
        out = []
        tt = tokens(doc)
        for i in range(sent.start, sent.end):
            if tt.lower[i] not in self.demand_modals or tt.dep[i] != "aux":
                continue
            verb = doc[i].head
            if verb.dep_ not in ("ccomp",) or lemma(verb.head) not in self.say_verbs:
                continue
            sayer = subject_of(verb.head)
            subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
            actor = ref_for(doc, sayer) if sayer is not None else None
            recipient = ref_for(doc, subj) if subj is not None else None
            start, end = clause_span(verb.head)
            out.append(self._event(doc, verb, Rule("REQUEST"), actor, recipient,
                                   start, end, verb, modal=False))
        return out

    # -- modality, date, location
    def _event(self, doc: Doc, tok: Token, rule: Rule, actor: Ref | None,
               recipient: Ref | None, start: int, end: int, verb: Token,
               modal: bool = True) -> Event:
        neg, hyp, fut = self._modality(verb) if modal else (False, False, False)
        if verb.i != tok.i and modal:
            n2, h2, f2 = self._modality(tok)
            neg, hyp, fut = neg or n2, hyp or h2, fut or f2
        etype = rule.type
        if neg and rule.negated:
            etype, neg = rule.negated, False
        if fut and not hyp and not neg and etype in self.declared \
                and (etype == "RETREAT" or tok.pos_ in ("VERB", "AUX")):
            etype = self.declared[etype]  # a declared, not yet done retreat: a concession
        elif hyp and not neg and etype in self.conditional \
                and (tok.pos_ == "VERB" or verb.i != tok.i) and has_condition(verb, self.marks):
            etype = self.conditional[etype]  # "if X, Russia would cease fire": an offer
        elif hyp and not neg and etype in self.possible and actor is not None \
                and any(c.dep_ == "aux" and c.lower_ in self.hyp_aux for c in tok.children):
            etype = self.possible[etype]  # "Beijing hinted it could retaliate": a threat
        if recipient is not None and actor is not None and (recipient.id or recipient.name) \
                == (actor.id or actor.name):
            recipient = None
        date = event_date(doc, start, end, tok)
        return Event(etype, start, end, mode=rule.mode, actor=actor, recipient=recipient,
                     date=date.value if date else None,
                     date_text=doc_text(doc)[date.start:date.end] if date else None,
                     location=self._location(doc, verb, tok), negated=neg, hypothetical=hyp,
                     future=fut, trigger=tok.text, trigger_start=tok.idx,
                     trigger_end=tok.idx + len(tok.text))

    def _modality(self, tok: Token) -> tuple[bool, bool, bool]:
        neg = hyp = fut = False
        chain = [tok]
        t = tok
        while t.dep_ in ("xcomp", "acomp", "conj", "pcomp", "prep", "pobj") and t.head.i != t.i:
            t = t.head
            chain.append(t)
        for t in chain:
            for c in t.children:
                low = c.lower_
                if c.dep_ == "neg" or (c.dep_ == "det" and low == "no"):
                    neg = True
                elif c.dep_ == "advmod" and any(g.dep_ == "neg" for g in c.children):
                    neg = True  # "no longer recognize"
                elif c.dep_ == "aux":
                    if low in self.future_aux:
                        fut = True
                    elif low in self.hyp_aux:
                        hyp = True
                    elif low in self.would:
                        fut = True
            if lemma(t) in self.future_heads and t.i != tok.i:
                fut = True
            if lemma(t) in self.hyp_heads and t.i != tok.i:
                hyp = True
        if tok.dep_ == "pobj" and lemma(tok.head.head) in self.hyp_heads:
            hyp = True
        if has_condition(tok, self.marks) or in_condition(tok, self.marks) is not None:
            hyp, fut = True, False
        return neg, hyp, fut

    def _location(self, doc: Doc, verb: Token, tok: Token) -> Ref | None:
        for t in (tok, verb):
            for c in t.children:
                if c.dep_ == "prep" and c.lower_ == "in":
                    for g in c.children:
                        if g.dep_ == "pobj" and g.ent_type_ in ("GPE", "LOC", "FAC"):
                            ent = next(e for e in doc.ents if e.start <= g.i < e.end)
                            return ref_at(doc, ent.start_char, ent.end_char) or Ref(
                                name=ent.text, start=ent.start_char, end=ent.end_char)
        return None


def _one_per_actor(events: list[Event]) -> list[Event]:
    """One sentence tells an actor's act of one type once: "visited Europe and
    met officials", "Russian advances in ousting Ukrainian troops", a demand
    told twice ("reiterated its conditions, that Kyiv must ...") are one event:
    the first told, with the recipient a later one names. Different recipients
    stay different events."""
    first: dict[tuple[Any, ...], Event] = {}
    out: list[Event] = []
    for ev in events:
        if ev.actor is None:
            out.append(ev)
            continue
        key = (ev.type, ev.actor.id or ev.actor.name, ev.negated)
        kept = first.get(key)
        if kept is None:
            first[key] = ev
            out.append(ev)
        elif kept.recipient is None and ev.recipient is not None:
            kept.recipient = ev.recipient
        elif ev.recipient is not None and kept.recipient is not None and (
                ev.recipient.id or ev.recipient.name) != (kept.recipient.id or kept.recipient.name):
            out.append(ev)
    return out


def is_date(doc: Doc, tok: Token) -> bool:
    """A token inside a resolvable time expression ("Tuesday", not "30-day")."""
    return any(d.start <= tok.idx < d.end and d.granularity for d in doc._.dates or [])


def _other(actor: Ref | None, group: list[Ref | None]) -> Ref | None:
    """In "both sides accused each other", each side's counterpart."""
    if actor is None or actor.inferred != "group" or len(group) != 2:
        return None
    return next((g for g in group if g is not None and g.id != actor.id), None)


def event_date(doc: Doc, start: int, end: int, tok: Token) -> DateMention | None:
    """The date expression of an event: inside its evidence, else in its sentence;
    the nearest to the trigger wins."""
    # durations ("30-day", "for a month") are not dates: only expressions with a
    # granularity (a day, month or year, resolved or not) count
    dates: list[DateMention] = [d for d in doc._.dates or [] if d.granularity]
    if not dates:
        return None
    inside = [d for d in dates if d.start >= start and d.end <= end]
    if not inside:
        sent = tok.sent
        inside = [d for d in dates if d.start >= sent.start_char and d.end <= sent.end_char]
    if not inside:
        return None
    return min(inside, key=lambda d: abs(d.start - tok.idx))
