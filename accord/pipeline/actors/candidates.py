"""accord_actors, step 1: candidate mentions from the knowledge base's
names, titles, institutions and governments, and from spaCy's NER (what NER
gets wrong about actors is mended here)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from accord.kb import Actor, fold, norm_key
from accord.pipeline.actors.state import LABELS, RunBase, _Cand
from accord.pipeline.common.tokens import tokens


class Candidates(RunBase):
    """Finding candidate mentions and choosing among overlapping ones."""

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

    def collective_cands(self) -> list[_Cand]:
        """Collective actors named by a common noun ("the opposition", "the upper
        house"); a country before them makes them an institution instead."""
        out = []
        tt = tokens(self.doc)
        for i, low in enumerate(tt.lower):
            if low not in self.c.collective_heads or tt.pos[i] not in ("NOUN", "PROPN"):
                continue
            if i + 1 < len(tt.lower) and tt.lower[i + 1] in ("to", "of"):
                continue   # "opposition to the plan": an attitude, not a body
            hit = self.phrase_at(i, self.c.collectives, longest=2, backwards=True)
            if hit and hit[0] in self.c.collectives:
                out.append(_Cand(hit[1], i + 1, "coll", label="ORG"))
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
            start, end = _trim(ent)
            if ent.label_ in ("WORK_OF_ART", "PRODUCT") and self.after_org_noun(start) and \
                    all(t.is_title or not t.is_alpha for t in self.doc[start:end]):
                label = "ORG"   # "the group Horn Peace Agenda"
            if not label:
                continue
            if start >= end or not self.names_actor(label, start, end):
                continue
            if label == "PERSON" and ((end - start > 1 and self.doc[end - 1].lower_ in
                                       self.c.org_heads) or self.after_org_noun(start)):
                label = "ORG"   # "Baltic Capital Partners", "the group Somali Public Agenda"
            inside = [c for c in kb_cands if c.start < end and start < c.end]
            if inside and not self.ner_wins(label, start, end, inside):
                continue
            out.append(_Cand(start, end, "ner", label=label))
        return out + self.unlabelled_orgs(kb_cands)

    def after_org_noun(self, start: int) -> bool:
        prev = self.doc[start - 1] if start > 0 else None
        return prev is not None and prev.pos_ == "NOUN" and prev.lower_ in self.c.org_nouns

    def unlabelled_orgs(self, kb_cands: list[_Cand]) -> list[_Cand]:
        """Runs of capitalised proper nouns NER missed that end in an
        organisation word ("Global Source Partners")."""
        doc = self.doc
        kb_at = {i for c in kb_cands for i in range(c.start, c.end)}
        tags = tokens(doc).tag
        out, i = [], 0
        while i < len(doc):
            j = i
            while j < len(doc) and tags[j] in ("NNP", "NNPS") and doc[j].is_title \
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
        if any(t.tag_ in ("NNS", "NNPS") and len(doc[t.i - 1].text) == 2 and
               doc[t.i - 1].text.endswith(".") for t in span[1:]):
            return False   # "posted on X. Militants attacked": a missed sentence end
        if label in ("EVENT", "LAW") and all(t.like_num or t.lower_ in c.months for t in span):
            return False   # "the September 17": a date
        if label in ("ORG", "GPE", "LOC", "NORP") and (
                key in self.kb.role_words or key in c.gov_words):
            return False
        if label != "PERSON":   # "[Secretary of] State", "National Security[ Adviser]"
            back = self.phrase_at(end - 1, self.kb.role_words, backwards=True)
            ahead = self.phrase_at(start, self.kb.role_words)
            if (back and back[1] < start) or (ahead and ahead[1] > end):
                return False
        if label == "PERSON" and end - start == 1 and span[0].is_sent_start and \
                span[0].tag_ in ("NNS", "NNPS") and span[0].lower_.endswith("s"):
            return False
        return not (label == "PERSON" and self.byline(span.sent))

    def byline(self, sent: Span) -> bool:
        found = self.bylines.get(sent.start)
        if found is None:
            text = fold(self.text[sent.start_char:sent.end_char])
            found = self.bylines[sent.start] = any(p in text for p in self.c.byline_phrases)
        return found

    def ner_wins(self, label: str, start: int, end: int, inside: list[_Cand]) -> bool:
        """An organisation named after a country ("Russian Orthodox Church") is
        one actor; a NER span swallowing a KB person or title is not."""
        if all(c.kind == "kb" and start < c.start and c.end <= end and
               not self.doc[c.start - 1].whitespace_ for c in inside):
            return True   # a KB name inside a hyphenated word: "Tehreek-e-Taliban"
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
        # Not a demonym or place alone before it ("the Afghan Taliban" is the Taliban).
        head = self.doc[start:tail[0].start]
        others = [c for c in inside if c is not tail[0]]
        places = {i for c in others if all(self.kb.actors[a].kind != "org" for a in c.ids)
                  for i in range(c.start, c.end)}
        return all(t.is_title or t.lower_ in ("of", "for", "and") for t in head) and all(
            c.end > tail[0].start or all(self.kb.actors[a].kind != "org" for a in c.ids)
            for c in others) and any(t.i not in places for t in head)

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


def _trim(ent: Span) -> tuple[int, int]:
    """NER span without a leading determiner or a trailing possessive."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].pos_ == "DET":
        start += 1
    while end > start and ent.doc[end - 1].tag_ in ("POS", "PUNCT"):
        end -= 1
    return _whole_words(ent.doc, start, end)


def _whole_words(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The span grown to whole hyphenated words: NER often keeps only a piece of
    "Tehreek-e-Taliban" or "Hayat Tahrir al-Sham"."""
    if start >= end:
        return start, end
    while end < len(doc) - 1 and not doc[end - 1].whitespace_ and doc[end].text == "-" \
            and not doc[end].whitespace_ and doc[end + 1].is_alpha:
        end += 2
    while start > 1 and not doc[start - 1].whitespace_ and doc[start - 1].text == "-" \
            and not doc[start - 2].whitespace_ and doc[start - 2].is_alpha:
        start -= 2
    return start, end
