#!/usr/bin/env bash
# The devices install app/requirements.lock with pip and no compiler: every locked package must
# have a binary wheel (with a locked hash) for each target. Targets: Raspberry Pi OS / Debian
# trixie (Python 3.13) and bookworm (Python 3.11), on arm64 and x86_64.
set -euo pipefail
cd "$(dirname "$0")/.."
pip=${PIP:-.venv/bin/pip}
lock=${1:-app/requirements.lock}
dest=$(mktemp -d)
trap 'rm -rf "$dest"' EXIT
status=0
for arch in aarch64 x86_64; do
  # Debian 12 has glibc 2.36: any manylinux wheel up to 2_36 runs there (and on trixie's 2.41).
  platforms=()
  for glibc in 17 24 26 27 28 31 34 35 36; do platforms+=(--platform "manylinux_2_${glibc}_${arch}"); done
  platforms+=(--platform "manylinux2014_${arch}" --platform "linux_${arch}")
  for python in 3.11 3.13; do
    abi=cp${python/./}
    if "$pip" download --quiet --disable-pip-version-check --only-binary=:all: --no-deps \
        "${platforms[@]}" --python-version "$python" --implementation cp \
        --abi "$abi" --abi abi3 --abi none -r "$lock" -d "$dest/$arch-$python" 2> "$dest/err"; then
      echo "$lock: binary wheels for every package on $arch, Python $python ($(ls "$dest/$arch-$python" | wc -l) wheels)"
    else
      echo "$lock: missing binary wheels on $arch, Python $python:" >&2
      grep -E '^ERROR' "$dest/err" >&2 || cat "$dest/err" >&2
      status=1
    fi
  done
done
exit $status
