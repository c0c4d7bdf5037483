#!/usr/bin/env bash
# Run the domain tests on a throwaway PostgreSQL cluster when this machine
# has PostgreSQL's binaries (Debian's postgresql package); skip otherwise.
# Arguments: the test command (default `cargo test -p domain`).
set -euo pipefail
cd "$(dirname "$0")/.."

bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
  echo "==> PostgreSQL not installed: skipping the PostgreSQL run of the domain tests"
  exit 0
fi
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
dir=$(mktemp -d /tmp/switchboard-pg.XXXXXX)
chmod 777 "$dir"
port=$((20000 + RANDOM % 20000))
as_pg "$bin/initdb" -D "$dir/data" -A trust -U postgres >/dev/null
as_pg "$bin/pg_ctl" -D "$dir/data" -o "-p $port -k $dir -c fsync=off" -l "$dir/log" -w start >/dev/null
trap 'as_pg "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$dir"' EXIT
echo "==> domain tests on PostgreSQL ($("$bin/postgres" --version))"
if [ $# -eq 0 ]; then set -- cargo test -p domain --quiet; fi
SWITCHBOARD_TEST_POSTGRES="postgres://postgres@127.0.0.1:$port" "$@"
