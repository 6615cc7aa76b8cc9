"""accord_quotes: every statement in an article, with who said it.

Three kinds (SPEC section 2):
- direct: words between quotation marks of any style, split by their
  attribution, over several sentences or paragraphs;
- indirect: the clausal complement of a reporting verb ("Putin said Russia
  would ..."), or the clause that "according to X" qualifies;
- mixed: a reported clause holding a quoted fragment (one quote, not two).

Short quoted fragments are quotes only when someone is said to have said
them ("called the offer a 'complete sham'"); otherwise they are scare quotes
or titles. The speaker is the subject of the reporting verb, linked through
`actors.ref_at`; a described source ("a source close to the Kremlin") keeps
its description as name. Words are read from `accord/data/reporting_verbs.yaml`.

The component works on the tokens and sentences spaCy already made: one scan
of the text for quotation marks, one pass over the tokens for reporting verbs.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy
import yaml
from spacy.attrs import IDX, LEMMA, LOWER
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from accord.errors import ConfigError
from accord.model import Quote, Ref
from accord.pipeline.actors import ref_at
from accord.pipeline.tokens import doc_text, sentences
from accord.yamlfile import safe_load

DEFAULT_LEXICON = Path(__file__).resolve().parent.parent / "data" / "reporting_verbs.yaml"
_FINITE = {"VBD", "VBZ", "VBP", "MD"}
_PERSONAL = {"PRP"}
_RELATIVE = {"who", "that", "which", "whom"}
_THIRD = {"he", "she", "they"}
_OPEN_CONTEXT = set("([{—–-/") | {"\n"}
_CLOSE_CONTEXT = set(".,;:!?)]}—–-…/")
_SENT_END = set(".!?:;…")
_TRAIL = " \t,;:–—-"
_TRAIL_TOKENS = {",", ";", ":", "-", "–", "—", "(", "."}


@dataclass(frozen=True)
class Lexicon:
    """The words of attribution, read from YAML (see reporting_verbs.yaml)."""

    reporting: frozenset[str]
    phrasal: dict[str, frozenset[str]]
    infinitive: frozenset[str]
    addressee: frozenset[str]
    as_verbs: frozenset[str]
    clause_marks: frozenset[str]
    statement_nouns: frozenset[str]
    labelling: frozenset[str]
    speech_acts: frozenset[str]
    according: tuple[tuple[str, ...], ...]
    non_sources: frozenset[str]
    speaks_for: frozenset[str]
    person_roles: frozenset[str]
    layers: tuple[dict[str, frozenset[str]], ...]  # per layer: opening mark -> closing marks
    fragment_max_words: int = 5
    headline_max_words: int = 20
    unclosed_max_sentences: int = 3
    unclosed_max_chars: int = 600


@lru_cache(maxsize=8)
def load_lexicon(path: str | None = None, extra: str | None = None) -> Lexicon:
    """The lexicon from the data file, merged with an optional extra file."""
    data: dict[str, Any] = {}
    for p in [Path(path) if path else DEFAULT_LEXICON] + ([Path(extra)] if extra else []):
        try:
            loaded = safe_load(p.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise ConfigError(f"cannot read quote lexicon ({exc}); fix the YAML or the path",
                              source=str(p)) from None
        for key, value in loaded.items():
            if isinstance(value, list) and isinstance(data.get(key), list):
                data[key] = data[key] + value
            else:
                data[key] = value
    try:
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key) or [])

        marks = data.get("quote_marks") or {}
        layers = []
        for name in ("primary", "secondary"):
            layer: dict[str, set[str]] = {}
            for opening, closing in marks.get(name) or []:
                layer.setdefault(opening, set()).add(closing)
            layers.append({o: frozenset(c) for o, c in layer.items()})
        return Lexicon(
            reporting=words("reporting_verbs"),
            phrasal={k: frozenset(v) for k, v in (data.get("phrasal_verbs") or {}).items()},
            infinitive=words("infinitive_verbs"), addressee=words("addressee_verbs"),
            as_verbs=words("as_verbs"), clause_marks=words("clause_marks"),
            statement_nouns=words("statement_nouns"),
            labelling=words("labelling_verbs"), speech_acts=words("speech_act_verbs"),
            according=tuple(tuple(p) for p in data.get("according_phrases") or []),
            non_sources=words("non_sources"), speaks_for=words("speaks_for"),
            person_roles=words("person_roles"), layers=tuple(layers),
            fragment_max_words=int(data.get("fragment_max_words", 5)),
            headline_max_words=int(data.get("headline_max_words", 20)),
            unclosed_max_sentences=int(data.get("unclosed_max_sentences", 3)),
            unclosed_max_chars=int(data.get("unclosed_max_chars", 600)),
        )
    except (TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"malformed quote lexicon ({exc}); see the comments in "
                          "reporting_verbs.yaml", source=str(path or DEFAULT_LEXICON)) from None


@Language.factory("accord_quotes", assigns=["doc._.quotes"],
                  default_config={"lexicon": None, "extra_lexicon": None})
def make_quotes(nlp: Language, name: str, lexicon: str | None,
                extra_lexicon: str | None) -> QuoteFinder:
    return QuoteFinder(nlp, name, lexicon=lexicon, extra_lexicon=extra_lexicon)


@dataclass
class Marked:
    """Text between quotation marks: content [start, end)."""

    open_at: int
    start: int
    end: int
    closed: bool
    absorbed: bool = False
    verb: Token | None = None


@dataclass
class Cand:
    """A quote being built; `why` says how its speaker is to be found."""

    start: int
    end: int
    kind: str
    verb: Token | None = None
    cue: tuple[str, int, int] | None = None
    subject: Token | None = None
    speaker: Ref | None = None
    head: str | None = None  # head word of a described speaker
    why: str = ""  # "", "pronoun", "anaphor", "continues"
    runs_on: bool = False  # a paragraph of a quote that goes on in the next one

    @property
    def verb_i(self) -> int:
        return self.verb.i if self.verb is not None else -1

    @property
    def verb_idx(self) -> int:
        return self.verb.idx if self.verb is not None else -1


def _quote(c: Cand) -> Quote:
    cue, cue_start, cue_end = c.cue or (None, None, None)
    return Quote(c.start, c.end, c.kind, cue, cue_start, cue_end, speaker=c.speaker)


class Layout:
    """Paragraphs, sentences and tokens of a doc, found by offset."""

    def __init__(self, doc: Doc, lex: Lexicon) -> None:
        text = doc_text(doc)
        self.text = text
        self.para_starts: list[int] = [0]
        self.headline: list[bool] = []
        pos = 0
        for line in text.split("\n"):
            words = line.split()
            tail = line.rstrip().rstrip("\"”’'»)] ")
            self.headline.append(0 < len(words) <= lex.headline_max_words
                                 and (not tail or tail[-1] not in _SENT_END))
            pos += len(line) + 1
            self.para_starts.append(pos)
        self.sents = sentences(doc)
        self.sent_starts = [s.start_char for s in self.sents]
        self.tok_starts = doc.to_array(IDX).tolist() if len(doc) else []

    def para(self, char: int) -> int:
        return bisect.bisect_right(self.para_starts, char) - 1

    def para_end(self, char: int) -> int:
        return self.para_starts[self.para(char) + 1] - 1

    def sent(self, char: int) -> int:
        return max(0, bisect.bisect_right(self.sent_starts, char) - 1)

    def token_at(self, char: int) -> int:
        """Index of the token holding `char` (or the last one before it)."""
        return max(0, bisect.bisect_right(self.tok_starts, char) - 1)

    def is_headline(self, char: int) -> bool:
        return self.headline[self.para(char)]


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
    end = min(limit, lay.sents[last].end_char, para_end, open_at + 1 + lex.unclosed_max_chars)
    if end < min(limit, para_end) and " " in text[open_at:end]:
        end = text.rindex(" ", open_at, end)  # cut at a word, never inside one
    return [Marked(open_at, open_at + 1, end, False)] if end > open_at + 1 else []


def _trimmed(text: str, m: Marked) -> Marked:
    s, e = m.start, m.end
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1] in _TRAIL + "\n":
        e -= 1
    m.start, m.end = s, e
    return m


class QuoteFinder:
    """Finds direct, indirect and mixed quotes and their speakers."""

    def __init__(self, nlp: Language, name: str, *, lexicon: str | None = None,
                 extra_lexicon: str | None = None) -> None:
        self.name = name
        self.lex = load_lexicon(lexicon, extra_lexicon)
        self._verbs = self.lex.reporting | frozenset(self.lex.phrasal) | self.lex.as_verbs
        strings = nlp.vocab.strings
        self._verb_hashes = numpy.array([strings.add(w) for w in sorted(self._verbs)],
                                        dtype="uint64")
        self._phrase_starts = frozenset(p[0] for p in self.lex.according)
        self._phrase_hashes = numpy.array([strings.add(w) for w in sorted(self._phrase_starts)],
                                          dtype="uint64")

    def __call__(self, doc: Doc) -> Doc:
        lay = Layout(doc, self.lex)
        marked = find_marked(lay.text, self.lex, lay)
        reported = self._reported(doc, lay, marked)
        direct = self._direct(doc, lay, marked, reported)
        cands = sorted(reported + direct, key=lambda c: (c.start, -c.end))
        self._speakers(doc, lay, cands)
        doc._.quotes = [_quote(c) for c in cands]
        return doc

    # -- reported speech ---------------------------------------------------
    def _is_reporting(self, tok: Token) -> bool:
        lemma = tok.lemma_.lower()
        if tok.pos_ not in ("VERB", "AUX") or lemma not in self._verbs or any(
                c.dep_ == "neg" for c in tok.children):
            return False  # "did not say whether ..." reports nothing
        parts = self.lex.phrasal.get(lemma)
        if parts and lemma not in self.lex.reporting:
            return any(c.lower_ in parts for c in tok.children)
        return True

    def _reported(self, doc: Doc, lay: Layout, marked: list[Marked]) -> list[Cand]:
        opens = [m.open_at for m in marked]

        def inside(char: int) -> Marked | None:
            k = bisect.bisect_right(opens, char) - 1
            return marked[k] if k >= 0 and char < marked[k].end else None

        found: list[tuple[Cand, int, int]] = []
        if not len(doc):
            return []
        # look only at the tokens whose lemma or form can start a report
        attrs = doc.to_array([LEMMA, LOWER])
        hits = numpy.flatnonzero(numpy.isin(attrs[:, 0], self._verb_hashes)
                                 | numpy.isin(attrs[:, 1], self._phrase_hashes))
        for i in hits.tolist():
            tok = doc[i]
            if tok.lower_ in self._phrase_starts:
                got = self._according(doc, tok)
            elif self._is_reporting(tok):
                got = self._complement(doc, tok, lay.sents[lay.sent(tok.idx)])
            else:
                continue
            if got is None or inside(tok.idx) or lay.is_headline(tok.idx):
                continue
            i0, i1, cand = got
            if cand.subject is not None and cand.subject.lower_ in ("we", "i") or (
                    tok.dep_ == "xcomp" and (tok.head.pos_ == "ADJ" or any(
                        c.dep_ == "acomp" for c in tok.head.children))):
                continue  # the author's voice ("we noted"), "it's fair to say"
            found.append((cand, i0, i1))
        # the outermost report wins: "He said he hoped ..." is one quote
        kept = [c for c, _, _ in found
                if not any(j0 <= c.verb_i < j1 for d, j0, j1 in found if d is not c)]
        out: list[Cand] = []
        for cand in kept:
            inner = [m for m in marked if cand.start - 1 <= m.start < cand.end]
            covering = [m for m in marked if m.open_at < cand.start and m.end >= cand.end - 1]
            if covering:
                covering[0].verb = covering[0].verb or cand.verb
                continue
            outside = _words(lay.text, cand.start, cand.end) - sum(
                _words(lay.text, m.start, m.end) for m in inner)
            if inner and (outside <= 1 and len(inner) == 1 or cand.verb_idx > cand.end
                          and inner[-1].end >= cand.end - 2 and inner[-1].closed):
                inner[-1].verb = cand.verb  # '... — “we will not give up,” said X'
                continue
            if inner:
                cand.kind = "mixed"
                for m in inner:
                    m.absorbed = True
                    if m.end > cand.end + 2:
                        cand.end = m.end  # the quote goes on past the clause
            out.append(cand)
        return out

    def _complement(self, doc: Doc, verb: Token, sent: Span) -> tuple[int, int, Cand] | None:
        lex = self.lex
        lemma = verb.lemma_.lower()
        comp: Token | None = None
        cue_end = verb.i + 1
        for c in verb.children:
            if c.dep_ == "ccomp" and (c.pos_ in ("VERB", "AUX") or any(
                    g.dep_ in ("nsubj", "nsubjpass", "expl") for g in c.children)):
                comp = c  # "said that he was “inclined” to": an adjective can head it
            elif c.dep_ in ("ccomp", "acomp", "oprd", "prt") and c.lower_ in lex.phrasal.get(
                    lemma, ()):
                cue_end = c.i + 1
                comp = comp or next((g for g in c.children if g.dep_ == "ccomp"), None)
            elif c.dep_ == "dobj" and c.lemma_.lower() in lex.statement_nouns:
                comp = comp or next((g for g in c.children if g.dep_ in ("acl", "ccomp")
                                     and any(m.dep_ == "mark" for m in g.children)), None)
        if comp is not None and comp.i < verb.i and not _inverted_ok(doc, comp, verb):
            comp = None
        obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
        if comp is None and lemma in lex.infinitive and obj is not None:
            comp = next((c for c in verb.children if c.dep_ == "xcomp"), None)
        span: tuple[int, int] | None = None
        if comp is not None:
            i0, i1 = comp.left_edge.i, comp.right_edge.i + 1
            if i0 <= verb.i < i1:
                return None
            if comp.i > verb.i:
                if not any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj") for c in
                           comp.children) and comp.dep_ == "ccomp":
                    i0 = min(i0, cue_end)
                i1 = self._extend(doc, verb, comp, _cut_conj(comp, i1, self))
            span = i0, i1
        elif lemma in lex.as_verbs and obj is not None:
            span = self._as_phrase(doc, verb, obj)
        elif lemma in lex.addressee and obj is not None and obj.right_edge.i + 1 < sent.end:
            nxt = doc[obj.right_edge.i + 1]
            if nxt.lower_ == "that" or nxt.dep_ in ("expl", "nsubj"):
                span = nxt.i, sent.end
        elif verb.dep_ == "advcl" and any(c.lower_ == "as" and c.dep_ == "mark"
                                          for c in verb.children):
            span = _as_noted(doc, verb)
        else:
            span = _inverted(doc, verb, sent)
        if span is None:
            return None
        i0, i1 = _trim_tokens(doc, *_cut_aside(doc, *span))
        if i1 - i0 < 3:
            return None
        cand = Cand(doc[i0].idx, doc[i1 - 1].idx + len(doc[i1 - 1]), "indirect", verb=verb,
                    cue=(doc[verb.i:cue_end].text, verb.idx,
                         doc[cue_end - 1].idx + len(doc[cue_end - 1])),
                    subject=subject_of(verb, sent))
        return i0, i1, cand

    def _extend(self, doc: Doc, verb: Token, comp: Token, i1: int) -> int:
        """Take in what the parser hung on the verb after the clause but belongs to
        it: 'ready for talks "tomorrow" if Ukrainian troops withdraw'."""
        if i1 < comp.right_edge.i + 1:
            return i1
        for c in sorted((c for c in verb.children if c.i >= i1), key=lambda t: t.i):
            if c.left_edge.i > i1 + 1:
                break
            if c.dep_ == "npadvmod" or c.dep_ == "advcl" and any(
                    m.dep_ == "mark" and m.lower_ in self.lex.clause_marks for m in c.children):
                i1 = c.right_edge.i + 1
            elif not c.is_punct:
                break
        return i1

    def _as_phrase(self, doc: Doc, verb: Token, obj: Token) -> tuple[int, int] | None:
        """'touting the interview as the first time ...': object and as-phrase;
        none when the as-phrase is a quoted label (that is a direct quote)."""
        as_ = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                    and c.i > obj.i), None)
        if as_ is None or obj.lower_ in _RELATIVE | {"what"}:
            return None
        inner = doc[as_.i + 1:as_.right_edge.i + 1]
        if inner and (inner[0].is_quote or as_.i + 2 <= len(doc) and doc[as_.i + 1].lower_ in (
                "a", "an", "the") and as_.i + 2 < len(doc) and doc[as_.i + 2].is_quote):
            return None
        return obj.left_edge.i, as_.right_edge.i + 1

    def _according(self, doc: Doc, tok: Token, *,
                   need_clause: bool = True) -> tuple[int, int, Cand] | None:
        for phrase in self.lex.according:
            if tok.i + len(phrase) <= len(doc) and all(
                    doc[tok.i + k].lower_ == w for k, w in enumerate(phrase)):
                break
        else:
            return None
        last = doc[tok.i + len(phrase) - 1]
        source = next((c for c in last.children if c.dep_ == "pobj"), None)
        if source is None or source.lemma_.lower() in self.lex.non_sources:
            return None
        end = doc[tok.i + len(phrase) - 1]
        if not need_clause:
            return 0, 0, Cand(0, 0, "direct", verb=tok, subject=source,
                              cue=(doc[tok.i:end.i + 1].text, tok.idx, end.idx + len(end)))
        head = tok.head
        while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT" and head.head.i != head.i:
            head = head.head
        if head.pos_ not in ("VERB", "AUX"):
            return None
        i0, i1 = head.left_edge.i, head.right_edge.i + 1
        a0, a1 = tok.left_edge.i, max(tok.right_edge.i, source.right_edge.i) + 1
        if a0 <= i0 < a1:
            i0 = a1
        elif i0 < a0 and all(t.is_punct or t.is_space for t in doc[a1:i1]):
            i1 = a0
        i0, i1 = _trim_tokens(doc, i0, i1)
        if _n_words(doc, i0, i1) < 4 or not any(t.pos_ in ("VERB", "AUX") for t in doc[i0:i1]):
            return None
        end = doc[tok.i + len(phrase) - 1]
        cand = Cand(doc[i0].idx, doc[i1 - 1].idx + len(doc[i1 - 1]), "indirect", verb=tok,
                    cue=(doc[tok.i:end.i + 1].text, tok.idx, end.idx + len(end)),
                    subject=source)
        return i0, i1, cand

    # -- quotation marks ---------------------------------------------------
    def _direct(self, doc: Doc, lay: Layout, marked: list[Marked],
                reported: list[Cand]) -> list[Cand]:
        used = {c.verb.i for c in reported if c.verb is not None}
        out: list[Cand] = []
        for k, m in enumerate(marked):
            if m.absorbed or lay.is_headline(m.open_at):
                continue
            t0, t1 = lay.token_at(m.start), lay.token_at(m.end - 1) + 1
            words = _n_words(doc, t0, t1)
            finite = any(t.tag_ in _FINITE for t in doc[t0:t1])
            cand = Cand(m.start, m.end, "direct", runs_on=not m.closed)
            if not finite and _is_title(doc, t0, t1):
                continue  # "the Law on the Protection of Minors", a show, a game
            if words <= self.lex.fragment_max_words and not finite:
                verb = self._labeller(doc, t0, t1)
                if verb is None:
                    continue  # a scare quote, a title, a label
            else:
                verb = m.verb or self._attribution(doc, lay, marked, k, used)
                if verb is None and m.closed and (words <= self.lex.fragment_max_words or (
                        not finite and words <= 2 * self.lex.fragment_max_words)) and not (
                        self._follows(lay, m, out + reported)):
                    continue  # a phrase or a title nobody is said to have said
            if verb is not None and verb.lower_ in self._phrase_starts:
                got = self._according(doc, verb, need_clause=False)
                if got is not None:  # '"...," according to a statement'
                    cand.verb, cand.subject, cand.cue = verb, got[2].subject, got[2].cue
            elif verb is not None:
                cand.verb = verb
                cand.subject = subject_of(verb, lay.sents[lay.sent(verb.idx)])
                if cand.subject is not None and m.start <= cand.subject.idx < m.end:
                    cand.subject = None
                cand.cue = (verb.text, verb.idx, verb.idx + len(verb))
            else:
                cand.why = "continues"
                cand.subject = self._context(doc, lay, m)
            out.append(cand)
        return out

    @staticmethod
    def _follows(lay: Layout, m: Marked, cands: list[Cand]) -> bool:
        """Whether a quote ends in the sentence before m, or in m's own."""
        ends = [c.end for c in cands if c.end <= m.open_at]
        return bool(ends) and lay.sent(m.open_at) - lay.sent(max(ends) - 1) <= 1

    def _context(self, doc: Doc, lay: Layout, m: Marked) -> Token | None:
        """The subject of the sentence before a quote that has no attribution
        ("Senator Calder was scathing. “This is ...”"); None unless the quote opens
        its sentence in the same paragraph, or follows a colon."""
        si = lay.sent(m.open_at)
        if si == 0 or lay.sents[si].start_char < m.open_at - 1:
            return None
        prev = lay.sents[si - 1]
        if lay.para(prev.start_char) != lay.para(m.open_at) and _before(lay.text, m.open_at) != ":":
            return None
        root = prev.root
        subj = next((c for c in root.children if c.dep_ == "nsubj"), None)
        return subj if subj is not None and subj.pos_ == "PROPN" else None

    def _labeller(self, doc: Doc, t0: int, t1: int) -> Token | None:
        """The speech verb a quoted fragment is the object of, if any."""
        root = next((t for t in doc[t0:t1] if not t0 <= t.head.i < t1 and t.is_alpha), None)
        if root is None or root.dep_ in ("compound", "nmod", "poss", "amod", "nummod"):
            return None
        lex, tok, verbs = self.lex, root, 0
        for _ in range(5):
            if tok.head.i == tok.i:
                return None
            tok = tok.head
            if tok.pos_ not in ("VERB", "AUX"):
                continue
            verbs += 1
            lemma = tok.lemma_.lower()
            if verbs == 1 and (lemma in lex.labelling or lemma in lex.reporting):
                return tok
            if lemma in lex.speech_acts:
                return tok
            if verbs >= 2:
                return None
        return None

    def _cue(self, t: Token, used: set[int]) -> bool:
        if t.lower_ in self._phrase_starts:
            return t.i not in used and t.lower_ != "as"
        return t.i not in used and (self._is_reporting(t) or t.lemma_.lower(
        ) in self.lex.labelling) and not any(c.lower_ == "as" and c.dep_ == "mark"
                                             for c in t.children)  # "as reported in"

    def _attribution(self, doc: Doc, lay: Layout, marked: list[Marked], k: int,
                     used: set[int]) -> Token | None:
        """The reporting verb next to quote k: after it ("...," he said), else
        before it (He added: "..."), within the sentence and paragraph."""
        m = marked[k]
        if m.closed:
            j = lay.token_at(m.end) + 1
            while j < len(doc) and doc[j].idx <= m.end:
                j += 1
            stop = min(len(doc), j + 10)
            if k + 1 < len(marked):
                stop = min(stop, lay.token_at(marked[k + 1].open_at))
            para = lay.para(m.end)
            if lay.text[m.end - 1] in ".!?" and j < len(doc) and doc[j].is_title and not (
                    self._is_reporting(doc[j])):
                stop = j  # '...cells." He did not say ...' starts a new sentence
            for t in doc[j:stop]:
                if lay.para(t.idx) != para or (t.is_sent_start and t.i > j):
                    break
                if self._cue(t, used):
                    return t
        j = lay.token_at(m.open_at) - 1
        if j < 0:
            return None
        before = _before(lay.text, m.open_at)
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
            if self._cue(t, used):
                return t
        return None

    # -- speakers ------------------------------------------------------------
    def _speakers(self, doc: Doc, lay: Layout, cands: list[Cand]) -> None:
        """Resolve each quote's speaker, in text order. A quote without its own
        attribution, or attributed to "he"/"she"/"they" or "the analyst", takes the
        speaker of the quote just before it: "A," he said. "B." -- a quoted person
        stays in focus, which is what a pronoun next to a quote refers to."""
        seen: dict[str, Ref] = {}
        prev: Cand | None = None
        for c in cands:
            if c.subject is not None and c.why != "continues":
                c.speaker, c.why, c.head = resolve(lay.text, c.subject, c.verb, self.lex, seen)
                if c.subject.tag_ in _PERSONAL and c.subject.lower_ in _THIRD:
                    c.why = "pronoun"
            ref = prev.speaker if prev is not None and (
                lay.sent(c.start) - lay.sent(max(prev.end - 1, 0)) <= 1) else None
            if ref is not None and c.why == "pronoun" and c.subject is not None:
                c.speaker = Ref(ref.name, ref.id, c.subject.idx,
                                c.subject.idx + len(c.subject), "pronoun")
            elif c.why == "pronoun" and c.speaker is None and c.subject is not None:
                c.speaker = _sentence_person(doc, lay, c.subject)
            elif c.why == "continues":
                c.speaker = (Ref(ref.name, ref.id, ref.start, ref.end, ref.inferred) if ref
                             else _person_ref(doc, c.subject, "context"))
                if ref is not None and prev is not None:
                    c.cue = prev.cue  # the same attribution goes on
            elif c.why == "anaphor" and c.subject is not None:
                s0, s1 = subject_span(doc, c.subject, c.verb)
                c.speaker = (Ref(ref.name, ref.id, s0, s1, "description") if ref and ref.id
                             else Ref(lay.text[s0:s1], None, s0, s1))
            if c.speaker is not None and c.head:
                seen.setdefault(c.head, c.speaker)
            prev = c
        # '“A.\n\n“B,” he said.': paragraphs of one quote share the speaker given last
        for c, nxt in reversed(list(zip(cands, cands[1:], strict=False))):
            if c.speaker is None and c.runs_on and nxt.speaker is not None and (
                    lay.para(nxt.start) - lay.para(c.end) <= 2):
                c.speaker, c.cue = nxt.speaker, nxt.cue


