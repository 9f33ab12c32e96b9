#!/usr/bin/env bash
# Fill the pi-gen stage's files/ with what its run script applies: the Ansible roles, the
# release from `make dist`, the finalize script, the controller's requirements, the revision.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
files=$repo/image-build/pi-gen/stage-linkedin-auto/00-linkedin-auto/files
ls "$repo"/dist/linkedin_auto-*.whl >/dev/null 2>&1 || { echo "run make dist first" >&2; exit 1; }
rm -rf "$files" && mkdir -p "$files/dist"
cp -r "$repo/ansible" "$files/ansible"
rm -rf "$files/ansible/molecule"
cp "$repo"/dist/linkedin_auto-*.whl "$repo/dist/requirements.lock" "$files/dist/"
cp "$repo/image-build/finalize.sh" "$files/"
cp "$repo/ansible/requirements.txt" "$files/ansible-requirements.txt"
git -C "$repo" rev-parse --short=12 HEAD > "$files/revision"
echo "pi-gen stage ready: $files"
