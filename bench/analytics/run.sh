#!/usr/bin/env bash
# End-to-end timings of the analytics commands (whole processes: start, open the store read-only,
# query, compute, print), medians of RUNS runs (default 5).
#
#   bench/analytics/run.sh [STORE]
#
# Without STORE, builds the synthetic store the speed targets name: ROWS (default 10,000,000) GDELT 2.0
# rows resampled from the real export sample in ../shared (new GLOBALEVENTIDs, SQLDATEs spread over
# 2015-2019, the same recipe as bench/store/store_bench.sh), imported into a temporary directory
# (about 4 GB of CSV, deleted on exit). A=USA B=CHN MONTH=2019-06 choose the dyad and the month.
# Targets: dyad monthly series over all years < 100 ms; network + triad census for a one-month
# window < 1 s; full balance report < 1 s.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
shared="${SHARED:-$root/../shared}"
runs="${RUNS:-5}"
rows="${ROWS:-10000000}"
a="${A:-USA}"
b="${B:-CHN}"
month="${MONTH:-2019-06}"
target="${CARGO_TARGET_DIR:-$root/target}"
entente="${ENTENTE:-$target/release/entente}"
[[ -x $entente ]] || (cd "$root" && cargo build --release -q -p entente-cli)

work="$(mktemp -d "${TMPDIR:-/tmp}/entente-analytics-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT
store="${1:-}"
if [[ -z $store ]]; then
  sample="$shared/corpora/gdelt2_export_sample/20191024143000.export.CSV"
  if [[ ! -f $sample ]]; then
    echo "bench/analytics/run.sh: $sample not found and no STORE given; skipping"
    exit 0
  fi
  python3 - "$sample" "$work/gdelt.export.CSV" "$rows" <<'PY'
import datetime, sys
sample_path, out_path, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
sample = [l.rstrip("\n").split("\t") for l in open(sample_path, encoding="utf-8")]
start = datetime.date(2015, 1, 1)
days = [(start + datetime.timedelta(d)).strftime("%Y%m%d") for d in range(5 * 365)]
with open(out_path, "w", encoding="utf-8", buffering=1 << 22) as out:
    for i in range(rows):
        row = sample[i % len(sample)]
        day = days[(i * 7919) % len(days)]
        out.write("\t".join([str(1_000_000_000 + i), day, day[:6], day[:4]] + row[4:]) + "\n")
PY
  store="$work/gdelt.duckdb"
  echo "== importing $rows resampled GDELT rows"
  "$entente" --store "$store" import gdelt "$work/gdelt.export.CSV"
  rm -f "$work/gdelt.export.CSV"
fi

median() { sort -g | awk '{v[NR]=$1} END {print v[int((NR+1)/2)]}'; }
time_ms() {
  local label=$1; shift
  local times=()
  for _ in $(seq "$runs"); do
    local t0 t1
    t0=$(date +%s%N)
    "$entente" --store "$store" "$@" >"$work/out"
    t1=$(date +%s%N)
    times+=($(( (t1 - t0) / 1000000 )))
  done
  printf '%-58s median %6s ms  (%s runs; %s bytes of output)\n' "$label" \
    "$(printf '%s\n' "${times[@]}" | median)" "$runs" "$(wc -c <"$work/out")"
}

echo "== analytics on $store"
time_ms "dyad $a $b, monthly, all years (json)" dyad "$a" "$b" --by month --format json
time_ms "network, one month ($month, json)" network --at "$month" --format json
time_ms "balance report, one month ($month, evidence off)" balance --at "$month" --evidence 0 --format json
time_ms "balance report, one month ($month, 5 events per edge)" balance --at "$month" --format json
time_ms "balance report --focus $a, one month" balance --at "$month" --focus "$a" --format json
time_ms "alerts, latest month vs 6-month baseline" alerts --format json