def _sentence_person(doc: Doc, lay: Layout, pron: Token) -> Ref | None:
    """The one person named earlier in the pronoun's sentence ("As for Tucker
    Carlson's view, he said ..."), when the linker left the pronoun unresolved."""
    start = lay.sents[lay.sent(pron.idx)].start_char
    ents = doc._.entities or {}
    people = {m.entity_id: m for m in doc._.mentions or []
              if start <= m.start and m.end <= pron.idx and m.entity_id in ents
              and ents[m.entity_id].type == "PERSON"}
    if len(people) != 1:
        return None
    ent = ents[next(iter(people))]
    return Ref(ent.name, ent.id, pron.idx, pron.idx + len(pron), "pronoun")


def _person_ref(doc: Doc, tok: Token | None, inferred: str | None = None) -> Ref | None:
    """The person `tok` names, if the actors linker knows it as a person."""
    ref = _mention_ref(doc, tok) if tok is not None else None
    ent = (doc._.entities or {}).get(ref.id) if ref is not None and ref.id else None
    if ref is None or ent is None or ent.type != "PERSON":
        return None
    return Ref(ref.name, ref.id, ref.start, ref.end, inferred)


def _name_before(verb: Token) -> Token | None:
    """A person's name right before a comma before the verb."""
    doc = verb.doc
    if verb.i < 2 or doc[verb.i - 1].text != ",":
        return None
    tok = doc[verb.i - 2]
    return tok if tok.ent_type_ == "PERSON" and tok.pos_ == "PROPN" else None


