#!/usr/bin/env bash
# dashboard/lib/api-types.ts from the API's OpenAPI schema (openapi-typescript: types only).
# --check: fail, showing the difference, when the committed file is not what the app publishes.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
python=${PYTHON:-$root/.venv/bin/python}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$python" "$root/scripts/dump-openapi.py" "$tmp/openapi.json" >/dev/null
cd "$root/dashboard"
[ -x node_modules/.bin/openapi-typescript ] || npm ci --no-audit --no-fund --loglevel=error
node_modules/.bin/openapi-typescript "$tmp/openapi.json" -o "$tmp/api-types.ts" >/dev/null 2>&1

if [ "${1:-}" = "--check" ]; then
  if ! cmp -s "$tmp/api-types.ts" lib/api-types.ts; then
    echo "dashboard/lib/api-types.ts does not match the API's schema: run 'make api-types'" >&2
    diff -u lib/api-types.ts "$tmp/api-types.ts" | head -40 >&2 || true
    exit 1
  fi
else
  cp "$tmp/api-types.ts" lib/api-types.ts
fi
