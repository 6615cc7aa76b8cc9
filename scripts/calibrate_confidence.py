"""Calibrate accord's confidence on the corpus' dev split (README, "Confidence").

    .venv/bin/python scripts/calibrate_confidence.py            # print the tables
    .venv/bin/python scripts/calibrate_confidence.py --write    # and rewrite
                                                                # accord/data/confidence.yaml

Runs the pipeline over the dev stories (`accord corpus stories --split dev`),
matches every quote, event, proposal and response with the dev gold (`accord
corpus gold --split dev`) by the rules of accord.eval, and counts, per rule
class (accord.confidence), how many were right:

- a quote: it matches a gold quote (Dice >= 0.5) and its speaker is right;
- an event: it matches a gold event of its type (overlapping evidence) whose
  actor it names (accord eval's "events (type+actor)");
- a proposal: it matches a gold proposal (overlap, proposer);
- a response: its proposal matched, and that gold proposal has a response of
  the same stance by the same actor.

A class's confidence is its precision, smoothed ((right + 1) / (n + 2)); a
class seen fewer than MIN_SEEN times falls back to its parent's (the kind's).
Events the classifier typed get their P(type) mapped through the precision of
its bin. Then it prints the precision per confidence bin of every item, the
figure the README reports.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from accord.confidence import DATA, actor_status  # noqa: E402
from accord.eval import (  # noqa: E402
    _greedy,
    _names,
    _overlaps,
    dice,
    find_spans,
    key_matches,
)

MIN_SEEN = 8
P_EDGES = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)
REPORT_BINS = ((0.0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.85), (0.85, 1.01))


def _dev() -> list[tuple[dict[str, Any], list[float | None], dict[str, Any]]]:
    """(record, each event's classifier P, gold) of every dev story."""
    from accord.ingest.readers import article_from_text
    from accord.pipeline import build_nlp, make_doc
    from accord.record import build_record
    from accord.runner import article_meta
    from accord.training.corpus import Corpus, to_gold

    corpus = Corpus()
    nlp = build_nlp()
    out = []
    for ann, gold in zip(corpus.annotations("dev"), to_gold(corpus.annotations("dev")),
                         strict=True):
        s = ann.story
        article = article_from_text(s.text, s.file, title=s.title, published=s.published,
                                    url=s.url)
        doc = nlp(make_doc(nlp, article.text, article_meta(article)))
        probs = [e.confidence for e in sorted(doc._.events or [],
                                              key=lambda e: (e.start, e.type))]
        out.append((build_record(doc), probs, gold))
    return out


def _judged(rec: dict[str, Any], probs: list[float | None], gold: dict[str, Any]
            ) -> list[tuple[str, float | None, bool]]:
    """(rule class, classifier P or None, right?) of every item of one record."""
    text, ents = rec["text"], {e["id"]: e for e in rec["entities"]}
    out: list[tuple[str, float | None, bool]] = []
    gq, pq = gold.get("quotes", []), rec["quotes"]
    pairs = [(d, p, g) for p, q in enumerate(pq) for g, x in enumerate(gq)
             if (d := dice(q["text"], x["text"])) >= 0.5]
    matched = dict(_greedy(pairs))
    for p, q in enumerate(pq):
        right = p in matched and key_matches(gq[matched[p]].get("key"),
                                             _names(q.get("speaker"), ents))
        out.append((f"quote.{q['kind']}.{actor_status(q.get('speaker'))}", None, right))
    ge, pe = gold.get("events", []), rec["events"]
    spans = [find_spans(text, g["evidence"]) for g in ge]
    acted = [(float(ov), p, g) for p, e in enumerate(pe) for g, x in enumerate(ge)
             if e["type"] == x["type"] and (ov := _overlaps(spans[g], e["start"], e["end"])) > 0
             and key_matches(x.get("actor"), _names(e.get("actor"), ents))]
    right_events = {p for p, _ in _greedy(acted)}
    for p, e in enumerate(pe):
        prob = probs[p] if p < len(probs) else None
        rule = "event.learned" if prob is not None else \
            f"event.rule.{actor_status(e.get('actor'))}"
        out.append((rule, prob, p in right_events))
    gp, pp = gold.get("proposals", []), rec["proposals"]
    pairs = []
    for g, x in enumerate(gp):
        found = find_spans(text, x["evidence"])
        for p, prop in enumerate(pp):
            ov = _overlaps(found, prop["start"], prop["end"])
            if ov > 0 and key_matches(x.get("proposer"), _names(prop.get("proposer"), ents)):
                pairs.append((float(ov), p, g))
    props = dict(_greedy(pairs))
    for p, prop in enumerate(pp):
        out.append((f"proposal.{actor_status(prop.get('proposer'))}", None, p in props))
        answers = gp[props[p]].get("responses") or [] if p in props else []
        for r in prop.get("responses") or []:
            right = any(a.get("stance") == r["stance"] and
                        key_matches(a.get("actor"), _names(r.get("actor"), ents))
                        for a in answers)
            out.append((f"response.{actor_status(r.get('actor'))}", None, right))
    return out


def _smoothed(right: int, n: int) -> float:
    return round((right + 1) / (n + 2), 2)


def calibrate(items: list[tuple[str, float | None, bool]]) -> dict[str, Any]:
    seen: Counter[str] = Counter()
    hits: Counter[str] = Counter()
    for rule, _, right in items:
        # a learned event counts for its kind ("event", the fallback of a rule
        # class too rare to measure), not for a rule class
        for key in (["event"] if rule == "event.learned" else _parents(rule)):
            seen[key] += 1
            hits[key] += right
    rules = {k: {"confidence": _smoothed(hits[k], seen[k]), "right": hits[k], "n": seen[k]}
             for k in sorted(seen) if seen[k] >= MIN_SEEN or "." not in k}
    learned = [(p, right) for rule, p, right in items if rule == "event.learned" and p is not None]
    bins = []
    for lo, hi in zip(P_EDGES, (*P_EDGES[1:], 1.01), strict=True):
        inside = [r for p, r in learned if lo <= p < hi]
        if inside:
            bins.append({"from": lo, "confidence": _smoothed(sum(inside), len(inside)),
                         "right": sum(inside), "n": len(inside)})
    return {"rules": rules, "event.learned": bins}


def _parents(rule: str) -> list[str]:
    parts = rule.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts) + 1)]


