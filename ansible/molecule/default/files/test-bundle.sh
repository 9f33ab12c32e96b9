#!/usr/bin/env bash
# Make release bundles of a test wheel, as `make dist` does: test-bundle.sh OUT_DIR WHEEL KEY OTHER_KEY
#   OUT_DIR/good.tar      signed with KEY (the key the instance trusts)
#   OUT_DIR/tampered.tar  good.tar with the wheel changed after signing
#   OUT_DIR/foreign.tar   signed with OTHER_KEY (not trusted)
set -euo pipefail
out=$1 wheel=$2 key=$3 other=$4
root=$(cd "$(dirname "$0")/../../../.." && pwd)
cli=$root/.venv/bin/linkedin-auto
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out" "$work/dist/ansible/roles"
cp "$wheel" "$root/dist/requirements.lock" "$work/dist/"
cp -r "$root/ansible/roles/app" "$work/dist/ansible/roles/app"
cp "$root/ansible/update.yml" "$work/dist/ansible/update.yml"
"$cli" release build "$work/dist" --min-upgrade-from 0.1.0 --key "$other" >&2
mv "$work"/dist/linkedin-auto-*.tar "$out/foreign.tar"
"$cli" release build "$work/dist" --min-upgrade-from 0.1.0 --key "$key" >&2
mv "$work"/dist/linkedin-auto-*.tar "$out/good.tar"
"$root/.venv/bin/python" - "$out/good.tar" "$out/tampered.tar" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1]) as src, tarfile.open(sys.argv[2], "w") as dst:
    for m in src.getmembers():
        data = src.extractfile(m).read()
        if m.name.endswith(".whl"):
            data = data[:-1] + bytes([data[-1] ^ 1])
        dst.addfile(m, io.BytesIO(data))
PY
echo "$out"
