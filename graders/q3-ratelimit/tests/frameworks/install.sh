#!/usr/bin/env bash
# Installs what the Q3 fairness corpus (graders/q3-ratelimit/tests/frameworks.rs)
# grades: each Python server's pinned requirements into the python3 on PATH,
# and each Node server's locked dependencies into its own node_modules.
# Idempotent: run it again and nothing changes. Needs python3 with pip, and
# node with npm (a server whose tool is missing is skipped by the tests,
# except under CI).
set -euo pipefail
cd "$(dirname "$0")"

for requirements in */requirements.txt; do
  echo "q3 fairness corpus: pip install -r $requirements"
  python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --requirement "$requirements"
done

for lock in */package-lock.json; do
  server="$(dirname "$lock")"
  echo "q3 fairness corpus: npm ci in $server"
  (cd "$server" && npm ci --no-audit --no-fund --loglevel=error)
done
