#!/bin/bash -e
# Host side (not in the chroot): apply ansible/site.yml to ${ROOTFS_DIR} in image build mode
# through Ansible's chroot connection, exactly as image-build/debian/build.sh and Molecule's
# `image` scenario do, then finalize. files/ is filled by image-build/pi-gen/prepare.sh:
# ansible/ (the roles), dist/ (make dist), finalize.sh, ansible-requirements.txt.
here=$(pwd)
files=${here}/files
[ -f "${files}/ansible/site.yml" ] && ls "${files}"/dist/linkedin_auto-*.whl >/dev/null \
	|| { echo "run image-build/pi-gen/prepare.sh before pi-gen" >&2; exit 1; }

# The controller: Ansible from the project's hashed requirements, in a venv outside the image.
# pi-gen's build container may lack venv support.
venv="${WORK_DIR}/ansible-venv"
python3 -c 'import ensurepip, venv' 2>/dev/null || apt-get install -y --no-install-recommends python3-venv
if [ ! -x "${venv}/bin/ansible-playbook" ]; then
	python3 -m venv "${venv}"
	"${venv}/bin/pip" install -q --require-hashes -r "${files}/ansible-requirements.txt"
fi

# What the chroot needs while the roles run (pi-gen unmounts everything under the stage's work
# folder when the stage ends); no service may start inside it.
for m in proc sys dev dev/pts; do mountpoint -q "${ROOTFS_DIR}/${m}" && continue
	case $m in proc) mount -t proc proc "${ROOTFS_DIR}/proc" ;; sys) mount -t sysfs sysfs "${ROOTFS_DIR}/sys" ;;
		*) mount --bind "/${m}" "${ROOTFS_DIR}/${m}" ;; esac
done
printf '#!/bin/sh\nexit 101\n' > "${ROOTFS_DIR}/usr/sbin/policy-rc.d"
chmod 755 "${ROOTFS_DIR}/usr/sbin/policy-rc.d"

cat > "${STAGE_WORK_DIR}/inventory.yml" <<INV
linkedin_auto:
  hosts:
    linkedin-auto-image:
      ansible_connection: community.general.chroot
      ansible_host: ${ROOTFS_DIR}
      ansible_become_method: ansible.builtin.su
  vars:
    linkedin_auto_image_build: true
    app_dist_dir: ${files}/dist
    app_requirements_lock: ${files}/dist/requirements.lock
    base_hostname: ${TARGET_HOSTNAME}
INV
ANSIBLE_CONFIG="${files}/ansible/ansible.cfg" ANSIBLE_ROLES_PATH="${files}/ansible/roles" \
	"${venv}/bin/ansible-playbook" -i "${STAGE_WORK_DIR}/inventory.yml" "${files}/ansible/site.yml"

rm -f "${ROOTFS_DIR}/usr/sbin/policy-rc.d"
version=$(basename "$(ls "${files}"/dist/linkedin_auto-*.whl | head -n1)" | cut -d- -f2)
cat > "${ROOTFS_DIR}/etc/linkedin-auto-release" <<REL
LINKEDIN_AUTO_VERSION=${version}
LINKEDIN_AUTO_REVISION=$(cat "${files}/revision")
LINKEDIN_AUTO_IMAGE=raspios-${RELEASE}-arm64
LINKEDIN_AUTO_BUILT=$(date -u +%Y-%m-%dT%H:%M:%SZ)
REL
for m in dev/pts dev sys proc; do ! mountpoint -q "${ROOTFS_DIR}/${m}" || umount --lazy "${ROOTFS_DIR}/${m}"; done
# Per-device identity, secrets, apt lists, logs: removed and asserted absent (pi-gen's
# export-image/05-finalise then writes machine-id "uninitialized" and its own issue file).
"${files}/finalize.sh" "${ROOTFS_DIR}"
