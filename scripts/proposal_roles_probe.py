"""Could the event layer's learned types stand in for learned proposal roles?

    .venv/bin/python scripts/proposal_roles_probe.py train [--load F]

Issue 14 asks for learned sentence roles (offer, demand, condition,
response). The corpus' train split holds 16 proposals, too few to train a
role classifier of its own; the nearest trained signal is the event layer,
whose AGREE (offers) and REQUEST (demands) come from 1,480 train sentences
plus NGEC-2025. This counts, per split, the gold proposals the proposal
component misses with the event types that overlap them, and the AGREE and
REQUEST events that overlap no predicted proposal, split by whether they
overlap a gold one: what adding every such event as a proposal would gain
(recall) and cost (precision). The test split is refused.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from actor_errors import records  # noqa: E402

from accord.eval import find_spans  # noqa: E402
from accord.training.corpus import Corpus, to_gold  # noqa: E402

ROLE_TYPES = ("AGREE", "REQUEST")


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return min(a[1], b[1]) > max(a[0], b[0])


def probe(gold: list[dict[str, Any]], recs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    found = 0
    missed: Counter[str] = Counter()
    extra: Counter[tuple[str, bool]] = Counter()
    for g in gold:
        rec = recs[g["file"]]
        predicted = [(p["start"], p["end"]) for p in rec["proposals"]]
        gold_spans = [find_spans(rec["text"], gp["evidence"]) for gp in g.get("proposals", [])]
        for spans in gold_spans:
            if any(_overlap(s, p) for s in spans for p in predicted):
                found += 1
                continue
            types = sorted({e["type"] for e in rec["events"]
                            if any(_overlap(s, (e["start"], e["end"])) for s in spans)})
            missed["+".join(types) or "no event"] += 1
        for e in rec["events"]:
            span = (e["start"], e["end"])
            if e["type"] in ROLE_TYPES and not any(_overlap(span, p) for p in predicted):
                extra[(e["type"], any(_overlap(span, s) for ss in gold_spans for s in ss))] += 1
    gain = sum(n for (_, hit), n in extra.items() if hit)
    total = sum(extra.values())
    return {"found": found, "missed_by_event_type": dict(missed),
            "candidates": total, "candidates_on_a_gold_proposal": gain,
            "candidate_precision": round(gain / total, 3) if total else None}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("split", choices=["train", "dev"])
    ap.add_argument("--load", type=Path)
    args = ap.parse_args()
    recs = {r["source"]: r for r in records(args.split, args.load, None)}
    print(args.split, probe(to_gold(Corpus().annotations(args.split)), recs))


if __name__ == "__main__":
    main()
