"""accord_event_layer: the trained part of the event layer.

For each candidate clause head of a sentence (every verb, every trigger the
lexicon knows, every head of a quote's words) a trained classifier says which
PLOVER types it tells, or none. The rule machinery keeps doing what rules do
well: `roles` finds the actors and recipients, `modality` the negation,
hypothesis, future, date and place, and the offsets stay exact. So:

- a rule event is kept when the classifier gives its type at least `keep`;
- a type the classifier gives at least `add` at a head where the rules found
  no event (neither at the head nor at a word it governs: "called a meeting"
  is the rules' CONSULT, no second event) becomes an event, with actors and
  recipient from `roles`;
- `mode = "rules"` leaves the rules' events as they are, `"learned"` keeps
  only what the classifier finds (for the ablation).

The features of a candidate (`candidate_features`) are one function shared by
training (`accord.training.events`) and serving. The classifier is spaCy's
`textcat_multilabel` over those features, loaded from the config by
`accord.event_model.v1` (built by `accord train`, `make train`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import registry

from accord.errors import ConfigError
from accord.kb import KB
from accord.model import EVENT_TYPES, Event
from accord.pipeline.common.knowledge import ACTORS_LOADER, Known
from accord.pipeline.common.tokens import sentences, token_at, tokens
from accord.pipeline.events.component import _one_per_actor, mere_reference, press_act, rule_at
from accord.pipeline.events.lexicon import EventWords, Lexicon, Rule
from accord.pipeline.events.roles import _nominal, _verbal

__all__ = ["MODEL_DIR", "EventLayer", "candidate_features", "candidates", "load_event_model"]

MODEL_DIR = Path(__file__).resolve().parents[2] / "models" / "event_types"
MODES = ("combined", "rules", "learned")
_CLAUSE_DEPS = frozenset({"ROOT", "ccomp", "xcomp", "advcl", "conj", "relcl", "pcomp",
                          "acl", "parataxis", "csubj", "dep"})
_ARG_DEPS = frozenset({"dobj", "prep", "prt", "dative", "attr", "acomp", "oprd", "agent",
                       "nsubj", "nsubjpass", "neg", "aux", "auxpass", "advmod", "npadvmod",
                       "ccomp", "xcomp"})


def load_event_model(path: str | None = None) -> Any:
    """The trained classifier (a spaCy pipeline with one textcat_multilabel)."""
    import spacy

    where = Path(path) if path else MODEL_DIR
    if not (where / "meta.json").exists():
        raise ConfigError("no trained event model; build it with `accord train` "
                          "(or `make train`)", source=str(where))
    return spacy.load(where)


registry.misc.register("accord.event_model.v1", func=load_event_model)


def candidates(w: EventWords, doc: Doc, sent: Span) -> list[Token]:
    """Clause heads a sentence may tell an event by: verbs heading a clause,
    and every word the lexicon knows as a trigger."""
    tt = tokens(doc)
    out = []
    for i in range(sent.start, sent.end):
        pos, dep = tt.pos[i], tt.dep[i]
        if pos == "VERB" and dep in _CLAUSE_DEPS or rule_at(w, doc, i, tt) is not None:
            out.append(doc[i])
    return out


def _quoted(doc: Doc, tok: Token) -> str | None:
    for q in doc._.quotes or []:
        if q.start <= tok.idx < q.end:
            return str(q.kind)
    return None


def candidate_features(w: EventWords, doc: Doc, tok: Token,
                       rule_types: list[str]) -> list[str]:
    """What the classifier reads of one candidate: its word and the words that
    govern and complete it, the lexicon's and the rules' verdicts, whether it
    is quoted, negated or modal. (Chosen on the dev split: the content words
    of the clause and word pairs only added noise at this corpus size.)"""
    tt = tokens(doc)
    lem = tt.lemma[tok.i]
    feats = [f"L={lem}", f"P={tok.pos_}", f"D={tok.dep_}", f"LD={lem}|{tok.dep_}",
             f"H={tt.lemma[tok.head.i]}", f"HD={tok.head.dep_}"]
    rule = rule_at(w, doc, tok.i, tt)
    if rule is not None:
        feats += [f"LX={rule.type}", f"LXM={rule.type}|{rule.mode}"]
    feats += [f"R={t}" for t in rule_types] or ["R=none"]
    for c in tok.children:
        dep = c.dep_
        if dep not in _ARG_DEPS:
            continue
        feats.append(f"C:{dep}={tt.lemma[c.i]}")
        if c.ent_type_:
            feats.append(f"E:{dep}={c.ent_type_}")
        if dep == "prep":
            for g in c.children:
                if g.dep_ == "pobj":
                    feats.append(f"PO:{tt.lemma[c.i]}={tt.lemma[g.i]}")
    kind = _quoted(doc, tok)
    if kind:
        feats.append(f"Q={kind}")
    if any(c.dep_ == "nsubj" and c.lower_ in w.known.first_person for c in tok.children):
        feats.append("S1")
    return feats


@Language.factory(
    "accord_event_layer", assigns=["doc._.events"],
    requires=["doc._.events", "doc._.quotes", "doc._.entities", "doc._.mentions",
              "token.dep", "token.lemma", "doc.sents"],
    default_config={"kb": {"@misc": ACTORS_LOADER, "extra": None},
                    "lexicon": {"@misc": "accord.event_lexicon.v1", "path": None},
                    "model": {"@misc": "accord.event_model.v1", "path": None},
                    "keep": 0.05, "add": 0.4, "mode": "combined"})
def make_event_layer(nlp: Language, name: str, kb: KB, lexicon: Lexicon, model: Any,
                     keep: float, add: float, mode: str) -> EventLayer:
    return EventLayer(nlp, name, kb=kb, lexicon=lexicon, model=model, keep=keep, add=add,
                      mode=mode)


class EventLayer:
    def __init__(self, nlp: Language, name: str, *, kb: KB, lexicon: Lexicon, model: Any,
                 keep: float = 0.1, add: float = 0.5, mode: str = "combined") -> None:
        if mode not in MODES:
            raise ConfigError(f"accord_event_layer mode must be one of {', '.join(MODES)}")
        if not (0.0 <= keep <= 1.0 and 0.0 <= add <= 1.0):
            raise ConfigError("accord_event_layer keep and add are probabilities (0 to 1)")
        self.name = name
        self.words = EventWords(lexicon, Known.of(kb))
        self.use_model(model)
        self.keep, self.add, self.mode = keep, add, mode

    def use_model(self, model: Any) -> None:
        """Decide with `model` (a pipeline holding one textcat_multilabel)."""
        self.model = model
        self.textcat = model.get_pipe("textcat_multilabel")
        self.labels = list(self.textcat.labels)

    def scores(self, doc: Doc, heads: list[Token],
               rule_types: dict[int, list[str]]) -> list[dict[str, float]]:
        """P(type) of each candidate head."""
        if not heads:
            return []
        vocab = self.model.vocab
        docs = [Doc(vocab, words=candidate_features(self.words, doc, t, rule_types.get(t.i, [])))
                for t in heads]
        probs = self.textcat.predict(docs)
        probs = self.textcat.model.ops.to_numpy(probs)
        return [{label: float(row[j]) for j, label in enumerate(self.labels)} for row in probs]

    def __call__(self, doc: Doc) -> Doc:
        if self.mode == "rules":
            return doc
        rule_events: list[Event] = list(doc._.events or [])
        by_trigger: dict[int, list[Event]] = {}
        loose: list[Event] = []  # rule events with no trigger token (kept as they are)
        for ev in rule_events:
            tok = token_at(doc, ev.trigger_start)
            if tok is None:
                loose.append(ev)
            else:
                by_trigger.setdefault(tok.i, []).append(ev)
        out: list[Event] = list(loose) if self.mode == "combined" else []
        for sent in sentences(doc):
            if len(sent) > self.words.max_tokens:
                out.extend(e for i in range(sent.start, sent.end) for e in by_trigger.get(i, []))
                continue
            heads = candidates(self.words, doc, sent)
            seen = {t.i for t in heads}
            heads += [doc[i] for i in range(sent.start, sent.end)
                      if i in by_trigger and i not in seen]
            rule_types = {i: sorted({e.type for e in evs}) for i, evs in by_trigger.items()}
            found: list[Event] = []
            for tok, probs in zip(heads, self.scores(doc, heads, rule_types), strict=True):
                mine = by_trigger.get(tok.i, [])
                if self.mode == "combined":
                    for e in mine:
                        if probs.get(e.type, 0.0) >= self.keep or e.type not in probs:
                            e.confidence = probs.get(e.type)
                            found.append(e)
                if self.mode == "combined" and (mine or any(
                        c.i in by_trigger for c in tok.children)):
                    continue  # the rules told this clause's event ("called a meeting")
                for etype in EVENT_TYPES:
                    if probs.get(etype, 0.0) >= self.add:
                        for e in self._made(doc, tok, etype, mine):
                            if press_act(self.words, doc, e) or tok.pos_ == "NOUN" \
                                    and mere_reference(self.words, tok, e):
                                continue
                            e.confidence = probs.get(e.type, probs[etype])
                            found.append(e)
            out.extend(_one_per_actor(found))
        doc._.events = sorted(out, key=lambda e: (e.start, e.type))
        return doc

    def _made(self, doc: Doc, tok: Token, etype: str, mine: list[Event]) -> list[Event]:
        """Events of `etype` at `tok`, with the rules' actors and modality."""
        mode = next((e.mode for e in mine if e.type == etype), "")
        rule = Rule(type=etype, mode=mode)
        nominal = tok.pos_ in ("NOUN", "PROPN")
        made = _nominal(self.words, doc, tok, rule) if nominal else \
            _verbal(self.words, doc, tok, rule)
        return [e for e in made if e.type == etype or e.type in EVENT_TYPES]

