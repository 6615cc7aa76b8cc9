"""When two reports tell the same event or proposal: the rule of the
cross-document merge, in one place (settings in accord/data/merge.yaml).

Two items merge only when all of these hold:

1. **Actors known and the same.** Both actors (a proposal's proposer) have an
   entity id, and it is the same id; the recipients are the same, or one report
   leaves the recipient unsaid. An item whose actor is unknown (no actor, or
   one only described: "a Russian source") never merges.
2. **Types agree.** Events: the same PLOVER type and the same `negated` and
   `hypothetical` flags. Proposals: the same kind, where a more specific kind
   agrees with the bare one ("30-day ceasefire" with "ceasefire") but two
   specific ones do not ("energy ceasefire", "30-day ceasefire").
3. **Dates within a window.** Each item's date, else its article's date of
   publication (news tells the recent; an item with neither never merges), as
   an interval (a day, a month, a year); the two intervals at most
   `window_days` apart.
4. **Texts similar enough.** The Dice coefficient of the two texts' content
   words (an event's evidence; a proposal's kind, terms and conditions:
   lower case; stop words, the actors' own names and one-letter words left
   out; crude stems, so "killed" meets "killing") is at least
   `min_similarity`, and they share at least `min_shared` words.

`accord.record` groups the items of one article by this rule; the store
(`Store.put_record`) compares each new item with the stored items of other
articles that pass 1-3 and adopts the group of the most similar one that
passes 4 (single linkage: a report joins a group when it is like any of its
members). Which group id a merged item gets depends on the order articles
were stored in; which items end up together does not, as long as the rule
links them.
"""

from __future__ import annotations

import re
from calendar import monthrange
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from accord.yamlfile import safe_load

DATA = Path(__file__).resolve().parent / "data" / "merge.yaml"
_WORD = re.compile(r"[^\W_](?:[\w'’-]*\w)?")
_SUFFIXES = ("ings", "ing", "ies", "ied", "ed", "es", "s", "ly")

__all__ = ["Item", "Settings", "compatible", "content_words", "date_span", "item_of",
           "kinds_agree", "same", "score", "settings", "similarity"]


@dataclass(frozen=True)
class Settings:
    window_days: int
    min_similarity: float
    min_shared: int


@dataclass(frozen=True)
class Item:
    """What the merge rule looks at in one event or proposal."""

    kind: str  # event or proposal
    type: str  # the PLOVER type, or the proposal's kind
    actor: str | None  # entity id of the actor (proposer)
    recipient: str | None
    date: str | None  # the item's date, else its article's
    words: frozenset[str]  # content words of its evidence
    negated: bool = False
    hypothetical: bool = False


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    data: dict[str, Any] = safe_load(DATA.read_text(encoding="utf-8"))
    return data


def settings(kind: str) -> Settings:
    """The thresholds for `event` or `proposal` items."""
    block = _data()["events" if kind == "event" else "proposals"]
    return Settings(int(block["window_days"]), float(block["min_similarity"]),
                    int(block["min_shared"]))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    return frozenset(str(_data()["stopwords"]).lower().split())


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            word = word[:-len(suffix)]
            break
    return word[:6]


def content_words(text: str, *, names: tuple[str | None, ...] = ()) -> frozenset[str]:
    """The stems of `text`'s content words, without those of `names` (the
    actors, which the rule has compared already)."""
    stop = _stopwords()
    drop: set[str] = set()
    for name in names:
        if name:
            drop |= {_stem(w.lower()) for w in _WORD.findall(name)}
    out = set()
    for raw in _WORD.findall(text):
        word = raw.lower().strip("'’-").removesuffix("'s").removesuffix("’s")
        if len(word) < 2 or word in stop:
            continue
        stem = _stem(word)
        if stem not in drop:
            out.add(stem)
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str]) -> tuple[float, int]:
    """(Dice coefficient, number of shared words) of two content-word sets."""
    if not a or not b:
        return 0.0, 0
    shared = len(a & b)
    return 2 * shared / (len(a) + len(b)), shared


def date_span(value: str | None) -> tuple[date, date] | None:
    """The days a SPEC date names: '2025-03-11', '2025-03' or '2025'; None when
    there is no usable date."""
    if not value:
        return None
    try:
        year = int(value[:4])
        if len(value) >= 10:
            day = date.fromisoformat(value[:10])
            return day, day
        if len(value) >= 7:
            month = int(value[5:7])
            return date(year, month, 1), date(year, month, monthrange(year, month)[1])
        return date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return None


def dates_close(a: str | None, b: str | None, window: int) -> bool:
    sa, sb = date_span(a), date_span(b)
    if sa is None or sb is None:
        return False
    gap = max(sa[0] - sb[1], sb[0] - sa[1], timedelta(0))
    return gap.days <= window


def _kind(value: str) -> str:
    return re.sub(r"[\s_-]+", " ", value.casefold()).strip()


def kinds_agree(a: str, b: str) -> bool:
    """Same kind, or one the bare form of the other ("ceasefire" and "30-day
    ceasefire"); "energy ceasefire" and "30-day ceasefire" do not agree."""
    ka, kb = _kind(a), _kind(b)
    if not ka or not kb:
        return False
    return ka == kb or ka.endswith(" " + kb) or kb.endswith(" " + ka)


def item_of(kind: str, d: dict[str, Any], published: str | None) -> Item:
    """An event or proposal of a record (its dict) as the rule sees it: an
    event's words are those of its evidence; a proposal's, those of what it
    offers (its kind, terms and conditions), not of the sentence around it
    (who answered, where it was said)."""
    actor = d.get("actor" if kind == "event" else "proposer") or {}
    recipient = d.get("recipient") or {}
    text = d.get("text") or ""
    if kind == "proposal":  # what is offered, not the sentence around it
        text = " ".join([d.get("kind") or "", *(d.get("terms") or []),
                         *(d.get("conditions") or [])])
    return Item(kind, str((d.get("type") if kind == "event" else d.get("kind")) or ""),
                actor.get("id") or None, recipient.get("id") or None,
                d.get("date") or published,
                content_words(text, names=(actor.get("name"), recipient.get("name"))),
                bool(d.get("negated")), bool(d.get("hypothetical")))


def compatible(a: Item, b: Item) -> bool:
    """Rules 1-3: known, same actors; types agree; dates within the window."""
    if a.kind != b.kind or not a.actor or a.actor != b.actor:
        return False
    if a.recipient and b.recipient and a.recipient != b.recipient:
        return False
    if a.kind == "event":
        if (a.type, a.negated, a.hypothetical) != (b.type, b.negated, b.hypothetical):
            return False
    elif not kinds_agree(a.type, b.type):
        return False
    return dates_close(a.date, b.date, settings(a.kind).window_days)


def score(a: Item, b: Item) -> float | None:
    """The similarity of two items that merge (all four rules), else None."""
    if not compatible(a, b):
        return None
    rule = settings(a.kind)
    dice, shared = similarity(a.words, b.words)
    if dice < rule.min_similarity or shared < rule.min_shared:
        return None
    return dice


def same(a: Item, b: Item) -> bool:
    """Whether two items tell the same event or proposal."""
    return score(a, b) is not None
