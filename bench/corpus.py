"""The benchmark corpus: sentences of the sample articles (examples/ and the
VOA stories) shuffled and recombined into new articles, deterministically.

    .venv/bin/python bench/corpus.py --n 5000 --words 150-250   # -> bench/corpus/
"""

from __future__ import annotations

import argparse
import json
import random
import re
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "bench" / "corpus"
SEED = 20261122
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"])")


def sentences() -> list[str]:
    """Every sentence of the sample texts, in a stable order."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "examples").glob("*.txt"))]
    with open(ROOT / "tests" / "data" / "voa_stories.jsonl", encoding="utf-8") as fh:
        texts += [json.loads(line)["text"] for line in fh if line.strip()]
    out: list[str] = []
    for text in texts:
        for para in text.split("\n"):
            out += [s.strip() for s in _SENTENCE.split(para)
                    if 8 <= len(s.split()) <= 60]
    return out


def build(n: int, words: tuple[int, int], seed: int = SEED) -> Path:
    """Write n recombined articles of about `words` words as JSONL; returns the path."""
    path = CORPUS / f"articles-{n}-{words[0]}-{words[1]}-{seed}.jsonl"
    if path.exists():
        return path
    CORPUS.mkdir(parents=True, exist_ok=True)
    pool = sentences()
    rng = random.Random(seed)
    start = date(2025, 1, 1)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i in range(n):
            target = rng.randint(*words)
            paras: list[str] = []
            count = 0
            while count < target:
                para = [rng.choice(pool) for _ in range(rng.randint(1, 4 if words[1] >= 40 else 1))]
                count += sum(len(s.split()) for s in para)
                paras.append(" ".join(para))
            title = " ".join(paras[0].split()[:10])
            fh.write(json.dumps({
                "title": title, "text": "\n\n".join(paras), "outlet": "Bench Wire",
                "url": f"https://bench.invalid/{seed}/{i}",
                "published": (start + timedelta(days=rng.randint(0, 364))).isoformat(),
            }, ensure_ascii=False) + "\n")
    tmp.replace(path)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--words", default="150-250")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args()
    lo, hi = (int(x) for x in args.words.split("-"))
    print(build(args.n, (lo, hi), args.seed))


if __name__ == "__main__":
    main()
