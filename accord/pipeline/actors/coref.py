"""accord_actors, step 3: what refers back to a named actor: named events,
descriptions ("the Hamas political bureau spokesman") and pronouns."""

from __future__ import annotations

from typing import Any

from spacy.tokens import Span, Token

from accord.kb import fold
from accord.model import Mention
from accord.pipeline.actors.described import conflicts, continued_subject, qualifiers
from accord.pipeline.actors.state import LinkState, _apposition, _Cand, _is_subject, _sentence_index
from accord.pipeline.common.tokens import tokens

_SUBJECT_PRONOUNS = {"he", "she"}


def scan(run: LinkState) -> None:
    """One pass over the tokens: where pronouns, description and event heads are."""
    c = run.c
    run.at_pronoun, run.at_description, run.at_event = [], [], []
    run.at_org_description = []
    doc, tt = run.doc, tokens(run.doc)
    for i, low in enumerate(tt.lower):
        if low in c.pronouns:
            run.at_pronoun.append(doc[i])
        elif low in c.description_heads:
            run.at_description.append(doc[i])
        elif tt.pos[i] == "NOUN" and tt.lemma[i] in c.event_heads:
            run.at_event.append(doc[i])
        elif tt.pos[i] == "NOUN" and (low in c.org_heads_described or low in c.country_heads):
            run.at_org_description.append(doc[i])


def events(run: LinkState) -> None:
    for tok in run.at_event:
        lemma = tok.lemma_.lower()
        if run.taken[tok.i]:
            continue
        mods = [c for c in tok.lefts if c.dep_ in ("compound", "amod", "nmod")]
        if not any(m.pos_ == "PROPN" and m.ent_type_ not in ("DATE", "TIME", "PERSON")
                   for m in mods):
            continue
        start = min(m.left_edge.i for m in mods)
        while run.doc[start].pos_ in ("DET", "PUNCT"):
            start += 1
        label = "LAW" if lemma in run.c.law_heads and lemma not in ("talks",) else "EVENT"
        cand = _Cand(start, tok.i + 1, "event", label=label)
        run.add_unknown(cand, run.doc[start:tok.i + 1].text)
        for i in range(start, tok.i + 1):
            run.taken[i] = True


def descriptions(run: LinkState) -> None:
    doc = run.doc
    for tok in run.at_description:
        if tok.i == 0:
            continue
        start = tok.i
        while start > 0 and doc[start - 1].pos_ in ("ADJ", "PROPN", "NOUN") \
                and doc[start - 1].lower_ != "the":
            start -= 1
        if start == 0 or doc[start - 1].lower_ != "the" or run.names_follow(tok.i + 1):
            continue
        if run.taken[tok.i] or any(run.taken[i] and not _demonym_at(run, i)
                                    and not _affiliation_at(run, i)
                                    for i in range(start, tok.i)):
            continue
        country = next((run.kb.actors[a].country for t in doc[start:tok.i]
                        for a in run.kb.lookup(t.text)
                        if run.kb.actors[a].kind == "country"), None)
        mods = {t.lower_ for t in doc[start:tok.i] if t.pos_ in ("PROPN", "NOUN")
                and not _demonym_at(run, t.i)}
        target = described(run, tok, country, mods, qualifiers(run, start, tok)) \
            or continued_subject(run, tok, country)
        if target:
            # A demonym inside is the description's; an organisation named
            # inside ("the Hamas political bureau spokesman") stays its own.
            dem = {doc[i].idx for i in range(start, tok.i) if _demonym_at(run, i)}
            run.mentions = [m for m in run.mentions if m.start not in dem]
            for ent in run.entities.values():
                ent.mentions = [s for s in ent.mentions if s[0] not in dem]
            run.add(start - 1, tok.i + 1, target, "description")


