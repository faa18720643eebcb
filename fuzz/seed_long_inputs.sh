#!/bin/sh
# Seeds the long_inputs target's corpus with issue 21's inputs: actor-dense text without full stops
# at 16 KB, 256 KB and 1 MB, on one line and hard-wrapped. Usage: fuzz/seed_long_inputs.sh [DIR]
set -eu
dir=${1:-fuzz/corpus/long_inputs}
mkdir -p "$dir"
clause="Russia condemned Ukraine and Israel attacked Hamas while Turkey praised Azerbaijan and "
for size in 16384 262144 1048576; do
    yes "$clause" | tr -d '\n' | head -c "$size" > "$dir/dense-$size.txt"
    yes "$clause" | head -c "$size" > "$dir/dense-wrapped-$size.txt"
done
cp examples/articles/*.txt "$dir/" 2>/dev/null || true
echo "seeded $dir"
