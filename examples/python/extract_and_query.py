"""accord from Python: extract one article, then ingest the samples and query.

Run it from the repository root: .venv/bin/python examples/python/extract_and_query.py [DB]
"""

import sys
import tempfile
from pathlib import Path

import accord

HERE = Path(__file__).resolve().parent.parent  # examples/

# 1. One article, no store: a typed record whose offsets index rec.text.
rec = accord.extract(
    "Russia rejected Ukraine's offer of a 30-day ceasefire on Tuesday, the Kremlin said. "
    '"We will not accept a truce that lets Kyiv rearm," Dmitry Peskov told reporters.',
    published="2025-03-12",
)
for ev in rec.events:
    who = ev.actor.name if ev.actor else "?"
    print(f"event  {ev.type:<8} {who:<16} {ev.date or '':<10} {rec.text[ev.start:ev.end]}")
for q in rec.quotes:
    print(f"quote  {q.kind:<8} {q.speaker.name if q.speaker else '?':<16} {q.text}")

# 2. The samples into a store, then the merged proposals and the quotes of one speaker.
db = sys.argv[1] if len(sys.argv) > 1 else str(Path(tempfile.mkdtemp()) / "accord.db")
engine = accord.Engine(db=db)
summary = engine.ingest([HERE])
print(summary.line())
for p in engine.proposals(kind="ceasefire")["items"]:
    stances = ", ".join(f"{r['actor']['name'] if r['actor'] else '?'}: {r['stance']}"
                        for r in p["responses"])
    print(f"proposal {p['kind']} by {p['proposer']['name'] if p['proposer'] else '?'}"
          f" ({p['n_sources']} source(s)) {stances}")
print(engine.quotes(speaker="peskov", limit=3)["total"], "quotes by Peskov")
