"""accord_actors, step 1: candidate mentions from the knowledge base's
names, titles, institutions and governments, and from spaCy's NER (what NER
gets wrong about actors is mended here)."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from accord.kb import Actor, fold, norm_key
from accord.pipeline.actors.state import LABELS, LinkState, _Cand
from accord.pipeline.common.tokens import tokens


def _trim(ent: Span) -> tuple[int, int]:
    """NER span without a leading determiner, a leading description "of" a
    name ("standing committee of the National People's Congress": the
    Congress) or a trailing possessive."""
    start, end = ent.start, ent.end
    while start < end and ent.doc[start].pos_ == "DET":
        start += 1
    start = _past_description(ent.doc, start, end)
    while start < end and ent.doc[start].pos_ == "DET":
        start += 1
    while end > start and ent.doc[end - 1].tag_ in ("POS", "PUNCT"):
        end -= 1
    return _whole_words(ent.doc, start, end)


def _past_description(doc: Doc, start: int, end: int) -> int:
    """Where a span that opens with lower-case words naming a part or body
    "of" a name ("standing committee of the ...") has that name start; the
    span's start where it opens otherwise (with a name, or "al-Shabab")."""
    for i in range(start, end - 1):
        t = doc[i]
        if t.lower_ == "of":
            nouns = [x for x in doc[start:i] if x.pos_ in ("NOUN", "PROPN")]
            return i + 1 if nouns and i > start else start
        if not t.is_alpha or not t.is_lower or "-" in t.text:
            return start
    return start


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


def known_cands(run: LinkState) -> list[_Cand]:
    out = []
    strings = run.doc.vocab.strings
    run.matches = []
    for match_id, start, end in run.c.matcher(run.doc):
        key = strings[match_id]
        if run.c.case_ok(key, list(run.doc[start:end])):
            run.matches.append((key, start, end))
            out.append(_Cand(start, end, "kb", ids=dict(run.kb.index[key])))
    return out


def bare_cands(run: LinkState) -> list[_Cand]:
    out = []
    strings = run.doc.vocab.strings
    for match_id, start, end in run.c.bare(run.doc):
        for of, role in run.kb.bare_titles[strings[match_id]]:
            target = title_holder(run, of, {role})
            if target and not blocked(run, start) and not run.names_follow(end):
                out.append(_Cand(start, end, "title", target=target, via="title"))
    return out


def collective_cands(run: LinkState) -> list[_Cand]:
    """Collective actors named by a common noun ("the opposition", "the upper
    house"); a country before them makes them an institution instead."""
    out = []
    tt = tokens(run.doc)
    for i, low in enumerate(tt.lower):
        if low not in run.c.collective_heads or tt.pos[i] not in ("NOUN", "PROPN"):
            continue
        if i + 1 < len(tt.lower) and tt.lower[i + 1] in ("to", "of"):
            continue   # "opposition to the plan": an attitude, not a body
        hit = run.phrase_at(i, run.c.collectives, longest=2, backwards=True)
        if hit and hit[0] in run.c.collectives:
            out.append(_Cand(hit[1], i + 1, "coll", label="ORG"))
    return out


def anchor_of(run: LinkState, cand: _Cand) -> str | None:
    """The actor a KB mention stands for, when titles can hang on it."""
    if len(cand.ids) != 1:
        return None
    aid, how = next(iter(cand.ids.items()))
    actor = run.kb.actors[aid]
    if actor.acts_for:
        return actor.acts_for
    if actor.kind in ("country", "org") or how == "metonym":
        return aid
    return None


def extend(run: LinkState, cands: list[_Cand]) -> list[_Cand]:
    out = list(cands)
    doc = run.doc
    for cand in cands:
        if cand.kind != "kb":
            continue
        anchor = anchor_of(run, cand)
        j = cand.end
        if j < len(doc) and doc[j].tag_ == "POS":
            j += 1
        if anchor:
            out.extend(title_after(run, cand, anchor, j))
            out.extend(title_before(run, cand, anchor))
            out.extend(institution_after(run, cand, anchor, j))
        person = next((a for a in cand.ids if run.kb.actors[a].type == "PERSON"), None)
        if person and len(cand.ids) == 1 and j < len(doc):
            out.extend(government_after(run, cand, person, j))
    return out


def blocked(run: LinkState, start: int) -> bool:
    i = start - 1
    if i >= 0 and run.doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and run.doc[i].lower_ in run.c.blockers


def title_holder(run: LinkState, of: str, roles: set[str]) -> str | None:
    named = {e for e in run.entities} | named_people(run)
    found: set[str] = set()
    for role in roles:
        found.update(run.kb.holders(of, role, run.date, named))
    return next(iter(found)) if len(found) == 1 else None