def org_descriptions(run: LinkState) -> None:
    """ "the agency", "the aid group", "the Southeast Asian nation": the
    organisation or country named before that the description stands for,
    when one clearly is (see `org_description_heads` in actor_language.yaml)."""
    doc = run.doc
    for tok in run.at_org_description:
        start = tok.i
        while start > 0 and doc[start - 1].pos_ in ("ADJ", "PROPN", "NOUN") \
                and doc[start - 1].lower_ != "the":
            start -= 1
        if start == 0 or doc[start - 1].lower_ != "the" or run.taken[tok.i] \
                or run.names_follow(tok.i + 1) or _named_next(run, tok.i + 1) \
                or tok.dep_ == "compound" \
                or any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue  # "the group of seven", "the Arab League" (a name), "the court case"
        if any(run.taken[i] and not _demonym_at(run, i) and _named_at(run, i)
               for i in range(start, tok.i)):
            continue  # "the Hamas movement": the name is the mention
        if tok.lower_ in run.c.country_heads:
            target = _described_country(run, tok, start)
        else:
            target = _described_org(run, tok)
        if target:
            run.add(start - 1, tok.i + 1, target, "description")


def _named_next(run: LinkState, i: int) -> bool:
    """A name right after the description is what it describes ("the group al-Shabab")."""
    return i < len(run.doc) and run.entity_at(i) is not None and run.doc[i].pos_ == "PROPN"


def _named_at(run: LinkState, i: int) -> bool:
    """A token of a person's or organisation's name (not a region: "Southeast Asian")."""
    eid = run.entity_at(i)
    return eid is not None and run.entities[eid].type in ("ORG", "PERSON")


def _recent(run: LinkState, tok: Token) -> list[tuple[Mention, Span]]:
    """Named mentions before `tok` in the last sentences, nearest first."""
    limit = _sentence_index(run.doc, tok.i) - run.c.description_sentences
    out = []
    for m in sorted(run.mentions, key=lambda m: -m.start):
        if m.start >= tok.idx or m.via in ("pronoun", "description"):
            continue
        span = run.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is None or _sentence_index(run.doc, span.start) < limit:
            continue
        out.append((m, span))
    return out


def _described_org(run: LinkState, tok: Token) -> str | None:
    word = tok.lower_
    sectors = run.c.org_heads_described.get(word, set())
    seen: list[str] = []
    for m, span in _recent(run, tok):
        ent = run.entities[m.entity_id]
        if ent.type == "PERSON" and run.c.actor(ent.id) is None and word in _descriptor(run, span):
            return ent.id  # an organisation the tagger took for a person, described as one
        if ent.type != "ORG":
            continue
        if word in ent.name.lower().split() or any(word in a.lower().split()
                                                   for a in ent.aliases):
            return ent.id
        if word in _descriptor(run, span):
            return ent.id  # "the militant group al-Shabab ... the group"
        if (not sectors or ent.sector in sectors) and ent.id not in seen:
            seen.append(ent.id)
    return seen[0] if len(seen) == 1 else None


def _descriptor(run: LinkState, span: Span) -> set[str]:
    """The common nouns the article puts right before a name or in apposition
    to it ("the Islamist militant group al-Shabab", "BLA, a separatist
    outfit"), lower case."""
    doc = run.doc
    i = span.start
    while i > 0 and doc[i - 1].pos_ in ("NOUN", "ADJ", "PROPN") and not run.taken[i - 1]:
        i -= 1
    words = {t.lower_ for t in doc[i:span.start] if t.pos_ == "NOUN"}
    return words | {t.lower_ for t in _apposition(span) if t.pos_ == "NOUN"}


def _described_country(run: LinkState, tok: Token, start: int) -> str | None:
    doc = run.doc
    own = {a for t in doc[start:tok.i] for a, how in run.kb.lookup(t.text).items()
           if how == "demonym"}
    countries = []
    for m, span in _recent(run, tok):
        ent = run.entities[m.entity_id]
        actor = run.c.actor(ent.id)
        if ent.type != "GPE" or (actor is not None and actor.kind not in ("country", "")):
            continue
        if own and ent.id not in own:
            continue
        root = span.root
        subject = _is_subject(span) or (root.dep_ == "conj" and _is_subject(root.head))
        countries.append((ent.id, subject, _sentence_index(doc, span.start)))
    if own:
        return countries[0][0] if countries else None
    subjects = [(eid, sent) for eid, subj, sent in countries if subj]
    if subjects:  # the subjects of the nearest sentence that has one: one, or unclear
        nearest = {eid for eid, sent in subjects if sent == subjects[0][1]}
        return nearest.pop() if len(nearest) == 1 else None
    return countries[0][0] if len({eid for eid, _, _ in countries}) == 1 else None