def subject_of(verb: Token, sent: Span) -> Token | None:
    """The one who speaks: the verb's subject, climbing through participles
    ("..., saying"), conjuncts and infinitives to the clause that has one."""
    v = verb
    named = _name_before(verb)
    if named is not None and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
        return named   # "..., Representative Derrick Van Orden, told VOA": a stray comma
    for _ in range(5):
        # the subject nearest the verb: "Moscow political analyst Ilya Grashchenkov"
        subjs = [c for c in v.children if c.dep_ == "nsubj" or c.dep_ == "nsubjpass"
                 and v.lemma_.lower() in ("quote", "cite")]  # "X was quoted as saying"
        subj = min(subjs, key=lambda c: abs(c.i - v.i)) if subjs else None
        if subj is not None:
            if subj.lower_ in _RELATIVE and v.dep_ == "relcl":
                return v.head
            return subj
        if v.dep_ in ("acl", "relcl") and v.head.pos_ in ("NOUN", "PROPN", "PRON", "NUM"):
            noun = v.head
            while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in (
                    "NUM", "PRON", "NOUN") and noun.head.head.i < noun.i:
                noun = noun.head.head
            return noun
        if v.dep_ in ("xcomp", "advcl", "conj", "pcomp", "prep", "ccomp") and v.head.i != v.i:
            v = v.head
            continue
        break
    # the parser lost the subject: the nearest subject-like word to the left
    for t in reversed(sent[:verb.i - sent.start]):
        if t.dep_ in ("nsubj", "conj") and t.pos_ in ("NOUN", "PROPN", "PRON") and (
                t.lower_ not in _RELATIVE) and t.head.pos_ in ("VERB", "AUX", "X"):
            return t
    return None


