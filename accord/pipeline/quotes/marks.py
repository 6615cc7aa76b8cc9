"""Quotation marks: pairing them over a text (every style, nested, unclosed
over paragraphs), and the direct quotes they hold with the reporting verb next
to each ('"...," he said', 'He added: "..."'); short fragments only when
someone is said to have said them."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from accord.pipeline.quotes.attribution import according
from accord.pipeline.quotes.layout import (
    FINITE,
    Cand,
    Layout,
    Marked,
    char_before,
    is_title,
    n_words,
)
from accord.pipeline.quotes.lexicon import Cues, Lexicon
from accord.pipeline.quotes.subjects import subject_of

_OPEN_CONTEXT = set("([{—–-/") | {"\n"}
_CLOSE_CONTEXT = set(".,;:!?)]}—–-…/")
_TRAIL = " \t,;:–—-"
_CLOSERS = "”’\"'»›"


def find_marked(text: str, lex: Lexicon, lay: Layout) -> list[Marked]:
    """Spans between quotation marks; nested and crossing spans lose to the outer one."""
    found: list[Marked] = []
    for layer in lex.layers:
        chars = {c for o, cs in layer.items() for c in {o, *cs}}
        if chars:
            found.extend(_scan(text, layer, chars, lay, lex))
    found.sort(key=lambda m: (m.open_at, -m.end))
    out: list[Marked] = []
    for m in found:
        if out and m.open_at < out[-1].end + 1:
            continue
        out.append(m)
    return out


def _flanks(text: str, i: int) -> tuple[bool, bool]:
    """(can open, can close) for the mark at i, from the characters around it."""
    p = text[i - 1] if i > 0 else "\n"
    n = text[i + 1] if i + 1 < len(text) else "\n"
    left = not n.isspace() and (p.isspace() or p in _OPEN_CONTEXT or not p.isalnum()
                                and p not in _CLOSE_CONTEXT)
    right = not p.isspace() and (n.isspace() or n in _CLOSE_CONTEXT or not n.isalnum())
    return left, right


def _scan(text: str, layer: dict[str, frozenset[str]], chars: set[str], lay: Layout,
          lex: Lexicon) -> list[Marked]:
    closers = {c for cs in layer.values() for c in cs}
    out: list[Marked] = []
    open_at: int | None = None
    open_char = ""
    for m in re.finditer("[" + re.escape("".join(sorted(chars))) + "]", text):
        i, c = m.start(), m.group()
        p = text[i - 1] if i > 0 else " "
        n = text[i + 1] if i + 1 < len(text) else " "
        if c in "’'" and (p.isalnum() and n.isalnum() or n in "sS" and not (
                text[i + 2:i + 3] or " ").isalnum()):
            continue  # an apostrophe: didn’t, Russia’s, "Jairan ’s"
        if open_at is not None and lay.para(i) != lay.para(open_at):
            out.extend(_unclosed(text, open_at, lay.para_end(open_at), layer, lay, lex))
            open_at = None
        left, right = _flanks(text, i)
        straight = c in layer and c in closers
        if open_at is None:
            if c in layer and (left or not straight) and not (c == "'" and n.isdigit()):
                open_at, open_char = i, c
            continue
        # a pair's own closer, or any closer of the layer where the writer mixed
        # styles (“...")
        if c in layer[open_char] and (right or not left) or c in closers and right and not left:
            out.append(Marked(open_at, open_at + 1, i, True))
            open_at = None
        elif c in layer and left and not right:
            out.extend(_unclosed(text, open_at, i, layer, lay, lex))
            open_at, open_char = i, c
    if open_at is not None:
        out.extend(_unclosed(text, open_at, lay.para_end(open_at), layer, lay, lex))
    return [_trimmed(text, m) for m in out if re.search(r"\w", text[m.start:m.end])]


def _unclosed(text: str, open_at: int, limit: int, layer: dict[str, frozenset[str]],
              lay: Layout, lex: Lexicon) -> list[Marked]:
    """A quote whose closing mark is missing: to the paragraph end where the next
    paragraph opens with a mark (a quote over paragraphs), else to its sentence end."""
    para_end = lay.para_end(open_at)
    nxt = text[para_end:para_end + 200].lstrip()
    if limit >= para_end and nxt[:1] in layer:
        return [Marked(open_at, open_at + 1, para_end, False)]
    s = lay.sent(open_at)
    before = text[lay.para_starts[lay.para(open_at)]:open_at].rstrip()
    k = lex.unclosed_max_sentences if (not before or before.endswith(":")) else 1
    last = min(s + k, len(lay.sents)) - 1
    cap = open_at + 1 + lex.unclosed_max_chars
    if limit < para_end and _no_narration(lay, lex, s + 1, lay.sent(limit)):
        # the next quotation opens in the same paragraph: the writer left out the
        # closing mark before it ('“A. B. “C,” he added.'), so the quote runs to it
        return [Marked(open_at, open_at + 1, min(limit, cap), False)]
    end = min(limit, lay.sents[last].end_char, para_end, cap)
    if end == cap and " " in text[open_at:end]:
        end = text.rindex(" ", open_at, end)  # cut at a word, never inside one
    return [Marked(open_at, open_at + 1, end, False)] if end > open_at + 1 else []


def _no_narration(lay: Layout, lex: Lexicon, first: int, last: int) -> bool:
    """Whether sentences first..last (an unclosed quote's run) go on in the
    speaker's voice: no report with a noun for its subject ("experts said ...")
    tells that the writer's narration has resumed."""
    return first <= last < first + lex.unclosed_max_sentences and not any(
        t.lemma_.lower() in lex.words("reporting_verbs") and any(
            c.dep_ == "nsubj" and c.pos_ in ("NOUN", "PROPN") for c in t.children)
        for sent in lay.sents[first:last + 1] for t in sent)


def _trimmed(text: str, m: Marked) -> Marked:
    s, e = m.start, m.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1] in _TRAIL + "\n":
        e -= 1
    m.start, m.end = s, e
    return m


