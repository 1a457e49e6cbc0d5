#!/usr/bin/env bash
# Fuzzes Zicht's input parsers (the targets in fuzz/) with cargo-fuzz and
# libFuzzer, each for a while:
#
#   bash scripts/fuzz.sh [seconds-per-target]     (default 30)
#
# Exits non-zero when a target crashes or hangs; the input that did it is
# left in fuzz/artifacts/<target>/ (replay it with
# `RUSTC_BOOTSTRAP=1 cargo fuzz run <target> <file>`).
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi

# cargo-fuzz builds with nightly-only flags (sanitizer, coverage passes); the
# machines have only the stable toolchain, which accepts them under this.
export RUSTC_BOOTSTRAP=1

failed=()
for target in $(cargo fuzz list); do
  echo "== fuzzing $target for ${seconds}s"
  # What libFuzzer finds goes to a scratch corpus under fuzz/target (kept
  # between runs on one machine, never committed); the committed seeds in
  # fuzz/corpus/<target> are only read.
  corpus=(fuzz/target/corpus/"$target")
  mkdir -p "${corpus[0]}"
  if [ -d fuzz/corpus/"$target" ]; then
    corpus+=(fuzz/corpus/"$target")
  fi
  # An input that takes over 10 s is a hang worth reporting, not waiting out.
  if ! cargo fuzz run "$target" "${corpus[@]}" -- \
    -max_total_time="$seconds" -timeout=10 -print_final_stats=1; then
    failed+=("$target")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzzing found crashes in: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
  exit 1
fi
echo "fuzzing: no crashes"
