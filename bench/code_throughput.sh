#!/usr/bin/env bash
# Speed of `entente code` against TABARI's figures and the Aho-Corasick floor.
#
# Corpora (from ../shared, skipped when absent): AG News test, World items only (class 1; title and
# description as the text), BBC News 2225 (every folder), and BBC four times over (the large input the
# target names), each converted to one JSONL file in a temporary directory. For each: sentences (the
# pipeline's own segmenter, counted by the ac_floor example), then `entente code --format jsonl` run RUNS times (default 3) under /usr/bin/time -v:
# median wall time, sentences per second, CPU time, peak resident memory; the floor is one Aho-Corasick pass
# with every dictionary phrase (crates/pipeline/examples/ac_floor.rs), which also times the
# dictionary load in-process (median of 5).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${SHARED:-$root/../shared}"
runs="${RUNS:-3}"
target="${CARGO_TARGET_DIR:-$root/target}"
if [[ ! -d "$shared/corpora" ]]; then
  echo "bench/code_throughput.sh: $shared/corpora not found; skipping"
  exit 0
fi
(cd "$root" && cargo build --release -q -p entente-cli --no-default-features \
  && cargo build --release -q -p entente-pipeline --example ac_floor)
entente="$target/release/entente"
ac_floor="$target/release/examples/ac_floor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 - "$shared" "$work" <<'PY'
import csv, json, os, sys
shared, work = sys.argv[1], sys.argv[2]
with open(os.path.join(shared, "corpora/ag_news_test/test.csv"), newline="", encoding="utf-8") as f, \
     open(os.path.join(work, "ag_news_world.jsonl"), "w", encoding="utf-8") as out:
    for n, (label, title, description) in enumerate(csv.reader(f), 1):
        if label == "1":
            text = title.strip() + "\n\n" + description.replace("\\", " ").strip()
            out.write(json.dumps({"id": f"ag-{n}", "text": text}) + "\n")
bbc = os.path.join(shared, "corpora/bbc_news_2225")
with open(os.path.join(work, "bbc_news.jsonl"), "w", encoding="utf-8") as out:
    for folder in sorted(d for d in os.listdir(bbc) if os.path.isdir(os.path.join(bbc, d))):
        for name in sorted(os.listdir(os.path.join(bbc, folder))):
            with open(os.path.join(bbc, folder, name), encoding="utf-8", errors="replace") as f:
                out.write(json.dumps({"id": f"bbc-{folder}-{name}", "text": f.read()}) + "\n")
# The target is set for a large input: BBC four times over (new ids), so start-up weighs little.
with open(os.path.join(work, "bbc_news.jsonl"), encoding="utf-8") as f:
    bbc_lines = f.readlines()
with open(os.path.join(work, "bbc_news_x4.jsonl"), "w", encoding="utf-8") as out:
    for copy in range(4):
        for line in bbc_lines:
            item = json.loads(line)
            item["id"] = f"copy{copy}-{item['id']}"
            out.write(json.dumps(item) + "\n")
PY

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.3g", a / b }'; }

for corpus in ag_news_world bbc_news bbc_news_x4; do
  input="$work/$corpus.jsonl"
  floor="$("$ac_floor" "$input")"
  get() { awk -v k="$1" '$1 == k {print $2}' <<<"$floor"; }
  sentences="$(get sentences)"
  walls=(); rss=(); cpus=()
  for _ in $(seq "$runs"); do
    /usr/bin/time -v "$entente" code --format jsonl "$input" >"$work/out.jsonl" 2>"$work/time.txt" || true
    walls+=("$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,p,":"); s=0; for(i=1;i<=n;i++) s=s*60+p[i]; print s}' "$work/time.txt")")
    rss+=("$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")")
    cpus+=("$(awk -F': ' '/User time|System time/ {s += $2} END {print s}' "$work/time.txt")")
  done
  wall="$(printf '%s\n' "${walls[@]}" | median)"
  peak_mb="$(printf '%s\n' "${rss[@]}" | median | awk '{printf "%.1f", $1 / 1024}')"
  cpu="$(printf '%s\n' "${cpus[@]}" | median)"
  rate="$(awk -v s="$sentences" -v w="$wall" 'BEGIN { printf "%.0f", (w > 0 ? s / w : 0) }')"
  cpu_rate="$(awk -v s="$sentences" -v c="$cpu" 'BEGIN { printf "%.0f", (c > 0 ? s / c : 0) }')"
  events="$(wc -l <"$work/out.jsonl")"
  echo "== $corpus: $(get documents) documents, $(get bytes) bytes, $sentences sentences, $events events"
  echo "entente code: median wall ${wall}s over $runs runs, ${rate} sentences/s, peak RSS ${peak_mb} MB"
  echo "CPU time (user+sys, median): ${cpu}s, ${cpu_rate} sentences per CPU-second (less sensitive to a busy machine; load now: $(cut -d' ' -f1 /proc/loadavg))"
  echo "dictionary load (in-process, median of 5): $(get dictionary_load_ms) ms; Aho-Corasick floor: $(get phrases) phrases, scan $(get ac_scan_ms) ms, $(get ac_sentences_per_second) sentences/s"
  echo "ratios: floor/entente speed $(ratio "$(get ac_sentences_per_second)" "$rate")x;" \
    "vs TABARI whole process (5,000-7,800/s) $(ratio "$rate" 7800)-$(ratio "$rate" 5000)x;" \
    "vs TABARI coding loop (17,000-24,000/s) $(ratio "$rate" 24000)-$(ratio "$rate" 17000)x;" \
    "vs target 100,000/s $(ratio "$rate" 100000)x;" \
    "memory vs TABARI 12 MB $(ratio "$peak_mb" 12)x, vs target 200 MB $(ratio "$peak_mb" 200)x;" \
    "load vs TABARI 600 ms $(ratio "$(get dictionary_load_ms)" 600)x, vs target 100 ms $(ratio "$(get dictionary_load_ms)" 100)x"
  echo
done
