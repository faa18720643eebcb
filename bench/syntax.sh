#!/usr/bin/env bash
# The syntax model's figures: UPOS, UAS and LAS on UD English EWT dev and test (gold words,
# predicted tags; LAS compares universal relations as CoNLL 2018 does), then tag+parse speed.
# Run from the repository root: bash bench/syntax.sh
set -euo pipefail
cd "$(dirname "$0")/.."
TREEBANK=../shared/treebanks/ud-english-ewt

cargo build --release -q -p entente-cli --no-default-features
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | sed -n 's/.*"target_directory":"\([^"]*\)".*/\1/p')
ENTENTE="$TARGET_DIR/release/entente"

if [ -d "$TREEBANK" ]; then
  for split in dev test; do
    printf 'EWT %-4s ' "$split"
    "$ENTENTE" eval --gold ud "$TREEBANK/en_ewt-ud-$split.conllu"
  done
else
  echo "syntax: $TREEBANK not found; skipping the accuracy figures"
fi

echo "syntax speed (criterion; sentences of about 25 words):"
cargo bench -q -p entente-syntax --bench parse -- --warm-up-time 1 --measurement-time 5 2>&1 \
  | grep -E '^syntax/|time:|thrpt:' || true
