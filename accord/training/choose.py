"""Choosing the event layer's thresholds on the dev split, and the ablation
(rules only, learned only, combined), measured with `accord eval`'s scorer.

The pipeline runs once per story up to the rule events; the layer is then
applied with each setting to a copy of those events, so a grid costs little.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import Any

from accord.eval import evaluate
from accord.record import build_record
from accord.training.corpus import Corpus, to_gold

__all__ = ["choose_thresholds", "score_layer"]


def _docs(nlp: Any, corpus: Corpus, split: str) -> list[Any]:
    from accord.pipeline import make_doc

    out = []
    for ann in corpus.annotations(split):
        s = ann.story
        doc = make_doc(nlp, s.text, {"source": s.file, "published": s.published})
        for name, proc in nlp.pipeline:
            if name == "accord_event_layer":
                break
            doc = proc(doc)
        doc.user_data["accord_rule_events"] = list(doc._.events or [])
        out.append(doc)
    return out


def _apply(nlp: Any, docs: list[Any], **setting: Any) -> list[dict[str, Any]]:
    layer = nlp.get_pipe("accord_event_layer")
    saved = (layer.keep, layer.add, layer.mode)
    layer.keep, layer.add, layer.mode = (setting.get("keep", layer.keep),
                                         setting.get("add", layer.add),
                                         setting.get("mode", layer.mode))
    records = []
    try:
        names = [n for n, _ in nlp.pipeline]
        after = names[names.index("accord_event_layer"):]
        for doc in docs:
            doc._.events = list(doc.user_data["accord_rule_events"])
            for name in after:
                doc = nlp.get_pipe(name)(doc)
            records.append(build_record(doc))
    finally:
        layer.keep, layer.add, layer.mode = saved
    return records


def score_layer(nlp: Any, corpus: Corpus, split: str,
                settings: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Event type / type+actor F1 (and macro F1 over types) per setting."""
    docs = _docs(nlp, corpus, split)
    gold = to_gold(corpus.annotations(split))
    out = []
    for setting in settings:
        scores = evaluate(gold, _apply(nlp, docs, **setting)).as_dict()
        out.append({**setting, "type_f1": scores["event_type"]["f1"],
                    "type_precision": scores["event_type"]["precision"],
                    "type_recall": scores["event_type"]["recall"],
                    "actor_f1": scores["event_type_actor"]["f1"],
                    "macro_f1": scores.get("event_macro_f1")})
    return out


def choose_thresholds(nlp: Any, corpus: Corpus | None = None, split: str = "dev",
                      keeps: Iterable[float] = (0.0, 0.02, 0.05, 0.1, 0.2),
                      adds: Iterable[float] = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01)
                      ) -> dict[str, Any]:
    """The combined setting with the best type F1 on `split`, and the ablation."""
    corpus = corpus or Corpus()
    grid = [{"mode": "combined", "keep": k, "add": a} for k, a in itertools.product(keeps, adds)]
    scored = score_layer(nlp, corpus, split, [{"mode": "rules"}, *grid])
    rules, combined = scored[0], scored[1:]
    best = max(combined, key=lambda r: (r["type_f1"], r["actor_f1"], -r["add"]))
    learned = score_layer(nlp, corpus, split, [{"mode": "learned", "add": best["add"]}])[0]
    return {"best": best, "rules": rules, "learned": learned, "grid": combined}


def _fold_corpus(corpus: Corpus, ids: list[str]) -> Corpus:
    sub = Corpus(corpus.root)
    sub.splits = {"fold": sorted(ids)}
    return sub


def cross_validate(*, corpus: Corpus | None = None, split: str = "train", folds: int = 5,
                   epochs: int = 3, corpus_weight: int = 3, use_ngec: bool = True,
                   keeps: Iterable[float] = (0.0, 0.05, 0.15, 0.3),
                   adds: Iterable[float] = (0.3, 0.4, 0.5, 0.6, 1.01),
                   seed: int = 7, log: Any = print) -> list[dict[str, Any]]:
    """k-fold cross-validation over `split`'s stories: for each fold, the
    classifier is trained on the other folds (and NGEC-2025) and the layer is
    scored on the fold's stories with every setting; the rows are the means
    over folds, best type F1 first. The rules were never tuned on the train
    split, so this is what the layer does on stories nobody tuned on."""
    import random

    from accord.pipeline import build_nlp
    from accord.training.events import _slugs as slugs
    from accord.training.events import (
        corpus_heads,
        fit_classifier,
        ngec_heads,
        rules_nlp,
    )

    corpus = corpus or Corpus()
    rules = rules_nlp()
    log(f"reading the {split} split and NGEC-2025 through the rules pipeline")
    heads = corpus_heads(rules, corpus, split)
    ngec = ngec_heads(rules, exclude=slugs(corpus)) if use_ngec else []
    ids = sorted(corpus.splits[split])
    random.Random(seed).shuffle(ids)
    parts = [ids[i::folds] for i in range(folds)]
    full = build_nlp()
    layer: Any = full.get_pipe("accord_event_layer")
    settings: list[dict[str, Any]] = [{"mode": "rules"}]
    settings += [{"mode": "combined", "keep": k, "add": a} for k in keeps for a in adds]
    settings += [{"mode": "learned", "add": a} for a in adds if a <= 1.0]
    totals: dict[tuple[Any, ...], dict[str, Any]] = {}
    for n, held in enumerate(parts, 1):
        held_set = set(held)
        train = [e for e in heads if e.source.split(":", 1)[1] not in held_set]
        clf = fit_classifier(train * corpus_weight + ngec, epochs=epochs)
        layer.use_model(clf)
        for row in score_layer(full, _fold_corpus(corpus, held), "fold", settings):
            key = (row["mode"], row.get("keep"), row.get("add"))
            acc = totals.setdefault(key, {k: v for k, v in row.items()
                                          if k in ("mode", "keep", "add")})
            for metric in ("type_f1", "type_precision", "type_recall", "actor_f1", "macro_f1"):
                acc[metric] = acc.get(metric, 0.0) + (row[metric] or 0.0) / folds
        log(f"fold {n}/{folds} done")
    rows = sorted(totals.values(), key=lambda r: -r["type_f1"])
    return [{k: round(v, 4) if isinstance(v, float) else v for k, v in r.items()} for r in rows]
