#!/usr/bin/env bash
# Prints `entente eval` figures on the shared gold sets (ConfliBERT five-class, PLOVER GSR, the
# PETRARCH-2 and TABARI test suites with their own dictionaries) and the
# shipped seeds gold. Skips, with a note, when ../shared is absent. Called from .ci/run.
# Usage: bench/eval.sh [--verbose]   (ENTENTE=path/to/entente to use a prebuilt binary)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
entente="${ENTENTE:-}"
if [[ -z "$entente" ]]; then
  (cd "$root" && cargo build --release -q -p entente-cli --no-default-features)
  entente="${CARGO_TARGET_DIR:-$root/target}/release/entente"
fi

echo "== entente eval: tests/gold/seeds.jsonl"
"$entente" eval --gold entente "$root/tests/gold/seeds.jsonl" "$@"

if [[ ! -d "$shared/gold" ]]; then
  echo "bench/eval.sh: $shared/gold not found; skipping the shared gold sets"
  exit 0
fi
echo
echo "== entente eval: conflibert (target accuracy >= 0.70)"
"$entente" eval --gold conflibert "$shared/gold/conflibert-cameo-train/cameo_class_train.tsv" "$@"
echo
echo "== entente eval: plover-gsr (target type accuracy >= 0.70)"
"$entente" eval --gold plover-gsr "$shared/gold/plover-gsr/PLOVER_GSR_CAMEO.txt" "$@"
echo
echo "== entente eval: PETRARCH-2 unit tests, own dictionaries (goal: records exactly right >= 80%)"
"$entente" eval --gold petrarch-unit "$shared/gold/petrarch2-unittests" "$@"
echo
echo "== entente eval: TABARI validation suite, own dictionaries (goal: records exactly right >= 80%)"
"$entente" eval --gold tabari-validate "$shared/gold/tabari-validation" "$@"
echo
echo "== entente eval: locations (goal: country precision >= 0.95, city precision >= 0.85, recall >= 0.80)"
"$entente" eval --gold locations "$root/tests/gold/locations.tsv" --corpora "$shared/corpora" "$@"
echo
echo "== entente eval: plv (real news triples; target (source, target, type) triples found >= 0.55)"
"$entente" eval --gold plv "$shared/gold/plv-train/PLV_train.tsv" "$@"
echo
echo "== entente eval: ngec (synthetic stories; each story's PLOVER type against its best event's)"
"$entente" eval --gold ngec "$shared/gold/ngec-synthetic/gpt_synthetic_events_2023-10-19_19.csv" "$@"
echo
echo "== asserted events with both actors on AG News world + BBC politics (target >= 0.60)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 - "$shared" "$work/news.jsonl" <<'PY'
import csv, json, os, sys
shared, out_path = sys.argv[1], sys.argv[2]
with open(out_path, "w", encoding="utf-8") as out:
    with open(os.path.join(shared, "corpora/ag_news_test/test.csv"), newline="", encoding="utf-8") as f:
        for n, (label, title, description) in enumerate(csv.reader(f), 1):
            if label == "1":
                text = title.strip() + "\n\n" + description.replace("\\", " ").strip()
                out.write(json.dumps({"id": f"ag-{n}", "text": text}) + "\n")
    politics = os.path.join(shared, "corpora/bbc_news_2225/politics")
    for name in sorted(os.listdir(politics)):
        with open(os.path.join(politics, name), encoding="utf-8", errors="replace") as f:
            out.write(json.dumps({"id": f"bbc-politics-{name}", "text": f.read()}) + "\n")
PY
"$entente" code --format jsonl "$work/news.jsonl" | python3 -c '
import json, sys
asserted = [e for e in map(json.loads, sys.stdin) if not e["negated"] and e["modality"] == "actual"]
both = sum(1 for e in asserted if e.get("target"))
inferred = sum(1 for e in asserted for a in (e["source"], e.get("target")) if a and a.get("resolution") == "inferred")
print(f"asserted events: {len(asserted)}; with both actors: {both} ({both / max(len(asserted), 1):.3f}); actors inferred: {inferred}")
'
