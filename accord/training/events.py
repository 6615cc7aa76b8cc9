"""Training the classifier of the event layer (`accord train`).

One example per candidate clause head (`accord.pipeline.events.learned`):
its features, and the PLOVER types of the corpus events whose evidence it
heads (none: a negative for every type). The corpus' train split gives heads
with their negatives; NGEC-2025's verified evidence quotes
(`corpus/ngec2025/`, MIT, Halterman) add positives: the head of each
quote, with its type. The model is spaCy's `textcat_multilabel` over the
features (bag of features, a linear model), trained with fixed seeds; the dev
split chooses the number of epochs. It is written to
`accord/models/event_types/` with a model card (`meta.json`, `MODEL.md`).
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.model import EVENT_TYPES
from accord.training.corpus import CORPUS, Annotation, Corpus

__all__ = ["MODEL_DIR", "NGEC", "HeadExample", "TrainResult", "corpus_heads", "ngec_heads",
           "rules_nlp", "train_event_model"]

MODEL_DIR = Path(__file__).resolve().parents[1] / "models" / "event_types"
NGEC = CORPUS / "ngec2025" / "verified_positives.jsonl"
SEED = 2026


@dataclass(frozen=True)
class HeadExample:
    features: tuple[str, ...]
    types: frozenset[str]
    source: str


def rules_nlp(config: str | None = None) -> Any:
    """The pipeline with the rules' events only (what the classifier learns on)."""
    from accord.pipeline import build_nlp

    return build_nlp(config, exclude=("accord_event_layer",))


def _layer_words(nlp: Any) -> Any:
    return nlp.get_pipe("accord_event_layer").words if "accord_event_layer" in nlp.pipe_names \
        else nlp.get_pipe("accord_events").words


def _heads_of(doc: Any, start: int, end: int) -> list[Any]:
    """The tokens of [start, end) whose head lies outside it (the span's roots)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return []
    return [t for t in span if not (span.start <= t.head.i < span.end) or t.head.i == t.i]


def _gold_events(ann: Annotation | None) -> list[tuple[int, int, str]]:
    return [(ev["start"], ev["end"], ev["type"]) for ev in ann.events] if ann else []


def _label(words: Any, doc: Any, heads: list[Any], gold: list[tuple[int, int, str]],
           rule_types: dict[int, set[str]]) -> dict[int, set[str]]:
    """Which candidate heads each gold event: inside its evidence, the head
    the rules typed alike, else one the lexicon types alike, else the highest
    head that is no reporting verb, else the evidence's root."""
    from accord.pipeline.common.tokens import tokens
    from accord.pipeline.events.component import rule_at

    tt = tokens(doc)
    out: dict[int, set[str]] = {}
    for start, end, etype in gold:
        inside = [h for h in heads if start <= h.idx < end]
        pick = next((h for h in inside if etype in rule_types.get(h.i, ())), None)
        if pick is None:
            pick = next((h for h in inside if (r := rule_at(words, doc, h.i, tt)) is not None
                         and r.type == etype), None)
        if pick is None:
            plain = [h for h in inside if tt.lemma[h.i] not in words.say_verbs]
            pool = plain or inside
            pick = min(pool, key=_depth) if pool else None
        if pick is None:
            roots = _heads_of(doc, start, end)
            pick = roots[0] if roots else None
        if pick is not None:
            out.setdefault(pick.i, set()).add(etype)
    return out


def _depth(tok: Any) -> int:
    d = 0
    while tok.head.i != tok.i and d < 60:
        tok, d = tok.head, d + 1
    return d


def _doc(nlp: Any, text: str, published: str | None) -> Any:
    from accord.pipeline import make_doc

    return nlp(make_doc(nlp, text, {"source": "corpus", "published": published}))


def _examples(nlp: Any, doc: Any, gold: list[tuple[int, int, str]], source: str
              ) -> Iterator[HeadExample]:
    from accord.pipeline.common.tokens import sentences
    from accord.pipeline.events.learned import candidate_features, candidates

    words = _layer_words(nlp)
    rule_types: dict[int, set[str]] = {}
    for ev in doc._.events or []:
        span = doc.char_span(ev.trigger_start, ev.trigger_end, alignment_mode="expand") \
            if ev.trigger_start is not None else None
        if span is not None and len(span):
            rule_types.setdefault(span[0].i, set()).add(ev.type)
    for sent in sentences(doc):
        heads = candidates(words, doc, sent)
        mine = [g for g in gold if sent.start_char <= g[0] < sent.end_char]
        labels = _label(words, doc, heads, mine, rule_types)
        seen = {t.i for t in heads}
        heads += [doc[i] for i in labels if i not in seen]
        for tok in heads:
            feats = candidate_features(words, doc, tok, sorted(rule_types.get(tok.i, ())))
            yield HeadExample(tuple(feats), frozenset(labels.get(tok.i, ())), source)


