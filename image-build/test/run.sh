#!/usr/bin/env bash
# Boot the built SD image under qemu-system-aarch64 (-M virt, cortex-a72, TCG) the way a card
# boots after Raspberry Pi Imager: a copy-on-write overlay larger than the image, an Imager-shaped
# cloud-init seed (user with an SSH key and a password, host name) written into the overlay's FAT
# partition, the image's own kernel and initrd and cmdline.txt. Then verify.yml checks it over
# SSH. The image file is never modified. Run through `make image-test`; see image-build/README.md.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
cd "$repo"
MEM_MIB=${IMAGE_TEST_MEM_MIB:-1024}
DISK_SIZE=${IMAGE_TEST_DISK:-8G}
HOSTNAME_SEED=${IMAGE_TEST_HOSTNAME:-pi-kitchen}
USER_SEED=tester
t0=$(date +%s)
step() { echo "== $(( $(date +%s) - t0 )) s: $*"; }

img_xz=$(ls -t dist/linkedin-auto-*-arm64.img.xz 2>/dev/null | head -n1 || true)
[ -n "$img_xz" ] || { echo "no dist/linkedin-auto-*-arm64.img.xz: run make image first" >&2; exit 1; }
image-build/host-deps.sh
scripts/ansible-venv.sh
(cd dist && sha256sum -c --quiet "${img_xz##*/}.sha256")

