"""accord_actors, step 2: linking chosen mentions to actors: KB names, NER
names by exact alias, "first last", surname plus initial, fuzzy spelling, and
surname-only mentions to the one person of that name in the article."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from accord.kb import fold, norm_key
from accord.model import Mention
from accord.pipeline.actors.kin import comparative, relative
from accord.pipeline.actors.state import LinkState, _Cand, _sentence_index


def _content_words(key: str) -> int:
    """Words that count when comparing two names ("Republic of Congo" ~ "... of the Congo")."""
    return sum(1 for w in key.split() if w not in ("the", "of", "and", "for"))


def link(run: LinkState, chosen: list[_Cand]) -> None:
    later: list[_Cand] = []
    for cand in chosen:
        if cand.kind in ("title", "inst", "gov"):
            run.add(cand.start, cand.end, cand.target, cand.via)
        elif surname_only(run, cand):
            later.append(cand)
        elif cand.kind == "kb":
            link_kb(run, cand)
        elif cand.kind == "coll":
            run.add_unknown(cand, run.doc[cand.start:cand.end].text.lower())
        else:
            link_ner(run, cand)
    for cand in later:
        link_surname(run, cand)
    merge_abbreviations(run)
    sweep_surnames(run)


def sweep_surnames(run: LinkState) -> None:
    """A person named in full is then written by surname alone, where the
    tagger may miss it ("Maimane, who headed ..."): a capitalised proper noun
    standing alone that is the surname of exactly one person the article named
    in full is that person."""
    owners: dict[str, set[str]] = {}
    for eid, ent in run.entities.items():
        if ent.type != "PERSON":
            continue
        for form in {ent.name, *ent.aliases}:
            words = form.split()
            if len(words) > 1 and len(words[-1]) > 2 and words[-1][:1].isupper():
                owners.setdefault(words[-1], set()).add(eid)
    doc = run.doc
    for tok in doc:
        ids = owners.get(tok.text)
        if not ids or len(ids) != 1 or run.taken[tok.i] or tok.pos_ != "PROPN" \
                or any(0 <= j < len(doc) and doc[j].pos_ == "PROPN"
                       for j in (tok.i - 1, tok.i + 1)):
            continue
        run.taken[tok.i] = True
        run.add(tok.i, tok.i + 1, next(iter(ids)), "surname")
    run.forget_positions()


def initials(name: str) -> str:
    """ "Baloch Liberation Army" -> "BLA", "National Intelligence and Security
    Agency" -> "NISA": the capitals of its words, small words left out."""
    return "".join(w[0] for w in name.split() if w[:1].isupper())


def merge_abbreviations(run: LinkState) -> None:
    """An organisation's abbreviation the knowledge base does not hold ("the
    Baloch Liberation Army, or BLA", "... (BLA)") is the organisation named
    in full in the article, not a second one: its mentions move to it."""
    full: dict[str, str] = {}
    for eid, ent in run.entities.items():
        if ent.type == "ORG" and len(ent.name.split()) >= 2 and len(initials(ent.name)) >= 2:
            full.setdefault(initials(ent.name), eid)
    moved: dict[str, str] = {}
    for eid, ent in run.entities.items():
        name = ent.name
        if not (2 <= len(name) <= 6 and name.isalpha() and name.isupper()) \
                or run.c.actor(eid) is not None or full.get(name) in (None, eid):
            continue
        moved[eid] = full[name]
    for eid, target in moved.items():
        ent, into = run.entities.pop(eid), run.entities[target]
        into.mentions.extend(ent.mentions)
        into.aliases.extend(a for a in ent.aliases if a not in into.aliases)
        run.mentions = [Mention(m.start, m.end, target, m.via) if m.entity_id == eid else m
                        for m in run.mentions]
    if moved:
        run.forget_positions()


def surname_only(run: LinkState, cand: _Cand) -> bool:
    if cand.size != 1 and not (cand.size == 2 and run.doc[cand.start].lower_ in
                               run.c.honorifics):
        return False
    if cand.kind == "ner":
        return cand.label in ("PERSON", "ORG", "GPE") and run.doc[cand.end - 1].is_title
    return any(run.kb.actors[a].type == "PERSON" for a in cand.ids)


def link_kb(run: LinkState, cand: _Cand) -> None:
    if len(cand.ids) != 1:
        return   # ambiguous alias: unlinked rather than wrong
    aid, how = next(iter(cand.ids.items()))
    actor = run.kb.actors[aid]
    if actor.acts_for and not locative(run, cand.start):
        run.add(cand.start, cand.end, actor.acts_for, "metonym")
    else:
        run.add(cand.start, cand.end, aid, "metonym" if how == "metonym" else
                 "name" if how == "name" else "alias")