def corpus_heads(nlp: Any, corpus: Corpus, split: str) -> list[HeadExample]:
    out: list[HeadExample] = []
    for ann in corpus.annotations(split):
        doc = _doc(nlp, ann.story.text, ann.story.published)
        out.extend(_examples(nlp, doc, _gold_events(ann), f"corpus:{ann.story.id}"))
    return out


def ngec_heads(nlp: Any, path: Path = NGEC, *, exclude: Iterable[str] = (),
               limit: int | None = None) -> list[HeadExample]:
    """The head of each NGEC-2025 verified evidence quote, with its type(s)."""
    if not path.exists():
        return []
    banned = [b for b in exclude if len(b) > 12]
    by_quote: dict[tuple[str, str], set[str]] = {}
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            if row.get("label") != 1 or row.get("label_source") != "verify_judgment":
                continue
            doc_id, quote = str(row["doc_id"]), " ".join(str(row.get("quote") or "").split())
            if len(quote.split()) < 4 or row["event_type"] not in EVENT_TYPES:
                continue
            if any(doc_id.endswith(b) or b.endswith(doc_id) for b in banned):
                continue
            by_quote.setdefault((doc_id, quote), set()).add(row["event_type"])
    items = sorted(by_quote.items())
    if limit is not None:
        items = items[:limit]
    out = []
    from accord.pipeline import make_doc
    from accord.pipeline.events.learned import candidate_features

    words = _layer_words(nlp)
    docs = (make_doc(nlp, q, {"source": "ngec", "published": None}) for (_, q), _ in items)
    for ((doc_id, _), types), doc in zip(items, nlp.pipe(docs, batch_size=64), strict=True):
        sent = next(iter(doc.sents), None)
        if sent is None:
            continue
        head = sent.root
        rule_types = sorted({ev.type for ev in doc._.events or []
                             if ev.trigger_start == head.idx})
        out.append(HeadExample(tuple(candidate_features(words, doc, head, rule_types)),
                               frozenset(types), f"ngec:{doc_id}"))
    return out


def _slugs(corpus: Corpus) -> set[str]:
    """URL slugs of every corpus story (NGEC's doc ids are VOA slugs)."""
    out = set()
    for sid in (s for ids in corpus.splits.values() for s in ids):
        parts = (corpus.story(sid).url or "").rstrip("/").split("/")
        if len(parts) >= 2:
            out.add(parts[-2])
    return out


@dataclass
class TrainResult:
    epochs: int
    seconds: float
    n_train: dict[str, int]
    dev: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)


def _classifier(length: int) -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("textcat_multilabel", config={"model": {
        "@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": False,
        "ngram_size": 1, "no_output_layer": False, "length": length, "nO": None}})
    return nlp


def _feature_doc(nlp: Any, feats: tuple[str, ...]) -> Any:
    from spacy.tokens import Doc

    return Doc(nlp.vocab, words=list(feats) or ["EMPTY"])


def score_heads(nlp: Any, examples: list[HeadExample], threshold: float = 0.5
                ) -> dict[str, Any]:
    """Head-level precision/recall/F1 per type, micro and macro."""
    tc = nlp.get_pipe("textcat_multilabel")
    probs = tc.model.ops.to_numpy(tc.predict([_feature_doc(nlp, e.features) for e in examples]))
    labels = list(tc.labels)
    per: dict[str, dict[str, float]] = {}
    tp_all = fp_all = fn_all = 0
    for j, t in enumerate(labels):
        tp = sum(1 for e, p in zip(examples, probs, strict=True) if p[j] >= threshold
                 and t in e.types)
        fp = sum(1 for e, p in zip(examples, probs, strict=True) if p[j] >= threshold
                 and t not in e.types)
        fn = sum(1 for e, p in zip(examples, probs, strict=True) if p[j] < threshold
                 and t in e.types)
        pr = tp / (tp + fp) if tp + fp else 0.0
        rc = tp / (tp + fn) if tp + fn else 0.0
        per[t] = {"precision": round(pr, 3), "recall": round(rc, 3),
                  "f1": round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0,
                  "support": tp + fn}
        tp_all, fp_all, fn_all = tp_all + tp, fp_all + fp, fn_all + fn
    pr = tp_all / (tp_all + fp_all) if tp_all + fp_all else 0.0
    rc = tp_all / (tp_all + fn_all) if tp_all + fn_all else 0.0
    supported = [v["f1"] for v in per.values() if v["support"]]
    return {"micro_f1": round(2 * pr * rc / (pr + rc), 3) if pr + rc else 0.0,
            "micro_precision": round(pr, 3), "micro_recall": round(rc, 3),
            "macro_f1": round(sum(supported) / len(supported), 3) if supported else 0.0,
            "per_type": per}


