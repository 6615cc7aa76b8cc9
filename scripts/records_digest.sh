#!/usr/bin/env bash
# Same output before and after a refactor: ingest the samples and the 89 VOA
# stories (which hold every story of the gold sets in tests/data/), export every
# record, and print one digest per document (its record less the pipeline
# fingerprint, which hashes the code itself) plus the digest of the whole export.
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
def content(line):
    # the pipeline fingerprint hashes the code itself: a refactor changes it
    # and nothing else, so it is left out of the digests
    rec = json.loads(line)
    rec.pop("fingerprint", None)
    return json.dumps(rec, sort_keys=True, ensure_ascii=False)
lines = sorted(content(line) for line in
               open(f"{out}/records.jsonl", encoding="utf-8").read().splitlines())
with open(f"{out}/digests", "w") as f:
    for line in lines:
        rec = json.loads(line)
        f.write(f"{rec['doc_id']} {hashlib.sha256(line.encode()).hexdigest()[:16]}\n")
print(len(lines), "records, export sha256", hashlib.sha256("\n".join(lines).encode()).hexdigest())
PY
for g in seeds voa_heldout voa_blind2 voa_blind3; do
  "$bin" eval "tests/data/$g.gold.json" --db "$out/records.db" --json | python3 -c "
import json, sys
d = json.load(sys.stdin)
f = lambda k: d[k]['f1']
a = lambda k: d[k]['accuracy']
print('$g', 'quotes %.3f speaker %.3f events %.3f type+actor %.3f macro %.3f proposals R %.3f '
      'conditions %.3f stance %.3f entities %.3f offsets %.3f' % (
      f('quotes'), a('speaker_accuracy'), f('event_type'), f('event_type_actor'),
      d['event_macro_f1'], d['proposals']['recall'], f('conditions'),
      a('response_stance_accuracy'), f('entities'), a('offsets')))"
done > "$out/eval.txt"
cat "$out/eval.txt"
