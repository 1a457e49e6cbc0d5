#!/usr/bin/env bash
# Reproduces a row of BENCHMARKS.md: generates an organisation of <clients>
# clients on the chosen backend, then measures it with zicht-bench.
#   bash scripts/bench.sh sqlite 100000
#   bash scripts/bench.sh postgres 100000 --only card --only http
# Rosters: 450,000 rows always; 10,000,000 rows too with ZICHT_BENCH_BIG_ROSTER=1.
set -euo pipefail
cd "$(dirname "$0")/.."
BACKEND="${1:?sqlite or postgres}"
CLIENTS="${2:?number of clients}"
shift 2

cargo build --release -p zicht -p zicht-bench >&2
OUT=target/bench
mkdir -p "$OUT"

ROSTERS=(--roster "$OUT/roster-450k.csv" --roster-rows 450000)
BENCH_ROSTERS=(--roster "$OUT/roster-450k.csv")
if [ "${ZICHT_BENCH_BIG_ROSTER:-0}" = 1 ]; then
  ROSTERS+=(--roster "$OUT/roster-10m.csv" --roster-rows 10000000)
  BENCH_ROSTERS+=(--roster "$OUT/roster-10m.csv")
fi

case "$BACKEND" in
  sqlite)
    rm -f "$OUT/zicht-$CLIENTS.db" "$OUT/zicht-$CLIENTS.db-wal" "$OUT/zicht-$CLIENTS.db-shm"
    URL="sqlite://$OUT/zicht-$CLIENTS.db"
    ;;
  postgres)
    eval "$(bash scripts/postgres.sh)"
    psql "$ZICHT_TEST_POSTGRES_URL" -qc "DROP DATABASE IF EXISTS bench_$CLIENTS" >/dev/null
    psql "$ZICHT_TEST_POSTGRES_URL" -qc "CREATE DATABASE bench_$CLIENTS" >/dev/null
    URL="${ZICHT_TEST_POSTGRES_URL%/*}/bench_$CLIENTS"
    ;;
  *) echo "backend must be sqlite or postgres" >&2; exit 2 ;;
esac

# A throwaway key for the processing log the benchmark writes (the database
# is made anew each run).
export ZICHT_LOG_KEY="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')"
target/release/zicht --database "$URL" generate --clients "$CLIENTS" --seed 1 "${ROSTERS[@]}"
target/release/zicht-bench --database "$URL" "${BENCH_ROSTERS[@]}" \
  --json "$OUT/result-$BACKEND-$CLIENTS.json" "$@"
