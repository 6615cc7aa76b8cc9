"""The annotated corpus in `corpus/`: stories split into sentences, and each
annotator's labels (events, quotes, proposals) with their offsets.

See corpus/README.md for the format, the splits and how they were made. This
module reads it for training (`accord train`), turns a split into a gold file
`accord eval` scores against (`to_gold`), and measures the agreement between
two annotators of the same stories (`agreement`).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import GoldError
from accord.eval import dice, key_matches
from accord.model import EVENT_TYPES

__all__ = ["CORPUS", "Annotation", "Corpus", "Story", "agreement", "kappa", "to_gold"]

CORPUS = Path(__file__).resolve().parents[2] / "corpus"


@dataclass
class Story:
    id: str
    text: str
    sentences: list[tuple[int, int]]
    url: str | None = None
    section: str | None = None
    title: str | None = None
    published: str | None = None
    source: str | None = None

    @property
    def file(self) -> str:
        """What `accord eval` matches a prediction's source against."""
        if self.url:
            return self.url
        return Path(self.source or self.id).name

    def locate(self, sentence: int, needle: str, occurrence: int = 1) -> tuple[int, int]:
        """Offsets of the occurrence-th copy of `needle` starting in `sentence`."""
        start, end = self.sentences[sentence]
        pos = start - 1
        for _ in range(occurrence):
            pos = self.text.find(needle, pos + 1)
            if pos < 0 or pos >= end:
                raise GoldError(f"{needle[:50]!r} does not start in sentence {sentence}",
                                source=self.id)
        return pos, pos + len(needle)


@dataclass
class Annotation:
    """One annotator's labels of one story; every item gets `start`/`end`."""

    story: Story
    annotator: str
    events: list[dict[str, Any]] = field(default_factory=list)
    quotes: list[dict[str, Any]] = field(default_factory=list)
    proposals: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def read(cls, path: Path, story: Story) -> Annotation:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise GoldError(f"cannot read annotation ({exc})", source=str(path)) from None
        ann = cls(story, path.parent.name)
        for ev in data.get("events", []):
            ann.events.append(_placed(story, ev, "evidence"))
        for q in data.get("quotes", []):
            ann.quotes.append(_placed(story, q, "text"))
        for p in data.get("proposals", []):
            prop = _placed(story, p, "evidence")
            prop["mentions"] = [_placed(story, m, "text") for m in p.get("mentions", [])]
            prop["conditions"] = [_placed(story, c, "text") for c in p.get("conditions", [])]
            prop["responses"] = [_placed(story, r, "evidence") for r in p.get("responses", [])]
            ann.proposals.append(prop)
        return ann

    def sentence_types(self) -> list[set[str]]:
        """The event types labelled on each sentence (empty: "none")."""
        out: list[set[str]] = [set() for _ in self.story.sentences]
        for ev in self.events:
            out[ev["sentence"]].add(ev["type"])
        return out


def _placed(story: Story, item: dict[str, Any], field_: str) -> dict[str, Any]:
    start, end = story.locate(int(item["sentence"]), item[field_], int(item.get("occurrence", 1)))
    return {**item, "start": start, "end": end}