work=$(mktemp -d "${TMPDIR:-/tmp}/linkedin-auto-image-test.XXXXXX")
pidfile=$work/qemu.pid
stop_qemu() {
  if [ -f "$pidfile" ]; then
    pid=$(cat "$pidfile")
    # Only our QEMU: the one whose command line names this run's overlay.
    if tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -q "$work/overlay.qcow2"; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
      kill -9 "$pid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  fi
}
cleanup() {
  stop_qemu
  if [ -n "${KEEP_IMAGE_TEST:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT INT TERM

step "unpack $img_xz"
raw=$work/image.img
xz -dc "$img_xz" | dd of="$raw" bs=1M conv=sparse status=none
chmod a-w "$raw"
# Partition offsets from the image's own table.
read -r boot_start boot_size root_start < <(sfdisk -J "$raw" | python3 -c '
import json, sys
p = json.load(sys.stdin)["partitiontable"]["partitions"]
print(p[0]["start"] * 512, p[0]["size"] * 512, p[1]["start"] * 512)')
image_root_bytes=$(( $(stat -c %s "$raw") - root_start ))
fat="$raw@@$boot_start"

step "kernel, initrd and cmdline.txt from the FAT partition"
kernel=$(mdir -b -i "$fat" ::/ | grep -o 'vmlinuz-[^ ]*$' | sort -V | tail -n1)
initrd=$(mdir -b -i "$fat" ::/ | grep -o 'initrd.img-[^ ]*$' | sort -V | tail -n1)
[ -n "$kernel" ] && [ -n "$initrd" ] || { echo "no kernel/initrd on the FAT partition:"; mdir -i "$fat" ::/; exit 1; }
mcopy -n -i "$fat" "::/$kernel" "$work/vmlinuz"
mcopy -n -i "$fat" "::/$initrd" "$work/initrd.img"
cmdline=$(mtype -i "$fat" ::/cmdline.txt | tr -d '\r\n')
# -M virt has a PL011 at ttyAMA0, not the Pi's serial0/tty1.
cmdline="$(echo "$cmdline" | sed -E 's/(^| )console=[^ ]+//g') console=ttyAMA0"
echo "kernel $kernel, cmdline: $cmdline"

step "overlay ($DISK_SIZE) with an Imager-shaped seed on its FAT partition"
qemu-img create -q -f qcow2 -b "$raw" -F raw "$work/overlay.qcow2" "$DISK_SIZE"
ssh-keygen -q -t ed25519 -N '' -C image-test -f "$work/id_ed25519"
password_hash=$(openssl passwd -6 "seeded-Password-1")
mkdir -p "$work/seed"
cat > "$work/seed/user-data" <<UD
#cloud-config
hostname: $HOSTNAME_SEED
manage_etc_hosts: true
users:
  - name: $USER_SEED
    groups: users,adm,dialout,audio,netdev,video,plugdev,cdrom,games,input,gpio,spi,i2c,render,sudo
    shell: /bin/bash
    lock_passwd: false
    passwd: $password_hash
    sudo: ALL=(ALL) NOPASSWD:ALL
    ssh_authorized_keys:
      - $(cat "$work/id_ed25519.pub")
timezone: Europe/Paris
UD
printf 'instance-id: rpi-imager-%s\nlocal-hostname: %s\n' "$(date +%s)" "$HOSTNAME_SEED" > "$work/seed/meta-data"
# A static address on QEMU's user network (as Imager would write a network-config): cloud-init's
# file takes precedence over the image's DHCP one, and no DHCP client socket stays open.
cat > "$work/seed/network-config" <<NC
network:
  version: 2
  ethernets:
    # By name: cloud-init's networkd renderer writes Name=<this key> and drops a match: glob.
    eth0:
      addresses: [10.0.2.15/24]
      routes:
        - to: 0.0.0.0/0   # cloud-init 25.1 refuses "default" here
          via: 10.0.2.2
      nameservers:
        addresses: [10.0.2.3]
NC
# The FAT partition out of the image, the seed into it, back into the overlay (qemu-io writes
# through the qcow2 layer; the image itself stays read-only).
dd if="$raw" of="$work/boot.img" bs=1M skip=$(( boot_start / 1048576 )) count=$(( boot_size / 1048576 )) status=none
chmod u+w "$work/boot.img"
mcopy -o -i "$work/boot.img" "$work/seed/user-data" "$work/seed/meta-data" "$work/seed/network-config" ::/
qemu-io -f qcow2 -c "write -s $work/boot.img $boot_start $boot_size" "$work/overlay.qcow2" >/dev/null
rm -f "$work/boot.img"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
ssh_port=$(free_port); http_port=$(free_port)
step "boot: qemu-system-aarch64 -M virt -cpu cortex-a72 -m $MEM_MIB (ssh :$ssh_port, http :$http_port)"
boot_t=$(date +%s)
qemu-system-aarch64 -name linkedin-auto-image-test -M virt -cpu cortex-a72 -smp 2 -m "$MEM_MIB" \
  -accel tcg,thread=multi -kernel "$work/vmlinuz" -initrd "$work/initrd.img" -append "$cmdline" \
  -drive "file=$work/overlay.qcow2,format=qcow2,if=virtio" -device virtio-rng-pci \
  -netdev "user,id=n0,hostfwd=tcp:127.0.0.1:$ssh_port-:22,hostfwd=tcp:127.0.0.1:$http_port-:80" \
  -device virtio-net-pci,netdev=n0,romfile= -display none -monitor none -serial "file:$work/console.log" \
  -pidfile "$pidfile" -daemonize

ssh_opts=(-q -p "$ssh_port" -i "$work/id_ed25519" -o BatchMode=yes -o IdentitiesOnly=yes
          -o StrictHostKeyChecking=accept-new -o UserKnownHostsFile="$work/known_hosts" -o ConnectTimeout=10)
ready_s=""; ssh_s=""
for _ in $(seq 240); do
  kill -0 "$(cat "$pidfile")" 2>/dev/null || { echo "QEMU exited"; tail -n 40 "$work/console.log"; exit 1; }
  if [ -z "$ssh_s" ] && ssh "${ssh_opts[@]}" "$USER_SEED@127.0.0.1" true 2>/dev/null; then ssh_s=$(( $(date +%s) - boot_t )); fi
  if curl -fsS -o /dev/null --max-time 5 "http://127.0.0.1:$http_port/api/health?ready=1" 2>/dev/null; then
    ready_s=$(( $(date +%s) - boot_t )); break
  fi
  sleep 5
done
[ -n "$ready_s" ] || { echo "not ready after 20 min (ssh: ${ssh_s:-never})"; tail -n 60 "$work/console.log"; exit 1; }
[ -n "$ssh_s" ] || ssh_s=$ready_s
step "first boot: SSH after $ssh_s s, /api/health?ready=1 after $ready_s s"

cat > "$work/inventory.yml" <<INV
linkedin_auto:
  hosts:
    linkedin-auto-image-test:
      ansible_connection: ssh
      ansible_host: 127.0.0.1
      ansible_port: $ssh_port
      ansible_user: $USER_SEED
      ansible_ssh_private_key_file: $work/id_ed25519
      ansible_ssh_common_args: -o UserKnownHostsFile=$work/known_hosts -o IdentitiesOnly=yes
      ansible_become: true
  vars:
    image_test_dir: $work
    image_test_hostname: $HOSTNAME_SEED
    image_test_user: $USER_SEED
    image_test_ssh_port: $ssh_port
    image_test_http_port: $http_port
    image_test_root_bytes: $image_root_bytes
    image_test_pidfile: $pidfile
INV
export PATH="$repo/.venv-ansible/bin:$PATH" ANSIBLE_FORCE_COLOR=0 ANSIBLE_CONFIG=$repo/ansible/ansible.cfg
export ANSIBLE_ROLES_PATH=$repo/ansible/roles ANSIBLE_CALLBACKS_ENABLED=ansible.posix.profile_tasks
status=0
ansible-playbook -i "$work/inventory.yml" "$here/verify.yml" || status=$?
if [ $status != 0 ]; then echo "--- end of the serial console"; tail -n 40 "$work/console.log"; fi
echo "image test: $([ $status = 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - t0 )) s" \
     "(first boot to SSH $ssh_s s, to ready $ready_s s, guest RAM $MEM_MIB MiB)"
exit $status
