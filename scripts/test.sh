#!/usr/bin/env bash
# Runs every test of Zicht on a fresh machine: installs what the tests need
# (Debian's Chromium and PostgreSQL, npm packages), then the Rust tests (unit,
# property, storage and server integration tests) on SQLite and again on
# PostgreSQL, and the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/bin/chromium ] || ! command -v pdftotext >/dev/null; then
  echo "== installing Chromium and poppler-utils (Debian packages)"
  if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core poppler-utils >/dev/null
fi

echo "== npm packages for the browser tests"
npm --prefix tests/browser ci --no-audit --no-fund --loglevel=error

echo "== Rust tests on SQLite"
cargo test --workspace

echo "== Rust tests on PostgreSQL (a throwaway server on loopback)"
eval "$(bash scripts/postgres.sh)"
ZICHT_TEST_BACKEND=postgres cargo test --workspace

echo "== browser tests (Chromium against the running server)"
cargo build --bin zicht
npm --prefix tests/browser test
echo "== interactions needed from the caseload page (navigation clicks and submits)"
cat target/screenshots/interactions.txt
