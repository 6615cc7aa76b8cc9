"""accord_actors: recognise actors and places and link them to canonical ids.

How a mention is found and linked (knowledge base: `accord.kb`, YAML under
`accord/data/`):
1. A PhraseMatcher built once from every alias, demonym, capital and seat of
   the KB finds gazetteer names (case-checked: "US" is not "us").
2. Around those matches: titles ("Russia's president", "the Kremlin
   strongman", "the president of Ukraine") resolved to the holder on the
   publication date; institutions ("the Russian Foreign Ministry"); a person's
   government ("the Trump administration" -> united-states).
3. spaCy's NER entities the KB does not cover are linked by exact alias,
   "first last" without middle initials, surname plus first initial, then
   rapidfuzz against aliases of the same first letter; otherwise they become
   unknown actors with ids from their normalised name.
4. Surname-only mentions link to the one person of that surname named in the
   article; two candidates leave the mention unlinked.
5. Pronouns and descriptions ("he", "the political expert") link to the
   nearest compatible earlier actor (`via="pronoun"` / `"description"`).

The work is split by step into plain functions over one document's
`LinkState` (`state`): `candidates` (1-3: what may be a mention), `linking`
(3-4: names to ids), `coref` (5: what refers back); this module holds the
component and `go`, which runs the steps in order. Other components read the
result through `accord.pipeline.common.mentions` (`ref_at`, `mentions_in`,
`entity_ref`).
"""

from __future__ import annotations

import contextlib
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from accord.kb import KB, Actor, fold, norm_key
from accord.model import Entity, Mention
from accord.pipeline.actors.candidates import (
    bare_cands,
    choose,
    collective_cands,
    extend,
    known_cands,
    ner_cands,
)
from accord.pipeline.actors.coref import descriptions, events, org_descriptions, pronouns, scan
from accord.pipeline.actors.linking import link
from accord.pipeline.actors.state import LABELS, LinkState, _apposition, slugify
from accord.pipeline.actors.things import org_pronouns
from accord.pipeline.common.knowledge import ACTORS_LOADER, load_actors

__all__ = ["ActorLinker", "slugify"]



@Language.factory("accord_actors",
                  default_config={"kb": {"@misc": ACTORS_LOADER, "extra": None},
                                  "fuzzy_cutoff": 88,
                                  "surname_cutoff": 80, "pronoun_sentences": 1,
                                  "pronoun_reach": 3, "description_sentences": 6},
                  assigns=["doc._.entities", "doc._.mentions"],
                  requires=["doc._.published", "token.dep", "token.pos", "doc.sents"])
def make_actors(nlp: Language, name: str, kb: KB, fuzzy_cutoff: int,
                surname_cutoff: int, pronoun_sentences: int, pronoun_reach: int,
                description_sentences: int) -> ActorLinker:
    return ActorLinker(nlp, name, kb=kb, fuzzy_cutoff=fuzzy_cutoff,
                       surname_cutoff=surname_cutoff, pronoun_sentences=pronoun_sentences,
                       pronoun_reach=pronoun_reach, description_sentences=description_sentences)