def subject_span(doc: Doc, subj: Token, verb: Token | None) -> tuple[int, int]:
    """Character span of the subject's noun phrase, without clauses after a comma."""
    i0, i1 = subj.left_edge.i, subj.right_edge.i + 1
    while i0 < subj.i and (doc[i0].is_punct or doc[i0].is_space):
        i0 += 1
    if verb is not None and i0 <= verb.i < i1:
        acl = verb
        while acl.head.i != subj.i and acl.head.i != acl.i:
            acl = acl.head
        i1 = acl.left_edge.i if acl.left_edge.i > subj.i else subj.i + 1
    for k in range(subj.i + 1, i1):
        if doc[k].text in (",", "(", "—", "–", ":"):
            i1 = k
            break
    i1 = min(i1, max(subj.i + 1, i0 + 12))
    while i1 - 1 > i0 and (doc[i1 - 1].is_punct or doc[i1 - 1].is_space):
        i1 -= 1
    return doc[i0].idx, doc[i1 - 1].idx + len(doc[i1 - 1])


def _mention_ref(doc: Doc, tok: Token) -> Ref | None:
    for m in doc._.mentions or []:
        if m.start <= tok.idx < m.end:
            return ref_at(doc, m.start, m.end)
    return None


def _person_in_phrase(doc: Doc, subj: Token) -> Ref | None:
    """A person named before the subject's organisation or place in the same
    phrase, the subject word being a misparse ("lecturer Ana Ruiz of Madrid's
    Carlos III University said"), not a true possessor ("Trump's White House")."""
    if _person_ref(doc, subj) is not None:
        return None
    mention = next((m for m in doc._.mentions or [] if m.start <= subj.idx < m.end), None)
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand") \
        if mention is not None else None
    first = span.start if span is not None else subj.i
    for t in sorted(subj.subtree, key=lambda t: -t.i):
        if t.i >= first or t.ent_type_ != "PERSON":
            continue
        between = doc[t.i + 1:first]
        if doc[t.i + 1].tag_ == "POS" or any(
                b.is_punct or b.pos_ in ("VERB", "AUX", "PRON") for b in between):
            return None
        return _person_ref(doc, t)
    return None


