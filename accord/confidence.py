"""How far to trust each quote, event, proposal and response: a number in
[0, 1], the share of such items that were right on the corpus' dev split.

Where a learned layer decides (an event typed by the event layer's
classifier), its probability, mapped through the dev split's precision at
that probability (`event.learned`: bins of P). Elsewhere the rule that fired
names the item's class, and the class's dev precision is its confidence:

- quote: `quote.<kind>.<speaker>` (kind direct, indirect, mixed; speaker
  `named` (linked by name), `inferred` (through a pronoun, a title or a
  description: "he", "the minister"), `described` (a speaker the text only
  describes: "a diplomat"), `none`);
- event the classifier did not type: `event.rule.<actor>` (as speakers);
- proposal: `proposal.<proposer>`; response: `response.<actor>`.

The table (accord/data/confidence.yaml) is written by
`scripts/calibrate_confidence.py`, which also prints the precision per
confidence bin (README, "Confidence").
"""

from __future__ import annotations

from bisect import bisect_right
from functools import lru_cache
from pathlib import Path
from typing import Any

from accord.model import Ref
from accord.yamlfile import safe_load

DATA = Path(__file__).resolve().parent / "data" / "confidence.yaml"
DEFAULT = 0.5  # a class the table does not know
# Below this, the web UI mutes an item and `--min-confidence` examples use it:
# fewer than half of such items were right on the dev split.
LOW_CONFIDENCE = 0.5

__all__ = ["LOW_CONFIDENCE", "actor_status", "event_confidence", "lookup", "rule_confidence"]


@lru_cache(maxsize=1)
def _table() -> tuple[dict[str, float], list[float], list[float]]:
    raw: dict[str, Any] = safe_load(DATA.read_text(encoding="utf-8")) or {}
    rules = {str(k): float(v["confidence"] if isinstance(v, dict) else v)
             for k, v in (raw.get("rules") or {}).items()}
    bins = raw.get("event.learned") or []
    edges = [float(b["from"]) for b in bins]
    values = [float(b["confidence"]) for b in bins]
    return rules, edges, values


def actor_status(ref: Ref | dict[str, Any] | None) -> str:
    """named, inferred, described or none: how an item's actor was found."""
    if ref is None:
        return "none"
    rid = ref.get("id") if isinstance(ref, dict) else ref.id
    inferred = ref.get("inferred") if isinstance(ref, dict) else ref.inferred
    if not rid:
        return "described"
    return "inferred" if inferred else "named"


def lookup(rule: str) -> float:
    """The calibrated confidence of a rule class (its parent's, else DEFAULT)."""
    rules = _table()[0]
    key = rule
    while key:
        if key in rules:
            return rules[key]
        key = key.rpartition(".")[0]
    return DEFAULT


def rule_confidence(kind: str, *parts: str) -> float:
    return lookup(".".join((kind, *parts)))


def event_confidence(probability: float | None, actor: Ref | dict[str, Any] | None) -> float:
    """An event's confidence: the classifier's P mapped through the dev split's
    precision at that P, or its rule class's when no classifier decided."""
    if probability is None:
        return rule_confidence("event", "rule", actor_status(actor))
    _, edges, values = _table()
    if not edges:
        return round(float(probability), 2)
    i = bisect_right(edges, float(probability)) - 1
    return values[max(i, 0)]
