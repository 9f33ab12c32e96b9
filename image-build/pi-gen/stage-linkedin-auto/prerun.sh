#!/bin/bash -e
# Start from stage2's root file system (Raspberry Pi OS Lite with cloud-init).
if [ ! -d "${ROOTFS_DIR}" ]; then
	copy_previous
fi