def _closing_appos(doc: Doc, subj: Token, verb: Token | None) -> Ref | None:
    """The name set off by commas at the end of the subject phrase: "Pakistan's
    envoy to the United Nations, Munir Akram, said"."""
    if verb is None:
        return None
    for t in subj.subtree:
        lo, hi = t.left_edge.i, t.right_edge.i + 1
        if t.ent_type_ == "PERSON" and t.i != subj.i and lo > 0 and doc[lo - 1].text == "," \
                and hi + 1 == verb.i and doc[hi].text == "," and all(
                    x.ent_type_ == "PERSON" for x in doc[lo:hi]):
            return _person_ref(doc, t)
    return None


def _according_to(doc: Doc, subj: Token) -> Ref | None:
    """The source the sentence before gave ("..., according to the White House.
    A statement said ..."), for an anonymous document or office."""
    if not any(c.lower_ in ("a", "an", "the") for c in subj.children):
        return None
    sent = subj.sent
    if sent.start == 0:
        return None
    prev = doc[sent.start - 1].sent
    for t in prev:
        if t.lower_ == "according" and t.i + 1 < sent.start and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                lo, hi = objs[0].left_edge, objs[0].right_edge
                return ref_at(doc, lo.idx, hi.idx + len(hi))
    return None


def resolve(text: str, subj: Token, verb: Token | None, lex: Lexicon,
            seen: dict[str, Ref]) -> tuple[Ref | None, str, str | None]:
    """(speaker, why unresolved, head word of a description) for a subject."""
    doc = subj.doc
    ref = _mention_ref(doc, subj)
    if ref is not None:
        return _person_in_phrase(doc, subj) or ref, "", None
    for c in subj.children:
        if c.dep_ == "appos" and (ref := _mention_ref(doc, c)) is not None:
            return ref, "", None
    if (ref := _closing_appos(doc, subj, verb)) is not None:
        return ref, "", None
    if subj.tag_ in _PERSONAL:
        ref = ref_at(doc, subj.idx, subj.idx + len(subj))
        return ref, ("" if ref else "pronoun"), None
    s0, s1 = subject_span(doc, subj, verb)
    name = text[s0:s1]
    if subj.pos_ == "PROPN":
        return Ref(name, None, s0, s1), "", None
    head = subj.lemma_.lower()
    if head in lex.speaks_for:
        inner = ref_at(doc, s0, s1) or _according_to(doc, subj)
        if inner is not None:
            return Ref(inner.name, inner.id, s0, s1, "description"), "", head
    if head in seen and any(c.lower_ in ("the", "this", "that") for c in subj.children):
        ref = seen[head]
        return Ref(ref.name, ref.id, s0, s1, "description"), "", None
    if head in lex.person_roles and any(c.lower_ == "the" for c in subj.children) and not any(
            c.dep_ in ("poss", "compound", "prep") for c in subj.children):
        return None, "anaphor", head
    return Ref(name, None, s0, s1), "", head


