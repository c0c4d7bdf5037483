#!/usr/bin/env bash
# The Python test tools from PyPI (schemathesis today), in a virtualenv
# under target/ so a fresh clone gets them and nothing leaks into the system.
# Idempotent: installs only when requirements.txt changed.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=target/py
stamp=$venv/.requirements
if [ -x "$venv/bin/python" ] && cmp -s scripts/requirements.txt "$stamp"; then
  exit 0
fi
echo "==> Python test tools (pip install -r scripts/requirements.txt)"
if ! python3 -m venv "$venv" 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  python3 -m venv "$venv"
fi
"$venv/bin/pip" install --quiet --disable-pip-version-check -r scripts/requirements.txt
cp scripts/requirements.txt "$stamp"
