"""accord_events: PLOVER events from a lexicon of verbal and nominal triggers.

The lexicon (`accord/data/events.yaml`) maps lemmas to types and modes; this
module reads spaCy's dependency parse around each trigger to find who did it
(subject, passive agent, possessive, "between X and Y", the subject of a light
verb), to whom (object, "with X", "on X"), where, when (the nearest date
expression of `accord_dates`), and whether it is negated, hypothetical or
future. Compound actors ("Kyiv, NATO and the Pentagon dismissed it") give one
event per actor.

This module holds the component: which tokens trigger, which triggers are
suppressed, reported accusations and demands. Its parts live beside it:
`event_lexicon` (the lexicon and its rules), `event_syntax` (syntactic
helpers), `event_refs` (actor references), `event_roles` (actors and
recipients of a trigger), `event_modality` (modality, date, location). The
helpers shared with accord_proposals are re-exported here.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from accord.kb import KB
from accord.model import Event
from accord.outlets import is_outlet
from accord.pipeline.common.knowledge import ACTORS_LOADER, Known
from accord.pipeline.common.refs import (
    quoted_by,
    ref_for,
    refs_for,
)
from accord.pipeline.common.syntax import (
    SUBJ,
    ancestors_in_sentence,
    clause_span,
    has_condition,
    in_condition,
    lemma,
    name_tokens,
    subject_of,
)
from accord.pipeline.common.tokens import Tokens, doc_text, sentences, token_at, tokens
from accord.pipeline.events.lexicon import EventWords, Lexicon, Rule, described, fits
from accord.pipeline.events.modality import _event
from accord.pipeline.events.parties import _author
from accord.pipeline.events.roles import _nominal, _verbal

__all__ = ["EventExtractor", "make_events"]


@Language.factory("accord_events", assigns=["doc._.events"],
                  requires=["doc._.entities", "doc._.mentions", "doc._.dates", "doc._.quotes",
                            "token.dep", "token.lemma", "doc.sents"],
                  default_config={"kb": {"@misc": ACTORS_LOADER, "extra": None},
                                  "lexicon": {"@misc": "accord.event_lexicon.v1", "path": None}})
def make_events(nlp: Language, name: str, kb: KB, lexicon: Lexicon) -> EventExtractor:
    return EventExtractor(nlp, name, kb=kb, lexicon=lexicon)


class EventExtractor:
    """The accord_events component: per sentence, the lexicon's triggers, their
    actors and recipients (`roles`), modality, date and place (`modality`)."""

    def __init__(self, nlp: Language, name: str, *, kb: KB, lexicon: Lexicon) -> None:
        self.name = name
        self.words = EventWords(lexicon, Known.of(kb))

    def __call__(self, doc: Doc) -> Doc:
        events: list[Event] = []
        told: set[tuple[Any, ...]] = set()  # noun events already told in this document
        for sent in sentences(doc):
            if len(sent) <= self.words.max_tokens:  # a run-on "sentence" is no prose to parse
                events.extend(_sentence(self.words, doc, sent, told))
        doc._.events = [ev for ev in events if not press_act(self.words, doc, ev)]
        return doc


def press_act(w: EventWords, doc: Doc, ev: Event) -> bool:
    """A journalistic act, no event (GUIDELINES 2.3): done by or to a news
    outlet ("told VOA", "asked by Reuters", "spoke with VOA"), or about the
    press's own business ("requesting comment", "declined to comment")."""
    press = ev.type in w.press_types  # a meeting or request may be the press's
    if press and any(r is not None and is_outlet(r.name) for r in (ev.actor, ev.recipient)):
        return True
    tok = token_at(doc, ev.trigger_start)
    if tok is None:
        return False
    if lemma(tok) in w.word_set("press_nouns"):
        return True
    for c in tok.children:
        if c.dep_ in ("dobj", "xcomp", "attr") and lemma(c) in w.word_set("press_nouns"):
            return True
        if press and c.dep_ in ("dobj", "dative") and is_outlet(_name_at(doc, c)):
            return True
        if c.dep_ in ("prep", "agent") and any(
                g.dep_ == "pobj" and (press and lemma(g) in w.word_set("press_nouns")
                                      or press and is_outlet(_name_at(doc, g)))
                for g in c.children):
            return True  # "asked by VOA", "spoke with VOA", "a request for comment"
    return False


def _name_at(doc: Doc, tok: Token) -> str:
    """The name `tok` heads ("Associated Press"), with its compound parts;
    "" for a common noun ("for the first time")."""
    if tok.pos_ != "PROPN":
        return ""
    parts = sorted(name_tokens(tok), key=lambda t: t.i)
    return doc_text(doc)[parts[0].idx:parts[-1].idx + len(parts[-1].text)]


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


def _retold(seen: set[tuple[Any, ...]], doc: Doc, ev: Event, nominal: bool) -> bool:
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
    told = key in seen or (ev.recipient is None and who in seen)
    if ev.actor is not None and told and not (ev.date or ev.date_text):
        return True
    seen.update((who, key))
    return False


