#!/usr/bin/env bash
# End-to-end timings of the analytics commands on a store, medians of N runs.
#
#   bench/analytics/run.sh STORE [A B MONTH [N]]
#
# STORE is a DuckDB store, e.g. the 10M-event synthetic one from bench/store/ (resampled from the
# GDELT 2.0 export). Defaults: dyad USA CHN, month = the store's latest month, N = 5.
# Needs the release binary: cargo build --release -p entente-cli.
set -euo pipefail
store=${1:?usage: run.sh STORE [A B MONTH [N]]}
a=${2:-USA}
b=${3:-CHN}
month=${4:-}
runs=${5:-5}
bin=${ENTENTE_BIN:-${CARGO_TARGET_DIR:-target}/release/entente}
[[ -x $bin ]] || { echo "no binary at $bin (set ENTENTE_BIN)" >&2; exit 1; }
if [[ -z $month ]]; then
    month=$("$bin" --store "$store" sql "SELECT strftime(max(date), '%Y-%m') FROM event_store" --format csv 2>/dev/null | tail -1 || true)
fi
[[ -n $month ]] || { echo "give MONTH (YYYY-MM)" >&2; exit 1; }

median() { sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}'; }
time_ms() {
    local label=$1; shift
    local t
    for _ in $(seq "$runs"); do
        local s=$(date +%s%N)
        "$bin" --store "$store" "$@" >/dev/null
        echo $(( ($(date +%s%N) - s) / 1000000 ))
    done | median | { read -r t; printf '%-52s median %6s ms over %s runs\n' "$label" "$t" "$runs"; }
}

time_ms "dyad $a $b monthly, all years" dyad "$a" "$b" --by month --format json
time_ms "network, one month ($month)" network --at "$month" --format json
time_ms "balance report, one month ($month)" balance --at "$month" --format json
time_ms "balance report --focus $a, one month" balance --at "$month" --focus "$a" --format json
time_ms "alerts, latest month vs 6-month baseline" alerts --format json
