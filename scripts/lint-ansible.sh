#!/usr/bin/env bash
# yamllint + ansible-lint (production profile) over ansible/, with the controller venv.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ansible-venv.sh
export PATH="$PWD/.venv-ansible/bin:$PATH"
cd ansible
yamllint --strict .
ansible-lint --profile production --offline
