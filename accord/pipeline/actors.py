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

Other components read the result through `ref_at`, `mentions_in` and
`entity_ref`.
"""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz, process
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from accord.kb import KB, Actor, cached_kb, fold, norm_key
from accord.model import Entity, Mention, Ref

__all__ = ["ActorLinker", "entity_ref", "mentions_in", "ref_at", "slugify"]

LABELS = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "GPE", "LOC": "LOC", "NORP": "NORP",
          "EVENT": "EVENT", "LAW": "LAW", "FAC": "LOC"}
# How a mention was linked, and whether a Ref made from it says it was inferred.
INFERRED_VIA = {"pronoun", "description", "title"}


def slugify(name: str) -> str:
    """A stable id from a name: same normalised name, same id."""
    norm = fold(name).strip()
    norm = re.sub(r"^(the)\s+", "", norm, flags=re.I)
    norm = re.sub(r"'s\b", "", norm)
    return re.sub(r"[^a-z0-9]+", "-", norm).strip("-") or "unknown"


@dataclass
class _Cand:
    """A candidate mention over tokens [start, end)."""

    start: int
    end: int
    kind: str                      # kb, title, inst, gov, ner, event
    ids: dict[str, str] = field(default_factory=dict)
    label: str = ""
    target: str | None = None
    via: str = "name"

    @property
    def size(self) -> int:
        return self.end - self.start


@Language.factory("accord_actors",
                  default_config={"extra_actors": None, "fuzzy_cutoff": 88,
                                  "surname_cutoff": 80, "pronoun_sentences": 1,
                                  "description_sentences": 6},
                  assigns=["doc._.entities", "doc._.mentions"],
                  requires=["token.dep", "token.pos", "doc.sents"])
def make_actors(nlp: Language, name: str, extra_actors: str | None, fuzzy_cutoff: int,
                surname_cutoff: int, pronoun_sentences: int,
                description_sentences: int) -> ActorLinker:
    return ActorLinker(nlp, name, extra_actors=extra_actors, fuzzy_cutoff=fuzzy_cutoff,
                       surname_cutoff=surname_cutoff, pronoun_sentences=pronoun_sentences,
                       description_sentences=description_sentences)


class ActorLinker:
    """The accord_actors component (see the module docstring)."""

    def __init__(self, nlp: Language, name: str, *, extra_actors: str | None = None,
                 fuzzy_cutoff: int = 88, surname_cutoff: int = 80,
                 pronoun_sentences: int = 1, description_sentences: int = 6) -> None:
        self.name = name
        self.extra_actors = extra_actors
        self.fuzzy_cutoff = fuzzy_cutoff
        self.surname_cutoff = surname_cutoff
        self.pronoun_sentences = pronoun_sentences
        self.description_sentences = description_sentences
        self.kb: KB = cached_kb(str(extra_actors) if extra_actors else None)
        lang = self.kb.language
        self.honorifics = {fold(h) for h in lang.get("honorifics") or []}
        self.pronouns: dict[str, dict[str, Any]] = lang.get("pronouns") or {}
        self.group_pronouns = set(lang.get("group_pronouns") or [])
        self.locative = set(lang.get("locative_words") or [])
        self.place_verbs = set(lang.get("place_verbs") or [])
        self.motion_words = set(lang.get("motion_words") or [])
        self.blockers = set(lang.get("title_blockers") or [])
        self.gov_words = {fold(w) for w in lang.get("government_words") or []}
        self.role_sectors: dict[str, str] = {fold(k): v or "" for k, v in
                                             (lang.get("role_sectors") or {}).items()}
        self.description_heads = set(lang.get("description_heads") or [])
        self.event_heads = set(lang.get("event_heads") or [])
        self.law_heads = set(lang.get("law_heads") or [])
        self.title_of = {of for of, _ in self.kb.titles}
        self.not_actors = {fold(w) for w in lang.get("not_actors") or []}
        self.org_heads = {fold(w) for w in lang.get("org_heads") or []}
        self.channel_verbs = set(lang.get("channel_verbs") or [])
        self.media_words = {fold(w) for w in lang.get("media_words") or []}
        self.byline_phrases = [fold(w) for w in lang.get("byline_phrases") or []]
        self.synthetic: dict[str, Actor] = {}
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
        run = _Run(self, doc, date)
        run.go()
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


class _Run:
    """Linking one document: candidates, resolution, pronouns, annotations."""

    def __init__(self, comp: ActorLinker, doc: Doc, date: str | None) -> None:
        self.c = comp
        self.kb = comp.kb
        self.doc = doc
        self.date = date
        self.entities: dict[str, Entity] = {}
        self.mentions: list[Mention] = []
        self.taken: list[bool] = [False] * len(doc)
        self.unknown_people: list[tuple[str, Span]] = []
        self.matches: list[tuple[str, int, int]] = []
        self.ents: list[Span] = []
        self._surnames: dict[tuple[str, int], set[str]] = {}
        self._by_char: dict[int, str] | None = None

    def go(self) -> None:
        self.scan()
        cands = self.kb_cands() + self.bare_cands()
        cands = self.extend(cands)
        cands += self.ner_cands(cands)
        chosen = self.choose(cands)
        self.link(chosen)
        self.events()
        self.describe_unknowns()
        self.descriptions()
        self.pronouns()
        self.finish()

    def scan(self) -> None:
        """One pass over the tokens: where pronouns, description and event heads are."""
        c = self.c
        self.at_pronoun, self.at_description, self.at_event = [], [], []
        for tok in self.doc:
            low = tok.lower_
            if low in c.pronouns:
                self.at_pronoun.append(tok)
            elif low in c.description_heads:
                self.at_description.append(tok)
            elif tok.pos_ == "NOUN" and tok.lemma_.lower() in c.event_heads:
                self.at_event.append(tok)

    # -- candidates -------------------------------------------------------------
    def kb_cands(self) -> list[_Cand]:
        out = []
        strings = self.doc.vocab.strings
        self.matches = []
        for match_id, start, end in self.c.matcher(self.doc):
            key = strings[match_id]
            if self.c.case_ok(key, list(self.doc[start:end])):
                self.matches.append((key, start, end))
                out.append(_Cand(start, end, "kb", ids=dict(self.kb.index[key])))
        return out

    def bare_cands(self) -> list[_Cand]:
        out = []
        strings = self.doc.vocab.strings
        for match_id, start, end in self.c.bare(self.doc):
            for of, role in self.kb.bare_titles[strings[match_id]]:
                target = self.title_holder(of, {role})
                if target and not self.blocked(start) and not self.names_follow(end):
                    out.append(_Cand(start, end, "title", target=target, via="title"))
        return out

    def anchor(self, cand: _Cand) -> str | None:
        """The actor a KB mention stands for, when titles can hang on it."""
        if len(cand.ids) != 1:
            return None
        aid, how = next(iter(cand.ids.items()))
        actor = self.kb.actors[aid]
        if actor.acts_for:
            return actor.acts_for
        if actor.kind in ("country", "org") or how == "metonym":
            return aid
        return None

    def extend(self, cands: list[_Cand]) -> list[_Cand]:
        out = list(cands)
        doc = self.doc
        for cand in cands:
            if cand.kind != "kb":
                continue
            anchor = self.anchor(cand)
            j = cand.end
            if j < len(doc) and doc[j].tag_ == "POS":
                j += 1
            if anchor:
                out.extend(self.title_after(cand, anchor, j))
                out.extend(self.title_before(cand, anchor))
                out.extend(self.institution_after(cand, anchor, j))
            person = next((a for a in cand.ids if self.kb.actors[a].type == "PERSON"), None)
            if person and len(cand.ids) == 1 and j < len(doc):
                out.extend(self.government_after(cand, person, j))
        return out

    def phrase_at(self, start: int, table: dict[str, Any], longest: int = 4,
                  backwards: bool = False) -> tuple[str, int] | None:
        """The longest key of `table` written at token `start` (or ending there)."""
        doc = self.doc
        for n in range(longest, 0, -1):
            lo, hi = (start - n + 1, start + 1) if backwards else (start, start + n)
            if lo < 0 or hi > len(doc):
                continue
            text = re.sub(r"\s*-\s*", "-", " ".join(t.lower_ for t in doc[lo:hi]))
            for variant in (text, text.replace("-", " ")):
                if variant in table:
                    return variant, (lo if backwards else hi)
        return None

    def blocked(self, start: int) -> bool:
        i = start - 1
        if i >= 0 and self.doc[i].lower_ == "the":
            i -= 1
        return i >= 0 and self.doc[i].lower_ in self.c.blockers

    def title_holder(self, of: str, roles: set[str]) -> str | None:
        named = {e for e in self.entities} | self.named_people()
        found: set[str] = set()
        for role in roles:
            found.update(self.kb.holders(of, role, self.date, named))
        return next(iter(found)) if len(found) == 1 else None

    def named_people(self) -> set[str]:
        if not hasattr(self, "_named"):
            ids: set[str] = set()
            for key, start, end in self.matches:
                if end - start > 1 or key in self.kb.surnames:
                    ids.update(a for a in self.kb.index[key]
                               if self.kb.actors[a].type == "PERSON")
            self._named = ids
        return self._named

    def title_after(self, cand: _Cand, anchor: str, j: int) -> list[_Cand]:
        if anchor not in self.c.title_of:
            return []
        hit = self.phrase_at(j, self.kb.role_words)
        if not hit or self.blocked(cand.start) or self.names_follow(hit[1]):
            return []
        target = self.title_holder(anchor, self.kb.role_words[hit[0]])
        return [_Cand(cand.start, hit[1], "title", target=target, via="title")] if target else []

    def title_before(self, cand: _Cand, anchor: str) -> list[_Cand]:
        doc = self.doc
        i = cand.start - 1
        if anchor not in self.c.title_of or i < 1 or doc[i].lower_ != "of":
            return []
        hit = self.phrase_at(i - 1, self.kb.role_words, backwards=True)
        if not hit or self.blocked(hit[1]) or self.names_follow(cand.end):
            return []
        target = self.title_holder(anchor, self.kb.role_words[hit[0]])
        start = hit[1] - 1 if hit[1] > 0 and doc[hit[1] - 1].lower_ == "the" else hit[1]
        return [_Cand(start, cand.end, "title", target=target, via="title")] if target else []

    def names_follow(self, i: int) -> bool:
        """A name right after a title: the name is the mention, the title its label."""
        doc = self.doc
        return i < len(doc) and doc[i].pos_ == "PROPN" and doc[i].ent_type_ in ("PERSON", "")\
            and doc[i].is_title

    def institution_after(self, cand: _Cand, anchor: str, j: int) -> list[_Cand]:
        country = self.kb.actors.get(anchor)
        if not country or country.kind != "country":
            return []
        hit = self.phrase_at(j, self.kb.institution_words)
        if not hit or self.names_follow(hit[1]):
            return []
        key = self.kb.institution_words[hit[0]]
        target = self.kb.claims.get((anchor, key)) or self.synthesize(country, key)
        return [_Cand(cand.start, hit[1], "inst", target=target, via="name")]

    def synthesize(self, country: Actor, key: str) -> str:
        aid = f"{country.id}-{key}"
        if aid not in self.c.synthetic:
            spec = self.kb.institutions[key]
            # Named after the country, not its adjective: "Armed forces of Ukraine".
            self.c.synthetic[aid] = Actor(
                id=aid, name=str(spec.get("name", "{name} " + key)).format(name=country.name),
                type="ORG", country=country.country, sector=spec.get("sector", ""),
                kind="org")
        return aid

    def government_after(self, cand: _Cand, person: str, j: int) -> list[_Cand]:
        hit = self.phrase_at(j, {w: 1 for w in self.c.gov_words}, longest=2)
        country = self.kb.by_iso.get(self.kb.actors[person].country or "")
        if not hit or not country:
            return []
        return [_Cand(cand.start, hit[1], "gov", target=country, via="metonym")]

    def ner_cands(self, kb_cands: list[_Cand]) -> list[_Cand]:
        out = []
        self.ents = list(self.doc.ents)
        for ent in self.ents:
            label = LABELS.get(ent.label_)
            if not label:
                continue
            start, end = _trim(ent)
            if start >= end or not self.names_actor(label, start, end):
                continue
            if label == "PERSON" and end - start > 1 and self.doc[end - 1].lower_ in \
                    self.c.org_heads:
                label = "ORG"   # "Somali Public Agenda Council" is no person
            inside = [c for c in kb_cands if c.start < end and start < c.end]
            if inside and not self.ner_wins(label, start, end, inside):
                continue
            out.append(_Cand(start, end, "ner", label=label))
        return out + self.unlabelled_orgs(kb_cands)

    def unlabelled_orgs(self, kb_cands: list[_Cand]) -> list[_Cand]:
        """Runs of capitalised proper nouns NER missed that end in an
        organisation word ("Global Source Partners")."""
        doc = self.doc
        kb_at = {i for c in kb_cands for i in range(c.start, c.end)}
        out, i = [], 0
        while i < len(doc):
            j = i
            while j < len(doc) and doc[j].tag_ in ("NNP", "NNPS") and doc[j].is_title \
                    and not doc[j].ent_type_ and j not in kb_at:
                j += 1
            if j - i >= 2 and doc[j - 1].lower_ in self.c.org_heads and \
                    not doc[i].is_sent_start:
                out.append(_Cand(i, j, "ner", label="ORG"))
            i = max(j, i + 1)
        return out

    def names_actor(self, label: str, start: int, end: int) -> bool:
        """Whether an NER span can name an actor: not a faith or holiday, not a
        title or its last words ("State" of "Secretary of State", "Cabinet"), not
        a capitalised plural opening a sentence ("Mosques across Turkey ..."),
        not a reporter credited in a byline."""
        doc = self.doc
        span = doc[start:end]
        key = norm_key(span.text)
        c = self.c
        if key in c.not_actors or fold(span.text) in c.not_actors:
            return False
        if label in ("ORG", "GPE", "LOC", "NORP") and (
                key in self.kb.role_words or key in c.gov_words):
            return False
        if label != "PERSON":   # a piece of a title: "[Secretary of] State", "National Security[ Adviser]"
            back = self.phrase_at(end - 1, self.kb.role_words, backwards=True)
            ahead = self.phrase_at(start, self.kb.role_words)
            if (back and back[1] < start) or (ahead and ahead[1] > end):
                return False
        if label == "PERSON" and end - start == 1 and span[0].is_sent_start and \
                span[0].tag_ in ("NNS", "NNPS") and span[0].lower_.endswith("s"):
            return False
        if label == "PERSON" and self.byline(span.sent):
            return False
        return True

    def byline(self, sent: Span) -> bool:
        text = fold(sent.text)
        return any(p in text for p in self.c.byline_phrases)

    def ner_wins(self, label: str, start: int, end: int, inside: list[_Cand]) -> bool:
        """An organisation named after a country ("Russian Orthodox Church") is
        one actor; a NER span swallowing a KB person or title is not."""
        if label == "PERSON" and end - start > 1 and all(
                c.kind == "kb" and start <= c.start and c.end <= end and len(c.ids) == 1
                and self.kb.actors[next(iter(c.ids))].type == "PERSON" for c in inside):
            return True
        if label not in ("ORG", "EVENT", "LAW", "LOC"):
            return False
        if label == "ORG" and self.longer_name(start, end, inside):
            return True
        if any(c.start < start or c.end > end or c.kind != "kb" for c in inside):
            return False
        kinds = {self.kb.actors[a].kind for c in inside for a in c.ids}
        if not kinds <= {"country", "capital", "place"}:
            return False
        return not any(t.pos_ in ("VERB", "AUX") for t in self.doc[start:end])

    def longer_name(self, start: int, end: int, inside: list[_Cand]) -> bool:
        """A KB organisation's name with capitalised words before it ("the
        European Council on Foreign Relations"): another, longer name."""
        if any(c.kind != "kb" or c.start < start or c.end > end for c in inside):
            return False
        tail = [c for c in inside if c.end == end and c.start > start and
                all(self.kb.actors[a].kind == "org" for a in c.ids)]
        if len(tail) != 1:
            return False
        # Words before it are capitalised; another KB name there overlaps it
        # ("European Council" + "Council on Foreign Relations") or is a place.
        head = self.doc[start:tail[0].start]
        return all(t.is_title or t.lower_ in ("of", "for", "and") for t in head) and all(
            c.end > tail[0].start or all(self.kb.actors[a].kind != "org" for a in c.ids)
            for c in inside if c is not tail[0])

    def choose(self, cands: list[_Cand]) -> list[_Cand]:
        order = {"title": 0, "inst": 0, "gov": 0, "kb": 1, "ner": 2}
        chosen: list[_Cand] = []
        for cand in sorted(cands, key=lambda c: (-c.size, order.get(c.kind, 3), c.start)):
            if any(self.taken[i] for i in range(cand.start, cand.end)):
                continue
            for i in range(cand.start, cand.end):
                self.taken[i] = True
            chosen.append(cand)
        return sorted(chosen, key=lambda c: c.start)

    # -- linking ----------------------------------------------------------------
    def link(self, chosen: list[_Cand]) -> None:
        later: list[_Cand] = []
        for cand in chosen:
            if cand.kind in ("title", "inst", "gov"):
                self.add(cand.start, cand.end, cand.target, cand.via)
            elif self.surname_only(cand):
                later.append(cand)
            elif cand.kind == "kb":
                self.link_kb(cand)
            else:
                self.link_ner(cand)
        for cand in later:
            self.link_surname(cand)

    def surname_only(self, cand: _Cand) -> bool:
        if cand.size != 1 and not (cand.size == 2 and self.doc[cand.start].lower_ in
                                   self.c.honorifics):
            return False
        if cand.kind == "ner":
            return cand.label in ("PERSON", "ORG", "GPE") and self.doc[cand.end - 1].is_title
        return any(self.kb.actors[a].type == "PERSON" for a in cand.ids)

    def link_kb(self, cand: _Cand) -> None:
        if len(cand.ids) != 1:
            return   # ambiguous alias: unlinked rather than wrong
        aid, how = next(iter(cand.ids.items()))
        actor = self.kb.actors[aid]
        if actor.acts_for and not self.locative(cand.start):
            self.add(cand.start, cand.end, actor.acts_for, "metonym")
        else:
            self.add(cand.start, cand.end, aid, "metonym" if how == "metonym" else
                     "name" if how == "name" else "alias")

    def locative(self, start: int) -> bool:
        doc = self.doc
        i = start - 1
        while i >= 0 and (doc[i].lower_ == "the" or doc[i].text in self._demonyms()
                          or (doc[i].text == "," and i > 0 and doc[i - 1].lower_ in
                              self.c.locative)):
            i -= 1
        if i >= 0 and doc[i].lower_ == "to" and doc[i].head.lemma_ in self.c.motion_words:
            return True
        if i >= 0 and doc[i].lower_ == "of" and i > 0 and doc[i - 1].lower_ in self.c.locative:
            return True
        tok = doc[start]
        if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in self.c.place_verbs:
            return True
        if tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ == "PROPN":
            return True   # "the Berlin Carnegie Center": part of another name
        return i >= 0 and doc[i].lower_ in self.c.locative

    def _demonyms(self) -> set[str]:
        if not hasattr(self.c, "_dem"):
            self.c._dem = {d for a in self.kb.actors.values() for d in a.demonyms}  # type: ignore[attr-defined]
        return self.c._dem  # type: ignore[attr-defined]

    def link_ner(self, cand: _Cand) -> None:
        span = self.doc[cand.start:cand.end]
        text = self.strip_honorifics(span.text)
        if not any(c.isupper() for c in text) or (len(text) <= 2 and text.isupper()):
            return
        if cand.label in ("ORG", "GPE") and any(
                t.lower_ in self.c.role_sectors for t in self.premodifiers(span)):
            cand.label = "PERSON"
        found = self.resolve(text, cand.label)
        if found:
            self.add(cand.start, cand.end, found[0], found[1])
        elif cand.label != "NORP":
            self.add_unknown(cand, text)

    def strip_honorifics(self, text: str) -> str:
        words = text.split()
        while len(words) > 1:
            two = fold(" ".join(words[:2]))
            if two in self.c.honorifics and len(words) > 2:
                words = words[2:]
            elif fold(words[0]) in self.c.honorifics:
                words = words[1:]
            else:
                break
        return " ".join(words)

    def resolve(self, text: str, label: str) -> tuple[str, str] | None:
        key = norm_key(text)
        hit = self.kb.index.get(key)
        if hit:
            return (next(iter(hit)), "alias") if len(hit) == 1 else None
        words = key.split()
        if label == "PERSON" and len(words) > 1:
            plain = [w for w in words if len(w) > 1]
            if len(plain) >= 2:
                hit = self.kb.index.get(f"{plain[0]} {plain[-1]}")
                if hit and len(hit) == 1:
                    return next(iter(hit)), "alias"
            return self.by_surname(words[0], words[-1])
        found = self.fuzzy(key, label)
        if not found and len(words) == 2 and label in ("ORG", "GPE", "NORP") \
                and text.istitle():
            # NER often takes a foreign person's name for a place or a body.
            found = self.by_surname(words[0], words[-1])
        return found

    def by_surname(self, first: str, last: str) -> tuple[str, str] | None:
        ids = self.kb.surnames.get(last)
        via = "alias"
        if not ids and len(last) >= 4:
            best = process.extractOne(last, self.c._surname_keys, scorer=fuzz.ratio,
                                      score_cutoff=self.c.surname_cutoff)
            ids, via = (self.kb.surnames[best[0]], "fuzzy") if best else (None, via)
        fits = [a for a in ids or () if first[:1] in self.c._person_surnames.get(a, set())]
        return (fits[0], via) if len(fits) == 1 else None

    def fuzzy(self, key: str, label: str) -> tuple[str, str] | None:
        if len(key) < 5:
            return None
        pool = self.kb.fuzzy.get(key[0], [])
        cutoff = self.c.fuzzy_cutoff + (4 if len(key) < 8 else 0)
        best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
        if not best:
            return None
        ids = self.kb.index[best[0]]
        if len(ids) != 1 or _content_words(key) != _content_words(best[0]):
            return None
        aid = next(iter(ids))
        actor = self.kb.actors[aid]
        fits = {"PERSON": {"PERSON"}, "ORG": {"ORG", "GPE"}, "GPE": {"GPE", "LOC"},
                "LOC": {"GPE", "LOC"}, "NORP": {"GPE", "NORP"}}.get(label, {actor.type})
        return (aid, "fuzzy") if actor.type in fits else None

    def link_surname(self, cand: _Cand) -> None:
        span = self.doc[cand.start:cand.end]
        key = norm_key(self.strip_honorifics(span.text))
        local = {eid for eid, ent in self.entities.items() if ent.type == "PERSON"
                 and key in self.surnames_of(eid)}
        if not local and cand.kind == "ner" and cand.label == "ORG":
            # "the Times" after "The New York Times"
            local = {eid for eid, ent in self.entities.items() if ent.type == "ORG"
                     and key in self.surnames_of(eid)}
        if not local and cand.label in ("PERSON", ""):
            # Family name first ("Fu" after "Fu Cong", "Kim" after "Kim Yo Jong"):
            # any word of exactly one full name of a person in the article.
            local = {eid for eid, ent in self.entities.items() if ent.type == "PERSON"
                     and key in self.name_words(eid)}
        if len(local) == 1:
            self.add(cand.start, cand.end, local.pop(), "surname")
            return
        if len(local) > 1:
            return
        if cand.kind == "ner" and cand.label != "PERSON":
            self.link_ner(cand)
            return
        ids = self.kb.index.get(key) or {}
        persons = [a for a in ids if self.kb.actors[a].type == "PERSON"]
        if len(persons) == 1:
            self.add(cand.start, cand.end, persons[0], "alias")
        elif not persons and cand.kind == "ner":
            best = None if len(key) < 6 else process.extractOne(
                key, self.c._surname_keys, scorer=fuzz.ratio, score_cutoff=92)
            hits = self.kb.index.get(best[0], {}) if best else {}
            if best and len(hits) == 1:
                self.add(cand.start, cand.end, next(iter(hits)), "fuzzy")
            else:
                self.add_unknown(cand, self.strip_honorifics(span.text))

    def surnames_of(self, eid: str) -> set[str]:
        key = (eid, len(self.entities[eid].aliases))
        if key not in self._surnames:
            self._surnames[key] = self._surnames_of(eid)
        return self._surnames[key]

    def name_words(self, eid: str) -> set[str]:
        """Every word of the person's full names as written in the article."""
        return {w for f in self.entities[eid].aliases if len(norm_key(f).split()) > 1
                for w in norm_key(f).split() if len(w) > 1}

    def _surnames_of(self, eid: str) -> set[str]:
        actor = self.c.actor(eid)
        forms = [actor.name, *actor.aliases] if actor else []
        forms += self.entities[eid].aliases
        return {norm_key(f).split()[-1] for f in forms if len(norm_key(f).split()) > 1}

    # -- entities ---------------------------------------------------------------
    def add(self, start: int, end: int, eid: str | None, via: str) -> None:
        if not eid:
            return
        span = self.doc[start:end]
        ent = self.entities.get(eid)
        if ent is None:
            actor = self.c.actor(eid)
            if actor is None:
                return
            ent = Entity(id=eid, name=actor.name, type=actor.type, country=actor.country,
                         sector=actor.sector, aliases=[actor.name])
            if actor.role:
                ent.extra["role"] = actor.role
            self.entities[eid] = ent
        if via != "pronoun":
            ent.mentions.append((span.start_char, span.end_char))
            if span.text not in ent.aliases:
                ent.aliases.append(span.text)
        self.mentions.append(Mention(span.start_char, span.end_char, eid, via))

    def add_unknown(self, cand: _Cand, text: str) -> None:
        eid = slugify(text)
        if eid in self.kb.actors and self.kb.actors[eid].type != cand.label:
            eid = f"{eid}-{cand.label.lower()}"
        if eid not in self.entities:
            self.entities[eid] = Entity(id=eid, name=text, type=cand.label, aliases=[text])
            if cand.label == "PERSON":
                self.unknown_people.append((eid, self.doc[cand.start:cand.end]))
        self.add(cand.start, cand.end, eid, "ner")

    def describe_unknowns(self) -> None:
        for eid, span in self.unknown_people:
            self.describe(self.entities[eid], span)

    def describe(self, ent: Entity, span: Span) -> None:
        """Role, affiliation and sector from an apposition or the words before."""
        role_toks = _apposition(span)
        if not role_toks:
            role_toks = self.premodifiers(span)
        if not role_toks:
            return
        org_at = next((i for i, t in enumerate(role_toks) if self.entity_at(t.i) and
                       self.entities[self.entity_at(t.i) or ""].type == "ORG"), None)
        words = role_toks if org_at is None else role_toks[:org_at]
        while words and words[-1].pos_ in ("ADP", "DET", "PUNCT", "PART"):
            words = words[:-1]
        if words:
            ent.extra["role"] = self.doc.text[words[0].idx:words[-1].idx + len(words[-1])]
        if org_at is not None:
            ent.extra["affiliation"] = self.entities[self.entity_at(role_toks[org_at].i) or ""].name
        for t in reversed(words):
            sector = self.c.role_sectors.get(t.lower_) or self.c.role_sectors.get(t.lemma_)
            if sector is not None:
                ent.sector = sector
                break

    def entity_at(self, i: int) -> str | None:
        if self._by_char is None:
            self._by_char = {}
            for m in self.mentions:
                for ch in range(m.start, m.end):
                    self._by_char.setdefault(ch, m.entity_id)
        return self._by_char.get(self.doc[i].idx)

    def premodifiers(self, span: Span) -> list[Token]:
        doc = self.doc
        i = span.start - 1
        toks: list[Token] = []
        while i >= 0 and doc[i].pos_ in ("NOUN", "PROPN", "ADJ") and \
                doc[i].head.i >= span.start - len(toks) - 1 and doc[i].ent_type_ != "PERSON":
            toks.insert(0, doc[i])
            i -= 1
        return toks if any(t.pos_ == "NOUN" for t in toks) else []

    # -- events, descriptions, pronouns ----------------------------------------------
    def events(self) -> None:
        for tok in self.at_event:
            lemma = tok.lemma_.lower()
            if self.taken[tok.i]:
                continue
            mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
            if not any(m.pos_ == "PROPN" and m.ent_type_ not in ("DATE", "TIME", "PERSON")
                       for m in mods):
                continue
            start = min(m.left_edge.i for m in mods)
            while self.doc[start].pos_ in ("DET", "PUNCT"):
                start += 1
            label = "LAW" if lemma in self.c.law_heads and lemma not in ("talks",) else "EVENT"
            cand = _Cand(start, tok.i + 1, "event", label=label)
            self.add_unknown(cand, self.doc[start:tok.i + 1].text)
            for i in range(start, tok.i + 1):
                self.taken[i] = True

    def descriptions(self) -> None:
        doc = self.doc
        for tok in self.at_description:
            if tok.i == 0:
                continue
            start = tok.i
            while start > 0 and doc[start - 1].pos_ in ("ADJ", "PROPN", "NOUN") \
                    and doc[start - 1].lower_ != "the":
                start -= 1
            if start == 0 or doc[start - 1].lower_ != "the" or self.names_follow(tok.i + 1):
                continue
            if self.taken[tok.i] or any(self.taken[i] and not self._demonym_at(i)
                                        and not self._affiliation_at(i)
                                        for i in range(start, tok.i)):
                continue
            country = next((self.kb.actors[a].country for t in doc[start:tok.i]
                            for a in self.kb.lookup(t.text)
                            if self.kb.actors[a].kind == "country"), None)
            target = self.described(tok, country)
            if target:
                # A demonym inside is the description's; an organisation named
                # inside ("the Hamas political bureau spokesman") stays its own.
                span = doc[start - 1:tok.i + 1]
                dem = {doc[i].idx for i in range(start, tok.i) if self._demonym_at(i)}
                self.mentions = [m for m in self.mentions if m.start not in dem]
                for ent in self.entities.values():
                    ent.mentions = [s for s in ent.mentions if s[0] not in dem]
                self.add(start - 1, tok.i + 1, target, "description")

    def _affiliation_at(self, i: int) -> bool:
        """A token of an organisation's or country's name (a modifier of a role)."""
        eid = self.entity_at(i)
        return eid is not None and self.entities[eid].type in ("ORG", "GPE", "NORP")

    def _demonym_at(self, i: int) -> bool:
        return any(h == "demonym" for h in self.kb.lookup(self.doc[i].text).values())

    def described(self, head: Token, country: str | None) -> str | None:
        word = head.lower_
        sent_start = head.sent.start
        limit = max(0, _sentence_index(self.doc, sent_start) - self.c.description_sentences)
        for m in sorted(self.mentions, key=lambda m: -m.start):
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if m.start >= head.idx or span is None or \
                    _sentence_index(self.doc, span.start) < limit:
                continue
            ent = self.entities[m.entity_id]
            if ent.type != "PERSON" or (country and ent.country != country):
                continue
            roles = self.kb.held_roles.get(ent.id, set()) | {str(ent.extra.get("role", ""))}
            if any(word in r for r in roles) or word in self.article_roles(ent.id):
                return ent.id
            sector = self.c.role_sectors.get(word, "")
            if sector and sector != "GOV" and ent.sector == sector:
                return ent.id
            if word == "official" and country and ent.sector == "GOV":
                return ent.id
        return None

    def article_roles(self, eid: str) -> set[str]:
        """The roles the article gives a person by name ("Osama Hamdan, the Hamas
        spokesman", "Hamas spokesman Osama Hamdan"), lower case."""
        if not hasattr(self, "_roles"):
            self._roles: dict[str, set[str]] = {}
            for m in self.mentions:
                if m.via not in ("name", "alias", "ner", "fuzzy") or \
                        self.entities[m.entity_id].type != "PERSON":
                    continue
                span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
                if span is not None:
                    toks = _apposition(span) or self.premodifiers(span)
                    self._roles.setdefault(m.entity_id, set()).update(t.lower_ for t in toks)
        return self._roles.get(eid, set())

    def pronouns(self) -> None:
        named = []
        for m in sorted((m for m in self.mentions if m.via != "pronoun"), key=lambda m: m.start):
            span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                named.append((m, span, _sentence_index(self.doc, span.start)))
        for tok in self.at_pronoun:
            info = self.c.pronouns.get(tok.lower_)
            if not info or (info.get("kind") == "group" and
                            tok.lower_ not in self.c.group_pronouns):
                continue
            target = self.antecedent(tok, info, named)
            if target:
                self.add(tok.i, tok.i + 1, target, "pronoun")

    def antecedent(self, tok: Token, info: dict[str, Any],
                   named: list[tuple[Mention, Span, int]]) -> str | None:
        doc = self.doc
        sent_i = _sentence_index(doc, tok.i)
        person = info.get("kind") == "person"
        cands = []
        for m, span, m_sent in named:
            if m.start >= tok.idx:
                break
            if sent_i - m_sent > self.c.pronoun_sentences:
                continue
            ent = self.entities[m.entity_id]
            if person and (ent.type != "PERSON" or not self.gender_fits(ent.id, info)):
                continue
            if not person and ent.type not in ("ORG", "GPE", "NORP"):
                continue
            cands.append((span, ent.id))
        if person:
            owner = self.unnamed_role(tok)
            if owner and not any(c[0].start > owner[0] for c in cands):
                return owner[1]
        if not cands:
            return None
        if not person and any(t.tag_ in ("NNS", "NNPS") and not self.taken[t.i]
                              for t in doc[cands[-1][0].end:tok.i]):
            return None
        same = [c for c in cands if _sentence_index(doc, c[0].start) == sent_i]
        subjects = [c for c in same if _is_subject(c[0]) and
                    not (tok.dep_ in ("dobj", "pobj") and c[0].root.head == tok.head)]
        if subjects:
            return subjects[-1][1]
        if len({c[1] for c in same}) == 1 and not _is_subject(tok):
            return same[0][1]
        prev = [c for c in cands if _sentence_index(doc, c[0].start) < sent_i]
        last = max((_sentence_index(doc, c[0].start) for c in prev), default=-1)
        subj = [c for c in prev if _is_subject(c[0]) and
                _sentence_index(doc, c[0].start) == last]
        if subj:
            return subj[0][1]
        ids = {c[1] for c in prev}
        return ids.pop() if len(ids) == 1 and not same else None

    def unnamed_role(self, tok: Token) -> tuple[int, str] | None:
        """An unnamed office-holder as the subject earlier in the sentence,
        with the country or body they serve as possessor ("Iran's U.N.
        ambassador ..., but his mission ..."): (token, that actor's id)."""
        for t in reversed(self.doc[tok.sent.start:tok.i]):
            if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ != "NOUN" or \
                    t.lower_ not in self.c.role_sectors:
                continue
            if any(c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" and
                   c.ent_type_ == "PERSON" for c in t.children):
                return None
            for c in t.children:
                eid = self.entity_at(c.i) if c.dep_ == "poss" else None
                if eid and self.entities[eid].type in ("GPE", "ORG"):
                    return t.i, eid
            return None
        return None

    def gender_fits(self, eid: str, info: dict[str, Any]) -> bool:
        actor = self.c.actor(eid)
        want = info.get("gender")
        return not (actor and actor.gender and want and actor.gender != want)

    # -- output -----------------------------------------------------------------
    def drop_channels(self) -> None:
        """Outlets that only carry statements ("told VOA") are not actors."""
        drop = set()
        for eid, ent in self.entities.items():
            actor = self.c.actor(eid)
            if ent.type != "ORG" or (actor is not None and actor.sector != "MED"):
                continue
            own = [m for m in self.mentions if m.entity_id == eid and m.via != "pronoun"]
            if own and all(self.channel(m, actor is None) for m in own):
                drop.add(eid)
        if drop:
            self.mentions = [m for m in self.mentions if m.entity_id not in drop]
            for eid in drop:
                del self.entities[eid]

    def channel(self, m: Mention, unknown: bool) -> bool:
        span = self.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None:
            return False
        t = span.root
        media = not unknown
        while t.dep_ in ("compound", "poss") and t.head.i != t.i:
            t = t.head
            media = media or t.lower_ in self.c.media_words
        if not media:
            return False
        verbs = self.c.channel_verbs
        if t.dep_ in ("dobj", "dative") and t.head.lemma_ in verbs:
            return True
        return t.dep_ == "pobj" and t.head.lower_ in ("to", "with") and (
            t.head.head.lemma_ in verbs or t.head.head.lemma_ in ("interview", "conversation"))

    def finish(self) -> None:
        self.drop_channels()
        self.mentions.sort(key=lambda m: (m.start, -m.end))
        for ent in self.entities.values():
            ent.mentions.sort()
        self.doc._.entities = self.entities
        self.doc._.mentions = self.mentions
        self.set_ents()

    def set_ents(self) -> None:
        doc = self.doc
        spans = []
        for m in self.mentions:
            if m.via in ("pronoun", "description"):
                continue
            span = doc.char_span(m.start, m.end, label=self.entities[m.entity_id].type)
            if span is not None:
                spans.append(span)
        ours = filter_spans(spans)
        used = {i for s in ours for i in range(s.start, s.end)}
        keep = [e for e in self.ents if e.label_ not in LABELS
                and not any(i in used for i in range(e.start, e.end))]
        with contextlib.suppress(ValueError):   # never let a label clash stop the article
            doc.ents = filter_spans(ours + keep)


