#!/usr/bin/env bash
# The flashable SD image (Debian trixie arm64, a Raspberry Pi 4 image):
#   base root file system (cached, base.sh) -> ansible/site.yml in a chroot (image build mode)
#   -> Debian boot and first-boot config -> finalize -> MBR image assembled without mounts
#   -> dist/linkedin-auto-<version>-arm64.img.xz (+ .sha256, .bmap, .rpi-imager-manifest)
# Run through `make image` (after `make dist`); needs root. See image-build/README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
CACHE=${IMAGE_CACHE:-/var/cache/linkedin-auto-image}
BOOT_MIB=${IMAGE_BOOT_MIB:-256}
XZ_LEVEL=${IMAGE_XZ_LEVEL:-6}
t0=$(date +%s)
step() { echo "== $(( $(date +%s) - t0 )) s: $*"; }

wheel=$(ls -t dist/linkedin_auto-*.whl 2>/dev/null | head -n1 || true)
[ -n "$wheel" ] && [ -f dist/requirements.lock ] || { echo "no release in dist/: run make dist first" >&2; exit 1; }
version=$(basename "$wheel" | cut -d- -f2)
revision=$(git rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
git diff --quiet HEAD 2>/dev/null || revision="$revision-dirty"
name=linkedin-auto-$version-arm64

image-build/host-deps.sh
scripts/ansible-venv.sh
step "base root file system"
base=$(image-build/debian/base.sh | tail -n1)

work=$(mktemp -d "$CACHE/image.XXXXXX")
root=$work/root
mounts=(proc sys dev dev/pts)
cleanup() {
  for ((i=${#mounts[@]}-1; i>=0; i--)); do
    ! mountpoint -q "$root/${mounts[$i]}" || umount --lazy "$root/${mounts[$i]}"
  done
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
mkdir -p "$root"
zstd -q -d -c "$base" | tar --numeric-owner --xattrs --acls -C "$root" -x

# --- the chroot the roles run in (what Molecule's `image` scenario does) ---------------------
mount -t proc proc "$root/proc"
mount -t sysfs sysfs "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
# Build time only (removed by finalize): the host's resolvers, the host's local certificate
# authorities (a TLS-inspecting proxy in front of PyPI), and no service starts in the chroot.
cp --remove-destination /etc/resolv.conf "$root/etc/resolv.conf"
host_cas=()
for ca in /usr/local/share/ca-certificates/*.crt; do
  [ -f "$ca" ] || continue
  cp "$ca" "$root/usr/local/share/ca-certificates/build-host-${ca##*/}"
  host_cas+=("build-host-${ca##*/}")
done
[ ${#host_cas[@]} = 0 ] || chroot "$root" update-ca-certificates >/dev/null
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"; chmod 755 "$root/usr/sbin/policy-rc.d"

step "ansible/site.yml into the image (image build mode)"
inventory=$work/inventory.yml
cat > "$inventory" <<INV
linkedin_auto:
  hosts:
    linkedin-auto-image:
      ansible_connection: community.general.chroot
      ansible_host: $root
      ansible_become_method: ansible.builtin.su
  vars:
    linkedin_auto_image_build: true
    app_dist_dir: $repo/dist
    app_requirements_lock: $repo/dist/requirements.lock
INV
export PATH="$repo/.venv-ansible/bin:$PATH" ANSIBLE_FORCE_COLOR=0 ANSIBLE_CONFIG=$repo/ansible/ansible.cfg
# While building, the image resolves names through the build host's resolvers (the public ones
# may be unreachable from a build machine); the dns role runs once more below with its defaults.
host_dns=$(grep -oP '^nameserver\s+\K\S+' /etc/resolv.conf | paste -sd, -)
ansible-playbook -i "$inventory" "$repo/ansible/site.yml" -e "{\"dns_servers\": [\"${host_dns//,/\",\"}\"]}"
printf -- '- name: The device'"'"'s resolvers\n  hosts: linkedin_auto\n  become: true\n  gather_facts: false\n  roles: [dns]\n' > "$work/dns.yml"
ansible-playbook -i "$inventory" "$work/dns.yml"
# The firewall role cannot run `nft --check` in the emulated chroot (no netlink there): check the
# image's rule set with the build host's nft (check mode: nothing is loaded).
nft --check --file "$root/etc/nftables.conf" || { echo "the image's /etc/nftables.conf does not parse" >&2; exit 1; }

step "Debian boot and first boot"
# Partition ids: random disk label id; root and boot are its partitions 2 and 1.
disk_id=$(od -An -N4 -tx4 /dev/urandom | tr -d ' ')
boot_uuid=$disk_id-01
root_uuid=$disk_id-02
cat > "$root/etc/fstab" <<FSTAB
PARTUUID=$root_uuid  /               ext4  rw,noatime,errors=remount-ro     0 1
PARTUUID=$boot_uuid  /boot/firmware  vfat  rw,noatime,fmask=0022,dmask=0022 0 2
FSTAB
# raspi-firmware writes cmdline.txt and config.txt from this on every kernel update.
cat > "$root/etc/default/raspi-firmware" <<RPI
ROOTPART=PARTUUID=$root_uuid
# Pi 4: the UART at ttyS1, HDMI (tty0) last so boot messages and the setup code show there.
CONSOLES="ttyS1,115200 tty0"
# No cma= on the command line: the Pi 4 does not boot with the default one; headless anyway.
CMA=0
KERNEL_ARCH=arm64
RPI
cp -a "$here/files/." "$root/"
chroot "$root" systemctl enable systemd-networkd.service >/dev/null
# The first boot must not wait at the console for a locale and keymap (the roles set them).
ln -sf /dev/null "$root/etc/systemd/system/systemd-firstboot.service"
for k in "$root"/boot/vmlinuz-*; do
  v=${k##*/vmlinuz-}
  DEB_MAINT_PARAMS=configure chroot "$root" /etc/kernel/postinst.d/z50-raspi-firmware "$v" "/boot/vmlinuz-$v" 2>&1
done
grep -q "root=PARTUUID=$root_uuid" "$root/boot/firmware/cmdline.txt" \
  || { echo "cmdline.txt does not boot PARTUUID=$root_uuid: $(cat "$root/boot/firmware/cmdline.txt")" >&2; exit 1; }
cat > "$root/etc/linkedin-auto-release" <<REL
LINKEDIN_AUTO_VERSION=$version
LINKEDIN_AUTO_REVISION=$revision
LINKEDIN_AUTO_IMAGE=debian-trixie-arm64
LINKEDIN_AUTO_BUILT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
REL

step "finalize"
rm -f "$root/usr/sbin/policy-rc.d"
for ca in "${host_cas[@]}"; do rm -f "$root/usr/local/share/ca-certificates/$ca"; done
[ ${#host_cas[@]} = 0 ] || chroot "$root" update-ca-certificates --fresh >/dev/null
for ((i=${#mounts[@]}-1; i>=0; i--)); do umount --lazy "$root/${mounts[$i]}"; done
mounts=()
"$here/../finalize.sh" "$root"

step "assemble the disk image"
mkdir -p "$work/out"
boot_img=$work/boot.img root_img=$work/root.img disk=$work/out/$name.img
truncate -s "${BOOT_MIB}M" "$boot_img"
mkfs.vfat -F 32 -n BOOTFS -i "$disk_id" "$boot_img" >/dev/null
mcopy -s -p -m -i "$boot_img" "$root/boot/firmware/"* ::/
find "$root/boot/firmware" -mindepth 1 -delete
# Root: what is in it plus a quarter (and 256 MiB) of room; it grows to the card on first boot.
used_mib=$(du -s -B1M --apparent-size "$root" | cut -f1)
root_mib=$(( used_mib + used_mib / 4 + 256 ))
mkfs.ext4 -q -L rootfs -U random -E root_owner=0:0 -d "$root" "$root_img" "${root_mib}M"
start_mib=4
total_mib=$(( start_mib + BOOT_MIB + root_mib ))
truncate -s "${total_mib}M" "$disk"
sfdisk -q "$disk" <<SF
label: dos
label-id: 0x$disk_id
unit: sectors
start=$(( start_mib * 2048 )), size=$(( BOOT_MIB * 2048 )), type=c, bootable
start=$(( (start_mib + BOOT_MIB) * 2048 )), type=83
SF
dd if="$boot_img" of="$disk" bs=1M seek=$start_mib conv=notrunc,sparse status=none
dd if="$root_img" of="$disk" bs=1M seek=$(( start_mib + BOOT_MIB )) conv=notrunc,sparse status=none
[ "$(sfdisk --disk-id "$disk")" = "0x$disk_id" ] || { echo "disk id mismatch" >&2; exit 1; }

step "compress"
bmaptool -q create -o "$work/out/$name.img.bmap" "$disk" 2>/dev/null || true
raw_bytes=$(stat -c %s "$disk")
raw_sha=$(sha256sum "$disk" | cut -d' ' -f1)
xz -T0 -"$XZ_LEVEL" -f "$disk"
(cd "$work/out" && sha256sum "$name.img.xz" > "$name.img.xz.sha256")
xz_bytes=$(stat -c %s "$work/out/$name.img.xz")
python3 "$here/../imager-manifest.py" --name "LinkedIn Auto $version (Debian, Raspberry Pi 4)" \
  --image "$name.img.xz" --extract-size "$raw_bytes" --extract-sha256 "$raw_sha" \
  --download-size "$xz_bytes" --download-sha256 "$(cut -d' ' -f1 < "$work/out/$name.img.xz.sha256")" \
  --devices pi4-64bit > "$work/out/$name.rpi-imager-manifest"
mkdir -p dist
rm -f dist/linkedin-auto-*-arm64.img.xz* dist/linkedin-auto-*-arm64.img.bmap dist/linkedin-auto-*-arm64.rpi-imager-manifest
mv "$work/out/"* dist/
echo "image: dist/$name.img.xz  raw $(( raw_bytes / 1048576 )) MiB, xz $(( xz_bytes / 1048576 )) MiB, disk id 0x$disk_id, built in $(( $(date +%s) - t0 )) s"