def _cut_conj(comp: Token, i1: int, finder: QuoteFinder) -> int:
    """End a reported clause before a conjoined report with its own speaker
    ("he thought X, and he told reporters Y")."""
    for c in comp.children:
        if c.dep_ == "conj" and c.i > comp.i and finder._is_reporting(c) and any(
                g.dep_ == "nsubj" for g in c.children):
            cut = c.left_edge.i
            prev = [t for t in comp.children if t.dep_ in ("cc", "punct") and t.i < cut]
            return min([cut] + [t.i for t in prev if t.i > comp.i]) if prev else cut
    return i1


def _inverted_ok(doc: Doc, comp: Token, verb: Token) -> bool:
    """A clause before its reporting verb must end at a comma or quotation mark
    ("..., said Markov"), not run into another clause ("..., but both sides accused")."""
    nxt = doc[comp.right_edge.i + 1] if comp.right_edge.i + 1 < len(doc) else None
    if nxt is None or not (nxt.text == "," or nxt.is_quote):
        return False
    if comp.tag_ not in _FINITE and not any(c.dep_ in ("aux", "auxpass") and c.tag_ in _FINITE
                                            for c in comp.children):
        return False  # "Speaking to reporters, X stressed ..."
    return not any(t.dep_ == "cc" or "\n" in t.text_with_ws
                   for t in doc[comp.right_edge.i + 1:verb.i])