def direct(cues: Cues, doc: Doc, lay: Layout, marked: list[Marked],
           reported: list[Cand]) -> list[Cand]:
    """A direct quote for each quotation not absorbed in a report."""
    used = {c.verb.i for c in reported if c.verb is not None}
    out: list[Cand] = []
    for k, m in enumerate(marked):
        signed = _signed(doc, lay, m)
        if m.absorbed or lay.is_headline(m.open_at) and signed is None or _run_in_head(
                lay.text, m):
            continue
        t0, t1 = lay.token_at(m.start), lay.token_at(m.end - 1) + 1
        words = n_words(doc, t0, t1)
        finite = any(t.tag_ in FINITE for t in doc[t0:t1])
        cand = Cand(m.start, m.end, "direct", runs_on=not m.closed)
        if not finite and is_title(doc, t0, t1):
            continue  # "the Law on the Protection of Minors", a show, a game
        if words <= cues.lex.fragment_max_words and not finite:
            verb = _labeller(cues.lex, doc, t0, t1)
            if verb is None:
                continue  # a scare quote, a title, a label
        else:
            verb = m.verb or _attribution(cues, doc, lay, marked, k, used) or (
                _joined(cues, doc, lay, marked, k, used)) or _according_after(
                cues, lay, m, reported)
            if verb is None and m.closed and (words <= cues.lex.fragment_max_words or (
                    not finite and words <= 2 * cues.lex.fragment_max_words)) and not (
                    _follows(lay, m, out + reported)) and not (finite and _sentence(lay, m)):
                continue  # a phrase or a title nobody is said to have said
        if verb is not None and verb.lower_ in cues.phrase_starts:
            got = according(cues, doc, verb, need_clause=False)
            if got is not None:  # '"...," according to a statement'
                cand.verb, cand.subject, cand.cue = verb, got[2].subject, got[2].cue
        elif verb is not None:
            cand.verb = verb
            cand.subject = subject_of(verb, lay.sents[lay.sent(verb.idx)], cues.lex)
            if cand.subject is not None and m.start <= cand.subject.idx < m.end:
                cand.subject = None
            outer = _reported_around(reported, verb)
            if outer is not None:
                cand.subject = outer.subject  # 'warned that X, saying, “...”'

            cand.cue = (verb.text, verb.idx, verb.idx + len(verb))
        elif signed is not None:
            cand.subject = signed  # '“...” — Maria Lopez, foreign minister'
        else:
            cand.why = "continues"
            cand.subject = _context(doc, lay, m)
        out.append(cand)
    return out

_SIGNATURE = re.compile(r"[”’\"'»›]?[ \t]*[—–][ \t]*")


def _signed(doc: Doc, lay: Layout, m: Marked) -> Token | None:
    """The person who signs a quotation with a dash after its closing mark
    ('“...” — Maria Lopez, foreign minister'): the last word of the name, when
    the tagger found a person there."""
    dash = _SIGNATURE.match(lay.text, m.end) if m.closed else None
    if dash is None or dash.end() >= len(lay.text):
        return None
    tok = doc[lay.token_at(dash.end())]
    if tok.idx != dash.end() or tok.ent_iob_ != "B" or tok.ent_type_ != "PERSON":
        return None
    while tok.i + 1 < len(doc) and doc[tok.i + 1].ent_iob_ == "I":
        tok = doc[tok.i + 1]
    return tok


