#!/usr/bin/env bash
# Every test: unit and domain tests, server HTTP tests, then Playwright in
# Debian's Chromium against a real server on a fresh SQLite database.
# One debug build of the server is shared by the Rust tests and Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh --e2e
./scripts/build-site.sh

echo "==> Rust tests (unit, domain, server)"
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-fail-fast
  ./scripts/pg-test.sh cargo nextest run --workspace --no-fail-fast -E 'package(domain)'
else
  cargo test --workspace --no-fail-fast
  ./scripts/pg-test.sh cargo test --workspace --no-fail-fast -p domain
fi

# The Rust tests built target/debug/server and target/debug/fixtures (both
# have integration tests), with the same features: no second build.
echo "==> server binary for end-to-end tests"
if [ ! -x target/debug/server ] || [ ! -x target/debug/fixtures ]; then
  cargo build -p server -p fixtures --quiet
fi

echo "==> Playwright (end2end)"
(cd end2end && npx playwright test)
