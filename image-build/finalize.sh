#!/usr/bin/env bash
# Remove from an image root what must be unique to each device or is only build debris, then
# assert none of it is left. Shared by both builders: image-build/finalize.sh ROOT
set -euo pipefail
root=${1:?usage: finalize.sh ROOT}
[ -x "$root/usr/bin/systemctl" ] || { echo "$root is not a root file system" >&2; exit 2; }
cd "$root"
# Identity: "uninitialized" makes the device's first boot a first boot for systemd: it generates
# the machine-id, and cloud-init (or openssh's sshd-keygen.service) the SSH host keys.
# /var/lib/dbus/machine-id is a link to it on Debian.
echo uninitialized > etc/machine-id
[ -L var/lib/dbus/machine-id ] || rm -f var/lib/dbus/machine-id
rm -f etc/ssh/ssh_host_*
rm -f var/lib/systemd/random-seed var/lib/systemd/credential.secret
# Secrets and the setup code are made by the app on its first start.
rm -f etc/linkedin-auto/secrets.env var/lib/linkedin-auto/setup-code
# apt's lists and caches, logs, temporary files, build-time homes.
find var/lib/apt/lists -mindepth 1 -maxdepth 1 ! -name partial ! -name lock -exec rm -rf {} +
rm -f var/cache/apt/*.bin var/cache/apt/archives/*.deb var/cache/apt/archives/partial/*
rm -f var/cache/debconf/*-old var/lib/dpkg/*-old
find var/log -type f -delete
rm -rf var/lib/cloud/* tmp/* var/tmp/* root/.cache root/.ansible root/.bash_history root/.wget-hsts

left=()
for f in etc/ssh/ssh_host_* etc/linkedin-auto/secrets.env var/lib/linkedin-auto/setup-code \
         var/lib/systemd/random-seed var/cache/apt/*.bin var/cache/apt/archives/*.deb; do
  [ ! -e "$f" ] || left+=("/$f")
done
[ "$(cat etc/machine-id)" = uninitialized ] || left+=("/etc/machine-id (initialized)")
[ -z "$(find var/lib/apt/lists -mindepth 1 -maxdepth 1 ! -name partial ! -name lock -print -quit)" ] || left+=("/var/lib/apt/lists/*")
[ -z "$(find var/log -type f -print -quit)" ] || left+=("$(find var/log -type f | head -n3)")
[ -z "$(find var/lib/cloud -mindepth 1 -print -quit 2>/dev/null)" ] || left+=("/var/lib/cloud/*")
if [ ${#left[@]} -gt 0 ]; then
  printf 'finalize: still in the image: %s\n' "${left[@]}" >&2
  exit 1
fi
echo "finalize: no machine-id, host keys, secrets, apt lists or caches, logs left in $root"
