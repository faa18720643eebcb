#!/usr/bin/env bash
# Speed of the Python package against the CLI: BBC News 2225 four times over (the input
# bench/code_throughput.sh calls bbc_news_x4), coded by `entente code --format jsonl FILE` and by
# `entente.Coder().pipe(...)` reading the same JSONL a line at a time. Each is run RUNS times
# (default 3) and the median wall time taken; sentences are the pipeline's own count (the ac_floor
# example), so both rates are sentences per second and their ratio is the figure the issue names
# (target: the package at 0.8 of the CLI or better). Needs ../shared (skipped when absent) and the
# package installed (`pip install ./python`).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
runs="${RUNS:-3}"
target="${CARGO_TARGET_DIR:-$root/target}"
if [[ ! -d "$shared/corpora/bbc_news_2225" ]]; then
  echo "bench/python_pipe.sh: $shared/corpora not found; skipping"
  exit 0
fi
python3 -c "import entente" 2>/dev/null || { echo "bench/python_pipe.sh: pip install ./python first"; exit 1; }
(cd "$root" && cargo build --release -q -p entente-cli --no-default-features \
  && cargo build --release -q -p entente-pipeline --example ac_floor)
entente="$target/release/entente"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$shared" "$work/bbc_news_x4.jsonl" <<'PY'
import json, os, sys
shared, out_path = sys.argv[1], sys.argv[2]
bbc = os.path.join(shared, "corpora/bbc_news_2225")
items = []
for folder in sorted(d for d in os.listdir(bbc) if os.path.isdir(os.path.join(bbc, d))):
    for name in sorted(os.listdir(os.path.join(bbc, folder))):
        with open(os.path.join(bbc, folder, name), encoding="utf-8", errors="replace") as f:
            items.append({"id": f"bbc-{folder}-{name}", "text": f.read()})
with open(out_path, "w", encoding="utf-8") as out:
    for copy in range(4):
        for item in items:
            out.write(json.dumps({**item, "id": f"copy{copy}-{item['id']}"}) + "\n")
PY
input="$work/bbc_news_x4.jsonl"
sentences="$("$target/release/examples/ac_floor" "$input" | awk '$1 == "sentences" {print $2}')"

cat >"$work/pipe.py" <<'PY'
import json, sys, time
import entente
started = time.perf_counter()
coder = entente.Coder()
with open(sys.argv[1], encoding="utf-8") as lines:
    events = sum(len(t) for t in coder.pipe(json.loads(line) for line in lines))
print(f"{time.perf_counter() - started:.3f} {events}")
PY

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
cli_walls=(); py_walls=()
for _ in $(seq "$runs"); do
  started=$(date +%s.%N)
  "$entente" code --format jsonl "$input" >"$work/cli.jsonl"
  cli_walls+=("$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN {printf "%.3f", e - s}')")
  read -r wall py_events < <(python3 "$work/pipe.py" "$input")
  py_walls+=("$wall")
done
cli_wall="$(printf '%s\n' "${cli_walls[@]}" | median)"
py_wall="$(printf '%s\n' "${py_walls[@]}" | median)"
cli_events="$(wc -l <"$work/cli.jsonl")"
rate() { awk -v s="$sentences" -v w="$1" 'BEGIN { printf "%.0f", (w > 0 ? s / w : 0) }'; }
echo "== bbc_news_x4: $sentences sentences; median of $runs runs (load now: $(cut -d' ' -f1 /proc/loadavg))"
echo "entente code (CLI):     ${cli_wall}s, $(rate "$cli_wall") sentences/s, $cli_events events"
echo "entente.Coder().pipe:   ${py_wall}s, $(rate "$py_wall") sentences/s, $py_events events (process start and import included)"
echo "package / CLI speed: $(awk -v c="$cli_wall" -v p="$py_wall" 'BEGIN { printf "%.2f", c / p }') (target 0.8)"
[[ "$cli_events" == "$py_events" ]] || echo "warning: the event counts differ"
