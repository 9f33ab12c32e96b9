#!/usr/bin/env bash
# Controller venv for Ansible, Molecule and the linters: .venv-ansible from ansible/requirements.txt.
# Python: the system python3 (3.11 on Debian 12, 3.13 on Debian 13). ansible-core 2.19 is the
# newest series that still runs on 3.11, so a fresh Debian 12 needs nothing but its own Python.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=.venv-ansible
REQ=ansible/requirements.txt
STAMP=$VENV/.requirements.sha256
want=$(sha256sum "$REQ" | cut -d' ' -f1)
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then exit 0; fi
if ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv
fi
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/pip" install -q --disable-pip-version-check --upgrade pip
"$VENV/bin/pip" install -q --disable-pip-version-check --require-hashes -r "$REQ"
echo "$want" > "$STAMP"
