#!/usr/bin/env bash
# Installs what the Q1 fairness corpus (tests/frameworks.rs) needs: each
# Python server's pinned requirements, and each Node server's locked
# node_modules. Idempotent: run it again and nothing changes. Needs python3
# with pip, and node with npm (better-sqlite3 12 builds on Node 20).
set -euo pipefail
cd "$(dirname "$0")"

# npm compiles better-sqlite3 from source when it cannot download a prebuilt
# binary: through ccache, when installed, only the machine's first compile
# takes its minute.
if [ -z "${CC:-}" ] && command -v ccache >/dev/null; then
  export CC="ccache gcc" CXX="ccache g++"
fi

for requirements in */requirements.txt; do
  echo "== pip install -r frameworks/$requirements"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$requirements"
done

for lock in */package-lock.json; do
  folder=$(dirname "$lock")
  echo "== npm ci in frameworks/$folder"
  # Skipped when node_modules already holds what the lock file says (npm
  # keeps a copy of it there) and better-sqlite3's native module is built,
  # so a second run takes a second instead of a rebuild.
  if [ -f "$folder/node_modules/better-sqlite3/build/Release/better_sqlite3.node" ] &&
    node "$PWD/same-packages.js" "$lock" "$folder/node_modules/.package-lock.json"; then
    echo "   node_modules matches package-lock.json"
    continue
  fi
  (cd "$folder" && npm ci --no-audit --no-fund --loglevel=error)
done
