#!/usr/bin/env bash
# Run a Molecule scenario of the Ansible roles: scripts/molecule.sh default|fleet|image|vm
#   default: Debian trixie booted by systemd-nspawn in its own network namespace
#            (MOLECULE_DEBIAN_SUITE=bookworm: Debian 12, as `make test-bookworm` runs it)
#   fleet:   three such instances upgraded one at a time by upgrade.yml (`make test-fleet`)
#   image:   the same roles applied to a chroot (image build mode), then its first boot (nspawn)
#   vm:      see ansible/molecule/vm/README.md
# Installs what it needs (apt packages, the controller venv, for `default` the release from
# `make dist`), runs `molecule test`, and always removes the instance (for the nspawn scenarios
# also its network namespace and NAT rule).
set -euo pipefail
cd "$(dirname "$0")/.."
scenario=${1:-default}
[ -f "ansible/molecule/$scenario/molecule.yml" ] || { echo "no scenario ansible/molecule/$scenario" >&2; exit 2; }
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
start=$(date +%s)

case "$scenario" in
  vm) packages=(qemu-system-x86 qemu-utils debootstrap zstd e2fsprogs openssh-client) ;;
  *)  packages=(systemd-container debootstrap nftables iproute2 procps zstd util-linux) ;;
esac
missing=()
for p in "${packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
# QEMU's packages must all be of one version: where some already come from the backports suite
# (as the image build's arm64 emulation installs them), take the rest from there too.
apt_target=()
case "$(dpkg-query -W -f='${db:Status-Status} ${Version}' qemu-system-common 2>/dev/null)" in
  "installed "*~bpo*) apt_target=(-t "$(. /etc/os-release && echo "$VERSION_CODENAME")-backports") ;;
esac
if [ ${#missing[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${apt_target[@]}" "${missing[@]}"
fi

scripts/ansible-venv.sh

# The release the roles install: rebuilt when the app or the dashboard changed since. The vm
# scenario applies zram, swap and sysctl only.
if [ "$scenario" != vm ]; then
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
# QEMU 7.2 (Debian 12) segfaults now and then while a guest boots, a host defect outside the
# roles: the kernel logs it. Only then does the vm scenario run once more, from scratch.
qemu_crashes() { dmesg 2>/dev/null | grep -c 'qemu-system.*segfault' || true; }
crashes_before=$(qemu_crashes)
status=0
molecule test -s "$scenario" || status=$?
if [ $status != 0 ] && [ "$scenario" = vm ] && [ "$(qemu_crashes)" -gt "$crashes_before" ]; then
  echo "molecule vm: QEMU crashed (host kernel log: $(dmesg | grep 'qemu-system.*segfault' | tail -n1)); running the scenario once more"
  status=0
  molecule test -s "$scenario" || status=$?
fi
# The nspawn scenarios read the Debian suite from MOLECULE_DEBIAN_SUITE (vm has its own).
label=$scenario
if [ "$scenario" != vm ] && [ "${MOLECULE_DEBIAN_SUITE:-trixie}" != trixie ]; then
  label="$scenario ($MOLECULE_DEBIAN_SUITE)"
fi
echo "molecule $label: $([ $status = 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - start )) s"
exit $status
