#!/usr/bin/env bash
# Property-based tests of the JSON API against its own OpenAPI document, with
# schemathesis, on a demo server started here:
#
#   bash scripts/schemathesis.sh [max-examples-per-operation]   (default 100)
#
# Every operation is called with generated valid and invalid input, signed in
# as a demo team lead (a caseworker who may also read the processing log).
# Fails on any 5xx, on a response the document does not describe (status,
# content type, body schema), and when the server crashed or a handler
# panicked. Needs python3 with venv; schemathesis comes from PyPI into
# target/schemathesis-venv.
set -euo pipefail
cd "$(dirname "$0")/.."

examples="${1:-100}"
version=4.32.5
venv=target/schemathesis-venv
demo_password=zicht-demo-2026

if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -qF "$version"; then
  echo "== installing schemathesis $version into $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$version"
fi

echo "== building zicht"
cargo build --bin zicht

work="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== starting a demo server"
# Port 0: the server picks a free port and prints it.
target/debug/zicht --database "sqlite://$work/s.db" serve --demo \
  --demo-roster "$work/demo-roster.csv" --addr 127.0.0.1:0 >"$work/server.log" 2>&1 &
server=$!
base=""
for _ in $(seq 1 240); do
  base="$(grep -o 'Zicht draait op http://[0-9.:]*' "$work/server.log" | sed 's/.* //' || true)"
  [ -n "$base" ] && break
  if ! kill -0 "$server" 2>/dev/null; then
    cat "$work/server.log" >&2
    echo "the server stopped before it listened" >&2
    exit 1
  fi
  sleep 0.5
done
if [ -z "$base" ]; then
  cat "$work/server.log" >&2
  echo "the server did not start listening within 2 minutes" >&2
  exit 1
fi
# The server prints every demo account as a table (role, team, name,
# e-mail address); take the first team lead's address.
email="$(grep -E '^  teamleider ' "$work/server.log" | head -n 1 | awk '{print $NF}' || true)"
if [ -z "$email" ]; then
  cat "$work/server.log" >&2
  echo "the server printed no team lead among the demo accounts" >&2
  exit 1
fi
echo "   $base, signed in as $email"

mapfile -t session < <("$venv/bin/python" scripts/schemathesis-prepare.py \
  "$base" "$email" "$demo_password" "$work/schemathesis.toml")
if [ "${#session[@]}" -ne 2 ]; then
  echo "signing in to the demo server failed" >&2
  exit 1
fi
cookie="${session[0]}"
csrf="${session[1]}"

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
run() {
  "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$base/api/openapi.yaml" \
    --header "Cookie: $cookie" --header "X-CSRF-Token: $csrf" \
    --checks "$checks" --max-examples "$examples" --request-timeout 30 "$@"
}
status=0
echo "== schemathesis: every operation but sign-out"
run --exclude-operation-id signOut || status=1
# Signing out ends the session the other operations need, so it goes last.
echo "== schemathesis: sign-out"
run --include-operation-id signOut || status=1

echo "== is the server still alive?"
if ! kill -0 "$server" 2>/dev/null; then
  tail -50 "$work/server.log" >&2
  echo "the server died during the run" >&2
  status=1
elif ! "$venv/bin/python" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=10)' \
  "$base/api/openapi.yaml"; then
  echo "the server no longer answers" >&2
  status=1
fi
# A panicking handler drops its connection but leaves the server running.
if grep -q 'panicked at' "$work/server.log"; then
  grep -A1 'panicked at' "$work/server.log" | grep -v '^--' | sort | uniq -c >&2
  echo "a handler panicked during the run" >&2
  status=1
fi

if [ "$status" -ne 0 ]; then
  echo "schemathesis: FAILED" >&2
  exit 1
fi
echo "schemathesis: no server errors, no schema violations, no crash"
