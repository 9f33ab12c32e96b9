#!/usr/bin/env bash
# Run a Molecule scenario of the Ansible roles: scripts/molecule.sh default|vm
#   default: Debian trixie booted by systemd-nspawn in its own network namespace
#   vm:      see ansible/molecule/vm/README.md
# Installs what it needs (apt packages, the controller venv, for `default` the release from
# `make dist`), runs `molecule test`, and always removes the instance (for `default` also its
# network namespace and NAT rule).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-default}
[ -d "ansible/molecule/$scenario" ] || { echo "no scenario ansible/molecule/$scenario" >&2; exit 2; }
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
start=$(date +%s)

case "$scenario" in
  vm) packages=(qemu-system-x86 qemu-utils debootstrap zstd e2fsprogs openssh-client) ;;
  *)  packages=(systemd-container debootstrap nftables iproute2 procps zstd util-linux) ;;
esac
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

scripts/ansible-venv.sh

# The release the roles install: rebuilt when the app or the dashboard changed since. Only the
# default scenario installs it; the vm scenario applies zram, swap and sysctl only.
if [ "$scenario" = default ]; then
  wheel=$(ls -t dist/linkedin_auto-*.whl 2>/dev/null | head -n1 || true)
  if [ -z "$wheel" ] || [ -n "$(find app/src app/pyproject.toml app/requirements.lock dashboard/app dashboard/components dashboard/lib \
        -newer "$wheel" -type f -not -path '*/__pycache__/*' -not -path '*/api/static/*' 2>/dev/null | head -n1)" ]; then
    make dist
  fi
fi

export PATH="$PWD/.venv-ansible/bin:$PATH"
export ANSIBLE_FORCE_COLOR=${ANSIBLE_FORCE_COLOR:-0}
cd ansible
cleanup() { molecule destroy -s "$scenario" >/dev/null 2>&1 || true; }
trap cleanup EXIT INT TERM
status=0
molecule test -s "$scenario" || status=$?
echo "molecule $scenario: $([ $status = 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - start )) s"
exit $status