def _affiliation_at(run: LinkState, i: int) -> bool:
    """A token of an organisation's or country's name (a modifier of a role)."""
    eid = run.entity_at(i)
    return eid is not None and run.entities[eid].type in ("ORG", "GPE", "NORP")


def _demonym_at(run: LinkState, i: int) -> bool:
    return any(h == "demonym" for h in run.kb.lookup(run.doc[i].text).values())


def described(run: LinkState, head: Token, country: str | None,
              mods: set[str] | None = None, quals: set[str] | None = None) -> str | None:
    """The person a description stands for: the nearest one named in the last
    sentences whose role holds its head word ("the spokesman"), whose sector
    fits it ("the political expert"), or whose role in this article holds its
    modifiers ("the Treasury chief" for "Treasury Secretary John Smithers",
    "the military spokesperson" for "director general of military public
    relations"); never one the article gave the head word with other
    qualifiers ("Afghan foreign ministry spokesperson")."""
    quals = quals or set()
    word = head.lower_
    sent_start = head.sent.start
    limit = max(0, _sentence_index(run.doc, sent_start) - run.c.description_sentences)
    for m in sorted(run.mentions, key=lambda m: -m.start):
        span = run.doc.char_span(m.start, m.end, alignment_mode="expand")
        if m.start >= head.idx or span is None or \
                _sentence_index(run.doc, span.start) < limit:
            continue
        ent = run.entities[m.entity_id]
        if ent.type != "PERSON" or (country and ent.country != country):
            continue
        roles = run.kb.held_roles.get(ent.id, set()) | {str(ent.extra.get("role", ""))}
        own = article_roles(run, ent.id)
        if word in own and conflicts(quals, own):
            continue
        if any(word in r for r in roles) or word in own or (mods and mods <= own) \
                or (quals and quals <= own):
            return ent.id
        sector = run.c.role_sectors.get(word, "")
        if sector and sector != "GOV" and ent.sector == sector:
            return ent.id
        if word == "official" and country and ent.sector == "GOV":
            return ent.id
    return None


def article_roles(run: LinkState, eid: str) -> set[str]:
    """The roles the article gives a person by name ("Osama Hamdan, the Hamas
    spokesman", "Hamas spokesman Osama Hamdan"), lower case."""
    if run.roles is None:
        run.roles = {}
        for m in run.mentions:
            if m.via not in ("name", "alias", "ner", "fuzzy") or \
                    run.entities[m.entity_id].type != "PERSON":
                continue
            span = run.doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is not None:
                toks = _apposition(span) or run.premodifiers(span) or _title_words(run, span)
                run.roles.setdefault(m.entity_id, set()).update(t.lower_ for t in toks)
    return run.roles.get(eid, set())


def _title_words(run: LinkState, span: Span) -> list[Token]:
    """A capitalised title right before a name ("Treasury Secretary John
    Smithers"), which the tagger reads as part of a proper name."""
    doc = run.doc
    i = span.start
    while i > 0 and doc[i - 1].pos_ in ("PROPN", "NOUN", "ADJ") \
            and doc[i - 1].ent_type_ != "PERSON":
        i -= 1
    toks = list(doc[i:span.start])
    return toks if toks and fold(toks[-1].lower_) in run.c.honorifics else []