def _write(table: dict[str, Any]) -> None:
    import yaml

    head = ("# How far to trust each kind of item: its precision on the corpus' dev split,\n"
            "# smoothed ((right + 1) / (n + 2)); written by scripts/calibrate_confidence.py\n"
            "# (accord/confidence.py says how a class is named). `event.learned`: events\n"
            "# the event layer's classifier typed, by their P(type) from `from` up.\n")
    DATA.write_text(head + yaml.safe_dump(table, sort_keys=False, allow_unicode=True),
                    encoding="utf-8")


def _report(items: list[tuple[str, float | None, bool]]) -> None:
    from accord.confidence import _table, event_confidence, lookup

    _table.cache_clear()
    print("\nprecision per confidence bin (dev split, every quote, event, proposal, response)")
    print(f"{'confidence':>12} {'items':>6} {'right':>6} {'precision':>9} {'mean conf':>9}")
    scored = []
    for rule, p, right in items:
        conf = event_confidence(p, None) if rule == "event.learned" else lookup(rule)
        scored.append((conf, right, rule.split(".")[0]))
    for lo, hi in REPORT_BINS:
        inside = [(c, r) for c, r, _ in scored if lo <= c < hi]
        if inside:
            n, right = len(inside), sum(r for _, r in inside)
            mean = sum(c for c, _ in inside) / n
            print(f"{lo:.2f}-{min(hi, 1.0):.2f} {n:>6} {right:>6} {right / n:>9.3f} {mean:>9.3f}")
    for kind in ("quote", "event", "proposal", "response"):
        sub = [(c, r) for c, r, k in scored if k == kind]
        if sub:
            print(f"{kind:>12} {len(sub):>6} {sum(r for _, r in sub):>6} "
                  f"{sum(r for _, r in sub) / len(sub):>9.3f} "
                  f"{sum(c for c, _ in sub) / len(sub):>9.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="rewrite accord/data/confidence.yaml")
    args = ap.parse_args()
    items = [it for rec, probs, gold in _dev() for it in _judged(rec, probs, gold)]
    table = calibrate(items)
    print(f"{'class':<28} {'n':>5} {'right':>6} {'confidence':>10}")
    for key, v in table["rules"].items():
        print(f"{key:<28} {v['n']:>5} {v['right']:>6} {v['confidence']:>10.2f}")
    for b in table["event.learned"]:
        print(f"{'event.learned P>=' + str(b['from']):<28} {b['n']:>5} {b['right']:>6} "
              f"{b['confidence']:>10.2f}")
    if args.write:
        _write(table)
    _report(items)


if __name__ == "__main__":
    main()
