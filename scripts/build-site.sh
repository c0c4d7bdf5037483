#!/usr/bin/env bash
# Build the browser side into target/site: two hydrate bundles (the whole
# app, and the visitor widget alone), the stylesheets and static files.
# The server serves this directory.
set -euo pipefail
cd "$(dirname "$0")/.."

site=target/site
pkg=$site/pkg
mkdir -p "$pkg"

# Nothing the browser side is built from changed since the last build: done.
# (Each bundle is a full LTO link, minutes on a small machine.)
stamp=$site/.built
sources=(app frontend model style public Cargo.toml Cargo.lock scripts/build-site.sh)
if [ -f "$stamp" ] && [ -z "$(find "${sources[@]}" -newer "$stamp" -print -quit)" ]; then
  echo "==> site up to date in $site"
  exit 0
fi
# Stamped with the start time, so edits made during the build count next time.
touch "$stamp.new"
wasm=target/wasm32-unknown-unknown/wasm-release/frontend.wasm
# Debian's wasm-opt 108 silently breaks Rust 1.95 wasm; binaryen 132 from npm
# works. Without it the bundles are only larger, so skipping is safe.
wasm_opt=end2end/node_modules/.bin/wasm-opt

# bundle NAME [cargo args…]: build `frontend` and bind it as /pkg/NAME.js.
bundle() {
  local name=$1
  shift
  echo "==> wasm: $name (frontend $*, profile wasm-release)"
  cargo build -p frontend --lib --target wasm32-unknown-unknown --profile wasm-release --quiet "$@"
  wasm-bindgen --target web --no-typescript --out-dir "$pkg" --out-name "$name" "$wasm"
  if [ -x "$wasm_opt" ]; then
    "$wasm_opt" -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
      "$pkg/${name}_bg.wasm" -o "$pkg/${name}_bg.wasm.opt"
    mv "$pkg/${name}_bg.wasm.opt" "$pkg/${name}_bg.wasm"
  fi
}

bundle switchboard
bundle widget --features widget

cat style/tokens.css style/base.css style/login.css style/console.css style/reports.css style/chat.css style/workbench.css style/widget.css > "$pkg/switchboard.css"
# The widget page needs only the shared base and its own rules.
cat style/tokens.css style/base.css style/chat.css style/widget.css > "$pkg/widget.css"
cp -r public/. "$site/"
mv "$stamp.new" "$stamp"
echo "==> site ready in $site (app $(du -h "$pkg/switchboard_bg.wasm" | cut -f1), widget $(du -h "$pkg/widget_bg.wasm" | cut -f1) wasm)"