def pronouns(run: LinkState) -> None:
    named = []
    for m in sorted((m for m in run.mentions if m.via != "pronoun"), key=lambda m: m.start):
        span = run.doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None:
            named.append((m, span, _sentence_index(run.doc, span.start)))
    for tok in run.at_pronoun:
        info = run.c.pronouns.get(tok.lower_)
        if not info or (info.get("kind") == "group" and
                        tok.lower_ not in run.c.group_pronouns):
            continue
        target = antecedent(run, tok, info, named)
        if target:
            run.add(tok.i, tok.i + 1, target, "pronoun")


def antecedent(run: LinkState, tok: Token, info: dict[str, Any],
               named: list[tuple[Mention, Span, int]]) -> str | None:
    doc = run.doc
    if (ahead := _cataphor(run, tok, info, named)) is not None:
        return ahead
    sent_i = _sentence_index(doc, tok.i)
    person = info.get("kind") == "person"
    cands = []
    for m, span, m_sent in named:
        if m.start >= tok.idx:
            break
        if sent_i - m_sent > run.c.pronoun_sentences:
            continue
        ent = run.entities[m.entity_id]
        if person and not _person_fits(run, ent.id, span, info):
            continue
        if not person and ent.type not in ("ORG", "GPE", "NORP"):
            continue
        cands.append((span, ent.id))
    if person:
        owner = unnamed_role(run, tok)
        if owner and not any(c[0].start > owner[0] for c in cands):
            return owner[1]
    if not cands:
        return _far_person(run, tok, info, named) if person else None
    if not person and any(t.tag_ in ("NNS", "NNPS") and not run.taken[t.i]
                          for t in doc[cands[-1][0].end:tok.i]):
        return None
    same = [c for c in cands if _sentence_index(doc, c[0].start) == sent_i]
    chained = _chained(run, tok, same)
    if chained is not None:
        return chained or None
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
    if person and _described_subject(run, sent_i - 1):
        return None  # "The Commerce chief rebuffed fears Trump's tariffs ... 'No,' he said"
    return ids.pop() if len(ids) == 1 and not same else None


def _cataphor(run: LinkState, tok: Token, info: dict[str, Any],
              named: list[tuple[Mention, Span, int]]) -> str | None:
    """ "When he congratulated Trump on the inauguration, Putin made clear
    ...": the subject "he" of a clause put before its main clause is the
    person named as that main clause's subject."""
    if tok.lower_ not in _SUBJECT_PRONOUNS or tok.dep_ != "nsubj":
        return None
    clause = tok.head
    opener = clause.left_edge  # "When", "After", "As", "Although"
    if clause.dep_ != "advcl" or clause.i > clause.head.i or opener.head.i != clause.i \
            or opener.dep_ not in ("mark", "advmod") \
            or opener.pos_ != "SCONJ" and opener.tag_ != "WRB":
        return None
    main = clause.head
    subj = next((c for c in main.children if c.dep_ == "nsubj" and c.i > clause.i), None)
    if subj is None:
        return None
    for m, span, _ in named:
        if span.start <= subj.i < span.end and _person_fits(run, m.entity_id, span, info):
            return m.entity_id
    return None


def _person_fits(run: LinkState, eid: str, span: Span, info: dict[str, Any]) -> bool:
    """Whether a person's pronoun can stand for `eid`: a person of the pronoun's
    gender, never a place the tagger took for a person ("relocating to
    Okinawa": a name the knowledge base does not hold, in a place's slot)."""
    ent = run.entities[eid]
    if ent.type != "PERSON" or not gender_fits(run, eid, info):
        return False
    return run.c.actor(eid) is not None or not _place_slot(run, span)


def _place_slot(run: LinkState, span: Span) -> bool:
    """A name as the object of a place's preposition: "in Okinawa", "relocating to Okinawa"."""
    prep = span.root.head
    if span.root.dep_ != "pobj" or prep.pos_ != "ADP":
        return False
    return prep.lower_ in run.c.locative and prep.lower_ not in ("on", "over", "at") or (
        prep.lower_ == "to" and prep.head.lemma_.lower() in run.c.motion_words)


