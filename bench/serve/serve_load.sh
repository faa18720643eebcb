#!/usr/bin/env bash
# Load test of `entente serve` (not a timed test): imports a ROWS-event store (default 1,000,000)
# resampled from the GDELT 2.0 export sample in examples/gdelt, serves it on 127.0.0.1, and runs
# CLIENTS concurrent clients (default 50) for DURATION seconds (default 60) over dyad, events, network and
# health requests. Reports requests/s, p50/p95/p99 latency and errors per endpoint.
# Goal (issue 18): 0 errors, p95 under 100 ms for dyad and events at 50 clients.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
rows="${ROWS:-1000000}"
target="${CARGO_TARGET_DIR:-$root/target}"
(cd "$root" && cargo build --release -q -p entente-cli)
entente="$target/release/entente"
work="$(mktemp -d "${TMPDIR:-/tmp}/entente-serve-load.XXXXXX")"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

python3 - "$root/examples/gdelt/20191024143000.export.sample.CSV" "$work/gdelt.export.CSV" "$rows" <<'PY'
import datetime, sys
sample_path, out_path, rows = sys.argv[1], sys.argv[2], int(sys.argv[3])
sample = [l.rstrip("\n").split("\t") for l in open(sample_path, encoding="utf-8") if l.strip()]
start = datetime.date(2015, 1, 1)
days = [(start + datetime.timedelta(d)).strftime("%Y%m%d") for d in range(5 * 365)]
with open(out_path, "w", encoding="utf-8", buffering=1 << 22) as out:
    for i in range(rows):
        row = sample[i % len(sample)]
        day = days[(i * 7919) % len(days)]
        out.write("\t".join([str(1_000_000_000 + i), day, day[:6], day[:4]] + row[4:]) + "\n")
PY
"$entente" --store "$work/load.duckdb" import gdelt "$work/gdelt.export.CSV" >/dev/null
rm "$work/gdelt.export.CSV"

# The busiest dyads and actors of the store are what the clients ask about.
mapfile -t dyads < <("$entente" --store "$work/load.duckdb" sql --format csv \
  "SELECT source, target FROM dyad_day WHERE target IS NOT NULL GROUP BY ALL ORDER BY sum(events) DESC LIMIT 10" | tail -n +2)
{
  for d in "${dyads[@]}"; do
    a="${d%%,*}"; b="${d##*,}"
    echo "/api/v1/dyad?a=$a&b=$b&by=month"
    echo "/api/v1/events?dyad=$a:$b&limit=100"
    echo "/api/v1/events?actor=$a&since=2018-01&until=2018-03&limit=50"
  done
  echo "/api/v1/network?since=2019-01&until=2019-12"
  echo "/api/v1/health"
} >"$work/urls.txt"

port="${PORT:-18080}"
"$entente" --store "$work/load.duckdb" serve --addr "127.0.0.1:$port" 2>"$work/access.log" &
server=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
echo "== $rows events, $(wc -l <"$work/urls.txt") URLs"
SECONDS="${DURATION:-60}" node "$root/bench/serve/load.js" "http://127.0.0.1:$port" <"$work/urls.txt"
echo "access log: $(wc -l <"$work/access.log") lines"