def _sentence(lay: Layout, m: Marked) -> bool:
    """Whether a closed quotation is a sentence of its own: it opens its
    sentence and ends with a stop inside its marks ('Ana Ruiz disagreed.
    “They will never answer.”'), as speech does and a title does not."""
    return lay.text[m.end - 1] in ".!?" and char_before(lay.text, m.open_at) in (
        "", ".", "!", "?", "\"", "”", "’", "'") and lay.sents[lay.sent(m.start)].start_char >= (
        m.open_at - 1)


def _run_in_head(text: str, m: Marked) -> bool:
    """A subheading run into the text ('... each year. ‘We are very concerned’ In
    a statement, ...'): a closed quotation that opens a sentence and ends with
    neither punctuation inside its marks nor after them, the next sentence
    starting straight after it. A quote that ends its sentence ends with a stop,
    one the attribution follows with a comma."""
    if not m.closed or char_before(text, m.open_at) not in ("", ".", "!", "?", "\"", "”", "’",
                                                            "'"):
        return False
    j = m.end
    while j < len(text) and text[j] in " \t":
        j += 1
    if not text[m.end - 1].isalnum() or j >= len(text) or text[j] not in _CLOSERS:
        return False
    after = text[j + 1:j + 3]
    return after[:1] in (" ", "\t") and after[1:].isupper()


def _according_after(cues: Cues, lay: Layout, m: Marked, reported: list[Cand]) -> Token | None:
    """ '"A, and B," according to X': an "according to" right after the closing
    mark that the parser hung on a clause inside the quotation, where it made
    an indirect quote of part of it. The quotation is X's, in full; the partial
    indirect quote goes (it is the same statement)."""
    if not m.closed:
        return None
    for r in reported:
        v = r.verb
        if v is None or v.lower_ not in cues.phrase_starts or not m.start <= r.start < m.end or (
                r.end > m.end + 2) or lay.text[m.end:v.idx].strip(" ,\"”’'") != "":
            continue
        reported.remove(r)
        return v
    return None


def _joined(cues: Cues, doc: Doc, lay: Layout, marked: list[Marked], k: int,
            used: set[int]) -> Token | None:
    """The attribution of the next quotation when "and" joins the two: '"A"
    and "B," tweeted X' attributes both to X."""
    m = marked[k]
    if not m.closed or k + 1 >= len(marked):
        return None
    nxt = marked[k + 1]
    between = lay.text[m.end:nxt.open_at].strip(" \"”’'.,…")
    if between not in ("and", "or") or lay.para(m.end) != lay.para(nxt.open_at):
        return None
    return nxt.verb or _attribution(cues, doc, lay, marked, k + 1, used)


def _reported_around(reported: list[Cand], verb: Token) -> Cand | None:
    """The report whose clause holds the word a participle report hangs on
    ('warned that the coalition could collapse, saying ...'): its speaker
    says the quote."""
    if verb.dep_ != "advcl" or verb.tag_ != "VBG":
        return None
    return next((r for r in reported if r.subject is not None
                 and r.start <= verb.head.idx < r.end), None)


def _follows(lay: Layout, m: Marked, cands: list[Cand]) -> bool:
    """Whether a quote ends in the sentence before m, or in m's own."""
    ends = [c.end for c in cands if c.end <= m.open_at]
    return bool(ends) and lay.sent(m.open_at) - lay.sent(max(ends) - 1) <= 1

def _context(doc: Doc, lay: Layout, m: Marked) -> Token | None:
    """The subject of the sentence before a quote that has no attribution
    ("Senator Calder was scathing. “This is ...”"); None unless the quote opens
    its sentence in the same paragraph, or follows a colon."""
    si = lay.sent(m.open_at)
    if char_before(lay.text, m.open_at) == ":" and lay.sents[si].start_char < m.open_at - 1:
        return _lead_in(doc, lay, m)
    if si == 0 or lay.sents[si].start_char < m.open_at - 1:
        return None
    prev = lay.sents[si - 1]
    if lay.para(prev.start_char) != lay.para(m.open_at) and char_before(lay.text, m.open_at) != ":":
        return None
    root = prev.root
    subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
    return subj if subj is not None and subj.pos_ == "PROPN" else None

def _lead_in(doc: Doc, lay: Layout, m: Marked) -> Token | None:
    """The named subject of the clause a colon ends before a quotation, in the
    same sentence ("Maria Lopez was blunt about the offer: “...”")."""
    colon = doc[lay.token_at(m.open_at - 1)]
    while colon.i > 0 and colon.text != ":" and colon.idx > m.open_at - 3:
        colon = doc[colon.i - 1]
    if colon.text != ":":
        return None
    head = colon.head
    for _ in range(3):
        if head.pos_ in ("VERB", "AUX") or head.head.i == head.i:
            break
        head = head.head
    subj = next((c for c in head.children if c.dep_ == "nsubj" and c.i < colon.i), None)
    return subj if subj is not None and subj.pos_ == "PROPN" else None