def _cut_aside(doc: Doc, i0: int, i1: int) -> tuple[int, int]:
    """Drop a closing aside the reporter added: '... “in a bilateral format” — an
    approach that worries Ukraine', 'lasted an hour, their first since ...'."""
    dashes = [t.i for t in doc[i0:i1] if t.text in ("—", "–", "-") and t.whitespace_
              and not (t.i + 1 < len(doc) and doc[t.i + 1].is_quote)]
    if len(dashes) == 1 and dashes[0] > i0 + 3:
        return i0, dashes[0]
    for t in doc[i0:i1]:
        if t.dep_ == "appos" and t.right_edge.i == i1 - 1 and t.left_edge.i > i0 + 3 and (
                doc[t.left_edge.i - 1].text == ","):
            return i0, t.left_edge.i - 1
    return i0, i1


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
    if subj is None:
        return None
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
    if not any(t.tag_ in _FINITE for t in doc[start:a - 1]):
        return None
    return start, a - 1


def _trim_tokens(doc: Doc, i0: int, i1: int) -> tuple[int, int]:
    """Drop the edges that are not the statement: "that", an infinitive's "to",
    punctuation between the clause and its attribution."""
    while i0 < i1 and (doc[i0].is_punct or doc[i0].is_space or doc[i0].lower_ == "that" and (
            doc[i0].dep_ == "mark" or doc[i0].pos_ in ("SCONJ", "ADP"))):
        i0 += 1
    if i0 < i1 and doc[i0].lower_ == "to" and doc[i0].dep_ == "aux":
        i0 += 1
    while i1 > i0 and (doc[i1 - 1].is_space or doc[i1 - 1].text in _TRAIL_TOKENS):
        i1 -= 1
    return i0, i1


def _is_title(doc: Doc, t0: int, t1: int) -> bool:
    """Every content word capitalised, and more than one: a name of a work or law."""
    content = [t for t in doc[t0:t1] if t.is_alpha and not t.is_stop]
    return len(content) >= 2 and all(t.text[0].isupper() for t in content)


def _before(text: str, i: int) -> str:
    """The last character before i that is not white space ("" at the start)."""
    k = i - 1
    while k >= 0 and text[k].isspace():
        k -= 1
    return text[k] if k >= 0 else ""


def _n_words(doc: Doc, i0: int, i1: int) -> int:
    return sum(1 for t in doc[i0:i1] if t.is_alpha or t.like_num)


_WORD = re.compile(r"\w+")


def _words(text: str, start: int, end: int) -> int:
    return len(_WORD.findall(text, start, end))
