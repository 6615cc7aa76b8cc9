"""Who did it and to whom: the actors and recipients of accord_events' triggers.

Verbal and adjectival triggers take their subject (through passives, sayers,
documents and companions "along with X", each described party of a compound
subject, the people a "group of" counts) and object; a clause that accuses
or demands by what it says is its sayer's; a receiving verb's giver is in
its "from" phrase; who dies in an act is acted on. Nominal triggers take
their possessive, compound and prepositional modifiers ("talks between X and
Y", "among X, Y and Z", "a meeting of the Council"), the subject of a light
verb or clause preposition ("held talks"), or who claims responsibility for
them. The parties a clause names only indirectly (sayers, authors, givers,
agents, the state where it happened) are found by `events.parties`. The word
lists live in events.yaml.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from accord.model import Event, Ref
from accord.pipeline.common.dates import is_date
from accord.pipeline.common.mentions import ref_at
from accord.pipeline.common.refs import (
    companions,
    demonym_ref,
    modifier_refs,
    own_behalf,
    quote_speaker,
    quoted_by,
    ref_for,
    refs_for,
)
from accord.pipeline.common.syntax import (
    clause_span,
    coordinated,
    lemma,
    name_tokens,
    span_of,
    subject_of,
    subject_verb,
)
from accord.pipeline.events.lexicon import EventWords, Rule, described, is_inert
from accord.pipeline.events.modality import _event
from accord.pipeline.events.parties import (
    _agent_of,
    _author,
    _claimer,
    _counted,
    _demonstrative,
    _forecast,
    _gerund_controller,
    _givers,
    _located_state,
    _mention_only,
    _named_apposition,
    _other,
    _place,
    _reduced,
    _said_object,
    _sayer,
    _venue,
)


def _verbal(w: EventWords, doc: Doc, tok: Token, rule: Rule) -> list[Event]:
    # "received Modi" meets him: the host acts
    receiving = lemma(tok) in w.word_set("receiving_verbs") and rule.type != "CONSULT"
    if receiving and _givers(tok):
        return _received(w, doc, tok, rule)
    if lemma(tok) in w.word_set("undergoing_verbs") or tok.tag_ == "VBN" \
            and tok.dep_ in ("acomp", "oprd") and lemma(tok.head) in w.word_set("stative_heads"):
        return _undergone(w, doc, tok, rule)  # "died in the attack", "stands accused of"
    said = _said_content(w, doc, tok, rule)
    if said is not None:  # '"Media have faced persecution," it noted': its accusation
        return said
    if receiving:
        return _received(w, doc, tok, rule)
    # "a journalist arrested over his interviews": the noun a participle
    # modifies is acted on, like a passive's subject
    reduced = _reduced(tok)
    if reduced and tok.head.pos_ == "NOUN" and is_inert(w, tok.head) \
            and not any(c.dep_ == "agent" for c in tok.children):
        return []  # "a video message released Sunday": no party acted on
    passive = reduced or any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)
    # a passive with no agent says nothing of the doer: the subject of a
    # governing clause is not it ("relations froze after X was ousted")
    subj = None if passive and not any(c.dep_ == "agent" for c in tok.children) \
        else subject_of(tok) or _said_object(w, tok) or _gerund_controller(tok)
    subj = _counted(w, subj) if subj is not None else None
    actors: list[Ref | None] = (_agent_of(w, doc, subj) or refs_for(w.known, doc, subj)) \
        if subj is not None else [None]
    if subj is not None and actors == [None] and (sp := quote_speaker(w.known, doc, subj)):
        actors = [sp]  # "we will retaliate", said inside a quotation
    if subj is not None and subj.pos_ == "PRON" and actors == [None]:
        actors = _sayer(w, doc, tok) or actors
    if subj is not None and len(actors) > 1 and None in actors \
            and len(heads := coordinated(subj)) == len(actors):
        # "The United States and rights groups condemned", "elders and officials
        # were meeting": each unnamed party is described, one event each
        actors = [a or _named_apposition(doc, h) or described(w, doc, h)
                  for a, h in zip(actors, heads, strict=True)]
    if subj is not None and (actors == [None] or own_behalf(w.known, subj)
                             and all(a is None for a in actors)):  # "farmers and sellers"
        single = len(actors) == 1
        named = _named_apposition(doc, subj) if single else None
        actors = _author(w, doc, subj) or (_demonstrative(w, doc, subj) if single else []) \
            or [named or described(w, doc, subj)]
        if actors == [None] and single and subj.pos_ == "NOUN" and not subj.ent_type_ \
                and is_inert(w, subj):
            return []  # "bills proposing measures", "sanctions hit the economy"
    if subj is not None and actors != [None]:
        actors.extend(companions(w.known, doc, subject_verb(tok), subj))
    if subj is None and (state := _located_state(w, doc, tok, rule)) is not None:
        actors = [state]  # "was detained in North Korea": its authorities did it
    moved = _moved_forces(w, doc, tok, rule) if subj is None and passive \
        and actors == [None] else []
    actors = moved or actors
    if rule.type == "THREATEN" and _forecast(w, tok):
        return []
    recipient = None if moved else _recipient(w, doc, tok, passive) or (
        ref_for(w.known, doc, tok.head) or described(w, doc, tok.head) if reduced else None)
    start, end = clause_span(tok)
    if tok.dep_ == "ROOT" or subj is not None and subj.i < tok.i:
        start = min(start, subj.left_edge.idx) if subj is not None else start
    if reduced:
        start = min(start, tok.head.left_edge.idx)  # "a journalist arrested ..."
    return [_event(w, doc, tok, rule, a, recipient or _other(a, actors), start, end, tok)
            for a in actors]


def _moved_forces(w: EventWords, doc: Doc, tok: Token, rule: Rule) -> list[Ref | None]:
    """ "Security forces had been dispatched", "Russian troops were deployed"
    (`moved_forces_types`): forces moved with no mover named move as their
    own state (a modifier naming it) or as the forces described; anything
    else moved ("aid was dispatched") names no one."""
    if rule.type not in {t.upper() for t in w.word_set("moved_forces_types")}:
        return []
    subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
    if subj is None or lemma(subj) not in w.word_set("force_nouns"):
        return []
    refs = [r for r in refs_for(w.known, doc, subj) if r is not None]
    return list(refs) or [described(w, doc, subj)]


def _names_act(w: EventWords, tok: Token, rule: Rule) -> bool:
    """The trigger word itself names an act of the rule's type ("accused",
    "urged"): the lexicon lists it so."""
    for table in (w.lex.verbs, w.lex.adjectives):
        if any(r.type == rule.type for key in (lemma(tok), tok.lower_)
               for r in table.get(key, [])):
            return True
    return False


def _said_content(w: EventWords, doc: Doc, tok: Token, rule: Rule) -> list[Event] | None:
    """ "Blinken said Berisha was involved in corrupt acts", '"No one should be
    detained there," she added': a clause that accuses or demands by what it
    says (`said_content_types`), its own verb no accusing or demanding word, is
    the act of whoever says it, against the clause's subject. None where no
    sayer or quotation holds the clause (the clause's own roles then count)."""
    if rule.type not in {t.upper() for t in w.word_set("said_content_types")} \
            or lemma(tok) in w.say_verbs or _names_act(w, tok, rule):
        return None
    sayers = [a for a in _sayer(w, doc, tok) if a is not None]
    if not sayers:
        sayer = quoted_by(doc, tok)
        sayers = [sayer] if sayer is not None else []
    if not sayers:
        return None
    subj = next((c for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    recipient = (ref_for(w.known, doc, subj) or described(w, doc, subj)) \
        if subj is not None else None
    start, end = clause_span(tok)
    if subj is not None:
        start = min(start, subj.left_edge.idx)
    return [_event(w, doc, tok, rule, a, recipient, start, end, tok, modal=False)
            for a in sayers]


def _received(w: EventWords, doc: Doc, tok: Token, rule: Rule) -> list[Event]:
    """ "Pakistan received 23 bailout packages from the IMF", "has drawn
    criticism from rights groups" (`receiving_verbs`): the giver in the "from"
    phrase acts, the subject is acted on; no "from", no actor named."""
    givers = _givers(tok)
    actors: list[Ref | None] = [None]
    if givers:
        actors = [a or described(w, doc, h) for a, h in
                  zip(refs_for(w.known, doc, givers[0]), coordinated(givers[0]), strict=False)]
    subj = subject_of(tok)
    recipient = (ref_for(w.known, doc, subj) or described(w, doc, subj)) \
        if subj is not None else None
    start, end = clause_span(tok)
    if subj is not None and subj.i < tok.i:
        start = min(start, subj.left_edge.idx)
    return [_event(w, doc, tok, rule, a, recipient, start, end, tok) for a in actors]


def _undergone(w: EventWords, doc: Doc, tok: Token, rule: Rule) -> list[Event]:
    """ "21 passengers died in the attack", "31 people lost their lives in a
    hijacking by armed militants" (`undergoing_verbs`), "Lai stands accused of
    collusion" (a participle after `stative_heads`): the subject is acted on;
    the doer is the "by" agent of the act it underwent, if one is named."""
    subj = subject_of(tok)
    recipient = (ref_for(w.known, doc, subj) or described(w, doc, subj)) \
        if subj is not None else None
    actors: list[Ref | None] = [None]
    holders = [tok, *(c for c in tok.children if c.dep_ == "dobj")]  # "lost their lives in"
    acts = [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ != "by"
            for g in c.children if g.dep_ == "pobj" and g.pos_ == "NOUN"]
    # "by armed militants" the parser hangs on the verb, after the act it names
    for act in acts + ([tok] if acts else []):
        agents: list[Ref | None] = [a for a in _agent_of(w, doc, act, unnamed=True) if a]
        actors = agents or actors
    start, end = clause_span(tok)
    if subj is not None and subj.i < tok.i:
        start = min(start, subj.left_edge.idx)
    return [_event(w, doc, tok, rule, a, recipient, start, end, tok) for a in actors]


def _recipient(w: EventWords, doc: Doc, tok: Token, passive: bool) -> Ref | None:
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
                if objs and (ref := ref_for(w.known, doc, objs[0])) is not None:
                    return ref
            elif (ref := ref_for(w.known, doc, c)) is not None:
                return ref
    return None


def _nominal(w: EventWords, doc: Doc, tok: Token, rule: Rule) -> list[Event]:
    if tok.dep_ == "compound" and tok.head.i > tok.i \
            and lemma(tok.head) in w.lex.set("modifier_heads"):
        return []  # "U.N. sanctions experts", "the talks process": a modifier
    head = tok
    while head.dep_ in ("compound", "amod", "nmod") and head.head.i != head.i:
        head = head.head
    if head.dep_ == "pobj" and head.head.lower_ == "of" \
            and lemma(head.head.head) in w.word_set("quantity_nouns"):
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
                pron = refs_for(w.known, doc, c)  # "their talks": the clause's subject first
            else:
                actors.extend(refs_for(w.known, doc, c))
        elif c.dep_ in ("compound", "amod", "nmod") and c.i != tok.i:
            if c.lower_ in w.word_set("occurrence_modifiers"):
                occurs = True
            elif c.ent_type_ in ("DATE", "TIME"):
                dated = is_date(doc, c)
            else:  # "a Chinese and Russian proposal"; a place is a topic, not a party
                for a in coordinated(c):
                    r = demonym_ref(w.known, doc, a) or ref_at(
                        doc, *span_of(doc, name_tokens(a)))
                    if r is not None and not _place(doc, r) and not _venue(w, doc, head, r):
                        actors.append(r)
                        forum.append(r)
        elif c.dep_ == "acl" and lemma(c) in w.light:
            occurs = True  # "a proposal made on Monday", "the attack carried out by"
        elif c.dep_ == "prep":
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if not objs:
                continue
            if c.lower_ in w.word_set("joint_preps"):  # "an agreement among X, Y and Z"
                parties = refs_for(w.known, doc, objs[0])
                if len(parties) >= 2:
                    return _pairs(w, doc, tok, rule, head, parties)
            elif c.lower_ in ("from", "by"):
                agents = [r for r in refs_for(w.known, doc, objs[0]) if r is not None]
                if not agents and c.lower_ == "by" and objs[0].tag_ == "NNS" \
                        and (d := described(w, doc, objs[0])) is not None:
                    agents = [d]  # "a hijacking by armed militants": unnamed doers
                if agents and c.lower_ == "by":  # "Coordinated airstrikes by the army":
                    actors = [a for a in actors if a not in forum]  # the agent, not a modifier
                    forum = []
                actors.extend(agents)
            elif c.lower_ == "of" and lemma(tok) in w.known.gathering_nouns:
                # "a meeting of the U.N. Security Council": the body that meets
                actors.extend(r for r in refs_for(w.known, doc, objs[0])
                              if r is not None and not _place(doc, r))
            elif c.lower_ == "of" and lemma(objs[0]) in w.word_set("force_nouns"):
                # "the withdrawal of U.S. and NATO troops": the troops' states
                actors.extend(modifier_refs(w.known, doc, objs[0])
                              or refs_for(w.known, doc, objs[0]))
            elif c.lower_ in ("with", "on", "against", "for", "to", "in"):
                if objs[0].ent_type_ in ("DATE", "TIME"):
                    dated = is_date(doc, objs[0])
                elif c.lower_ != "in":
                    recipients.append(ref_for(w.known, doc, objs[0]))
    actors = [a for a in actors if a is not None]
    # Light verb or clause preposition: the clause's subject is the actor.
    gov = head.head if head.head.i != head.i else None
    if gov is not None and head.dep_ in ("dobj", "nsubj", "nsubjpass", "attr") \
            and lemma(gov) in w.light:
        clause_verb = gov
    elif gov is not None and head.dep_ == "pobj" and gov.lower_ in w.word_set("clause_preps"):
        clause_verb = gov.head
    for c in head.children:  # "the proposal held by Ukraine and the US"
        if c.dep_ == "acl" and not actors:
            for a in c.children:
                if a.dep_ == "agent":
                    actors = [r for g in a.children if g.dep_ == "pobj"
                              for r in refs_for(w.known, doc, g) if r is not None]
    if clause_verb is not None and not actors and head.dep_ == "nsubjpass":
        agent = [g for c in clause_verb.children if c.dep_ == "agent"
                 for g in c.children if g.dep_ == "pobj"]
        if agent:
            actors = [a for a in refs_for(w.known, doc, agent[0]) if a is not None]
    if clause_verb is not None and head.dep_ == "pobj" and actors == forum \
            and (subj := subject_of(clause_verb)) is not None \
            and (speakers := [a for a in refs_for(w.known, doc, subj) if a is not None]):
        actors = list(speakers)  # "Speaking at a NATO summit, Pakistan's envoy said"
    if clause_verb is not None and not actors and head.dep_ != "nsubj" \
            and head.dep_ != "nsubjpass" and not _reduced(clause_verb) \
            and lemma(clause_verb) not in w.word_set("undergoing_verbs"):
        subj = subject_of(clause_verb)
        subj = _counted(w, subj) if subj is not None else None
        if subj is not None and subj.i != head.i:
            actors = [a for a in refs_for(w.known, doc, subj) if a is not None]
            if not actors and subj.pos_ == "PRON":  # "said it conducted a test"
                actors = [a for a in _sayer(w, doc, clause_verb) if a is not None]
            if not actors and (d := described(w, doc, subj)) is not None:
                actors = [d]  # "donors voiced concern"
            if actors:
                actors.extend(companions(w.known, doc, subject_verb(clause_verb), subj))
    if not actors and (claimer := _claimer(w, head)) is not None:
        actors = [a for a in refs_for(w.known, doc, claimer) if a is not None]
    by_pronoun = not actors
    if by_pronoun:
        actors = [a for a in pron if a is not None]
    if rule.needs_verb and clause_verb is None:
        return []
    if rule.type == "THREATEN" and not actors and clause_verb is None \
            and any(c.dep_ == "prep" and c.lower_ == "to" for c in tok.children):
        return []  # "a threat to NATO's defenses": a danger, no one threatening
    recipient = next((r for r in recipients if r is not None), None)
    if not ((actors and not by_pronoun) or recipient or dated or occurs
            or clause_verb is not None):
        return []  # "his ongoing talks": a pronoun alone does not make talks an event
    if clause_verb is None and not (dated or occurs) and _mention_only(w, head):
        return []
    anchor = clause_verb if clause_verb is not None and head.dep_ != "pobj" else head
    start, end = clause_span(anchor)
    if anchor.i == head.i:
        start = min(start, tok.idx)
    return [_event(w, doc, tok, rule, a, recipient or _other(a, actors), start, end,
                        clause_verb or tok) for a in (actors or [None])]


def _pairs(w: EventWords, doc: Doc, tok: Token, rule: Rule, head: Token,
           parties: list[Ref | None]) -> list[Event]:
    start, end = clause_span(head)
    start = min(start, tok.idx)
    out = []
    for a in parties:
        for r in parties:
            if a is not None and r is not None and a.id != r.id:
                out.append(_event(w, doc, tok, rule, a, r, start, end, head))
                break
    return out
