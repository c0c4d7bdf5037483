#!/usr/bin/env bash
# Install what building and testing need, skipping whatever is already there.
# Idempotent and quiet when nothing is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_e2e=${1:-}

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  echo "==> rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
wbg_version=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wbg_version" ]; then
  echo "==> cargo install wasm-bindgen-cli $wbg_version (a few minutes, once)"
  # Not --locked: the CLI's own lock file pins a yanked webpki-roots.
  cargo install wasm-bindgen-cli --version "$wbg_version" --quiet
fi

if [ "$need_e2e" = "--e2e" ]; then
  # What the tests drive or start on loopback: Chromium, PostgreSQL (the
  # production database) and Redis (the broker between server processes).
  missing=()
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "==> apt-get install ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
fi

# Node packages: Playwright (driving Debian's Chromium) and binaryen's wasm-opt.
if [ ! -f end2end/node_modules/.package-lock.json ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  echo "==> npm ci (end2end)"
  (cd end2end && npm ci --no-audit --no-fund --loglevel=error)
fi

# The app SDK's build and test tools (TypeScript, ws).
if [ ! -f sdk/js/node_modules/.package-lock.json ] || [ sdk/js/package-lock.json -nt sdk/js/node_modules/.package-lock.json ]; then
  echo "==> npm ci (sdk/js)"
  (cd sdk/js && npm ci --no-audit --no-fund --loglevel=error)
fi

# Python test tools (schemathesis, wechatpy) in target/py.
./scripts/py-tools.sh

# The ip2region database for region routing (P2).
./scripts/ip-region.sh