def _labeller(lex: Lexicon, doc: Doc, t0: int, t1: int) -> Token | None:
    """The speech verb a quoted fragment is the object of, if any."""
    root = next((t for t in doc[t0:t1] if not t0 <= t.head.i < t1 and t.is_alpha), None)
    # 'described it as “deplorable”': an adjective hung on "as" is its object
    if root is None or root.dep_ in ("compound", "nmod", "poss", "amod", "nummod") and (
            root.head.dep_ != "prep"):
        return None
    tok, verbs, copula = root, 0, False
    for _ in range(5):
        if tok.head.i == tok.i:
            return None
        tok = tok.head
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        verbs += 1
        lemma = tok.lemma_.lower()
        # "what he said was “a nasty tariff”": the copula's reporting verb
        if (verbs == 1 or verbs == 2 and copula) and (lemma in lex.words("labelling_verbs")
                                                       or lemma in lex.words("reporting_verbs")):
            return tok
        copula = verbs == 1 and lemma == "be" and tok.dep_ == "ccomp" and any(
            c.dep_ == "nsubj" and c.tag_ in ("WP", "WDT") for c in tok.children)
        if lemma in lex.words("speech_act_verbs"):
            return tok
        if verbs >= 2:
            return None
    return None

def _bare_attribution(cues: Cues, doc: Doc, j: int, used: set[int]) -> Token | None:
    """The reporting verb of a sentence that only names who spoke the
    quotation before it ('"Will they keep their word?" Ana Ruiz asked.'): a
    name or noun phrase, then the verb, with no statement of its own."""
    for t in doc[j:min(len(doc), j + 6)]:
        if t.is_sent_start and t.i > j or t.pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "PRON"):
            if not cues.is_cue(t, used) or any(c.dep_ in _OWN_STATEMENT for c in t.children):
                return None
            after = doc[t.i + 1] if t.i + 1 < len(doc) else None
            return t if after is None or after.is_punct or after.is_sent_start else None
    return None


_OWN_STATEMENT = ("ccomp", "xcomp", "dobj", "dative", "attr", "oprd")


def _after_apposition(doc: Doc, j: int, verb: Token) -> bool:
    """Whether the words from j to a reporting verb far after a quotation are
    a name and its apposition set off by commas: no verb among them, and a
    comma right before the verb."""
    return doc[verb.i - 1].text == "," and not any(
        t.pos_ in ("VERB", "AUX") for t in doc[j:verb.i]) and any(
        t.ent_type_ == "PERSON" or t.pos_ == "PROPN" for t in doc[j:j + 4])


def _attribution(cues: Cues, doc: Doc, lay: Layout, marked: list[Marked], k: int,
                 used: set[int]) -> Token | None:
    """The reporting verb next to quote k: after it ("...," he said), else
    before it (He added: "..."), within the sentence and paragraph."""
    m = marked[k]
    if m.closed:
        j = lay.token_at(m.end) + 1
        while j < len(doc) and doc[j].idx <= m.end:
            j += 1
        # '"...," X, an opposition lawmaker and deputy chair of ..., told VOA': past
        # the first words, a long apposition may come between, but no other clause
        near, stop = j + 10, min(len(doc), j + 40)
        if k + 1 < len(marked):
            stop = min(stop, lay.token_at(marked[k + 1].open_at))
        para = lay.para(m.end)
        if lay.text[m.end - 1] in ".!?" and j < len(doc) and doc[j].is_title and not (
                cues.is_reporting(doc[j])):
            # '...cells." He did not say ...' starts a new sentence, unless it only
            # attributes the quotation: '"...?" Ana Ruiz asked.'
            bare = _bare_attribution(cues, doc, j, used)
            if bare is not None:
                return bare
            stop = j
        for t in doc[j:stop]:
            if lay.para(t.idx) != para or (t.is_sent_start and t.i > j):
                break
            if cues.is_cue(t, used):
                if t.i < near or _after_apposition(doc, j, t):
                    return t
                break
            if t.i >= near and (t.tag_ in FINITE or t.pos_ in ("VERB", "AUX")):
                break
    j = lay.token_at(m.open_at) - 1
    if j < 0:
        return None
    before = char_before(lay.text, m.open_at)
    if before in (".", "!", "?", "\"", "”", "’", "'"):
        return None  # the quote opens a sentence: nothing before it attributes it
    si = lay.sent(doc[j].idx)
    if before in (",", ":") and si > 0 and lay.sents[si].start == j:
        si -= 1  # the parser ended the sentence at the comma or colon
    sent = lay.sents[si]
    low = max(sent.start, j - 25)
    if k > 0:
        low = max(low, lay.token_at(marked[k - 1].end) + 1)
    if lay.para(doc[j].idx) != lay.para(m.open_at) and before != ":":
        return None
    for t in reversed(doc[low:j + 1]):
        if cues.is_cue(t, used):
            return t
    return None