def named_people(run: LinkState) -> set[str]:
    if run.named is None:
        ids: set[str] = set()
        for key, start, end in run.matches:
            if end - start > 1 or key in run.kb.surnames:
                ids.update(a for a in run.kb.index[key]
                           if run.kb.actors[a].type == "PERSON")
        run.named = ids
    return run.named


def title_after(run: LinkState, cand: _Cand, anchor: str, j: int) -> list[_Cand]:
    if anchor not in run.c.title_of:
        return []
    hit = run.phrase_at(j, run.kb.role_words)
    if not hit or blocked(run, cand.start) or run.names_follow(hit[1]):
        return []
    target = title_holder(run, anchor, run.kb.role_words[hit[0]])
    return [_Cand(cand.start, hit[1], "title", target=target, via="title")] if target else []


def title_before(run: LinkState, cand: _Cand, anchor: str) -> list[_Cand]:
    doc = run.doc
    i = cand.start - 1
    if anchor not in run.c.title_of or i < 1 or doc[i].lower_ != "of":
        return []
    hit = run.phrase_at(i - 1, run.kb.role_words, backwards=True)
    if not hit or blocked(run, hit[1]) or run.names_follow(cand.end):
        return []
    target = title_holder(run, anchor, run.kb.role_words[hit[0]])
    start = hit[1] - 1 if hit[1] > 0 and doc[hit[1] - 1].lower_ == "the" else hit[1]
    return [_Cand(start, cand.end, "title", target=target, via="title")] if target else []


def institution_after(run: LinkState, cand: _Cand, anchor: str, j: int) -> list[_Cand]:
    country = run.kb.actors.get(anchor)
    if not country or country.kind != "country":
        return []
    hit = run.phrase_at(j, run.kb.institution_words)
    if not hit or run.names_follow(hit[1]):
        return []
    key = run.kb.institution_words[hit[0]]
    target = run.kb.claims.get((anchor, key)) or synthesize(run, country, key)
    return [_Cand(cand.start, hit[1], "inst", target=target, via="name")]


def synthesize(run: LinkState, country: Actor, key: str) -> str:
    aid = f"{country.id}-{key}"
    if aid not in run.c.synthetic:
        spec = run.kb.institutions[key]
        # Named after the country, not its adjective: "Armed forces of Ukraine".
        run.c.synthetic[aid] = Actor(
            id=aid, name=str(spec.get("name", "{name} " + key)).format(name=country.name),
            type="ORG", country=country.country, sector=spec.get("sector", ""),
            kind="org")
    return aid


def government_after(run: LinkState, cand: _Cand, person: str, j: int) -> list[_Cand]:
    hit = run.phrase_at(j, {w: 1 for w in run.c.gov_words}, longest=2)
    country = run.kb.by_iso.get(run.kb.actors[person].country or "")
    if not hit or not country:
        return []
    return [_Cand(cand.start, hit[1], "gov", target=country, via="metonym")]


def ner_cands(run: LinkState, kb_cands: list[_Cand]) -> list[_Cand]:
    out = []
    run.ents = list(run.doc.ents)
    for ent in run.ents:
        label = LABELS.get(ent.label_)
        start, end = _trim(ent)
        if ent.label_ in ("WORK_OF_ART", "PRODUCT") and after_org_noun(run, start) and \
                all(t.is_title or not t.is_alpha for t in run.doc[start:end]):
            label = "ORG"   # "the group Horn Peace Agenda"
        if not label:
            continue
        if start >= end or not names_actor(run, label, start, end):
            continue
        if label == "PERSON" and ((end - start > 1 and run.doc[end - 1].lower_ in
                                   run.c.org_heads) or after_org_noun(run, start)):
            label = "ORG"   # "Baltic Capital Partners", "the group Somali Public Agenda"
        inside = [c for c in kb_cands if c.start < end and start < c.end]
        if inside and not ner_wins(run, label, start, end, inside):
            continue
        out.append(_Cand(start, end, "ner", label=label))
    return out + unlabelled_orgs(run, kb_cands)


def after_org_noun(run: LinkState, start: int) -> bool:
    prev = run.doc[start - 1] if start > 0 else None
    return prev is not None and prev.pos_ == "NOUN" and prev.lower_ in run.c.org_nouns


def unlabelled_orgs(run: LinkState, kb_cands: list[_Cand]) -> list[_Cand]:
    """Runs of capitalised proper nouns NER missed that end in an
    organisation word ("Global Source Partners")."""
    doc = run.doc
    kb_at = {i for c in kb_cands for i in range(c.start, c.end)}
    tags = tokens(doc).tag
    out, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and tags[j] in ("NNP", "NNPS") and doc[j].is_title \
                and not doc[j].ent_type_ and j not in kb_at:
            j += 1
        if j - i >= 2 and doc[j - 1].lower_ in run.c.org_heads and \
                not doc[i].is_sent_start:
            out.append(_Cand(i, j, "ner", label="ORG"))
        i = max(j, i + 1)
    return out


