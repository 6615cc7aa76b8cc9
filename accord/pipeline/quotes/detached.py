"""Reports that do not govern the clause they report, and the token span of
that clause: the inverted report ("Talks will resume, Reuters reports"), the
parenthetical ("Regardless, analysts say, talks will be needed", "Such
matters, he told VOA, should be decided ...") and the as-clause ("As the
president noted, the front is stable")."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from accord.pipeline.quotes.layout import FINITE, RELATIVE


def _parenthetical(doc: Doc, verb: Token, sent: Span) -> tuple[int, int] | None:
    """'Regardless, analysts say, talks will be needed': the clause after a report
    set off by commas, when only an adverb comes before it."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    lo, hi = verb.left_edge.i, verb.right_edge.i
    if subj is not None and lo < subj.left_edge.i and doc[subj.left_edge.i - 1].text == ",":
        lo = subj.left_edge.i  # "Still, Hecker cautions, ...": the adverb hung on the verb
    first = lo if doc[lo].text == "," else lo - 1
    last = hi if doc[hi].text == "," else hi + 1
    if subj is None or first < sent.start or last >= sent.end - 1 or doc[first].text != "," \
            or doc[last].text != ",":
        return None
    before = doc[sent.start:first]
    head = verb.head
    if doc[first - 1].lower_ in RELATIVE and head.dep_ == "relcl" and (
            doc[first - 1].head == head):
        return last + 1, head.right_edge.i + 1  # "..., which, X said, largely explained ..."
    if _subject_before(head, before):
        return sent.start, sent.end  # "Such matters, he told VOA, should be decided ..."
    if _clause_before(head, before):
        return last + 1, sent.end  # "If that happens, reports say, the president will ..."
    if len(before) > 3 or any(t.pos_ in ("VERB", "AUX", "NOUN", "PROPN", "PRON")
                              for t in before):
        return None
    return last + 1, sent.end


def _clause_before(head: Token, before: Span) -> bool:
    """Whether the words before a parenthetical report are one adverbial
    clause of the clause it interrupts, opened by its subordinator ("If that
    happens, reports say, ..."): the condition, not what was said."""
    parts = [c for c in head.children if before.start <= c.i < before.end]
    return len(parts) >= 1 and parts[0].dep_ == "advcl" and parts[0].left_edge.i == before.start \
        and any(g.dep_ == "mark" for g in parts[0].children) and all(
            t.is_punct or parts[0].left_edge.i <= t.i <= parts[0].right_edge.i for t in before)


def _subject_before(head: Token, before: Span) -> bool:
    """Whether the words before a parenthetical report are the subject of the
    clause it interrupts ("Such matters, he told VOA, should be decided ...",
    "The real way forward, he argues, is ..."): a noun phrase, no verb, that
    the clause's head governs."""
    if not len(before) or len(before) > 8 or head.dep_ != "ROOT" or any(
            t.pos_ in ("VERB", "AUX") for t in before):
        return False
    parts = [c for c in head.children if before.start <= c.i < before.end]
    covered = {t.i for c in parts for t in c.subtree}
    return any(c.dep_ in ("nsubj", "nsubjpass", "npadvmod") or c.dep_ == "advmod" and any(
        g.dep_ == "npadvmod" for g in c.children) for c in parts) and all(
        t.i in covered or t.is_punct for t in before)


def _as_noted(doc: Doc, verb: Token) -> tuple[int, int] | None:
    """'As the president noted, the front is stable': the clause the as-clause
    qualifies, without it (only when the as-clause opens or closes it)."""
    head = verb.head
    if head.pos_ not in ("VERB", "AUX") or not any(c.dep_ == "nsubj" for c in verb.children):
        return None  # "as reported in the media" names no speaker
    i0, i1 = head.left_edge.i, head.right_edge.i + 1
    a0, a1 = verb.left_edge.i, verb.right_edge.i + 1
    if a0 == i0:
        return a1, i1
    if a1 >= i1 - 1:
        return i0, a0
    return None


def _inverted(doc: Doc, verb: Token, sent: Span) -> tuple[int, int] | None:
    """ "Talks will resume, Reuters reports." : the clause before the comma."""
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or any(c.dep_ == "dobj" for c in verb.children):
        return None  # "..., X stressed the urgency": the verb has its own object
    a = min(verb.i, subj.left_edge.i)
    start = sent.start
    for t in doc[sent.start:a]:
        if "\n" in t.text_with_ws:
            start = t.i + 1
    if a - 1 <= start + 3 or doc[a - 1].text != "," or verb.dep_ == "conj" or any(
            t.dep_ == "cc" for t in doc[max(start, a - 5):a]):
        return None
    if any("\n" in t.text_with_ws for t in doc[a:sent.end - 1]):
        return None
    if any(t.is_punct and t.text not in ".!?\"”’'" for t in doc[verb.i + 1:sent.end]
           if t.i > subj.right_edge.i):
        return None
    if not any(t.tag_ in FINITE for t in doc[start:a - 1]) or doc[start].dep_ == "mark":
        return None  # "As the council debates ..., members hint": a time, no report
    return start, a - 1
