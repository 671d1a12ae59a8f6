#!/usr/bin/env bash
# What the sandbox costs (docs/security.md, docs/performance.md#sandbox):
#   1. one sandboxed start: `bwrap ... prlimit ... true` as the kit builds
#      it (the arguments of crates/harness/src/sandbox/bubblewrap.rs for a
#      service), against `prlimit ... true` alone;
#   2. a warm Q1 grading of the reference solution, sandboxed (the default)
#      against --sandbox off.
# Needs hyperfine and bubblewrap (apt-get install hyperfine bubblewrap).
# A benchmark, not a test: nothing runs it automatically.
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${RUNS:-10}

cargo build --release -q -p kit
kit=target/release/kit

limits=(--data=2147483648:2147483648 --nproc=256:256 --fsize=536870912:536870912 --cpu=900:900)
root_caps=()
[ "$(id -u)" = 0 ] && root_caps=(--cap-drop ALL)
bwrap_args=(--unshare-user --unshare-pid --unshare-ipc --unshare-uts --unshare-cgroup-try
  --die-with-parent --hostname sandbox "${root_caps[@]}"
  --symlink usr/bin /bin --symlink usr/sbin /sbin --symlink usr/lib /lib --symlink usr/lib64 /lib64
  --ro-bind /usr /usr --dir /etc --ro-bind-try /etc/passwd /etc/passwd --ro-bind-try /etc/ld.so.cache /etc/ld.so.cache
  --proc /proc --dev /dev --size 268435456 --tmpfs /tmp --size 268435456 --tmpfs /var/tmp
  --chdir /tmp --)

echo "== one start: sandboxed vs plain (hyperfine, $runs runs each after 3 warm-ups)"
hyperfine --warmup 3 --runs "$((runs * 5))" -N \
  "prlimit ${limits[*]} -- true" \
  "bwrap ${bwrap_args[*]} prlimit ${limits[*]} -- true"

echo "== a warm Q1 grading of the reference solution: sandboxed vs --sandbox off"
# Warm both the build and the kit-private cargo home first.
"$kit" grade q1 solutions/q1-products --no-signals --format json --out /dev/null
"$kit" grade q1 solutions/q1-products --no-signals --sandbox off --format json --out /dev/null 2>/dev/null
hyperfine --warmup 1 --runs "$runs" \
  "$kit grade q1 solutions/q1-products --no-signals --sandbox off --format json --out /dev/null" \
  "$kit grade q1 solutions/q1-products --no-signals --format json --out /dev/null"