def locative(run: LinkState, start: int) -> bool:
    doc = run.doc
    i = start - 1
    while i >= 0 and (doc[i].lower_ == "the" or doc[i].text in _demonyms(run)
                      or (doc[i].text == "," and i > 0 and doc[i - 1].lower_ in
                          run.c.locative)):
        i -= 1
    if i >= 0 and doc[i].lower_ == "to" and doc[i].head.lemma_ in run.c.motion_words:
        return True
    if i >= 0 and doc[i].lower_ == "of" and i > 0 and doc[i - 1].lower_ in run.c.locative:
        return True
    tok = doc[start]
    if tok.dep_ in ("dobj", "nsubjpass") and tok.head.lemma_ in run.c.place_verbs:
        return True
    if tok.dep_ == "compound" and tok.head.i > tok.i and tok.head.pos_ == "PROPN":
        return True   # "the Berlin Carnegie Center": part of another name
    return i >= 0 and doc[i].lower_ in run.c.locative


def _demonyms(run: LinkState) -> set[str]:
    return run.c.demonyms


def link_ner(run: LinkState, cand: _Cand) -> None:
    span = run.doc[cand.start:cand.end]
    text = strip_honorifics(run, span.text)
    if not any(c.isupper() for c in text) or (len(text) <= 2 and text.isupper()):
        return
    if cand.label in ("ORG", "GPE", "LOC") and (any(
            t.lower_ in run.c.role_sectors for t in run.premodifiers(span))
            or described_as_person(run, cand.start, cand.end)):
        cand.label = "PERSON"
    found = resolve(run, text, cand.label)
    if found:
        run.add(cand.start, cand.end, found[0], found[1])
    elif cand.label != "NORP":
        run.add_unknown(cand, text)


def described_as_person(run: LinkState, start: int, end: int) -> bool:
    """Whether a name the tagger took for an organisation or a place is a
    person's, by what the sentence says of it right after: a relative "who"
    ("Chalida Tajaroensuk, who heads ...") or a role in apposition ("Beverly
    Ochieng, a senior analyst at ..."). Only a name of two or more capitalised
    words, none an organisation's word ("Control Risks, a consultancy" stays)."""
    doc = run.doc
    words = doc[start:end]
    if len(words) < 2 or not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in words) or any(
            fold(t.lower_) in run.c.org_heads or fold(t.lower_) in run.c.org_nouns for t in words):
        return False
    if end + 2 >= len(doc) or doc[end].text != ",":
        return False
    if doc[end + 1].lower_ == "who":
        return True
    if doc[end + 1].lower_ not in ("a", "an"):
        return False
    for t in doc[end + 2:end + 6]:
        if fold(t.lower_) in run.c.role_sectors or t.lower_ in run.c.description_heads:
            return True
        if t.pos_ not in ("ADJ", "NOUN") or t.lower_ in ("of", "at", "for"):
            return False
    return False


def strip_honorifics(run: LinkState, text: str) -> str:
    words = text.split()
    while len(words) > 1:
        two = fold(" ".join(words[:2]))
        if two in run.c.honorifics and len(words) > 2:
            words = words[2:]
        elif fold(words[0]) in run.c.honorifics:
            words = words[1:]
        else:
            break
    return " ".join(words)


def resolve(run: LinkState, text: str, label: str) -> tuple[str, str] | None:
    key = norm_key(text)
    hit = run.kb.index.get(key)
    if hit:
        return (next(iter(hit)), "alias") if len(hit) == 1 else None
    words = key.split()
    if label == "PERSON" and len(words) > 1:
        plain = [w for w in words if len(w) > 1]
        if len(plain) >= 2:
            hit = run.kb.index.get(f"{plain[0]} {plain[-1]}")
            if hit and len(hit) == 1:
                return next(iter(hit)), "alias"
        return by_surname(run, words[0], words[-1])
    found = fuzzy(run, key, label)
    if not found and len(words) == 2 and label in ("ORG", "GPE", "NORP") \
            and text.istitle():
        # NER often takes a foreign person's name for a place or a body.
        found = by_surname(run, words[0], words[-1])
    return found


def by_surname(run: LinkState, first: str, last: str) -> tuple[str, str] | None:
    ids = run.kb.surnames.get(last)
    via = "alias"
    if not ids and len(last) >= 4:
        best = process.extractOne(last, run.c._surname_keys, scorer=fuzz.ratio,
                                  score_cutoff=run.c.surname_cutoff)
        ids, via = (run.kb.surnames[best[0]], "fuzzy") if best else (None, via)
    fits = [a for a in ids or () if first[:1] in run.c._person_surnames.get(a, set())]
    return (fits[0], via) if len(fits) == 1 else None


