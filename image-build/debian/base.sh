#!/usr/bin/env bash
# The image's base root file system: Debian trixie arm64 with the kernel, Raspberry Pi firmware,
# cloud-init and sshd, cached as a tarball keyed by its inputs (suite, mirror, packages, this
# script). Prints the tarball's path. Nothing here is the appliance: site.yml adds that.
#   image-build/debian/base.sh            (needs root and qemu-aarch64 in binfmt_misc)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
SUITE=${IMAGE_SUITE:-trixie}
MIRROR=${IMAGE_MIRROR:-http://deb.debian.org/debian}
CACHE=${IMAGE_CACHE:-/var/cache/linkedin-auto-image}
# Boot, first boot and remote access. The rest is the roles' (site.yml installs its own
# packages); those listed after the blank line are only here so a warm build downloads less.
packages=(
  systemd systemd-sysv systemd-timesyncd dbus udev kmod
  linux-image-arm64 raspi-firmware firmware-brcm80211 wireless-regdb wpasupplicant
  cloud-init cloud-guest-utils openssh-server sudo e2fsprogs dosfstools fdisk
  iproute2 iputils-ping procps ca-certificates curl less nano tzdata locales
  python3 python3-apt python3-venv

  sqlite3 redis-server chromium-headless-shell fonts-dejavu-core fonts-liberation
  fonts-noto-color-emoji nftables avahi-daemon libnss-mdns logrotate unattended-upgrades
  systemd-zram-generator
)
key=$( { echo "$SUITE $MIRROR ${packages[*]}"; cat "$0"; } | sha256sum | cut -c1-16)
tarball=$CACHE/base-$SUITE-arm64-$key.tar.zst
if [ -f "$tarball" ]; then echo "$tarball"; exit 0; fi

mkdir -p "$CACHE"
work=$(mktemp -d "$CACHE/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
root=$work/root
start=$(date +%s)
# update-initramfs is stubbed while packages install (the kernel, then each hook, would build
# the initramfs again, minutes each under emulation) and runs once at the end.
mmdebstrap --arch=arm64 --variant=minbase --components=main,non-free-firmware \
  --include="$(echo "${packages[@]}" | tr ' ' ',')" \
  --dpkgopt='path-exclude=/usr/share/man/*' --dpkgopt='path-exclude=/usr/share/doc/*' \
  --dpkgopt='path-include=/usr/share/doc/*/copyright' \
  --essential-hook='mkdir -p "$1/boot/firmware"' \
  --essential-hook='chroot "$1" dpkg-divert --quiet --local --rename --add /usr/sbin/update-initramfs' \
  --essential-hook='printf "#!/bin/sh\nexit 0\n" > "$1/usr/sbin/update-initramfs" && chmod 755 "$1/usr/sbin/update-initramfs"' \
  --customize-hook='rm "$1/usr/sbin/update-initramfs" && chroot "$1" dpkg-divert --quiet --local --rename --remove /usr/sbin/update-initramfs' \
  --customize-hook='chroot "$1" update-initramfs -c -k all' \
  --customize-hook='for k in "$1"/boot/vmlinuz-*; do v=${k##*/vmlinuz-}; chroot "$1" /etc/kernel/postinst.d/z50-raspi-firmware "$v" "/boot/vmlinuz-$v"; done' \
  "$SUITE" "$root" "$MIRROR"
tar --numeric-owner --xattrs --acls -C "$root" -c . | zstd -q -T0 -3 -o "$tarball.tmp"
mv "$tarball.tmp" "$tarball"
# One base per suite: older keys are stale.
find "$CACHE" -maxdepth 1 -name "base-$SUITE-arm64-*.tar.zst" ! -name "${tarball##*/}" -delete
echo "base root file system built in $(( $(date +%s) - start )) s: $(du -h "$tarball" | cut -f1)" >&2
echo "$tarball"
