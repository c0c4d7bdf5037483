#!/usr/bin/env bash
# Build the browser side into target/site: the hydrate wasm + JS glue,
# the stylesheet and static files. The server serves this directory.
set -euo pipefail
cd "$(dirname "$0")/.."

site=target/site
pkg=$site/pkg
mkdir -p "$pkg"

echo "==> wasm (frontend, profile wasm-release)"
cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release --quiet
wasm=target/wasm32-unknown-unknown/wasm-release/frontend.wasm

wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name switchboard "$wasm"

# Debian's wasm-opt 108 silently breaks Rust 1.95 wasm; binaryen 132 from npm
# works. Without it the bundle is only larger, so skipping is safe.
wasm_opt=end2end/node_modules/.bin/wasm-opt
if [ -x "$wasm_opt" ]; then
  "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
    "$pkg/switchboard_bg.wasm" -o "$pkg/switchboard_bg.wasm.opt"
  mv "$pkg/switchboard_bg.wasm.opt" "$pkg/switchboard_bg.wasm"
fi

cat style/tokens.css style/base.css style/login.css style/console.css style/chat.css style/workbench.css style/widget.css > "$pkg/switchboard.css"
cp -r public/. "$site/"
echo "==> site ready in $site ($(du -h "$pkg/switchboard_bg.wasm" | cut -f1) wasm)"