class ActorLinker:
    """The accord_actors component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, *, kb: KB | None = None,
                 fuzzy_cutoff: int = 88, surname_cutoff: int = 80,
                 pronoun_sentences: int = 1, pronoun_reach: int = 3,
                 description_sentences: int = 6) -> None:
        self.name = name
        self.fuzzy_cutoff = fuzzy_cutoff
        self.surname_cutoff = surname_cutoff
        self.pronoun_sentences = pronoun_sentences
        self.pronoun_reach = pronoun_reach
        self.description_sentences = description_sentences
        self.kb: KB = kb if kb is not None else load_actors()
        lang = self.kb.language
        self.honorifics = {fold(h) for h in lang.get("honorifics") or []}
        self.pronouns: dict[str, dict[str, Any]] = lang.get("pronouns") or {}
        self.group_pronouns = set(lang.get("group_pronouns") or [])
        self.org_pronouns = set(lang.get("org_pronouns") or [])
        self.empty_it_verbs = set(lang.get("empty_it_verbs") or [])
        self.kin_comparatives: dict[str, str] = lang.get("kin_comparatives") or {}
        self.kin_nouns: dict[str, set[str]] = {
            k: set(v or []) for k, v in (lang.get("kin_nouns") or {}).items()}
        self.locative = set(lang.get("locative_words") or [])
        self.place_verbs = set(lang.get("place_verbs") or [])
        self.motion_words = set(lang.get("motion_words") or [])
        self.blockers = set(lang.get("title_blockers") or [])
        self.gov_words = {fold(w) for w in lang.get("government_words") or []}
        self.role_sectors: dict[str, str] = {fold(k): v or "" for k, v in
                                             (lang.get("role_sectors") or {}).items()}
        self.description_heads = set(lang.get("description_heads") or [])
        self.generic_modifiers = set(lang.get("description_generic_modifiers") or [])
        self.org_heads_described: dict[str, set[str]] = {
            fold(k): {str(s or "") for s in v or []}
            for k, v in (lang.get("org_description_heads") or {}).items()}
        self.country_heads = {fold(w).split()[-1] for w in
                              lang.get("country_description_heads") or []}
        self.event_heads = set(lang.get("event_heads") or [])
        self.law_heads = set(lang.get("law_heads") or [])
        self.title_of = {of for of, _ in self.kb.titles}
        self.not_actors = {fold(w) for w in lang.get("not_actors") or []}
        self.org_heads = {fold(w) for w in lang.get("org_heads") or []}
        self.org_nouns = {fold(w) for w in lang.get("org_nouns") or []}
        self.people_nouns = {fold(w) for w in lang.get("people_nouns") or []}
        self.collectives = {fold(w): 1 for w in lang.get("collectives") or []}
        self.collective_heads = {k.split()[-1] for k in self.collectives}  # "house", "junta"
        self.months = {fold(w) for w in lang.get("month_names") or []}
        self.channel_verbs = set(lang.get("channel_verbs") or [])
        self.media_words = {fold(w) for w in lang.get("media_words") or []}
        self.byline_phrases = [fold(w) for w in lang.get("byline_phrases") or []]
        self.synthetic: dict[str, Actor] = {}
        self.demonyms = {d for a in self.kb.actors.values() for d in a.demonyms}
        self._build_matchers(nlp)
        self._surname_keys = sorted({k for k in self.kb.surnames if len(k) >= 4})
        self._person_surnames = self._first_names()

    # -- set-up ---------------------------------------------------------------
    def _build_matchers(self, nlp: Language) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.form_tokens: dict[str, list[list[str]]] = {}
        for key, forms in self.kb.forms.items():
            docs = [nlp.make_doc(f) for f in sorted(forms)]
            self.form_tokens[key] = [[t.text for t in d] for d in docs]
            self.matcher.add(key, docs)
        self.bare = PhraseMatcher(nlp.vocab, attr="LOWER")
        for words in self.kb.bare_titles:
            self.bare.add(words, [nlp.make_doc(words)])

    def _first_names(self) -> dict[str, set[str]]:
        """Initials of the first names each KB person is written with."""
        out: dict[str, set[str]] = {}
        for a in self.kb.actors.values():
            if a.type == "PERSON":
                out[a.id] = {norm_key(f).split()[0][0] for f in [a.name, *a.aliases]
                             if len(norm_key(f).split()) > 1}
        return out

    # -- main -----------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        meta = doc._.meta or {}
        # The article's own date; an estimate by accord_dates when it runs first.
        date = str(meta.get("published") or doc._.published or "")[:10] or None
        go(LinkState(self, doc, date))
        return doc

    def actor(self, actor_id: str) -> Actor | None:
        return self.kb.actors.get(actor_id) or self.synthetic.get(actor_id)

    def case_ok(self, key: str, tokens: list[Token]) -> bool:
        """The surface's capitals fit one of the alias's written forms."""
        for form in self.form_tokens.get(key, []):
            if len(form) != len(tokens):
                continue
            if all(_case_fits(f, t.text) for f, t in zip(form, tokens, strict=True)):
                return True
        return False


def _case_fits(form: str, surface: str) -> bool:
    letters = [c for c in form if c.isalpha()]
    if not letters:
        return True
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return surface == form or surface.upper() == surface
    if letters[0].isupper():
        return surface[:1].isupper() or not surface[:1].isalpha()
    return True


def go(run: LinkState) -> None:
    scan(run)
    cands = known_cands(run) + bare_cands(run) + collective_cands(run)
    cands = extend(run, cands)
    cands += ner_cands(run, cands)
    chosen = choose(run, cands)
    link(run, chosen)
    events(run)
    describe_unknowns(run)
    descriptions(run)
    org_descriptions(run)
    pronouns(run)
    org_pronouns(run)
    finish(run)


def describe_unknowns(run: LinkState) -> None:
    for eid, span in run.unknown_people:
        describe(run, run.entities[eid], span)


def describe(run: LinkState, ent: Entity, span: Span) -> None:
    """Role, affiliation and sector from an apposition or the words before."""
    role_toks = _apposition(span)
    if not role_toks:
        role_toks = run.premodifiers(span)
    if not role_toks:
        return
    org_at = next((i for i, t in enumerate(role_toks) if run.entity_at(t.i) and
                   run.entities[run.entity_at(t.i) or ""].type == "ORG"), None)
    words = role_toks if org_at is None else role_toks[:org_at]
    while words and words[-1].pos_ in ("ADP", "DET", "PUNCT", "PART"):
        words = words[:-1]
    if words:
        ent.extra["role"] = run.text[words[0].idx:words[-1].idx + len(words[-1])]
        ids = {t.i for t in words}
        head = next((t for t in words if t.head.i not in ids), words[-1])
        if ent.type == "PERSON" and words[-1].lower_ in run.c.org_nouns and not (
                head.lower_ in run.c.role_sectors or head.lower_ in run.c.description_heads):
            # "the Islamist militant group al-Shabab" is no person; "a senior
            # analyst at risk consultancy Control Risks" is one
            ent.type = "ORG"
    if org_at is not None:
        ent.extra["affiliation"] = run.entities[run.entity_at(role_toks[org_at].i) or ""].name
    for t in reversed(words):
        sector = run.c.role_sectors.get(t.lower_) or run.c.role_sectors.get(t.lemma_)
        if sector is not None:
            ent.sector = sector
            break


def drop_channels(run: LinkState) -> None:
    """Outlets that only carry statements ("told VOA") are not actors; an
    unknown "place" only ever written before a plural noun ("Baloch
    separatists", "Baloch terrorists") is a people's adjective."""
    drop = set()
    by_entity: dict[str, list[Mention]] = {}
    for m in run.mentions:
        if m.via != "pronoun":
            by_entity.setdefault(m.entity_id, []).append(m)
    for eid, ent in run.entities.items():
        actor = run.c.actor(eid)
        own = by_entity.get(eid, [])
        if not own:
            continue
        outlet = ent.type == "ORG" and (actor is None or actor.sector == "MED") and all(
            channel(run, m, actor is None) for m in own)
        people = ent.type in ("GPE", "PERSON") and actor is None and all(
            modifier(run, m) for m in own)
        if outlet or people:
            drop.add(eid)
    if drop:
        run.mentions = [m for m in run.mentions if m.entity_id not in drop]
        for eid in drop:
            del run.entities[eid]


def modifier(run: LinkState, m: Mention) -> bool:
    span = run.doc.char_span(m.start, m.end, alignment_mode="expand")
    return span is not None and len(span) == 1 and span.root.dep_ in (
        "compound", "amod") and span.root.head.tag_ == "NNS" and \
        span.root.head.lemma_.lower() in run.c.people_nouns


def channel(run: LinkState, m: Mention, unknown: bool) -> bool:
    span = run.doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None:
        return False
    t = span.root
    media = not unknown
    while t.dep_ in ("compound", "poss") and t.head.i != t.i:
        t = t.head
        media = media or t.lower_ in run.c.media_words
    if not media:
        return False
    verbs = run.c.channel_verbs
    if t.dep_ in ("dobj", "dative") and t.head.lemma_ in verbs:
        return True
    return t.dep_ == "pobj" and t.head.lower_ in ("to", "with") and (
        t.head.head.lemma_ in verbs or t.head.head.lemma_ in ("interview", "conversation"))


def finish(run: LinkState) -> None:
    drop_channels(run)
    run.mentions.sort(key=lambda m: (m.start, -m.end))
    for ent in run.entities.values():
        ent.mentions.sort()
    run.doc._.entities = run.entities
    run.doc._.mentions = run.mentions
    set_ents(run)


def set_ents(run: LinkState) -> None:
    doc = run.doc
    spans = []
    for m in run.mentions:
        if m.via in ("pronoun", "description"):
            continue
        span = doc.char_span(m.start, m.end, label=run.entities[m.entity_id].type)
        if span is not None:
            spans.append(span)
    ours = filter_spans(spans)
    used = {i for s in ours for i in range(s.start, s.end)}
    keep = [e for e in run.ents if e.label_ not in LABELS
            and not any(i in used for i in range(e.start, e.end))]
    with contextlib.suppress(ValueError):   # never let a label clash stop the article
        doc.ents = filter_spans(ours + keep)
