"""Throughput of `accord ingest` against bare spaCy on the sample corpus
replicated to N articles (default 2,000), as a ratio from one run.

The two are measured in alternating chunks over the same texts, so load from
other processes on a noisy machine hits both alike. Each replica gets a unique
closing line, so every article has its own doc_id and is really stored.

    .venv/bin/python bench/spine.py --articles 2000 --chunks 10
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from accord.ingest.readers import read_articles  # noqa: E402
from accord.pipeline import BASE_MODEL, build_nlp  # noqa: E402
from accord.runner import PipelineSettings, ingest  # noqa: E402
from accord.store import Store  # noqa: E402


def make_corpus(folder: Path, n: int) -> list[Path]:
    seeds = sorted((ROOT / "examples").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds]
    paths = []
    for i in range(n):
        path = folder / f"{i:05d}.txt"
        path.write_text(texts[i % len(texts)] + f"\nReplica {i} of the sample corpus.\n",
                        encoding="utf-8")
        paths.append(path)
    return paths


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--chunks", type=int, default=10)
    ap.add_argument("--out", default=str(ROOT / "bench" / "spine_results.json"))
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        paths = make_corpus(folder, args.articles)
        bare = spacy.load(BASE_MODEL)
        nlp = build_nlp()
        store = Store.open(folder / "bench.db")
        size = max(1, len(paths) // args.chunks)
        t_bare = t_accord = 0.0
        words = stored = 0
        for k in range(0, len(paths), size):
            chunk = [str(p) for p in paths[k:k + size]]
            # Bare spaCy gets the cleaned texts accord would see (same words).
            texts = [a.text for a in read_articles(chunk)]  # type: ignore[union-attr]
            t0 = time.perf_counter()
            for _ in bare.pipe(texts, batch_size=32):
                pass
            t_bare += time.perf_counter() - t0
            t0 = time.perf_counter()
            summary = ingest(read_articles(chunk), store, settings=PipelineSettings(), nlp=nlp)
            t_accord += time.perf_counter() - t0
            words += summary.words
            stored += summary.stored
        store.close()
    result = {
        "articles": args.articles, "stored": stored, "words": words,
        "accord_seconds": round(t_accord, 2), "spacy_seconds": round(t_bare, 2),
        "accord_articles_per_s": round(args.articles / t_accord, 2),
        "spacy_articles_per_s": round(args.articles / t_bare, 2),
        "accord_wps": round(words / t_accord, 1), "spacy_wps": round(words / t_bare, 1),
        "ratio_vs_spacy": round(t_bare / t_accord, 3),
    }
    Path(args.out).write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
