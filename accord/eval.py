"""Scoring against gold annotations, by the rules of SPEC.md section 5.

- Quote: token Dice >= 0.5 on lower-cased word tokens; speaker right when a
  gold key alternative occurs in the predicted speaker's name or aliases.
- Event: same type and overlapping evidence span; actor judged as speakers.
- Proposal: proposer key and overlapping evidence; conditions matched by
  Dice >= 0.5; response stance accuracy over gold responses of matched proposals.
- Entity: gold actor keys found among the predicted entities' names/aliases.
- Offsets: share of predicted items whose text[start:end] equals their text.

Gold items marked `marginal` count when found and are never counted as missed.
Matching is one-to-one and greedy, best pairs first.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.errors import GoldError

_TOKEN = re.compile(r"\w+", re.UNICODE)


def tokens(text: str) -> Counter[str]:
    return Counter(_TOKEN.findall(text.lower()))


def dice(a: str, b: str) -> float:
    ta, tb = tokens(a), tokens(b)
    total = sum(ta.values()) + sum(tb.values())
    return 2 * sum((ta & tb).values()) / total if total else 0.0


def key_matches(key: str | None, names: Iterable[str]) -> bool:
    """A gold key (`a|b|c`, or None for 'anyone') against predicted names/aliases."""
    if key is None:
        return True
    alts = [k.strip().lower() for k in key.split("|") if k.strip()]
    low = [n.lower() for n in names if n]
    return any(alt in n for alt in alts for n in low)


def find_spans(text: str, evidence: str) -> list[tuple[int, int]]:
    """Where a gold evidence string stands in the text (exact, then loosely)."""
    spans, start = [], text.find(evidence)
    while start != -1:
        spans.append((start, start + len(evidence)))
        start = text.find(evidence, start + 1)
    if spans:
        return spans
    words = _TOKEN.findall(evidence)
    if not words:
        return []
    pattern = r"\W+".join(re.escape(w) for w in words)
    return [(m.start(), m.end()) for m in re.finditer(pattern, text, re.IGNORECASE)]


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> int:
    return max((min(e, end) - max(s, start) for s, e in spans), default=0)


@dataclass
class PRF:
    tp: int = 0
    n_pred: int = 0
    n_gold: int = 0
    # Where predictions and gold items do not pair one-to-one (entities), the
    # predictions that are right, counted on their side.
    tp_pred: int | None = None

    @property
    def precision(self) -> float:
        tp = self.tp if self.tp_pred is None else self.tp_pred
        return tp / self.n_pred if self.n_pred else 0.0

    @property
    def recall(self) -> float:
        return min(self.tp, self.n_gold) / self.n_gold if self.n_gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "f1": round(self.f1, 4), "tp": self.tp, "pred": self.n_pred,
                "gold": self.n_gold}


@dataclass
class Ratio:
    right: int = 0
    total: int = 0
    empty: float = 0.0  # the value with nothing to count

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else self.empty

    def as_dict(self) -> dict[str, float | int]:
        return {"accuracy": round(self.value, 4), "right": self.right, "total": self.total}


@dataclass
class Scores:
    quotes: PRF = field(default_factory=PRF)
    speaker: Ratio = field(default_factory=Ratio)
    event_type: PRF = field(default_factory=PRF)
    event_actor: PRF = field(default_factory=PRF)
    proposals: PRF = field(default_factory=PRF)
    conditions: PRF = field(default_factory=PRF)
    stance: Ratio = field(default_factory=Ratio)
    entities: PRF = field(default_factory=PRF)
    # No item at all has no broken offset.
    offsets: Ratio = field(default_factory=lambda: Ratio(empty=1.0))
    # event type F1 per PLOVER type (same matching as event_type)
    per_type: dict[str, PRF] = field(default_factory=dict)
    documents: int = 0
    missing: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents, "missing": self.missing,
            "quotes": self.quotes.as_dict(), "speaker_accuracy": self.speaker.as_dict(),
            "event_type": self.event_type.as_dict(),
            "event_type_actor": self.event_actor.as_dict(),
            "proposals": self.proposals.as_dict(), "conditions": self.conditions.as_dict(),
            "response_stance_accuracy": self.stance.as_dict(),
            "entities": self.entities.as_dict(), "offsets": self.offsets.as_dict(),
            "event_per_type": {t: v.as_dict() for t, v in sorted(self.per_type.items())},
            "event_macro_f1": round(self.macro_f1, 4),
        }

    @property
    def macro_f1(self) -> float:
        """Mean event type F1 over the types the gold has."""
        present = [v.f1 for v in self.per_type.values() if v.n_gold]
        return sum(present) / len(present) if present else 0.0


def _greedy(pairs: list[tuple[float, int, int]]) -> list[tuple[int, int]]:
    """One-to-one matching, best score first: pairs are (score, pred, gold)."""
    used_p: set[int] = set()
    used_g: set[int] = set()
    out = []
    for _score, p, g in sorted(pairs, key=lambda t: (-t[0], t[1], t[2])):
        if p not in used_p and g not in used_g:
            used_p.add(p)
            used_g.add(g)
            out.append((p, g))
    return out


def _names(ref: dict[str, Any] | None, entities: dict[str, dict[str, Any]]) -> list[str]:
    if not ref:
        return []
    names = [ref.get("name") or ""]
    ent = entities.get(ref.get("id") or "")
    if ent:
        names += [ent.get("name") or ""] + list(ent.get("aliases") or [])
    return names


def _count(prf: PRF, golds: list[dict[str, Any]], preds: list[Any],
           matches: list[tuple[int, int]]) -> None:
    matched_gold = {g for _, g in matches}
    prf.tp += len(matches)
    prf.n_pred += len(preds)
    prf.n_gold += sum(1 for i, g in enumerate(golds)
                      if not g.get("marginal") or i in matched_gold)


def score_document(gold: dict[str, Any], pred: dict[str, Any], s: Scores) -> None:
    text = pred["text"]
    ents = {e["id"]: e for e in pred.get("entities", [])}
    _score_quotes(gold.get("quotes", []), pred.get("quotes", []), ents, s)
    _score_events(gold.get("events", []), pred.get("events", []), text, ents, s)
    _score_proposals(gold.get("proposals", []), pred.get("proposals", []), text, ents, s)
    _score_entities(gold.get("entities", []), pred.get("entities", []), s)
    _score_offsets(pred, s)


def _score_quotes(golds: list[dict[str, Any]], preds: list[dict[str, Any]],
                  ents: dict[str, dict[str, Any]], s: Scores) -> None:
    pairs = [(d, p, g) for p, pq in enumerate(preds) for g, gq in enumerate(golds)
             if (d := dice(pq["text"], gq["text"])) >= 0.5]
    matches = _greedy(pairs)
    _count(s.quotes, golds, preds, matches)
    for p, g in matches:
        s.speaker.total += 1
        if key_matches(golds[g].get("key"), _names(preds[p].get("speaker"), ents)):
            s.speaker.right += 1


def _score_events(golds: list[dict[str, Any]], preds: list[dict[str, Any]], text: str,
                  ents: dict[str, dict[str, Any]], s: Scores) -> None:
    spans = [find_spans(text, g["evidence"]) for g in golds]
    typed: list[tuple[float, int, int]] = []
    acted: list[tuple[float, int, int]] = []
    for p, pe in enumerate(preds):
        for g, ge in enumerate(golds):
            if pe["type"] != ge["type"]:
                continue
            ov = _overlaps(spans[g], pe["start"], pe["end"])
            if ov <= 0:
                continue
            typed.append((ov, p, g))
            if key_matches(ge.get("actor"), _names(pe.get("actor"), ents)):
                acted.append((ov, p, g))
    matched = _greedy(typed)
    _count(s.event_type, golds, preds, matched)
    _count(s.event_actor, golds, preds, _greedy(acted))
    for t in {e["type"] for e in golds} | {e["type"] for e in preds}:
        gi = [g for g, ge in enumerate(golds) if ge["type"] == t]
        pi = [p for p, pe in enumerate(preds) if pe["type"] == t]
        _count(s.per_type.setdefault(t, PRF()), [golds[g] for g in gi], pi,
               [(pi.index(p), gi.index(g)) for p, g in matched if g in gi])


def _score_proposals(golds: list[dict[str, Any]], preds: list[dict[str, Any]], text: str,
                     ents: dict[str, dict[str, Any]], s: Scores) -> None:
    pairs = []
    for g, gp in enumerate(golds):
        spans = find_spans(text, gp["evidence"])
        for p, pp in enumerate(preds):
            ov = _overlaps(spans, pp["start"], pp["end"])
            if ov > 0 and key_matches(gp.get("proposer"), _names(pp.get("proposer"), ents)):
                pairs.append((float(ov), p, g))
    matches = _greedy(pairs)
    _count(s.proposals, golds, preds, matches)
    matched = dict((g, p) for p, g in matches)
    s.conditions.n_pred += sum(len(pp.get("conditions") or []) for pp in preds)
    for g, gp in enumerate(golds):
        if gp.get("marginal") and g not in matched:
            continue
        gconds = gp.get("conditions") or []
        s.conditions.n_gold += len(gconds)
        if g not in matched:
            continue
        pp = preds[matched[g]]
        pconds = pp.get("conditions") or []
        cpairs = [(d, i, j) for i, pc in enumerate(pconds) for j, gc in enumerate(gconds)
                  if (d := dice(pc, gc)) >= 0.5]
        s.conditions.tp += len(_greedy(cpairs))
        for gr in gp.get("responses") or []:
            s.stance.total += 1
            if any(r.get("stance") == gr.get("stance")
                   and key_matches(gr.get("actor"), _names(r.get("actor"), ents))
                   for r in pp.get("responses") or []):
                s.stance.right += 1


def _score_entities(golds: list[dict[str, Any]], preds: list[dict[str, Any]],
                    s: Scores) -> None:
    names = [[e.get("name") or ""] + list(e.get("aliases") or []) for e in preds]
    s.entities.n_gold += len(golds)
    s.entities.tp += sum(1 for g in golds if any(key_matches(g["key"], n) for n in names))
    s.entities.n_pred += len(preds)
    s.entities.tp_pred = (s.entities.tp_pred or 0) + sum(
        1 for n in names if any(key_matches(g["key"], n) for g in golds))


def _score_offsets(pred: dict[str, Any], s: Scores) -> None:
    text = pred["text"]
    items = list(pred.get("quotes", [])) + list(pred.get("events", [])) \
        + list(pred.get("proposals", []))
    items += [r for p in pred.get("proposals", []) for r in p.get("responses", [])]
    for item in items:
        s.offsets.total += 1
        start, end = item.get("start"), item.get("end")
        if isinstance(start, int) and isinstance(end, int) and text[start:end] == item.get("text"):
            s.offsets.right += 1


def load_gold(path: str | Path) -> list[dict[str, Any]]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"cannot read gold file ({exc})", source=str(path)) from None
    if not isinstance(data, list) or not all(isinstance(d, dict) and "file" in d for d in data):
        raise GoldError("a gold file is a JSON list of objects with a `file` field",
                        source=str(path))
    return data


def load_predictions(path: str | Path) -> list[dict[str, Any]]:
    """Records from an `accord export --format jsonl` file."""
    out = []
    try:
        with open(path, encoding="utf-8") as fh:
            for n, line in enumerate(fh, start=1):
                if line.strip():
                    try:
                        out.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        raise GoldError(f"line {n} is not JSON ({exc.msg})",
                                        source=str(path)) from None
    except OSError as exc:
        raise GoldError(f"cannot read predictions ({exc})", source=str(path)) from None
    return out


def _doc_key(value: str | None) -> str:
    return (value or "").replace("\\", "/").rsplit("/", 1)[-1].split("#", 1)[0]


def evaluate(gold: list[dict[str, Any]], predictions: Iterable[dict[str, Any]]) -> Scores:
    by_file: dict[str, dict[str, Any]] = {}
    for rec in predictions:
        by_file.setdefault(_doc_key(rec.get("source")), rec)
    scores = Scores()
    for g in gold:
        pred = by_file.get(_doc_key(g["file"]))
        if pred is None:
            scores.missing.append(g["file"])
            pred = {"text": "", "entities": [], "quotes": [], "events": [], "proposals": []}
        scores.documents += 1
        score_document(g, pred, scores)
    return scores
