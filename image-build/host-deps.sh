#!/usr/bin/env bash
# Host packages for building and booting the arm64 SD image, and qemu-aarch64 registered with
# binfmt_misc so an arm64 chroot runs here. On Debian 12 QEMU comes from bookworm-backports
# (QEMU 10: its qemu-user runs package scripts about 10x faster than bookworm's 7.2).
set -euo pipefail
SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
. /etc/os-release
want=(mmdebstrap debootstrap qemu-user-static binfmt-support qemu-system-arm qemu-utils
      dosfstools mtools fdisk arch-test e2fsprogs xz-utils zstd openssh-client bmap-tools ca-certificates
      nftables)
missing=()
for p in "${want[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
qemu_old=false
if [ "${VERSION_CODENAME:-}" = bookworm ]; then
  v=$(dpkg-query -W -f='${Version}' qemu-user-static 2>/dev/null || true)
  case "$v" in ''|1:7.*|1:8.*|1:9.*) qemu_old=true ;; esac
fi
if [ ${#missing[@]} -gt 0 ] || $qemu_old; then
  if [ "${VERSION_CODENAME:-}" = bookworm ] && [ ! -f /etc/apt/sources.list.d/bookworm-backports.sources ]; then
    printf 'Types: deb\nURIs: http://deb.debian.org/debian\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
      | $SUDO tee /etc/apt/sources.list.d/bookworm-backports.sources >/dev/null
  fi
  $SUDO apt-get update -qq
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" ${missing:+}
  if [ "${VERSION_CODENAME:-}" = bookworm ]; then
    $SUDO apt-get install -y -qq --no-install-recommends -t bookworm-backports qemu-user-static qemu-system-arm qemu-utils
  fi
fi
# No systemd on the build machines: mount binfmt_misc and register the interpreter ourselves.
if [ ! -e /proc/sys/fs/binfmt_misc/register ]; then
  $SUDO mount -t binfmt_misc binfmt_misc /proc/sys/fs/binfmt_misc
fi
if [ ! -e /proc/sys/fs/binfmt_misc/qemu-aarch64 ]; then
  $SUDO update-binfmts --enable qemu-aarch64 || true
fi
grep -q '^flags:.*F' /proc/sys/fs/binfmt_misc/qemu-aarch64 \
  || { echo "qemu-aarch64 is not registered with binfmt_misc (flag F)" >&2; exit 1; }
