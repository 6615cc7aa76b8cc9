"""List speaker, quote and event-actor errors on a split, one line each.

    .venv/bin/python scripts/actor_errors.py train [--kind actors|speakers|quotes] [--dump F]

For every matched event whose gold names an actor the prediction does not
name: the evidence, the gold key, the predicted actor (or None) and the
sentence. For every matched quote whose speaker is wrong: the quote's start,
the gold key and the predicted speaker. For quotes: the gold quotes no
prediction matches (MISS) and the predictions no gold matches (EXTRA).
`--dump F` writes the records as JSON lines, `--load F` reads them back (no
pipeline run). The test split is refused: it is measured once, by the lead.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from measure_split import actor_pairs  # noqa: E402

from accord.eval import _greedy, _names, dice, key_matches  # noqa: E402
from accord.training.corpus import Corpus, to_gold  # noqa: E402


def sentence(text: str, start: int, end: int) -> str:
    left = max(text.rfind("\n", 0, start), text.rfind(". ", 0, start) + 1)
    right = min(x for x in (text.find("\n", end), text.find(". ", end), len(text)) if x >= 0)
    return " ".join(text[left:right + 1].split())


def actor_errors(g: dict[str, Any], rec: dict[str, Any]) -> None:
    text = rec["text"]
    for pi, gi, right in actor_pairs(g, rec):
        ge, pe = g["events"][gi], rec["events"][pi]
        if right:
            continue
        who = (pe.get("actor") or {}).get("name")
        print(f"{g['file'][:28]:28} {ge['type']:9} gold={ge['actor']!r:24} pred={who!r}\n"
              f"    {sentence(text, pe['start'], pe['end'])[:300]}")


def speaker_errors(g: dict[str, Any], rec: dict[str, Any]) -> None:
    ents, preds, golds = {e["id"]: e for e in rec["entities"]}, rec["quotes"], g["quotes"]
    pairs = [(d, p, q) for p, pq in enumerate(preds) for q, gq in enumerate(golds)
             if (d := dice(pq["text"], gq["text"])) >= 0.5]
    for p, q in _greedy(pairs):
        if key_matches(golds[q].get("key"), _names(preds[p].get("speaker"), ents)):
            continue
        who = (preds[p].get("speaker") or {}).get("name")
        print(f"{g['file'][:28]:28} gold={golds[q].get('key')!r:24} pred={who!r}\n"
              f"    {sentence(rec['text'], preds[p]['start'], preds[p]['end'])[:300]}")


def quote_errors(g: dict[str, Any], rec: dict[str, Any]) -> None:
    preds, golds = rec["quotes"], g["quotes"]
    pairs = [(d, p, q) for p, pq in enumerate(preds) for q, gq in enumerate(golds)
             if (d := dice(pq["text"], gq["text"])) >= 0.5]
    m = _greedy(pairs)
    hit_p, hit_g = {p for p, _ in m}, {q for _, q in m}
    for q, gq in enumerate(golds):
        if q not in hit_g:
            near = [pq["text"] for pq in preds if dice(pq["text"], gq["text"]) > 0.2]
            print(f"{g['file'][:28]:28} MISS  {gq['text'][:200]!r}\n      near={near[:2]!r}")
    for p, pq in enumerate(preds):
        if p not in hit_p:
            print(f"{g['file'][:28]:28} EXTRA {pq['text'][:200]!r}")


def records(split: str, load: Path | None, dump: Path | None) -> list[dict[str, Any]]:
    if load:
        return [json.loads(x) for x in load.read_text(encoding="utf-8").splitlines()]
    from accord.pipeline import build_nlp, make_doc
    from accord.record import build_record
    nlp = build_nlp()
    out = []
    for ann in Corpus().annotations(split):
        s = ann.story
        out.append(build_record(nlp(make_doc(nlp, s.text, {"source": s.file,
                                                           "published": s.published}))))
    if dump:
        dump.write_text("\n".join(json.dumps(r) for r in out), encoding="utf-8")
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("split", choices=["train", "dev"])
    ap.add_argument("--kind", choices=["actors", "speakers", "quotes"], action="append")
    ap.add_argument("--dump", type=Path)
    ap.add_argument("--load", type=Path)
    args = ap.parse_args()
    recs = {r["source"]: r for r in records(args.split, args.load, args.dump)}
    show = {"actors": actor_errors, "speakers": speaker_errors, "quotes": quote_errors}
    for kind in args.kind or ["actors"]:
        print(f"##### {kind}")
        for g in to_gold(Corpus().annotations(args.split)):
            show[kind](g, recs[g["file"]])


if __name__ == "__main__":
    main()
