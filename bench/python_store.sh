#!/usr/bin/env bash
# Speed of the Python package's in-process store analyses against the CLI: a store of the seed
# articles and wire stories (what python/tests builds), then `Store.dyad("AZE", "ISR")`,
# `Store.network(all=True)` and `Store.events()` in one interpreter (each call opens and closes
# its own read-only duckdb connection, as users' calls do), against `entente dyad AZE ISR` and
# `entente network --all` as processes. Medians of RUNS calls (default 20). Needs the package
# installed (`pip install ./python`) and the CLI with the store (the default build).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
runs="${RUNS:-20}"
target="${CARGO_TARGET_DIR:-$root/target}"
python3 -c "import entente" 2>/dev/null || { echo "bench/python_store.sh: pip install ./python first"; exit 1; }
(cd "$root" && cargo build --release -q -p entente-cli)
entente="$target/release/entente"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
store="$work/seeds.duckdb"
"$entente" ingest --store "$store" "$root/examples/articles" "$root/examples/wire-stories.jsonl" >/dev/null 2>&1

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cli_ms() {
  for _ in $(seq "$runs"); do
    started=$(date +%s.%N)
    "$entente" "$@" --store "$store" --format jsonl >/dev/null
    awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.1f\n", (e - s) * 1000}'
  done | median
}
echo "entente dyad AZE ISR (process):         $(cli_ms dyad AZE ISR) ms"
echo "entente network --all (process):        $(cli_ms network --all) ms"
python3 - "$store" "$runs" <<'PY'
import statistics, sys, time
import entente
store, runs = entente.Store(sys.argv[1]), int(sys.argv[2])
for label, call in [('Store.dyad("AZE", "ISR")', lambda: store.dyad("AZE", "ISR")),
                    ("Store.network(all=True)", lambda: store.network(all=True)),
                    ("Store.events()", lambda: store.events())]:
    call()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    print(f"{label + ' (in-process):':40s}{statistics.median(times):.1f} ms")
PY
