#!/usr/bin/env bash
# Every test: unit and domain tests, server HTTP tests, then Playwright in
# Debian's Chromium against a real server on a fresh SQLite database.
# One debug build of the server is shared by the Rust tests and Playwright.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh --e2e

# The wasm bundles build beside the host test build: each ends in a long
# single-threaded LTO link that leaves the second core idle, and the two
# builds lock different directories. The tests run only once both are
# done, so they never compete with a compiler for time.
mkdir -p target
./scripts/build-site.sh > target/build-site.log 2>&1 &
site_build=$!
echo "==> building the site (target/build-site.log) and the Rust tests together"
built=0
if cargo nextest --version >/dev/null 2>&1; then
  cargo nextest run --workspace --no-run || built=$?
else
  cargo test --workspace --no-run || built=$?
fi
site_status=0
wait "$site_build" || site_status=$?
cat target/build-site.log
if [ "$site_status" -ne 0 ] || [ "$built" -ne 0 ]; then
  echo "build failed (site: $site_status, tests: $built)" >&2
  exit 1
fi

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
# The WeChat/Weibo API stand-in is a binary no test builds: build it here.
if [ ! -x target/debug/server ] || [ ! -x target/debug/fixtures ] || [ ! -x target/debug/standin ]; then
  cargo build -p server -p fixtures -p standin --quiet
fi

echo "==> Playwright (end2end)"
(cd end2end && npx playwright test)

echo "==> The app SDK (sdk/js) and its example client against a real server"
(cd sdk/js && npm test)