def names_actor(run: LinkState, label: str, start: int, end: int) -> bool:
    """Whether an NER span can name an actor: not a faith or holiday, not a
    title or its last words ("State" of "Secretary of State", "Cabinet"), not
    a capitalised plural opening a sentence ("Mosques across Turkey ..."),
    not a reporter credited in a byline."""
    doc = run.doc
    span = doc[start:end]
    key = norm_key(span.text)
    c = run.c
    if key in c.not_actors or fold(span.text) in c.not_actors:
        return False
    if any(t.tag_ in ("NNS", "NNPS") and len(doc[t.i - 1].text) == 2 and
           doc[t.i - 1].text.endswith(".") for t in span[1:]):
        return False   # "posted on X. Militants attacked": a missed sentence end
    if label in ("EVENT", "LAW") and all(t.like_num or t.lower_ in c.months for t in span):
        return False   # "the September 17": a date
    if label in ("ORG", "GPE", "LOC", "NORP") and (
            key in run.kb.role_words or key in c.gov_words):
        return False
    if label != "PERSON":   # "[Secretary of] State", "National Security[ Adviser]"
        back = run.phrase_at(end - 1, run.kb.role_words, backwards=True)
        ahead = run.phrase_at(start, run.kb.role_words)
        if (back and back[1] < start) or (ahead and ahead[1] > end):
            return False
    if label == "PERSON" and end - start == 1 and span[0].is_sent_start and \
            span[0].tag_ in ("NNS", "NNPS") and span[0].lower_.endswith("s"):
        return False
    return not (label == "PERSON" and byline(run, span.sent))


def byline(run: LinkState, sent: Span) -> bool:
    found = run.bylines.get(sent.start)
    if found is None:
        text = fold(run.text[sent.start_char:sent.end_char])
        found = run.bylines[sent.start] = any(p in text for p in run.c.byline_phrases)
    return found


def ner_wins(run: LinkState, label: str, start: int, end: int, inside: list[_Cand]) -> bool:
    """An organisation named after a country ("Russian Orthodox Church") is
    one actor; a NER span swallowing a KB person or title is not."""
    if all(c.kind == "kb" and start < c.start and c.end <= end and
           not run.doc[c.start - 1].whitespace_ for c in inside):
        return True   # a KB name inside a hyphenated word: "Tehreek-e-Taliban"
    if label == "PERSON" and end - start > 1 and all(
            c.kind == "kb" and start <= c.start and c.end <= end and len(c.ids) == 1
            and run.kb.actors[next(iter(c.ids))].type == "PERSON" for c in inside):
        return True
    if label not in ("ORG", "EVENT", "LAW", "LOC"):
        return False
    if label == "ORG" and longer_name(run, start, end, inside):
        return True
    if any(c.start < start or c.end > end or c.kind != "kb" for c in inside):
        return False
    kinds = {run.kb.actors[a].kind for c in inside for a in c.ids}
    if not kinds <= {"country", "capital", "place"}:
        return False
    return not any(t.pos_ in ("VERB", "AUX") for t in run.doc[start:end])


def longer_name(run: LinkState, start: int, end: int, inside: list[_Cand]) -> bool:
    """A KB organisation's name with capitalised words before it ("the
    European Council on Foreign Relations", "the National People's
    Congress"): another, longer name."""
    if any(c.kind != "kb" or c.start < start or c.end > end for c in inside):
        return False
    tail = [c for c in inside if c.end == end and c.start > start and
            all(run.kb.actors[a].kind == "org" for a in c.ids)]
    if len(tail) != 1:
        return False
    # Words before it are capitalised; another KB name there overlaps it
    # ("European Council" + "Council on Foreign Relations") or is a place.
    # Not a demonym or place alone before it ("the Afghan Taliban" is the Taliban).
    head = run.doc[start:tail[0].start]
    others = [c for c in inside if c is not tail[0]]
    places = {i for c in others if all(run.kb.actors[a].kind != "org" for a in c.ids)
              for i in range(c.start, c.end)}
    # "the National People's Congress": a possessive inside the name counts too
    return all(t.is_title or t.lower_ in ("of", "for", "and")
               or t.tag_ == "POS" and t.i > start for t in head) and all(
        c.end > tail[0].start or all(run.kb.actors[a].kind != "org" for a in c.ids)
        for c in others) and any(t.i not in places for t in head)


def choose(run: LinkState, cands: list[_Cand]) -> list[_Cand]:
    order = {"title": 0, "inst": 0, "gov": 0, "kb": 1, "ner": 2}
    chosen: list[_Cand] = []
    for cand in sorted(cands, key=lambda c: (-c.size, order.get(c.kind, 3), c.start)):
        if any(run.taken[i] for i in range(cand.start, cand.end)):
            continue
        for i in range(cand.start, cand.end):
            run.taken[i] = True
        chosen.append(cand)
    return sorted(chosen, key=lambda c: c.start)
