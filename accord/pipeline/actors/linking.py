"""accord_actors, step 2: linking chosen mentions to actors: KB names, NER
names by exact alias, "first last", surname plus initial, fuzzy spelling, and
surname-only mentions to the one person of that name in the article."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from accord.kb import fold, norm_key
from accord.pipeline.actors.state import RunBase, _Cand


class Linking(RunBase):
    """Names to ids: exact, by surname, fuzzy; unknown names become actors."""

    def link(self, chosen: list[_Cand]) -> None:
        later: list[_Cand] = []
        for cand in chosen:
            if cand.kind in ("title", "inst", "gov"):
                self.add(cand.start, cand.end, cand.target, cand.via)
            elif self.surname_only(cand):
                later.append(cand)
            elif cand.kind == "kb":
                self.link_kb(cand)
            elif cand.kind == "coll":
                self.add_unknown(cand, self.doc[cand.start:cand.end].text.lower())
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
            # any word of exactly one full name of a person named earlier.
            local = {eid for eid, ent in self.entities.items() if ent.type == "PERSON"
                     and key in self.name_words(eid, span.start_char)}
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

    def name_words(self, eid: str, before: int) -> set[str]:
        """Every word of the person's full names written before char `before`."""
        text = self.text
        return {w for s, e in self.entities[eid].mentions if s < before
                and len(norm_key(text[s:e]).split()) > 1
                for w in norm_key(text[s:e]).split() if len(w) > 1}

    def _surnames_of(self, eid: str) -> set[str]:
        actor = self.c.actor(eid)
        forms = [actor.name, *actor.aliases] if actor else []
        forms += self.entities[eid].aliases
        return {norm_key(f).split()[-1] for f in forms if len(norm_key(f).split()) > 1}


def _content_words(key: str) -> int:
    """Words that count when comparing two names ("Republic of Congo" ~ "... of the Congo")."""
    return sum(1 for w in key.split() if w not in ("the", "of", "and", "for"))
