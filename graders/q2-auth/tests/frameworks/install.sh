#!/usr/bin/env bash
# Installs what the Q2 fairness corpus (graders/q2-auth/tests/frameworks.rs)
# needs: the pinned PyPI packages of every Python server, and the locked
# node_modules of every Node server. Idempotent: run it as often as you like.
set -euo pipefail
cd "$(dirname "$0")"

# npm compiles better-sqlite3 from source when it cannot download a prebuilt
# binary: through ccache, when installed, only the machine's first compile
# takes its minute.
if [ -z "${CC:-}" ] && command -v ccache >/dev/null; then
  export CC="ccache gcc" CXX="ccache g++"
fi

for requirements in */requirements.txt; do
  echo "q2 corpus: python3 -m pip install -r $requirements"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r "$requirements"
done

# better-sqlite3 compiles from source when its prebuilt binary cannot be
# downloaded: against the installed Node headers rather than fetched ones.
if [ -z "${npm_config_nodedir:-}" ] && [ -f /usr/include/node/node.h ]; then
  export npm_config_nodedir=/usr
fi
for lock in */package-lock.json; do
  server=$(dirname "$lock")
  # `npm ci` deletes and rebuilds node_modules (a minute, compiling
  # better-sqlite3): skip it when the installed tree is the locked one and
  # every dependency, native ones included, loads.
  if [ -f "$server/node_modules/.package-lock.json" ] \
    && [ "$server/node_modules/.package-lock.json" -nt "$lock" ] \
    && (cd "$server" && npm ls --omit=dev >/dev/null 2>&1 \
      && node -e 'for (const name in require("./package.json").dependencies) require(name)'); then
    echo "q2 corpus: $server/node_modules is up to date"
    continue
  fi
  echo "q2 corpus: npm ci in $server"
  (cd "$server" && npm ci --no-audit --no-fund)
done
