#!/usr/bin/env bash
# yamllint + ansible-lint (production profile) over ansible/, with the controller venv.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ansible-venv.sh
export PATH="$PWD/.venv-ansible/bin:$PATH"
cd ansible
yamllint --strict .
ansible-lint --profile production --offline
# The image test's playbook lives outside ansible/ and is run only by `make image-test`: a
# syntax error there would show only after a 30 min build.
cd ..
yamllint --strict -c ansible/.yamllint image-build/test
ANSIBLE_CONFIG=ansible/ansible.cfg ansible-playbook --syntax-check -i localhost, image-build/test/verify.yml >/dev/null