class Corpus:
    """The stories, the splits, and the primary annotation of each story."""

    def __init__(self, root: str | Path | None = None) -> None:
        self.root = Path(root) if root else CORPUS
        self.splits: dict[str, list[str]] = {
            k: v for k, v in json.loads((self.root / "splits.json").read_text()).items()
            if not k.startswith("_")}
        assign = json.loads((self.root / "assignments.json").read_text())
        self.primary: dict[str, str] = {sid: who for who, ids in assign["primary"].items()
                                        for sid in ids}
        self.second: dict[str, str] = {sid: who for who, ids in assign.get("second", {}).items()
                                       for sid in ids}
        self._stories: dict[str, Story] = {}

    def story(self, sid: str) -> Story:
        if sid not in self._stories:
            data = json.loads((self.root / "stories" / f"{sid}.json").read_text(encoding="utf-8"))
            self._stories[sid] = Story(
                id=data["id"], text=data["text"],
                sentences=[(int(a), int(b)) for a, b in data["sentences"]],
                url=data.get("url"), section=data.get("section"), title=data.get("title"),
                published=data.get("published"), source=data.get("source"))
        return self._stories[sid]

    def split_of(self, sid: str) -> str:
        return next(k for k, ids in self.splits.items() if sid in ids)

    def annotation(self, sid: str, annotator: str | None = None) -> Annotation | None:
        who = annotator or self.primary[sid]
        path = self.root / "annotations" / who / f"{sid}.json"
        return Annotation.read(path, self.story(sid)) if path.exists() else None

    def annotations(self, split: str | None = None) -> Iterator[Annotation]:
        ids = self.splits[split] if split else [i for ids in self.splits.values() for i in ids]
        for sid in ids:
            ann = self.annotation(sid)
            if ann is not None:
                yield ann

    def stats(self) -> dict[str, dict[str, int]]:
        out: dict[str, dict[str, int]] = {}
        for split in self.splits:
            c: Counter[str] = Counter()
            for ann in self.annotations(split):
                c["stories"] += 1
                c["sentences"] += len(ann.story.sentences)
                c["sentences with events"] += sum(1 for t in ann.sentence_types() if t)
                c["events"] += len(ann.events)
                c["quotes"] += len(ann.quotes)
                c["proposals"] += len(ann.proposals)
                c["conditions"] += sum(len(p["conditions"]) for p in ann.proposals)
                c["responses"] += sum(len(p["responses"]) for p in ann.proposals)
                c["mentions"] += sum(len(p["mentions"]) for p in ann.proposals)
            out[split] = dict(c)
        return out


def to_gold(annotations: Iterable[Annotation]) -> list[dict[str, Any]]:
    """Gold records in the format of `accord eval` (gold/FORMAT.md)."""
    out = []
    for ann in annotations:
        s = ann.story
        out.append({
            "file": s.file, "published": s.published, "title": s.title,
            "annotator": ann.annotator, "entities": [],
            "quotes": [{k: q.get(k) for k in ("text", "kind", "speaker", "key", "marginal")}
                       for q in ann.quotes],
            "events": [{k: e.get(k) for k in ("type", "mode", "actor", "recipient", "evidence",
                                              "negated", "hypothetical", "future", "marginal")}
                       for e in ann.events],
            "proposals": [{
                "proposer": p.get("proposer"), "recipient": p.get("recipient"),
                "kind": p.get("kind"), "evidence": p["evidence"], "terms": p.get("terms", []),
                "mentions": [m["text"] for m in p["mentions"]],
                "conditions": [c["text"] for c in p["conditions"]],
                "responses": [{"actor": r.get("actor"), "stance": r.get("stance"),
                               "evidence": r["evidence"]} for r in p["responses"]],
            } for p in ann.proposals],
        })
    return out


# -- agreement ----------------------------------------------------------------

def kappa(a: list[bool], b: list[bool]) -> float | None:
    """Cohen's kappa of two annotators' yes/no labels of the same items."""
    n = len(a)
    if n == 0:
        return None
    po = sum(x == y for x, y in zip(a, b, strict=True)) / n
    pa, pb = sum(a) / n, sum(b) / n
    pe = pa * pb + (1 - pa) * (1 - pb)
    if pe == 1:
        return None  # both said "no" (or "yes") to everything: undefined
    return (po - pe) / (1 - pe)


