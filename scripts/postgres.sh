#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server on loopback for the tests and
# benchmarks, installing Debian's package first when it is missing. Prints the
# server URL; tests make a fresh database per test on it.
#   eval "$(bash scripts/postgres.sh)"   # exports ZICHT_TEST_POSTGRES_URL
set -euo pipefail
PORT="${ZICHT_PG_PORT:-55432}"
DIR="${ZICHT_PG_DIR:-/tmp/zicht-postgres-$PORT}"

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
if [ -z "$BIN" ] || [ ! -x "$BIN/initdb" ]; then
  echo "== installing PostgreSQL (Debian package)" >&2
  $SUDO apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
  BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
fi

# PostgreSQL refuses to run as root; run it as the package's own user then.
if [ "$(id -u)" = 0 ]; then AS=(runuser -u postgres --); OWNER=postgres; else AS=(); OWNER="$(id -un)"; fi

if ! "${AS[@]}" "$BIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  chown "$OWNER" "$DIR"
  "${AS[@]}" "$BIN/initdb" -D "$DIR" -U zicht --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Tests make and drop many databases; durability is the tests' business
  # only through SIGKILL of Zicht, not of PostgreSQL, so fsync stays on.
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c max_connections=400 -c shared_buffers=256MB" \
    start >/dev/null
fi
echo "export ZICHT_TEST_POSTGRES_URL=postgres://zicht@127.0.0.1:$PORT/postgres"
