#!/usr/bin/env bash
# Store benchmarks (medians of RUNS runs, default 3):
#  1. `entente ingest` throughput on BBC News 2225 + AG News world items (JSONL, from ../shared).
#  2. `entente import gdelt` on a ROWS-row file (default 10,000,000) resampled from the real GDELT 2.0
#     export sample: every row gets a new GLOBALEVENTID and a SQLDATE spread over 2015-2019. Generated
#     into a temporary directory (about 4 GB for 10M rows), never into the repository. Target >= 1M rows/s.
#  3. `entente events --dyad USA:CHN --limit 100` over the store that import made (a whole process:
#     start, open read-only, query, print). Target < 100 ms.
#  4. `entente events --text` (scan over evidence sentences) on the ingest store.
# Needs python3; skips parts whose inputs in ../shared are absent.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${SHARED:-$root/../shared}"
runs="${RUNS:-3}"
rows="${ROWS:-10000000}"
target="${CARGO_TARGET_DIR:-$root/target}"
if [[ ! -d "$shared/corpora" ]]; then
  echo "bench/store/store_bench.sh: $shared/corpora not found; skipping"
  exit 0
fi
(cd "$root" && cargo build --release -q -p entente-cli)
entente="$target/release/entente"
work="$(mktemp -d "${TMPDIR:-/tmp}/entente-store-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

python3 - "$shared" "$work" "$rows" <<'PY'
import csv, json, os, sys
shared, work, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(os.path.join(work, "news.jsonl"), "w", encoding="utf-8") as out:
    with open(os.path.join(shared, "corpora/ag_news_test/test.csv"), newline="", encoding="utf-8") as f:
        for n, (label, title, description) in enumerate(csv.reader(f), 1):
            if label == "1":
                text = title.strip() + "\n\n" + description.replace("\\", " ").strip()
                out.write(json.dumps({"id": f"ag-{n}", "text": text, "source": "AG News"}) + "\n")
    bbc = os.path.join(shared, "corpora/bbc_news_2225")
    for folder in sorted(d for d in os.listdir(bbc) if os.path.isdir(os.path.join(bbc, d))):
        for name in sorted(os.listdir(os.path.join(bbc, folder))):
            with open(os.path.join(bbc, folder, name), encoding="utf-8", errors="replace") as f:
                out.write(json.dumps({"id": f"bbc-{folder}-{name}", "text": f.read(), "source": "BBC"}) + "\n")
import datetime
sample = [l.rstrip("\n").split("\t") for l in open(os.path.join(shared, "corpora/gdelt2_export_sample/20191024143000.export.CSV"), encoding="utf-8")]
start = datetime.date(2015, 1, 1)
days = [(start + datetime.timedelta(d)).strftime("%Y%m%d") for d in range(5 * 365)]
with open(os.path.join(work, "gdelt.export.CSV"), "w", encoding="utf-8", buffering=1 << 22) as out:
    for i in range(rows):
        row = sample[i % len(sample)]
        day = days[(i * 7919) % len(days)]
        out.write("\t".join([str(1_000_000_000 + i), day, day[:6], day[:4]] + row[4:]) + "\n")
PY
# Write the generated inputs out before timing anything: otherwise the kernel flushes gigabytes of
# them to disk while the first commands run, and those are measured with that work.
sync

echo "== ingest: $(wc -l <"$work/news.jsonl") documents (AG News world + BBC News 2225)"
walls=()
for run in $(seq "$runs"); do
  rm -f "$work/ingest.duckdb"*
  t0="$(now)"; "$entente" --store "$work/ingest.duckdb" ingest "$work/news.jsonl" >"$work/ingest.txt" 2>/dev/null || true; t1="$(now)"
  walls+=("$(elapsed "$t0" "$t1")")
done
wall="$(printf '%s\n' "${walls[@]}" | median)"
docs="$(wc -l <"$work/news.jsonl")"
echo "ingest: median wall ${wall}s, $(awk -v d="$docs" -v w="$wall" 'BEGIN {printf "%.0f", d / w}') docs/s"
sed 's/^/  /' "$work/ingest.txt"

walls=()
for run in $(seq "$runs"); do
  t0="$(now)"; "$entente" --store "$work/ingest.duckdb" events --text "minister said" --format jsonl >/dev/null; t1="$(now)"
  walls+=("$(elapsed "$t0" "$t1")")
done
echo "events --text \"minister said\" over $(grep -o '[0-9]* documents' "$work/ingest.txt" | tail -1): median $(printf '%s\n' "${walls[@]}" | median)s"

echo "== import gdelt: $rows rows, $(du -h "$work/gdelt.export.CSV" | cut -f1)"
walls=()
for run in $(seq "$runs"); do
  rm -f "$work/gdelt.duckdb"*
  t0="$(now)"; "$entente" --store "$work/gdelt.duckdb" import gdelt "$work/gdelt.export.CSV" >"$work/import.txt"; t1="$(now)"
  walls+=("$(elapsed "$t0" "$t1")")
  cat "$work/import.txt"
done
wall="$(printf '%s\n' "${walls[@]}" | median)"
echo "import: median wall ${wall}s, $(awk -v r="$rows" -v w="$wall" 'BEGIN {printf "%.0f", r / w}') rows/s (target >= 1000000)"

echo "== events --dyad over $rows events"
"$entente" --store "$work/gdelt.duckdb" events --dyad USA:CHN --limit 100 --format jsonl >/dev/null  # warm the page cache
walls=()
for run in $(seq "$((runs * 3))"); do
  t0="$(now)"; "$entente" --store "$work/gdelt.duckdb" events --dyad USA:CHN --limit 100 --format jsonl >"$work/dyad.jsonl"; t1="$(now)"
  walls+=("$(elapsed "$t0" "$t1")")
done
echo "events --dyad USA:CHN --limit 100: median $(printf '%s\n' "${walls[@]}" | median)s over $((runs * 3)) runs, $(wc -l <"$work/dyad.jsonl") rows (target < 0.100s)"
walls=()
for run in $(seq "$((runs * 3))"); do
  t0="$(now)"; "$entente" --store "$work/gdelt.duckdb" events --dyad USA:CHN --format jsonl >"$work/dyad.jsonl"; t1="$(now)"
  walls+=("$(elapsed "$t0" "$t1")")
done
echo "events --dyad USA:CHN (all): median $(printf '%s\n' "${walls[@]}" | median)s, $(wc -l <"$work/dyad.jsonl") rows"