def mere_reference(w: EventWords, tok: Token, ev: Event) -> bool:
    """A mere reference to an act told before, no telling of it (GUIDELINES
    2.1 rule 5): a definite noun with no one doing it, no date of its own and
    no verb of its own ("after the attack", "Tuesday's attack was the
    deadliest"); "The attack killed 25", "the exchange was carried out" (a
    verb tells it) stay."""
    told = tok.dep_ in ("nsubj", "nsubjpass") and tok.head.pos_ == "VERB" \
        or tok.dep_ == "dobj" and lemma(tok.head) in w.light
    if ev.actor is not None or ev.recipient is not None or tok.pos_ != "NOUN" \
            or tok.dep_ == "ROOT" or told:
        return False
    definite = False
    for c in tok.children:
        if c.dep_ == "det" and c.lower_ in w.word_set("definite_determiners"):
            definite = True
        elif c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME"):
            definite = True  # "Tuesday's attack": the one the story is about
        elif c.dep_ == "prep" and any(g.ent_type_ in ("DATE", "TIME") for g in c.children):
            return False  # "the attack on Tuesday" dates it: told here
    return definite


def rule_at(w: EventWords, doc: Doc, i: int, tt: Tokens) -> Rule | None:
    """The lexicon rule token i triggers, if any (Token made only on a hit)."""
    pos = tt.pos[i]
    if pos in ("VERB", "AUX") or tt.tag[i].startswith("VB"):
        table = w.lex.verbs
    elif pos == "ADJ":
        table = w.lex.adjectives
    elif pos in ("NOUN", "PROPN"):
        table = w.lex.nouns
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


def _sentence(w: EventWords, doc: Doc, sent: Span,
              told: set[tuple[Any, ...]]) -> list[Event]:
    found: dict[int, Rule] = {}
    accusations = _reported(w, doc, sent)
    tt = tokens(doc)
    for i in range(sent.start, sent.end):
        rule = rule_at(w, doc, i, tt)
        if rule is not None and i not in accusations:
            found[i] = rule
    out: list[Event] = list(accusations.values())
    seen: set[tuple[Any, ...]] = set()
    for i, rule in found.items():
        tok = doc[i]
        if _suppressed(w, tok, found):
            continue
        nominal = tok.pos_ in ("NOUN", "PROPN")
        made = _nominal(w, doc, tok, rule) if nominal else _verbal(w, doc, tok, rule)
        for ev in made:
            if _retold(told, doc, ev, nominal) or nominal and mere_reference(w, tok, ev):
                continue
            key = (ev.type, ev.actor and (ev.actor.id or ev.actor.name),
                   ev.recipient and (ev.recipient.id or ev.recipient.name), ev.negated)
            if key not in seen:
                seen.add(key)
                out.append(ev)
        out.extend(_requests(w, doc, tok, rule, made))
    out.extend(_demands(w, doc, sent, found))
    return _one_per_actor(out)


def _reported(w: EventWords, doc: Doc, sent: Span) -> dict[int, Event]:
    """ "X said the attackers collaborated with partners abroad", "said Kabul
    was failing to rein in militants": a reported clause that attributes
    wrongdoing to a third party is an accusation by the sayer."""
    out: dict[int, Event] = {}
    tt = tokens(doc)
    wrongs = w.word_set("wrongdoing")
    wrong = {i for i in range(sent.start, sent.end) if tt.lemma[i] in wrongs}
    # a wrong word, or the head of one ("is the aggressor", "was responsible")
    heads = {doc[i].head.i for i in wrong if tt.dep[i] in ("attr", "acomp")}
    for i in sorted(wrong | heads):
        tok = doc[i]
        say = None
        t = tok
        for _ in range(3):  # the clause, maybe under "that ... and", up to the say verb
            if t.dep_ == "ccomp" and lemma(t.head) in w.say_verbs:
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
                              or accused.lower_ in w.known.first_person):
            continue
        agent = [g for c in tok.children if c.dep_ == "agent"
                 for g in c.children if g.dep_ == "pobj"]
        target = ref_for(w.known, doc, agent[0]) if agent else (
            ref_for(w.known, doc, accused) if accused is not None else None)
        if target is None and accused is not None:
            target = described(w, doc, accused)
        if sayer is None or say is None:  # "Putin is the aggressor," inside a quote
            start, end = clause_span(tok)
            out.setdefault(tok.i, _event(w, doc, tok, Rule("ACCUSE"), quoted, target,
                                              start, end, t, modal=False))
            continue
        start, end = clause_span(say)
        if say.dep_ == "ROOT" and sayer.i < say.i:
            start = min(start, sayer.left_edge.idx)
        sayers = refs_for(w.known, doc, sayer)
        if sayers == [None]:  # "reports confirmed ...", said inside a quotation
            sayers = _author(w, doc, sayer) or [quoted_by(doc, say)
                                                  or described(w, doc, sayer)]
        for a in sayers:
            out.setdefault(tok.i, _event(w, doc, tok, Rule("ACCUSE"), a, target,
                                              start, end, say, modal=False))
    return out