def fit_classifier(examples: list[HeadExample], *, epochs: int, length: int = 2 ** 16,
                   seed: int = SEED) -> Any:
    """A textcat_multilabel trained on `examples` (fixed seeds: same data, same model)."""
    from spacy.training import Example
    from spacy.util import minibatch
    from thinc.api import fix_random_seed

    fix_random_seed(seed)
    rng = random.Random(seed)
    clf = _classifier(length)
    batch = [Example.from_dict(_feature_doc(clf, e.features),
                               {"cats": {t: float(t in e.types) for t in EVENT_TYPES}})
             for e in examples]
    optimizer = clf.initialize(lambda: batch)
    for _ in range(epochs):
        rng.shuffle(batch)
        for part in minibatch(batch, size=32):  # type: ignore[no-untyped-call]
            clf.update(part, sgd=optimizer)
    return clf


def training_examples(nlp: Any, corpus: Corpus, splits: Iterable[str], *, use_ngec: bool,
                      corpus_weight: int, log: Any = print) -> tuple[list[HeadExample],
                                                                      dict[str, int]]:
    heads = [e for split in splits for e in corpus_heads(nlp, corpus, split)]
    ngec = ngec_heads(nlp, exclude=_slugs(corpus)) if use_ngec else []
    counts = {"corpus_heads": len(heads),
              "corpus_heads_with_events": sum(1 for e in heads if e.types),
              "ngec_heads": len(ngec)}
    log(f"{counts['corpus_heads']} corpus heads ({counts['corpus_heads_with_events']} heading "
        f"an event), {counts['ngec_heads']} NGEC heads")
    return heads * corpus_weight + ngec, counts


def train_event_model(out: Path = MODEL_DIR, *, corpus: Corpus | None = None,
                      splits: tuple[str, ...] = ("train", "dev"), use_ngec: bool = True,
                      epochs: int = 3, length: int = 2 ** 16, corpus_weight: int = 3,
                      seed: int = SEED, log: Any = print, nlp: Any = None) -> TrainResult:
    """Train the classifier on `splits` (never the test split) and save it.

    The settings (epochs, corpus weight, features, the layer's thresholds)
    were chosen by 5-fold cross-validation over the train split's stories
    (`accord train --cv`), where the rules were never tuned.
    """
    if "test" in splits:
        raise ValueError("the test split is never trained on")
    started = time.perf_counter()
    corpus = corpus or Corpus()
    nlp = nlp or rules_nlp()
    log(f"reading the corpus ({', '.join(splits)}) and NGEC-2025 through the rules pipeline")
    examples, counts = training_examples(nlp, corpus, splits, use_ngec=use_ngec,
                                         corpus_weight=corpus_weight, log=log)
    clf = fit_classifier(examples, epochs=epochs, length=length, seed=seed)
    result = TrainResult(epochs=epochs, seconds=round(time.perf_counter() - started, 1),
                         n_train=counts, dev={})
    _save(clf, out, result, seed=seed, length=length, use_ngec=use_ngec,
          corpus_weight=corpus_weight, splits=list(splits))
    log(f"saved {out} ({result.seconds} s)")
    return result


def _save(clf: Any, out: Path, result: TrainResult, **settings: Any) -> None:
    out.mkdir(parents=True, exist_ok=True)
    clf.meta["name"] = "accord_event_types"
    clf.meta["version"] = "0.1.0"
    clf.meta["description"] = ("PLOVER event types told by a clause head (multi-label), "
                               "for accord's event layer; built by `accord train`.")
    clf.meta["accord"] = {"epochs": result.epochs, "seconds": result.seconds,
                          "n_train": result.n_train, "settings": settings}
    clf.to_disk(out)
    n = result.n_train
    (out / "MODEL.md").write_text(f"""# accord_event_types

Which PLOVER event types a clause head tells (multi-label; none for most
heads), for accord's event layer (`accord/pipeline/events/learned.py`).

- Built by `accord train` (`make train`) from `corpus/` ({', '.join(settings['splits'])}
  splits: {n['corpus_heads']} candidate heads, {n['corpus_heads_with_events']} heading a
  labelled event) and {n['ngec_heads']} NGEC-2025 evidence quotes (MIT, Andy Halterman;
  Voice of America text), seed {settings['seed']}, {result.epochs} epochs, each corpus
  head counted {settings['corpus_weight']} times (NGEC's quotes carry no negatives);
  {result.seconds} s in all on a 2-core machine. Never trained on the test split.
- Model: spaCy `textcat_multilabel`, a linear model over a bag of features
  (`candidate_features`: the head's lemma, part of speech and dependency, its
  governor, its dependents and their words, the lexicon's and the rules'
  types, quotation), hash table of {settings['length']} rows.
- Settings and the layer's thresholds were chosen by 5-fold cross-validation
  over the train split's stories (`accord train --cv`); the scores are in the
  repository's CHANGELOG and `corpus/README.md`.
""", encoding="utf-8")
