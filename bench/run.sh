#!/usr/bin/env bash
# One command for the whole benchmark: builds the release server and the
# load generator, starts the server on a fresh SQLite database, runs every
# phase (idle sockets with host-page loaders reporting page views, latency,
# persisted throughput, widget weight), prints
# the table and writes bench/results/latest.json.
#
#   bench/run.sh                      # defaults: 20,000 sockets held 60 s
#   SOCKETS=50000 bench/run.sh        # the 50k target
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/setup.sh
./scripts/build-site.sh
echo "==> release build (server, loadgen)"
cargo build --release -p server -p bench --quiet

# Many sockets need many file descriptors (both processes inherit this).
# Root may raise the hard limit; others get up to theirs.
ulimit -n 1048576 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
limit=$(ulimit -n)
echo "==> file descriptor limit $limit"
# Each socket is one descriptor in loadgen and one in the server; keep room
# for the latency and throughput clients and the database.
sockets=${SOCKETS:-20000}
site=${SITE_SOCKETS:-5000}
if [ "$sockets" -gt $((limit - 1500 - site)) ]; then
  sockets=$((limit - 1500 - site))
  echo "==> holding $sockets sockets (raise the descriptor limit for more)"
fi

data=$(mktemp -d /tmp/switchboard-bench.XXXXXX)
port=${PORT:-3900}
export SWITCHBOARD_ADMIN_EMAIL=bench@example.com
export SWITCHBOARD_ADMIN_PASSWORD=bench-admin-password
SWITCHBOARD_DATA_DIR="$data" \
LEPTOS_SITE_ADDR="127.0.0.1:$port" \
LEPTOS_SITE_ROOT=target/site \
SWITCHBOARD_VISITOR_RATE=1000000 \
RUST_LOG=warn \
  ./target/release/server >"$data/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$data"' EXIT

for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break
  sleep 0.1
done

./target/release/loadgen \
  --base "http://127.0.0.1:$port" \
  --database-url "sqlite://$data/switchboard.db" \
  --server-pid "$server" \
  --sockets "$sockets" \
  --site-sockets "$site" \
  --view-every-secs "${VIEW_EVERY_SECS:-30}" \
  --hold-secs "${HOLD_SECS:-60}" \
  --rate "${RATE:-1000}" \
  --latency-secs "${LATENCY_SECS:-10}" \
  --visitors "${VISITORS:-200}" \
  --agents "${AGENTS:-4}" \
  --messages "${MESSAGES:-50}" \
  --out bench/results/latest.json
