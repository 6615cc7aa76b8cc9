#!/usr/bin/env bash
# Same output before and after a refactor: ingest the samples and the 89 VOA
# stories (which hold every story of the gold sets in tests/data/), export every
# record, and print one digest per document plus the digest of the whole export.
#   scripts/records_digest.sh OUT_DIR        then: diff OUT_A/digests OUT_B/digests
set -euo pipefail
out=${1:?usage: scripts/records_digest.sh OUT_DIR}
bin=${ACCORD:-.venv/bin/accord}
mkdir -p "$out"
rm -f "$out/records.db" "$out/records.db-wal" "$out/records.db-shm"
"$bin" ingest examples tests/data/voa_stories.jsonl --db "$out/records.db" -q --workers 2
"$bin" export --db "$out/records.db" --format jsonl -o "$out/records.jsonl"
python3 - "$out" <<'PY'
import hashlib, json, sys
out = sys.argv[1]
lines = sorted(open(f"{out}/records.jsonl", encoding="utf-8").read().splitlines())
with open(f"{out}/digests", "w") as f:
    for line in lines:
        rec = json.loads(line)
        f.write(f"{rec['doc_id']} {hashlib.sha256(line.encode()).hexdigest()[:16]}\n")
print(len(lines), "records, export sha256", hashlib.sha256("\n".join(lines).encode()).hexdigest())
PY
for g in seeds voa_heldout voa_blind2 voa_blind3; do
  echo "== eval $g"; "$bin" eval "tests/data/$g.gold.json" --db "$out/records.db" | tail -n 12
done > "$out/eval.txt"