def fuzzy(run: LinkState, key: str, label: str) -> tuple[str, str] | None:
    if len(key) < 5:
        return None
    pool = run.kb.fuzzy.get(key[0], [])
    cutoff = run.c.fuzzy_cutoff + (4 if len(key) < 8 else 0)
    best = process.extractOne(key, pool, scorer=fuzz.ratio, score_cutoff=cutoff)
    if not best:
        return None
    ids = run.kb.index[best[0]]
    if len(ids) != 1 or _content_words(key) != _content_words(best[0]):
        return None
    aid = next(iter(ids))
    actor = run.kb.actors[aid]
    fits = {"PERSON": {"PERSON"}, "ORG": {"ORG", "GPE"}, "GPE": {"GPE", "LOC"},
            "LOC": {"GPE", "LOC"}, "NORP": {"GPE", "NORP"}}.get(label, {actor.type})
    return (aid, "fuzzy") if actor.type in fits else None


def link_surname(run: LinkState, cand: _Cand) -> None:
    span = run.doc[cand.start:cand.end]
    key = norm_key(strip_honorifics(run, span.text))
    local = {eid for eid, ent in run.entities.items() if ent.type == "PERSON"
             and key in surnames_of(run, eid)}
    if not local and cand.kind == "ner" and cand.label == "ORG":
        # "the Times" after "The New York Times"
        local = {eid for eid, ent in run.entities.items() if ent.type == "ORG"
                 and key in surnames_of(run, eid)}
    if not local and cand.label in ("PERSON", ""):
        # Family name first ("Fu" after "Fu Cong", "Kim" after "Kim Yo Jong"):
        # any word of exactly one full name of a person named earlier.
        local = {eid for eid, ent in run.entities.items() if ent.type == "PERSON"
                 and key in name_words(run, eid, span.start_char)}
    side = comparative(run, cand.start) if local else None
    if side is not None:  # "the younger Lai": a relative, named as such, or no one
        run.add(cand.start, cand.end, relative(run, local, side), "surname")
        return
    if len(local) > 1:
        first = first_introduced(run, local, span.start_char)
        local = {first} if first else set()
        if not local:
            return
    if len(local) == 1:
        run.add(cand.start, cand.end, local.pop(), "surname")
        return
    if cand.kind == "ner" and cand.label != "PERSON":
        link_ner(run, cand)
        return
    ids = run.kb.index.get(key) or {}
    persons = [a for a in ids if run.kb.actors[a].type == "PERSON"]
    if len(persons) == 1:
        run.add(cand.start, cand.end, persons[0], "alias")
    elif not persons and cand.kind == "ner":
        best = None if len(key) < 6 else process.extractOne(
            key, run.c._surname_keys, scorer=fuzz.ratio, score_cutoff=92)
        hits = run.kb.index.get(best[0], {}) if best else {}
        if best and len(hits) == 1:
            run.add(cand.start, cand.end, next(iter(hits)), "fuzzy")
        else:
            run.add_unknown(cand, strip_honorifics(run, span.text))


def first_introduced(run: LinkState, ids: set[str], at: int) -> str | None:
    """Of several people sharing a surname, the one the article named first,
    in a sentence of their own ("Sali Berisha ... his wife, Liri Berisha ...
    Berisha said"): news names its protagonist first and namesakes in full.
    None when two were introduced together ("Sergei Markov ... and Pavel
    Markov"), or a namesake was named in full in the sentence, or as the
    subject of the one before (then the bare surname may be theirs)."""
    doc = run.doc

    def sent(char: int) -> int:
        tok = doc.char_span(char, char + 1, alignment_mode="expand")
        return _sentence_index(doc, tok.start) if tok is not None else -1

    def subject(char: int) -> bool:
        span = doc.char_span(char, char + 1, alignment_mode="expand")
        return span is not None and span.root.head.dep_ in ("nsubj", "nsubjpass") \
            or span is not None and span.root.dep_ in ("nsubj", "nsubjpass")

    starts = {eid: [s for s, _ in run.entities[eid].mentions if s < at] for eid in ids}
    if not all(starts.values()):
        return None
    first, *rest = sorted(ids, key=lambda eid: min(starts[eid]))
    here, intro = sent(at), sent(min(starts[first]))
    for eid in rest:
        if sent(min(starts[eid])) == intro or any(
                sent(s) == here or sent(s) == here - 1 and subject(s) for s in starts[eid]):
            return None
    return first


def surnames_of(run: LinkState, eid: str) -> set[str]:
    key = (eid, len(run.entities[eid].aliases))
    if key not in run._surnames:
        run._surnames[key] = _surnames_of(run, eid)
    return run._surnames[key]


def name_words(run: LinkState, eid: str, before: int) -> set[str]:
    """Every word of the person's full names written before char `before`."""
    text = run.text
    return {w for s, e in run.entities[eid].mentions if s < before
            and len(norm_key(text[s:e]).split()) > 1
            for w in norm_key(text[s:e]).split() if len(w) > 1}


def _surnames_of(run: LinkState, eid: str) -> set[str]:
    actor = run.c.actor(eid)
    forms = [actor.name, *actor.aliases] if actor else []
    forms += run.entities[eid].aliases
    return {norm_key(f).split()[-1] for f in forms if len(norm_key(f).split()) > 1}
