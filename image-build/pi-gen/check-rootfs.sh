#!/usr/bin/env bash
# User-space checks of a built image's root file system, without booting it (the pi-gen image
# cannot be booted by QEMU: the Pi kernel needs the Pi's hardware). Mounts the ext4 root
# read-only through a loop device at its offset (partition scanning is not needed).
#   sudo image-build/pi-gen/check-rootfs.sh IMAGE.img[.xz]
set -euo pipefail
img=${1:?usage: check-rootfs.sh IMAGE.img[.xz]}
work=$(mktemp -d)
cleanup() { ! mountpoint -q "$work/root" || umount "$work/root"; [ -z "${loop:-}" ] || losetup -d "$loop"; rm -rf "$work"; }
trap cleanup EXIT
case "$img" in *.xz) xz -dc "$img" > "$work/image.img"; img=$work/image.img ;; esac
start=$(sfdisk -J "$img" | python3 -c 'import json,sys; print(json.load(sys.stdin)["partitiontable"]["partitions"][1]["start"] * 512)')
loop=$(losetup -f --show -r -o "$start" "$img")
mkdir "$work/root" && mount -o ro "$loop" "$work/root"
r=$work/root
fail=0
check() { if eval "$2"; then echo "ok: $1"; else echo "FAIL: $1"; fail=1; fi; }
check "no SSH host keys" '! ls "$r"/etc/ssh/ssh_host_*_key >/dev/null 2>&1'
check "machine-id not set" '[ ! -s "$r/etc/machine-id" ] || grep -qx uninitialized "$r/etc/machine-id"'
check "no secrets.env" '[ ! -e "$r/etc/linkedin-auto/secrets.env" ]'
check "no setup code" '[ ! -e "$r/var/lib/linkedin-auto/setup-code" ]'
check "release recorded" 'grep -q "^LINKEDIN_AUTO_REVISION=" "$r/etc/linkedin-auto-release"'
for u in linkedin-auto.target linkedin-auto-api.service linkedin-auto-worker.service \
         linkedin-auto-growroot.service linkedin-auto-setup-notice.path redis-server.service avahi-daemon.service; do
  check "$u enabled" "systemctl --root='$r' is-enabled --quiet $u"
done
check "the CLI runs" 'chroot "$r" /usr/local/bin/linkedin-auto --help >/dev/null'
check "the release's Python imports" 'chroot "$r" /opt/linkedin-auto/current/venv/bin/python -c "import linkedin_auto.api.app"'
exit $fail