def _far_person(run: LinkState, tok: Token, info: dict[str, Any],
                named: list[tuple[Mention, Span, int]]) -> str | None:
    """A subject "he"/"she" whose last sentences name no one it fits: the one
    person of that gender named as a subject up to `pronoun_reach` sentences
    back ("Kazuhiko Isozaki founded Beru in 2017. The company renovates houses.
    He welcomed ..."), unless someone described but unnamed ("the official")
    is the subject in between, or two people fit: then unresolved."""
    if not _is_subject(tok) or tok.lower_ not in _SUBJECT_PRONOUNS:
        return None
    doc = run.doc
    sent_i = _sentence_index(doc, tok.i)
    fits = [(span, m.entity_id, m_sent) for m, span, m_sent in named
            if m.start < tok.idx and sent_i - m_sent <= run.c.pronoun_reach
            and _person_fits(run, m.entity_id, span, info)]
    if len({eid for _, eid, _ in fits}) != 1 or not any(_is_subject(s) for s, _, _ in fits):
        return None
    last = max(m_sent for _, _, m_sent in fits)
    if any(_described_subject(run, k) for k in range(last + 1, sent_i + 1)):
        return None
    return fits[0][1]


def _described_subject(run: LinkState, sent_i: int) -> bool:
    """Whether the subject of sentence `sent_i` is a person described, not
    named, and not linked ("The Commerce chief", "a top general")."""
    starts: list[int] = run.doc.user_data.get("_accord_sent_starts") or []
    if not 0 <= sent_i < len(starts):
        return False
    root = run.doc[starts[sent_i]].sent.root
    return any(c.dep_ in ("nsubj", "nsubjpass") and c.pos_ == "NOUN" and not run.taken[c.i]
               and (c.lemma_.lower() in run.c.role_sectors
                    or c.lemma_.lower() in run.c.description_heads)
               for c in root.children)


def _chained(run: LinkState, tok: Token, same: list[tuple[Span, str]]) -> str | None:
    """A subject pronoun whose sentence names no subject continues the subject
    pronoun of the sentence before ("He said the tariffs ... . 'We launched a
    drug war,' he said."): that pronoun's referent, or "" (unresolved) when it
    had none; never a name the sentence before mentions in passing ("Trump's
    tariffs"). None when the rule does not apply."""
    if not _is_subject(tok) or any(_is_subject(c[0]) for c in same):
        return None
    doc = run.doc
    sent = tok.sent
    if sent.start == 0:
        return None
    before = doc[sent.start - 1].sent
    subj = next((t for t in before if t.dep_ in ("nsubj", "nsubjpass") and t.head == before.root),
                None)
    if subj is None or subj.pos_ != "PRON" or subj.lower_ != tok.lower_:
        return None
    found = next((m.entity_id for m in run.mentions
                  if m.start == subj.idx and m.via == "pronoun"), None)
    return found or ""


def unnamed_role(run: LinkState, tok: Token) -> tuple[int, str] | None:
    """An unnamed office-holder as the subject earlier in the sentence,
    with the country or body they serve as possessor ("Iran's U.N.
    ambassador ..., but his mission ..."): (token, that actor's id)."""
    for t in reversed(run.doc[tok.sent.start:tok.i]):
        if t.dep_ not in ("nsubj", "nsubjpass") or t.pos_ != "NOUN" or \
                t.lower_ not in run.c.role_sectors and t.lower_ not in run.c.description_heads:
            continue
        if any(c.dep_ in ("appos", "compound") and c.pos_ == "PROPN" and
               c.ent_type_ == "PERSON" for c in t.children):
            return None
        for c in t.children:
            # "Iran's U.N. ambassador", "the Afghan army chief": the body served
            eid = run.entity_at(c.i) if c.dep_ == "poss" or c.dep_ == "compound" \
                and c.i == t.i - 1 else None
            if eid and run.entities[eid].type in ("GPE", "ORG"):
                return t.i, eid
        return None
    return None


def gender_fits(run: LinkState, eid: str, info: dict[str, Any]) -> bool:
    actor = run.c.actor(eid)
    want = info.get("gender")
    return not (actor and actor.gender and want and actor.gender != want)
