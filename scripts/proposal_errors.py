"""List proposal errors on a split: gold proposals beside predicted ones, per story.

    .venv/bin/python scripts/proposal_errors.py train [--only ID ...] [--quiet]

Prints, per story with gold or predicted proposals, each gold
proposal (evidence, mentions, conditions, responses) with whether it was
matched, then the predictions, then the split's proposal figures as
accord.eval scores them. The test split is refused: it is measured once.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from accord.eval import _names, dice, evaluate, find_spans, key_matches  # noqa: E402
from accord.pipeline import build_nlp, make_doc  # noqa: E402
from accord.record import build_record  # noqa: E402
from accord.training.corpus import Corpus, to_gold  # noqa: E402


def matched(gp: dict[str, Any], rec: dict[str, Any]) -> dict[str, Any] | None:
    ents = {e["id"]: e for e in rec["entities"]}
    spans = find_spans(rec["text"], gp["evidence"])
    for pp in rec["proposals"]:
        if any(min(e, pp["end"]) > max(s, pp["start"]) for s, e in spans) \
                and key_matches(gp.get("proposer"), _names(pp.get("proposer"), ents)):
            return dict(pp)
    return None


def show(gold: dict[str, Any], rec: dict[str, Any]) -> None:
    text = rec["text"]
    ents = {e["id"]: e for e in rec["entities"]}
    print(f"=== {gold['file']}")
    for gp in gold["proposals"]:
        pp = matched(gp, rec)
        mark = "OK " if pp else "MISS"
        print(f" G[{mark}] {gp.get('kind')} by {gp.get('proposer')}"
              f"{' (marginal)' if gp.get('marginal') else ''}: {gp['evidence']!r}")
        for m in gp.get("mentions") or []:
            print(f"      mention: {m!r}")
        for c in gp.get("conditions") or []:
            hit = pp is not None and any(dice(c, x) >= 0.5 for x in pp.get("conditions") or [])
            print(f"      cond[{'+' if hit else '-'}]: {c!r}")
        for r in gp.get("responses") or []:
            hit = pp is not None and any(
                x.get("stance") == r.get("stance")
                and key_matches(r.get("actor"), _names(x.get("actor"), ents))
                for x in pp.get("responses") or [])
            print(f"      resp[{'+' if hit else '-'}] {r.get('actor')} {r.get('stance')}: "
                  f"{r['evidence']!r}")
    for pp in rec["proposals"]:
        who = (pp.get("proposer") or {}).get("name")
        print(f" P {pp['id']} {pp['kind']} by {who}: {text[pp['start']:pp['end']]!r}")
        for c in pp.get("conditions") or []:
            print(f"      cond: {c!r}")
        for m in pp.get("mentions") or []:
            print(f"      mention: {m['text']!r}")
        for r in pp.get("responses") or []:
            print(f"      resp {(r.get('actor') or {}).get('name')} {r['stance']}: "
                  f"{text[r['start']:r['end']][:160]!r}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("split", choices=["train", "dev"])
    ap.add_argument("--only", nargs="*", default=None)
    ap.add_argument("--quiet", action="store_true", help="figures only")
    args = ap.parse_args()
    nlp = build_nlp()
    anns = list(Corpus().annotations(args.split))
    records = [build_record(nlp(make_doc(nlp, a.story.text, {"source": a.story.file,
                                                             "published": a.story.published})))
               for a in anns]
    gold = to_gold(anns)
    by_file = {r["source"]: r for r in records}
    if not args.quiet:
        for g in gold:
            rec = by_file[g["file"]]
            if (g["proposals"] or rec["proposals"]) and (
                    args.only is None or any(o in g["file"] for o in args.only)):
                show(g, rec)
    d = evaluate(gold, records).as_dict()
    p, c, st = d["proposals"], d["conditions"], d["response_stance_accuracy"]
    print(f"\n{args.split}: proposals R {p['recall']:.3f} P {p['precision']:.3f} "
          f"({p['tp']}/{p['gold']}, {p['pred']} predicted) conditions F1 {c['f1']:.3f} "
          f"({c['tp']}/{c['gold']}, {c['pred']} predicted) stance "
          f"{st['accuracy']:.3f} ({st['right']}/{st['total']})")


if __name__ == "__main__":
    main()
