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
