#!/usr/bin/env bash
# The syntax model's figures: UPOS, UAS and LAS on UD English EWT dev and test (gold words,
# predicted tags; LAS compares universal relations, the CoNLL 2018 convention), then two tag+parse
# speeds: on thousands of distinct news sentences (the figure that counts: every sentence reads the
# weight tables afresh, mostly outside the caches) and from the criterion bench (the same eight
# sentences over and over, so their rows stay cached: an upper bound, not the rate on real text).
# Skips the accuracy figures and the news speed, with a note, when ../shared is absent. Called from
# .ci/run.
# Usage: bench/syntax.sh   (ENTENTE=path/to/entente to use a prebuilt binary)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
treebank="$shared/treebanks/ud-english-ewt"
entente="${ENTENTE:-}"
if [[ -z "$entente" ]]; then
  (cd "$root" && cargo build --release -q -p entente-cli --no-default-features)
  entente="${CARGO_TARGET_DIR:-$root/target}/release/entente"
fi

if [[ -d "$treebank" ]]; then
  echo "== entente eval --gold ud: EWT (targets on test: UPOS >= 0.95, UAS >= 0.88, LAS >= 0.85)"
  for split in dev test; do
    printf '%-5s ' "$split"
    "$entente" eval --gold ud "$treebank/en_ewt-ud-$split.conllu"
  done
else
  echo "bench/syntax.sh: $treebank not found; skipping the accuracy figures"
fi

echo
echo "== syntax speed on distinct news sentences (BBC corpus; per CPU-second of the parsing thread;"
echo "   target >= 20,000 sentences/s per core)"
(cd "$root" && SHARED="$shared" cargo bench -q -p entente-syntax --bench news) 2>&1 | grep -v '^$' || true

echo
echo "== syntax speed, warm caches (criterion: eight sentences of about 25 words parsed over and over;"
echo "   an upper bound, not the rate on real text)"
(cd "$root" && cargo bench -q -p entente-syntax --bench parse -- --warm-up-time 1 --measurement-time 5) 2>&1 \
  | grep -A2 '^syntax/' | grep -v '^--' || true