def _content_words(key: str) -> int:
    """Words that count when comparing two names ("Republic of Congo" ~ "... of the Congo")."""
    return sum(1 for w in key.split() if w not in ("the", "of", "and", "for"))


def _trim(ent: Span) -> tuple[int, int]:
    """NER span without a leading determiner or a trailing possessive."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].pos_ == "DET":
        start += 1
    while end > start and ent.doc[end - 1].tag_ in ("POS", "PUNCT"):
        end -= 1
    return start, end


def _apposition(span: Span) -> list[Token]:
    """The words of "<Name>, <role> at <Org>" after the comma (relative clauses dropped)."""
    head = span.root
    for child in head.children:
        if child.dep_ != "appos" or child.i < span.end:
            continue
        skip = {d.i for t in child.subtree if t.dep_ in ("relcl", "acl", "advcl")
                for d in t.subtree}
        toks = [t for t in child.subtree if t.i not in skip and t.dep_ != "det"
                and t.pos_ != "PUNCT"]
        return toks
    return []


def _is_subject(span: Span | Token) -> bool:
    root = span if isinstance(span, Token) else span.root
    return root.dep_ in ("nsubj", "nsubjpass") or (
        root.dep_ in ("appos", "compound") and root.head.dep_ in ("nsubj", "nsubjpass"))


def _sentence_index(doc: Doc, token_i: int) -> int:
    starts = doc.user_data.get("_accord_sent_starts")
    if starts is None:
        starts = [s.start for s in doc.sents]
        doc.user_data["_accord_sent_starts"] = starts
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= token_i:
            lo = mid
        else:
            hi = mid
    return lo


# -- the interface other components use ------------------------------------------

def _depth(tok: Token) -> int:
    d = 0
    while tok.head.i != tok.i and d < 50:
        tok = tok.head
        d += 1
    return d


def mentions_in(doc: Doc, start: int, end: int) -> list[Mention]:
    """All linked mentions inside the char span [start, end), in text order."""
    return [m for m in doc._.mentions or [] if m.start >= start and m.end <= end]


def entity_ref(doc: Doc, entity_id: str, start: int, end: int,
               inferred: str | None = None) -> Ref:
    """A Ref to entity `entity_id` pointing at the text [start, end)."""
    ent = (doc._.entities or {}).get(entity_id)
    return Ref(name=ent.name if ent else doc.text[start:end], id=entity_id,
               start=start, end=end, inferred=inferred)


def ref_at(doc: Doc, start: int, end: int) -> Ref | None:
    """The actor mentioned within [start, end), as a Ref.

    Of several mentions, a person's name beats an organisation or place in the
    same phrase ("foreign ministry spokesperson Abdul Balkhi", "lecturer Ana
    Ruiz of Madrid's Carlos III University": the others are affiliations).
    Then the syntactic head of the span wins (the one closest to the root of
    the dependency tree); at equal depth a possessor beats a compound modifier
    ("his U.N. mission" is his country's), then the longest, then the first.
    A pronoun or description resolves to its antecedent's entity; the Ref
    points at the pronoun and says `inferred="pronoun"`.
    """
    found = mentions_in(doc, start, end)
    if not found:
        return None
    ents = doc._.entities or {}

    def person(m: Mention) -> bool:
        ent = ents.get(m.entity_id)
        return ent is not None and ent.type == "PERSON" and m.via not in INFERRED_VIA

    people = any(person(m) for m in found) and any(
        m.entity_id in ents and ents[m.entity_id].type in ("ORG", "GPE", "LOC", "NORP")
        for m in found)

    def rank(m: Mention) -> tuple[int, int, int, int, int]:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        depth = _depth(span.root) if span is not None else 99
        poss = 0 if span is not None and span.root.dep_ == "poss" else 1
        return (0 if people and person(m) else 1), depth, poss, -(m.end - m.start), m.start

    best = min(found, key=rank)
    return entity_ref(doc, best.entity_id, best.start, best.end,
                      inferred=best.via if best.via in INFERRED_VIA else None)