def _overlap(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return bool(a["start"] < b["end"] and b["start"] < a["end"])


def _greedy_pairs(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    used_a: set[int] = set()
    used_b: set[int] = set()
    out = []
    for _, i, j in sorted(pairs, key=lambda t: -t[0]):
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            out.append((i, j))
    return out


def _keys_agree(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return any(key_matches(x, b.split("|")) for x in a.split("|"))


def agreement(pairs: list[tuple[Annotation, Annotation]]) -> dict[str, Any]:
    """Agreement of two annotators over the same stories.

    Per type: Cohen's kappa of "this sentence tells an event of this type";
    overall: kappa of "this sentence tells any event", and F1 of one
    annotator's items against the other's (events: same type and overlapping
    evidence; quotes: Dice >= 0.5; proposals: overlapping evidence or mention),
    with speaker and actor agreement over matched items.
    """
    per_type: dict[str, tuple[list[bool], list[bool]]] = {t: ([], []) for t in EVENT_TYPES}
    any_a: list[bool] = []
    any_b: list[bool] = []
    counts: Counter[str] = Counter()
    for a, b in pairs:
        ta, tb = a.sentence_types(), b.sentence_types()
        counts["sentences"] += len(ta)
        for x, y in zip(ta, tb, strict=True):
            any_a.append(bool(x))
            any_b.append(bool(y))
            for t in EVENT_TYPES:
                per_type[t][0].append(t in x)
                per_type[t][1].append(t in y)
        ev = _greedy_pairs([(min(e["end"], f["end"]) - max(e["start"], f["start"]), i, j)
                            for i, e in enumerate(a.events) for j, f in enumerate(b.events)
                            if e["type"] == f["type"] and _overlap(e, f)])
        counts["events_a"] += len(a.events)
        counts["events_b"] += len(b.events)
        counts["events_matched"] += len(ev)
        counts["actor_agree"] += sum(_keys_agree(a.events[i].get("actor"),
                                                 b.events[j].get("actor")) for i, j in ev)
        qm = _greedy_pairs([(d, i, j) for i, q in enumerate(a.quotes)
                            for j, r in enumerate(b.quotes)
                            if (d := dice(q["text"], r["text"])) >= 0.5])
        counts["quotes_a"] += len(a.quotes)
        counts["quotes_b"] += len(b.quotes)
        counts["quotes_matched"] += len(qm)
        counts["speaker_agree"] += sum(_keys_agree(a.quotes[i].get("key"), b.quotes[j].get("key"))
                                       for i, j in qm)

        def spans(p: dict[str, Any]) -> list[dict[str, Any]]:
            return [p, *p["mentions"]]

        pm = _greedy_pairs([(1.0, i, j) for i, p in enumerate(a.proposals)
                            for j, r in enumerate(b.proposals)
                            if any(_overlap(x, y) for x in spans(p) for y in spans(r))])
        counts["proposals_a"] += len(a.proposals)
        counts["proposals_b"] += len(b.proposals)
        counts["proposals_matched"] += len(pm)

    def f1(kind: str) -> float:
        total = counts[f"{kind}_a"] + counts[f"{kind}_b"]
        return 2 * counts[f"{kind}_matched"] / total if total else 0.0

    types = {}
    for t, (xa, xb) in per_type.items():
        k = kappa(xa, xb)
        types[t] = {"kappa": None if k is None else round(k, 3),
                    "sentences_a": sum(xa), "sentences_b": sum(xb)}
    any_k = kappa(any_a, any_b)
    labelled = [t for t, v in types.items() if v["kappa"] is not None]
    return {
        "stories": len(pairs), **counts,
        "kappa_any_event": None if any_k is None else round(any_k, 3),
        "kappa_mean_over_types": round(sum(types[t]["kappa"] or 0.0 for t in labelled)
                                       / len(labelled), 3) if labelled else None,
        "event_f1": round(f1("events"), 3), "quote_f1": round(f1("quotes"), 3),
        "proposal_f1": round(f1("proposals"), 3),
        "actor_agreement": round(counts["actor_agree"] / counts["events_matched"], 3)
        if counts["events_matched"] else None,
        "speaker_agreement": round(counts["speaker_agree"] / counts["quotes_matched"], 3)
        if counts["quotes_matched"] else None,
        "per_type": types,
    }
