#!/usr/bin/env bash
# Run every cargo-fuzz target for a bounded time (FUZZ_SECS each, default
# 60): no crash, no panic. Needs the nightly toolchain (installed if
# missing) and cargo-fuzz (installed into ~/.cargo/bin if missing).
# Not part of `make test` (a nightly, instrumented build of the domain).
set -euo pipefail
cd "$(dirname "$0")/.."

secs="${FUZZ_SECS:-60}"
rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz --locked

cd fuzz
for target in $(cargo +nightly fuzz list); do
  echo "==> fuzz $target for ${secs}s"
  mkdir -p "corpus/$target"
  cargo +nightly fuzz run "$target" "corpus/$target" -- -max_total_time="$secs" -rss_limit_mb=2048
done
echo "==> fuzzing found nothing"