def _suppressed(w: EventWords, tok: Token, found: dict[int, Rule]) -> bool:
    """A trigger that is the content of another (a speech act, a blocker), a
    condition ("if Ukraine agrees"), a demand ("Ukraine must withdraw": the
    REQUEST covers it) or a free relative ("what he demanded")."""
    if in_condition(tok, w.marks) is not None:
        return True
    if any(c.lower_ in ("what", "whatever") and c.dep_ in ("dobj", "pobj", "nsubjpass")
           for c in [*tok.children, *(g for c in tok.children if c.dep_ == "prep"
                                        for g in c.children)]):
        return True
    if tok.dep_ == "acl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True  # "the incentive to agree", "an offer to negotiate": not done
    if tok.pos_ in ("VERB", "AUX") and any(c.dep_ == "mark" and c.lower_ == "for"
                                           for c in tok.children) \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        return True  # "hard for Russia to accept it": a prospect, not an act
    if tok.dep_ in ("advcl", "xcomp") and tok.i in found \
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children):
        h = tok.head  # "called a meeting to discuss Iran": the meeting's purpose
        if any(x.i in found and found[x.i].type == found[tok.i].type for x in
               [h, *(c for c in h.children if c.dep_ in ("dobj", "attr", "nsubjpass"))]):
            return True
    child, modals = tok, w.word_set("demand_modals")
    blockers, irrealis = w.word_set("blockers"), w.word_set("irrealis_heads")
    for anc in [tok, *ancestors_in_sentence(tok)]:
        if any(c.dep_ == "aux" and c.lower_ in modals for c in anc.children):
            return True
        if anc.dep_ == "xcomp" and lemma(anc.head) in w.word_set("obligation_heads"):
            return True  # "it has to mobilize resources": an obligation, not an event
        if anc.i == tok.i:
            continue
        if child.dep_ == "advcl" and lemma(anc) in irrealis and tok.pos_ == "VERB" \
                and any(c.dep_ == "aux" and c.lower_ == "to" for c in child.children):
            return True  # "is looking to Biden to veto the bill"
        if child.dep_ in ("relcl", "acl", "advcl"):
            break  # a clause of its own: "advisors calling the offer a sham"
        sibling = child.dep_ == "conj"  # "new threats, new sanctions": siblings
        child = anc
        if sibling:
            continue
        if anc.i in found and found[anc.i].type in w.content_types:
            return True
        if lemma(anc) in blockers or anc.lower_ in blockers:
            return True
        if (lemma(anc) in irrealis or anc.lower_ in irrealis) and (
                tok.pos_ == "VERB" or (tok.dep_ == "dobj" and lemma(tok.head) in w.light)):
            return True
        if anc.dep_ in ("relcl", "ROOT") or (anc.dep_ == "ccomp" and tok.pos_ == "VERB"):
            break
    return False


def _requests(w: EventWords, doc: Doc, tok: Token, rule: Rule, made: list[Event]) -> list[Event]:
    """An offer made on conditions also puts those conditions to the other side."""
    if rule.type != "AGREE" or not made or in_condition(tok, w.marks) is not None:
        return []
    conds = has_condition(tok, w.marks)
    if not conds:
        return []
    recipient = None
    subj = subject_of(conds[0])
    if subj is not None:
        recipient = ref_for(w.known, doc, subj)
    ev = made[0]
    return [Event("REQUEST", ev.start, ev.end, actor=ev.actor, recipient=recipient,
                  date=ev.date, date_text=ev.date_text, trigger=doc[conds[0].i].text,
                  trigger_start=conds[0].idx, trigger_end=conds[0].idx + len(conds[0]))]


def _demands(w: EventWords, doc: Doc, sent: Span, found: dict[int, Rule]) -> list[Event]:
    """ "he says Ukraine must withdraw" : a REQUEST by the sayer to the subject."""
    out = []
    tt, modals = tokens(doc), w.word_set("demand_modals")
    for i in range(sent.start, sent.end):
        if tt.lower[i] not in modals or tt.dep[i] != "aux":
            continue
        verb = doc[i].head
        if verb.dep_ not in ("ccomp",) or lemma(verb.head) not in w.say_verbs:
            continue
        sayer = subject_of(verb.head)
        subj = next((c for c in verb.children if c.dep_ in SUBJ), None)
        actor = ref_for(w.known, doc, sayer) if sayer is not None else None
        recipient = ref_for(w.known, doc, subj) if subj is not None else None
        start, end = clause_span(verb.head)
        out.append(_event(w, doc, verb, Rule("REQUEST"), actor, recipient,
                               start, end, verb, modal=False))
    return out
