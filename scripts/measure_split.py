"""Measure accord on one split of the corpus: rules only, learned only, combined.

    .venv/bin/python scripts/measure_split.py dev [--json OUT]
    .venv/bin/python scripts/measure_split.py test      (once, at the end of a round)
    .venv/bin/python scripts/measure_split.py train --setting combined   (one setting)

Prints, per setting of the event layer: quote F1 and speaker accuracy, event
type F1, type+actor F1, the macro F1 over types and the per-type table,
proposal recall/precision, condition F1, response-stance accuracy, and the
share of gold events with an actor whose matched prediction names that actor.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from accord.eval import (  # noqa: E402
    _greedy,
    _names,
    _overlaps,
    evaluate,
    find_spans,
    key_matches,
)
from accord.pipeline import build_nlp, make_doc  # noqa: E402
from accord.record import build_record  # noqa: E402
from accord.training.corpus import Corpus, to_gold  # noqa: E402

SETTINGS = {"rules": {"mode": "rules"}, "learned": {"mode": "learned"}, "combined": {}}


def actor_pairs(g: dict[str, Any], rec: dict[str, Any], tie_break: bool = True
                ) -> list[tuple[int, int, bool]]:
    """(prediction, gold, actor right) for the matched events whose gold names
    an actor. Events pair up by type and evidence overlap, the largest overlap
    first. Where several gold events share one evidence span ("both sides
    agreed": one event per party) their overlaps tie, and `tie_break` pairs
    each with the prediction that names its actor; without it the tie goes by
    list order, which can cross the pairs and count both parties wrong (the
    figure reported before session 5)."""
    ents = {e["id"]: e for e in rec["entities"]}
    spans = [find_spans(rec["text"], e["evidence"]) for e in g["events"]]
    found = {(pi, gi): (overlap, key_matches(ge.get("actor"), _names(pe.get("actor"), ents)))
             for pi, pe in enumerate(rec["events"]) for gi, ge in enumerate(g["events"])
             if pe["type"] == ge["type"]
             and (overlap := _overlaps(spans[gi], pe["start"], pe["end"])) > 0}
    pairs = [(overlap + (0.5 if tie_break and acts else 0.0), pi, gi)
             for (pi, gi), (overlap, acts) in found.items()]
    return [(pi, gi, found[pi, gi][1]) for pi, gi in _greedy(pairs)
            if g["events"][gi].get("actor") is not None]


def actor_share(gold: list[dict[str, Any]], records: list[dict[str, Any]],
                tie_break: bool = True) -> tuple[int, int]:
    """(right, total) over matched events whose gold names an actor."""
    by_file = {r["source"]: r for r in records}
    found = [right for g in gold for _, _, right in actor_pairs(g, by_file[g["file"]], tie_break)]
    return sum(found), len(found)


def measure(split: str, setting: dict[str, Any]) -> dict[str, Any]:
    corpus = Corpus()
    nlp = build_nlp(overrides={"accord_event_layer": setting} if setting else None)
    records = []
    for ann in corpus.annotations(split):
        s = ann.story
        doc = nlp(make_doc(nlp, s.text, {"source": s.file, "published": s.published}))
        records.append(build_record(doc))
    gold = to_gold(corpus.annotations(split))
    scores = evaluate(gold, records).as_dict()
    for key, tie_break in (("event_actor_share", True), ("event_actor_share_list_order", False)):
        right, total = actor_share(gold, records, tie_break)
        scores[key] = {"right": right, "total": total,
                       "share": round(right / total, 4) if total else 0.0}
    return scores


def line(name: str, d: dict[str, Any]) -> str:
    return (f"{name:9} quotes {d['quotes']['f1']:.3f} "
            f"speaker {d['speaker_accuracy']['accuracy']:.3f}"
            f" | events type {d['event_type']['f1']:.3f} (P {d['event_type']['precision']:.3f}"
            f" R {d['event_type']['recall']:.3f}) type+actor {d['event_type_actor']['f1']:.3f}"
            f" macro {d['event_macro_f1']:.3f} actor share {d['event_actor_share']['share']:.3f}"
            f" ({d['event_actor_share']['right']}/{d['event_actor_share']['total']};"
            f" list order {d['event_actor_share_list_order']['share']:.3f})"
            f" | proposals R {d['proposals']['recall']:.3f} P {d['proposals']['precision']:.3f}"
            f" ({d['proposals']['tp']}/{d['proposals']['gold']}) conditions F1"
            f" {d['conditions']['f1']:.3f} ({d['conditions']['tp']}/{d['conditions']['gold']})"
            f" stance {d['response_stance_accuracy']['accuracy']:.3f}"
            f" ({d['response_stance_accuracy']['right']}/{d['response_stance_accuracy']['total']})"
            f" offsets {d['offsets']['accuracy']:.3f}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("split", choices=["train", "dev", "test"])
    ap.add_argument("--json", type=Path)
    ap.add_argument("--setting", choices=sorted(SETTINGS), action="append",
                    help="measure only these settings (repeatable); all three by default")
    args = ap.parse_args()
    chosen = args.setting or list(SETTINGS)
    out = {name: measure(args.split, SETTINGS[name]) for name in chosen}
    for name, d in out.items():
        print(line(name, d))
    if "combined" not in out or "rules" not in out:
        if args.json:
            args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")
        return
    print("\nper type (combined | rules):")
    comb, rules = out["combined"]["event_per_type"], out["rules"]["event_per_type"]
    for t in sorted(set(comb) | set(rules)):
        c, r = comb.get(t, {}), rules.get(t, {})
        print(f"  {t:10} P {c.get('precision', 0):.3f} R {c.get('recall', 0):.3f} F1 "
              f"{c.get('f1', 0):.3f} ({c.get('tp', 0)}/{c.get('pred', 0)}/{c.get('gold', 0)})"
              f" | F1 {r.get('f1', 0):.3f}")
    if args.json:
        args.json.write_text(json.dumps(out, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
