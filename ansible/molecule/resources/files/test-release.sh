#!/usr/bin/env bash
# Build a test release from the checkout's app/ into OUT_DIR: test-release.sh OUT_DIR next|broken
#   next:   version +.post1 and one more migration (creates table upgrade_probe)
#   broken: version +.post2, that migration and another one (upgrade_probe_broken), and an API
#           that cannot start: the upgrade must roll back
#   update: version +.post3 with next's migration: installed from the dashboard (updater unit)
set -euo pipefail
out=$1 kind=$2
app_dir=$(cd "$(dirname "$0")/../../../../app" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$app_dir" "$work/app"
find "$work/app" -name __pycache__ -prune -exec rm -rf {} +
base=$(sed -n 's/^version = "\(.*\)"$/\1/p' "$work/app/pyproject.toml")
migrations=$work/app/src/linkedin_auto/db/migrations
last=$(ls "$migrations" | grep -E '^[0-9]{4}_' | sort | tail -n1 | cut -c1-4)
probe=$(printf '%04d' $((10#$last + 1)))
echo "CREATE TABLE upgrade_probe (id INTEGER PRIMARY KEY);" > "$migrations/${probe}_upgrade_probe.sql"
case "$kind" in
  next) version=$base.post1 ;;
  update) version=$base.post3 ;;
  broken)
    version=$base.post2
    echo "CREATE TABLE upgrade_probe_broken (id INTEGER PRIMARY KEY);" > "$migrations/$(printf '%04d' $((10#$probe + 1)))_upgrade_probe_broken.sql"
    sed -i '0,/^import /s//raise RuntimeError("this test release cannot serve the API")\nimport /' "$work/app/src/linkedin_auto/api/server.py"
    ;;
  *) echo "next, broken or update" >&2; exit 2 ;;
esac
sed -i "s/^version = \"$base\"$/version = \"$version\"/" "$work/app/pyproject.toml"
mkdir -p "$out"
python3 -m pip wheel --quiet --disable-pip-version-check --no-deps -w "$out" "$work/app" >&2
ls "$out"/linkedin_auto-"$version"-*.whl
